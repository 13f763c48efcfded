"""Logins of the chat (issue 15, findings 8, 9 and 16), replayed against the real server (`assistant chat`).

- 8: a token no longer works once its holder logs out (HTTP and socket.io); a staff login lasts a working day,
  an applicant's anonymous identity its 15 days; Chainlit's `/auth/jwt` (a fresh token for any valid one) is
  closed.
- 9: wrong passwords are throttled per account and per client address, before the password is checked; each
  failure is one log line, without the password.
- 16: opening `/login` (a plain link from any site) keeps an applicant's identity and conversations; the login
  form still shows and still signs staff in.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import uuid
from collections.abc import Iterator
from contextlib import closing
from typing import Any
from urllib.parse import quote, urlsplit

import jwt
import pytest
import socketio

from assistant.settings import Settings
from tests.chatclient import ChatClient
from tests.chatserver import STAFF_NAME, STAFF_PASSWORD, ChatServer, chat_server

pytestmark = pytest.mark.slow

TARGET = "agent.cible"  # the account the password-guessing test locks
OTHER = "agent.autre"  # another account, from the same address
THIRD = "agent.tiers"  # an account tried from a throttled address, and from another
PASSWORDS = {name: f"mot-de-passe-{name}-{uuid.uuid4().hex[:8]}" for name in (TARGET, OTHER, THIRD)}
QUESTION = "Combien de temps dure un poste d'accueil ?"
SOCKET_AUTH = {"clientType": "webapp", "threadId": "", "userEnv": "{}", "chatProfile": ""}


@pytest.fixture(scope="module")
def server(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    from assistant.staff import hash_password

    accounts = {STAFF_NAME: STAFF_PASSWORD} | PASSWORDS
    env = {
        "CHAINLIT_AUTH_SECRET": "secret-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "ASSISTANT_CHAT__STAFF_ACCOUNTS": json.dumps({n: hash_password(p) for n, p in accounts.items()}),
    }
    with chat_server(built.paths.index_dir, tmp_path_factory.mktemp("logins"), env=env) as running:
        yield running


class Answered:
    def __init__(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.status, self.body, self.headers = status, body, headers

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def set_cookies(self) -> list[str]:
        return [v for k, v in self.headers if k.lower() == "set-cookie"]

    def new_token(self) -> str | None:
        """The access_token this answer sets (not one it deletes)."""
        for cookie in self.set_cookies():
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0].strip('"')
            if name == "access_token" and value and "max-age=0" not in cookie.lower():
                return value
        return None


def call(
    server: ChatServer,
    method: str,
    path: str,
    cookie: str | None = None,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
) -> Answered:
    """One HTTP request from a loopback address of our choice."""
    url = urlsplit(server.base)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=60, source_address=(source, 0))
    sent = dict(headers or {})
    if cookie:
        sent["Cookie"] = cookie
    with closing(connection):
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return Answered(response.status, response.read(), response.getheaders())


def login(server: ChatServer, name: str, password: str, source: str = "127.0.0.1") -> Answered:
    """The login form's POST, as Chainlit's frontend sends it (url-encoded here: the same fields)."""
    form = f"username={quote(name)}&password={quote(password)}".encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return call(server, "POST", "/login", None, form, headers, source)


def applicant_token(server: ChatServer) -> str:
    token = call(server, "GET", "/").new_token()
    assert token
    return token


def staff_token(server: ChatServer, name: str = STAFF_NAME, password: str = STAFF_PASSWORD) -> str:
    answered = login(server, name, password)
    token = answered.new_token()
    assert answered.status == 200 and token, (answered.status, answered.text)
    return token


def claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def socket_connects(server: ChatServer, token: str) -> bool:
    """Whether socket.io accepts a chat connection with this login cookie (closed again at once)."""

    async def attempt() -> bool:
        sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        try:
            await sio.connect(
                server.base,
                headers={"Cookie": f"access_token={token}"},
                auth=SOCKET_AUTH | {"sessionId": str(uuid.uuid4())},
                transports=["websocket"],
                socketio_path="/ws/socket.io",
                wait_timeout=30,
            )
        except socketio.exceptions.ConnectionError:
            return False
        await sio.disconnect()
        return True

    return asyncio.run(attempt())


# --- 8: logins end --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "applicant"])
def test_a_token_is_refused_after_logout(server: ChatServer, who: str) -> None:
    token = staff_token(server) if who == "staff" else applicant_token(server)
    cookie = f"access_token={token}"
    assert call(server, "GET", "/user", cookie).status == 200 and socket_connects(server, token)  # the control
    logout = call(server, "POST", "/logout", cookie, b"{}", {"Content-Type": "application/json"})
    assert logout.status == 200 and any(c.startswith("access_token=") for c in logout.set_cookies())
    # The old token, kept by whoever copied it: refused as a cookie, as a bearer token, and by socket.io.
    assert call(server, "GET", "/user", cookie).status == 401
    assert call(server, "GET", "/user", headers={"Authorization": f"Bearer {token}"}).status == 401
    assert call(server, "POST", "/project/threads", cookie, b'{"pagination": {"first": 20}, "filter": {}}',
                {"Content-Type": "application/json"}).status == 401  # fmt: skip
    assert not socket_connects(server, token)
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Exception authenticating connection" not in log and "Traceback" not in log  # one line, no traceback
    if who == "staff":
        assert call(server, "GET", "/api/staff/feedback.csv", cookie).status == 401
    # Another login of the same account is not affected.
    other = staff_token(server) if who == "staff" else applicant_token(server)
    assert call(server, "GET", "/user", f"access_token={other}").status == 200


def test_logout_by_bearer_token_and_without_a_login(server: ChatServer) -> None:
    token = staff_token(server)
    assert call(server, "POST", "/logout", headers={"Authorization": f"Bearer {token}"}).status == 200
    assert call(server, "GET", "/user", f"access_token={token}").status == 401
    assert call(server, "POST", "/logout").status == 200  # nothing to revoke: still a clean answer
    assert call(server, "POST", "/logout", "access_token=garbage").status == 200


def test_a_staff_login_lasts_a_working_day_and_an_applicant_keeps_theirs(server: ChatServer) -> None:
    staff = claims(staff_token(server))
    applicant = claims(applicant_token(server))
    assert staff["metadata"]["role"] == "staff" and staff["jti"]
    assert 0 < staff["exp"] - staff["iat"] <= 10 * 3600  # chat.staff_login_hours, default 10
    assert applicant["metadata"]["role"] == "applicant" and applicant["jti"] != staff["jti"]
    assert applicant["exp"] - applicant["iat"] == 15 * 24 * 3600  # .chainlit/config.toml user_session_timeout


def test_a_token_cannot_be_refreshed_through_auth_jwt(server: ChatServer) -> None:
    """Chainlit's `POST /auth/jwt` issued a new token for any valid one: a stolen token could be kept alive."""
    token = staff_token(server)
    for path in ("/auth/jwt", "/auth/header"):
        answered = call(server, "POST", path, headers={"Authorization": f"Bearer {token}"})
        assert answered.status == 404 and answered.new_token() is None, (path, answered.status, answered.text)
        assert json.loads(answered.body) == {"error": "not available"}


