"""Personal data: conversations kept only chat.retention_days, pasted emails not kept beyond their conversation,
questions' words kept out of the log unless chat.log_questions says otherwise."""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.answer import Answer
from assistant.chatstore import (
    REDACTED_DRAFT,
    REDACTED_EMAIL,
    REDACTED_NAME,
    create_schema,
    purge,
    redact_pasted_emails,
)
from assistant.settings import ChatSettings, load_settings

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _stamp(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).replace(tzinfo=None).isoformat() + "Z"


def _conversation(db: Path, files: Path, thread: str, user: str, days_ago: float, last_days_ago: float) -> Path:
    """A thread started days_ago, its last message last_days_ago, with a rating and a stored file."""
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute(
            'INSERT OR IGNORE INTO users ("id", "identifier", "metadata", "createdAt") VALUES (?, ?, ?, ?)',
            (f"u-{user}", user, "{}", _stamp(days_ago)),
        )
        connection.execute(
            'INSERT INTO threads ("id", "createdAt", "name", "userId", "userIdentifier") VALUES (?, ?, ?, ?, ?)',
            (thread, _stamp(days_ago), "q", f"u-{user}", user),
        )
        for n, age in enumerate((days_ago, last_days_ago)):
            connection.execute(
                'INSERT INTO steps ("id", "name", "type", "threadId", "output", "createdAt") VALUES (?, ?, ?, ?, ?, ?)',
                (f"{thread}-s{n}", "user", "user_message", thread, "mon courriel : jean@exemple.fr", _stamp(age)),
            )
        key = f"u-{user}/{thread}-e/calendrier.ics"
        connection.execute(
            'INSERT INTO elements ("id", "threadId", "name", "objectKey") VALUES (?, ?, ?, ?)',
            (f"{thread}-e", thread, "calendrier.ics", key),
        )
        connection.execute(
            'INSERT INTO feedbacks ("id", "forId", "threadId", "value") VALUES (?, ?, ?, 1)',
            (f"{thread}-f", f"{thread}-s1", thread),
        )
    path = files / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("BEGIN:VCALENDAR")
    return path


def _count(db: Path, table: str) -> int:
    with closing(sqlite3.connect(db)) as connection:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_the_defaults_keep_little() -> None:
    chat = load_settings().chat
    assert (chat.retention_days, chat.keep_emails, chat.log_questions) == (90, False, False)


def test_conversations_older_than_the_retention_are_deleted_whole(tmp_path: Path) -> None:
    chat = ChatSettings(data_dir=tmp_path / "chat", retention_days=30)
    create_schema(chat.db_path)
    old = _conversation(chat.db_path, chat.files_dir, "t-old", "candidat-a", days_ago=60, last_days_ago=45)
    active = _conversation(chat.db_path, chat.files_dir, "t-active", "candidat-b", days_ago=60, last_days_ago=2)
    recent = _conversation(chat.db_path, chat.files_dir, "t-new", "candidat-c", days_ago=1, last_days_ago=0)
    with closing(sqlite3.connect(chat.db_path)) as connection, connection:  # a rating without its thread id
        connection.execute(
            'INSERT INTO feedbacks ("id", "forId", "value", "comment") VALUES (\'f-x\', \'t-old-s0\', 0, \'c\')'
        )

    assert purge(chat, NOW) == (1, 1)

    assert not old.exists() and active.exists() and recent.exists()
    assert not (chat.files_dir / "u-candidat-a").exists()  # its empty folders too
    for table, left in (("threads", 2), ("steps", 4), ("elements", 2), ("feedbacks", 2), ("users", 2)):
        assert _count(chat.db_path, table) == left, table
    assert purge(chat, NOW) == (0, 0)  # nothing more to do
    assert purge(chat, NOW + timedelta(days=31)) == (2, 2)


def test_purge_without_a_database_does_nothing(tmp_path: Path) -> None:
    assert purge(ChatSettings(data_dir=tmp_path / "none"), NOW) == (0, 0)


def test_a_pasted_email_is_replaced_by_a_note(tmp_path: Path) -> None:
    chat = ChatSettings(data_dir=tmp_path / "chat")
    create_schema(chat.db_path)
    _conversation(chat.db_path, chat.files_dir, "t-draft", "agent", days_ago=0, last_days_ago=0)
    _conversation(chat.db_path, chat.files_dir, "t-other", "agent2", days_ago=0, last_days_ago=0)
    assert redact_pasted_emails(chat, "t-draft").messages == 2
    with closing(sqlite3.connect(chat.db_path)) as connection:
        rows = dict(connection.execute('SELECT "threadId", "output" FROM steps ORDER BY "threadId"').fetchall())
    assert rows["t-draft"] == REDACTED_EMAIL and "jean@exemple.fr" in rows["t-other"]
    with closing(sqlite3.connect(chat.db_path)) as connection:
        names = dict(connection.execute('SELECT "id", "name" FROM threads').fetchall())
    assert names["t-draft"] == REDACTED_NAME and names["t-other"] == "q"
    assert not any(redact_pasted_emails(chat, "t-draft"))


@pytest.mark.parametrize("with_question", [False, True])
def test_the_log_holds_a_questions_words_only_when_allowed(
    with_question: bool, caplog: pytest.LogCaptureFixture
) -> None:
    from assistant.web import log_answer

    answer = Answer(
        question="Je m'appelle Jean Dupont, suis-je éligible ?",
        answer="…",
        status="refused",
        route="none",
        citations=[],
        lang="fr",
    )
    with caplog.at_level(logging.INFO, logger="assistant"):
        log_answer(answer, with_question)
    assert "route=none status=refused" in caplog.text
    assert ("Jean Dupont" in caplog.text) == with_question


