"""Red-team review of issue 15, findings 14, 15 and 17, replayed against the real chat server (`assistant chat`).

- 14: requests that made 500s and tracebacks (an aborted body, a file name over 255 bytes, an action for an
  unknown session, a crafted answer to the eligibility check's buttons) get a clean 4xx (or a plain chat
  message) and one log line.
- 15: a request whose headers or body stop arriving is cut off (the server sets deadlines uvicorn lacks).
- 17: no `server` header; the login cookie is `Secure` over HTTPS (behind a TLS proxy); no 'unsafe-inline'
  script; JSON routes refuse other content types; each log line is written once.

Raw sockets and http.client send requests as written (half a request line, a body that stops).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import socket
import time
from collections.abc import Iterator
from contextlib import closing
from typing import Any
from urllib.parse import urlsplit

import pytest

from assistant.settings import Settings
from tests.chatclient import ChatClient
from tests.chatserver import STAFF_NAME, STAFF_PASSWORD, ChatServer, chat_server

pytestmark = pytest.mark.slow

ELIGIBILITY = "Éligibilité"
BOUND = 60.0  # seconds: a generous bound for the server to act (the machine is shared), never a speed claim
DEADLINE = 2  # the header and body deadlines of this module's server, in seconds
CRAFTED = "valeur-fabriquee-xyz"  # a value no button offers: it must never come back to the client
# A line of the app's logger written by the root logger's handler (Chainlit's CLI format).
ROOT_FORMAT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d - [A-Z]+ - assistant(?:\.\w+)* - ")


@pytest.fixture(scope="module")
def server(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    env = {"ASSISTANT_CHAT__HEADER_TIMEOUT": str(DEADLINE), "ASSISTANT_CHAT__BODY_TIMEOUT": str(DEADLINE)}
    with chat_server(built.paths.index_dir, tmp_path_factory.mktemp("hardening"), env=env) as running:
        yield running


@pytest.fixture(scope="module")
def cookie(server: ChatServer) -> str:
    """An anonymous applicant's login cookie, as any page load gives one."""
    answered = call(server, "GET", "/")
    assert answered.status == 200
    return "; ".join(c.split(";", 1)[0] for c in answered.cookies)


class Answered:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.body = response.read()
        self.headers = {k.lower(): v for k, v in response.getheaders()}
        self.cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    server: ChatServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answered:
    url = urlsplit(server.base)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=BOUND)
    with closing(connection):
        connection.request(method, path, body=body, headers=headers or {})
        return Answered(connection.getresponse())


def raw(server: ChatServer) -> socket.socket:
    url = urlsplit(server.base)
    sock = socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), timeout=BOUND)
    return sock


def read_until_closed(sock: socket.socket) -> bytes:
    """What the server sends until it closes the connection (socket.timeout after BOUND seconds of silence)."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def log_mark(server: ChatServer) -> int:
    return server.log.stat().st_size


def log_since(server: ChatServer, mark: int, *wait_for: str) -> str:
    """The server's log written after mark; with wait_for, once one of these texts shows up (bounded wait)."""
    deadline = time.monotonic() + BOUND
    while True:
        with server.log.open("rb") as log:
            log.seek(mark)
            text = log.read().decode("utf-8", "replace")
        if not wait_for or any(w in text for w in wait_for) or time.monotonic() > deadline:
            return text
        time.sleep(0.2)


def no_traceback(text: str) -> None:
    assert "Traceback" not in text, text[-3000:]
    assert "/site-packages/" not in text and "/assistant/" not in text, text[-3000:]


# --- 14: no 500, no traceback ----------------------------------------------------------------------------------


def test_an_aborted_body_is_one_log_line(server: ChatServer) -> None:
    mark = log_mark(server)
    with closing(raw(server)) as sock:
        sock.sendall(
            b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"question": "Qui'
        )
    text = log_since(server, mark, "/api/ask", "Traceback")
    time.sleep(1)  # a traceback's lines (or a second line) would follow at once
    text = log_since(server, mark)
    no_traceback(text)
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and "/api/ask" in lines[0], text[-3000:]
    assert call(server, "GET", "/health").status == 200


