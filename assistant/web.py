"""The HTTP side of the chat server: the answer engine behind a lock, `POST /api/ask`, the helpdesk's CSV
exports, stored chat files, and three changes to Chainlit's server.

- Its page links web fonts and a KaTeX stylesheet on public CDNs: they are stripped, so the page works
  air-gapped and tells no third party who reads it.
- Applicants use the chat without an account: a page load without a login gets an anonymous applicant
  identity (a signed cookie, like any Chainlit login); `/login` is the helpdesk's door.
- French is the default language; a browser asking for English gets English.

Chainlit's catch-all page route (`GET /{path}`) answers every GET added after it, so the routes here are
put in front of it (see `install`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import threading
import uuid
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fastapi import FastAPI, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from assistant.errors import first_problem
from assistant.settings import Settings, load_settings

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

    from assistant.answer import Answer, Engine

MAX_QUESTION_CHARS = 4000
APPLICANT = "applicant"
STAFF = "staff"


class AskRequest(BaseModel):
    """The body of `POST /api/ask`."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="The question, as typed.")
    today: dt.date | None = Field(default=None, description="The date to answer as of (YYYY-MM-DD).")
    history: list[str] = Field(
        default_factory=list, max_length=50, description="The conversation's earlier questions, oldest first."
    )


@cache
def settings() -> Settings:
    return load_settings()


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
    from assistant.errors import AssistantError
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
            _served["failed"] = served
            return current
        _served.update(engine=loaded, failed=None)
        return loaded


async def ask(question: str, today: dt.date | None = None, history: tuple[str, ...] = ()) -> Answer:
    """The engine's answer, computed off the event loop."""
    answer: Answer = await run(lambda: engine().ask(question, today, history))
    return answer


async def run(function: Any, *args: Any) -> Any:
    """Work through the models (a question, a draft), off the event loop and one at a time."""

    def locked() -> Any:
        with _engine_lock:
            return function(*args)

    return await asyncio.to_thread(locked)


# --- the API -----------------------------------------------------------------------------------------------


async def api_ask(request: Request) -> Response:
    """`POST /api/ask`: the answer contract of `assistant ask --json`; a bad body is a 422 saying what is wrong."""
    from starlette.responses import JSONResponse

    raw = await request.body()
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JSONResponse({"error": "body: not valid JSON"}, status_code=422)
    try:
        asked = AskRequest.model_validate(body)
    except ValidationError as exc:
        field, reason = first_problem(exc, "body")
        return JSONResponse({"error": f"{field}: {reason}"}, status_code=422)
    if not asked.question.strip():
        return JSONResponse({"error": "question: empty"}, status_code=422)
    answer = await ask(asked.question, asked.today, tuple(asked.history))
    return JSONResponse(answer.model_dump(mode="json"))


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
    """`GET /storage/{key}`: a file shown in the chat (a citation, a calendar), for a signed-in browser."""
    from starlette.responses import FileResponse, JSONResponse

    from assistant.chatstore import stored_file

    if current_role(request) is None:
        return JSONResponse({"error": "not signed in"}, status_code=401)
    path = stored_file(settings().chat.files_dir, request.path_params["key"])
    if path is None:
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


# --- sign-in -------------------------------------------------------------------------------------------------


def current_role(request: Request) -> Literal["applicant", "staff"] | None:
    """The role in the request's login cookie, if it is valid."""
    from chainlit.auth import get_token_from_cookies
    from chainlit.auth.jwt import decode_jwt

    token = get_token_from_cookies(dict(request.cookies))
    if not token:
        return None
    try:
        user = decode_jwt(token)
    except Exception:  # expired, forged or damaged: no login
        return None
    return role_of(user.identifier, user.metadata)


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

    from chainlit.auth import clear_auth_cookie, create_jwt, set_auth_cookie
    from chainlit.server import get_html_template
    from starlette.responses import HTMLResponse

    root = os.getenv("CHAINLIT_PARENT_ROOT_PATH", "") + os.getenv("CHAINLIT_ROOT_PATH", "")
    response = HTMLResponse(local_only(get_html_template(root)))
    role = current_role(request)
    if request.url.path.rstrip("/").endswith("/login"):
        if role == APPLICANT:  # the helpdesk door: drop the anonymous identity so the login form shows
            clear_auth_cookie(request, response)
    elif role is None:
        set_auth_cookie(request, response, create_jwt(applicant_user()))
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

    router.add_api_route("/public/elements/{name}.jsx", element_component, methods=["GET"], include_in_schema=False)
    router.routes.insert(0, router.routes.pop())  # before Chainlit's /public/{filename:path}
    catch_all = f"{router.prefix}/{{full_path:path}}"
    router.routes[:] = [r for r in router.routes if getattr(r, "path", "") != catch_all]
    router.add_api_route("/api/ask", api_ask, methods=["POST"], include_in_schema=False)
    router.add_api_route("/api/staff/{what}.csv", staff_export, methods=["GET"], include_in_schema=False)
    router.add_api_route("/storage/{key:path}", stored, methods=["GET"], include_in_schema=False)
    router.add_api_route("/{full_path:path}", page, methods=["GET"], include_in_schema=False)
    # FastAPI's own documentation pages load their scripts from a CDN: not served.
    docs = {app.docs_url, app.redoc_url, app.openapi_url, "/docs/oauth2-redirect"}
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) not in docs]
    for changed in (router, app.router):
        getattr(changed, "_mark_routes_changed", lambda: None)()
    app.add_middleware(DefaultFrench)
