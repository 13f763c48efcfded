"""Chat history on SQLite: the real Chainlit data layer end to end, element files, helpdesk exports."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import os
import sqlite3
import tempfile
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

# Importing chainlit writes .chainlit/ and .files/ into its app root, the working directory unless
# CHAINLIT_APP_ROOT says otherwise (read once, in chainlit/config.py): keep them out of the repository,
# and the variable out of the environment that later tests hand to their subprocesses.
_OWN_APP_ROOT = "CHAINLIT_APP_ROOT" not in os.environ
if _OWN_APP_ROOT:
    os.environ["CHAINLIT_APP_ROOT"] = tempfile.mkdtemp(prefix="chainlit-root-")

import chainlit as cl  # noqa: E402
import pytest  # noqa: E402
from chainlit.context import ChainlitContext, context_var  # noqa: E402
from chainlit.element import CustomElement  # noqa: E402
from chainlit.session import HTTPSession  # noqa: E402
from chainlit.types import Feedback, Pagination, ThreadFilter  # noqa: E402
from chainlit.user import PersistedUser  # noqa: E402

from assistant.chatstore import (  # noqa: E402
    FEEDBACK_HEADER,
    REDACTED_EMAIL,
    REDACTED_NAME,
    REFUSED_HEADER,
    STEP_COLUMNS,
    LocalStorage,
    SQLiteDataLayer,
    create_schema,
    feedback_csv,
    open_data_layer,
    refused_csv,
    stored_file,
)
from assistant.errors import ChatStoreError  # noqa: E402
from assistant.settings import ChatSettings  # noqa: E402

if _OWN_APP_ROOT:
    del os.environ["CHAINLIT_APP_ROOT"]

MARIE = "marie.curie@inserm.fr"
JEAN = "jean.dausset@inserm.fr"
Q1 = "Qui peut candidater au programme Passerelles ?"
A1 = "Les médecins et pharmaciens hospitaliers peuvent candidater."
Q2 = "Quel est le salaire du directeur ?"
A2 = "Je ne peux pas répondre à cette question à partir des textes d'appel."
Q3 = "Et la date limite ?"
A3 = "La date limite est le 15 mars 2026."
QJ = "Combien de jours de congé ai-je ?"
NOTE = "Fiche « Passerelles » : critères d'éligibilité"
PDF = b"%PDF-1.4 fake bytes \x00\xff"


@dataclass
class Conversation:
    """Ids of what _record wrote."""

    user: PersistedUser
    thread_id: str
    other_thread_id: str
    answers: list[str]
    feedback_ids: list[str]
    note_id: str
    pdf_id: str


def enter_http_context(thread_id: str, user: PersistedUser) -> None:
    """What Chainlit's HTTP handlers set up: the queued data-layer methods read context.session."""
    session = HTTPSession(id=str(uuid.uuid4()), client_type="webapp", thread_id=thread_id, user=user)
    context_var.set(ChainlitContext(session))


def message(content: str, at: str, *, user: bool = False, metadata: dict[str, str] | None = None) -> cl.Message:
    return cl.Message(
        content=content,
        author="Marie" if user else "Assistant",
        type="user_message" if user else "assistant_message",
        metadata=metadata,
        created_at=at,
    )


def answered(question: str, route: str) -> dict[str, str]:
    return {"status": "answered", "route": route, "question": question}


def refused(question: str, route: str = "none") -> dict[str, str]:
    return {"status": "refused", "route": route, "question": question}