LONG = "a" * 300  # one path segment over NAME_MAX (255 bytes): the file system's ENAMETOOLONG


@pytest.mark.parametrize(
    "path",
    [f"/public/{LONG}", f"/public/elements/{LONG}.jsx", f"/storage/{LONG}", f"/storage/u/e/{LONG}", f"/assets/{LONG}"],
)
def test_a_file_name_over_255_bytes_is_a_4xx(server: ChatServer, cookie: str, path: str) -> None:
    (server.data / "files" / "u" / "e").mkdir(parents=True, exist_ok=True)  # as once a file was shown
    mark = log_mark(server)
    answered = call(server, "GET", path, headers={"Cookie": cookie})
    assert 400 <= answered.status < 500 and "error" in answered.json(), (answered.status, answered.body[:300])
    no_traceback(log_since(server, mark))


def test_a_long_file_name_inside_the_limit_is_a_404(server: ChatServer, cookie: str) -> None:
    """The control: 255 bytes is a valid name, of no file."""
    for path in (f"/public/{'a' * 255}", f"/storage/{'a' * 255}"):
        assert call(server, "GET", path, headers={"Cookie": cookie}).status == 404


def _action(session_id: str) -> bytes:
    action = {"name": "choice", "payload": {"value": "x"}, "label": "x", "id": "1", "forId": "2"}
    return json.dumps({"sessionId": session_id, "action": action}).encode()


def test_an_action_for_an_unknown_session_is_a_404(server: ChatServer, cookie: str) -> None:
    mark = log_mark(server)
    headers = {"Cookie": cookie, "Content-Type": "application/json"}
    answered = call(server, "POST", "/project/action", _action("no-such-session"), headers)
    assert answered.status == 404 and answered.json() == {"error": "no such session"}, answered.body[:300]
    for body in (b"[]", b'{"sessionId": 3, "action": {}}', b'{"sessionId": "x", "action": {"bogus": 1}}'):
        answered = call(server, "POST", "/project/action", body, headers)
        assert 400 <= answered.status < 500, (body, answered.status, answered.body[:300])
    no_traceback(log_since(server, mark))


def test_an_action_for_another_users_session_is_a_404(server: ChatServer, cookie: str) -> None:
    async def run() -> None:
        async with ChatClient(server.base) as other:
            headers = {"Cookie": cookie, "Content-Type": "application/json"}
            answered = call(server, "POST", "/project/action", _action(str(other.session_id)), headers)
            assert answered.status == 404 and answered.json() == {"error": "no such session"}

    asyncio.run(run())


async def _eligibility_prompt(chat: ChatClient) -> Any:
    reply = await chat.ask(ELIGIBILITY, command=ELIGIBILITY)
    assert reply.prompt is not None and reply.prompt.kind == "action", reply
    return reply.prompt


CRAFTED_ANSWERS: dict[str, Any] = {
    "a value no button offers": lambda offered: {**offered, "payload": {"value": CRAFTED}},
    "a payload that is no object": lambda offered: {**offered, "payload": [CRAFTED]},
    "an action without its label": lambda offered: {k: v for k, v in offered.items() if k != "label"},
    "an action without its name": lambda offered: {k: v for k, v in offered.items() if k != "name"},
    "not an action at all": lambda offered: CRAFTED,
}


@pytest.mark.parametrize("what", list(CRAFTED_ANSWERS))
def test_a_crafted_answer_to_the_eligibility_check_shows_no_exception(server: ChatServer, what: str) -> None:
    mark = log_mark(server)

    async def run() -> Any:
        async with ChatClient(server.base) as chat:
            prompt = await _eligibility_prompt(chat)
            reply = await chat.respond(CRAFTED_ANSWERS[what](prompt.actions[0]))
            shown = json.dumps([m.get("output") for m in reply.messages], ensure_ascii=False)
            assert not reply.errors, reply.errors
            assert CRAFTED not in shown and "Error" not in shown and "'" + "label'" not in shown, shown
            # The chat goes on: a question after it is answered.
            if reply.prompt is None:
                after = await chat.ask("Combien de temps dure un poste d'accueil ?")
                assert after.status == "answered" and not after.errors, after
            return reply

    asyncio.run(run())
    text = log_since(server, mark)
    no_traceback(text)
    assert CRAFTED not in text


