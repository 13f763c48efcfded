"""Chat history on a local SQLite file: Chainlit's SQLAlchemy data layer, element files, helpdesk exports.

Threads, messages (steps), elements and feedback live in ``<data_dir>/chat.db``; element files in
``<data_dir>/files``, served by the app under ``/storage/<key>``. The tables and their quoted camelCase
columns are those the SQL of ``chainlit/data/sql_alchemy.py`` (chainlit 2.12) reads and writes.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, cast
from urllib.parse import quote

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.element import CustomElement, Element, ElementDict
from chainlit.step import StepDict
from chainlit.types import FeedbackDict, ThreadDict
from sqlalchemy import event
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

from assistant.errors import ChatStoreError
from assistant.settings import ChatSettings

STORAGE_ROUTE = "/storage/"
FEEDBACK_HEADER = ("date", "user", "thread_id", "thread_name", "question", "answer", "value", "comment")
REFUSED_HEADER = ("date", "user", "thread_id", "question", "route")
CSV_DELIMITER = ";"  # what a French-locale spreadsheet splits on
RATINGS = {1: "👍", 0: "👎"}  # a feedback's stored value, as the export shows it
STEP_COLUMNS = frozenset(
    {
        "id", "name", "type", "threadId", "parentId", "streaming", "waitForAnswer", "isError", "metadata", "tags",
        "input", "output", "createdAt", "command", "modes", "start", "end", "generation", "showInput", "language",
        "defaultOpen", "autoCollapse",
    }
)  # fmt: skip

# JSON is kept in TEXT columns: a declared type such as JSON would get NUMERIC affinity in SQLite,
# which turns a JSON text like "1" into the integer 1. Booleans are stored as 0/1.
SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    "id" TEXT PRIMARY KEY,
    "identifier" TEXT NOT NULL UNIQUE,
    "metadata" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TEXT
);
CREATE TABLE IF NOT EXISTS threads (
    "id" TEXT PRIMARY KEY,
    "createdAt" TEXT,
    "name" TEXT,
    "userId" TEXT,
    "userIdentifier" TEXT,
    "tags" TEXT,
    "metadata" TEXT
);
CREATE TABLE IF NOT EXISTS steps (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "parentId" TEXT,
    "streaming" BOOLEAN,
    "waitForAnswer" BOOLEAN,
    "isError" BOOLEAN,
    "metadata" TEXT,
    "tags" TEXT,
    "input" TEXT,
    "output" TEXT,
    "createdAt" TEXT,
    "command" TEXT,
    "modes" TEXT,
    "start" TEXT,
    "end" TEXT,
    "generation" TEXT,
    "showInput" TEXT,
    "language" TEXT,
    "defaultOpen" BOOLEAN,
    "autoCollapse" BOOLEAN
);
CREATE TABLE IF NOT EXISTS elements (
    "id" TEXT PRIMARY KEY,
    "threadId" TEXT,
    "type" TEXT,
    "url" TEXT,
    "chainlitKey" TEXT,
    "name" TEXT NOT NULL,
    "display" TEXT,
    "objectKey" TEXT,
    "size" TEXT,
    "page" INTEGER,
    "language" TEXT,
    "forId" TEXT,
    "mime" TEXT,
    -- get_element json.loads() the props of every element; most elements have none.
    "props" TEXT DEFAULT '{}',
    "autoPlay" BOOLEAN,
    "playerConfig" TEXT
);
CREATE TABLE IF NOT EXISTS feedbacks (
    "id" TEXT PRIMARY KEY,
    "forId" TEXT NOT NULL,
    "threadId" TEXT,
    "value" INTEGER NOT NULL,
    "comment" TEXT
);
CREATE INDEX IF NOT EXISTS threads_user ON threads ("userId");
CREATE INDEX IF NOT EXISTS steps_thread ON steps ("threadId");
CREATE INDEX IF NOT EXISTS elements_thread ON elements ("threadId");
CREATE INDEX IF NOT EXISTS feedbacks_step ON feedbacks ("forId");
-- Login tokens ended by a logout (assistant/logins.py), until they would have expired (UTC, ISO 8601).
CREATE TABLE IF NOT EXISTS revoked_logins (
    "jti" TEXT PRIMARY KEY,
    "expires" TEXT NOT NULL
);
"""


