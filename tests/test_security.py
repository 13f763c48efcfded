"""Security of the chat server (issue 7), on the real server (`assistant chat`) and real chat users.

- Staff-only features (the CSV exports, the draft profile, the Exports command) refuse everyone else: no
  login, an applicant, a forged, expired or tampered token, a token of a removed account.
- Conversation history is its author's: another applicant (or nobody) cannot list, read, rename, delete, rate
  or edit anything of someone else's conversation, nor read its files.
- Chainlit's file routes and known cases (path traversal, CVE-2026-22218 / CVE-2026-22219 on
  `/project/element`, symlinks) answer 4xx and never a byte of the targeted file.
- No secret in the repository, in the server's log, in an HTTP answer or in a CLI error message.

Requests go through http.client, which sends a path as written (`..`, `%2e%2e`, `%2f`): httpx and browsers
would normalise it first.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jwt
import pytest

from assistant.settings import Settings
from tests.chatclient import ChatClient, ChatClientError
from tests.chatserver import STAFF_NAME, STAFF_PASSWORD, ChatServer, chat_server
from tests.conftest import REPO

pytestmark = pytest.mark.slow

# Secrets made at run time (so that this file holds none): the server must never show them.
AUTH_SECRET = "auth-" + uuid.uuid4().hex + uuid.uuid4().hex
API_KEY = "sk-test" + uuid.uuid4().hex
DECOY = "decoy-secret-" + uuid.uuid4().hex  # written to data/auth-secret (unused: CHAINLIT_AUTH_SECRET wins)
BCRYPT = re.compile(r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}")
# Bytes of the files the traversal cases aim at: none may come back.
FILE_MARKERS = ("root:x:0:", "SQLite format 3", DECOY, "[build-system]", "BEGIN:VCALENDAR")
DRAFT_PROFILE = "Brouillon de réponse"
QUESTION_A = "Combien de temps dure un poste d'accueil ?"
QUESTION_B = "Qui contacter pour les contrats d'interface ?"
EMAIL = (
    "Bonjour,\nJe suis interne en pharmacie et je souhaite candidater aux postes d'accueil. "
    "Quelle est la date limite ? Quel est le salaire ?\nCordialement,\nCamille"
)


@dataclass(frozen=True)
class Answered:
    status: int
    body: bytes
    headers: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


RESPONSES: list[Answered] = []  # every HTTP answer of this module, for the leak check at the end


@dataclass
class Person:
    """A chat user and what they made: one conversation, a rating, elements and their files."""

    identifier: str
    cookie: str
    session_id: str
    thread_id: str
    run_id: str  # what the thumbs rate
    feedback_id: str
    user_id: str = ""  # users.id
    element_id: str = ""  # a custom element (a cited passage)
    storage_key: str = ""  # the stored .ics file of the upcoming dates
    session_file: str = ""  # the chainlitKey of that file in the live session


@dataclass
class Scene:
    server: ChatServer
    llm: FakeLLM
    a: Person
    b: Person
    staff_cookie: str
    comment: str  # A's feedback comment: a marker of A's data
    events: list[Any] = field(default_factory=list)  # every socket.io event the users received

    @property
    def app_root(self) -> Path:
        return self.server.data.parent / "app"


# --- the servers ---------------------------------------------------------------------------------------------


class FakeLLM:
    """An OpenAI-compatible server that refuses every call (401) and records what it was sent."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (path, Authorization header)
        recorded = self.requests

        class Handler(BaseHTTPRequestHandler):
            def _refuse(self) -> None:
                recorded.append((self.path, self.headers.get("Authorization", "")))
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = b'{"error": {"message": "invalid api key", "type": "invalid_request_error"}}'
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _refuse

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeLLM]:
    fake = FakeLLM()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def server(built: Settings, llm: FakeLLM, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    """The chat server with a known auth secret and generation API key (its model server refuses the key)."""
    env = {
        "CHAINLIT_AUTH_SECRET": AUTH_SECRET,
        "ASSISTANT_GENERATION__MODE": "openai-like",
        "ASSISTANT_GENERATION__API_BASE": llm.base + "/v1",
        "ASSISTANT_GENERATION__MODEL": "test-model",
        "ASSISTANT_GENERATION__API_KEY": API_KEY,
    }
    with chat_server(built.paths.index_dir, tmp_path_factory.mktemp("sec"), env=env) as running:
        running.data.mkdir(parents=True, exist_ok=True)
        (running.data / "auth-secret").write_text(DECOY + "\n")
        yield running


def call(
    server: ChatServer,
    method: str,
    path: str,
    cookie: str | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> Answered:
    """One HTTP request, its path sent as written; a dict or list body goes as JSON."""
    url = urlsplit(server.base)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=60)
    sent = dict(headers or {})
    if cookie:
        sent["Cookie"] = cookie
    data: bytes | None = None
    if isinstance(body, dict | list):
        data = json.dumps(body).encode()
        sent.setdefault("Content-Type", "application/json")
    elif isinstance(body, str | bytes):
        data = body.encode() if isinstance(body, str) else body
    with closing(connection):
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        answered = Answered(response.status, response.read(), str(response.getheaders()))
    RESPONSES.append(answered)
    return answered


def rows(server: ChatServer, sql: str, *params: object) -> list[sqlite3.Row]:
    with closing(sqlite3.connect((server.data / "chat.db").as_uri() + "?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        return db.execute(sql, params).fetchall()


def wait_for(what: Callable[[], Any], seconds: float = 20) -> Any:
    deadline = time.monotonic() + seconds
    while not (found := what()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)
    return found


def token(claims: dict[str, Any], secret: str = AUTH_SECRET, algorithm: str = "HS256", **times: int) -> str:
    """A login token like Chainlit's (identifier, display_name, metadata, exp, iat)."""
    now = int(time.time())
    payload = {"display_name": claims.get("identifier"), "metadata": {}, **claims}
    payload |= {"iat": now + times.get("iat", 0), "exp": now + times.get("exp", 3600)}
    return jwt.encode(payload, secret, algorithm=algorithm)


def staff_claims(name: str = STAFF_NAME) -> dict[str, Any]:
    return {"identifier": name, "metadata": {"role": "staff"}}


# --- the scene: two applicants with a conversation each, and staff --------------------------------------------


async def _person(
    client: ChatClient, question: str, comment: str | None, events: list[Any], dates: bool = False
) -> Person:
    async def record(response: Any) -> None:
        await response.aread()
        RESPONSES.append(Answered(response.status_code, response.content, str(response.headers)))

    client.http.event_hooks["response"].append(record)
    await client.connect()
    reply = await client.ask(question)
    assert reply.for_id and not reply.errors, reply
    # Rated at once, as a quick user would: the run's rows may not be written yet.
    feedback_id = await client.feedback(reply.for_id, 0, comment)
    assert await client.feedback(reply.for_id, 1, comment, feedback_id=feedback_id) == feedback_id
    person = Person(
        identifier=str((client.user or {})["identifier"]),
        cookie=client.cookie_header(),
        session_id=str(client.session_id),
        thread_id=str(reply.thread_id),
        run_id=reply.for_id,
        feedback_id=feedback_id,
    )
    if dates:
        upcoming = await client.ask("Prochaines dates", command="Dates")
        files = [e for e in upcoming.elements if e.get("type") == "file" and e.get("chainlitKey")]
        assert files, upcoming.elements
        person.session_file = str(files[0]["chainlitKey"])
    events.extend(client.events)
    await client.disconnect(clear=False)  # the session stays (an hour): its files can be asked for
    await client.http.aclose()
    return person


async def _staff_cookie(base: str) -> str:
    client = ChatClient(base, staff=(STAFF_NAME, STAFF_PASSWORD))
    try:
        await client.sign_in()
        return client.cookie_header()
    finally:
        await client.http.aclose()


@pytest.fixture(scope="module")
def scene(server: ChatServer, llm: FakeLLM) -> Scene:
    comment = "commentaire-de-A-" + uuid.uuid4().hex[:8]
    events: list[Any] = []

    async def build() -> tuple[Person, Person, str]:
        a = await _person(ChatClient(server.base), QUESTION_A, comment, events, dates=True)
        b = await _person(ChatClient(server.base), QUESTION_B, None, events)
        return a, b, await _staff_cookie(server.base)

    a, b, staff_cookie = asyncio.run(build())
    for person in (a, b):
        person.user_id = rows(server, 'SELECT "id" FROM users WHERE "identifier" = ?', person.identifier)[0]["id"]
    ics = wait_for(
        lambda: rows(
            server,
            """SELECT "objectKey" FROM elements WHERE "threadId" = ? AND "name" LIKE '%.ics'
            AND "objectKey" IS NOT NULL""",
            a.thread_id,
        )
    )
    a.storage_key = ics[0]["objectKey"]
    a.element_id = wait_for(
        lambda: rows(server, """SELECT "id" FROM elements WHERE "threadId" = ? AND "type" = 'custom'""", a.thread_id)
    )[0]["id"]
    # Symlinks out of the served folders: to /etc/passwd, and to the data folder.
    owned = server.data / "files" / a.user_id
    (owned / "evil").symlink_to("/etc/passwd")
    (owned / "up").symlink_to(server.data, target_is_directory=True)
    app_root = server.data.parent / "app"
    (app_root / "public" / "leak.txt").symlink_to("/etc/passwd")
    (app_root / "public" / "elements" / "Leak.jsx").symlink_to("/etc/passwd")
    return Scene(server=server, llm=llm, a=a, b=b, staff_cookie=staff_cookie, comment=comment, events=events)


def leaks(answered: Answered, scene: Scene) -> list[str]:
    """What of A's data or of a targeted file an answer shows."""
    markers = (*FILE_MARKERS, scene.comment, scene.a.identifier, QUESTION_A, AUTH_SECRET, API_KEY)
    return [m for m in markers if m in answered.text] + BCRYPT.findall(answered.text)


# --- staff-only features ---------------------------------------------------------------------------------------


def test_staff_get_the_exports_and_a_token_made_with_the_secret_is_accepted(scene: Scene) -> None:
    """The controls: staff's login cookie, and a token signed like the server's, get the exports."""
    for cookie in (scene.staff_cookie, f"access_token={token(staff_claims())}"):
        answered = call(scene.server, "GET", "/api/staff/feedback.csv", cookie)
        assert answered.status == 200 and scene.comment in answered.text
    assert call(scene.server, "GET", "/api/staff/refused.csv", scene.staff_cookie).status == 200


NOT_STAFF: dict[str, Callable[[Scene], dict[str, str]]] = {
    "no login": lambda s: {},
    "an applicant": lambda s: {"Cookie": s.a.cookie},
    "garbage": lambda s: {"Cookie": "access_token=garbage"},
    "a token signed with another secret": lambda s: {
        "Cookie": "access_token=" + token(staff_claims(), secret="another-secret-" + "x" * 32)
    },
    "an expired token": lambda s: {"Cookie": "access_token=" + token(staff_claims(), iat=-7200, exp=-3600)},
    "an unsigned token (alg none)": lambda s: {"Cookie": "access_token=" + token(staff_claims(), "", "none")},
    "an applicant token made staff (signature kept)": lambda s: {"Cookie": "access_token=" + _tampered(s.a.cookie)},
    "a signed token of no account": lambda s: {"Cookie": "access_token=" + token(staff_claims("personne"))},
    "a forged bearer token": lambda s: {
        "Authorization": "Bearer " + token(staff_claims(), secret="another-secret-" + "x" * 32)
    },
    "a chunked forged cookie": lambda s: {
        "Cookie": "access_token_0="
        + token(staff_claims(), secret="another-secret-" + "x" * 32)[:40]
        + "; access_token_1="
        + token(staff_claims(), secret="another-secret-" + "x" * 32)[40:]
    },
}


def _tampered(cookie: str) -> str:
    """An applicant's token whose payload says staff, its signature kept."""
    import base64

    value = next(part.split("=", 1)[1] for part in cookie.split("; ") if part.startswith("access_token="))
    header, payload, signature = value.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["metadata"] = {"role": "staff"}
    claims["identifier"] = STAFF_NAME
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize("what", ["feedback", "refused"])
@pytest.mark.parametrize("who", list(NOT_STAFF))
def test_staff_exports_refuse_everyone_else(scene: Scene, who: str, what: str) -> None:
    answered = call(scene.server, "GET", f"/api/staff/{what}.csv", headers=NOT_STAFF[who](scene))
    assert answered.status in (401, 403), (who, answered)
    assert "thread_id" not in answered.text and not leaks(answered, scene)


def test_a_removed_staff_account_loses_the_exports(scene: Scene) -> None:
    from assistant import staff
    from assistant.settings import ChatSettings

    chat = ChatSettings(data_dir=scene.server.data)
    password = "un-autre-mot-de-passe-" + uuid.uuid4().hex[:6]
    staff.add(chat, "agent.parti", password)
    cookie = asyncio.run(_login(scene.server.base, "agent.parti", password))
    assert call(scene.server, "GET", "/api/staff/feedback.csv", cookie).status == 200
    staff.remove(chat, "agent.parti")
    for what in ("feedback", "refused"):
        answered = call(scene.server, "GET", f"/api/staff/{what}.csv", cookie)
        assert answered.status == 401 and not leaks(answered, scene)


async def _login(base: str, name: str, password: str) -> str:
    client = ChatClient(base, staff=(name, password))
    try:
        await client.sign_in()
        return client.cookie_header()
    finally:
        await client.http.aclose()


def test_wrong_staff_logins_are_refused(scene: Scene) -> None:
    for name, password in [
        (STAFF_NAME, "pas-le-bon-mot-de-passe"),
        (STAFF_NAME, STAFF_PASSWORD + "x"),
        ("inconnu", STAFF_PASSWORD),
        (STAFF_NAME, ""),
        ("", ""),
    ]:
        with pytest.raises(ChatClientError):
            asyncio.run(_login(scene.server.base, name, password))


def test_an_applicant_gets_no_draft_and_no_exports_over_the_websocket(scene: Scene) -> None:
    async def applicant() -> tuple[list[str], Any, Any]:
        client = ChatClient(scene.server.base, chat_profile=DRAFT_PROFILE)
        try:
            await client.connect()
            commands = [str(c.get("id")) for c in client.commands]
            draft = await client.ask(EMAIL)
            exports = await client.ask("Exports", command="Exports")
            scene.events.extend(client.events)
            return commands, draft, exports
        finally:
            await client.close()

    commands, draft, exports = asyncio.run(applicant())
    assert "Exports" not in commands
    assert draft.status != "draft" and draft.metadata.get("route") != "draft", draft
    assert not any(e.get("name") == "Brouillon" for e in draft.elements)
    assert "Brouillon de réponse" not in draft.content and "/api/staff/" not in exports.content


def test_staff_get_a_draft_in_the_draft_profile(scene: Scene) -> None:
    """The control of the test above: the same email, from staff in the draft profile, is a draft."""

    async def helpdesk() -> Any:
        client = ChatClient(scene.server.base, staff=(STAFF_NAME, STAFF_PASSWORD), chat_profile=DRAFT_PROFILE)
        try:
            await client.connect()
            return await client.ask(EMAIL)
        finally:
            await client.close()

    draft = asyncio.run(helpdesk())
    assert draft.status == "draft" and any(e.get("name") == "Brouillon" for e in draft.elements), draft


# --- conversation history ----------------------------------------------------------------------------------------


def test_an_applicant_reads_and_rates_their_own_conversation(scene: Scene) -> None:
    """The controls: everything the tests below refuse to others works for the conversation's author."""
    server, a = scene.server, scene.a
    thread = call(server, "GET", f"/project/thread/{a.thread_id}", a.cookie)
    assert thread.status == 200 and QUESTION_A in thread.text
    element = call(server, "GET", f"/project/thread/{a.thread_id}/element/{a.element_id}", a.cookie)
    assert element.status == 200 and a.element_id in element.text
    listed = call(server, "POST", "/project/threads", a.cookie, {"pagination": {"first": 20}, "filter": {}})
    assert listed.status == 200 and a.thread_id in listed.text and scene.b.thread_id not in listed.text
    for cookie in (a.cookie, scene.staff_cookie):  # staff see every file shown in the chat
        stored = call(server, "GET", "/storage/" + quote(a.storage_key), cookie)
        assert stored.status == 200 and "BEGIN:VCALENDAR" in stored.text
    live = call(server, "GET", f"/project/file/{a.session_file}?session_id={a.session_id}", a.cookie)
    assert live.status == 200 and "BEGIN:VCALENDAR" in live.text
    [feedback] = rows(server, 'SELECT * FROM feedbacks WHERE "id" = ?', a.feedback_id)
    assert (feedback["forId"], feedback["threadId"], feedback["value"]) == (a.run_id, a.thread_id, 1)
    assert feedback["comment"] == scene.comment


def _element(scene: Scene, **changes: Any) -> dict[str, Any]:
    a = scene.a
    element = {"type": "custom", "id": a.element_id, "threadId": a.thread_id, "forId": a.run_id}
    return element | {"name": "Source 1", "display": "side", "props": {"quote": "piraté"}} | changes


# (name, method, path, body) of every way at someone else's conversation: path and body are made from the scene.
OTHERS: list[tuple[str, str, Callable[[Scene], str], Callable[[Scene], Any]]] = [
    ("list A's threads", "POST", lambda s: "/project/threads",
     lambda s: {"pagination": {"first": 20}, "filter": {"userId": s.a.user_id}}),
    ("get A's thread", "GET", lambda s: f"/project/thread/{s.a.thread_id}", lambda s: None),
    ("get A's element", "GET", lambda s: f"/project/thread/{s.a.thread_id}/element/{s.a.element_id}",
     lambda s: None),
    ("get A's element through B's thread", "GET",
     lambda s: f"/project/thread/{s.b.thread_id}/element/{s.a.element_id}", lambda s: None),
    ("rename A's thread", "PUT", lambda s: "/project/thread", lambda s: {"threadId": s.a.thread_id, "name": "volé"}),
    ("delete A's thread", "DELETE", lambda s: "/project/thread", lambda s: {"threadId": s.a.thread_id}),
    ("share A's thread", "PUT", lambda s: "/project/thread/share",
     lambda s: {"threadId": s.a.thread_id, "isShared": True}),
    ("read A's thread as shared", "GET", lambda s: f"/project/share/{s.a.thread_id}", lambda s: None),
    ("read A's stored file", "GET", lambda s: "/storage/" + quote(s.a.storage_key), lambda s: None),
    ("read A's file in A's session", "GET",
     lambda s: f"/project/file/{s.a.session_file}?session_id={s.a.session_id}", lambda s: None),
    ("rate A's answer", "PUT", lambda s: "/feedback",
     lambda s: {"feedback": {"forId": s.a.run_id, "value": 0, "comment": "pirate"}, "sessionId": s.b.session_id}),
    ("rate A's answer, claiming B's thread", "PUT", lambda s: "/feedback",
     lambda s: {"feedback": {"forId": s.a.run_id, "threadId": s.b.thread_id, "value": 0, "comment": "pirate"},
                "sessionId": s.b.session_id}),
    ("rewrite A's rating through B's answer", "PUT", lambda s: "/feedback",
     lambda s: {"feedback": {"id": s.a.feedback_id, "forId": s.b.run_id, "value": 0, "comment": "pirate"},
                "sessionId": s.b.session_id}),
    ("rate a message that does not exist", "PUT", lambda s: "/feedback",
     lambda s: {"feedback": {"forId": str(uuid.uuid4()), "value": 0, "comment": "pirate"},
                "sessionId": s.b.session_id}),
    ("delete A's rating", "DELETE", lambda s: "/feedback", lambda s: {"feedbackId": s.a.feedback_id}),
    ("overwrite A's element", "PUT", lambda s: "/project/element",
     lambda s: {"element": _element(s), "sessionId": s.b.session_id}),
    ("delete A's element", "DELETE", lambda s: "/project/element",
     lambda s: {"element": _element(s), "sessionId": s.b.session_id}),
    ("read a file through an element's path (CVE-2026-22218)", "PUT", lambda s: "/project/element",
     lambda s: {"element": _element(s, type="file", id=str(uuid.uuid4()), threadId=s.b.thread_id, forId=s.b.run_id,
                                    path="/etc/passwd", name="passwd"), "sessionId": s.b.session_id}),
    ("fetch a URL through an element's url (CVE-2026-22219)", "PUT", lambda s: "/project/element",
     lambda s: {"element": _element(s, id=str(uuid.uuid4()), threadId=s.b.thread_id, forId=s.b.run_id,
                                    url=s.llm.base + "/ssrf"), "sessionId": s.b.session_id}),
    ("act in A's session", "POST", lambda s: "/project/action",
     lambda s: {"action": {"name": "choice", "payload": {}, "id": str(uuid.uuid4()), "forId": s.a.run_id},
                "sessionId": s.a.session_id}),
    ("connect an MCP server", "POST", lambda s: "/mcp",
     lambda s: {"sessionId": s.b.session_id, "name": "x", "clientType": "sse", "url": s.llm.base + "/ssrf"}),
]  # fmt: skip


@pytest.mark.parametrize("who", ["another applicant", "nobody"])
@pytest.mark.parametrize("case", OTHERS, ids=[c[0] for c in OTHERS])
def test_nobody_else_gets_anything_of_a_conversation(scene: Scene, who: str, case: tuple[Any, ...]) -> None:
    name, method, path, body = case
    cookie = scene.b.cookie if who == "another applicant" else None
    answered = call(scene.server, method, path(scene), cookie, body(scene))
    assert not leaks(answered, scene), (name, answered)
    if name == "list A's threads" and cookie:  # B's own list, whatever the filter says
        assert answered.status == 200 and scene.a.thread_id not in answered.text
        return
    assert 400 <= answered.status < 500, (name, answered)
    if cookie is None:
        assert answered.status in (401, 403, 404, 422), (name, answered)


def test_resuming_another_users_conversation_over_the_websocket_is_refused(scene: Scene) -> None:
    import socketio

    async def attempts() -> None:
        other = ChatClient(scene.server.base)  # another applicant
        try:
            with pytest.raises(ChatClientError):
                await other.connect(thread_id=scene.a.thread_id)
        finally:
            await other.close()
        nobody = socketio.AsyncClient(reconnection=False)  # no login cookie
        auth = {"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": "", "userEnv": "{}"}
        with pytest.raises(socketio.exceptions.ConnectionError):
            await nobody.connect(
                scene.server.base, auth=auth, transports=["websocket"], socketio_path="/ws/socket.io", wait_timeout=20
            )
        # Nor another user's live session (its id known): restoring it is refused.
        intruder = ChatClient(scene.server.base)
        try:
            await intruder.sign_in()
            sio = socketio.AsyncClient(reconnection=False)
            stolen = {**auth, "sessionId": scene.a.session_id}
            with pytest.raises(socketio.exceptions.ConnectionError):
                await sio.connect(
                    scene.server.base,
                    headers={"Cookie": intruder.cookie_header()},
                    auth=stolen,
                    transports=["websocket"],
                    socketio_path="/ws/socket.io",
                    wait_timeout=20,
                )
        finally:
            await intruder.close()

    asyncio.run(attempts())


def test_a_conversation_is_unchanged_after_the_attempts(scene: Scene) -> None:
    server, a = scene.server, scene.a
    [thread] = rows(server, 'SELECT * FROM threads WHERE "id" = ?', a.thread_id)
    assert thread["userIdentifier"] == a.identifier and thread["name"] != "volé"
    assert "is_shared" not in (thread["metadata"] or "")
    [feedback] = rows(server, 'SELECT * FROM feedbacks WHERE "id" = ?', a.feedback_id)
    assert (feedback["forId"], feedback["value"], feedback["comment"]) == (a.run_id, 1, scene.comment)
    assert not rows(server, """SELECT 1 FROM feedbacks WHERE "comment" = 'pirate'""")
    [element] = rows(server, 'SELECT * FROM elements WHERE "id" = ?', a.element_id)
    assert element["threadId"] == a.thread_id and "piraté" not in (element["props"] or "")
    assert not rows(server, """SELECT 1 FROM elements WHERE "name" = 'passwd' OR "url" LIKE '%ssrf%'""")
    assert (server.data / "files" / a.storage_key).is_file()
    assert not [path for path, _ in scene.llm.requests if "ssrf" in path]


# --- traversal and Chainlit's file routes --------------------------------------------------------------------------

# {A}: A's users.id, {S}: A's session id. Each aims at a file outside the served folders.
TRAVERSALS = [
    "/public/../../data/chat.db",
    "/public/..%2f..%2fdata%2fchat.db",
    "/public/%2e%2e/%2e%2e/data/chat.db",
    "/public/%2e%2e%2f%2e%2e%2fdata%2fauth-secret",
    "/public/%2fetc%2fpasswd",
    "/public//etc/passwd",
    "/public/theme.json%00.png",
    "/public/..%5c..%5cdata%5cchat.db",
    "/public/..\\..\\data\\chat.db",
    "/public/leak.txt",  # a symlink to /etc/passwd
    "/public/elements/Leak.jsx",  # a symlink to /etc/passwd
    "/public/elements/..%2f..%2f..%2fdata%2fchat.db.jsx",
    "/public/elements/%2e%2e%2f%2e%2e%2f..%2fpyproject.jsx",
    "/assets/../../../../../../../../etc/passwd",
    "/assets/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/assets/%2fetc%2fpasswd",
    "/copilot/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/avatars/..%2f..%2f..%2fetc%2fpasswd",
    "/avatars/%2e%2e",
    "/storage/../chat.db",
    "/storage/..%2fchat.db",
    "/storage/%2e%2e%2fauth-secret",
    "/storage/%2e%2e/staff.json",
    "/storage/{A}/..%2f..%2fchat.db",
    "/storage/{A}/%2e%2e/%2e%2e/auth-secret",
    "/storage//etc/passwd",
    "/storage/%2fetc%2fpasswd",
    "/storage/..%5cchat.db",
    "/storage/..\\chat.db",
    "/storage/chat.db%00.ics",
    "/storage/%252e%252e%252fchat.db",
    "/storage/{A}/evil",  # a symlink to /etc/passwd
    "/storage/{A}/up/chat.db",  # a symlink to the data folder
    "/storage/{A}/up/auth-secret",
    "/project/file/..%2f..%2f..%2fdata%2fchat.db?session_id={S}",
    "/project/file/%2e%2e?session_id={S}",
    "/project/file/%2fetc%2fpasswd?session_id={S}",
    "/logo?theme=../../../../etc/passwd",
    "/favicon/..%2f..%2fetc%2fpasswd",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/ws/socket.io/../../data/chat.db",
    "/project/thread/..%2f..%2fchat.db",
]


@pytest.mark.parametrize("who", ["the file's owner", "nobody"])
@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_gets_a_4xx_and_no_byte_of_the_file(scene: Scene, path: str, who: str) -> None:
    cookie = scene.a.cookie if who == "the file's owner" else None
    target = path.replace("{A}", scene.a.user_id).replace("{S}", scene.a.session_id)
    answered = call(scene.server, "GET", target, cookie)
    assert 400 <= answered.status < 500, answered
    assert not leaks(answered, scene), answered


def test_the_public_files_are_still_served(scene: Scene) -> None:
    for path, expected in [
        ("/public/theme.json", "{"),
        ("/public/elements/Passage.jsx", "export default"),
        ("/public/elements/Source%2012.jsx", "export default"),
        ("/favicon", ""),
        ("/logo?theme=dark", ""),
        ("/avatars/default", ""),
        ("/health", "ok"),
    ]:
        answered = call(scene.server, "GET", path)
        assert answered.status == 200 and expected in answered.text, (path, answered.status)


# --- secrets -----------------------------------------------------------------------------------------------------

SECRET_PATTERNS = {
    "a private key": re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"),
    "an OpenAI-style API key": re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}"),
    "a JWT": re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}"),
    "a bcrypt hash": BCRYPT,
    "an auth secret set to a value": re.compile(r"CHAINLIT_AUTH_SECRET\s*[=:]\s*[\"']?[A-Za-z0-9_\-+/]{16,}"),
    "an AWS key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "a GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}"),
}
SECRET_FILES = re.compile(r"(^|/)(\.chat/|\.files/|auth-secret$|staff\.json$|chat\.db|\.env($|\.)|.*\.pem$|.*\.key$)")


