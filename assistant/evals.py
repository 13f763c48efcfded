"""Evaluation data and retrieval metrics: hit@k and MRR over a question set.

A question file is JSON Lines; each line an ``EvalQuestion``. Fields this
version does not know are ignored, so richer files still load.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.chunking import Chunk
from assistant.errors import EvalError, first_problem


class PassageRef(BaseModel):
    """A verbatim passage of a document that answers a question."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    doc_id: str
    quote: str = Field(min_length=1)


class Expectation(BaseModel):
    """What a right answer rests on; ``passages`` are alternatives (any one will do)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    passages: list[PassageRef] = Field(default_factory=list)


class EvalQuestion(BaseModel):
    """One line of a question file."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    question: str
    lang: str | None = None
    today: str | None = None
    history: list[str] = Field(default_factory=list)
    expected: Expectation | None = None


class QuestionResult(BaseModel):
    id: str
    question: str
    rank: int | None = Field(description="1-based rank of the first chunk holding an expected passage.")


class RetrievalReport(BaseModel):
    """hit@k (share of questions answered within the first k chunks) and MRR."""

    questions: int
    hit_at: dict[int, float]
    mrr: float
    results: list[QuestionResult]

    def misses(self, k: int) -> list[QuestionResult]:
        return [r for r in self.results if r.rank is None or r.rank > k]


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a JSON Lines question file; a bad line is an EvalError naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvalError(path, 0, "file not found") from None
    except UnicodeDecodeError:
        raise EvalError(path, 0, "not UTF-8 text") from None
    questions: list[EvalQuestion] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            questions.append(EvalQuestion.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise EvalError(path, number, f"invalid JSON ({exc.msg})") from None
        except ValidationError as exc:
            field, message = first_problem(exc, "line")
            raise EvalError(path, number, f"field {field}: {message}") from None
    return questions


def passage_rank(hits: list[Chunk], expected: Expectation, bodies: dict[str, str]) -> int | None:
    """1-based rank of the first chunk that covers at least half of an expected passage."""
    spans = []
    for ref in expected.passages:
        start = bodies.get(ref.doc_id, "").find(ref.quote)
        if start >= 0:
            spans.append((ref.doc_id, start, start + len(ref.quote)))
    for rank, chunk in enumerate(hits, start=1):
        for doc_id, start, end in spans:
            overlap = min(end, chunk.end) - max(start, chunk.start)
            if chunk.doc_id == doc_id and overlap * 2 >= end - start:
                return rank
    return None


def retrieval_report(ranks: list[tuple[EvalQuestion, int | None]], ks: tuple[int, ...] = (1, 3, 5)) -> RetrievalReport:
    """Aggregate per-question ranks into hit@k and MRR."""
    n = len(ranks) or 1
    return RetrievalReport(
        questions=len(ranks),
        hit_at={k: sum(1 for _, r in ranks if r is not None and r <= k) / n for k in ks},
        mrr=sum(1 / r for _, r in ranks if r is not None) / n,
        results=[QuestionResult(id=q.id, question=q.question, rank=r) for q, r in ranks],
    )
