"""The mirror joined to the real app (Textual's pilot): the address box, what a
viewer and the page's buttons do to the session, and what the terminal says."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from backtimer.engine.types import Status
from backtimer.mirror.address import prepare
from backtimer.ui.app import BacktimerApp, create_app
from backtimer.ui.screens.end import EndScreen
from backtimer.ui.screens.mirror import MirrorScreen
from tests.engine.fakes import FakeClock
from tests.ui.helpers import Recorder, advance, hold, reps, routine

SIZE = (100, 34)


def said(app: BacktimerApp) -> list[str]:
    """What the terminal said: on the session screen's notice line, or in a toast."""
    screen = app._session_screen
    lines = [text for text, _ in screen._notices] if screen is not None else []
    lines += [text for text, _ in screen._early_notices] if screen is not None else []
    return lines + [str(n.message) for n in app._notifications]


async def _mirrored(app: BacktimerApp, pilot) -> TestClient[Any, Any]:
    for _ in range(50):
        if app.mirror is not None:
            break
        await pilot.pause(0.02)
    assert app.mirror is not None
    client = TestClient(TestServer(app.mirror.server.app))
    await client.start_server()
    return client


async def test_the_address_box_shows_until_a_viewer_connects() -> None:
    clock = FakeClock()
    plan = prepare("127.0.0.1:0")
    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=clock, checkin=False, mirror=plan)
    async with app.run_test(size=SIZE) as pilot:
        client = await _mirrored(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, MirrorScreen)
        box = app.screen
        assert plan.url in str(box.query_one("#mirror-url").render())
        assert f"--mirror 0.0.0.0:{plan.port}" in plan.reach
        stream = await client.get(f"/{plan.token}/events")
        first = await stream.content.readuntil(b"\r\n\r\n")
        assert b"event: state" in first
        await pilot.pause()
        assert not isinstance(app.screen, MirrorScreen)
        assert "A viewer connected (1 watching)" in said(app)
        stream.close()
        await client.close()


async def test_the_pages_buttons_go_through_the_keys_commands_and_are_said() -> None:
    clock = FakeClock()
    app = create_app(
        routine(hold(hold=20.0, ready=0.0), reps("Crunches", reps=3, ready=0.0)),
        clock=clock,
        checkin=False,
        mirror=prepare("127.0.0.1:0"),
    )
    async with app.run_test(size=SIZE) as pilot:
        client = await _mirrored(app, pilot)
        token = app.mirror.server._token  # type: ignore[union-attr]
        await pilot.press("escape")  # the address box
        await advance(app, clock, pilot, 4.5)
        kept = app.engine.state.remaining  # type: ignore[union-attr]

        async def do(**body: object) -> int:
            answer = await client.post(f"/{token}/command", data=json.dumps(body))
            return answer.status

        assert await do(do="pause") == 200
        assert app.engine.status is Status.PAUSED  # type: ignore[union-attr]
        await advance(app, clock, pilot, 30.0)
        assert app.engine.state.remaining == kept  # type: ignore[union-attr]
        assert "Paused from the page" in said(app)
        assert await do(do="resume") == 200
        assert app.engine.status is Status.RESUMING  # type: ignore[union-attr]
        assert await do(do="skip") == 200
        assert app.engine.state.step_index == 1  # type: ignore[union-attr]
        await advance(app, clock, pilot, 3.0)  # the get ready after the pause
        assert await do(do="rep") == 200
        assert await do(do="rep") == 200
        assert app.engine.state.rep == 3  # type: ignore[union-attr]
        assert "Rep counted from the page" in said(app)
        await client.close()


async def test_a_pain_stop_from_the_page_brings_its_score_and_is_not_asked_again() -> None:
    clock = FakeClock()
    recorder = Recorder()
    app = create_app(
        routine(hold(hold=20.0, ready=0.0)),
        clock=clock,
        checkin=False,
        listeners=[recorder],
        mirror=prepare("127.0.0.1:0"),
    )
    async with app.run_test(size=SIZE) as pilot:
        client = await _mirrored(app, pilot)
        token = app.mirror.server._token  # type: ignore[union-attr]
        await advance(app, clock, pilot, 3.0)
        answer = await client.post(f"/{token}/command", json={"do": "pain", "pain": 6})
        assert answer.status == 200
        assert (await answer.json())["state"]["ended"] is True
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert app.exit_status == "pain-stop"
        assert recorder.pain == [("after", 6)]
        assert any("because it hurts (pain 6 of 10)" in text for text in said(app))
        late = await client.post(f"/{token}/command", json={"do": "skip"})
        assert late.status == 409
        await client.close()


async def test_the_mirror_closes_with_the_app() -> None:
    plan = prepare("127.0.0.1:0")
    app = create_app(routine(hold()), clock=FakeClock(), checkin=False, mirror=plan)
    async with app.run_test(size=SIZE) as pilot:
        await _mirrored(app, pilot)
        _, writer = await asyncio.open_connection("127.0.0.1", plan.port)
        writer.close()
    # Gone once the app is: nobody listens on the port any more.
    try:
        await asyncio.open_connection("127.0.0.1", plan.port)
    except OSError:
        pass
    else:
        raise AssertionError("the mirror still listens after the app closed")
