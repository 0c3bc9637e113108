"""The mirror's web server through aiohttp's own test client: the token, the
stream, the commands, and every bad request a browser or a stranger can send."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from backtimer.engine.engine import Engine
from backtimer.engine.timeline import plan
from backtimer.engine.types import Status
from backtimer.mirror import server as server_module
from backtimer.mirror.server import MirrorServer
from backtimer.mirror.snapshot import snapshot
from backtimer.routine.model import Routine
from tests.engine.builders import hold_step, reps_step, routine
from tests.engine.fakes import FakeClock

TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWX"


class Session:
    """An engine on a fake clock, and commands as the app would run them."""

    def __init__(self, r: Routine) -> None:
        self.clock = FakeClock(50.0)
        self.engine = Engine(plan(r), r, self.clock)
        self.engine.start()
        self.errors: list[BaseException] = []
        self.viewers: list[tuple[int, bool]] = []

    def current(self) -> dict[str, object]:
        return snapshot(self.engine.state, self.engine.routine, self.clock(), total=60.0)

    async def command(self, action: str, pain: int | None) -> str | None:
        engine = self.engine
        paused = engine.status is Status.PAUSED
        if (action == "pause" and not paused) or (action == "resume" and paused):
            engine.toggle_pause()
        elif action == "skip":
            engine.skip()
        elif action == "back":
            engine.back()
        elif action == "rep":
            phase = engine.state.phase
            if phase is None or not phase.waits:
                return "Nothing to count now: this part is timed."
            engine.count_rep()
        elif action == "pain":
            engine.stop("pain")
        return None


@asynccontextmanager
async def serving(
    session: Session, **kw: object
) -> AsyncIterator[tuple[MirrorServer, TestClient[Any, Any]]]:
    sock = socket.socket()  # the real server's socket; the test server has its own
    mirror = MirrorServer(
        sock,
        TOKEN,
        current=session.current,
        command=session.command,
        clock=session.clock,
        on_viewers=lambda count, joined: session.viewers.append((count, joined)),
        on_error=session.errors.append,
        **kw,  # type: ignore[arg-type]
    )
    client = TestClient(TestServer(mirror.app))
    await client.start_server()
    try:
        yield mirror, client
    finally:
        await mirror.close()
        await client.close()
        sock.close()


async def first_event(response: ClientResponse) -> dict[str, str]:
    """The fields of the stream's next event."""
    fields: dict[str, str] = {}
    while True:
        raw = await asyncio.wait_for(response.content.readline(), 5)
        assert raw, "the stream ended"
        line = raw.decode().rstrip("\r\n")
        if not line:
            if fields:
                return fields
            continue
        name, _, value = line.partition(": ")
        fields[name] = value


async def test_without_the_token_everything_is_403_and_shows_nothing() -> None:
    async with serving(Session(routine(hold_step()))) as (_, client):
        for path in ("/", "/events", "/command", "/WRONGTOKEN/", f"/{TOKEN[:-1]}/events"):
            answer = await client.get(path)
            assert answer.status == 403, path
            body = await answer.text()
            assert "Knee" not in body and "<html" not in body
        answer = await client.post("/x/command", json={"do": "pause"})
        assert answer.status == 403


async def test_with_the_token_the_page_and_its_assets_are_served() -> None:
    async with serving(Session(routine(hold_step()))) as (_, client):
        page = await client.get(f"/{TOKEN}/")
        assert page.status == 200
        assert page.content_type == "text/html"
        html = await page.text()
        assert 'src="page.js"' in html and 'href="page.css"' in html
        assert "http" not in html.replace("http-equiv", "")  # nothing from elsewhere
        assert "default-src 'none'" in page.headers["Content-Security-Policy"]
        assert page.headers["Referrer-Policy"] == "no-referrer"
        for name, kind in (("page.js", "text/javascript"), ("page.css", "text/css")):
            asset = await client.get(f"/{TOKEN}/{name}")
            assert asset.status == 200 and asset.content_type == kind
            assert "://" not in await asset.text()  # no CDN, no web font
        bare = await client.get(f"/{TOKEN}", allow_redirects=False)
        assert bare.status == 302 and bare.headers["Location"] == f"/{TOKEN}/"


async def test_the_streams_first_message_is_the_state_now() -> None:
    session = Session(routine(hold_step("Knee to chest", hold=20.0)))
    session.clock.advance(7.0)
    session.engine.update()
    async with serving(session) as (_, client):
        stream = await client.get(f"/{TOKEN}/events")
        assert stream.status == 200
        assert stream.content_type == "text/event-stream"
        event = await first_event(stream)
        assert event["event"] == "state"
        assert event["retry"] == "1000"  # back within a second after a break
        picture = json.loads(event["data"])
        now = picture.pop("now")
        assert now == session.clock()
        assert picture == session.current()
        assert picture["name"] == "Knee to chest" and picture["title"] == "HOLD"
        assert session.viewers == [(1, True)]
        stream.close()


async def test_a_new_picture_reaches_every_viewer_once() -> None:
    session = Session(routine(hold_step(hold=20.0)))
    async with serving(session) as (mirror, client):
        streams = [await client.get(f"/{TOKEN}/events") for _ in range(2)]
        for stream in streams:
            await first_event(stream)
        assert mirror.viewers == 2
        session.engine.toggle_pause()
        mirror.publish(session.current())
        mirror.publish(session.current())  # the same picture: not sent again
        session.engine.toggle_pause()
        mirror.publish(session.current())
        for stream in streams:
            assert json.loads((await first_event(stream))["data"])["status"] == "paused"
            assert json.loads((await first_event(stream))["data"])["status"] == "resuming"
            stream.close()