PRIVATE_DIR = 0o700  # the data folder holds personal data (conversations, pasted emails): its owner's only
PRIVATE_FILE = 0o600


def _private_dir(path: Path) -> None:
    """Create a folder (and its missing parents) only its owner may open; tighten it if it exists."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    path.chmod(PRIVATE_DIR)  # an existing folder, or a umask that took bits away


def create_schema(db_path: Path) -> None:
    """Create the chat database file (0600, its folder 0700) and every table the data layer uses, if missing."""
    try:
        _private_dir(db_path.parent)
    except OSError as exc:
        raise ChatStoreError(db_path.parent, f"cannot create the folder: {exc.strerror or exc}") from exc
    if db_path.is_dir():
        raise ChatStoreError(db_path, "is a folder, not a chat database file")
    try:
        # Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
        fd = os.open(db_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        try:
            os.fchmod(fd, PRIVATE_FILE)
        finally:
            os.close(fd)
        for suffix in ("-wal", "-shm", "-journal"):  # an installation made before: its files were 0644
            sibling = db_path.with_name(db_path.name + suffix)
            if sibling.is_file():
                sibling.chmod(PRIVATE_FILE)
    except OSError as exc:
        raise ChatStoreError(db_path, f"cannot create the chat database: {exc.strerror or exc}") from exc
    try:
        with closing(sqlite3.connect(db_path)) as connection:
            # Readers (history, exports) then never block the writes Chainlit fires concurrently.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)
    except sqlite3.Error as exc:
        raise ChatStoreError(db_path, f"cannot create the chat database: {exc}") from exc


def _to_sql(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def _from_json(raw: object) -> object:
    if isinstance(raw, str | bytes):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            return None
    return raw


def _json_dict(raw: object) -> dict[str, Any]:
    value = _from_json(raw)
    return value if isinstance(value, dict) else {}


def _json_list(raw: object) -> list[str] | None:
    value = _from_json(raw)
    return [str(item) for item in value] if isinstance(value, list) else None


def _decode_step(step: StepDict) -> StepDict:
    step["metadata"] = _json_dict(step.get("metadata"))
    step["tags"] = _json_list(step.get("tags"))
    generation = _from_json(step.get("generation"))
    step["generation"] = generation if isinstance(generation, dict) and generation else None
    for flag in ("streaming", "waitForAnswer", "isError"):
        if step.get(flag) is not None:
            step[flag] = bool(step[flag])
    return step


def _secure_delete(dbapi_connection: Any, _record: object) -> None:
    """Have SQLite zero what a statement deletes or replaces: a row Chainlit rewrites (a step written twice) or
    removes would otherwise leave its old text (a pasted email) in the file's free space."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


