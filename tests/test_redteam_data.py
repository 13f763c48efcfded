"""Red-team findings 4, 10 and 11 of issue 15: what the chat keeps on disk and what its exports carry.

- 4: the CSV exports open in a French spreadsheet (UTF-8 with a BOM, ``;``, ratings 👍 / 👎) and no cell of them
  becomes a formula, whatever separator the spreadsheet splits on (LibreOffice turned applicant text into
  ``=HYPERLINK(…)`` and ``=1+1`` cells when it split on ``;`` a file written with ``,``).
- 10: once a draft conversation ends, the pasted email's words are nowhere in the data folder: not in the draft
  element, its stored file, the hidden run step's input, nor in freed SQLite pages or WAL frames.
- 11: the data folder holds personal data: only its owner may read it (files 0600, folders 0700).
"""

from __future__ import annotations

import asyncio
import codecs
import csv
import io
import json
import os
import random
import re
import shutil
import sqlite3
import stat
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.chatstore import _inert, create_schema, open_data_layer
from assistant.settings import ChatSettings, Settings
from tests.chatclient import ChatClient
from tests.chatserver import STAFF_NAME, STAFF_PASSWORD, ChatServer, chat_server

DRAFT_PROFILE = "Brouillon de réponse"
# A cell a spreadsheet may run: a formula trigger (or tab / CR) at its start or right after anything a reader
# may split a line on, spaces and double quotes allowed in between. An apostrophe before the trigger disarms it.
FORMULA = re.compile(r"""(?:^|[,;\t\r\n])[ "]*[=+\-@\t\r]""")

# Applicant text aimed at a spreadsheet: one per separator a reader may split on.
EVIL_QUESTION = 'Recette de tarte;=HYPERLINK("http://127.0.0.1:9/x";"clic") ou x,=1+1 ?'
EVIL_COMMENT = 'Bof;=1+1\n@SUM(1+1);-2+3,+4\t=5 "; =6"'
GOOD_QUESTION = "Quelle est la date limite des postes d'accueil ?"


# --- finding 4: the escaping, case by case ---------------------------------------------------------------------

ESCAPES = [
    ("=1+1", "'=1+1"),
    ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("=", "'="),
    ("  =1", "  '=1"),
    ('"=1', "\"'=1"),
    ("\t=1", "'\t'=1"),
    ("\r=1", "'\r'=1"),
    ('a;=HYPERLINK("http://127.0.0.1/x";"clic")', 'a;\'=HYPERLINK("http://127.0.0.1/x";"clic")'),
    ("x,=1+1", "x,'=1+1"),
    ("x, =1+1", "x, '=1+1"),
    ('x;"=1+1"', 'x;"\'=1+1"'),
    ('x; "  @cmd', "x; \"  '@cmd"),
    ("ligne 1\n=1+1", "ligne 1\n'=1+1"),
    ("ligne 1\r\n-2", "ligne 1\r\n'-2"),
    ("a\t+1", "a\t'+1"),
    ("a;\t=1", "a;'\t'=1"),
    ("- point 1\n- point 2", "'- point 1\n'- point 2"),
    ("bonjour", "bonjour"),
    ("a = b + c - d @ e", "a = b + c - d @ e"),
    ("jean-marie@exemple.fr", "jean-marie@exemple.fr"),
    ("2026-03-02T09:00:01.000000Z", "2026-03-02T09:00:01.000000Z"),
    ("'=1", "'=1"),
    ("x;'=1", "x;'=1"),
    ("", ""),
    ("👍", "👍"),
]


@pytest.mark.parametrize(("cell", "expected"), ESCAPES)
def test_a_formula_trigger_is_escaped_after_any_separator(cell: str, expected: str) -> None:
    assert _inert(cell) == expected
    assert not FORMULA.search(str(_inert(cell)))


def test_no_mix_of_separators_and_triggers_gets_through() -> None:
    """Random cells of separators, quotes, spaces and triggers: none is left that a reader could run."""
    rng = random.Random(15)
    alphabet = "=+-@\t\r\n,; \"'ab"
    for _ in range(5000):
        cell = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        escaped = _inert(cell)
        assert isinstance(escaped, str) and not FORMULA.search(escaped), repr(cell)
        assert escaped.replace("'", "") == cell.replace("'", "")  # only apostrophes added


def test_numbers_are_left_alone() -> None:
    assert _inert(0) == 0 and _inert(None) is None


# --- finding 11: an existing installation is tightened at start --------------------------------------------------


def _modes(root: Path) -> dict[str, int]:
    """The permission bits of root and everything under it, by path relative to root."""
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def _loose(root: Path) -> dict[str, str]:
    """What is not private under root: files not 0600, folders not 0700."""
    loose = {}
    for name, mode in _modes(root).items():
        path = root / name
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            loose[name] = oct(mode)
    return loose