async def test_commands_change_the_engine() -> None:
    session = Session(routine(hold_step("One", hold=20.0), reps_step("Crunches", reps=3)))
    session.clock.advance(6.0)
    session.engine.update()
    async with serving(session) as (_, client):
        answer = await client.post(f"/{TOKEN}/command", json={"do": "pause"})
        assert answer.status == 200
        body = await answer.json()
        assert body["ok"] is True and body["state"]["status"] == "paused"
        assert session.engine.status is Status.PAUSED
        again = await client.post(f"/{TOKEN}/command", json={"do": "pause"})
        assert again.status == 200 and session.engine.status is Status.PAUSED  # not a toggle
        await client.post(f"/{TOKEN}/command", json={"do": "resume"})
        assert session.engine.status is Status.RESUMING
        refused = await client.post(f"/{TOKEN}/command", json={"do": "rep"})
        assert refused.status == 409
        assert "timed" in (await refused.json())["error"]
        await client.post(f"/{TOKEN}/command", json={"do": "skip"})
        assert session.engine.state.step_index == 1
        session.clock.advance(10.0)
        session.engine.update()
        counted = await client.post(f"/{TOKEN}/command", json={"do": "rep"})
        assert counted.status == 200
        assert session.engine.state.rep == 2
        stopped = await client.post(f"/{TOKEN}/command", json={"do": "pain", "pain": 6})
        assert stopped.status == 200
        assert session.engine.status is Status.STOPPED


async def test_bad_requests_are_4xx_with_one_sentence_and_no_traceback() -> None:
    session = Session(routine(hold_step()))
    async with serving(session) as (_, client):
        url = f"/{TOKEN}/command"
        cases = [
            (b"not json", 400),
            (b"[1, 2]", 400),
            (json.dumps({"do": "explode"}).encode(), 400),
            (json.dumps({"do": "pause", "extra": 1}).encode(), 400),
            (json.dumps({"do": "pain", "pain": 11}).encode(), 400),
            (json.dumps({"do": "pain", "pain": "7"}).encode(), 400),
            (json.dumps({"do": "pain", "pain": True}).encode(), 400),
            (json.dumps({"do": "pause", "pain": 3}).encode(), 400),
            (b"\xff\xfe", 400),
            (b"{" * 5000, 413),
        ]
        for body, status in cases:
            answer = await client.post(url, data=body, headers={"Content-Type": "application/json"})
            assert answer.status == status, body[:40]
            text = await answer.text()
            assert "Traceback" not in text
            if status == 400:
                assert (await answer.json())["ok"] is False
        # A body announced as huge is refused at once, not after waiting for it.
        reader, writer = await asyncio.open_connection("127.0.0.1", client.port)
        writer.write(
            f"POST {url} HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n{{".encode()
        )
        await writer.drain()
        first_line = await asyncio.wait_for(reader.readline(), 2)
        assert b" 413 " in first_line
        writer.close()
        assert (await client.get(url)).status == 405
        assert (await client.get(f"/{TOKEN}/nothing-here")).status == 404
        assert (await client.post(f"/{TOKEN}/events")).status == 405
        assert session.errors == []
        assert session.engine.status is Status.RUNNING


async def test_an_unexpected_error_is_a_500_and_told_to_the_app() -> None:
    session = Session(routine(hold_step()))

    async def broken(action: str, pain: int | None) -> str | None:
        raise RuntimeError("disk on fire")

    session.command = broken  # type: ignore[method-assign]
    async with serving(session) as (_, client):
        answer = await client.post(f"/{TOKEN}/command", json={"do": "skip"})
        assert answer.status == 500
        assert "Traceback" not in await answer.text()
        assert [str(e) for e in session.errors] == ["disk on fire"]


async def test_at_most_a_handful_of_viewers() -> None:
    session = Session(routine(hold_step()))
    async with serving(session, max_viewers=2) as (mirror, client):
        streams = [await client.get(f"/{TOKEN}/events") for _ in range(2)]
        for stream in streams:
            await first_event(stream)
        third = await client.get(f"/{TOKEN}/events")
        assert third.status == 503
        assert "At most 2 viewers" in await third.text()
        streams[0].close()
        for _ in range(100):
            if mirror.viewers < 2:
                break
            await asyncio.sleep(0.01)
        fourth = await client.get(f"/{TOKEN}/events")
        assert fourth.status == 200  # a place was freed
        fourth.close()
        streams[1].close()


async def test_a_viewer_that_cannot_keep_up_is_dropped_without_waiting() -> None:
    session = Session(routine(hold_step(hold=200.0)))
    async with serving(session) as (mirror, client):
        slow = await client.get(f"/{TOKEN}/events")
        await first_event(slow)
        # More pictures than a viewer may have waiting, with no chance to send
        # any: publish never waits, and the viewer is dropped.
        for n in range(server_module.QUEUE + 1):
            session.clock.advance(1.0)
            picture = session.current()
            picture["seq"] = n
            mirror.publish(picture)
        assert mirror.dropped == 1
        for _ in range(100):
            if mirror.viewers == 0:
                break
            await asyncio.sleep(0.01)
        assert mirror.viewers == 0
        assert session.viewers[-1] == (0, False)
        slow.close()


async def test_a_heartbeat_carries_the_servers_clock(monkeypatch) -> None:
    monkeypatch.setattr(server_module, "HEARTBEAT", 0.05)
    session = Session(routine(hold_step()))
    async with serving(session) as (_, client):
        stream = await client.get(f"/{TOKEN}/events")
        await first_event(stream)
        session.clock.advance(3.0)
        beat = await first_event(stream)
        assert beat["event"] == "clock"
        assert json.loads(beat["data"]) == {"now": session.clock()}
        stream.close()