class SQLiteDataLayer(SQLAlchemyDataLayer):
    """Chainlit's SQLAlchemy data layer, fixed for SQLite (JSON text for lists and dicts, decoded on read)."""

    def __init__(self, conninfo: str, storage_provider: BaseStorageClient | None = None) -> None:
        super().__init__(conninfo=conninfo, storage_provider=storage_provider)
        # Each statement commits by itself. The base runs one statement per session, then awaits the commit:
        # in a transaction, SQLite's write lock was held from the statement to the commit, across a turn of
        # the event loop. Under load (tests/test_load.py) a turn takes up to a second or so, the writes Chainlit
        # fires at once queue behind that lock, a writer waits past SQLite's 5 s busy timeout, and the base logs
        # "database is locked" and drops the statement: a message, a thread or a rating lost, while PUT /feedback
        # still answers success. In autocommit the lock is held only while SQLite runs the statement.
        # hide_parameters: a failed statement is logged by the base without its values (messages, emails).
        self.engine = create_async_engine(conninfo, isolation_level="AUTOCOMMIT", hide_parameters=True)
        self.async_session = sessionmaker(bind=self.engine, expire_on_commit=False, class_=AsyncSession)  # type: ignore[call-overload]
        event.listen(self.engine.sync_engine, "connect", _secure_delete)  # see _secure_delete
        # Draft conversations whose pasted emails are being removed (see seal): what Chainlit writes for them
        # from then on is written already redacted.
        self.sealed: set[str] = set()

    def seal(self, thread_id: str) -> None:
        """From now on, write the conversation's rows as ``redact_pasted_emails`` leaves them. Chainlit 2.12.0
        writes a message, its run step and its elements in tasks of their own, some twice (a step is inserted,
        then upserted again when updated): a write landing after the redaction pass put the email back, and the
        pass's checkpoint could copy it into the database file (a red-team test caught it on a loaded box)."""
        self.sealed.add(thread_id)

    async def get_current_timestamp(self) -> str:
        # The base stamps local time with a "Z" suffix; stamp UTC like Chainlit's steps (chainlit.utils.utc_now).
        return datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z"

    async def execute_sql(self, query: str, parameters: dict[str, Any]) -> list[dict[str, Any]] | int | None:
        # sqlite3 binds no list or dict: the base passes thread and step tags (lists), message modes and
        # element playerConfig (dicts) as they are, and execute_sql then drops the whole statement with a
        # logged warning (the thread of a chat profile, auto-tagged, would lose its user and name).
        return await super().execute_sql(
            _owned_upsert(query), {key: _to_sql(value) for key, value in parameters.items()}
        )

    async def create_step(self, step_dict: StepDict) -> None:
        """Insert or update a step, keeping only the keys that are steps columns."""
        # A step dict read back (get_step, get_thread) carries its "feedback", which lives in feedbacks:
        # the base would write it as a column and the database reject the whole step.
        kept = {key: value for key, value in step_dict.items() if key in STEP_COLUMNS}
        if kept.get("threadId") in self.sealed:
            kept["input"] = ""
            if kept.get("type") == "user_message":
                kept["output"] = REDACTED_EMAIL
        await super().create_step(cast(StepDict, kept))

    async def update_thread(
        self,
        thread_id: str,
        name: str | None = None,
        user_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> None:
        """The base's, with a sealed conversation keeping its redacted name."""
        if thread_id in self.sealed and name is not None:
            name = REDACTED_NAME
        await super().update_thread(thread_id, name=name, user_id=user_id, metadata=metadata, tags=tags)

    async def create_element(self, element: Element) -> None:
        """The base's, with a sealed conversation's draft stored with its text replaced (props and file)."""
        if element.thread_id in self.sealed and element.name == DRAFT_ELEMENT and isinstance(element, CustomElement):
            element.props = {**element.props, "text": REDACTED_DRAFT}
            element.content = json.dumps(element.props)
        await super().create_element(element)

    async def get_all_user_threads(
        self, user_id: str | None = None, thread_id: str | None = None
    ) -> list[ThreadDict] | None:
        """A user's threads (up to user_thread_limit, latest first), or one thread by id, with their steps,
        ratings and elements; the JSON text columns turned back into lists and dicts.

        Replaces the base's method, which pastes the stored thread ids into its SQL text (`IN ('<id>', ...)`):
        a thread id chosen by a client made it run any SELECT (docs/security.md, advisory 2). Here every value
        is a bound parameter.
        """
        threads = await self.execute_sql(
            query=f"""
            SELECT t."id", t."createdAt", t."name", t."userId", t."userIdentifier", t."tags", t."metadata",
                   MAX(s."createdAt") AS "updatedAt"
            FROM threads t LEFT JOIN steps s ON t."id" = s."threadId"
            WHERE t."userId" = :user_id OR t."id" = :thread_id
            GROUP BY {_THREAD_COLUMNS}
            ORDER BY "updatedAt" DESC NULLS LAST
            LIMIT :limit
            """,
            parameters={"user_id": user_id, "thread_id": thread_id, "limit": self.user_thread_limit},
        )
        if not isinstance(threads, list):
            return None
        found: dict[str, ThreadDict] = {}
        for row in threads:
            found[row["id"]] = ThreadDict(
                id=row["id"],
                createdAt=row["createdAt"],
                name=row["name"],
                userId=row["userId"],
                userIdentifier=row["userIdentifier"],
                tags=_json_list(row["tags"]),
                metadata=_json_dict(row["metadata"]),
                steps=[],
                elements=[],
            )
        if not found:
            return []
        marks = ", ".join(f":t{n}" for n in range(len(found)))
        ids = {f"t{n}": thread for n, thread in enumerate(found)}
        steps = await self.execute_sql(
            query=f"""
            SELECT s.*, f."id" AS "feedbackId", f."value" AS "feedbackValue", f."comment" AS "feedbackComment"
            FROM steps s LEFT JOIN feedbacks f ON s."id" = f."forId"
            WHERE s."threadId" IN ({marks}) ORDER BY s."createdAt" ASC
            """,
            parameters=ids,
        )
        for row in steps if isinstance(steps, list) else []:
            step = {key: row.get(key) for key in _STEP_FIELDS}
            if step["showInput"] in (None, "false"):  # as the base: an input not meant to be shown is not sent
                step["input"] = ""
            step["feedback"] = (
                None
                if row.get("feedbackValue") is None
                else FeedbackDict(
                    forId=row["id"], id=row["feedbackId"], value=row["feedbackValue"], comment=row["feedbackComment"]
                )
            )
            found[row["threadId"]]["steps"].append(_decode_step(cast(StepDict, step)))
        elements = await self.execute_sql(
            query=f'SELECT * FROM elements e WHERE e."threadId" IN ({marks})', parameters=ids
        )
        for row in elements if isinstance(elements, list) else []:
            url = row.get("url")
            key = row.get("objectKey")
            if self.storage_provider is not None and isinstance(key, str) and key.strip():
                with suppress(ChatStoreError):  # a key outside the files folder: the stored url, as the base
                    url = await self.storage_provider.get_read_url(object_key=key)
            element = {name: row.get(name) for name in _ELEMENT_FIELDS} | {"url": url}
            element["props"] = _json_dict(row.get("props"))
            elements_of = found[row["threadId"]]["elements"]
            if elements_of is not None:  # always a list here: built above
                elements_of.append(cast(ElementDict, element))
        return list(found.values())

    async def get_step(self, step_id: str) -> StepDict | None:
        """One step, its JSON text columns decoded."""
        step = await super().get_step(step_id)
        return _decode_step(step) if step is not None else None

    async def get_favorite_steps(self, user_id: str) -> list[StepDict]:
        """The user's favourite steps, their JSON text columns decoded."""
        return [_decode_step(step) for step in await super().get_favorite_steps(user_id)]


_THREAD_COLUMNS = 't."id", t."createdAt", t."name", t."userId", t."userIdentifier", t."tags", t."metadata"'
_STEP_FIELDS = (
    "id", "name", "type", "threadId", "parentId", "streaming", "waitForAnswer", "isError", "metadata", "tags",
    "input", "output", "createdAt", "start", "end", "generation", "showInput", "language",
)  # fmt: skip
_ELEMENT_FIELDS = (
    "id", "threadId", "type", "chainlitKey", "objectKey", "name", "display", "size", "language", "page", "forId",
    "mime", "autoPlay", "playerConfig",
)  # fmt: skip
_UPSERT = re.compile(r'^\s*INSERT INTO (steps|threads)\b.*\bON CONFLICT \(\s*"?id"?\s*\) DO UPDATE\b', re.S)
# Who may rewrite a row the upsert finds: a message (step) only within its own conversation; a conversation only
# for its author (or while it has none yet, or when the update names no author).
_OWNED = {
    "steps": ' WHERE steps."threadId" = excluded."threadId"',
    "threads": (
        ' WHERE threads."userIdentifier" IS NULL OR excluded."userIdentifier" IS NULL'
        ' OR threads."userIdentifier" = excluded."userIdentifier"'
    ),
}


def _owned_upsert(query: str) -> str:
    """Chainlit's insert-or-update of a step or a thread, made to leave another conversation's row untouched.

    Chainlit 2.12.0 writes a user message with the id its client chose as `INSERT ... ON CONFLICT (id) DO UPDATE`:
    reusing another user's message id replaced that message and moved it into the caller's conversation
    (docs/security.md, advisory 3). The socket boundary gives a taken id a new one; this is the second lock.
    """
    match = _UPSERT.match(query)
    if match is None:
        return query
    return query.rstrip().rstrip(";") + _OWNED[match.group(1)]


def _key_path(files_dir: Path, key: str) -> Path | None:
    """Where a key's file lives: a path strictly inside files_dir, symlinks resolved; None for any other key."""
    parts = key.split("/")
    if any(part in ("", ".", "..") or "\\" in part or "\x00" in part for part in parts):
        return None
    root = files_dir.resolve()
    path = root.joinpath(*parts).resolve()
    return path if path != root and path.is_relative_to(root) else None


def stored_file(files_dir: Path, key: str) -> Path | None:
    """The stored file of an object key, or None if the key leaves files_dir or no such file exists."""
    try:
        path = _key_path(files_dir, key)
        return path if path is not None and path.is_file() else None
    except OSError:  # a name too long for the file system (ENAMETOOLONG), a symlink loop: no such file
        return None


def storage_url(key: str) -> str:
    """The app's address of a stored file (the key percent-encoded: element names may hold '#', '?' or spaces)."""
    return STORAGE_ROUTE + quote(key, safe="/")


def _write_file(files_dir: Path, path: Path, content: bytes) -> None:
    """Write a stored file only its owner may read (0600), in folders only its owner may open (0700)."""
    root = files_dir.resolve()
    missing = []
    folder = path.parent
    while folder != root and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    _private_dir(root)
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        folder.chmod(PRIVATE_DIR)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), PRIVATE_FILE)  # a file stored before, under the same key
        handle.write(content)


