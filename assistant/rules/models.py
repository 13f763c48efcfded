"""The rules a call text states, as validated data (``corpus/rules/<doc-id>.yaml``).

Every rule carries the verbatim sentence(s) of the document it comes from;
``assistant.rules.book.check_rules`` checks that each one is found in the document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.rules.vocabulary import STATUSES, find
from assistant.text import fold

EventKind = Literal[
    "registration_opens", "application_deadline", "preselection", "auditions", "results", "start", "promotion_launch"
]
CriterionKind = Literal[
    "status", "profession", "diploma", "seniority", "contract", "employer", "paid_by", "approval", "host"
]
WorkTime = Literal["full", "part", "half"]
_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Rule(BaseModel):
    """What every rule has: an id unique in its file, the sentence(s) it rests on, and its programme."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID)
    quotes: tuple[str, ...] = Field(min_length=1, description="Verbatim sentences of the document.")
    programme: str | None = Field(default=None, description="Only in multi-programme documents (the overview).")
    superseded_by: str | None = Field(
        default=None, pattern=r"^[a-z0-9-]+#[a-z0-9-]+$", description="'<doc-id>#<rule-id>' of a more specific rule."
    )

    @model_validator(mode="before")
    @classmethod
    def _one_quote_or_many(cls, data: Any) -> Any:
        if isinstance(data, dict) and "quote" in data:
            data = dict(data)
            if "quotes" in data:
                raise ValueError("give 'quote' or 'quotes', not both")
            data["quotes"] = [data.pop("quote")]
        return data


class Event(Rule):
    """A dated step of a call: a day (with an hour for deadlines) or a period."""

    kind: EventKind
    date: dt.date | None = None
    time: dt.time | None = Field(default=None, description="Local time (Europe/Paris), when the text gives one.")
    start: dt.date | None = None
    end: dt.date | None = None
    label: str | None = Field(default=None, description="How the text words a period or a vague date.")
    place: str | None = Field(
        default=None, description="Where the text says it happens or is published ('site Eva'), in its words."
    )

    @model_validator(mode="after")
    def _day_or_period(self) -> Event:
        if self.place is not None and not any(self.place.lower() in q.lower() for q in self.quotes):
            raise ValueError(f"'place' {self.place!r} is not in the event's quote")
        if (self.date is None) == (self.start is None or self.end is None):
            raise ValueError("an event has either a 'date', or a 'start' and an 'end'")
        if self.start and self.end and self.start > self.end:
            raise ValueError("'start' is after 'end'")
        if self.time is not None and self.date is None:
            raise ValueError("'time' needs a 'date'")
        return self


class Duration(Rule):
    """How long a contract or course lasts, for some statuses (none listed: for everyone)."""

    statuses: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    up_to_years: int | None = Field(default=None, description="Renewable up to this many years in all.")
    time: WorkTime

    @model_validator(mode="after")
    def _some_length(self) -> Duration:
        if not self.years and not self.months:
            raise ValueError("a duration needs 'years' or 'months'")
        return self


class Criterion(Rule):
    """A condition on the applicant: the allowed values, or seniority bounds."""

    kind: CriterionKind
    values: tuple[str, ...] = ()
    min_years: float | None = None
    max_years: float | None = None
    exclusive: bool = Field(default=False, description="Bounds are strict ('plus de 3 ans et moins de 10 ans').")
    at: str | None = Field(default=None, description="When the condition is judged, as the text says it.")
    note: str | None = Field(default=None, description="A verbatim exception or nuance that goes with the rule.")
    excludes: tuple[str, ...] = Field(
        default=(),
        description="Diplomas the quote names as not counting ('et non d'une thèse d'exercice'): holding only those "
        "does not meet the criterion.",
    )

    @model_validator(mode="after")
    def _values_or_bounds(self) -> Criterion:
        if self.kind == "seniority":
            if self.min_years is None and self.max_years is None:
                raise ValueError("a seniority criterion needs 'min_years' or 'max_years'")
        elif not self.values:
            raise ValueError(f"a {self.kind} criterion needs 'values'")
        if self.excludes and self.kind != "diploma":
            raise ValueError("only a diploma criterion may list 'excludes'")
        return self