async def _record(layer: SQLiteDataLayer) -> Conversation:
    """A chat as Chainlit persists it: the thread tagged with its chat profile, three questions, feedback, files."""
    marie = await layer.create_user(cl.User(identifier=MARIE, metadata={"role": "candidate"}))
    jean = await layer.create_user(cl.User(identifier=JEAN))
    assert marie is not None and jean is not None
    thread_id = str(uuid.uuid4())
    enter_http_context(thread_id, marie)
    # What flush_thread_queues does on the first message of a chat profile (auto_tag_thread).
    await layer.update_thread(thread_id, name=Q1, user_id=marie.id, tags=["Candidat"])
    steps = [
        message(Q1, "2026-03-02T09:00:00.000000Z", user=True),
        message(A1, "2026-03-02T09:00:01.000000Z", metadata=answered(Q1, "rules")),
        message(Q2, "2026-03-02T09:01:00.000000Z", user=True),
        message(A2, "2026-03-02T09:01:01.000000Z", metadata=refused(Q2)),
        message(Q3, "2026-03-02T09:02:00.000000Z", user=True),
        # No question in its metadata: the export falls back to the preceding user message.
        message(A3, "2026-03-02T09:02:01.000000Z", metadata={"status": "answered", "route": "retrieval"}),
    ]
    for step in steps:
        await layer.create_step(step.to_dict())
    answers = [steps[1].id, steps[3].id, steps[5].id]
    feedback_ids = [
        await layer.upsert_feedback(Feedback(forId=answers[0], value=1, threadId=thread_id, comment="Claire, merci")),
        await layer.upsert_feedback(Feedback(forId=answers[1], value=0, threadId=thread_id, comment="Dommage")),
        await layer.upsert_feedback(Feedback(forId=answers[2], value=1, threadId=thread_id)),
    ]
    note = cl.Text(name="fiche passerelles #1.txt", content=NOTE, for_id=answers[0], thread_id=thread_id)
    pdf = cl.File(name="appel.pdf", content=PDF, mime="application/pdf", for_id=answers[0], thread_id=thread_id)
    await layer.create_element(note)
    await layer.create_element(pdf)
    # What persist_user_session does when the socket closes: metadata merged, the tags left alone.
    await layer.update_thread(thread_id, metadata={"chat_profile": "Candidat", "env": {}})

    other_thread_id = str(uuid.uuid4())
    enter_http_context(other_thread_id, jean)
    await layer.update_thread(other_thread_id, name=QJ, user_id=jean.id, tags=["Agent"])
    await layer.create_step(message(QJ, "2026-03-01T08:00:00.000000Z", user=True).to_dict())
    await layer.create_step(
        message("Hors sujet.", "2026-03-01T08:00:02.000000Z", metadata=refused(QJ, "retrieval")).to_dict()
    )
    return Conversation(marie, thread_id, other_thread_id, answers, feedback_ids, note.id, pdf.id)


def record(data_dir: Path) -> Conversation:
    """Record the conversation with a layer of its own, closed afterwards."""

    async def run() -> Conversation:
        layer = open_data_layer(ChatSettings(data_dir=data_dir))
        try:
            return await _record(layer)
        finally:
            await layer.close()

    return asyncio.run(run())


def element_file(data_dir: Path, url: str | None) -> Path | None:
    assert url is not None and url.startswith("/storage/")
    return stored_file(data_dir / "files", unquote(url.removeprefix("/storage/")))


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # a UTF-8 BOM: spreadsheets then read the file as UTF-8
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_conversation_survives_a_restart(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="chainlit"):
        chat = record(tmp_path)
    # The base layer logs and drops a statement SQLite rejects: none may have been dropped.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("chainlit")] == []

    async def reload() -> None:
        layer = open_data_layer(ChatSettings(data_dir=tmp_path))
        try:
            thread = await layer.get_thread(chat.thread_id)
            assert thread is not None
            assert thread["name"] == Q1
            assert thread["userId"] == chat.user.id
            assert thread["userIdentifier"] == MARIE
            assert thread["tags"] == ["Candidat"]
            assert thread["metadata"] == {"chat_profile": "Candidat", "env": {}}
            steps = thread["steps"]
            assert [(s["type"], s["output"]) for s in steps] == [
                ("user_message", Q1),
                ("assistant_message", A1),
                ("user_message", Q2),
                ("assistant_message", A2),
                ("user_message", Q3),
                ("assistant_message", A3),
            ]
            assert steps[1]["metadata"] == answered(Q1, "rules")
            assert steps[3]["metadata"] == refused(Q2)
            assert steps[1]["streaming"] is False
            assert [s["feedback"] for s in steps[0::2]] == [None, None, None]
            assert steps[1]["feedback"] == {
                "forId": chat.answers[0],
                "id": chat.feedback_ids[0],
                "value": 1,
                "comment": "Claire, merci",
            }
            assert steps[3]["feedback"] is not None and steps[3]["feedback"]["value"] == 0

            elements = {e["id"]: e for e in thread["elements"] or []}
            assert set(elements) == {chat.note_id, chat.pdf_id}
            note, pdf = elements[chat.note_id], elements[chat.pdf_id]
            assert (note["type"], note["name"], note["forId"], note["props"]) == (
                "text",
                "fiche passerelles #1.txt",
                chat.answers[0],
                {},
            )
            assert note["url"] == f"/storage/{chat.user.id}/{chat.note_id}/fiche%20passerelles%20%231.txt"
            note_file = element_file(tmp_path, note["url"])
            assert note_file is not None and note_file.read_text(encoding="utf-8") == NOTE
            pdf_file = element_file(tmp_path, pdf["url"])
            assert pdf_file is not None and pdf_file.read_bytes() == PDF
            assert pdf["mime"] == "application/pdf"

            page = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=chat.user.id))
            assert [(t["id"], t["tags"], t["name"]) for t in page.data] == [(chat.thread_id, ["Candidat"], Q1)]
            liked = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=chat.user.id, feedback=0))
            assert [t["id"] for t in liked.data] == [chat.thread_id]
            assert await layer.get_thread_author(chat.thread_id) == MARIE

            step = await layer.get_step(chat.answers[1])
            assert step is not None and step["metadata"] == refused(Q2)
            element = await layer.get_element(chat.thread_id, chat.pdf_id)
            assert element is not None and element["objectKey"] == f"{chat.user.id}/{chat.pdf_id}/appel.pdf"
        finally:
            await layer.close()

    asyncio.run(reload())


