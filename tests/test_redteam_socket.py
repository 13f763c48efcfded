"""Issue 15's socket.io findings, each replayed against the real server (`assistant chat`) as an anonymous
visitor would: a session id that is a path (1), SQL through a chosen thread id (2), another user's message
overwritten by reusing its id (3), a refused text stored whole (5), a socket opened from another site (6),
client-chosen metadata in the staff's exports (12), an instance's shutdown deleting another's session files (13).

Each test failed on the code before the fix (docs/security.md). The data layer's own locks are also tested
without a server, on a database holding the rows an attack would have left.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.settings import Settings
from tests.chatclient import ChatClient, ChatClientError
from tests.chatserver import STAFF_NAME, STAFF_PASSWORD, ChatServer, chat_server

pytestmark = pytest.mark.slow

# The red team's thread id: closes Chainlit's `IN ('<id>')` and selects every user's messages and ratings, filed
# under the attacker's own thread (the row's thread id is the attacker's, found back with LIKE).
INJECTION = (
    'zz\') UNION SELECT s."id", s."name", s."type", (SELECT t."id" FROM threads t WHERE t."id" LIKE \'zz\'\')%\' '
    'LIMIT 1), s."parentId", s."streaming", s."waitForAnswer", s."isError", s."metadata", s."tags", s."input", '
    's."output", s."createdAt", s."start", s."end", s."generation", s."showInput", s."language", f."value", '
    'f."comment", f."id" FROM steps s LEFT JOIN feedbacks f ON s."id" = f."forId" WHERE (\'a\'=\'a'
)


@pytest.fixture(scope="module")
def server(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    with chat_server(built.paths.index_dir, tmp_path_factory.mktemp("redteam")) as running:
        yield running


def rows(server: ChatServer, sql: str, *params: object) -> list[sqlite3.Row]:
    with closing(sqlite3.connect((server.data / "chat.db").as_uri() + "?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        return db.execute(sql, params).fetchall()


def wait_rows(server: ChatServer, sql: str, *params: object, seconds: float = 30) -> list[sqlite3.Row]:
    """The rows of a query once there are some (Chainlit writes in background tasks)."""
    for _ in range(int(seconds / 0.2)):
        found = rows(server, sql, *params)
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"no rows for {sql!r} {params}")


async def _victim(server: ChatServer, marker: str) -> tuple[ChatClient, Any]:
    """An applicant with one answered question holding marker, rated with a comment holding it too."""
    victim = ChatClient(server.base)
    await victim.connect()
    reply = await victim.ask(f"Quelle est la date limite des postes d'accueil ? {marker}")
    assert reply.for_id and not reply.errors, reply
    await victim.feedback(reply.for_id, 1, f"commentaire {marker}")
    return victim, reply


# --- 1. a session id is a path ---------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["absolute", "relative"])
def test_a_session_id_is_never_a_path(server: ChatServer, tmp_path: Path, form: str) -> None:
    """Before: the folder named by the session id received the session's files and was deleted at its end."""
    target = tmp_path / "precieux"
    target.mkdir()
    (target / "garder.txt").write_text("à garder")
    old_base = server.data.parent / "app" / ".files"  # where Chainlit put session folders
    session_id = str(target) if form == "absolute" else os.path.relpath(target, old_base)

    async def attack() -> str:
        client = ChatClient(server.base)
        try:
            try:
                await client.connect(auth={"sessionId": session_id})
            except ChatClientError:
                return "refused"
            await client.ask("Prochaines dates", command="Dates")
            await client.disconnect(clear=True, confirmed=True)
            await asyncio.sleep(1)
            return "accepted"
        finally:
            await client.close()

    outcome = asyncio.run(attack())
    assert sorted(p.name for p in target.iterdir()) == ["garder.txt"], "the session wrote into or removed the folder"
    assert outcome == "refused"


@pytest.mark.parametrize(
    "auth",
    [
        {"sessionId": "not-a-uuid"},
        {"sessionId": "/tmp"},
        {"sessionId": str(uuid.uuid4()).upper()},
        {"threadId": "x" * 40},
        {"threadId": "../../etc"},
        {"clientType": "copilot"},
        {"chatProfile": "p" * 500},
    ],
    ids=lambda a: next(iter(a)),
)
def test_malformed_connection_fields_are_refused(server: ChatServer, auth: dict[str, str]) -> None:
    async def attempt() -> None:
        client = ChatClient(server.base)
        try:
            with pytest.raises(ChatClientError):
                await client.connect(auth=auth)
        finally:
            await client.close()

    asyncio.run(attempt())


