"""The rule book: every document's rules, and the check that holds them to the corpus. Pure."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from pydantic import BaseModel, ConfigDict

from assistant import editions as call_documents
from assistant.corpus import Document
from assistant.errors import RuleQuoteMissing
from assistant.programmes import Programme
from assistant.rules.models import Criterion, Rule, RulesFile


class Edition(BaseModel):
    """One call of a programme: which document, which edition, the years it covers."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    edition: str
    title: str

    @property
    def years(self) -> tuple[int, ...]:
        """'2026' -> (2026,); '2026-2027' -> (2026, 2027)."""
        found = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", self.edition)]
        return tuple(range(found[0], found[-1] + 1)) if found else ()


def years_named(text: str) -> frozenset[int]:
    """The years a question names ('en 2026', 'l'appel 2025-2026'): they select a call's edition."""
    return frozenset(int(y) for y in re.findall(r"(?<!\d)(20\d{2})(?!\d)", text))


def call_editions(documents: list[Document]) -> dict[str, tuple[Edition, ...]]:
    """Per programme, its calls that name their edition, oldest first (the order of ``assistant.editions``)."""
    return {
        programme: tuple(
            Edition(doc_id=d.id, edition=d.meta.edition, title=d.meta.title) for d in docs if d.meta.edition
        )
        for programme, docs in call_documents.editions(documents).items()
    }


class RuleBook(BaseModel):
    """The rules of the whole corpus, checked against it.

    A programme with several call editions answers from its latest by default (``latest``); a question
    naming an older edition's year answers from that one (``for_years``), whose deadlines are then closed.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    files: dict[str, RulesFile]
    programmes: tuple[Programme, ...]
    editions: dict[str, tuple[Edition, ...]] = {}

    def latest(self) -> RuleBook:
        """The book without the calls a newer edition of their programme replaces."""
        return self.for_years(frozenset())

    def for_years(self, years: AbstractSet[int]) -> RuleBook:
        """The book a question naming these years reads: per programme, the one edition it names, else the latest."""
        return self.without(self.excluded(years))

    def excluded(self, years: AbstractSet[int]) -> set[str]:
        """Documents left out for a question naming ``years``: the other editions of each programme."""
        out: set[str] = set()
        for editions in self.editions.values():
            if len(editions) < 2:
                continue
            named = [e for e in editions if years & set(e.years)]
            chosen = named[-1] if named else editions[-1]
            out |= {e.doc_id for e in editions if e.doc_id != chosen.doc_id}
        return out

    def superseded(self, doc_id: str) -> Edition | None:
        """The latest edition of the programme when ``doc_id`` is an older call of it, else None."""
        for editions in self.editions.values():
            if len(editions) > 1 and doc_id in {e.doc_id for e in editions[:-1]}:
                return editions[-1]
        return None

    def edition_of(self, doc_id: str) -> tuple[Edition, int] | None:
        """A call's edition and how many editions its programme has (None: not a call with an edition)."""
        for editions in self.editions.values():
            for e in editions:
                if e.doc_id == doc_id:
                    return e, len(editions)
        return None

    def without(self, doc_ids: set[str]) -> RuleBook:
        if not doc_ids & set(self.files):
            return self
        files = {k: v for k, v in self.files.items() if k not in doc_ids}
        return RuleBook(files=files, programmes=self.programmes, editions=self.editions)

    def rule(self, ref: str) -> tuple[RulesFile, Rule]:
        """The rule a '<doc-id>#<rule-id>' reference names."""
        doc_id, _, rule_id = ref.partition("#")
        rules_file = self.files[doc_id]
        return rules_file, next(r for r in rules_file.rules() if r.id == rule_id)


def check_rules(files: dict[str, RulesFile], documents: list[Document], programmes: list[Programme]) -> list[str]:
    """Every problem: a quote not found verbatim, an unknown document, programme or superseding rule."""
    bodies = {d.id: d.body for d in documents}
    known_programmes = {p.id for p in programmes}
    problems: list[str] = []
    for doc_id, rules_file in sorted(files.items()):
        body = bodies.get(doc_id)
        if body is None:
            problems.append(f"{doc_id}: no corpus document with this id")
            continue
        for rule in rules_file.rules():
            programme = rules_file.programme_of(rule)
            if programme not in known_programmes:
                problems.append(f"{doc_id}#{rule.id}: unknown programme {programme!r}")
            note = rule.note if isinstance(rule, Criterion) and rule.note else None
            for quote in (*rule.quotes, *([note] if note else [])):
                if quote not in body:
                    problems.append(str(RuleQuoteMissing(rule.id, doc_id, quote, _near_miss(quote, body))))
            if rule.superseded_by:
                target_doc, _, target_rule = rule.superseded_by.partition("#")
                target = files.get(target_doc)
                if target is None or target_rule not in {r.id for r in target.rules()}:
                    problems.append(f"{doc_id}#{rule.id}: superseded_by {rule.superseded_by!r} names no rule")
    return problems


def _near_miss(quote: str, body: str) -> str:
    """A hint when the quote is in the text but for white space or apostrophes."""

    def loose(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("’", "'")).strip()

    if loose(quote) in loose(body):
        return "the text has it with other white space or apostrophes (e.g. a non-breaking space)"
    return "the call text changed, or the quote is not verbatim"
