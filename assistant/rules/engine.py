"""Answer a parsed question from the rules. Pure: rules, intent and ``now`` in; a structured result out.

The user's words only select the intent, the programmes and the profile: no
value of theirs (a date, a duration) ever reaches a result, so "the deadline is
31 December" still gets the call's deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.rules.book import RuleBook
from assistant.rules.deadlines import (
    DeadlineStatus,
    Source,
    State,
    deadline_status,
    local,
    proposal_source,
    sources_of,
)
from assistant.rules.eligibility import Eligibility, Overall, Profile, evaluate, suggest
from assistant.rules.models import CriterionKind, Duration, Event, EventKind, Fact, OtherFunding, Payment, RulesFile

IntentKind = Literal[
    "deadline",
    "opening",
    "event",
    "calendar",
    "duration",
    "eligibility",
    "suggest",
    "contact",
    "documents",
    "funding",
    "how_to_apply",
    "selection",
]


FactKind = Literal["contact", "document", "funding", "selection", "aim"]
# What a second ask of a message may want beside the first: a fact, or the call's dates and lengths.
AlsoKind = Literal["contact", "document", "funding", "selection", "aim", "duration", "deadline", "event"]


class Intent(BaseModel):
    """What a question asks, as the parser understood it."""

    model_config = ConfigDict(frozen=True)

    kind: IntentKind
    programmes: tuple[str, ...] = Field(
        default=(), description="Named in the question or the conversation; empty: all."
    )
    events: tuple[EventKind, ...] = Field(default=(), description="The steps asked about (kind 'event').")
    also: tuple[AlsoKind, ...] = Field(
        default=(),
        description="What a second ask of the same message wants ('...et faut-il une lettre ?', '...and when are "
        "results out?'); its steps are in ``events``.",
    )
    profile: Profile = Field(default_factory=Profile)
    statuses: tuple[str, ...] = Field(
        default=(), description="Positions compared ('mon collègue PHC et moi MCU-PH, même durée ?'): one length each."
    )
    relation: Literal["same", "longer", "shorter", "each"] = Field(
        default="same",
        description="What is asked of the positions' lengths: the same ('même durée ?'), the first's longer or "
        "shorter than the second's ('plus long pour un PU-PH que pour un PHC ?'), or only each one's ('qui a le "
        "plus long ?').",
    )
    lang: Literal["fr", "en"] = "fr"
    criterion: CriterionKind | None = Field(
        default=None,
        description="The one condition a verdict question names ('est-ce que je remplis la condition d'ancienneté ?'):"
        " its verdict is said first.",
    )
    asked_at: tuple[Literal["deposit", "closing", "start"], ...] = Field(
        default=(),
        description="When the question asks its condition to be held ('dois-je avoir mon M2 au moment du dépôt ?'): "
        "said against when the text judges it.",
    )
    diplomas_asked: tuple[str, ...] = Field(
        default=(), description="The diplomas a question asks when to hold: those the condition names, or no answer."
    )
    must_hold: bool = Field(
        default=False, description="The condition is asked as a requirement ('dois-je déjà avoir… ?'): a yes or no."
    )
    of_a_group: bool = Field(
        default=False,
        description="The profile is a group's the question asks about ('ouverts aux pharmaciens ?'), not the "
        "applicant's: what the text says of the group answers it.",
    )


class EventInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    programme: str
    kind: EventKind
    date: dt.date | None
    time: dt.time | None
    start: dt.date | None
    end: dt.date | None
    label: str | None
    place: str | None = Field(default=None, description="Where the text says it happens or is published.")
    past: bool = Field(description="Entirely before now.")
    sources: tuple[Source, ...]


class DurationInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    programme: str
    statuses: tuple[str, ...]
    years: tuple[int, ...]
    months: tuple[int, ...]
    up_to_years: int | None = None
    time: str
    sources: tuple[Source, ...]
    other_sources: tuple[Source, ...] = Field(default=(), description="The overview's less precise version.")


class FactInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    programme: str
    kind: FactKind
    value: str = Field(description="The email address, or the quoted sentence itself.")
    sources: tuple[Source, ...]
    payments: tuple[Payment, ...] = Field(default=(), description="For a funding fact: who pays whom.")
    other_funding: OtherFunding | None = Field(default=None, description="For a funding fact: funding held elsewhere.")


class RulesResult(BaseModel):
    """Everything the rules say to a question; the composer turns it into sentences."""

    model_config = ConfigDict(frozen=True)

    intent: Intent
    now: dt.datetime
    programmes: tuple[str, ...]
    proposals: tuple[Source, ...] = Field(default=(), description="Programmes that are proposals: nobody can apply.")
    deadlines: tuple[DeadlineStatus, ...] = ()
    events: tuple[EventInfo, ...] = ()
    durations: tuple[DurationInfo, ...] = ()
    eligibility: tuple[Eligibility, ...] = ()
    facts: tuple[FactInfo, ...] = ()
    compared: tuple[str, ...] = Field(
        default=(), description="Programmes compared side by side ('PA ou CI ?'); proposals are left out."
    )
    alternatives: tuple[Eligibility, ...] = Field(
        default=(),
        description="When no programme asked about fits: the verdicts on the others whose status criterion is met.",
    )
    excluded: tuple[Eligibility, ...] = Field(
        default=(),
        description="Which programme fits me: those the profile certainly does not fit, each said with why not.",
    )
    proposed: tuple[Eligibility, ...] = Field(
        default=(),
        description="Proposals compared beside calls (never tabled): whom their text is for, said beside the table.",
    )

    @property
    def empty(self) -> bool:
        """True when the rules hold nothing for this question (it should go to retrieval)."""
        return not self.proposals and self.empty_but_proposals

    @property
    def empty_but_proposals(self) -> bool:
        """True when all the result holds, if anything, is that the programmes are proposals."""
        return not (self.deadlines or self.events or self.durations or self.eligibility or self.facts)

    def sources(self) -> list[Source]:
        """Every rule the result rests on, once each, in order."""
        found: list[Source] = list(self.proposals)
        for d in self.deadlines:
            found += [*d.sources, *d.other_sources]
        for e in self.events:
            found += e.sources
        for x in self.durations:
            found += [*x.sources, *x.other_sources]
        for verdict in self.eligibility:
            found += [verdict.proposal] if verdict.proposal else []
            found += verdict.deadline.sources if verdict.deadline else ()
            found += [verdict.named] if verdict.named else []
            for c in verdict.criteria:
                found += [*c.sources, *c.other_sources] + ([c.note] if c.note else [])
        for verdict in self.excluded:
            found += verdict.failed[0].sources if verdict.failed else ()
        for verdict in self.proposed:
            found += [s for c in verdict.criteria for s in c.sources]
        for verdict in self.alternatives:
            found += [source] if (source := verdict.status_source(self.intent.profile.status)) else []
        for f in self.facts:
            found += f.sources
        unique: list[Source] = []
        for s in found:
            if s not in unique:
                unique.append(s)
        return unique


def answer(book: RuleBook, intent: Intent, now: dt.datetime, years: frozenset[int] = frozenset()) -> RulesResult:
    """What the rules say to an intent at ``now``, from the call editions the question's ``years`` name (none:
    each programme's latest); a call a newer edition replaces is over, whatever ``now``."""
    return _close_superseded(_answer(book.for_years(years), intent, now), book)


