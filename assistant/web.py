"""The HTTP side of the chat server: the answer engine behind a lock, `POST /api/ask`, the helpdesk's CSV
exports, stored chat files, and five changes to Chainlit's server.

- Its page links web fonts and a KaTeX stylesheet on public CDNs: they are stripped, so the page works
  air-gapped and tells no third party who reads it.
- Applicants use the chat without an account: a page load without a login gets an anonymous applicant
  identity (a signed cookie, like any Chainlit login); `/login` is the helpdesk's door (logins.py: tokens that
  end, a throttle on wrong passwords).
- French is the default language; a browser asking for English gets English.
- A conversation is its author's: feedback, threads, elements and files are checked against the signed-in
  user, Chainlit routes the app does not use are closed, and traversal paths are refused (see `PathGuard`).
- Every request meets `serving.Boundary` first: a body deadline, JSON-only routes, Secure cookies over HTTPS,
  and any escaped exception as one log line (see assistant/serving.py).

Chainlit's catch-all page route (`GET /{path}`) answers every GET added after it, so the routes here are
put in front of it (see `install`).
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import json
import logging
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import FastAPI, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from assistant.errors import first_problem
from assistant.guard import MAX_QUESTION_CHARS, QuestionRejected, check_question
from assistant.settings import Settings, load_settings

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

    from assistant.answer import Answer, Engine

MAX_BODY_BYTES = 256 * 1024  # a question and its history fit many times over
MAX_COMMENT_CHARS = 2_000  # a feedback comment, as long as a question
APPLICANT = "applicant"
STAFF = "staff"


class AskRequest(BaseModel):
    """The body of `POST /api/ask`."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(description=f"The question, as typed (at most {MAX_QUESTION_CHARS} characters).")
    today: dt.date | None = Field(default=None, description="The date to answer as of (YYYY-MM-DD).")
    history: list[Annotated[str, Field(max_length=MAX_QUESTION_CHARS)]] = Field(
        default_factory=list, max_length=50, description="The conversation's earlier questions, oldest first."
    )


@cache
def settings() -> Settings:
    return load_settings()


log = logging.getLogger("assistant")
_engine_lock = threading.Lock()
_reload_lock = threading.Lock()
_served: dict[str, Any] = {"engine": None, "failed": None}  # the engine, and a build that failed to load


def engine() -> Engine:
    """The answer engine of this server, on the build the index serves now.

    A re-index switches the served build; the next call loads the new one (a file read when
    nothing changed). A build that fails to load is reported once and the current engine goes on.
    """
    import logging

    from assistant import runtime
    from assistant.answer import Engine
    from assistant.errors import AssistantError, IndexUnavailable
    from assistant.index import current_build

    with _reload_lock:
        current: Engine | None = _served["engine"]
        try:
            served = current_build(settings())
        except AssistantError:
            served = None  # an unreadable pointer: keep what is loaded
        if current is not None and (served is None or served in (current.retriever.build, _served["failed"])):
            return current
        runtime.configure(settings())
        try:
            loaded = Engine(settings())
        except AssistantError as exc:
            if current is None:
                raise
            logging.getLogger(__name__).error(
                "build %s not loaded, still serving %s: %s", served, current.retriever.build, exc
            )
            if not isinstance(exc, IndexUnavailable):  # a Chroma server out of reach: tried again next question
                _served["failed"] = served
            return current
        _served.update(engine=loaded, failed=None)
        return loaded


async def ask(question: str, today: dt.date | None = None, history: tuple[str, ...] = ()) -> Answer:
    """The engine's answer, computed off the event loop within the question's time budget (else OverBudget);
    logged as the settings allow (chat.log_questions)."""
    budget = settings().chat.question_seconds
    answer: Answer = await run(lambda: engine().ask(question, today, history), budget=budget)
    log_answer(answer, settings().chat.log_questions)
    return answer