def test_feedback_changed_then_deleted(tmp_path: Path) -> None:
    chat = record(tmp_path)

    async def run() -> None:
        layer = open_data_layer(ChatSettings(data_dir=tmp_path))
        try:
            await layer.upsert_feedback(
                Feedback(
                    id=chat.feedback_ids[0],
                    forId=chat.answers[0],
                    value=0,
                    threadId=chat.thread_id,
                    comment="Incomplet",
                )
            )
            step = await layer.get_step(chat.answers[0])
            assert step is not None and step["feedback"] is not None
            assert (step["feedback"]["value"], step["feedback"]["comment"]) == (0, "Incomplet")
            assert await layer.delete_feedback(chat.feedback_ids[0]) is True
            step = await layer.get_step(chat.answers[0])
            assert step is not None and step["feedback"] is None
        finally:
            await layer.close()

    asyncio.run(run())


def test_step_tags_and_modes_are_stored_as_json(tmp_path: Path) -> None:
    """sqlite3 binds no list or dict: without the fix, such a message is dropped altogether."""

    async def run() -> str:
        layer = open_data_layer(ChatSettings(data_dir=tmp_path))
        try:
            user = await layer.create_user(cl.User(identifier=MARIE))
            assert user is not None
            thread_id = str(uuid.uuid4())
            enter_http_context(thread_id, user)
            sent = cl.Message(
                content="Bonjour", tags=["accueil"], modes={"source": "rules"}, created_at="2026-03-02T09:00:00Z"
            )
            await layer.create_step(sent.to_dict())
            step = await layer.get_step(sent.id)
            assert step is not None
            assert step["tags"] == ["accueil"]
            assert step["output"] == "Bonjour"
            return sent.id
        finally:
            await layer.close()

    step_id = asyncio.run(run())
    with sqlite3.connect(tmp_path / "chat.db") as connection:
        stored = connection.execute('SELECT "tags", "modes" FROM steps WHERE "id" = ?', (step_id,)).fetchone()
    assert stored == ('["accueil"]', '{"source": "rules"}')


def test_favourite_step_comes_back_decoded(tmp_path: Path) -> None:
    """A step read back carries its feedback, which is no steps column: saving it again must still work."""
    chat = record(tmp_path)

    async def run() -> None:
        layer = open_data_layer(ChatSettings(data_dir=tmp_path))
        try:
            step = await layer.get_step(chat.answers[0])
            assert step is not None
            enter_http_context(chat.thread_id, chat.user)
            await layer.set_step_favorite(step, True)
            favourites = await layer.get_favorite_steps(chat.user.id)
            assert [(f["id"], f["metadata"]) for f in favourites] == [
                (chat.answers[0], {**answered(Q1, "rules"), "favorite": True})
            ]
        finally:
            await layer.close()

    asyncio.run(run())


