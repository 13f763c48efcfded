"""When a call opens and closes, and where it stands at a given instant. Pure: no I/O, no clock.

Deadlines are French local time (Europe/Paris): "17 heures" closes at 17:00:00.
A deadline the text gives without an hour closes at the end of its day, and the
result says the hour is not stated. Days left count calendar days in Paris: 0 on
the last day.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from assistant.rules.models import Event, Rule, RulesFile

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


class State(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


class Source(BaseModel):
    """A rule an answer rests on: where it is and the sentence that states it."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    rule_id: str
    quote: str


def sources_of(doc_id: str, rule: Rule) -> tuple[Source, ...]:
    """One source per verbatim sentence a rule rests on."""
    return tuple(Source(doc_id=doc_id, rule_id=rule.id, quote=q) for q in rule.quotes)


def proposal_source(rules: RulesFile) -> Source | None:
    """The sentence that makes a text a proposal, not an open call (None for a call)."""
    if rules.proposal is None:
        return None
    return Source(doc_id=rules.doc_id, rule_id=rules.proposal.id, quote=rules.proposal.quotes[0])


def proposal_plans(rules: RulesFile) -> tuple[Source, ...]:
    """What a proposal's text says of when it would be put in place (its proposal rule's other sentences)."""
    return sources_of(rules.doc_id, rules.proposal)[1:] if rules.proposal is not None else ()


class DeadlineStatus(BaseModel):
    """Where a call's application deadline stands at ``now``."""

    model_config = ConfigDict(frozen=True)

    programme: str
    doc_id: str
    state: State
    now: dt.datetime
    opens_at: dt.datetime | None
    closes_at: dt.datetime
    hour_stated: bool
    days_left: int | None
    hours_left: int | None
    minutes_left: int | None
    sources: tuple[Source, ...]
    other_sources: tuple[Source, ...] = Field(
        default=(), description="The overview's line on the same deadline, which the call's rule supersedes."
    )

    @property
    def last_day(self) -> dt.date:
        """The call's last day, in Paris: the closing instant's day, or the day before a midnight closing (a call
        that gives no hour closes at the end of its day)."""
        closes = local(self.closes_at)
        return closes.date() if self.hour_stated else (closes - dt.timedelta(days=1)).date()


def local(now: dt.datetime) -> dt.datetime:
    """An instant in Paris time; a naive datetime is taken as Paris local time."""
    return now.replace(tzinfo=PARIS) if now.tzinfo is None else now.astimezone(PARIS)


def closing_instant(event: Event) -> dt.datetime:
    """The first instant at which a deadline has passed (Paris time)."""
    if event.date is None:
        raise ValueError(f"event {event.id!r} is a period, not a deadline")
    if event.time is not None:
        return dt.datetime.combine(event.date, event.time, tzinfo=PARIS)
    return dt.datetime.combine(event.date + dt.timedelta(days=1), dt.time(0, 0), tzinfo=PARIS)


def opening_instant(event: Event) -> dt.datetime:
    day = event.date or event.start
    assert day is not None  # guaranteed by Event's validator
    return dt.datetime.combine(day, event.time or dt.time(0, 0), tzinfo=PARIS)


def deadline_status(rules: RulesFile, now: dt.datetime) -> DeadlineStatus | None:
    """The state of the file's application deadline at ``now``; None when the file states none."""
    deadline = _first(rules, "application_deadline")
    if deadline is None or deadline.superseded_by:
        return None
    opening = _first(rules, "registration_opens")
    now = local(now)
    closes = closing_instant(deadline)
    opens = opening_instant(opening) if opening else None
    if _before(now, opens):
        state = State.NOT_YET_OPEN
    elif _before(now, closes):
        state = State.OPEN
    else:
        state = State.CLOSED
    days_left = hours_left = minutes_left = None
    if state is not State.CLOSED:
        assert deadline.date is not None
        days_left = (deadline.date - now.date()).days
        # Subtract in UTC: Python ignores DST between two datetimes sharing one tzinfo.
        seconds = (closes.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
        hours_left, minutes_left = int(seconds // 3600), int(seconds // 60)
    sources = tuple(s for e in (opening, deadline) if e for s in sources_of(rules.doc_id, e))
    return DeadlineStatus(
        programme=rules.programme_of(deadline) or "",
        doc_id=rules.doc_id,
        state=state,
        now=now,
        opens_at=opens,
        closes_at=closes,
        hour_stated=deadline.time is not None,
        days_left=days_left,
        hours_left=hours_left,
        minutes_left=minutes_left,
        sources=sources,
    )


def _first(rules: RulesFile, kind: str) -> Event | None:
    return next((e for e in rules.events if e.kind == kind and not e.superseded_by), None)


def _before(now: dt.datetime, instant: dt.datetime | None) -> bool:
    return instant is not None and now.astimezone(UTC) < instant.astimezone(UTC)
