"""The rule book: every document's rules, and the check that holds them to the corpus. Pure."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from assistant.corpus import Document
from assistant.errors import RuleQuoteMissing
from assistant.programmes import Programme
from assistant.rules.models import Criterion, Rule, RulesFile


class RuleBook(BaseModel):
    """The rules of the whole corpus, checked against it."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    files: dict[str, RulesFile]
    programmes: tuple[Programme, ...]

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