# --- 9: wrong passwords are throttled -----------------------------------------------------------------------------


def test_guessing_a_password_is_throttled_and_logged_without_the_password(server: ChatServer) -> None:
    wrong = [f"faux-{uuid.uuid4().hex[:10]}" for _ in range(30)]
    statuses = [login(server, TARGET, password).status for password in wrong]
    assert statuses == [401] * 5 + [429] * 25, statuses  # chat.login_failures_per_account, default 5
    right = login(server, TARGET, PASSWORDS[TARGET])
    assert right.status == 429 and right.new_token() is None, (right.status, right.text)
    assert int(right.header("Retry-After") or 0) > 0
    assert "error" in json.loads(right.body)
    log = server.log.read_text(encoding="utf-8", errors="replace")
    failures = [line for line in log.splitlines() if f"login refused for account '{TARGET}' from 127.0.0.1" in line]
    assert len(failures) == 5, failures
    assert "(5 in window, 5 from this address)" in failures[-1]
    assert not [p for p in [*wrong, PASSWORDS[TARGET]] if p in log]
    # Another account from the same address is not locked (5 failures are far from the address's 20).
    assert login(server, OTHER, PASSWORDS[OTHER]).status == 200


def test_wrong_passwords_sent_all_at_once_do_not_get_past_the_limit(server: ChatServer) -> None:
    """20 guesses at once: the limit holds while the first ones are still being checked (bcrypt, off the loop)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(
            pool.map(lambda i: login(server, "agent.parallele", f"faux-{i}", "127.0.0.5").status, range(20))
        )
    assert sorted(statuses) == [401] * 5 + [429] * 15, statuses


def test_an_address_guessing_many_accounts_is_throttled_alone(server: ChatServer) -> None:
    source = "127.0.0.2"
    statuses = [login(server, f"inconnu-{i}", "faux-mot-de-passe", source).status for i in range(20)]
    assert statuses == [401] * 20, statuses  # one failure per account: only the address's limit applies
    # The 21st attempt from that address is refused before its password is looked at, even the right one...
    refused = login(server, THIRD, PASSWORDS[THIRD], source)
    assert refused.status == 429 and refused.new_token() is None and int(refused.header("Retry-After") or 0) > 0
    # ... while the account and other addresses are untouched.
    assert login(server, THIRD, PASSWORDS[THIRD], "127.0.0.3").status == 200
    long_name = "x" * 300
    assert login(server, long_name, "faux", "127.0.0.4").status == 401
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "login refused for account 'inconnu-19' from 127.0.0.2 (1 in window, 20 from this address)" in log
    assert long_name not in log  # the name is shortened in the log


# --- 16: /login keeps an applicant's session ---------------------------------------------------------------------


def test_opening_login_keeps_the_applicants_conversations_and_the_form_still_works(server: ChatServer) -> None:
    async def scenario() -> None:
        client = ChatClient(server.base)
        try:
            await client.connect()
            reply = await client.ask(QUESTION)
            assert reply.thread_id and not reply.errors, reply
            await client.disconnect()
            http_ = client.http
            token = http_.cookies.get("access_token")
            thread = f"/project/thread/{reply.thread_id}"
            for _ in range(100):  # Chainlit writes the thread's rows in background tasks
                if (await http_.get(thread)).status_code == 200:
                    break
                await asyncio.sleep(0.2)
            # A plain link to /login from another site, followed in the applicant's browser.
            opened = await http_.get("/login")
            assert opened.status_code == 200
            assert http_.cookies.get("access_token") == token, "the applicant's cookie was dropped"
            read = await http_.get(thread)
            assert read.status_code == 200 and QUESTION in read.text
            listed = await http_.post("/project/threads", json={"pagination": {"first": 20}, "filter": {}})
            assert listed.status_code == 200 and reply.thread_id in listed.text
            # The login page's own check: no user while the form is open, so the form shows.
            assert (await http_.get("/user")).status_code == 401
            # Back to the chat: the applicant is who they were.
            assert (await http_.get("/")).status_code == 200
            me = await http_.get("/user")
            assert me.status_code == 200 and me.json()["identifier"] == (client.user or {})["identifier"]
            # And the form still signs staff in from that browser.
            await client.login(STAFF_NAME, STAFF_PASSWORD)
            staff = await http_.get("/user")
            assert staff.status_code == 200 and staff.json()["identifier"] == STAFF_NAME
        finally:
            await client.close()

    asyncio.run(scenario())


def test_a_stale_login_form_marker_does_not_hide_staff(server: ChatServer) -> None:
    token = staff_token(server)
    opened = call(server, "GET", "/login", f"access_token={token}")
    assert opened.status == 200 and opened.new_token() is None
    assert not [c for c in opened.set_cookies() if c.startswith("access_token=")]
    markers = "; ".join(c.split(";", 1)[0] for c in opened.set_cookies())
    cookie = f"access_token={token}" + (f"; {markers}" if markers else "")
    me = call(server, "GET", "/user", cookie)
    assert me.status == 200 and json.loads(me.body)["identifier"] == STAFF_NAME  # the form goes on to the chat


def test_the_hourly_purge_forgets_revocations_once_their_tokens_expired(tmp_path: Any) -> None:
    import sqlite3

    from assistant.chatstore import create_schema, purge
    from assistant.settings import ChatSettings

    chat = ChatSettings(data_dir=tmp_path / "chat")
    create_schema(chat.db_path)
    with closing(sqlite3.connect(chat.db_path)) as db, db:
        db.executemany(
            'INSERT INTO revoked_logins ("jti", "expires") VALUES (?, ?)',
            [("expired", "2020-01-01T00:00:00"), ("live", "2999-01-01T00:00:00")],
        )
    purge(chat)
    with closing(sqlite3.connect(chat.db_path)) as db:
        assert [row[0] for row in db.execute('SELECT "jti" FROM revoked_logins')] == ["live"]
