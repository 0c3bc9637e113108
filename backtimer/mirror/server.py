"""The mirror's web server: one page and a live stream, on the app's event loop.

aiohttp serves it and aiohttp-sse writes the stream (server-sent events: the
browser's EventSource reconnects by itself, which is what a phone coming back
from a locked screen needs). Everything runs on the loop the Textual app already
runs on; nothing here waits for a viewer on the session's behalf:

- `publish` only puts the new picture in each viewer's small queue; a viewer
  whose queue is full, or whose socket takes longer than `SEND_TIMEOUT` to
  accept a message, is dropped (its page reconnects if it can).
- Every path starts with the session's token; anything else is 403 and shows
  nothing. Bad requests are 4xx with one sentence; an unexpected error is a 500
  reported to the app, never a traceback on the terminal.

Imported only when a mirror is asked for.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources

from backtimer.mirror.snapshot import Snapshot
from backtimer.mirror.web import EventSourceResponse, web

MAX_VIEWERS = 5
QUEUE = 8  # pictures waiting for one viewer before it counts as too slow
SEND_TIMEOUT = 2.0  # seconds one message may take to go out
HEARTBEAT = 3.0  # seconds between clock messages while nothing changes
RETRY_MS = 1000  # the browser reconnects this soon after losing the stream
MAX_BODY = 1024
ACTIONS = ("pause", "resume", "skip", "back", "rep", "pain")
ASSETS = {
    "": ("index.html", "text/html"),
    "page.css": ("page.css", "text/css"),
    "page.js": ("page.js", "text/javascript"),
    "icon.svg": ("icon.svg", "image/svg+xml"),
}
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
}

# What the app answers a command with: None when done, else why not (409).
Command = Callable[[str, int | None], Awaitable[str | None]]


@dataclass(eq=False)
class _Viewer:
    queue: asyncio.Queue[Snapshot | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE)
    )
    request: web.Request | None = None


class MirrorServer:
    """Serves one session; `current()` is its picture now, `command` its keys."""

    def __init__(
        self,
        sock: socket.socket,
        token: str,
        *,
        current: Callable[[], Snapshot],
        command: Command,
        clock: Callable[[], float],
        on_viewers: Callable[[int, bool], None] = lambda count, joined: None,
        on_error: Callable[[BaseException], None] = lambda error: None,
        max_viewers: int = MAX_VIEWERS,
    ) -> None:
        self._sock = sock
        self._token = token
        self._current = current
        self._command = command
        self._clock = clock
        self._on_viewers = on_viewers
        self._on_error = on_error
        self._max_viewers = max_viewers
        self._viewers: set[_Viewer] = set()
        self._last: Snapshot | None = None
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._assets = {
            name: (resources.files("backtimer.mirror").joinpath("page", file).read_bytes(), kind)
            for name, (file, kind) in ASSETS.items()
        }
        self.app = self._make_app()
        self.dropped = 0  # viewers dropped for being too slow

    # -- the app's side ---------------------------------------------------------

    @property
    def viewers(self) -> int:
        return len(self._viewers)

    async def start(self) -> None:
        runner = web.AppRunner(
            self.app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await runner.setup()
        await web.SockSite(runner, self._sock).start()
        self._runner = runner

    def publish(self, picture: Snapshot) -> None:
        """Hand the session's new picture to every viewer, without waiting for
        any; identical pictures are sent once."""
        if picture == self._last:
            return
        self._last = picture
        for viewer in list(self._viewers):
            try:
                viewer.queue.put_nowait(picture)
            except asyncio.QueueFull:
                self._drop(viewer)

    async def close(self) -> None:
        """End every stream and stop listening."""
        self._closing = True
        for viewer in list(self._viewers):
            self._end(viewer)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- the web side -----------------------------------------------------------

    def _make_app(self) -> web.Application:
        app = web.Application(
            middlewares=[self._guard], client_max_size=MAX_BODY, handler_args={"access_log": None}
        )
        prefix = f"/{self._token}"
        app.router.add_get(prefix, self._slash)
        app.router.add_get(prefix + "/", self._asset)
        for name in ASSETS:
            if name:
                app.router.add_get(f"{prefix}/{name}", self._asset)
        app.router.add_get(prefix + "/events", self._events)
        app.router.add_get(prefix + "/state", self._state)
        app.router.add_post(prefix + "/command", self._do)
        return app

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """The token first: without it, 403 and nothing else, whatever the path.
        Then no traceback ever leaves a handler."""
        first = request.path.lstrip("/").split("/", 1)[0]
        if not hmac.compare_digest(first.encode(), self._token.encode()):
            return _plain(403, "This page needs the address shown on the computer, with its code.")
        try:
            response = await handler(request)
        except web.HTTPException as error:
            if error.status >= 400 and not error.text:
                error.text = error.reason
            raise
        except (asyncio.CancelledError, ConnectionResetError):
            raise
        except Exception as error:
            self._on_error(error)
            return _plain(500, "Something went wrong on the computer; the session goes on.")
        if not isinstance(response, EventSourceResponse) and not response.prepared:
            response.headers.update(HEADERS)
        return response

    async def _slash(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"/{self._token}/")

    async def _asset(self, request: web.Request) -> web.StreamResponse:
        name = request.path.split("/", 2)[2]
        body, kind = self._assets[name]
        return web.Response(body=body, content_type=kind, charset="utf-8")

    async def _state(self, request: web.Request) -> web.StreamResponse:
        return web.json_response({**self._current(), "now": self._clock()})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        if self._closing:
            return _plain(503, "The session is over.")
        if len(self._viewers) >= self._max_viewers:
            return _plain(503, f"At most {self._max_viewers} viewers at once; close another page.")
        viewer = _Viewer(request=request)
        self._viewers.add(viewer)
        self._on_viewers(len(self._viewers), True)
        response = EventSourceResponse(
            send_timeout=SEND_TIMEOUT,
            ping_interval=60.0,
            headers={k: v for k, v in HEADERS.items() if k != "Cache-Control"},
        )
        try:
            await response.prepare(request)
            # The first message is the state now, and tells the page how soon to
            # come back should the stream break.
            await response.send(self._message(self._current()), event="state", retry=RETRY_MS)
            while True:
                try:
                    picture = await asyncio.wait_for(viewer.queue.get(), HEARTBEAT)
                except TimeoutError:
                    await response.send(json.dumps({"now": self._clock()}), event="clock")
                    continue
                if picture is None:
                    break
                await response.send(self._message(picture), event="state")
        except (ConnectionResetError, TimeoutError, OSError):
            pass  # gone, or too slow: dropped; the page comes back if it can
        finally:
            self._viewers.discard(viewer)
            self._on_viewers(len(self._viewers), False)
        return response

    async def _do(self, request: web.Request) -> web.StreamResponse:
        if (request.content_length or 0) > MAX_BODY:
            # Said at once, without waiting for a body that may never come.
            return _problem(413, "A command is a few bytes of JSON.")
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return _problem(400, 'The command must be JSON, such as {"do": "pause"}.')
        if not isinstance(body, dict) or set(body) - {"do", "pain"}:
            return _problem(400, 'A command is {"do": ACTION} (and "pain" for a pain stop).')
        action = body.get("do")
        if action not in ACTIONS:
            return _problem(400, f"Unknown command; the commands are {', '.join(ACTIONS)}.")
        pain = body.get("pain")
        if pain is not None and (
            action != "pain" or isinstance(pain, bool) or not isinstance(pain, int)
        ):
            return _problem(400, "pain is a whole number from 0 to 10, and only for a pain stop.")
        if pain is not None and not 0 <= pain <= 10:
            return _problem(400, "pain is a whole number from 0 to 10.")
        refused = await self._command(action, pain)
        if refused is not None:
            return _problem(409, refused)
        return web.json_response({"ok": True, "state": {**self._current(), "now": self._clock()}})

    def _message(self, picture: Snapshot) -> str:
        return json.dumps({**picture, "now": self._clock()}, separators=(",", ":"))

    def _drop(self, viewer: _Viewer) -> None:
        """Too slow: cut its connection now (a write it is stuck in fails)."""
        self.dropped += 1
        self._end(viewer)
        request = viewer.request
        if request is not None and request.transport is not None:
            request.transport.abort()

    def _end(self, viewer: _Viewer) -> None:
        while not viewer.queue.empty():
            viewer.queue.get_nowait()
        viewer.queue.put_nowait(None)


def _plain(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text + "\n", headers=HEADERS)


def _problem(status: int, text: str) -> web.Response:
    return web.json_response({"ok": False, "error": text}, status=status, headers=HEADERS)
