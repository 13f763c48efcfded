"""Load the rules files and hold them to the corpus: every quote must be in its document."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.corpus import Document, load_corpus
from assistant.errors import CorpusError, RuleQuoteMissing, RulesError, first_problem
from assistant.programmes import Programme, load_programmes
from assistant.rules.models import Criterion, RulesFile

RULES_DIR = "rules"


class RuleBook(BaseModel):
    """The rules of the whole corpus, checked against it."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    files: dict[str, RulesFile]
    programmes: tuple[Programme, ...]

    def rule(self, ref: str) -> tuple[RulesFile, object]:
        """The rule a '<doc-id>#<rule-id>' reference names."""
        doc_id, _, rule_id = ref.partition("#")
        rules_file = self.files[doc_id]
        return rules_file, next(r for r in rules_file.rules() if r.id == rule_id)


def parse_rules(path: Path) -> RulesFile:
    """One rules file; a problem is a RulesError naming the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(path, f"cannot read as UTF-8 text ({exc.__class__.__name__})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RulesError(path, f"not valid YAML{f' at line {mark.line + 1}' if mark else ''}") from None
    if not isinstance(raw, dict):
        raise RulesError(path, "must be a mapping with doc_id, programme and rule lists")
    try:
        rules = RulesFile.model_validate(raw)
    except ValidationError as exc:
        field, message = first_problem(exc, "file")
        raise RulesError(path, f"field {field}: {message}") from None
    if rules.doc_id != path.stem:
        raise RulesError(path, f"field doc_id: {rules.doc_id!r} must equal the file stem {path.stem!r}")
    return rules


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


def load_rulebook(corpus_dir: Path) -> RuleBook:
    """All rules files of ``corpus/rules/``, verified against the corpus; any problem is an error."""
    rules_dir = corpus_dir / RULES_DIR
    if not rules_dir.is_dir():
        raise CorpusError(rules_dir, "rules folder not found")
    files = {p.stem: parse_rules(p) for p in sorted(rules_dir.glob("*.yaml"))}
    programmes = load_programmes(corpus_dir)
    problems = check_rules(files, load_corpus(corpus_dir), programmes)
    if problems:
        more = f" (and {len(problems) - 1} more: run `assistant rules check`)" if len(problems) > 1 else ""
        raise RulesError(rules_dir, problems[0] + more)
    return RuleBook(files=files, programmes=tuple(programmes))


def _near_miss(quote: str, body: str) -> str:
    """A hint when the quote is in the text but for white space or apostrophes."""

    def loose(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("’", "'")).strip()

    if loose(quote) in loose(body):
        return "the text has it with other white space or apostrophes (e.g. a non-breaking space)"
    return "the call text changed, or the quote is not verbatim"