def configure_logging() -> None:
    """The server's log: the assistant's lines (answers, reloads, retention) on stderr, with their time."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False  # Chainlit's CLI gives the root logger a handler too: each line was written twice


def log_answer(answer: Answer, with_question: bool) -> None:
    """One log line per answer: its route, status, length and citations; its words only when allowed."""
    words = f" question={answer.question!r}" if with_question else ""
    log.info(
        "answered route=%s status=%s chars=%d citations=%d%s",
        answer.route,
        answer.status,
        len(answer.question),
        len(answer.citations),
        words,
    )


def start_purging(every: float = 3600) -> None:
    """Delete the conversations older than the retention setting now, then every ``every`` seconds."""
    from assistant.chatstore import purge
    from assistant.errors import AssistantError

    def loop() -> None:
        while True:
            try:
                conversations, files = purge(settings().chat)
                if conversations:
                    log.info("retention: %d conversation(s), %d file(s) deleted", conversations, files)
            except AssistantError as exc:
                log.error("retention: %s", exc)
            except Exception:  # the pass must go on next hour whatever this one met
                log.exception("retention: pass failed")
            time.sleep(every)

    threading.Thread(target=loop, name="retention", daemon=True).start()


# The engine's own thread: questions queue there, not in asyncio's default pool, where they would hold up what
# else runs off the event loop (writing a reply's files, a login's bcrypt, a rating's checks) while they wait
# (tests/test_load.py: the work after an answer fell from about 1 s to 0.1 s at the median under load).
_engine_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine")


async def run(function: Any, *args: Any, budget: float | None = None) -> Any:
    """Work through the models (a question, a draft), off the event loop and one at a time; with a budget (seconds,
    waiting for the engine included), OverBudget once it is spent: the caller waits no longer, work still queued
    never starts, and the engine stops at its next stage (ratelimit.DEADLINE)."""
    from assistant.errors import OverBudget
    from assistant.ratelimit import DEADLINE

    def locked() -> Any:
        with _engine_lock:
            return function(*args)

    context = contextvars.copy_context()
    if budget is not None:  # read in the engine's thread, in this context
        context.run(DEADLINE.set, time.monotonic() + budget)
    work = asyncio.get_running_loop().run_in_executor(_engine_thread, context.run, locked)
    if budget is None:
        return await work
    try:
        return await asyncio.wait_for(work, budget)  # cancels the work if it has not started
    except (TimeoutError, OverBudget):  # the caller's wait ran out, or the engine stopped at a checkpoint
        log.warning("question given up: over its time budget of %g s", budget)
        raise OverBudget() from None


# --- limits on questions (ratelimit.py): one client must not hold the engine ----------------------------------


@cache
def question_limits() -> Any:
    """This server's question limits (chat.questions_per_minute, chat.questions_per_minute_per_address)."""
    from assistant.ratelimit import QuestionLimits

    chat = settings().chat
    return QuestionLimits(chat.questions_per_minute, chat.questions_per_minute_per_address)


def admit(identity: str | None, address: str | None) -> float:
    """0 when a question may go to the engine (then counted), else the seconds to wait; a refusal is logged
    without the identity or the address."""
    wait: float = question_limits().admit(identity, address)
    if wait > 0:
        log.info("question refused: rate limit (retry in %.0f s)", wait)
    return wait


# --- the API -----------------------------------------------------------------------------------------------


async def api_ask(request: Request) -> Response:
    """`POST /api/ask`: the answer contract of `assistant ask --json`; a bad body is a 422 saying what is wrong."""
    from starlette.responses import JSONResponse

    asked, problem = await _request_model(request, AskRequest)
    if problem is not None:
        return problem
    try:
        question = check_question(asked.question)
    except QuestionRejected as exc:
        return JSONResponse({"error": str(exc)}, status_code=422)
    from assistant.errors import IndexUnavailable, OverBudget
    from assistant.ratelimit import budget_message, limit_message, retry_after

    # Finding 7 of issue 15: a per-address limit (the API has no login) and a time budget.
    wait = admit(None, request.client.host if request.client else None)
    if wait > 0:
        headers = {"Retry-After": str(retry_after(wait))}
        return JSONResponse({"error": limit_message(wait, "en")}, status_code=429, headers=headers)
    try:
        answer = await ask(question, asked.today, tuple(asked.history))
    except IndexUnavailable as exc:  # the Chroma server is down or restarting: a retry may work
        return JSONResponse({"error": str(exc)}, status_code=503, headers={"Retry-After": "5"})
    except OverBudget:
        return JSONResponse({"error": budget_message(settings().chat.question_seconds, "en")}, status_code=503)
    return JSONResponse(answer.model_dump(mode="json"))


