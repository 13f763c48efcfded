"""The chat's websocket boundary: every id, path, origin and field a browser sends over socket.io is checked
before Chainlit uses it.

Chainlit 2.12.0 (the newest release) trusts the socket.io client with values it then uses as file paths, SQL
text and database keys. Advisory and upstream-ready descriptions: docs/security.md.

- `connect`: the `sessionId` (a folder name under Chainlit's files directory, removed with `shutil.rmtree` at the
  session's end) and the `threadId` (the id of the conversation a new session writes to) must be well-formed
  UUIDs; anything else refuses the connection. `userEnv` is dropped (the app asks for none).
- A user message (`client_message`, and the typed answer to a question the chat asks back) is rebuilt from what
  the server decides: a message id that is not a new well-formed UUID v4 is replaced by one of the server's; the
  type, author, thread, time and metadata are the server's; a command must be one the app offers; the text is
  checked like any question (`guard.check_question`) and a refused text is stored as a one-line note, never whole.
- The socket.io handshake accepts the page's own origin only (Chainlit sets `cors_allowed_origins=[]`, which
  turns python-engineio's origin check off).
- Socket events of features the app has turned off (message editing, favourites, chat settings, audio, window
  messages) are ignored: their handlers stored client data (chat settings in the thread's metadata) unchecked.
- Each server process keeps its sessions' files in its own folder under the chat's data folder, not in the
  shared `<app>/.files` that any instance's shutdown deleted whole.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import re
import shutil
import socket
import uuid
from collections.abc import Awaitable, Callable, Collection
from pathlib import Path
from typing import Any

from assistant.guard import QuestionRejected, check_question

log = logging.getLogger("assistant")

_UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CLIENT_TYPES = frozenset({"webapp"})  # the app serves its own page only (no copilot, Slack, Teams, Discord)
MAX_PROFILE_CHARS = 100
IGNORED_EVENTS = (
    "edit_message",  # [features] edit_message = false, but the handler rewrote any message of the session
    "message_favorite",
    "fetch_favorites",
    "chat_settings_change",  # stored any keys the client sent into the thread's metadata
    "chat_settings_edit",
    "window_message",
    "audio_start",
    "audio_chunk",
    "audio_end",
)


def is_uuid(value: object, version4: bool = False) -> bool:
    """Whether a value is a UUID in its canonical lowercase form (v4 only when asked)."""
    return isinstance(value, str) and (_UUID4 if version4 else _UUID).fullmatch(value) is not None


def connect_problem(auth: object) -> str | None:
    """What is wrong with a socket.io connection's auth payload, or None when Chainlit may use it."""
    if not isinstance(auth, dict):
        return "no auth payload"
    if not is_uuid(auth.get("sessionId")):
        return "sessionId: not a UUID"
    thread_id = auth.get("threadId")
    if thread_id not in (None, "") and not is_uuid(thread_id):
        return "threadId: not a UUID"
    if auth.get("clientType") not in CLIENT_TYPES:
        return "clientType: not offered"
    profile = auth.get("chatProfile")
    if profile not in (None, "") and not (isinstance(profile, str) and len(profile) <= MAX_PROFILE_CHARS):
        return "chatProfile: not a profile name"
    return None


def refused_note(exc: QuestionRejected) -> str:
    """What is stored instead of a refused message: its length, never its words."""
    length, limit = (f"{n:,}".replace(",", "\u202f") for n in (exc.length, exc.limit))
    return f"[message refusé, non conservé : {length} caractères, {limit} au plus]"


def checked_message(
    raw: object, *, limit: int, what: str, commands: Collection[str], author: str, thread_id: str, now: str
) -> dict[str, Any]:
    """A user message as the server stores it: the client's id if it is a UUID v4, its text checked, a command
    the app offers; everything else decided here. A refused text becomes a note and the metadata says why."""
    sent = raw if isinstance(raw, dict) else {}
    output = sent.get("output")
    text = output if isinstance(output, str) else ""
    metadata: dict[str, Any] = {}
    try:
        text = check_question(text, limit, what)
    except QuestionRejected as exc:
        if exc.kind == "too_long":
            metadata = {"refused": exc.kind, "length": exc.length, "limit": exc.limit}
            text = refused_note(exc)
    message: dict[str, Any] = {
        "id": sent["id"] if is_uuid(sent.get("id"), version4=True) else str(uuid.uuid4()),
        "threadId": thread_id,
        "type": "user_message",
        "name": author,
        "output": text,
        "createdAt": now,
        "metadata": metadata,
    }
    if sent.get("command") in commands:
        message["command"] = sent["command"]
    return message