def test_the_purge_command_says_what_it_deleted(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import app

    data = isolated / "chat"
    monkeypatch.setenv("ASSISTANT_CHAT__DATA_DIR", str(data))
    monkeypatch.setenv("ASSISTANT_CHAT__RETENTION_DAYS", "7")
    create_schema(data / "chat.db")
    _conversation(data / "chat.db", data / "files", "t-old", "candidat-a", days_ago=400, last_days_ago=400)
    result = CliRunner().invoke(app, ["chat-purge"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 conversation(s) and 1 file(s) older than 7 days deleted"
    monkeypatch.setenv("ASSISTANT_CHAT__RETENTION_DAYS", "0")
    refused = CliRunner().invoke(app, ["chat-purge"])
    assert refused.exit_code == 1 and "retention_days" in refused.output


@pytest.mark.slow
def test_a_drafts_pasted_email_is_gone_when_the_conversation_ends(built, tmp_path: Path) -> None:  # noqa: ANN001
    """The real chat: staff paste an email in the draft profile, get the draft, close the chat; the email's
    words are no longer in the database, nor the draft that quoted them, and the server log never held them."""
    import asyncio

    from tests.chatclient import ChatClient
    from tests.chatserver import STAFF_NAME, STAFF_PASSWORD, chat_server

    email = (
        "Bonjour,\nJe suis Jeanne Martin-Privé, interne, née le 3 avril 1996. "
        "Quelle est la date limite des postes d'accueil ?\nCordialement"
    )

    async def draft(base: str) -> str | None:
        chat = ChatClient(base, staff=(STAFF_NAME, STAFF_PASSWORD), chat_profile="Brouillon de réponse")
        await chat.connect()
        reply = await chat.ask(email)
        assert reply.status == "draft", reply.content
        thread = reply.thread_id
        await chat.disconnect(confirmed=True)
        await chat.close()
        return thread

    with chat_server(built.paths.index_dir, tmp_path / "server") as server:
        thread = asyncio.run(draft(server.base))
        db = server.data / "chat.db"
        for _ in range(300):  # the end of the chat is handled after the socket closes, its rows written late
            with closing(sqlite3.connect(db)) as connection:
                outputs = [
                    r[0] for r in connection.execute('SELECT "output" FROM steps WHERE "threadId" = ?', (thread,))
                ]
                metadata = [
                    r[0] for r in connection.execute('SELECT "metadata" FROM steps WHERE "threadId" = ?', (thread,))
                ]
                props = [
                    r[0] for r in connection.execute('SELECT "props" FROM elements WHERE "threadId" = ?', (thread,))
                ]
            if REDACTED_EMAIL in outputs and any(REDACTED_DRAFT in (p or "") for p in props):
                break
            time.sleep(0.2)
        with closing(sqlite3.connect(db)) as connection:
            drafts = [r[0] for r in connection.execute('SELECT "props" FROM elements WHERE "threadId" = ?', (thread,))]
            names = [r[0] for r in connection.execute('SELECT "name" FROM threads WHERE "id" = ?', (thread,))]
        log = server.log.read_text(encoding="utf-8", errors="replace")
    assert REDACTED_EMAIL in outputs, (thread, log[-3000:])
    assert not [o for o in outputs + metadata + names if o and "Martin-Privé" in o]
    assert names  # the conversation is there, under a name that is not the email
    assert drafts and all(json.loads(d or "{}").get("text") == REDACTED_DRAFT for d in drafts)  # it quoted it
    assert "Martin-Privé" not in log


@pytest.mark.parametrize(("keep", "expected"), [(False, {"t-ended": True}), (True, {"t-ended": False})])
def test_the_retention_pass_removes_the_emails_of_ended_draft_conversations(
    tmp_path: Path, keep: bool, expected: dict[str, bool]
) -> None:
    """A server stopped before a draft conversation's end: the hourly pass replaces its pasted emails once it is
    idle for an hour; a live draft and an applicant's conversation are left alone."""
    chat = ChatSettings(data_dir=tmp_path / "chat", keep_emails=keep)
    create_schema(chat.db_path)
    for thread, idle_days, draft in (("t-ended", 0.1, True), ("t-live", 0.01, True), ("t-applicant", 0.1, False)):
        _conversation(chat.db_path, chat.files_dir, thread, thread, days_ago=idle_days, last_days_ago=idle_days)
        if draft:
            with closing(sqlite3.connect(chat.db_path)) as connection, connection:
                connection.execute(
                    'INSERT INTO steps ("id", "name", "type", "threadId", "output", "metadata", "createdAt") '
                    "VALUES (?, 'Assistant', 'assistant_message', ?, 'Brouillon', ?, ?)",
                    (f"{thread}-d", thread, json.dumps({"status": "draft"}, ensure_ascii=False), _stamp(idle_days)),
                )
    purge(chat, NOW)
    with closing(sqlite3.connect(chat.db_path)) as connection:
        rows = connection.execute('SELECT "threadId", "output" FROM steps WHERE "type" = \'user_message\'').fetchall()
    redacted = {thread: output == REDACTED_EMAIL for thread, output in rows}
    assert redacted == {"t-ended": expected["t-ended"], "t-live": False, "t-applicant": False}
