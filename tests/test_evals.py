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