def refusal(metadata: dict[str, Any] | None) -> QuestionRejected | None:
    """The refusal the boundary recorded in a user message's metadata, if any."""
    metadata = metadata or {}
    if metadata.get("refused") != "too_long":
        return None
    length, limit = metadata.get("length"), metadata.get("limit")
    if not isinstance(length, int) or not isinstance(limit, int):
        return None
    return QuestionRejected("too_long", length, limit)


# --- installing the checks into Chainlit -------------------------------------------------------------------------


def install(
    *,
    limit_for: Callable[[Any], tuple[int, str]],
    commands: Collection[str],
    step_exists: Callable[[str], Awaitable[bool]],
    sessions_dir: Path,
) -> Path:
    """Put the checks in front of Chainlit's socket.io handlers; returns this process's session files folder.

    limit_for(session) gives the text cap and its name for a session (a pasted email is longer than a question);
    step_exists(id) says whether a message id is taken already.
    """
    from chainlit import server
    from chainlit.emitter import ChainlitEmitter
    from chainlit.session import BaseSession
    from chainlit.utils import utc_now

    sio = server.sio
    handlers = sio.handlers["/"]
    chainlit_connect = handlers["connect"]

    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> Any:
        problem = connect_problem(auth)
        if problem is not None:
            log.warning("websocket refused: %s", problem)
            raise ConnectionRefusedError(problem)
        return await chainlit_connect(sid, environ, {**auth, "userEnv": "{}"})

    async def ignored(sid: str, *args: Any) -> None:
        return None

    handlers["connect"] = connect
    for event in IGNORED_EVENTS:
        handlers[event] = ignored
    # Chainlit 2.12.0 creates its socket.io server with cors_allowed_origins=[], which python-engineio reads as "no
    # origin check": any site's page could open a socket with a visitor's cookies. None is engineio's default, the
    # page's own origin (scheme and Host, or the X-Forwarded-* of a proxy uvicorn trusts).
    sio.eio.cors_allowed_origins = None

    chainlit_process = ChainlitEmitter.process_message

    async def process_message(self: Any, payload: Any) -> Any:
        session = self.session
        sent = payload.get("message") if isinstance(payload, dict) else None
        limit, what = limit_for(session)
        user = getattr(session, "user", None)
        message = checked_message(
            sent,
            limit=limit,
            what=what,
            commands=commands,
            author=user.identifier if user is not None else "User",
            thread_id=session.thread_id,
            now=utc_now(),  # type: ignore[no-untyped-call]
        )
        if await step_exists(message["id"]):  # another user's message id (or an old one of the caller's)
            message["id"] = str(uuid.uuid4())
        if isinstance(sent, dict):  # the same dict: Chainlit returns it as the answer to a question asked back
            sent.clear()
            sent.update(message)
        else:
            sent = message
        return await chainlit_process(self, {"message": sent, "fileReferences": None})  # type: ignore[typeddict-item]

    ChainlitEmitter.process_message = process_message  # type: ignore[method-assign]

    folder = instance_folder(sessions_dir)
    setattr(importlib.import_module("chainlit.config"), "FILES_DIRECTORY", folder)  # noqa: B010 (read by BaseSession)
    server.FILES_DIRECTORY = folder  # type: ignore[attr-defined]  # removed whole at shutdown (server.lifespan): this process's folder only
    BaseSession.files_dir = property(lambda session: folder / session_folder_name(session.id))  # type: ignore[assignment]
    return folder


def session_folder_name(session_id: object) -> str:
    """A session's files folder name: its id when that is a UUID, else a hash (never a path)."""
    if is_uuid(session_id):
        return str(session_id)
    return hashlib.sha256(str(session_id).encode("utf-8", "replace")).hexdigest()


def instance_folder(sessions_dir: Path) -> Path:
    """This process's session files folder (`<host>-<pid>`, private), after removing those of processes of this
    host that no longer run (a server killed before its shutdown cleaned up)."""
    host = re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname()) or "host"
    sessions_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    for sibling in sessions_dir.iterdir():
        name, _, pid = sibling.name.rpartition("-")
        if name == host and pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            shutil.rmtree(sibling, ignore_errors=True)
    folder = sessions_dir / f"{host}-{os.getpid()}"
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