async def _body(request: Request, limit: int) -> bytes | None:
    """The request's body, or None when it is longer than limit bytes (read no further than that)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def staff_export(request: Request) -> Response:
    """`GET /api/staff/{feedback,refused}.csv`: the helpdesk's exports; staff login required."""
    from starlette.responses import JSONResponse, Response

    from assistant.chatstore import feedback_csv, refused_csv

    if current_role(request) != STAFF:
        return JSONResponse({"error": "staff login required"}, status_code=401)
    what = request.path_params["what"]
    make = {"feedback": feedback_csv, "refused": refused_csv}.get(what)
    if make is None:
        return JSONResponse({"error": f"unknown export {what!r} (feedback, refused)"}, status_code=404)
    text = make(settings().chat.db_path)
    headers = {"Content-Disposition": f'attachment; filename="{what}.csv"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


async def stored(request: Request) -> Response:
    """`GET /storage/{key}`: a file shown in the chat (a citation, a calendar), for its owner and for staff.

    Chainlit's data layer stores an element's file under `<owner's users.id>/<element id>/<name>` (the owner
    is "unknown" when the thread row was not written yet): another visitor gets the 404 of a missing file.
    """
    from starlette.responses import FileResponse, JSONResponse

    from assistant.chatstore import stored_file

    user = current_user(request)
    role = role_of(user.identifier, user.metadata) if user is not None else None
    if user is None or role is None:
        return _not_signed_in()
    key = request.path_params["key"]
    path = stored_file(settings().chat.files_dir, key)
    if path is None or (role != STAFF and not await owns_file(user.identifier, key)):
        return JSONResponse({"error": "no such file"}, status_code=404)
    return FileResponse(path)


# Chainlit loads a custom element's component from public/elements/<element name>.jsx; these names share one.
ELEMENT_COMPONENTS = {re.compile(r"Source \d+"): "Passage", re.compile(r"Brouillon"): "Draft"}


async def element_component(request: Request) -> Response:
    """`GET /public/elements/{name}.jsx`: the component of a custom element, by the element's name."""
    from chainlit.config import public_dir
    from starlette.responses import FileResponse, JSONResponse

    from assistant.chatstore import stored_file

    name = request.path_params["name"]
    component = next((c for pattern, c in ELEMENT_COMPONENTS.items() if pattern.fullmatch(name)), name)
    path = stored_file(Path(public_dir, "elements"), f"{component}.jsx")
    if path is None:
        return JSONResponse({"detail": "File not found"}, status_code=404)
    return FileResponse(path, media_type="text/javascript")


# --- the chat's data is its author's ---------------------------------------------------------------------------
# Chainlit checks the author on its thread routes, but not on feedback (any message id could be rated, and any
# feedback id overwritten or deleted) nor on element edits (a session of one's own, an element of anyone's).

FLUSH_WAIT = 15.0  # seconds a rating waits for its message's row: Chainlit writes steps in background tasks


async def _rows(sql: str, *params: object) -> list[Any]:
    """Rows of a read-only query on the chat database; none if it does not exist (yet) or cannot be read."""
    from assistant.chatstore import read_rows
    from assistant.errors import ChatStoreError

    try:
        return await asyncio.to_thread(read_rows, settings().chat.db_path, sql, *params)
    except ChatStoreError:
        return []  # refused rather than guessed


async def thread_owner(thread_id: str) -> str | None:
    """The identifier of a thread's author, or None for an unknown thread (or one not written yet)."""
    rows = await _rows('SELECT "userIdentifier" FROM threads WHERE "id" = ?', thread_id)
    return rows[0]["userIdentifier"] if rows else None


async def step_exists(step_id: str) -> bool:
    """Whether a message (step) id is taken already, in any conversation."""
    return bool(await _rows('SELECT 1 FROM steps WHERE "id" = ?', step_id))


async def owns_file(identifier: str, key: str) -> bool:
    """Whether a stored file's key is the user's: its first part is their users.id, or its element is in
    one of their threads."""
    rows = await _rows(
        """SELECT 1 FROM users WHERE "identifier" = ? AND "id" = ?
        UNION ALL
        SELECT 1 FROM elements e JOIN threads t ON t."id" = e."threadId"
        WHERE e."objectKey" = ? AND t."userIdentifier" = ?""",
        identifier,
        key.split("/", 1)[0],
        key,
        identifier,
    )
    return bool(rows)


async def step_thread(step_id: str, identifier: str, session_id: str | None) -> str | None:
    """The thread of a message (step) of the user's, or None if it is not theirs or does not exist.

    The browser may rate an answer before Chainlit's background writes reach the database: a step or a thread
    row still missing is waited for (FLUSH_WAIT), and a thread row written without its author yet is vouched
    for by the user's own live session on that thread.
    """
    from chainlit.session import WebsocketSession

    deadline = time.monotonic() + FLUSH_WAIT
    while True:
        rows = await _rows(
            """SELECT s."threadId" AS thread_id, t."userIdentifier" AS owner
            FROM steps s LEFT JOIN threads t ON t."id" = s."threadId" WHERE s."id" = ?""",
            step_id,
        )
        if rows:
            thread_id, owner = rows[0]["thread_id"], rows[0]["owner"]
            if owner is not None:
                return thread_id if owner == identifier else None
            session = WebsocketSession.get_by_id(session_id) if session_id else None
            mine = session is not None and session.user is not None and session.user.identifier == identifier
            if mine and session is not None and session.thread_id == thread_id:
                return str(thread_id)
        if time.monotonic() > deadline:
            return None
        await asyncio.sleep(0.1)


async def _request_model(request: Request, model: Any) -> tuple[Any, Response | None]:
    """A JSON body (at most MAX_BODY_BYTES) validated by a request model, or the 413 / 422 saying what is wrong."""
    from starlette.responses import JSONResponse

    raw = await _body(request, MAX_BODY_BYTES)
    if raw is None:
        return None, JSONResponse({"error": f"body: too large (at most {MAX_BODY_BYTES:,} bytes)"}, status_code=413)
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):  # RecursionError: [[[[...]]]]
        return None, JSONResponse({"error": "body: not valid JSON"}, status_code=422)
    try:
        return model.model_validate(body), None
    except ValidationError as exc:
        field, reason = first_problem(exc, "body")
        return None, JSONResponse({"error": f"{field}: {reason}"}, status_code=422)


