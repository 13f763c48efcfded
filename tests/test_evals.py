from pathlib import Path

import pytest

from assistant.chunking import Chunk
from assistant.errors import EvalError
from assistant.evals import EvalQuestion, Expectation, PassageRef, load_questions, passage_rank, retrieval_report

BODY = "Première phrase. La date limite est le 20 février 2026 - 17 heures. Dernière phrase."


def _chunk(start: int, end: int, doc_id: str = "doc") -> Chunk:
    return Chunk(
        id=f"{doc_id}:{start}",
        doc_id=doc_id,
        title="T",
        section="",
        start=start,
        end=end,
        text=BODY[start:end],
        programmes=("p",),
        kind="call",
        edition=None,
    )


EXPECTED = Expectation(passages=[PassageRef(doc_id="doc", quote="20 février 2026 - 17 heures")])
QUOTE_START = BODY.index("20 février")


@pytest.mark.parametrize(
    ("chunks", "rank"),
    [
        ([_chunk(0, 17), _chunk(17, 67)], 2),  # second chunk holds the quote
        ([_chunk(17, 67)], 1),
        ([_chunk(0, 17)], None),
        ([_chunk(17, 67, doc_id="other")], None),  # same span, other document
        ([_chunk(QUOTE_START, QUOTE_START + 12)], None),  # under half of the quote
        ([_chunk(QUOTE_START, QUOTE_START + 16)], 1),  # at least half of it
    ],
)
def test_passage_rank(chunks: list[Chunk], rank: int | None) -> None:
    assert passage_rank(chunks, EXPECTED, {"doc": BODY, "other": BODY}) == rank


def test_retrieval_report_metrics() -> None:
    q = EvalQuestion(id="q", question="?")
    report = retrieval_report([(q, 1), (q, 2), (q, 4), (q, None)])
    assert report.hit_at == {1: 0.25, 3: 0.5, 5: 0.75}
    assert report.mrr == pytest.approx((1 + 1 / 2 + 1 / 4) / 4)
    assert [r.rank for r in report.misses(3)] == [4, None]


def test_question_files_ignore_unknown_fields_and_name_bad_lines(tmp_path: Path) -> None:
    good = tmp_path / "q.jsonl"
    good.write_text('{"id": "a", "question": "?", "kind": "x", "expected": {"facts": ["1"]}}\n\n', encoding="utf-8")
    assert [q.id for q in load_questions(good)] == ["a"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "?"}\n{"id": "b"\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"bad.jsonl:2: invalid JSON"):
        load_questions(bad)
    bad.write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"bad.jsonl:1: field question"):
        load_questions(bad)
    with pytest.raises(EvalError, match="file not found"):
        load_questions(tmp_path / "missing.jsonl")


@pytest.mark.parametrize(
    ("history", "kept"),
    [
        (["a?", "b?"], ["a?", "b?"]),
        ([{"role": "user", "content": "a?"}, {"role": "assistant", "content": "A."}, "b?"], ["a?", "b?"]),
        ([{"content": "a?"}], ["a?"]),
    ],
)
def test_history_is_the_users_turns_in_either_format(history: list, kept: list[str]) -> None:
    assert EvalQuestion.model_validate({"id": "a", "question": "?", "history": history}).history == kept


def test_a_history_turn_without_content_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "?", "history": [{"role": "user"}]}\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"bad.jsonl:1: field history.0"):
        load_questions(bad)


# --- judging answers -------------------------------------------------------------------------------------------

from assistant.answer import Answer, Citation  # noqa: E402
from assistant.evals import Row, Thresholds, judge, load_thresholds, metrics, missed, verbatim_quotes  # noqa: E402


