"""Logins of the chat: tokens that end, a throttle on wrong passwords, and a login form that keeps applicants.

- Every login token gets an id (`jti`) and a lifetime by role: a helpdesk login lasts a working day
  (`chat.staff_login_hours`), an applicant's anonymous identity Chainlit's `user_session_timeout` (15 days).
- `POST /logout` revokes the caller's token: its id goes to the chat database's `revoked_logins` table (shared
  by the servers on one data folder, kept across restarts until the token would have expired), and every token
  check refuses it from then on, over HTTP and socket.io alike.
- `POST /login` counts wrong passwords per account and per client address in a sliding window and refuses
  (429) any attempt past the limit before the password is looked at; each failure is one log line, never
  with the password.
- `GET /login` no longer drops an applicant's cookie: it sets a short-lived marker under which `GET /user`
  answers 401 for an applicant, so the frontend shows the form; any other page clears the marker.

Chainlit 2.12.0: `create_jwt` gives every token the same lifetime and no id, `POST /logout` only deletes the
cookie (a copied token stays valid for 15 days), `POST /auth/jwt` issues a fresh token for any valid one (a
stolen token could be kept alive forever), and `POST /login` has no limit nor log. `install` swaps its token
functions and puts the routes here in front of its own.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import hashlib
import logging
import secrets
import sqlite3
import time
from contextlib import closing
from typing import TYPE_CHECKING, Annotated, Any

import jwt as pyjwt
from fastapi import Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordRequestForm
from starlette.responses import JSONResponse, Response

from assistant import web
from assistant.errors import ChatStoreError

if TYPE_CHECKING:
    from chainlit.user import User
    from fastapi import APIRouter

log = logging.getLogger("assistant.logins")

LOGIN_FORM_COOKIE = "login_form"  # set by GET /login: the page shows the form, not the applicant's chat
LOGIN_FORM_SECONDS = 15 * 60  # time enough to type a password; a later GET /user is the applicant's again
SHOWN_NAME_CHARS = 40  # an account name in the log is cut here (it is the client's text)
CLOSED = ("/auth/jwt", "/auth/header")  # token refresh and header login: the app uses neither


# --- tokens ----------------------------------------------------------------------------------------------------


def _secret() -> str:
    from chainlit.auth.jwt import get_jwt_secret

    secret = get_jwt_secret()
    if not secret:  # `assistant chat` sets it (staff.auth_secret): a server started otherwise cannot sign in
        raise RuntimeError("CHAINLIT_AUTH_SECRET is not set")
    return secret


def create_token(user: User) -> str:
    """A signed login token like Chainlit's, with a random id and a lifetime by role (see the module)."""
    from chainlit.config import config

    now = dt.datetime.now(dt.UTC)
    if (user.metadata or {}).get("role") == web.STAFF:
        lifetime = dt.timedelta(hours=web.settings().chat.staff_login_hours)
    else:
        lifetime = dt.timedelta(seconds=config.project.user_session_timeout)
    claims = user.to_dict() | {"jti": secrets.token_urlsafe(18), "iat": now, "exp": now + lifetime}
    return pyjwt.encode(claims, _secret(), algorithm="HS256")


def decode_token(token: str) -> User:
    """The user of a valid token: signed, not expired, not logged out, and a staff one within the working day.

    Raises a jwt.InvalidTokenError otherwise (what Chainlit's callers of decode_jwt catch as any exception)."""
    from chainlit.user import User

    claims = _verified(token)
    if (claims.get("metadata") or {}).get("role") == web.STAFF:
        # A token made before tokens had a working-day lifetime (15 days) ends with the working day too.
        issued = claims.get("iat")
        hours = web.settings().chat.staff_login_hours
        if not isinstance(issued, int | float) or issued + hours * 3600 < time.time():
            raise pyjwt.ExpiredSignatureError("staff login older than chat.staff_login_hours")
    if is_revoked(token_key(token, claims)):
        raise pyjwt.InvalidTokenError("logged out")
    claims.pop("exp", None)
    return User(**claims)  # as Chainlit's decode_jwt: the other claims (iat, jti) are ignored


