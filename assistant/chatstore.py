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
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.step import StepDict
from chainlit.types import ThreadDict
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

from assistant.errors import ChatStoreError
from assistant.settings import ChatSettings

STORAGE_ROUTE = "/storage/"
FEEDBACK_HEADER = ("date", "user", "thread_id", "thread_name", "question", "answer", "value", "comment")
REFUSED_HEADER = ("date", "user", "thread_id", "question", "route")
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
"""


def create_schema(db_path: Path) -> None:
    """Create the chat database file and every table the data layer uses, if missing."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ChatStoreError(db_path.parent, f"cannot create the folder: {exc.strerror or exc}") from exc
    if db_path.is_dir():
        raise ChatStoreError(db_path, "is a folder, not a chat database file")
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

    async def get_current_timestamp(self) -> str:
        # The base stamps local time with a "Z" suffix; stamp UTC like Chainlit's steps (chainlit.utils.utc_now).
        return datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z"

    async def execute_sql(self, query: str, parameters: dict[str, Any]) -> list[dict[str, Any]] | int | None:
        # sqlite3 binds no list or dict: the base passes thread and step tags (lists), message modes and
        # element playerConfig (dicts) as they are, and execute_sql then drops the whole statement with a
        # logged warning (the thread of a chat profile, auto-tagged, would lose its user and name).
        return await super().execute_sql(query, {key: _to_sql(value) for key, value in parameters.items()})

    async def create_step(self, step_dict: StepDict) -> None:
        """Insert or update a step, keeping only the keys that are steps columns."""
        # A step dict read back (get_step, get_thread) carries its "feedback", which lives in feedbacks:
        # the base would write it as a column and the database reject the whole step.
        kept = {key: value for key, value in step_dict.items() if key in STEP_COLUMNS}
        await super().create_step(cast(StepDict, kept))

    async def get_all_user_threads(
        self, user_id: str | None = None, thread_id: str | None = None
    ) -> list[ThreadDict] | None:
        """Threads as the base reads them, with the JSON text columns turned back into lists and dicts."""
        threads = await super().get_all_user_threads(user_id=user_id, thread_id=thread_id)
        for thread in threads or []:
            thread["tags"] = _json_list(thread.get("tags"))
            thread["metadata"] = _json_dict(thread.get("metadata"))
            for step in thread["steps"]:
                _decode_step(step)
            for element in thread.get("elements") or []:
                element["props"] = _json_dict(element.get("props"))
        return threads

    async def get_step(self, step_id: str) -> StepDict | None:
        """One step, its JSON text columns decoded."""
        step = await super().get_step(step_id)
        return _decode_step(step) if step is not None else None

    async def get_favorite_steps(self, user_id: str) -> list[StepDict]:
        """The user's favourite steps, their JSON text columns decoded."""
        return [_decode_step(step) for step in await super().get_favorite_steps(user_id)]


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
    path = _key_path(files_dir, key)
    return path if path is not None and path.is_file() else None


def storage_url(key: str) -> str:
    """The app's address of a stored file (the key percent-encoded: element names may hold '#', '?' or spaces)."""
    return STORAGE_ROUTE + quote(key, safe="/")


def _write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


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
            await asyncio.to_thread(_write_file, path, content)
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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_inert(cell) for cell in row] for row in rows)
    return out.getvalue()


def _inert(cell: object) -> object:
    """Text a spreadsheet will not run as a formula (applicants write the questions and comments: OWASP CSV
    injection): a leading = + - @ tab or carriage return is escaped with a quote."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(("=", "+", "-", "@", "\t", "\r")) else cell


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
                row["value"],
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
        WHERE s."metadata" LIKE '%refused%'
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
                        _redact(connection, thread_id)
                connection.execute(
                    """
                    DELETE FROM users WHERE "identifier" LIKE 'candidat-%' AND COALESCE("createdAt", '') < ?
                      AND NOT EXISTS (SELECT 1 FROM threads t WHERE t."userId" = users."id")
                    """,
                    (cutoff,),
                )
    except sqlite3.Error as exc:
        raise ChatStoreError(db_path, f"cannot purge old conversations: {exc}") from exc
    files = 0
    for key in keys:
        try:
            files += delete_stored_file(chat.files_dir, key) if key else 0
        except OSError:  # a folder being written to, a file already gone: the next pass retries
            continue
    return len(old), files


def redact_pasted_emails(chat: ChatSettings, thread_id: str) -> int:
    """Replace the emails pasted into a draft conversation by a note (see ``chat.keep_emails``): its messages,
    and its name (Chainlit names a conversation after its first message); returns how many messages."""
    db_path = chat.db_path
    if not db_path.is_file():
        return 0
    try:
        with closing(sqlite3.connect(db_path, timeout=30)) as connection, connection:
            return _redact(connection, thread_id)
    except sqlite3.Error as exc:
        raise ChatStoreError(db_path, f"cannot remove the pasted emails: {exc}") from exc


def _redact(connection: sqlite3.Connection, thread_id: str) -> int:
    connection.execute(
        'UPDATE threads SET "name" = ? WHERE "id" = ? AND "name" <> ?', (REDACTED_NAME, thread_id, REDACTED_NAME)
    )
    cursor = connection.execute(
        """
        UPDATE steps SET "output" = ?, "input" = ''
        WHERE "threadId" = ? AND "type" = 'user_message' AND "output" <> ?
        """,
        (REDACTED_EMAIL, thread_id, REDACTED_EMAIL),
    )
    return cursor.rowcount