def test_concurrent_writes_all_land(tmp_path: Path) -> None:
    """Chainlit fires create_step as concurrent tasks: SQLite must take them all."""

    async def run() -> int:
        layer = open_data_layer(ChatSettings(data_dir=tmp_path))
        try:
            user = await layer.create_user(cl.User(identifier=MARIE))
            assert user is not None
            thread_id = str(uuid.uuid4())
            enter_http_context(thread_id, user)
            sent = [message(f"Réponse {i}", f"2026-03-02T09:00:{i:02d}.000000Z") for i in range(40)]
            await asyncio.gather(*(layer.create_step(m.to_dict()) for m in sent))
            thread = await layer.get_thread(thread_id)
            assert thread is not None
            return len(thread["steps"])
        finally:
            await layer.close()

    assert asyncio.run(run()) == 40


def test_deleting_a_thread_deletes_its_files(tmp_path: Path) -> None:
    chat = record(tmp_path)
    pdf_key = f"{chat.user.id}/{chat.pdf_id}/appel.pdf"
    assert stored_file(tmp_path / "files", pdf_key) is not None

    async def run() -> None:
        layer = open_data_layer(ChatSettings(data_dir=tmp_path))
        try:
            await layer.delete_thread(chat.thread_id)
            assert await layer.get_thread(chat.thread_id) is None
            assert await layer.get_thread(chat.other_thread_id) is not None
        finally:
            await layer.close()

    asyncio.run(run())
    assert stored_file(tmp_path / "files", pdf_key) is None
    assert not (tmp_path / "files" / chat.user.id).exists()
    assert rows(feedback_csv(tmp_path / "chat.db")) == [list(FEEDBACK_HEADER)]


def test_feedback_csv(tmp_path: Path) -> None:
    chat = record(tmp_path)
    assert rows(feedback_csv(tmp_path / "chat.db")) == [
        ["date", "user", "thread_id", "thread_name", "question", "answer", "value", "comment"],
        ["2026-03-02T09:00:01.000000Z", MARIE, chat.thread_id, Q1, Q1, A1, "👍", "Claire, merci"],
        ["2026-03-02T09:01:01.000000Z", MARIE, chat.thread_id, Q1, Q2, A2, "👎", "Dommage"],
        ["2026-03-02T09:02:01.000000Z", MARIE, chat.thread_id, Q1, Q3, A3, "👍", ""],
    ]


def test_refused_csv(tmp_path: Path) -> None:
    chat = record(tmp_path)
    assert rows(refused_csv(tmp_path / "chat.db")) == [
        ["date", "user", "thread_id", "question", "route"],
        ["2026-03-01T08:00:02.000000Z", JEAN, chat.other_thread_id, QJ, "retrieval"],
        ["2026-03-02T09:01:01.000000Z", MARIE, chat.thread_id, Q2, "none"],
    ]


def test_exports_of_a_missing_database_are_just_the_header(tmp_path: Path) -> None:
    assert feedback_csv(tmp_path / "absent.db") == (
        '\ufeff"date";"user";"thread_id";"thread_name";"question";"answer";"value";"comment"\r\n'
    )
    assert refused_csv(tmp_path / "absent.db") == '\ufeff"date";"user";"thread_id";"question";"route"\r\n'
    assert list(REFUSED_HEADER) == rows(refused_csv(tmp_path / "absent.db"))[0]
    assert not (tmp_path / "absent.db").exists()


@pytest.mark.parametrize("export", [feedback_csv, refused_csv])
def test_exports_reject_what_is_not_a_chat_database(tmp_path: Path, export: object) -> None:
    assert callable(export)
    with pytest.raises(ChatStoreError, match="is a folder"):
        export(tmp_path)
    text_file = tmp_path / "notes.db"
    text_file.write_text("pas une base SQLite " * 100, encoding="utf-8")
    with pytest.raises(ChatStoreError, match="cannot read the chat database"):
        export(text_file)


