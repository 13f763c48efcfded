"""Evaluation runs: question files, the judgement of each answer, and the metrics of a run.

A question file is JSON Lines; each line an ``EvalQuestion``. Fields this
version does not know are ignored, so richer files still load, and a file
without ``expected`` runs too (it is then only timed and its quotes checked).
"""

from __future__ import annotations

import datetime as dt
import json
import time
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.chunking import Chunk
from assistant.errors import EvalError, first_problem
from assistant.text import folded

if TYPE_CHECKING:
    from assistant.answer import Answer, Engine


class PassageRef(BaseModel):
    """A verbatim passage of a document that answers a question."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    doc_id: str
    quote: str = Field(min_length=1)


class Expectation(BaseModel):
    """What a right answer holds, cites and rests on."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: str | None = Field(default=None, description="The kind of question, for per-kind scores.")
    refused: bool = Field(default=False, description="The corpus does not answer it: the answer must be a refusal.")
    route: Literal["rules", "retrieval"] | None = Field(default=None, description="The route that must answer.")
    contains: list[str | list[str]] = Field(
        default_factory=list, description="Facts the answer must contain; a list holds alternatives."
    )
    excludes: list[str] = Field(default_factory=list, description="Strings the answer must not contain.")
    cites: list[str] = Field(default_factory=list, description="Document ids the citations must include.")
    passages: list[PassageRef] = Field(
        default_factory=list, description="Verbatim passages that answer it, for hit@k (any one will do)."
    )

    @property
    def judges_answer(self) -> bool:
        """Whether this expectation says anything of the answer (not only of retrieval)."""
        return bool(self.kind or self.refused or self.route or self.contains or self.excludes or self.cites)


class EvalQuestion(BaseModel):
    """One line of a question file."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    lang: str | None = None
    today: dt.date | None = None
    history: list[str] = Field(
        default_factory=list,
        description="The user's earlier questions, oldest first: strings, or chat turns {role, content} whose "
        "user turns are kept (the engine reads what the user asked, not what it answered).",
    )
    expected: Expectation | None = None

    @field_validator("history", mode="before")
    @classmethod
    def _user_turns(cls, value: object) -> object:
        if not isinstance(value, list):
            return value
        return [
            turn["content"] if isinstance(turn, dict) and "content" in turn else turn
            for turn in value
            if not (isinstance(turn, dict) and turn.get("role", "user") != "user")
        ]


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


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        raise EvalError(path, None, "file not found") from None
    except UnicodeDecodeError:
        raise EvalError(path, None, "not UTF-8 text") from None


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a JSON Lines question file; a bad line is an EvalError naming it."""
    lines = _read(path).splitlines()
    questions: list[EvalQuestion] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            question = EvalQuestion.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EvalError(path, number, f"invalid JSON ({exc.msg})") from None
        except ValidationError as exc:
            field, message = first_problem(exc, "line")
            raise EvalError(path, number, f"field {field}: {message}") from None
        if question.id in seen:
            raise EvalError(path, number, f"id {question.id!r} already used on line {seen[question.id]}")
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise EvalError(path, None, "no question in the file")
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


# --- Judging answers -------------------------------------------------------------------------------------------


def judge(expected: Expectation, answer: Answer) -> list[str]:
    """Why an answer falls short of its expectation; an empty list means it is right."""
    problems: list[str] = []
    text = folded(answer.answer)
    if expected.refused and answer.status != "refused":
        problems.append("answered, should be refused")
    if not expected.refused and answer.status == "refused":
        problems.append("refused, should be answered")
    if expected.route and answer.status == "answered" and answer.route != expected.route:
        problems.append(f"route {answer.route}, should be {expected.route}")
    for fact in expected.contains:
        options = [fact] if isinstance(fact, str) else fact
        if not any(folded(option) in text for option in options):
            problems.append("missing " + " | ".join(repr(o) for o in options))
    for wrong in expected.excludes:
        if folded(wrong) in text:
            problems.append(f"contains {wrong!r}")
    cited = {c.doc_id for c in answer.citations}
    for doc_id in expected.cites:
        if doc_id not in cited:
            problems.append(f"does not cite {doc_id}")
    return problems