# --- 2. SQL through a chosen thread id ---------------------------------------------------------------------------


def test_a_thread_id_cannot_carry_sql(server: ChatServer) -> None:
    """Before: the attacker's conversation list held every user's messages and feedback comments."""
    marker = "victime-" + uuid.uuid4().hex[:10]

    async def scene() -> tuple[str, int]:
        victim, _ = await _victim(server, marker)
        await victim.close()
        attacker = ChatClient(server.base)
        try:
            try:
                await attacker.connect(thread_id=INJECTION)
                await attacker.ask("Bonjour")
            except ChatClientError:
                pass  # refused at the door
            listing = await attacker.http.post("/project/threads", json={"pagination": {"first": 50}, "filter": {}})
            return listing.text, listing.status_code
        finally:
            await attacker.close()

    text, status = asyncio.run(scene())
    assert status == 200
    assert marker not in text
    assert not rows(server, 'SELECT 1 FROM threads WHERE "id" LIKE ?', "zz%")


def test_the_data_layer_binds_every_thread_id(tmp_path: Path) -> None:
    """Even with an injected thread id already in the database, reading a user's threads leaks nobody else's."""
    from assistant.chatstore import create_schema, open_data_layer
    from assistant.settings import ChatSettings

    chat = ChatSettings(data_dir=tmp_path / "chat")
    create_schema(chat.db_path)
    with closing(sqlite3.connect(chat.db_path)) as db, db:
        db.execute("""INSERT INTO users ("id", "identifier") VALUES ('u-a', 'attaquant'), ('u-v', 'victime')""")
        db.execute(
            """INSERT INTO threads ("id", "userId", "userIdentifier", "name") VALUES (?, 'u-a', 'attaquant', 'a'),
            ('t-v', 'u-v', 'victime', 'v')""",
            (INJECTION,),
        )
        db.execute(
            """INSERT INTO steps ("id", "name", "type", "threadId", "output", "createdAt")
            VALUES ('s-v', 'victime', 'user_message', 't-v', 'secret de la victime', '2026-01-01T00:00:00Z'),
                   ('s-a', 'attaquant', 'user_message', ?, 'bonjour', '2026-01-01T00:00:01Z')""",
            (INJECTION,),
        )

    async def read() -> Any:
        layer = open_data_layer(chat)
        try:
            return await layer.get_all_user_threads(user_id="u-a")
        finally:
            await layer.engine.dispose()

    threads = asyncio.run(read())
    assert [t["id"] for t in threads] == [INJECTION]
    assert [s["output"] for s in threads[0]["steps"]] == ["bonjour"]
    assert "secret de la victime" not in repr(threads)


# --- 3. a client's message id overwrites another user's message ---------------------------------------------------


def test_a_message_id_of_another_user_rewrites_nothing(server: ChatServer) -> None:
    """Before: the victim's message took the attacker's text and moved into the attacker's conversation."""
    marker = "victime-" + uuid.uuid4().hex[:10]
    taken = "attaquant-" + uuid.uuid4().hex[:10]

    async def scene() -> tuple[str, str, str | None]:
        victim, reply = await _victim(server, marker)
        await victim.close()
        wait_rows(server, 'SELECT 1 FROM steps WHERE "id" = ?', reply.user_message_id)
        attacker = ChatClient(server.base)
        try:
            await attacker.connect()
            theirs = await attacker.ask(f"Qui contacter ? {taken}", fields={"id": reply.user_message_id})
            assert not theirs.errors, theirs
            return str(reply.user_message_id), str(reply.thread_id), theirs.thread_id
        finally:
            await attacker.close()

    message_id, victim_thread, attacker_thread = asyncio.run(scene())
    stored = wait_rows(server, 'SELECT "id", "threadId" FROM steps WHERE "output" LIKE ?', f"%{taken}%")
    assert [r["threadId"] for r in stored] == [attacker_thread]
    assert stored[0]["id"] != message_id
    victim_row = rows(server, 'SELECT "output", "threadId" FROM steps WHERE "id" = ?', message_id)[0]
    assert marker in victim_row["output"] and victim_row["threadId"] == victim_thread