def _verified(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = pyjwt.decode(token, _secret(), algorithms=["HS256"], options={"require": ["exp"]})
    return claims


def token_key(token: str, claims: dict[str, Any]) -> str:
    """What a logout records: the token's id, or the hash of a token made before tokens had one."""
    jti = claims.get("jti")
    return jti if isinstance(jti, str) and jti else "sha256:" + hashlib.sha256(token.encode()).hexdigest()


_revoked_here: dict[str, float] = {}  # key -> expiry: this process's logouts (refused even if the write failed)
_unreadable_logged = [0.0]  # when the revocation table's failure was last logged (one line a minute at most)


def is_revoked(key: str) -> bool:
    """Whether a token was logged out, by this server or another on the same data folder.

    A database that cannot be read refuses every token: a logout must not be undone by a broken file."""
    from assistant.chatstore import read_rows

    if key in _revoked_here:
        return True
    try:
        return bool(read_rows(web.settings().chat.db_path, 'SELECT 1 FROM revoked_logins WHERE "jti" = ?', key))
    except ChatStoreError as exc:
        if time.monotonic() - _unreadable_logged[0] > 60:
            _unreadable_logged[0] = time.monotonic()
            log.error("logins refused: the revoked logins cannot be read: %s", exc)
        return True


def revoke(token: str) -> dict[str, Any] | None:
    """Record a valid token as logged out until its expiry; its claims, or None for no valid token."""
    try:
        claims = _verified(token)
    except pyjwt.InvalidTokenError:
        return None  # forged, damaged or expired: nothing to end
    now = time.time()
    for key, expires in list(_revoked_here.items()):
        if expires < now:
            del _revoked_here[key]
    key = token_key(token, claims)
    _revoked_here[key] = float(claims["exp"])
    expires_at = dt.datetime.fromtimestamp(claims["exp"], dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    db_path = web.settings().chat.db_path
    try:
        with closing(sqlite3.connect(db_path, timeout=30)) as connection, connection:
            connection.execute(
                'INSERT OR REPLACE INTO revoked_logins ("jti", "expires") VALUES (?, ?)', (key, expires_at)
            )
    except sqlite3.Error as exc:  # still refused here; other servers and a restart would accept it
        log.error("logout not recorded in %s (%s): refused by this server only", db_path, exc)
    return claims


def request_token(request: Request) -> str | None:
    """The request's login token: its cookie (chunked or not), else an `Authorization: Bearer` header, as
    Chainlit reads it."""
    from chainlit.auth import get_token_from_cookies

    token = get_token_from_cookies(dict(request.cookies))
    if not token:
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        token = value.strip() if scheme.lower() == "bearer" else ""
    return token or None


# --- the throttle ----------------------------------------------------------------------------------------------


class Throttle:
    """Failed logins by key (an account, an address) in a sliding window.

    In memory, which is enough against guessing: a restart forgets the counts, and servers sharing a data folder
    each count their own (the limits are per server)."""

    MAX_KEYS = 10_000  # keys with a failure in the window; beyond, the oldest are forgotten (memory stays bounded)

    def __init__(self) -> None:
        self._failures: dict[str, collections.deque[float]] = {}

    def _recent(self, key: str, window: float, now: float) -> collections.deque[float]:
        times = self._failures.get(key) or collections.deque()
        while times and times[0] <= now - window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def retry_after(self, key: str, limit: int, window: float, now: float) -> float:
        """Seconds until the key may try again: 0 below its limit."""
        times = self._recent(key, window, now)
        return times[-limit] + window - now if len(times) >= limit else 0.0

    def fail(self, key: str, window: float, now: float) -> int:
        """Count a failure; the key's failures in the window."""
        times = self._recent(key, window, now)
        self._failures.pop(key, None)  # moved last: the keys under attack are the last forgotten
        times.append(now)
        while len(times) > 1000:
            times.popleft()
        self._failures[key] = times
        if len(self._failures) > self.MAX_KEYS:
            for old in list(self._failures)[: len(self._failures) - self.MAX_KEYS]:
                del self._failures[old]
        return len(times)

    def undo(self, key: str, stamp: float) -> None:
        """Take back a failure counted at ``stamp`` (an attempt counted before its outcome was known)."""
        times = self._failures.get(key)
        if times is not None and stamp in times:
            times.remove(stamp)
            if not times:
                del self._failures[key]

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)


_accounts = Throttle()
_addresses = Throttle()
_quiet_until: dict[tuple[str, str], float] = {}  # (account, address) -> end of a lock already logged


def _shown(name: str) -> str:
    """An account name for the log: quoted (control characters escaped) and cut."""
    return repr(name[:SHOWN_NAME_CHARS]) + ("..." if len(name) > SHOWN_NAME_CHARS else "")


async def login(request: Request, form_data: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Response:
    """`POST /login`: Chainlit's login form, refused (429) while its account or address is over its limit of
    wrong passwords; each failure logged (account and address, never the password)."""
    from chainlit import server

    chat = web.settings().chat
    window = chat.login_window_minutes * 60
    name, address = form_data.username, request.client.host if request.client else "unknown"
    account = name[:128]  # names are at most 64 characters: longer ones share a key, which only throttles more
    now = time.monotonic()
    wait = max(
        _accounts.retry_after(account, chat.login_failures_per_account, window, now),
        _addresses.retry_after(address, chat.login_failures_per_address, window, now),
    )
    if wait > 0:
        if _quiet_until.get((account, address), 0.0) <= now:  # one line per lock, not one per attempt
            _quiet_until[(account, address)] = now + wait
            log.warning(
                "login throttled for account %s from %s for %d s (attempts refused until then, not logged)",
                _shown(name),
                address,
                wait + 1,
            )
            if len(_quiet_until) > Throttle.MAX_KEYS:
                for key, until in list(_quiet_until.items()):
                    if until <= now:
                        del _quiet_until[key]
                if len(_quiet_until) > Throttle.MAX_KEYS:  # that many locks at once: log again rather than grow
                    _quiet_until.clear()
        return JSONResponse(
            {"error": "too many failed logins: try again later", "detail": "too many failed logins"},
            status_code=429,
            headers={"Retry-After": str(int(wait) + 1)},
        )
    # Counted as failures before the password is checked (bcrypt runs off the event loop): attempts sent all at
    # once cannot get past the limit while the first ones are still being checked.
    failures = _accounts.fail(account, window, now)
    from_address = _addresses.fail(address, window, now)
    try:
        response: Response = await server.login(request, Response(), form_data)
    except Exception as exc:
        if not (isinstance(exc, HTTPException) and exc.status_code == 401):  # not a wrong password
            _accounts.undo(account, now)
            _addresses.undo(address, now)
            raise
        log.warning(
            "login refused for account %s from %s (%d in window, %d from this address)",
            _shown(name),
            address,
            failures,
            from_address,
        )
        return JSONResponse({"error": "wrong user name or password", "detail": "credentialssignin"}, status_code=401)
    _accounts.clear(account)
    _addresses.undo(address, now)
    response.delete_cookie(LOGIN_FORM_COOKIE, path="/")
    return response


# --- logout, the login form -----------------------------------------------------------------------------------


async def logout(request: Request) -> Response:
    """`POST /logout`: the caller's token (cookie or bearer) is refused from now on, and its cookie cleared."""
    from chainlit.auth import clear_auth_cookie

    token = request_token(request)
    claims = await asyncio.to_thread(revoke, token) if token else None
    if claims is not None and (claims.get("metadata") or {}).get("role") == web.STAFF:
        log.info("logout of staff account %s", _shown(str(claims.get("identifier"))))
    response = JSONResponse({"success": True})
    clear_auth_cookie(request, response)
    return response


def open_login_form(response: Response) -> None:
    """GET /login: mark the browser as on the login form (see `current_user`), its login cookie kept."""
    response.set_cookie(LOGIN_FORM_COOKIE, "1", max_age=LOGIN_FORM_SECONDS, path="/", httponly=True, samesite="lax")


def close_login_form(request: Request, response: Response) -> None:
    """Any other page: the browser left the login form."""
    if LOGIN_FORM_COOKIE in request.cookies:
        response.delete_cookie(LOGIN_FORM_COOKIE, path="/")


async def current_user(request: Request) -> Response:
    """`GET /user`: Chainlit's, except that an applicant on the login form is nobody (a 401), so that the form
    shows instead of the frontend moving on to the applicant's chat (Chainlit's login page does that as soon
    as `/user` answers a user)."""
    from chainlit.auth import get_current_user
    from fastapi.encoders import jsonable_encoder

    if LOGIN_FORM_COOKIE in request.cookies and web.current_role(request) == web.APPLICANT:
        return JSONResponse({"error": "not signed in", "detail": "login form open"}, status_code=401)
    user = await get_current_user(request_token(request))  # type: ignore[arg-type]  # None: a 401 as in Chainlit
    return JSONResponse(jsonable_encoder(user))


async def socket_user(token: str) -> Any:
    """The socket.io connect's user: None for a refused token (expired, logged out, forged).

    Chainlit 2.12.0's connect logs the 401 of a refused token with its traceback, then refuses the connection with
    one line ("Authentication failed in websocket connect."): a tab left open after a logout is that one line."""
    from chainlit.auth import get_current_user

    try:
        return await get_current_user(token=token)
    except HTTPException as exc:
        if exc.status_code != 401:
            raise
        return None


def install(router: APIRouter) -> None:
    """Swap Chainlit's token functions for these wherever they were imported, make sure the revocation table
    exists, and add the login routes (web.install puts them in front of Chainlit's)."""
    import chainlit.auth
    import chainlit.auth.jwt
    import chainlit.server
    import chainlit.socket

    from assistant.chatstore import create_schema

    # Chainlit 2.12.0 imports create_jwt / decode_jwt by name into chainlit.auth (authenticate_user, hence
    # get_current_user: every route and the socket.io connect) and chainlit.server (login, /auth/jwt).
    for module in (chainlit.auth.jwt, chainlit.auth, chainlit.server):
        module.create_jwt = create_token  # type: ignore[attr-defined]
        module.decode_jwt = decode_token  # type: ignore[attr-defined]
    chainlit.socket.get_current_user = socket_user  # type: ignore[attr-defined,assignment]
    try:
        create_schema(web.settings().chat.db_path)
    except ChatStoreError as exc:  # every token is refused until it is readable (see is_revoked)
        log.error("logins: %s", exc)
    router.add_api_route("/login", login, methods=["POST"], include_in_schema=False)
    router.add_api_route("/logout", logout, methods=["POST"], include_in_schema=False)
    router.add_api_route("/user", current_user, methods=["GET"], response_model=None, include_in_schema=False)
    for path in CLOSED:
        router.add_api_route(path, web.not_offered, methods=["POST"], include_in_schema=False)