def verbatim_quotes(answer: Answer, bodies: dict[str, str]) -> tuple[int, int]:
    """(quotes, quotes found verbatim in their document), checked independently of the engine."""
    found = sum(1 for c in answer.citations if c.quote and c.quote in bodies.get(c.doc_id, ""))
    return len(answer.citations), found


# --- A run and its metrics ----------------------------------------------------------------------------------------


class Row(BaseModel):
    """One question of a run: the answer's gist, its judgement and its timing."""

    id: str
    question: str
    kind: str | None
    status: str
    route: str
    correct: bool | None = Field(description="None: no expectation of the answer to judge it by.")
    problems: list[str]
    expected_route: str | None
    expected_refusal: bool | None
    rank: int | None = Field(description="1-based rank of the first chunk holding an expected passage, if any.")
    has_passages: bool
    quotes: int
    verbatim: int
    ms: float

    @property
    def judged(self) -> bool:
        return self.correct is not None


class KindScore(BaseModel):
    kind: str
    questions: int
    correct: int
    answered_wrong: int = Field(default=0, description="Answered (status 'answered') but failing the expectation.")

    @property
    def share(self) -> float:
        return self.correct / self.questions if self.questions else 0.0


class Metrics(BaseModel):
    """The figures of a run; None where no question of the file applies."""

    questions: int
    judged: int
    correct: float | None = Field(description="Share of judged answers that are right.")
    rules_exact: float | None = Field(description="Share of rules-route questions answered exactly right.")
    citation_precision: float | None = Field(description="Share of quotes that are verbatim corpus text.")
    refusal_precision: float | None = Field(description="Share of refusals that should be refusals.")
    refusal_recall: float | None = Field(description="Share of should-be refusals that are refusals.")
    answered_wrong: float | None = Field(
        default=None, description="Share of judged questions answered (not refused) whose answer fails: the worst."
    )
    wrongly_refused: float | None = Field(
        default=None, description="Share of judged questions the texts answer that were refused."
    )
    hit_at_1: float | None
    hit_at_3: float | None
    hit_at_5: float | None
    mrr: float | None
    latency_p50_ms: float
    latency_p95_ms: float
    by_kind: list[KindScore]


class Run(BaseModel):
    rows: list[Row]
    metrics: Metrics
    answers: list[dict[str, object]] = Field(description="The answer contracts with their ids, in input order.")


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0-100) of some figures; 0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def _answered_wrong(row: Row) -> bool:
    """An answer given (not a refusal) that fails its expectation: worse than any refusal."""
    return row.judged and row.status == "answered" and not row.correct


def metrics(rows: list[Row]) -> Metrics:
    """Aggregate the rows of a run."""
    judged = [r for r in rows if r.judged]
    rules = [r for r in judged if r.expected_route == "rules"]
    refused = [r for r in judged if r.status == "refused"]
    should = [r for r in judged if r.expected_refusal]
    ranked = retrieval_report([(EvalQuestion(id=r.id, question=r.question), r.rank) for r in rows if r.has_passages])
    retrieval = ranked.questions > 0
    kinds: dict[str, list[Row]] = {}
    for r in judged:
        kinds.setdefault(r.kind or "(none)", []).append(r)
    latencies = [r.ms for r in rows]
    return Metrics(
        questions=len(rows),
        judged=len(judged),
        correct=_share(sum(bool(r.correct) for r in judged), len(judged)),
        rules_exact=_share(sum(bool(r.correct) and r.route == "rules" for r in rules), len(rules)),
        citation_precision=_share(sum(r.verbatim for r in rows), sum(r.quotes for r in rows)),
        refusal_precision=_share(sum(bool(r.expected_refusal) for r in refused), len(refused)),
        refusal_recall=_share(sum(r.status == "refused" for r in should), len(should)),
        answered_wrong=_share(sum(_answered_wrong(r) for r in judged), len(judged)),
        wrongly_refused=_share(
            sum(r.status == "refused" and not r.expected_refusal and not r.correct for r in judged), len(judged)
        ),
        hit_at_1=ranked.hit_at[1] if retrieval else None,
        hit_at_3=ranked.hit_at[3] if retrieval else None,
        hit_at_5=ranked.hit_at[5] if retrieval else None,
        mrr=ranked.mrr if retrieval else None,
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        by_kind=[
            KindScore(
                kind=k,
                questions=len(v),
                correct=sum(bool(r.correct) for r in v),
                answered_wrong=sum(_answered_wrong(r) for r in v),
            )
            for k, v in sorted(kinds.items())
        ],
    )