def _answer(book: RuleBook, intent: Intent, now: dt.datetime) -> RulesResult:
    now = local(now)
    all_ids = tuple(p.id for p in book.programmes)
    programmes = intent.programmes or all_ids
    proposals = tuple(_proposal(book, p) for p in programmes if _proposal(book, p))
    kind = intent.kind
    deadlines: tuple[DeadlineStatus, ...] = ()
    events: tuple[EventInfo, ...] = ()
    durations: tuple[DurationInfo, ...] = ()
    eligibility: tuple[Eligibility, ...] = ()
    facts: tuple[FactInfo, ...] = ()
    compared: tuple[str, ...] = ()
    alternatives: tuple[Eligibility, ...] = ()
    excluded: tuple[Eligibility, ...] = ()
    proposed: tuple[Eligibility, ...] = ()
    if kind == "suggest" and len(intent.programmes) > 1:
        # "PA ou CI ?", "differences between...": the programmes side by side, from the rules of each.
        compared = tuple(p for p in programmes if not _proposal(book, p))  # a proposal is said so, never tabled
        deadlines = tuple(s for f in _files(book, programmes) if (s := deadline_status(f, now)))
        durations = _durations(book, programmes, intent.profile.status)
        facts = _facts(book, programmes, ("aim", "funding", "contact"))
        eligibility = tuple(evaluate(book, p, intent.profile, now) for p in compared)  # for whom, or a verdict
        proposed = tuple(evaluate(book, p, intent.profile, now) for p in programmes if p not in compared)
    elif kind == "suggest" or (kind == "eligibility" and not intent.programmes):
        eligibility = tuple(suggest(book, intent.profile, now))
        programmes = tuple(e.programme for e in eligibility)
        facts = _facts(book, programmes, ("aim",))  # what each is for: "garder la clinique à mi-temps ?"
        excluded = tuple(  # "lequel des deux me concerne ?": the other one, and why not
            verdict
            for p in all_ids
            if p not in programmes and (verdict := evaluate(book, p, intent.profile, now)).failed
        )
    elif kind == "eligibility":
        eligibility = tuple(evaluate(book, p, intent.profile, now) for p in programmes)
        if eligibility and all(e.overall is Overall.NOT_ELIGIBLE for e in eligibility):
            alternatives = tuple(  # "un CCA ? les postes d'accueil, le CCA Inserm-Bettencourt"
                e
                for e in suggest(book, intent.profile, now)
                if e.overall is not Overall.PROPOSAL
                and e.programme not in programmes
                and e.status_source(intent.profile.status)
            )
    elif kind in ("deadline", "opening", "how_to_apply"):
        deadlines = _deadlines(book, programmes, now)
        if kind == "how_to_apply":
            facts = _facts(book, programmes, ("contact", "document"))
    elif kind in ("event", "calendar"):
        asked = intent.events if kind == "event" else (None,)
        # A course starts with its promotion's launch.
        events = tuple(
            e
            for step in asked
            for e in _events(book, programmes, step, now)
            or (_events(book, programmes, "promotion_launch", now) if step == "start" else ())
        )
    elif kind == "duration" and intent.statuses:
        found = {d.sources: d for status in intent.statuses for d in _durations(book, programmes, status)}
        durations = tuple(found.values())
    elif kind == "duration":
        durations = _durations(book, programmes, intent.profile.status)
    else:
        facts = _facts(book, programmes, (FACT_KINDS[kind],))
        if kind == "selection" and programmes != all_ids:
            # How selection goes is also when: "présélection sur dossier, puis audition" and the month of each.
            events = tuple(e for step in _SELECTION_STEPS for e in _events(book, programmes, step, now))
    extra: tuple[FactKind, ...] = tuple(
        k  # type: ignore[misc]
        for k in intent.also
        if k in _FACTS and not any(f.kind == k for f in facts)
    )
    if programmes != all_ids:
        # The other asks of the message, about the programmes it names.
        if extra:
            facts += _facts(book, programmes, extra)
        if "selection" in extra:  # how selection goes is also when (see kind "selection" above)
            seen = {(e.programme, e.kind) for e in events}
            events += tuple(
                e
                for step in _SELECTION_STEPS
                for e in _events(book, programmes, step, now)
                if (e.programme, e.kind) not in seen
            )
        if "duration" in intent.also and not durations:
            durations = _durations(book, programmes, intent.profile.status)
        if "deadline" in intent.also and not deadlines and not any(e.deadline for e in eligibility):
            deadlines = _deadlines(book, programmes, now)
        if "event" in intent.also and not events:
            events = tuple(e for step in intent.events for e in _events(book, programmes, step, now))
    return RulesResult(
        intent=intent,
        now=now,
        programmes=programmes,
        proposals=proposals,
        deadlines=deadlines,
        events=events,
        durations=durations,
        eligibility=eligibility,
        facts=facts,
        compared=compared,
        alternatives=alternatives,
        excluded=excluded,
        proposed=proposed,
    )


