"""Editions of a programme's call, and what changed from one to the next. Pure.

An edition is a document of kind ``call``; a programme's editions are ordered
by their ``edition`` field ("2026", "2026-2027": by the first year, then the
string). The diff is about what applicants act on: dates, durations and
eligibility clauses. Sentences are aligned with their years, numbers and
month names masked, so that "le 20 février 2026" against "le 19 février 2027"
is one changed sentence, not one removed and one added.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.corpus import Document
from assistant.text import fold

Topic = Literal["date", "duration", "eligibility"]
TOPICS: tuple[Topic, ...] = ("date", "duration", "eligibility")
LABELS: dict[Topic, str] = {"date": "dates", "duration": "durations", "eligibility": "eligibility"}

_MONTHS = (
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    "january|february|march|april|june|july|august|september|october|november|december"
)
_NUMBER_WORDS = (
    "un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|"
    "one|two|three|four|five|seven|eight|nine|ten|twelve"
)
# Patterns read folded text (lower case, no accents, plain apostrophes).
_PATTERNS: dict[Topic, re.Pattern[str]] = {
    "date": re.compile(
        rf"\b(?:{_MONTHS})\b|\b(?:19|20)\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\bquinzaine\b|\bdate\b|"
        r"\bcalendrier\b|\bdeadline\b"
    ),
    "duration": re.compile(
        rf"(?:\d+|\b(?:{_NUMBER_WORDS}))\s+(?:ans?|annees?|mois|semaines?|jours?|years?|months?|weeks?|days?)\b|"
        r"\b(?:duree|duration|plein temps|temps plein|temps partiel|mi-temps|full-time|part-time)\b"
    ),
    "eligibility": re.compile(
        r"\beligib\w*|\bcandidats?\b|\bcandidater\b|\btitulaires?\b|\banciennete\b|\bconditions?\b|\bdestine\w*|"
        r"\bouverts? (?:a|aux)\b|\breserve\w* (?:a|aux)\b|\bstatuts?\b|\bdiplomes?\b|\bmaster\w*|\bdoctorat\b|"
        r"\bthese\b|\bcdi\b|\bcdd\b|\bexclu\w*|\bne peuvent\b|\bapplicants?\b|\bmust hold\b"
    ),
}
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[»\"”)]?\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"(*])")
_MARKUP = re.compile(r"^(?:#{1,6}\s+|[-*•]\s+)")
_MASK_NUMBER = re.compile(rf"\d+|\b(?:{_NUMBER_WORDS})\b")
_MASK_MONTH = re.compile(rf"\b(?:{_MONTHS})\b")
_PAIR_RATIO = 0.6  # masked sentences at least this alike are one sentence that changed
_EXCERPT_CHARS = 140
_CONTEXT_WORDS = 5


class SentenceChange(BaseModel):
    """One sentence about dates, durations or eligibility that changed, appeared or went away."""

    model_config = ConfigDict(frozen=True)

    change: Literal["changed", "added", "removed"]
    topics: list[Topic]
    old: str | None = None
    new: str | None = None


class EditionDiff(BaseModel):
    """What changed between two editions of a call, in the sentences applicants act on."""

    model_config = ConfigDict(frozen=True)

    old_id: str
    new_id: str
    old_edition: str | None
    new_edition: str | None
    changes: list[SentenceChange]
    other_changes: int = 0  # sentences that changed on other subjects (not listed)


def edition_key(doc: Document) -> tuple[int, str, str]:
    """Sort key of an edition: its first year, then its edition string, then its id (undated first)."""
    edition = doc.meta.edition or ""
    year = re.search(r"\d{4}", edition)
    return (int(year.group(0)) if year else 0, edition, doc.id)


def editions(documents: Iterable[Document]) -> dict[str, list[Document]]:
    """Each programme's calls, oldest edition first (programmes with at least one call)."""
    result: dict[str, list[Document]] = {}
    for doc in documents:
        if doc.meta.kind != "call":
            continue
        for programme in doc.meta.programmes:
            result.setdefault(programme, []).append(doc)
    return {programme: sorted(docs, key=edition_key) for programme, docs in sorted(result.items())}


def latest(documents: Iterable[Document], programme: str) -> Document | None:
    """The newest edition of a programme's call, if it has one."""
    calls = editions(documents).get(programme)
    return calls[-1] if calls else None


def sentences(body: str) -> list[str]:
    """A body's sentences, list items and headings, without their Markdown markers."""
    result: list[str] = []
    for line in body.split("\n"):
        line = _MARKUP.sub("", line.strip()).strip()
        if line:
            result.extend(piece.strip() for piece in _SENTENCE_BREAK.split(line) if piece.strip())
    return result