def _tighten(files_dir: Path) -> None:
    """Make the stored files of an installation made before 0600 and their folders 0700 (symlinks left alone)."""
    _private_dir(files_dir)
    for folder, dirs, files in os.walk(files_dir):
        for name in dirs + files:
            path = Path(folder, name)
            if not path.is_symlink():
                path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def delete_stored_file(files_dir: Path, key: str) -> bool:
    """Remove a stored file and the folders it leaves empty; False if the key is invalid or holds no file."""
    path = _key_path(files_dir, key)
    if path is None or not path.is_file():
        return False
    path.unlink()
    # Keys are <user>/<element>/<name>: drop the folders the file leaves empty.
    root = files_dir.resolve()
    for parent in path.parents:
        if parent == root or not parent.is_relative_to(root) or any(parent.iterdir()):
            break
        parent.rmdir()
    return True


class LocalStorage(BaseStorageClient):
    """Element files in a local folder, under keys that cannot leave it."""

    def __init__(self, files_dir: Path) -> None:
        self.files_dir = files_dir

    def _path(self, object_key: str) -> Path:
        path = _key_path(self.files_dir, object_key)
        if path is None:
            raise ChatStoreError(self.files_dir, f"object key {object_key!r} is not a relative path inside the folder")
        return path

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        """Store data under object_key; return its key and its /storage/ url."""
        path = self._path(object_key)
        if not overwrite and path.exists():
            raise ChatStoreError(path, "a file is already stored under this key")
        content = data.encode("utf-8") if isinstance(data, str) else data
        try:
            await asyncio.to_thread(_write_file, self.files_dir, path, content)
        except OSError as exc:
            raise ChatStoreError(path, f"cannot store the file: {exc.strerror or exc}") from exc
        return {"object_key": object_key, "url": storage_url(object_key)}

    async def get_read_url(self, object_key: str) -> str:
        """The /storage/ url of a key."""
        self._path(object_key)
        return storage_url(object_key)

    async def delete_file(self, object_key: str) -> bool:
        """Remove a stored file; False if the key is invalid or holds no file."""
        return delete_stored_file(self.files_dir, object_key)

    async def close(self) -> None:
        """Nothing to release."""


