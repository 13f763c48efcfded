"""`assistant eval`: the evaluation set, its thresholds, the answers file and the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.evals import load_questions, load_thresholds
from assistant.settings import Settings
from tests.conftest import REPO

QUESTIONS = REPO / "evals" / "questions.jsonl"
runner = CliRunner()


@pytest.fixture()
def with_index(built: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("ASSISTANT_PATHS__INDEX_DIR", str(built.paths.index_dir))
    return built


def test_the_evaluation_set_covers_what_the_issue_asks() -> None:
    questions = load_questions(QUESTIONS)
    assert len(questions) >= 100
    kinds = {q.expected.kind for q in questions if q.expected}
    assert {
        "deadline",
        "eligibility",
        "duration",
        "funding",
        "contact",
        "documents",
        "selection",
        "calendar",
        "comparison",
        "proposal",
        "disagreement",
        "follow-up",
        "out-of-scope",
        "injection",
    } <= kinds
    assert all(q.expected and q.expected.judges_answer for q in questions)
    deadline_days = {q.today for q in questions if q.expected and q.expected.kind == "deadline"}
    assert len(deadline_days) >= 10
    assert sum(1 for q in questions if q.history) >= 5


def test_the_evaluation_holds_its_thresholds(with_index: Settings, tmp_path: Path) -> None:
    out, report = tmp_path / "answers.jsonl", tmp_path / "report"
    result = runner.invoke(
        app, ["eval", "--questions", str(QUESTIONS), "--out", str(out), "--report", str(report), "-q"]
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert re.search(r"citation precision \(verbatim quotes\) +1\.000 +\(min 1: ok\)", result.stdout)
    answers = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [a["id"] for a in answers] == [q.id for q in load_questions(QUESTIONS)]
    assert set(answers[0]) == {"id", "question", "answer", "status", "route", "citations", "lang"}
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Thresholds: all reached." in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing loads from elsewhere
    assert "![right answers per kind](chart.svg)" in (report / "report.md").read_text(encoding="utf-8")
    assert (report / "chart.svg").read_text(encoding="utf-8").startswith("<svg")
    minimums = load_thresholds(REPO / "evals" / "thresholds.toml")
    # The issue's targets are held as floors: rules 100 %, verbatim citations 100 %, overall at least 95 %.
    assert minimums.citation_precision == 1.0 and minimums.rules_exact == 1.0
    assert minimums.correct is not None and minimums.correct >= 0.95


def test_a_file_without_expectations_runs_and_a_missed_threshold_exits_1(with_index: Settings, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "1", "question": "Quelle est la date limite des postes d\'accueil ?", "today": "2026-02-18", "x": 1}\n'
        '{"id": "2", "question": "Quelle est la capitale de la France ?", '
        '"expected": {"kind": "out-of-scope", "refused": false}}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", "--questions", str(questions), "-q"])
    assert result.exit_code == 0 and "2 questions, 1 with an expected answer" in result.stdout
    (tmp_path / "thresholds.toml").write_text("correct = 1.0\n", encoding="utf-8")  # found beside the questions
    missed = runner.invoke(app, ["eval", "--questions", str(questions), "-q"])
    assert missed.exit_code == 1 and "thresholds missed" in missed.stderr and "correct 0.000 < 1" in missed.stderr
    assert "wrong 2 (refused): refused, should be answered" in missed.stdout


@pytest.mark.parametrize(
    ("content", "args", "fragment"),
    [
        ('{"id": "1"}\n', [], "q.jsonl:1: field question"),
        ('{"id": "1", "question": "?"}\n', ["--thresholds", "missing.toml"], "missing.toml: file not found"),
    ],
)
def test_bad_input_is_one_line(
    with_index: Settings, tmp_path: Path, content: str, args: list[str], fragment: str
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["eval", "--questions", str(questions), "-q", *args])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and fragment in result.stderr, result.stderr