class SessionCookieRequest(BaseModel):
    """The body of `POST /set-session-cookie`, which the chat page sends before opening its websocket."""

    session_id: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9-]+$")


async def session_cookie(request: Request) -> Response:
    """Chainlit's `POST /set-session-cookie`, with its body checked: a malformed one was a 500 and a traceback."""
    from starlette.responses import JSONResponse

    asked, problem = await _request_model(request, SessionCookieRequest)
    if problem is not None:
        return problem
    response = JSONResponse({"message": "Session cookie set"})
    local = request.client is not None and request.client.host in ("127.0.0.1", "localhost")
    response.set_cookie(  # as Chainlit sets it (chainlit/server.py, set_session_cookie)
        key="X-Chainlit-Session-id",
        value=asked.session_id,
        path="/",
        httponly=True,
        secure=not local,
        samesite="lax" if local else "none",
    )
    return response


async def _signed_in_body(request: Request, model: Any) -> tuple[Any, Any, Response | None]:
    """The signed-in user and their request's body validated by ``model``, or the 401 / 413 / 422 to answer."""
    user = current_user(request)
    if user is None:
        return None, None, _not_signed_in()
    body, problem = await _request_model(request, model)
    return user, body, problem


def _not_signed_in() -> Response:
    from starlette.responses import JSONResponse

    return JSONResponse({"error": "not signed in"}, status_code=401)