def open_data_layer(chat: ChatSettings) -> SQLiteDataLayer:
    """The data layer on the chat's SQLite file (schema created if missing), element files in its files folder."""
    db_path = chat.db_path
    create_schema(db_path)
    try:
        _tighten(chat.files_dir)
    except OSError as exc:
        raise ChatStoreError(chat.files_dir, f"cannot make the folder private: {exc.strerror or exc}") from exc
    # URL.create escapes what a path may hold ('?', '%') and the engine connects lazily: no event loop needed.
    conninfo = URL.create("sqlite+aiosqlite", database=str(db_path.resolve())).render_as_string()
    return SQLiteDataLayer(conninfo=conninfo, storage_provider=LocalStorage(chat.files_dir))


def read_rows(db_path: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    """Rows of a read-only query; none if the database does not exist yet."""
    if db_path.is_dir():
        raise ChatStoreError(db_path, "is a folder, not a chat database file")
    if not db_path.exists():
        return []
    try:
        with closing(sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)) as connection:
            connection.row_factory = sqlite3.Row
            return connection.execute(sql, params).fetchall()
    except sqlite3.Error as exc:
        raise ChatStoreError(db_path, f"cannot read the chat database: {exc}") from exc


def _csv(header: tuple[str, ...], rows: Iterable[Iterable[object]]) -> str:
    """The CSV a French-locale spreadsheet opens as it is: a UTF-8 BOM (else Excel reads Windows-1252), ``;``
    between cells (the French list separator), every cell quoted and made inert (see ``_inert``)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_inert(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_rows(text: str) -> list[list[str]]:
    """The rows of an export's text (header first), as ``feedback_csv`` and ``refused_csv`` write it."""
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=CSV_DELIMITER))