def _close_superseded(result: RulesResult, book: RuleBook) -> RulesResult:
    """A call a newer edition replaces is over: its deadline is closed and its dates past, whatever ``now``."""

    def closed(status: DeadlineStatus | None) -> DeadlineStatus | None:
        if status is None or status.state is State.CLOSED or book.superseded(status.doc_id) is None:
            return status
        return status.model_copy(
            update={"state": State.CLOSED, "days_left": None, "hours_left": None, "minutes_left": None}
        )

    def over(event: EventInfo) -> EventInfo:
        superseded = any(book.superseded(s.doc_id) for s in event.sources)
        return event.model_copy(update={"past": True}) if superseded else event

    return result.model_copy(
        update={
            "deadlines": tuple(d for d in (closed(s) for s in result.deadlines) if d is not None),
            "events": tuple(over(e) for e in result.events),
            "eligibility": tuple(v.model_copy(update={"deadline": closed(v.deadline)}) for v in result.eligibility),
        }
    )


_SELECTION_STEPS: tuple[EventKind, ...] = ("preselection", "auditions", "results")
_FACTS: frozenset[str] = frozenset(FactKind.__args__)  # type: ignore[attr-defined]
# The intents that ask for a kind of fact, and that kind.
FACT_KINDS: dict[IntentKind, FactKind] = {
    "contact": "contact",
    "documents": "document",
    "funding": "funding",
    "selection": "selection",
}