def test_an_existing_data_folder_is_made_private_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    chat = ChatSettings(data_dir=data)
    create_schema(chat.db_path)
    with closing(sqlite3.connect(chat.db_path)) as connection:  # leaves -wal and -shm beside it
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("INSERT INTO threads (\"id\") VALUES ('t')")
        connection.commit()
        stored = chat.files_dir / "u-1" / "e-1" / "calendrier.ics"
        stored.parent.mkdir(parents=True)
        stored.write_text("BEGIN:VCALENDAR")
        for path in (data, chat.files_dir, stored.parent, stored.parent.parent):
            path.chmod(0o755)
        for path in data.rglob("*"):
            if path.is_file():
                path.chmod(0o644)
        assert _loose(data)
        open_data_layer(chat)
        assert _loose(data) == {}


def test_a_new_data_folder_and_its_stored_files_are_private(tmp_path: Path) -> None:
    chat = ChatSettings(data_dir=tmp_path / "new" / "data")
    layer = open_data_layer(chat)

    async def upload() -> None:
        assert layer.storage_provider is not None
        await layer.storage_provider.upload_file("u-1/e-1/Brouillon", b"{}")

    asyncio.run(upload())
    assert (chat.files_dir / "u-1" / "e-1" / "Brouillon").is_file()
    assert _loose(chat.data_dir) == {}


# --- the real server ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pasted:
    """A pasted email and the strings of it that must not outlive its conversation."""

    email: str
    secrets: tuple[str, ...]
    thread_id: str
    draft_text: str


@dataclass(frozen=True)
class Scene:
    server: ChatServer
    pasted: Pasted
    applicant_thread: str