# A formula trigger (= + - @, tab, CR) at the start of the text or right after anything a reader may split a line
# on (, ; tab CR LF), spaces or double quotes allowed in between: the spot an apostrophe goes.
_TRIGGER = re.compile(r"""(^|[,;\t\r\n])([ "]*)(?=[=+\-@\t\r])""")


def _inert(cell: object) -> object:
    """Text no spreadsheet runs as a formula (applicants write the questions and comments: OWASP CSV injection).

    A reader splitting on another separator than the file's, or ignoring its quotes, cuts a cell at any , ; tab
    or newline (LibreOffice set to ``;`` made ``x;=HYPERLINK(...)`` a formula): every trigger found where a cell
    may start gets an apostrophe before it, which makes the spreadsheet read text."""
    return _TRIGGER.sub(r"\1\2'", cell) if isinstance(cell, str) else cell


# The user message that precedes a step in its thread. A fallback only: its createdAt comes from the
# browser's clock, the answer's from the server's, so a fast answer may sort before its question.
_PRECEDING_QUESTION = """(
    SELECT u."output" FROM steps u
    WHERE u."threadId" = s."threadId" AND u."type" = 'user_message' AND u."id" <> s."id"
      AND u."createdAt" <= s."createdAt"
    ORDER BY u."createdAt" DESC LIMIT 1
)"""


def _question(metadata: dict[str, Any], preceding: str | None) -> str:
    question = metadata.get("question")
    return question if isinstance(question, str) and question else preceding or ""


def feedback_csv(db_path: Path) -> str:
    """One CSV row per thumbs up/down, by time of the rated answer: its question, answer, value and comment.

    The chat rates the run of a reply (Chainlit's ``on_message`` step): its last message is the rated answer.
    """
    rows = read_rows(
        db_path,
        f"""
        SELECT s."createdAt" AS date, t."userIdentifier" AS user_identifier,
               COALESCE(s."threadId", f."threadId") AS thread_id, t."name" AS thread_name,
               {_PRECEDING_QUESTION} AS preceding, s."metadata" AS metadata, s."output" AS answer,
               f."value" AS value, f."comment" AS comment
        FROM feedbacks f
        LEFT JOIN steps r ON r."id" = f."forId"
        LEFT JOIN steps s ON s."id" = CASE WHEN r."type" = 'run' THEN (
            SELECT c."id" FROM steps c WHERE c."parentId" = r."id" AND c."type" = 'assistant_message'
            ORDER BY c."createdAt" DESC LIMIT 1
        ) ELSE r."id" END
        LEFT JOIN threads t ON t."id" = COALESCE(s."threadId", f."threadId")
        ORDER BY s."createdAt", f."id"
        """,
    )
    return _csv(
        FEEDBACK_HEADER,
        (
            (
                row["date"] or "",
                row["user_identifier"] or "",
                row["thread_id"] or "",
                row["thread_name"] or "",
                _question(_json_dict(row["metadata"]), row["preceding"]),
                row["answer"] or "",
                RATINGS.get(row["value"], "" if row["value"] is None else str(row["value"])),
                row["comment"] or "",
            )
            for row in rows
        ),
    )


def refused_csv(db_path: Path) -> str:
    """One CSV row per refused question (an answer step whose metadata status is "refused"), by time."""
    rows = read_rows(
        db_path,
        f"""
        SELECT s."createdAt" AS date, t."userIdentifier" AS user_identifier, s."threadId" AS thread_id,
               {_PRECEDING_QUESTION} AS preceding, s."metadata" AS metadata
        FROM steps s
        LEFT JOIN threads t ON t."id" = s."threadId"
        WHERE s."type" = 'assistant_message' AND s."metadata" LIKE '%refused%'
        ORDER BY s."createdAt", s."id"
        """,
    )
    refused = []
    for row in rows:
        metadata = _json_dict(row["metadata"])
        if metadata.get("status") != "refused":
            continue
        refused.append(
            (
                row["date"] or "",
                row["user_identifier"] or "",
                row["thread_id"] or "",
                _question(metadata, row["preceding"]),
                metadata.get("route") or "",
            )
        )
    return _csv(REFUSED_HEADER, refused)