def topics(sentence: str) -> list[Topic]:
    """The subjects of a sentence among dates, durations and eligibility."""
    folded = fold(sentence)
    return [topic for topic in TOPICS if _PATTERNS[topic].search(folded)]


def masked(sentence: str) -> str:
    """A sentence as editions are aligned: folded, numbers, number words and months masked, spaces made one."""
    text = _MASK_MONTH.sub("<mois>", fold(sentence))
    text = _MASK_NUMBER.sub("#", text)
    return " ".join(text.split())


def diff_editions(old: Document, new: Document) -> EditionDiff:
    """The sentences about dates, durations and eligibility that changed from ``old`` to ``new``."""
    before, after = sentences(old.body), sentences(new.body)
    matcher = difflib.SequenceMatcher(a=[masked(s) for s in before], b=[masked(s) for s in after], autojunk=False)
    pairs: list[tuple[str | None, str | None]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend((a, b) for a, b in zip(before[i1:i2], after[j1:j2]) if a != b)
        else:
            pairs.extend(_pair(before[i1:i2], after[j1:j2]))
    changes: list[SentenceChange] = []
    other = 0
    for a, b in pairs:
        subjects = [t for t in TOPICS if t in {*(topics(a) if a else ()), *(topics(b) if b else ())}]
        if not subjects:
            other += 1
            continue
        kind: Literal["changed", "added", "removed"] = "changed" if a and b else ("added" if b else "removed")
        changes.append(SentenceChange(change=kind, topics=subjects, old=a, new=b))
    return EditionDiff(
        old_id=old.id,
        new_id=new.id,
        old_edition=old.meta.edition,
        new_edition=new.meta.edition,
        changes=changes,
        other_changes=other,
    )


def render(diff: EditionDiff) -> str:
    """The diff as plain-text lines: ``dates: « … 20 février 2026 … » → « … 19 février 2027 … »``."""
    lines = [f"{diff.old_id} ({diff.old_edition or 'undated'}) → {diff.new_id} ({diff.new_edition or 'undated'}):"]
    for change in diff.changes:
        label = ", ".join(LABELS[t] for t in change.topics)
        if change.old is not None and change.new is not None:
            old, new = _excerpts(change.old, change.new)
            lines.append(f"  {label}: « {old} » → « {new} »")
        elif change.new is not None:
            lines.append(f"  + {label}: « {_short(change.new)} »")
        elif change.old is not None:
            lines.append(f"  - {label}: « {_short(change.old)} »")
    if not diff.changes:
        lines.append("  no change in dates, durations or eligibility")
    if diff.other_changes:
        lines.append(f"  ({diff.other_changes} other sentence(s) changed)")
    return "\n".join(lines)


def _pair(before: list[str], after: list[str]) -> list[tuple[str | None, str | None]]:
    """Pair the sentences of a replaced block that are alike (in order); the others were removed or added."""
    result: list[tuple[str | None, str | None]] = []
    j = 0
    for a in before:
        best, best_ratio = None, _PAIR_RATIO
        for k in range(j, len(after)):
            ratio = difflib.SequenceMatcher(a=masked(a), b=masked(after[k]), autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = k, ratio
        if best is None:
            result.append((a, None))
            continue
        result.extend((None, b) for b in after[j:best])
        result.append((a, after[best]))
        j = best + 1
    result.extend((None, b) for b in after[j:])
    return result


def _excerpts(old: str, new: str) -> tuple[str, str]:
    """Both sentences, cut around the words that differ when they are long."""
    if len(old) <= _EXCERPT_CHARS and len(new) <= _EXCERPT_CHARS:
        return old, new
    a, b = old.split(" "), new.split(" ")
    blocks = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks()
    head = blocks[0].size if blocks and blocks[0].a == 0 and blocks[0].b == 0 else 0
    tail = 0
    last = blocks[-2] if len(blocks) >= 2 else None  # the final block is the (len, len, 0) sentinel
    if last is not None and last.a + last.size == len(a) and last.b + last.size == len(b):
        tail = last.size
    tail = min(tail, len(a) - head, len(b) - head)
    start = max(0, head - _CONTEXT_WORDS)
    return _cut(a, start, len(a) - tail + _CONTEXT_WORDS), _cut(b, start, len(b) - tail + _CONTEXT_WORDS)


def _cut(words: list[str], start: int, end: int) -> str:
    end = min(len(words), end)
    text = " ".join(words[start:end])
    return ("… " if start > 0 else "") + text + (" …" if end < len(words) else "")


def _short(sentence: str) -> str:
    if len(sentence) <= _EXCERPT_CHARS * 2:
        return sentence
    return sentence[: _EXCERPT_CHARS * 2].rsplit(" ", 1)[0] + " …"