def test_a_valid_answer_still_runs_the_check(server: ChatServer) -> None:
    """The control: the offered buttons go on to the next question."""

    async def run() -> None:
        async with ChatClient(server.base) as chat:
            prompt = await _eligibility_prompt(chat)
            reply = await chat.respond(prompt.actions[0])
            assert not reply.errors and reply.prompt is not None, reply

    asyncio.run(run())


# --- 15: deadlines on headers and bodies ----------------------------------------------------------------------


def test_headers_that_stop_coming_are_cut_off(server: ChatServer) -> None:
    for sent in (b"GET /health HT", b"", b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "):
        with closing(raw(server)) as sock:
            sock.sendall(sent)
            received = read_until_closed(sock)  # socket.timeout (a failure) if the server never closes
            assert received == b"" or received.startswith(b"HTTP/1.1 408 "), received[:300]
    assert call(server, "GET", "/health").status == 200


def test_headers_that_keep_trickling_are_cut_off(server: ChatServer) -> None:
    """A header line every half second: each one keeps the connection busy, the request never completes."""
    closed = False
    with closing(raw(server)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        deadline = time.monotonic() + BOUND
        while not closed and time.monotonic() < deadline:
            try:
                sock.sendall(b"X-A: b\r\n")
                time.sleep(0.5)
                sock.settimeout(0.01)
                closed = sock.recv(65536) == b""
            except TimeoutError:
                continue
            except OSError:  # reset or broken pipe: the server has closed it
                closed = True
    assert closed


def test_headers_over_64_kib_are_a_431(server: ChatServer) -> None:
    """httptools takes headers of any size (2 MB were answered with a 200): the connection is refused."""
    with closing(raw(server)) as sock:
        try:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"a" * 200_000 + b"\r\n\r\n")
            answered = read_until_closed(sock)
        except (ConnectionResetError, BrokenPipeError):  # closed with our bytes unread: TCP resets, the 431 lost
            answered = b"HTTP/1.1 431 (reset)"
    assert answered.startswith(b"HTTP/1.1 431 "), answered[:300]
    assert call(server, "GET", "/health", headers={"X-Fine": "a" * 30_000}).status == 200


def test_a_body_that_stops_coming_is_a_408(server: ChatServer) -> None:
    mark = log_mark(server)
    with closing(raw(server)) as sock:
        sock.sendall(
            b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"question": "Qui'
        )
        answered = read_until_closed(sock)
    assert answered.startswith(b"HTTP/1.1 408 "), answered[:300]
    no_traceback(log_since(server, mark))
    assert call(server, "GET", "/health").status == 200


# --- 17: hardening ---------------------------------------------------------------------------------------------


def test_no_server_header(server: ChatServer) -> None:
    for path in ("/health", "/", "/no-such-file.js"):
        assert "server" not in call(server, "GET", path).headers


def test_the_login_cookie_is_secure_over_https(server: ChatServer) -> None:
    """Behind a TLS proxy (X-Forwarded-Proto: https, from loopback, which uvicorn trusts): Secure cookies."""
    https = {"X-Forwarded-Proto": "https"}
    applicant = call(server, "GET", "/", headers=https).cookies
    assert applicant and all("secure" in c.lower() for c in applicant), applicant
    form = f"username={STAFF_NAME}&password={STAFF_PASSWORD}".encode()
    login = call(server, "POST", "/login", form, https | {"Content-Type": "application/x-www-form-urlencoded"})
    assert login.status == 200 and login.cookies and all("secure" in c.lower() for c in login.cookies)
    # Over plain HTTP (a local test server), the cookie stays usable.
    assert not any("secure" in c.lower() for c in call(server, "GET", "/").cookies)


def test_the_page_runs_no_script_but_its_own(server: ChatServer) -> None:
    page = call(server, "GET", "/")
    policy = {d.split()[0]: d.split()[1:] for d in page.headers["content-security-policy"].split("; ")}
    assert "'unsafe-inline'" not in policy["script-src"], policy["script-src"]
    assert any(s.startswith("'sha256-") for s in policy["script-src"]), policy["script-src"]
    for path in ("/health", "/auth/config"):  # not a page (any other GET is the page)
        policy = call(server, "GET", path).headers["content-security-policy"]
        assert "script-src 'self' 'unsafe-eval';" in policy, policy


JSON_ROUTES = [
    ("POST", "/api/ask", b'{"question": "Combien de temps dure un poste d\'accueil ?"}'),
    ("POST", "/set-session-cookie", b'{"session_id": "abc"}'),
    ("PUT", "/feedback", b'{"feedback": {"forId": "x", "value": 1}, "sessionId": "x"}'),
    ("DELETE", "/feedback", b'{"feedbackId": "x"}'),
    ("POST", "/project/threads", b'{"pagination": {"first": 20}, "filter": {}}'),
    ("POST", "/project/action", _action("x")),
    ("PUT", "/project/thread", b'{"threadId": "x", "name": "y"}'),
]


@pytest.mark.parametrize(("method", "path", "body"), JSON_ROUTES)
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None]
)
def test_a_json_route_refuses_another_content_type(
    server: ChatServer, cookie: str, method: str, path: str, body: bytes, content_type: str | None
) -> None:
    headers = {"Cookie": cookie} | ({"Content-Type": content_type} if content_type else {})
    answered = call(server, method, path, body, headers)
    assert answered.status == 415 and "error" in answered.json(), (answered.status, answered.body[:200])