class Contact(Rule):
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")


Party = Literal["inserm", "hospital", "university", "lab", "applicant"]


class Payment(BaseModel):
    """Who pays whom, as a funding fact's sentence says it: what a yes or no on who pays is judged by."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    payer: Party | None = Field(default=None, description="None: the sentence does not say who pays.")
    payee: Party
    sole: bool = Field(default=False, description="The sentence names the payee's only payer.")
    clause: str = Field(description="The words of the fact's quote that say it, verbatim.")


class OtherFunding(BaseModel):
    """What a funding fact's sentence says of funding held elsewhere: whether its pay adds to it ("non cumulable
    avec un autre financement"), or whether one who holds it is still taken ("inclus d'emblée dans la catégorie
    « CER sans financement »"): what a yes or no on combining or joining is judged by."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    combinable: bool | None = Field(default=None, description="Whether the pay adds to funding held elsewhere.")
    holder_included: bool | None = Field(default=None, description="Whether one funded elsewhere is still taken.")
    clause: str = Field(description="The words of the fact's quote that say it, verbatim.")


class Fact(Rule):
    """A statement the text makes (a document to send, a funding fact): the quote is the content."""

    payments: tuple[Payment, ...] = Field(default=(), description="For a funding fact: who pays whom.")
    other_funding: OtherFunding | None = Field(default=None, description="For a funding fact: funding held elsewhere.")
    open_to: tuple[str, ...] = Field(
        default=(),
        description="For a fact that lists those a programme takes (« issus des différents métiers : chercheurs, "
        "ingénieurs… ou encore… »): the statuses it names, as an open list (a status it does not name is no no).",
    )

    @model_validator(mode="after")
    def _clauses_quoted(self) -> Fact:
        named = {t for q in self.quotes for t in find(fold(q), STATUSES)}
        for status in self.open_to:
            if status not in {t.id for t in STATUSES}:
                raise ValueError(f"open_to: unknown status {status!r}")
            if status not in named:
                raise ValueError(f"open_to: status {status!r} is not named in the fact's quote")
        for p in self.payments:
            if not any(p.clause in q for q in self.quotes):
                raise ValueError(f"payment clause not in the fact's quote: {p.clause!r}")
        if self.other_funding is not None and not any(self.other_funding.clause in q for q in self.quotes):
            raise ValueError(f"other-funding clause not in the fact's quote: {self.other_funding.clause!r}")
        return self


class RulesFile(BaseModel):
    """All the rules of one document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(pattern=_ID)
    programme: str | None = Field(description="The document's programme; null for multi-programme documents.")
    proposal: Fact | None = Field(default=None, description="Set when the text is a proposal, not an open call.")
    events: tuple[Event, ...] = ()
    durations: tuple[Duration, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    contacts: tuple[Contact, ...] = ()
    documents: tuple[Fact, ...] = ()
    funding: tuple[Fact, ...] = ()
    selection: tuple[Fact, ...] = Field(default=(), description="Who selects, and on what criteria.")
    aims: tuple[Fact, ...] = Field(default=(), description="What the programme is for, in the text's words.")

    def rules(self) -> list[Rule]:
        """Every rule of the file, the proposal marker first."""
        head: list[Rule] = [self.proposal] if self.proposal else []
        facts = [*self.contacts, *self.documents, *self.funding, *self.selection, *self.aims]
        return [*head, *self.events, *self.durations, *self.criteria, *facts]

    def programme_of(self, rule: Rule) -> str | None:
        return rule.programme or self.programme

    @model_validator(mode="after")
    def _unique_ids_and_programmes(self) -> RulesFile:
        ids = [r.id for r in self.rules()]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"rule id {duplicates[0]!r} is used twice")
        for rule in self.rules():
            if self.programme_of(rule) is None:
                raise ValueError(f"rule {rule.id!r} needs a 'programme' (the file has none)")
        return self
