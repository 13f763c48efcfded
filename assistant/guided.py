"""The guided eligibility check: which question to ask next, and what an answer changes. Pure.

It asks only what the chosen programme's criteria need and is still unknown,
one question at a time, each with the values the text allows as choices, plus
"another" and "I don't know". "I don't know" leaves the criterion unknown:
the verdict then says "à confirmer", never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.rules.book import RuleBook
from assistant.rules.eligibility import (
    Phrase,
    Profile,
    Verdict,
    canonical_diploma,
    criteria_for,
    evaluate,
)
from assistant.rules.models import Criterion
from assistant.rules.vocabulary import label

UNKNOWN = "unknown"
OTHER = "other"
YES = "yes"
NO = "no"

_YES_NO_FIELDS = {"paid_by": "paid_by_inserm", "approval": "approvals", "host": "inserm_unit"}
_VALUE_FIELDS = ("status", "profession", "contract", "employer")


class Choice(BaseModel):
    """One answer offered as a button."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: Phrase


class Step(BaseModel):
    """One question of the guided check."""

    model_config = ConfigDict(frozen=True)

    key: str  # what it settles: a criterion kind, or a diploma criterion's id
    kind: str
    question: Phrase
    choices: tuple[Choice, ...]
    answer: Literal["choice", "years"] = "choice"  # "years": a number typed in, or a choice
    values: tuple[str, ...] = ()  # the vocabulary ids the criterion names (the diplomas it needs)


_DONT_KNOW = Choice(id=UNKNOWN, label=Phrase(fr="Je ne sais pas", en="I don't know"))
_YES_NO = (
    Choice(id=YES, label=Phrase(fr="Oui", en="Yes")),
    Choice(id=NO, label=Phrase(fr="Non", en="No")),
    _DONT_KNOW,
)


def next_step(book: RuleBook, programme: str, profile: Profile, asked: frozenset[str], now: dt.datetime) -> Step | None:
    """The next question for this programme: its first unknown criterion not asked yet (None: done)."""
    result = evaluate(book, programme, profile, now)
    if result.proposal is not None:
        return None
    unknown = {r.criterion for r in result.criteria if r.verdict is Verdict.UNKNOWN}
    for _rules, criterion, _overview in criteria_for(book, programme):
        key = _key(criterion)
        if criterion.id in unknown and key not in asked:
            question = next(r.question for r in result.criteria if r.criterion == criterion.id)
            return _step(criterion, key, question)
    return None


def apply(profile: Profile, step: Step, answer: str) -> Profile:
    """The profile once the answer to a step is known ("unknown" and anything unreadable change nothing)."""
    if answer == UNKNOWN:
        return profile
    if step.kind == "diploma":
        needed = frozenset(canonical_diploma(v) for v in step.values)
        if answer == YES:
            return profile.model_copy(update={"diplomas": (profile.diplomas or frozenset()) | needed})
        if answer == NO:
            return profile.model_copy(update={"missing_diplomas": profile.missing_diplomas | needed})
        return profile
    if step.kind in _YES_NO_FIELDS and answer in (YES, NO):
        return profile.model_copy(update={_YES_NO_FIELDS[step.kind]: answer == YES})
    if step.kind == "seniority":
        years = _years(answer)
        return profile if years is None else profile.model_copy(update={"inserm_years": years})
    if step.kind in _VALUE_FIELDS and answer in {c.id for c in step.choices}:
        return profile.model_copy(update={step.kind: answer})
    return profile


def _key(criterion: Criterion) -> str:
    # One answer settles every criterion on the same field; diplomas are asked criterion by criterion.
    return f"diploma:{criterion.id}" if criterion.kind == "diploma" else criterion.kind


def _step(criterion: Criterion, key: str, question: Phrase | None) -> Step:
    asked = question or Phrase(fr="Pouvez-vous préciser ?", en="Could you say more?")
    if criterion.kind in _VALUE_FIELDS:
        choices = tuple(Choice(id=v, label=Phrase(fr=label(v, "fr"), en=label(v, "en"))) for v in criterion.values)
        other = Choice(id=OTHER, label=Phrase(fr="Autre", en="Other"))
        return Step(key=key, kind=criterion.kind, question=asked, choices=(*choices, other, _DONT_KNOW))
    if criterion.kind == "seniority":
        return Step(key=key, kind="seniority", question=asked, choices=(_DONT_KNOW,), answer="years")
    return Step(key=key, kind=criterion.kind, question=asked, choices=_YES_NO, values=criterion.values)


_NUMBER = re.compile(
    r"^\s*(?:environ|about|around|~)?\s*(\d{1,2}(?:[.,]\d+)?)\s*(?:ans?|années?|years?)?[\s.!]*$", re.IGNORECASE
)


def _years(text: str) -> float | None:
    match = _NUMBER.match(text)
    if not match:
        return None
    years = float(match.group(1).replace(",", "."))
    return years if years <= 60 else None