def test_the_data_layer_never_moves_a_message_to_another_conversation(tmp_path: Path) -> None:
    """Chainlit's insert-or-update of a step, with another thread's id: the stored step is left as it was."""
    from assistant.chatstore import create_schema, open_data_layer
    from assistant.settings import ChatSettings

    chat = ChatSettings(data_dir=tmp_path / "chat")
    create_schema(chat.db_path)
    upsert = """
        INSERT INTO steps ("id", "name", "type", "threadId", "output")
        VALUES (:id, :name, :type, :threadId, :output)
        ON CONFLICT (id) DO UPDATE
        SET "name" = :name, "type" = :type, "threadId" = :threadId, "output" = :output;
    """

    async def write() -> None:
        layer = open_data_layer(chat)
        try:
            step = {"name": "v", "type": "user_message", "threadId": "t-victime"}
            await layer.execute_sql(upsert, step | {"id": "m1", "output": "question"})
            await layer.execute_sql(upsert, step | {"id": "m1", "threadId": "t-attaquant", "output": "remplacé"})
            await layer.execute_sql(upsert, step | {"id": "m2", "output": "réponse en cours"})
            await layer.execute_sql(upsert, step | {"id": "m2", "output": "réponse finale"})  # its own thread: updated
        finally:
            await layer.engine.dispose()

    asyncio.run(write())
    with closing(sqlite3.connect(chat.db_path)) as db:
        stored = db.execute('SELECT "id", "threadId", "output" FROM steps ORDER BY "id"').fetchall()
    assert stored == [("m1", "t-victime", "question"), ("m2", "t-victime", "réponse finale")]


# --- 5. refused text is stored anyway ----------------------------------------------------------------------------


def test_a_refused_message_is_stored_as_a_note(server: ChatServer) -> None:
    """Before: a message refused as too long was stored whole, and again as the conversation's name."""
    marker = "long-" + uuid.uuid4().hex[:10]
    text = ("Bonjour, une question. " * 10_000) + marker  # about 230,000 characters

    async def scene() -> Any:
        client = ChatClient(server.base)
        try:
            await client.connect()
            return await client.ask(text)
        finally:
            await client.close()

    reply = asyncio.run(scene())
    assert "trop long" in reply.content and reply.status == "rejected"
    stored = wait_rows(
        server, """SELECT "output" FROM steps WHERE "threadId" = ? AND "type" = 'user_message'""", reply.thread_id
    )
    assert len(stored[0]["output"]) < 200 and "caractères" in stored[0]["output"]
    name = wait_rows(server, 'SELECT "name" FROM threads WHERE "id" = ? AND "name" IS NOT NULL', reply.thread_id)
    assert len(name[0]["name"]) < 200
    assert not rows(server, 'SELECT 1 FROM steps WHERE "output" LIKE ? OR "input" LIKE ?', f"%{marker}%", f"%{marker}%")


def test_invisible_padding_is_not_stored(server: ChatServer) -> None:
    """A question that passes once invisible characters are dropped is stored without them (not 100,000 of them)."""
    question = "Quelle est la date limite des postes d'accueil ?"

    async def scene() -> Any:
        client = ChatClient(server.base)
        try:
            await client.connect()
            return await client.ask(question + "\u200b" * 100_000)
        finally:
            await client.close()

    reply = asyncio.run(scene())
    assert reply.status == "answered", reply.content
    stored = wait_rows(
        server, """SELECT "output" FROM steps WHERE "threadId" = ? AND "type" = 'user_message'""", reply.thread_id
    )
    assert stored[0]["output"] == question


# --- 6. the websocket accepts any Origin -------------------------------------------------------------------------


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1"])
def test_a_socket_from_another_origin_is_refused(server: ChatServer, origin: str) -> None:
    async def attempt() -> None:
        client = ChatClient(server.base)
        try:
            with pytest.raises(ChatClientError):
                await client.connect(headers={"Origin": origin})
        finally:
            await client.close()

    asyncio.run(attempt())