def run(
    engine: Engine,
    questions: Iterable[EvalQuestion],
    progress: Callable[[], None] | None = None,
) -> Run:
    """Ask every question once (models and index are the engine's, loaded once) and judge the answers."""
    bodies = {doc_id: doc.body for doc_id, doc in engine.documents.items()}
    rows: list[Row] = []
    answers: list[dict[str, object]] = []
    for q in questions:
        history = tuple(q.history)
        started = time.perf_counter()
        answer = engine.ask(q.question, today=q.today, history=history)
        ms = (time.perf_counter() - started) * 1000
        expected = q.expected or Expectation()
        rank = None
        if expected.passages:
            hits = engine.passages(answer.question, history, k=5)
            rank = passage_rank([h.chunk for h in hits], expected, bodies)
        problems = judge(expected, answer) if expected.judges_answer else []
        quotes, verbatim = verbatim_quotes(answer, bodies)
        rows.append(
            Row(
                id=q.id,
                question=q.question,
                kind=expected.kind,
                status=answer.status,
                route=answer.route,
                correct=not problems if expected.judges_answer else None,
                problems=problems,
                expected_route=expected.route,
                expected_refusal=expected.refused if expected.judges_answer else None,
                rank=rank,
                has_passages=bool(expected.passages),
                quotes=quotes,
                verbatim=verbatim,
                ms=ms,
            )
        )
        answers.append({"id": q.id, **answer.model_dump(mode="json")})
        if progress:
            progress()
    return Run(rows=rows, metrics=metrics(rows), answers=answers)


# --- Thresholds ---------------------------------------------------------------------------------------------------


class Thresholds(BaseModel):
    """Minimums a run must reach (``evals/thresholds.toml``); a metric left out is not held."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    correct: float | None = Field(default=None, ge=0, le=1)
    rules_exact: float | None = Field(default=None, ge=0, le=1)
    citation_precision: float | None = Field(default=None, ge=0, le=1)
    refusal_precision: float | None = Field(default=None, ge=0, le=1)
    refusal_recall: float | None = Field(default=None, ge=0, le=1)
    answered_wrong: float | None = Field(default=None, ge=0, le=1, description="A maximum: lower is better.")
    wrongly_refused: float | None = Field(default=None, ge=0, le=1, description="A maximum: lower is better.")
    hit_at_1: float | None = Field(default=None, ge=0, le=1)
    hit_at_3: float | None = Field(default=None, ge=0, le=1)
    hit_at_5: float | None = Field(default=None, ge=0, le=1)
    mrr: float | None = Field(default=None, ge=0, le=1)


# The figures a thresholds file may hold: the fields of Thresholds. Those in MAXIMUMS are held to a maximum
# (lower is better); the others to a minimum.
THRESHOLD_METRICS = tuple(Thresholds.model_fields)
MAXIMUMS = frozenset({"answered_wrong", "wrongly_refused"})


def meets(name: str, value: float, limit: float) -> bool:
    """Whether a figure reaches its threshold (a minimum, or a maximum for those in MAXIMUMS)."""
    return value <= limit if name in MAXIMUMS else value >= limit


def load_thresholds(path: Path) -> Thresholds:
    """Read a thresholds file; a bad file is an EvalError naming it and the key."""
    try:
        data = tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as exc:
        raise EvalError(path, None, f"not valid TOML ({exc})") from None
    try:
        return Thresholds.model_validate(data)
    except ValidationError as exc:
        field, message = first_problem(exc, "file")
        raise EvalError(path, None, f"{field}: {message}") from None


def missed(figures: Metrics, thresholds: Thresholds) -> list[str]:
    """One line per threshold the run does not reach."""
    lines = []
    for name in THRESHOLD_METRICS:
        limit = getattr(thresholds, name)
        value = getattr(figures, name)
        if limit is not None and value is not None and not meets(name, value, limit):
            lines.append(f"{name} {value:.3f} {'>' if name in MAXIMUMS else '<'} {limit:g}")
    return lines