TABLE_COLUMNS = {
    "users": {"id", "identifier", "metadata", "createdAt"},
    "threads": {"id", "createdAt", "name", "userId", "userIdentifier", "tags", "metadata"},
    "steps": {
        "id",
        "name",
        "type",
        "threadId",
        "parentId",
        "streaming",
        "waitForAnswer",
        "isError",
        "metadata",
        "tags",
        "input",
        "output",
        "createdAt",
        "command",
        "modes",
        "start",
        "end",
        "generation",
        "showInput",
        "language",
        "defaultOpen",
        "autoCollapse",
    },  # fmt: skip
    "elements": {
        "id",
        "threadId",
        "type",
        "url",
        "chainlitKey",
        "name",
        "display",
        "objectKey",
        "size",
        "page",
        "language",
        "forId",
        "mime",
        "props",
        "autoPlay",
        "playerConfig",
    },  # fmt: skip
    "feedbacks": {"id", "forId", "threadId", "value", "comment"},
    "revoked_logins": {"jti", "expires"},  # logged-out tokens (assistant/logins.py), not Chainlit's
}


def test_create_schema_is_idempotent(tmp_path: Path) -> None:
    db_path = tmp_path / "nested" / "data" / "chat.db"
    create_schema(db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute("""INSERT INTO users ("id", "identifier", "metadata") VALUES ('u1', 'marie', '{}')""")
    connection.close()
    create_schema(db_path)
    with sqlite3.connect(db_path) as connection:
        tables = {
            name: {column[1] for column in connection.execute(f"PRAGMA table_info({name})")}
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        users = connection.execute('SELECT "identifier" FROM users').fetchall()
    connection.close()
    assert tables == TABLE_COLUMNS
    assert TABLE_COLUMNS["steps"] == STEP_COLUMNS
    assert users == [("marie",)]


def test_create_schema_rejects_a_folder_or_a_foreign_file(tmp_path: Path) -> None:
    with pytest.raises(ChatStoreError, match="is a folder") as raised:
        create_schema(tmp_path)
    assert raised.value.path == tmp_path
    foreign = tmp_path / "chat.db"
    foreign.write_bytes(b"not a database" * 100)
    with pytest.raises(ChatStoreError, match="cannot create the chat database"):
        create_schema(foreign)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(ChatStoreError, match="cannot create the folder"):
        open_data_layer(ChatSettings(data_dir=blocker / "data"))


def test_open_data_layer_needs_no_event_loop(tmp_path: Path) -> None:
    layer = open_data_layer(ChatSettings(data_dir=tmp_path / "data"))
    assert isinstance(layer, SQLiteDataLayer)
    assert isinstance(layer.storage_provider, LocalStorage)
    assert layer.storage_provider.files_dir == tmp_path / "data" / "files"
    assert (tmp_path / "data" / "chat.db").is_file()

    async def run() -> str | None:
        try:
            user = await layer.create_user(cl.User(identifier=MARIE))
            return user.identifier if user else None
        finally:
            await layer.close()

    assert asyncio.run(run()) == MARIE


def test_local_storage_round_trip(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "files")

    async def run() -> None:
        stored = await storage.upload_file("u1/e1/réponse.txt", "Éligible", mime="text/plain")
        assert stored == {"object_key": "u1/e1/réponse.txt", "url": "/storage/u1/e1/r%C3%A9ponse.txt"}
        assert await storage.get_read_url("u1/e1/réponse.txt") == stored["url"]
        assert await storage.upload_file("u1/e2/a.bin", b"\x00\x01") == {
            "object_key": "u1/e2/a.bin",
            "url": "/storage/u1/e2/a.bin",
        }
        path = stored_file(tmp_path / "files", "u1/e1/réponse.txt")
        assert path is not None and path.read_text(encoding="utf-8") == "Éligible"
        with pytest.raises(ChatStoreError, match="already stored"):
            await storage.upload_file("u1/e1/réponse.txt", "autre", overwrite=False)
        for key in ("../evil.txt", "u1/../../evil.txt", "/tmp/evil.txt"):
            with pytest.raises(ChatStoreError, match="not a relative path inside the folder"):
                await storage.upload_file(key, "x")
        assert await storage.delete_file("u1/e1/réponse.txt") is True
        assert await storage.delete_file("u1/e1/réponse.txt") is False
        assert await storage.delete_file("../chat.db") is False
        assert stored_file(tmp_path / "files", "u1/e1/réponse.txt") is None
        assert stored_file(tmp_path / "files", "u1/e2/a.bin") is not None

    asyncio.run(run())
    assert not (tmp_path / "evil.txt").exists()
    assert not (tmp_path / "files" / "u1" / "e1").exists()


@pytest.mark.parametrize(
    "key",
    ["../secret.txt", "a/../../secret.txt", "{absolute}", "", "..", ".", "a//b.txt", "a/./b.txt", "a\\..\\b.txt", "a"],
)
def test_stored_file_rejects_keys_outside_the_folder(tmp_path: Path, key: str) -> None:
    files_dir = tmp_path / "files"
    (files_dir / "a").mkdir(parents=True)
    (files_dir / "a" / "b.txt").write_text("ok", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    assert stored_file(files_dir, key.format(absolute=secret)) is None


def test_stored_file_finds_a_stored_file_but_not_through_a_symlink_out(tmp_path: Path) -> None:
    files_dir = tmp_path / "files"
    (files_dir / "a").mkdir(parents=True)
    (files_dir / "a" / "b.txt").write_text("ok", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (files_dir / "a" / "link.txt").symlink_to(tmp_path / "secret.txt")
    found = stored_file(files_dir, "a/b.txt")
    assert found is not None and found.read_text(encoding="utf-8") == "ok"
    assert stored_file(files_dir, "a/link.txt") is None
    assert stored_file(files_dir, "a/missing.txt") is None


def test_a_sealed_conversations_late_writes_land_redacted(tmp_path: Path) -> None:
    """Chainlit writes a message, its run step and its draft in tasks of their own, some twice: once the chat
    has ended (the conversation sealed), what still comes for it is written as the redaction leaves it; another
    conversation's writes are kept as they are."""
    chat = ChatSettings(data_dir=tmp_path / "chat")
    layer = open_data_layer(chat)
    email = "Je suis Zoé Quambrot, 06 11 22 33 44"

    async def late_writes() -> None:
        user = await layer.create_user(cl.User(identifier=MARIE))
        assert user is not None
        for thread in ("t-draft", "t-other"):
            await layer.update_thread(thread, name="q", user_id=user.id)
        layer.seal("t-draft")
        for thread in ("t-draft", "t-other"):
            enter_http_context(thread, user)
            await layer.update_thread(thread, name=email)
            for kind, step in (("user_message", "s-msg"), ("run", "s-run")):
                await layer.create_step(
                    {
                        "id": f"{thread}-{step}",
                        "threadId": thread,
                        "type": kind,
                        "name": "x",
                        "input": email,
                        "output": email if kind == "user_message" else "ok",
                    }
                )
            draft = CustomElement(name="Brouillon", props={"text": email, "subject": "Re"}, display="inline")
            draft.thread_id, draft.for_id = thread, f"{thread}-s-msg"
            await layer.create_element(draft)
        await layer.close()

    asyncio.run(late_writes())
    with closing(sqlite3.connect(chat.db_path)) as connection:
        stored = {
            thread: repr(
                connection.execute('SELECT "name" FROM threads WHERE "id" = ?', (thread,)).fetchall()
                + connection.execute('SELECT "input", "output" FROM steps WHERE "threadId" = ?', (thread,)).fetchall()
                + connection.execute('SELECT "props" FROM elements WHERE "threadId" = ?', (thread,)).fetchall()
            )
            for thread in ("t-draft", "t-other")
        }
    files = [path.read_text() for path in chat.files_dir.rglob("Brouillon")]
    assert "Quambrot" not in stored["t-draft"] and REDACTED_EMAIL in stored["t-draft"], stored
    assert REDACTED_NAME in stored["t-draft"] and "il citait le courriel" in stored["t-draft"]
    assert "Quambrot" in stored["t-other"] and REDACTED_EMAIL not in stored["t-other"]
    assert sorted("Quambrot" in text for text in files) == [False, True], files  # the stored copies
