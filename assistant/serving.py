"""How the chat server meets the network: deadlines uvicorn lacks, and one boundary middleware.

- uvicorn 0.54 closes an idle keep-alive connection, but waits for ever on a request whose headers (or body)
  stop coming, and httptools takes headers of any size: `uvicorn_module` gives Chainlit's `run_chainlit` a
  uvicorn whose connections must complete their headers within `chat.header_timeout` seconds and within
  MAX_HEADER_BYTES, and that sends no `server` header (the request timeouts asked upstream in
  https://github.com/Kludex/uvicorn/issues/157 are not in uvicorn 0.54).
- `Boundary` (ASGI middleware): a body whose next chunk does not come within `chat.body_timeout` seconds is a
  408; JSON routes take JSON only (415); cookies set over HTTPS (a TLS proxy's X-Forwarded-Proto) are Secure;
  any exception that escapes a route is one log line and a JSON 500 without details, not a traceback.
- `contained`: the same for a chat turn (Chainlit 2.12.0 logs the traceback and shows the exception's text to
  the user).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from assistant.settings import ChatSettings

log = logging.getLogger("assistant")

MAX_HEADER_BYTES = 64 * 1024  # a request line and its headers; Chainlit's login cookie is cut in 3 kB chunks


def where(exc: BaseException) -> str:
    """Where an exception was raised: `folder/file.py:line`, without the absolute path."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    path = Path(frames[-1].filename)
    return f"{path.parent.name}/{path.name}:{frames[-1].lineno}"


# --- uvicorn -----------------------------------------------------------------------------------------------------


class _HeaderDeadline:
    """A connection must send a request's headers within header_timeout seconds of its first byte (or of its
    opening): else it is closed. The clock starts once per request: trickling a byte now and then does not
    reset it."""

    header_timeout: float = 10.0
    _deadline: asyncio.TimerHandle | None = None
    _header_bytes = 0  # bytes received while the deadline runs

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]

    def _arm(self) -> None:
        if self._deadline is None:
            self._header_bytes = 0
            self._deadline = self.loop.call_later(self.header_timeout, self._too_slow)  # type: ignore[attr-defined]

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():  # type: ignore[attr-defined]
            if self._header_bytes:  # a connection opened ahead and never used (browsers do) is not worth a line
                log.warning("connection closed: request headers not complete within %s s", self.header_timeout)
            self.transport.close()  # type: ignore[attr-defined]


def _protocol(header_timeout: float) -> type:
    """uvicorn's HTTP protocol (httptools when installed, as uvicorn's "auto" picks) with the header deadline."""
    try:
        import httptools  # noqa: F401
    except ImportError:
        return _h11_protocol(header_timeout)
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class Protocol(_HeaderDeadline, HttpToolsProtocol):
        def on_message_begin(self) -> None:
            self._arm()  # the next request on a kept-alive connection
            super().on_message_begin()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._deadline is not None:  # httptools has no size limit of its own
                self._header_bytes += len(data)
                if self._header_bytes > MAX_HEADER_BYTES and not self.transport.is_closing():
                    log.warning("connection closed: request headers over %d bytes", MAX_HEADER_BYTES)
                    body = b'{"error": "request headers too large"}'
                    self.transport.write(
                        b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
                        b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(body), body)
                    )
                    self.transport.close()

    Protocol.header_timeout = header_timeout
    return Protocol


def _h11_protocol(header_timeout: float) -> type:
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Protocol(_HeaderDeadline, H11Protocol):
        def data_received(self, data: bytes) -> None:
            if self.conn.their_state is h11.IDLE:
                self._arm()
                self._header_bytes += len(data)
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the request's headers are in
                self._disarm()

    Protocol.header_timeout = header_timeout
    return Protocol


def uvicorn_module(chat: ChatSettings) -> Any:
    """The `uvicorn` Chainlit's `run_chainlit` uses, whose Config adds the deadlines and drops `server: uvicorn`.

    Chainlit 2.12.0: `run_chainlit` builds `uvicorn.Config(...)` itself with no way to pass other options;
    replacing the name `uvicorn` in its module keeps everything else it does (nest_asyncio, its event loop,
    websocket settings, TLS files, log level).
    """
    import uvicorn

    config = functools.partial(
        uvicorn.Config,
        http=_protocol(chat.header_timeout),
        server_header=False,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,  # the same limit when h11 is the protocol
    )
    return SimpleNamespace(Config=config, Server=uvicorn.Server)


# --- the boundary middleware -----------------------------------------------------------------------------------


