"""A programme with two call editions: answers use the latest, name it, and read an older one only when asked."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from assistant.index import VECTORS, build_index, index_path
from assistant.settings import Settings, load_settings

TODAY = dt.date(2026, 11, 24)


def _edition_2027(text: str) -> str:
    """The 2026 Postes d'accueil text or rules as a 2027 edition would give them: a year on, a day earlier."""
    return (
        text.replace("2026", "2027").replace("20 février 2027", "19 février 2027").replace("2027-02-20", "2027-02-19")
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, built: Settings):  # type: ignore[no-untyped-def]
    from assistant.answer import Engine
    from tests.conftest import CORPUS

    root = tmp_path_factory.mktemp("editions")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    for source, target in (
        (corpus / "postes-accueil-2026.md", corpus / "postes-accueil-2027.md"),
        (corpus / "rules" / "postes-accueil-2026.yaml", corpus / "rules" / "postes-accueil-2027.yaml"),
    ):
        target.write_text(_edition_2027(source.read_text(encoding="utf-8")), encoding="utf-8")
    settings = load_settings(paths={"corpus_dir": corpus, "index_dir": root / "index"})
    shutil.copytree(index_path(built) / VECTORS, index_path(settings) / VECTORS)  # only the 2027 text is embedded
    build_index(settings)
    return Engine(settings)


def _cited(answer) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.doc_id for c in answer.citations}


def test_without_a_year_the_latest_edition_answers_and_says_so(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Quelle est la date limite de candidature aux postes d'accueil ?", today=TODAY)
    assert answer.route == "rules" and "19 février 2027" in answer.answer
    assert "2026" not in answer.answer.replace("2026-2027", "")
    assert _cited(answer) == {"postes-accueil-2027"}
    assert "Édition 2027 de l’appel" in answer.answer and "la plus récente" in answer.answer


def test_a_year_selects_an_older_edition_whose_deadline_is_closed(engine) -> None:  # type: ignore[no-untyped-def]
    # Asked before the 2026 deadline (20 February 2026): the 2026 call is still replaced, so never open.
    for today in (TODAY, dt.date(2026, 1, 25)):
        answer = engine.ask("Quelle était la date limite des postes d'accueil en 2026 ?", today=today)
        assert "20 février 2026" in answer.answer and "2027" in answer.answer  # it says a newer one exists
        assert _cited(answer) == {"postes-accueil-2026"}
        assert "une édition plus récente existe (2027)" in answer.answer
        assert "ouvert" not in answer.answer.lower() and "il reste" not in answer.answer.lower(), answer.answer


def test_english_answers_name_the_edition_too(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("What is the deadline for the host positions in 2026?", today=TODAY)
    assert _cited(answer) == {"postes-accueil-2026"} and "a newer edition exists (2027)" in answer.answer


def test_retrieval_reads_only_the_edition_asked_about(engine) -> None:  # type: ignore[no-untyped-def]
    hits = engine.passages("Comment se déroule la sélection des postes d'accueil ?", k=5)
    assert hits and "postes-accueil-2026" not in {h.chunk.doc_id for h in hits}
    older = engine.passages("Comment se déroulait la sélection des postes d'accueil en 2026 ?", k=5)
    assert "postes-accueil-2027" not in {h.chunk.doc_id for h in older}
    assert "postes-accueil-2026" in {h.chunk.doc_id for h in older}


def test_the_calendar_shows_the_latest_edition_only(engine) -> None:  # type: ignore[no-untyped-def]
    from assistant.rules.engine import upcoming
    from assistant.runtime import now

    steps = upcoming(engine.book, now(TODAY))
    postes = [s for s in steps if s.programme == "postes-accueil"]
    assert postes and all(src.doc_id == "postes-accueil-2027" for s in postes for src in s.sources)