@pytest.fixture(scope="module")
def server(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    with chat_server(built.paths.index_dir, tmp_path_factory.mktemp("redteam-data")) as running:
        yield running


def _email() -> tuple[str, tuple[str, ...]]:
    """An email whose question quotes a made-up name, a birth date and a phone number (so the draft does)."""
    rng = random.Random(uuid.uuid4().int)
    name = "Quambrot" + uuid.uuid4().hex[:8]
    born = f"{rng.randint(10, 28)}/0{rng.randint(1, 9)}/19{rng.randint(70, 99)}"
    phone = "06 " + " ".join(f"{rng.randint(10, 99)}" for _ in range(4))
    email = (
        f"Bonjour,\nJe suis Zoé {name}, interne en pharmacie.\n"
        f"Moi, Zoé {name}, née le {born}, joignable au {phone} : quelle est la date limite des postes d'accueil ?\n"
        "Cordialement"
    )
    return email, (name, born, phone)


@pytest.fixture(scope="module")
def scene(server: ChatServer) -> Scene:
    """An applicant asks aimed-at-spreadsheet questions and rates them; staff draft a reply and end the chat."""
    email, secrets = _email()

    async def applicant() -> str:
        async with ChatClient(server.base) as chat:
            evil = await chat.ask(EVIL_QUESTION)
            assert evil.for_id, evil
            await chat.feedback(evil.for_id, 0, EVIL_COMMENT)
            good = await chat.ask(GOOD_QUESTION)
            assert good.for_id, good
            await chat.feedback(good.for_id, 1, "Merci;=1+1")
            return str(chat.thread_id)

    async def staff() -> Pasted:
        chat = ChatClient(server.base, staff=(STAFF_NAME, STAFF_PASSWORD), chat_profile=DRAFT_PROFILE)
        await chat.connect()
        reply = await chat.ask(email)
        assert reply.status == "draft", reply.content
        drafts = [e for e in reply.elements if e.get("name") == "Brouillon"]
        text = str((drafts[0].get("props") or {}).get("text", "")) if drafts else ""
        await chat.disconnect(clear=True, confirmed=True)
        await chat.close()
        return Pasted(email=email, secrets=secrets, thread_id=str(reply.thread_id), draft_text=text)

    applicant_thread = asyncio.run(applicant())
    pasted = asyncio.run(staff())
    return Scene(server=server, pasted=pasted, applicant_thread=applicant_thread)


def _export(server: ChatServer, what: str) -> tuple[int, str, bytes]:
    async def get() -> tuple[int, str, bytes]:
        staff = ChatClient(server.base, staff=(STAFF_NAME, STAFF_PASSWORD))
        try:
            await staff.sign_in()
            response = await staff.http.get(f"/api/staff/{what}.csv")
            return response.status_code, response.headers.get("content-type", ""), response.content
        finally:
            await staff.http.aclose()

    return asyncio.run(get())


def _feedback_export(server: ChatServer) -> bytes:
    """The feedback export once both ratings and their answers are written (Chainlit writes steps late)."""
    for _ in range(100):
        status, media, body = _export(server, "feedback")
        assert status == 200 and media == "text/csv; charset=utf-8", (status, media)
        rows = _table(body)
        if len(rows) == 3 and all(row[5] for row in rows[1:]):
            return body
        time.sleep(0.3)
    pytest.fail(f"the ratings never reached the export: {body[:2000]!r}")


def _table(body: bytes) -> list[list[str]]:
    assert body.startswith(codecs.BOM_UTF8), body[:40]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.slow
@pytest.mark.parametrize("what", ["feedback", "refused"])
def test_the_exports_open_in_a_french_spreadsheet_with_no_formula(scene: Scene, what: str) -> None:
    """UTF-8 with a BOM, ``;`` between quoted cells, 👍 / 👎; no cell a reader splitting on , ; tab or newline
    could run; the CLI writes the very same bytes."""
    from assistant.cli import app

    body = _feedback_export(scene.server) if what == "feedback" else _export(scene.server, what)[2]
    first_line = body.decode("utf-8-sig").split("\r\n", 1)[0]
    rows = _table(body)
    assert first_line == ";".join(f'"{name}"' for name in rows[0])  # every cell quoted, ";" between
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows), rows
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells), rows  # the attack is in the file, disarmed
    assert [cell for cell in cells if FORMULA.search(cell)] == []
    if what == "feedback":
        assert sorted(row[rows[0].index("value")] for row in rows[1:]) == ["👍", "👎"]
        assert any(cell.startswith("Bof;'=1+1\n'@SUM(1+1);'-2+3,'+4\t'=5") for cell in cells), rows

    out = scene.server.data.parent / f"cli-{what}.csv"
    result = CliRunner().invoke(
        app, ["export", what, "--out", str(out)], env={"ASSISTANT_CHAT__DATA_DIR": str(scene.server.data)}
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == body
    assert result.output.strip() == f"{len(rows) - 1} row(s) written to {out}"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui): the real-spreadsheet check "
    "is skipped; the escaping itself is checked by the table of cases above",
)
@pytest.mark.parametrize("separator", [";", ","])
def test_libreoffice_makes_no_formula_of_the_exports(scene: Scene, separator: str, tmp_path: Path) -> None:
    """LibreOffice Calc opens each export (UTF-8, formulas evaluated) split on ; or on ,: no cell is a formula."""
    assert SOFFICE is not None
    for what in ("feedback", "refused"):
        body = _feedback_export(scene.server) if what == "feedback" else _export(scene.server, what)[2]
        source = tmp_path / f"{what}.csv"
        source.write_bytes(body)
        # CSV filter options: separator, text delimiter ", UTF-8 (76), from line 1, ..., token 13 evaluate formulas.
        options = f"CSV:{ord(separator)},34,76,1,,1036,false,false,false,false,false,-1,true"
        converted = subprocess.run(
            [
                SOFFICE,
                "--headless",
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                f"--infilter={options}",
                "--convert-to",
                "fods",
                "--outdir",
                str(tmp_path / "out"),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        sheet = tmp_path / "out" / f"{what}.fods"
        assert sheet.is_file(), converted.stdout + converted.stderr
        xml = sheet.read_text(encoding="utf-8")
        assert "HYPERLINK" in xml  # the text is in the sheet...
        assert re.findall(r'table:formula="[^"]*"', xml) == []  # ...and no cell of it is a formula


def _traces(data: Path, secrets: tuple[str, ...]) -> list[str]:
    """Where, under data, any of the strings is found (UTF-8 or JSON-escaped), in any file read as bytes."""
    needles = {s.encode("utf-8") for s in secrets} | {json.dumps(s)[1:-1].encode() for s in secrets}
    found = []
    for path in sorted(data.rglob("*")):
        if not path.is_file():
            continue
        try:
            content = path.read_bytes()
        except OSError:  # a -wal or -shm file removed as it was listed
            continue
        found += [f"{path.relative_to(data)}: {needle.decode()!r}" for needle in needles if needle in content]
    return found


@pytest.mark.slow
def test_a_pasted_email_leaves_no_trace_in_the_data_folder(scene: Scene) -> None:
    """Staff paste an email in the draft profile, get the draft, end the conversation: none of the email's
    unique strings (a name, a birth date, a phone number) stays in any file of the data folder."""
    pasted = scene.pasted
    assert any(secret in pasted.draft_text for secret in pasted.secrets), pasted.draft_text  # the draft quoted them
    found: list[str] = []
    for _ in range(300):  # the end of the chat is handled after the socket closes; rows are written late
        found = _traces(scene.server.data, pasted.secrets)
        if not found:
            break
        time.sleep(0.5)
    assert found == [], f"the pasted email is still in: {found}"
    with closing(sqlite3.connect(scene.server.data / "chat.db")) as connection:
        names = connection.execute('SELECT "name" FROM threads WHERE "id" = ?', (pasted.thread_id,)).fetchall()
        props = connection.execute(
            """SELECT "props" FROM elements WHERE "threadId" = ? AND "name" = 'Brouillon'""", (pasted.thread_id,)
        ).fetchall()
    assert names and props  # the conversation and its draft element are there, without the email's words
    assert "Quambrot" not in scene.server.log.read_text(encoding="utf-8", errors="replace")


@pytest.mark.slow
def test_the_data_folder_is_readable_by_its_owner_only(scene: Scene) -> None:
    """After conversations (a database with its -wal/-shm, stored files): files 0600, folders 0700."""
    data = scene.server.data
    for _ in range(100):  # the stored files of the conversations are written in the background
        if any((data / "files").rglob("*")):
            break
        time.sleep(0.2)
    assert (data / "chat.db").is_file() and any(p.is_file() for p in (data / "files").rglob("*"))
    assert _loose(data) == {}
    assert os.stat(data / "chat.db").st_mode & 0o077 == 0