async def put_feedback(request: Request) -> Response:
    """`PUT /feedback`: rate one's own answer; another user's message (or feedback id) is a 404, nothing written.

    Closes Chainlit's route taking any `forId` and any feedback `id` (an upsert: someone else's rating could be
    rewritten) and trusting the client's `threadId`, which is set here from the rated message.
    """
    from chainlit import server
    from chainlit.types import UpdateFeedbackRequest
    from starlette.responses import JSONResponse

    user, update, problem = await _signed_in_body(request, UpdateFeedbackRequest)
    if problem is not None:
        return problem
    feedback = update.feedback
    from assistant.socketguard import is_uuid

    if not is_uuid(feedback.forId) or (feedback.id and not is_uuid(feedback.id)):
        return JSONResponse({"error": "feedback: forId and id must be ids the chat gave"}, status_code=422)
    if len(feedback.comment or "") > MAX_COMMENT_CHARS:
        return JSONResponse({"error": f"feedback.comment: at most {MAX_COMMENT_CHARS:,} characters"}, status_code=422)
    thread_id = await step_thread(feedback.forId, user.identifier, update.sessionId)
    if thread_id is None:
        return JSONResponse({"error": "no such message"}, status_code=404)
    if feedback.id:
        existing = await _rows('SELECT "forId" FROM feedbacks WHERE "id" = ?', feedback.id)
        if existing and existing[0]["forId"] != feedback.forId:
            return JSONResponse({"error": "no such feedback"}, status_code=404)
    feedback.threadId = thread_id
    response: Response = await server.update_feedback(request, update, user)
    return response


async def delete_feedback(request: Request) -> Response:
    """`DELETE /feedback`: remove one's own rating; another user's feedback id is a 404, nothing deleted."""
    from chainlit import server
    from chainlit.types import DeleteFeedbackRequest
    from starlette.responses import JSONResponse

    user, payload, problem = await _signed_in_body(request, DeleteFeedbackRequest)
    if problem is not None:
        return problem
    rows = await _rows(
        """SELECT t."userIdentifier" AS owner FROM feedbacks f JOIN steps s ON s."id" = f."forId"
        JOIN threads t ON t."id" = s."threadId" WHERE f."id" = ?""",
        payload.feedbackId,
    )
    if not rows or rows[0]["owner"] != user.identifier:
        return JSONResponse({"error": "no such feedback"}, status_code=404)
    response: Response = await server.delete_feedback(request, payload, user)
    return response


async def own_thread(request: Request) -> Response:
    """`GET /project/thread/{thread_id}` (and `.../element/{element_id}`), `PUT` and `DELETE /project/thread`:
    for the thread's author only, then Chainlit's route does the work.

    Chainlit answers another user's thread with a 401 but an unknown id with a 500 (its get_thread_author
    raises): here both are the same 404, which tells nobody whether the thread exists.
    """
    from chainlit import server
    from chainlit.types import DeleteThreadRequest, UpdateThreadRequest
    from starlette.responses import JSONResponse

    user = current_user(request)
    if user is None:
        return _not_signed_in()
    payload: Any = None
    if request.method == "GET":
        thread_id = request.path_params["thread_id"]
    else:
        model: Any = UpdateThreadRequest if request.method == "PUT" else DeleteThreadRequest
        payload, problem = await _request_model(request, model)
        if problem is not None:
            return problem
        thread_id = payload.threadId
    if await thread_owner(thread_id) != user.identifier:
        return JSONResponse({"error": "no such conversation"}, status_code=404)
    if "element_id" in request.path_params:
        element_id = request.path_params["element_id"]
        if not await _rows('SELECT 1 FROM elements WHERE "id" = ? AND "threadId" = ?', element_id, thread_id):
            return JSONResponse({"error": "no such element"}, status_code=404)  # Chainlit: a 200 "null"
        response = await server.get_thread_element(request, thread_id, element_id, user)
    elif request.method == "GET":
        response = await server.get_thread(request, thread_id, user)
    elif request.method == "PUT":
        response = await server.rename_thread(request, payload, user)
    else:
        response = await server.delete_thread(request, payload, user)
    return response  # type: ignore[no-any-return]  # Chainlit's routes are not annotated