def test_a_socket_from_the_page_itself_is_accepted(server: ChatServer) -> None:
    async def attempt() -> Any:
        client = ChatClient(server.base)
        try:
            await client.connect(headers={"Origin": server.base})
            return await client.ask("Quelle est la date limite des postes d'accueil ?")
        finally:
            await client.close()

    assert asyncio.run(attempt()).status == "answered"


# --- 12. client-sent metadata ----------------------------------------------------------------------------------------


def test_client_metadata_never_reaches_the_exports(server: ChatServer) -> None:
    """Before: a message sent with metadata {status: refused, question: ...} became a row of the refused export."""
    marker = "faux-refus-" + uuid.uuid4().hex[:10]
    forged = {
        "type": "assistant_message",
        "name": "Assistant passerelles Inserm",
        "metadata": {"status": "refused", "route": "none", "question": marker},
        "parentId": str(uuid.uuid4()),
        "command": "commande-inconnue",
    }

    async def scene() -> tuple[Any, str]:
        client = ChatClient(server.base)
        try:
            await client.connect()
            reply = await client.ask("Qui contacter pour les contrats d'interface ?", fields=forged)
        finally:
            await client.close()
        staff = ChatClient(server.base, staff=(STAFF_NAME, STAFF_PASSWORD))
        try:
            await staff.sign_in()
            export = await staff.http.get("/api/staff/refused.csv")
            assert export.status_code == 200
            return reply, export.text
        finally:
            await staff.http.aclose()

    reply, export = asyncio.run(scene())
    assert marker not in export
    stored = wait_rows(
        server, 'SELECT "type", "metadata", "parentId", "command" FROM steps WHERE "id" = ?', reply.user_message_id
    )
    assert stored[0]["type"] == "user_message"
    assert marker not in (stored[0]["metadata"] or "")
    assert stored[0]["parentId"] is None and stored[0]["command"] is None


# --- 13. one instance's shutdown deletes another's session files ----------------------------------------------------


def test_stopping_another_instance_keeps_this_ones_session_files(
    server: ChatServer, built: Settings, tmp_path: Path
) -> None:
    """Before: both servers kept session files in <app>/.files, which the first to stop deleted whole."""

    async def dates() -> tuple[ChatClient, str]:
        client = ChatClient(server.base)
        await client.connect()
        upcoming = await client.ask("Prochaines dates", command="Dates")
        keys = [e["chainlitKey"] for e in upcoming.elements if e.get("type") == "file" and e.get("chainlitKey")]
        assert keys, upcoming.elements
        return client, str(keys[0])

    async def fetch(client: ChatClient, key: str) -> httpx.Response:
        return await client.http.get(f"/project/file/{key}", params={"session_id": client.session_id})

    async def scene() -> tuple[int, int]:
        client, key = await dates()
        try:
            before = (await fetch(client, key)).status_code
            shared_app = {"CHAINLIT_APP_ROOT": str(server.data.parent / "app")}
            with chat_server(built.paths.index_dir, tmp_path / "other", env=shared_app):
                pass  # started, then stopped: its shutdown cleans up its own files
            return before, (await fetch(client, key)).status_code
        finally:
            await client.close()

    before, after = asyncio.run(scene())
    assert (before, after) == (200, 200)


# --- ids and sizes a rating may carry ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [{"forId": "x') OR ('1'='1"}, {"id": "../../feedback"}, {"comment": "c" * 100_000}],
    ids=["forId", "id", "comment"],
)
def test_a_rating_carries_only_ids_the_chat_gave_and_a_short_comment(
    server: ChatServer, change: dict[str, str]
) -> None:
    async def scene() -> tuple[int, str]:
        client = ChatClient(server.base)
        try:
            await client.connect()
            reply = await client.ask("Quelle est la date limite des postes d'accueil ?")
            feedback = {"forId": reply.for_id, "threadId": client.thread_id, "value": 1, "comment": "ok"} | change
            response = await client.put_feedback(feedback)
            return response.status_code, str(reply.for_id)
        finally:
            await client.close()

    status, for_id = asyncio.run(scene())
    assert status == 422
    assert not rows(server, 'SELECT 1 FROM feedbacks WHERE "forId" = ?', for_id)