def test_a_json_route_takes_json(server: ChatServer, cookie: str) -> None:
    """The controls: JSON with a charset, and the helpdesk's login form (multipart, as the page sends it)."""
    body = JSON_ROUTES[0][2]
    answered = call(server, "POST", "/api/ask", body, {"Content-Type": "application/json; charset=utf-8"})
    assert answered.status == 200
    assert call(server, "POST", "/logout", None, {"Cookie": cookie}).status == 200

    async def login() -> None:
        async with ChatClient(server.base, staff=(STAFF_NAME, STAFF_PASSWORD)) as staff:
            assert (staff.user or {}).get("metadata", {}).get("role") == "staff"

    asyncio.run(login())


def test_socketio_polling_still_works(server: ChatServer) -> None:
    """socket.io's long-polling transport posts text/plain under /ws/: left alone."""

    async def run() -> None:
        chat = ChatClient(server.base, transports=("polling",))
        async with chat:
            reply = await chat.ask("Combien de temps dure un poste d'accueil ?")
            assert reply.status == "answered", reply

    asyncio.run(run())


def test_each_log_line_is_written_once(server: ChatServer) -> None:
    mark = log_mark(server)
    answered = call(server, "POST", "/api/ask", JSON_ROUTES[0][2], {"Content-Type": "application/json"})
    assert answered.status == 200
    text = log_since(server, mark, "answered route=")
    time.sleep(1)  # a copy of the line would follow at once
    lines = [line for line in text.splitlines() if "answered route=" in line]
    assert len(lines) == 1, text


def test_the_whole_log_has_no_traceback_and_no_line_twice(server: ChatServer) -> None:
    """Run last: everything above left no traceback, and no line of the app's went through the root logger's
    handler too (Chainlit's format: `time - LEVEL - name - message`), as each one did."""
    text = server.log.read_text(encoding="utf-8", errors="replace")
    no_traceback(text)
    copies = [line for line in text.splitlines() if ROOT_FORMAT.match(line)]
    assert not copies, copies[:5]
    assert server.process.poll() is None