class _BodyTimeout(Exception):
    """The next chunk of a request's body did not come in time."""


# Routes that take something else than JSON: socket.io (its polling transport posts text/plain), the helpdesk
# login form (multipart, as the page sends it, or urlencoded), file uploads, OAuth callbacks.
NOT_JSON = re.compile(r"/ws/.*|/login|/project/file|/auth/.*")
_SECURE = re.compile(r";\s*secure\s*(?:;|$)", re.I)


class Boundary:
    """ASGI middleware: what every HTTP request meets before the app (see the module's docstring)."""

    def __init__(self, app: ASGIApp, body_timeout: Callable[[], float], root_path: Callable[[], str]) -> None:
        self.app = app
        self.body_timeout = body_timeout
        self.root_path = root_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"].removeprefix(self.root_path())
        if _has_body(scope) and not NOT_JSON.fullmatch(path) and not _is_json(scope):
            await _json_error(send, 415, "body: send application/json")
            return
        secure = scope.get("scheme") == "https"
        state = SimpleNamespace(started=False, timed_out=False, body_done=False)
        timeout = self.body_timeout()

        async def timed_receive() -> Message:
            if state.body_done:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout)
            except TimeoutError:
                state.timed_out = True
                raise _BodyTimeout from None
            state.body_done = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        async def checked_send(message: Message) -> None:
            if state.timed_out and not state.started:
                return  # the app's answer to a body it could not read: the 408 goes instead
            if message["type"] == "http.response.start":
                state.started = True
                if secure:
                    message = dict(message, headers=[_secured(h) for h in message.get("headers", [])])
            await send(message)

        request = f"{scope['method']} {scope['path'][:80]!r}"  # repr: a decoded path may hold line breaks
        try:
            await self.app(scope, timed_receive, checked_send)
        except Exception as exc:
            from starlette.requests import ClientDisconnect

            if isinstance(exc, ClientDisconnect):  # nobody is left to answer
                log.warning("request %s: the client left before sending its whole body", request)
                return
            if not isinstance(exc, _BodyTimeout):
                log.error("request %s failed: %s at %s", request, type(exc).__name__, where(exc))
                if not state.started:
                    await _json_error(send, 500, "internal error")
                return
        if state.timed_out:
            log.warning("request %s: body not received within %s s", request, timeout)
            if not state.started:
                await _json_error(send, 408, "body: not received in time", close=True)


def _has_body(scope: Scope) -> bool:
    if scope["method"] not in ("POST", "PUT", "PATCH", "DELETE"):
        return False
    headers = dict(scope["headers"])
    return headers.get(b"content-length", b"0").strip() not in (b"0", b"") or b"transfer-encoding" in headers


def _is_json(scope: Scope) -> bool:
    content_type = dict(scope["headers"]).get(b"content-type", b"")
    return bool(content_type.split(b";", 1)[0].strip().lower() == b"application/json")


def _secured(header: tuple[bytes, bytes]) -> tuple[bytes, bytes]:
    """A Set-Cookie header made Secure (Chainlit 2.12.0 sets `secure` only with CHAINLIT_COOKIE_SAMESITE=none)."""
    name, value = header
    if name.lower() == b"set-cookie" and not _SECURE.search(value.decode("latin-1")):
        return name, value + b"; Secure"
    return header


async def _json_error(send: Send, status: int, error: str, close: bool = False) -> None:
    body = json.dumps({"error": error}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:  # the rest of the request may still be on its way: the connection cannot serve another
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --- chat turns --------------------------------------------------------------------------------------------------

_FAILED = {
    "fr": "Une erreur inattendue a interrompu cette réponse. Elle est enregistrée ; vous pouvez reposer votre question.",
    "en": "An unexpected error stopped this reply. It has been logged; you can ask your question again.",
}


def contained(handler: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """A Chainlit callback whose unexpected exception is one log line (its type and place, never its text,
    which may hold what the user sent) and a plain message to the user.

    Chainlit 2.12.0 logs the traceback and sends `str(exception)` to the browser as an error message.
    """

    @functools.wraps(handler)
    async def wrapper(*args: Any) -> None:
        try:
            await handler(*args)
        except Exception as exc:
            import chainlit as cl

            from assistant import web

            log.error("chat turn failed: %s at %s", type(exc).__name__, where(exc))
            lang = web.ui_lang(getattr(cl.context.session, "language", None))
            failed = cl.Message(content=_FAILED[lang], metadata={"status": "failed", "route": "none"})
            await failed.send()  # type: ignore[no-untyped-call]  # Chainlit's API is untyped

    return wrapper