def upcoming(book: RuleBook, now: dt.datetime) -> tuple[EventInfo, ...]:
    """Every programme's dated steps that are not entirely past, soonest first."""
    every = tuple(p.id for p in book.programmes)
    return tuple(e for e in _events(book, every, None, now) if not e.past)


def _files(book: RuleBook, programmes: tuple[str, ...]) -> list[RulesFile]:
    return [f for f in book.files.values() if f.programme in programmes]


def _proposal(book: RuleBook, programme: str) -> Source | None:
    return next((s for f in book.files.values() if f.programme == programme and (s := proposal_source(f))), None)


def _events(
    book: RuleBook, programmes: tuple[str, ...], kind: EventKind | None, now: dt.datetime
) -> tuple[EventInfo, ...]:
    found: list[EventInfo] = []
    for f in book.files.values():
        for e in f.events:
            programme = f.programme_of(e)
            if programme in programmes and not e.superseded_by and (kind is None or e.kind == kind):
                found.append(_event_info(f, e, programme or "", now))
    return tuple(sorted(found, key=lambda x: (x.date or x.start or dt.date.min, x.programme)))


def _event_info(f: RulesFile, e: Event, programme: str, now: dt.datetime) -> EventInfo:
    last = e.date or e.end
    assert last is not None
    return EventInfo(
        programme=programme,
        kind=e.kind,
        date=e.date,
        time=e.time,
        start=e.start,
        end=e.end,
        label=e.label,
        place=e.place,
        past=last < now.date(),
        sources=sources_of(f.doc_id, e),
    )


def _durations(book: RuleBook, programmes: tuple[str, ...], status: str | None) -> tuple[DurationInfo, ...]:
    # A superseded (overview) duration speaks for all the durations of the call it points to:
    # "3 à 5 ans selon le statut" stands beside both "3 ans" and "5 ans".
    superseded: dict[str, tuple[RulesFile, Duration]] = {}
    for f in book.files.values():
        for d in f.durations:
            if d.superseded_by:
                superseded[d.superseded_by.partition("#")[0]] = (f, d)
    found: list[DurationInfo] = []
    for f in book.files.values():
        for d in f.durations:
            programme = f.programme_of(d)
            if programme not in programmes or d.superseded_by:
                continue
            if status is not None and d.statuses and status not in d.statuses:
                continue
            other = superseded.get(f.doc_id)
            found.append(
                DurationInfo(
                    programme=programme or "",
                    statuses=d.statuses,
                    years=d.years,
                    months=d.months,
                    up_to_years=d.up_to_years,
                    time=d.time,
                    sources=sources_of(f.doc_id, d),
                    other_sources=sources_of(other[0].doc_id, other[1]) if other else (),
                )
            )
    return tuple(found)


def _deadlines(book: RuleBook, programmes: tuple[str, ...], now: dt.datetime) -> tuple[DeadlineStatus, ...]:
    """Where the programmes' deadlines stand, each with the overview's line on it when the overview gives one
    (cited beside the call's: "candidatures ouvertes jusqu'au 20 février" says the same day)."""
    found = []
    for f in _files(book, programmes):
        status = deadline_status(f, now)
        if status is None:
            continue
        other = tuple(
            s
            for o in book.files.values()
            for e in o.events
            if e.kind == "application_deadline" and (e.superseded_by or "").partition("#")[0] == f.doc_id
            for s in sources_of(o.doc_id, e)
        )
        # (only for the latest edition: an older call's answer cites that call alone, and says a newer one exists)
        latest = book.superseded(f.doc_id) is None
        found.append(status.model_copy(update={"other_sources": other}) if other and latest else status)
    return tuple(found)


def _facts(book: RuleBook, programmes: tuple[str, ...], kinds: tuple[FactKind, ...]) -> tuple[FactInfo, ...]:
    found: list[FactInfo] = []
    for f in book.files.values():
        groups = {
            "contact": f.contacts,
            "document": f.documents,
            "funding": f.funding,
            "selection": f.selection,
            "aim": f.aims,
        }
        for kind in kinds:
            for rule in groups[kind]:
                programme = f.programme_of(rule)
                if programme in programmes and not rule.superseded_by:
                    value = getattr(rule, "email", None) or rule.quotes[0]
                    found.append(
                        FactInfo(
                            programme=programme or "",
                            kind=kind,
                            value=value,
                            sources=sources_of(f.doc_id, rule),
                            payments=rule.payments if isinstance(rule, Fact) else (),
                            other_funding=rule.other_funding if isinstance(rule, Fact) else None,
                        )
                    )
    return tuple(found)