# --- retention -------------------------------------------------------------------------------------------------

REDACTED_EMAIL = "[courriel retiré à la fin de la conversation (réglage chat.keep_emails)]"
REDACTED_NAME = "Brouillon de réponse (courriel retiré)"
REDACTED_DRAFT = (
    "[Brouillon retiré à la fin de la conversation : il citait le courriel collé (réglage chat.keep_emails).]"
)
DRAFT_ELEMENT = "Brouillon"  # the name chat.draft gives the element holding the draft's text
CHECKPOINT_TRIES = 10  # a checkpoint waits for readers and writers (30 s each try), then is tried again


class Redacted(NamedTuple):
    """What one pass of ``redact_pasted_emails`` replaced in a conversation."""

    messages: int  # user messages (the pasted emails)
    inputs: int  # run steps' inputs (Chainlit's hidden on_message step keeps the message it ran on)
    drafts: int  # draft elements (their text quotes the email) and their stored files


def purge(chat: ChatSettings, now: datetime | None = None) -> tuple[int, int]:
    """Delete the conversations whose last message is older than ``chat.retention_days``: their messages,
    elements, ratings and stored files, and the anonymous applicants left with no conversation. Also replace
    the pasted emails of draft conversations idle for an hour (unless ``chat.keep_emails``): the chat does it
    when a conversation ends, this catches a server stopped before. Returns (conversations, files) deleted.

    Each batch of 500 conversations is its own transaction: the chat's writes never wait long behind a purge."""
    db_path = chat.db_path
    if not db_path.is_file():
        return 0, 0
    now = (now or datetime.now(UTC)).replace(tzinfo=None)
    cutoff = (now - timedelta(days=chat.retention_days)).isoformat()
    keys: list[str] = []
    try:
        with closing(sqlite3.connect(db_path, timeout=30)) as connection:
            connection.execute("PRAGMA secure_delete=ON")  # a deleted conversation's words do not stay in free pages
            old = [
                row[0]
                for row in connection.execute(
                    """
                    SELECT t."id" FROM threads t
                    WHERE COALESCE((SELECT MAX(s."createdAt") FROM steps s WHERE s."threadId" = t."id"), t."createdAt", '')
                          < ?
                    """,
                    (cutoff,),
                )
            ]
            for start in range(0, len(old), 500):
                chunk = old[start : start + 500]
                marks = ",".join("?" * len(chunk))
                with connection:
                    keys += [
                        r[0]
                        for r in connection.execute(
                            f'SELECT "objectKey" FROM elements WHERE "threadId" IN ({marks}) AND "objectKey" IS NOT NULL',
                            chunk,
                        )
                    ]
                    # A rating by its thread, or by the message it rates (a row without its thread id).
                    connection.execute(
                        f"""DELETE FROM feedbacks WHERE "threadId" IN ({marks})
                            OR "forId" IN (SELECT "id" FROM steps WHERE "threadId" IN ({marks}))""",
                        chunk + chunk,
                    )
                    for table in ("elements", "steps"):
                        connection.execute(f'DELETE FROM {table} WHERE "threadId" IN ({marks})', chunk)
                    connection.execute(f'DELETE FROM threads WHERE "id" IN ({marks})', chunk)
            with connection:
                if not chat.keep_emails:  # draft conversations idle for an hour: their pasted emails, if still there
                    idle = (now - timedelta(hours=1)).isoformat()
                    ended = [
                        row[0]
                        for row in connection.execute(
                            """
                            SELECT d."threadId" FROM steps d WHERE d."metadata" LIKE '%"status": "draft"%'
                            GROUP BY d."threadId"
                            HAVING (SELECT MAX(s."createdAt") FROM steps s WHERE s."threadId" = d."threadId") < ?
                            """,
                            (idle,),
                        )
                    ]
                    for thread_id in ended:
                        _redact(connection, chat.files_dir, thread_id)
                connection.execute(
                    """
                    DELETE FROM users WHERE "identifier" LIKE 'candidat-%' AND COALESCE("createdAt", '') < ?
                      AND NOT EXISTS (SELECT 1 FROM threads t WHERE t."userId" = users."id")
                    """,
                    (cutoff,),
                )
                # Logged-out tokens past their expiry are refused anyway: their rows are no longer needed (the
                # table is missing in a database the chat server has not opened since it was added).
                if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'revoked_logins'").fetchone():
                    connection.execute('DELETE FROM revoked_logins WHERE "expires" < ?', (now.isoformat(),))
            _checkpoint(connection)
    except sqlite3.Error as exc:
        raise ChatStoreError(db_path, f"cannot purge old conversations: {exc}") from exc
    files = 0
    for key in keys:
        try:
            files += delete_stored_file(chat.files_dir, key) if key else 0
        except OSError:  # a folder being written to, a file already gone: the next pass retries
            continue
    return len(old), files