def _repo_files() -> list[str]:
    """The files git tracks, and those it would add (not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    return sorted({name for name in listed.stdout.decode().split("\0") if name})


def test_no_secret_is_in_the_repository() -> None:
    found = []
    for name in _repo_files():
        if SECRET_FILES.search(name):
            found.append(f"{name}: a secret file")
            continue
        path = REPO / name
        if not path.is_file() or path.stat().st_size > 5_000_000:
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        for what, pattern in SECRET_PATTERNS.items():
            if pattern.search(text):
                found.append(f"{name}: {what}")
    assert not found, found


def test_the_chat_data_folder_and_env_files_are_ignored() -> None:
    from assistant.settings import Settings

    assert Settings().chat.data_dir.name == ".chat"
    ignored = [".chat/chat.db", ".chat/auth-secret", ".chat/staff.json", ".chat/files/u/e/x.ics", ".env", ".files/x"]
    checked = subprocess.run(["git", "check-ignore", "--no-index", *ignored], cwd=REPO, capture_output=True, text=True)
    assert sorted(checked.stdout.split()) == sorted(ignored)


HASH = "$2b$12$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"  # a well-formed, made-up bcrypt hash
CLI_SECRET = "sk-" + "cli" + uuid.uuid4().hex  # a value that must not come back


@pytest.mark.parametrize(
    ("env", "args"),
    [
        ({"ASSISTANT_CHAT__STAFF_ACCOUNTS": '{"agent": "' + HASH + '"'}, ["settings"]),  # malformed JSON
        ({"ASSISTANT_CHAT__STAFF_ACCOUNTS": json.dumps([HASH])}, ["settings"]),
        ({"ASSISTANT_CHAT__STAFF_ACCOUNTS": json.dumps({"agent": [HASH]})}, ["settings"]),
        ({"ASSISTANT_CHAT": '{"staff_accounts": {"agent": "' + HASH + '"}, }'}, ["settings"]),
        ({"ASSISTANT_GENERATION": '{"api_key": "' + CLI_SECRET + '"'}, ["settings"]),
        ({"ASSISTANT_GENERATION": json.dumps({"api_key": CLI_SECRET, "apikey": CLI_SECRET})}, ["settings"]),
        ({"ASSISTANT_GENERATION__API_KEYS": CLI_SECRET}, ["settings"]),  # a typo next to the key
        ({"ASSISTANT_GENERATION__TIMEOUT": CLI_SECRET}, ["settings"]),  # the key in the wrong variable
        ({"ASSISTANT_GENERATION__MODE": CLI_SECRET}, ["settings"]),
        ({"ASSISTANT_GENERATION__MAX_TOKENS": CLI_SECRET}, ["settings"]),
        ({"ASSISTANT_CHROMA_URL": f"http://user:{CLI_SECRET}@localhost:port"}, ["settings"]),
        ({"ASSISTANT_CHROMA_URL": f"ftp://user:{CLI_SECRET}@localhost"}, ["settings"]),
        ({"ASSISTANT_GENERATION__MODE": "openai-like", "ASSISTANT_GENERATION__API_KEY": CLI_SECRET}, ["ask", "x"]),
    ],
)
def test_cli_errors_do_not_echo_secret_values(env: dict[str, str], args: list[str]) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    result = CliRunner().invoke(app, args, env=env)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code != 0 and "error" in output, output
    assert CLI_SECRET not in output and HASH not in output and not BCRYPT.search(output), output


def test_a_malformed_staff_file_is_reported_without_its_content(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    staff_file = tmp_path / "staff.json"
    staff_file.write_text('{"agent": "' + HASH + '", ')
    result = CliRunner().invoke(app, ["staff", "list"], env={"ASSISTANT_CHAT__STAFF_FILE": str(staff_file)})
    assert result.exit_code == 1 and "not a readable JSON file" in result.output
    assert HASH not in result.output and not BCRYPT.search(result.output)


def test_the_settings_printout_masks_the_secrets() -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    env = {"ASSISTANT_GENERATION__API_KEY": CLI_SECRET, "ASSISTANT_CHAT__STAFF_ACCOUNTS": json.dumps({"agent": HASH})}
    result = CliRunner().invoke(app, ["settings"], env=env)
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["chat"]["staff_accounts"] == {"agent": "<bcrypt hash>"} and shown["generation"]["api_key"] != ""
    assert CLI_SECRET not in result.output and HASH not in result.output


def test_no_secret_in_the_server_log_or_any_answer(scene: Scene) -> None:
    """Last: after everything above, plus wrong logins and bad requests."""
    server = scene.server
    for username, password in [(STAFF_NAME, "mauvais-" + STAFF_PASSWORD), ("x" * 300, STAFF_PASSWORD)]:
        form = f"username={quote(username)}&password={quote(password)}"
        answered = call(
            server, "POST", "/login", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert answered.status == 401
    assert call(server, "POST", "/login", body="password=" + quote(STAFF_PASSWORD)).status == 422
    json_type = {"Content-Type": "application/json"}  # any other type is a 415 (tests/test_redteam_hardening.py)
    assert call(server, "POST", "/api/ask", scene.a.cookie, "{", json_type).status == 422
    assert call(server, "POST", "/api/ask", None, {"question": "x", "today": AUTH_SECRET}).status == 422
    assert call(server, "PUT", "/feedback", scene.a.cookie, "{", json_type).status == 422
    assert call(server, "PUT", "/feedback", scene.a.cookie, {"feedback": {"forId": 1}}).status == 422
    assert call(server, "GET", "/api/staff/feedback.csv", f"access_token={AUTH_SECRET}").status == 401
    error = call(
        server, "POST", "/set-session-cookie", scene.a.cookie, "{not json", {"Content-Type": "application/json"}
    )
    assert error.status == 422  # Chainlit's own route answered a 500 (a logged traceback); web.session_cookie checks it
    answered = call(server, "POST", "/api/ask", None, {"question": "Quelle est la durée d'un contrat d'interface ?"})
    assert answered.status == 200
    # The key was in play: the model server was called with it (and refused it).
    assert any(auth == f"Bearer {API_KEY}" for _, auth in scene.llm.requests), scene.llm.requests
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "generative rewrite failed" in log
    secrets = {
        "the auth secret": AUTH_SECRET,
        "the API key": API_KEY,
        "a staff password": STAFF_PASSWORD,
        "the decoy": DECOY,
    }
    for what, secret in secrets.items():
        assert secret not in log, f"{what} is in the server log"
        assert not [r for r in RESPONSES if secret in r.text or secret in r.headers], f"{what} is in an answer"
        assert secret not in json.dumps(scene.events, default=str), f"{what} is in a socket.io event"
    assert not BCRYPT.search(log) and not [r for r in RESPONSES if BCRYPT.search(r.text)]
    assert RESPONSES  # the answers of every test of the module that ran before


def test_the_staff_file_and_the_generated_auth_secret_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant import staff
    from assistant.settings import ChatSettings

    monkeypatch.delenv("CHAINLIT_AUTH_SECRET", raising=False)
    chat = ChatSettings(data_dir=tmp_path / "chat")
    staff.add(chat, "agent", "un-mot-de-passe-long")
    secret = staff.auth_secret(chat)
    assert len(secret) >= 32 and staff.auth_secret(chat) == secret
    for path in (chat.staff_path, chat.data_dir / "auth-secret"):
        assert path.stat().st_mode & 0o077 == 0, path