def _answer(text: str, status: str = "answered", route: str = "rules", docs: tuple[str, ...] = ("d",)) -> Answer:
    citations = [Citation(doc_id=d, title="T", section="", quote="date limite") for d in docs]
    return Answer(question="?", answer=text, status=status, route=route, citations=citations, lang="fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expected", "answer", "problems"),
    [
        ({"contains": ["20 février 2026"]}, _answer("le 20 fevrier  2026, 17:00"), []),  # accents, spaces
        ({"contains": ["l'appel"]}, _answer("l’appel est clos"), []),  # apostrophes
        ({"contains": [["clos", "fermé"]]}, _answer("il est fermé"), []),  # alternatives
        ({"contains": ["17:00"]}, _answer("le 20 février"), ["missing '17:00'"]),
        ({"excludes": ["non éligible"]}, _answer("**X** : non éligible."), ["contains 'non éligible'"]),
        ({"refused": True}, _answer("x"), ["answered, should be refused"]),
        ({"kind": "general"}, _answer("x", status="refused", route="none"), ["refused, should be answered"]),
        ({"route": "rules"}, _answer("x", route="retrieval"), ["route retrieval, should be rules"]),
        ({"cites": ["d", "e"]}, _answer("x"), ["does not cite e"]),
        ({"refused": True, "contains": ["a@b.fr"]}, _answer("écrivez à a@b.fr", status="refused", route="none"), []),
    ],
)
def test_judge(expected: dict, answer: Answer, problems: list[str]) -> None:
    assert judge(Expectation.model_validate(expected), answer) == problems


def test_citation_precision_is_checked_against_the_documents_not_the_engine() -> None:
    answer = _answer("x", docs=("d", "e"))
    assert verbatim_quotes(answer, {"d": "la date limite est", "e": "autre texte"}) == (2, 1)


def _row(id: str, correct: bool | None, **fields: object) -> Row:
    base = dict(
        id=id,
        question="?",
        kind="k",
        status="answered",
        route="rules",
        correct=correct,
        problems=[],
        expected_route=None,
        expected_refusal=False,
        rank=None,
        has_passages=False,
        quotes=1,
        verbatim=1,
        ms=10.0,
    )
    return Row.model_validate(base | fields)


def test_metrics_of_a_run() -> None:
    rows = [
        _row("a", True, expected_route="rules", rank=1, has_passages=True),
        _row("b", False, expected_route="rules", rank=4, has_passages=True, ms=30.0),
        _row("c", True, status="refused", route="none", expected_refusal=True, kind="oos"),
        _row("d", False, status="refused", route="none", expected_refusal=False, quotes=2, verbatim=1),
        _row("e", None),  # not judged: timed and its quotes checked only
    ]
    m = metrics(rows)
    assert (m.questions, m.judged, m.correct, m.rules_exact) == (5, 4, 0.5, 0.5)
    assert (m.refusal_precision, m.refusal_recall) == (0.5, 1.0)
    assert m.citation_precision == 5 / 6
    assert (m.hit_at_1, m.hit_at_3, m.hit_at_5, m.mrr) == (0.5, 0.5, 1.0, (1 + 1 / 4) / 2)
    assert [(k.kind, k.correct, k.questions) for k in m.by_kind] == [("k", 1, 3), ("oos", 1, 1)]
    assert missed(m, Thresholds(correct=0.95, citation_precision=0.5)) == ["correct 0.500 < 0.95"]


def test_thresholds_file_errors_name_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text("correct = 0.9\nrules_exact = 1.0\n", encoding="utf-8")
    assert load_thresholds(path) == Thresholds(correct=0.9, rules_exact=1.0)
    for text, fragment in [
        ("corect = 0.9\n", "corect: Extra inputs"),
        ("correct = 2\n", "correct: Input should be"),
        ("correct = \n", "not valid TOML"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(EvalError, match=fragment):
            load_thresholds(path)


def test_question_files_reject_duplicate_ids_and_bad_dates(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "?"}\n{"id": "a", "question": "!"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"q.jsonl:2: id 'a' already used on line 1"):
        load_questions(path)
    path.write_text('{"id": "a", "question": "?", "today": "2026-13-01"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"q.jsonl:1: field today"):
        load_questions(path)
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(EvalError, match="no question"):
        load_questions(path)