def redact_pasted_emails(chat: ChatSettings, thread_id: str) -> Redacted:
    """Replace the emails pasted into a draft conversation by a note (see ``chat.keep_emails``) wherever their
    words were stored: its messages, every step's input, its name (Chainlit names a conversation after its first
    message), the draft's text and its stored file. SQLite is then made to keep no old copy: the replaced text
    is zeroed (secure_delete) and the WAL, which holds the pages as they were, emptied. Returns what it replaced
    (nothing once done: the chat calls it until Chainlit's late writes are all replaced)."""
    db_path = chat.db_path
    if not db_path.is_file():
        return Redacted(0, 0, 0)
    try:
        with closing(sqlite3.connect(db_path, timeout=30)) as connection:
            connection.execute("PRAGMA secure_delete=ON")
            with connection:
                redacted = _redact(connection, chat.files_dir, thread_id)
            if any(redacted):
                _checkpoint(connection)
            return redacted
    except sqlite3.Error as exc:
        raise ChatStoreError(db_path, f"cannot remove the pasted emails: {exc}") from exc


def _checkpoint(connection: sqlite3.Connection) -> bool:
    """Copy the WAL into the database file and truncate it to nothing: until then it holds every page as a
    writer left it, a pasted email included. False if readers or writers kept it busy every time."""
    for _ in range(CHECKPOINT_TRIES):
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return True
        time.sleep(0.2)
    return False


def _redact(connection: sqlite3.Connection, files_dir: Path, thread_id: str) -> Redacted:
    connection.execute(
        'UPDATE threads SET "name" = ? WHERE "id" = ? AND "name" <> ?', (REDACTED_NAME, thread_id, REDACTED_NAME)
    )
    messages = connection.execute(
        """
        UPDATE steps SET "output" = ?, "input" = ''
        WHERE "threadId" = ? AND "type" = 'user_message' AND "output" <> ?
        """,
        (REDACTED_EMAIL, thread_id, REDACTED_EMAIL),
    ).rowcount
    inputs = connection.execute(
        """UPDATE steps SET "input" = '' WHERE "threadId" = ? AND "type" = 'run' AND COALESCE("input", '') <> ''""",
        (thread_id,),
    ).rowcount
    connection.execute(  # any other step of the conversation that kept its input (a tool step, a command)
        """UPDATE steps SET "input" = '' WHERE "threadId" = ? AND COALESCE("input", '') <> ''""", (thread_id,)
    )
    drafts = 0
    for element_id, raw, key in connection.execute(
        """SELECT "id", "props", "objectKey" FROM elements WHERE "threadId" = ? AND "name" = ? AND "type" = 'custom'""",
        (thread_id, DRAFT_ELEMENT),
    ).fetchall():
        props = _json_dict(raw)
        if props.get("text") == REDACTED_DRAFT:
            continue
        props["text"] = REDACTED_DRAFT
        path = _key_path(files_dir, key) if isinstance(key, str) and key else None
        if path is not None and path.is_file():
            try:  # the stored copy, as Chainlit writes it (CustomElement.content is json.dumps(props))
                _write_file(files_dir, path, json.dumps(props).encode("utf-8"))
            except OSError:  # left for the next pass, the database row too
                continue
        connection.execute('UPDATE elements SET "props" = ? WHERE "id" = ?', (json.dumps(props), element_id))
        drafts += 1
    return Redacted(messages, inputs, drafts)