class ActionFields(BaseModel):
    """A chat button, as Chainlit's Action takes it (an unknown or missing field was a 500)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=100)
    payload: dict[str, Any]
    label: str = Field(default="", max_length=1000)
    tooltip: str = Field(default="", max_length=1000)
    icon: str | None = Field(default=None, max_length=100)
    forId: str | None = Field(default=None, max_length=100)
    id: str | None = Field(default=None, max_length=100)


class ActionRequest(BaseModel):
    """The body of `POST /project/action`."""

    model_config = ConfigDict(extra="forbid")

    sessionId: str = Field(max_length=100)
    action: ActionFields


async def call_action(request: Request) -> Response:
    """`POST /project/action`: a button of one's own live chat session; any other session is a 404.

    Chainlit 2.12.0 answered an unknown session with a 500 and a traceback (`WebsocketSession.get_by_id` gives
    None, used at once) and a malformed action with another.
    """
    from chainlit import server
    from chainlit.session import WebsocketSession
    from chainlit.types import CallActionRequest
    from starlette.responses import JSONResponse

    user, asked, problem = await _signed_in_body(request, ActionRequest)
    if problem is not None:
        return problem
    session = WebsocketSession.get_by_id(asked.sessionId)
    if session is None or session.user is None or session.user.identifier != user.identifier:
        return JSONResponse({"error": "no such session"}, status_code=404)
    payload = CallActionRequest(sessionId=asked.sessionId, action=asked.action.model_dump(exclude_none=True))
    response: Response = await server.call_action(payload, user)
    return response


async def not_offered(request: Request) -> Response:
    """Chainlit routes this app does not use, closed (see CLOSED_ROUTES)."""
    from starlette.responses import JSONResponse

    return JSONResponse({"error": "not available"}, status_code=404)


CLOSED_ROUTES = [
    # The app never edits or removes an element from the browser. Chainlit's routes check that the session is
    # the caller's, not that the element is: one could overwrite or delete any user's element (and its file) by
    # id. They are also where CVE-2026-22218 / CVE-2026-22219 (file read through an element's `path`, SSRF
    # through its `url`, fixed in Chainlit 2.9.4) were.
    ("/project/element", ["PUT", "DELETE"]),
    # Thread sharing is off ([features] allow_thread_sharing = false), but the routes answered anyway: a shared
    # thread is readable by every signed-in visitor.
    ("/project/thread/share", ["PUT"]),
    ("/project/share/{thread_id}", ["GET"]),
    # MCP is off ([features.mcp] enabled = false): no route to reach it at all.
    ("/mcp", ["POST", "DELETE"]),
    # File upload is off ([features.spontaneous_file_upload] enabled = false), but Chainlit 2.12.0's route still
    # reads the whole upload into memory and creates the session's folder before it checks that setting.
    ("/project/file", ["POST"]),
]


class PathGuard:
    """ASGI middleware: a request path holding a NUL, a backslash, a `.` / `..` segment or an empty one (an
    absolute path glued on: `//etc/passwd`), once percent-decoded (`%2e%2e`, `%2f`, `%5c`, `%00`), is a 400
    before any route sees it.

    Chainlit's file routes (`/public`, `/assets`, `/copilot`) resolve and check their paths, but a NUL made
    them fail with a 500, and the page route answered any other traversal with the page.

    A path segment longer than a file name may be (255 bytes), or a path over MAX_PATH_BYTES, is a 414: the
    file routes (Chainlit's and `/storage`) failed with a 500 and a traceback (OSError ENAMETOOLONG).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            from starlette.responses import JSONResponse

            problem = ("path too long", 414) if too_long(scope["path"]) else None
            if problem is None and bad_path(scope["path"]):
                problem = ("bad path", 400)
            if problem is not None:
                await JSONResponse({"error": problem[0]}, status_code=problem[1])(scope, receive, send)
                return
        await self.app(scope, receive, send)


MAX_PATH_BYTES = 2048
MAX_NAME_BYTES = 255  # NAME_MAX of Linux file systems


def too_long(path: str) -> bool:
    """Whether a decoded request path, or one of its segments, is longer than any file's path or name."""
    encoded = path.encode("utf-8", "surrogateescape")
    return len(encoded) > MAX_PATH_BYTES or any(len(part) > MAX_NAME_BYTES for part in encoded.split(b"/"))


def bad_path(path: str) -> bool:
    """Whether a decoded request path tries to leave its folder (or is not a plain path at all)."""
    return "\x00" in path or "\\" in path or "//" in path or any(part in (".", "..") for part in path.split("/"))


# --- sign-in -------------------------------------------------------------------------------------------------


def current_user(request: Request) -> Any | None:
    """The user of the request's login token (its cookie, else an `Authorization: Bearer` header, as Chainlit
    reads it), if the token is valid (see logins.decode_token: a logged-out token is not)."""
    from assistant import logins

    token = logins.request_token(request)
    if not token:
        return None
    try:
        return logins.decode_token(token)
    except Exception:  # expired, forged, damaged or logged out: no login
        return None


def current_role(request: Request) -> Literal["applicant", "staff"] | None:
    """The role in the request's login token, if it is valid."""
    user = current_user(request)
    return role_of(user.identifier, user.metadata) if user is not None else None


def role_of(identifier: str, metadata: dict[str, Any] | None) -> Literal["applicant", "staff"] | None:
    """A signed-in user's role; a staff login whose account was removed since is no longer staff."""
    from assistant import staff

    role = (metadata or {}).get("role")
    if role == STAFF:  # noqa: SIM114 (the checks differ)
        return "staff" if identifier in staff.accounts(settings().chat) else None
    return "applicant" if role == APPLICANT else None


def applicant_user() -> Any:
    """A new anonymous applicant identity (no name, no personal data)."""
    import chainlit as cl

    return cl.User(
        identifier=f"candidat-{uuid.uuid4().hex[:16]}", display_name="Candidat", metadata={"role": APPLICANT}
    )


async def page(request: Request) -> Response:
    """Chainlit's page, without its third-party links; signs an applicant in, or opens the helpdesk login."""
    import os

    from chainlit.auth import set_auth_cookie
    from chainlit.server import get_html_template
    from starlette.responses import HTMLResponse

    from assistant import logins

    root = os.getenv("CHAINLIT_PARENT_ROOT_PATH", "") + os.getenv("CHAINLIT_ROOT_PATH", "")
    html = local_only(get_html_template(root))
    response = HTMLResponse(html, headers={"Content-Security-Policy": page_policy(html)})
    role = current_role(request)
    if request.url.path.rstrip("/").endswith("/login"):
        # The helpdesk door: the form shows (see logins.current_user), an applicant's identity is kept (a link
        # to /login from any site used to drop it, and their conversations with it).
        logins.open_login_form(response)
    else:
        logins.close_login_form(request, response)
        if role is None:
            set_auth_cookie(request, response, logins.create_token(applicant_user()))
    return response


_EXTERNAL_TAG = re.compile(
    r"<(?:link|script)\b[^>]*\b(?:href|src)=\"(?:https?:)?//[^\"]*\"[^>]*>(?:\s*</script>)?", re.I
)
_EXTERNAL_META = re.compile(r"<meta\b[^>]*\bcontent=\"(?:https?:)?//[^\"]*\"[^>]*>", re.I)


def local_only(html: str) -> str:
    """The page without any tag that points to another host (fonts, KaTeX, preconnects, social images)."""
    html = re.sub(r"<!-- FONT START -->.*?<!-- FONT END -->", "", html, flags=re.S).replace(
        '<html lang="en">', '<html lang="fr">'
    )
    return _EXTERNAL_META.sub("", _EXTERNAL_TAG.sub("", html))


# What the page may load: only this server. An image, a script or a font that a question, an answer or a pasted
# email points to elsewhere (Markdown `![](http://...)` is rendered in the chat) is never fetched.
# Scripts: this server's files, and the page's two inline scripts by their hash (`page_policy`), not any inline
# script. 'unsafe-eval' stays: Chainlit 2.12.0 compiles a custom element (public/elements/*.jsx: the cited
# passage, the draft) in the browser with sucrase and runs it with `new Function` (frontend/dist/assets/index-*.js):
# without it no passage opens. Styles keep 'unsafe-inline': the bundle applies inline styles (refused without it).
SCRIPT_SRC = "script-src 'self' 'unsafe-eval'"
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        SCRIPT_SRC,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def page_policy(html: str) -> str:
    """The content security policy of a page: CONTENT_SECURITY_POLICY, with the page's inline scripts allowed by
    their sha256 (Chainlit's page sets `global` and its theme inline; the theme may change while serving)."""
    import base64
    import hashlib

    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    ]
    return CONTENT_SECURITY_POLICY.replace(SCRIPT_SRC, " ".join([SCRIPT_SRC, *dict.fromkeys(hashes)]))


SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """ASGI middleware: every HTTP response carries the content security policy and two hardening headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = dict(message, headers=[*message.get("headers", []), *extra])
            await send(message)

        await self.app(scope, receive, with_headers)


class DefaultFrench:
    """ASGI middleware: the UI's language is French unless the browser asks for English."""

    _PATHS = ("/project/translations", "/project/settings")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith(self._PATHS):
            scope = dict(scope, query_string=ui_language_query(scope.get("query_string", b"")))
        await self.app(scope, receive, send)


def ui_lang(language: str | None) -> Literal["fr", "en"]:
    """The UI's language for a browser's: English for any English, else French."""
    return "en" if str(language or "").lower().startswith("en") else "fr"


def ui_language_query(query: bytes) -> bytes:
    """The query string with `language` set to en-US for any English, else fr-FR."""
    from urllib.parse import parse_qsl, urlencode

    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    asked = next((v for k, v in pairs if k == "language"), "")
    chosen = "en-US" if ui_lang(asked) == "en" else "fr-FR"
    pairs = [(k, v) for k, v in pairs if k != "language"] + [("language", chosen)]
    return urlencode(pairs).encode("latin-1")


def install(app: FastAPI) -> None:
    """Add the routes and the language middleware to Chainlit's app, in front of its catch-all page route."""
    from chainlit.server import router

    from assistant import logins

    router.add_api_route("/public/elements/{name}.jsx", element_component, methods=["GET"], include_in_schema=False)
    router.routes.insert(0, router.routes.pop())  # before Chainlit's /public/{filename:path}
    catch_all = f"{router.prefix}/{{full_path:path}}"
    router.routes[:] = [r for r in router.routes if getattr(r, "path", "") != catch_all]
    router.add_api_route("/api/ask", api_ask, methods=["POST"], include_in_schema=False)
    router.add_api_route("/api/staff/{what}.csv", staff_export, methods=["GET"], include_in_schema=False)
    router.add_api_route("/storage/{key:path}", stored, methods=["GET"], include_in_schema=False)
    router.add_api_route("/{full_path:path}", page, methods=["GET"], include_in_schema=False)
    # Checked versions of Chainlit's routes, and its routes the app does not use, in front of Chainlit's.
    chainlits = len(router.routes)
    router.add_api_route("/feedback", put_feedback, methods=["PUT"], include_in_schema=False)
    router.add_api_route("/feedback", delete_feedback, methods=["DELETE"], include_in_schema=False)
    router.add_api_route("/project/thread/{thread_id}", own_thread, methods=["GET"], include_in_schema=False)
    router.add_api_route(
        "/project/thread/{thread_id}/element/{element_id}", own_thread, methods=["GET"], include_in_schema=False
    )
    router.add_api_route("/project/thread", own_thread, methods=["PUT", "DELETE"], include_in_schema=False)
    router.add_api_route("/set-session-cookie", session_cookie, methods=["POST"], include_in_schema=False)
    logins.install(router)  # POST /login (throttled), /logout (revokes), GET /user; Chainlit's tokens swapped
    router.add_api_route("/project/action", call_action, methods=["POST"], include_in_schema=False)
    for path, methods in CLOSED_ROUTES:
        router.add_api_route(path, not_offered, methods=methods, include_in_schema=False)
    router.routes[:] = router.routes[chainlits:] + router.routes[:chainlits]
    # FastAPI's own documentation pages load their scripts from a CDN: not served.
    docs = {app.docs_url, app.redoc_url, app.openapi_url, "/docs/oauth2-redirect"}
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) not in docs]
    for changed in (router, app.router):
        getattr(changed, "_mark_routes_changed", lambda: None)()
    app.add_middleware(DefaultFrench)
    app.add_middleware(PathGuard)
    from chainlit.config import config

    from assistant.serving import Boundary

    app.add_middleware(  # inside SecurityHeaders: its own answers (408, 415, 500) carry the headers too
        Boundary, body_timeout=lambda: settings().chat.body_timeout, root_path=lambda: config.run.root_path
    )
    app.add_middleware(SecurityHeaders)
