"""The chat's parts that need no browser: the guided check's steps, staff accounts, the page's links,
the UI language, and the CLI commands around the chat (staff, export)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import guided, runtime
from assistant.cli import app
from assistant.errors import ConfigError, InputError
from assistant.rulebook import load_rulebook
from assistant.rules.eligibility import Profile, evaluate
from assistant.settings import ChatSettings
from assistant.web import AskRequest, local_only, ui_language_query
from tests.conftest import CORPUS

NOW = runtime.now(dt.date(2026, 2, 1))


@pytest.fixture(scope="module")
def book():
    return load_rulebook(CORPUS)


def _walk(book, programme: str, answers: dict[str, str]) -> tuple[list[str], Profile]:
    """Run the guided check, answering each step by its kind (default: "I don't know")."""
    profile, asked, kinds = Profile(), frozenset[str](), []
    while (step := guided.next_step(book, programme, profile, asked, NOW)) is not None:
        kinds.append(step.kind)
        asked |= {step.key}
        profile = guided.apply(profile, step, answers.get(step.kind, guided.UNKNOWN))
    return kinds, profile


@pytest.mark.parametrize(
    ("programme", "answers", "asked", "overall"),
    [
        (
            "postes-accueil",
            {"status": "interne", "profession": "medecin", "diploma": "yes", "host": "yes"},
            ["status", "profession", "diploma", "host"],
            "eligible",
        ),
        (
            "postes-accueil",
            {"status": "interne", "profession": "medecin", "diploma": "no", "host": "yes"},
            ["status", "profession", "diploma", "host"],
            "not_eligible",
        ),
        ("postes-accueil", {"status": "other"}, ["status", "profession", "diploma", "host"], "not_eligible"),
        ("postes-accueil", {}, ["status", "profession", "diploma", "host"], "unknown"),
        (
            "contrats-interface",
            # A PH is a physician, pharmacist or dentist: the profession is not asked.
            {"status": "ph", "profession": "medecin", "employer": "chu", "host": "yes", "approval": "yes"},
            ["status", "employer", "host", "approval"],
            "eligible",
        ),
        (
            "hauts-potentiels",
            {"contract": "titulaire", "seniority": "5", "paid_by": "yes"},
            ["contract", "seniority", "paid_by"],
            "eligible",
        ),
        ("hauts-potentiels", {"contract": "titulaire", "seniority": "1 an", "paid_by": "yes"}, None, "not_eligible"),
        # Over the bound: breaks of activity may lengthen it (the call's note), and none were asked about.
        ("hauts-potentiels", {"contract": "titulaire", "seniority": "12,5", "paid_by": "yes"}, None, "unknown"),
        ("hauts-potentiels", {"contract": "titulaire", "seniority": "beaucoup", "paid_by": "yes"}, None, "unknown"),
        ("contrat-engagement-recherche", {}, [], "proposal"),
    ],
)
def test_the_guided_check_asks_what_the_programme_needs(book, programme, answers, asked, overall) -> None:
    kinds, profile = _walk(book, programme, answers)
    if asked is not None:
        assert kinds == asked
    assert evaluate(book, programme, profile, NOW).overall.value == overall


def test_a_step_offers_the_values_the_text_allows_plus_other_and_unknown(book) -> None:
    step = guided.next_step(book, "contrats-interface", Profile(), frozenset(), NOW)
    assert step is not None and step.kind == "status"
    assert [c.id for c in step.choices] == ["phu", "phc", "ph", "pu-ph", "mcu-ph", "other", "unknown"]
    assert step.choices[-1].label("fr") == "Je ne sais pas"


def test_an_answer_that_is_not_a_choice_changes_nothing(book) -> None:
    step = guided.next_step(book, "postes-accueil", Profile(), frozenset(), NOW)
    assert step is not None
    assert guided.apply(Profile(), step, "pu-ph") == Profile()  # not among this step's choices


def test_staff_accounts_are_hashed_and_checked(tmp_path: Path) -> None:
    from assistant import staff

    chat = ChatSettings(data_dir=tmp_path)
    path = staff.add(chat, "agent", "un-long-mot-de-passe")
    stored = json.loads(path.read_text())
    assert stored["agent"].startswith("$2") and "un-long-mot-de-passe" not in path.read_text()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert staff.verify(chat, "agent", "un-long-mot-de-passe")
    assert not staff.verify(chat, "agent", "un-autre-mot-de-passe")
    assert not staff.verify(chat, "personne", "un-long-mot-de-passe")
    from_settings = ChatSettings(data_dir=tmp_path, staff_accounts={"autre": staff.hash_password("encore-un-secret")})
    assert staff.verify(from_settings, "autre", "encore-un-secret") and staff.verify(
        from_settings, "agent", "un-long-mot-de-passe"
    )


@pytest.mark.parametrize(
    ("name", "password", "what"),
    [("agent", "court", "password"), ("a b", "un-long-mot-de-passe", "NAME"), ("", "un-long-mot-de-passe", "NAME")],
)
def test_bad_accounts_are_refused(tmp_path: Path, name: str, password: str, what: str) -> None:
    from assistant import staff

    with pytest.raises(InputError) as caught:
        staff.add(ChatSettings(data_dir=tmp_path), name, password)
    assert caught.value.what == what
    assert not (tmp_path / "staff.json").exists()


def test_a_damaged_staff_file_is_named(tmp_path: Path) -> None:
    from assistant import staff

    (tmp_path / "staff.json").write_text("[1, 2]")
    with pytest.raises(ConfigError, match="staff.json"):
        staff.verify(ChatSettings(data_dir=tmp_path), "agent", "x")


def test_the_auth_secret_is_generated_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import staff

    monkeypatch.delenv("CHAINLIT_AUTH_SECRET", raising=False)
    chat = ChatSettings(data_dir=tmp_path)
    first = staff.auth_secret(chat)
    assert len(first) >= 32 and staff.auth_secret(chat) == first
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "from-the-environment")
    assert staff.auth_secret(chat) == "from-the-environment"


CHAINLIT_HEAD = """<html lang="en"><head>
<link rel="preconnect" href="https://fonts.googleapis.com" />
<!-- FONT START -->
<link href="https://fonts.googleapis.com/css2?family=Inter" rel="stylesheet" />
<!-- FONT END -->
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/katex@0.16.22/dist/katex.min.css" />
<meta property="og:image" content="https://chainlit-cloud.s3.eu-west-3.amazonaws.com/logo/banner.png">
<script src="//cdn.example.org/x.js"></script>
<script type="module" crossorigin src="/assets/index.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index.css">
</head></html>"""


def test_the_page_keeps_only_its_own_assets() -> None:
    html = local_only(CHAINLIT_HEAD)
    assert "//" not in html.replace("<!--", "")
    assert '<script type="module" crossorigin src="/assets/index.js"></script>' in html
    assert '<link rel="stylesheet" crossorigin href="/assets/index.css">' in html
    assert '<html lang="fr">' in html


@pytest.mark.parametrize(
    ("query", "language"),
    [
        (b"language=fr-FR", "fr-FR"),
        (b"language=en-US", "en-US"),
        (b"language=en-GB", "en-US"),
        (b"language=de-DE", "fr-FR"),
        (b"", "fr-FR"),
        (b"chat_profile=Questions&language=es", "fr-FR"),
    ],
)
def test_the_ui_is_french_unless_the_browser_asks_for_english(query: bytes, language: str) -> None:
    rewritten = ui_language_query(query).decode()
    assert rewritten.endswith(f"language={language}") and rewritten.count("language=") == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "question"),
        ({"question": 3}, "question"),
        ({"question": "x", "history": "y"}, "history"),
        ({"question": "x", "history": ["x" * 2001]}, "history"),
        ({"question": "x", "today": "2026-13-01"}, "today"),
    ],
)
def test_api_bodies_are_validated(body: dict[str, object], field: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        AskRequest.model_validate(body)
    assert caught.value.errors()[0]["loc"][0] == field


def test_the_staff_commands_add_list_and_remove(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CHAT__DATA_DIR", str(isolated / "chat"))
    runner = CliRunner()
    added = runner.invoke(app, ["staff", "add", "agent", "--password-stdin"], input="un-long-mot-de-passe\n")
    assert added.exit_code == 0 and "saved" in added.output
    assert runner.invoke(app, ["staff", "list"]).output.split() == ["agent"]
    short = runner.invoke(app, ["staff", "add", "autre", "--password-stdin"], input="court\n")
    assert short.exit_code == 1 and "too short" in short.output
    assert runner.invoke(app, ["staff", "remove", "agent"]).exit_code == 0
    assert runner.invoke(app, ["staff", "list"]).output.split() == []
    missing = runner.invoke(app, ["staff", "remove", "agent"])
    assert missing.exit_code == 1 and "no account 'agent'" in missing.output


def test_export_without_a_conversation_is_a_header(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CHAT__DATA_DIR", str(isolated / "chat"))
    runner = CliRunner()
    result = runner.invoke(app, ["export", "refused"])
    assert result.exit_code == 0
    assert result.stdout_bytes == '\ufeff"date";"user";"thread_id";"question";"route"\r\n'.encode()
    wrong = runner.invoke(app, ["export", "everything"])
    assert wrong.exit_code == 1 and "unknown export 'everything'" in wrong.output


@pytest.mark.parametrize(
    ("typed", "years"),
    [
        ("4", 4.0),
        ("4 ans.", 4.0),
        ("environ 7 ans", 7.0),
        ("2,5", 2.5),
        ("12 years!", 12.0),
        ("beaucoup", None),
        ("4 ou 5", None),
        ("99", None),
    ],
)
def test_typed_years_are_read_or_left_unknown(book, typed: str, years: float | None) -> None:
    step = guided.Step(key="seniority", kind="seniority", question=guided._DONT_KNOW.label, choices=(), answer="years")
    assert guided.apply(Profile(), step, typed).inserm_years == years


def test_a_removed_staff_account_is_no_longer_staff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import staff, web

    monkeypatch.setenv("ASSISTANT_CHAT__DATA_DIR", str(tmp_path))
    web.settings.cache_clear()
    try:
        staff.add(web.settings().chat, "agent", "un-long-mot-de-passe")
        assert web.role_of("agent", {"role": "staff"}) == "staff"
        assert web.role_of("candidat-1", {"role": "applicant"}) == "applicant"
        assert web.role_of("intrus", {"role": "staff"}) is None
        staff.remove(web.settings().chat, "agent")
        assert web.role_of("agent", {"role": "staff"}) is None
    finally:
        web.settings.cache_clear()


def test_passwords_over_bcrypts_limit_are_refused_clearly() -> None:
    from assistant import staff

    with pytest.raises(InputError, match="at most 72 bytes"):
        staff.hash_password("é" * 40)


def test_exported_cells_never_start_a_formula() -> None:
    from assistant.chatstore import _csv

    text = _csv(("a", "b", "c"), [('=HYPERLINK("x")', "-2+3", "ok"), ("@SUM(A1)", "+1", 0)])
    import csv
    import io

    assert list(csv.reader(io.StringIO(text[1:]), delimiter=";"))[1:] == [
        ['\'=HYPERLINK("x")', "'-2+3", "ok"],
        ["'@SUM(A1)", "'+1", "0"],
    ]
