"""Read the rules files of ``corpus/rules/`` and verify them against the corpus."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus import load_corpus
from assistant.errors import CorpusError, RulesError
from assistant.programmes import load_programmes
from assistant.rules.book import RuleBook, call_editions, check_rules
from assistant.rules.models import RulesFile
from assistant.yamldata import parse_yaml, validate

RULES_DIR = "rules"


def parse_rules(path: Path) -> RulesFile:
    """One rules file; a problem is a RulesError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(path, f"cannot read as UTF-8 text ({exc.__class__.__name__})") from None
    raw = parse_yaml(text, path, RulesError)
    if not isinstance(raw, dict):
        raise RulesError(path, "must be a mapping with doc_id, programme and rule lists")
    rules = validate(RulesFile, raw, path, RulesError)
    if rules.doc_id != path.stem:
        raise RulesError(path, f"field doc_id: {rules.doc_id!r} must equal the file stem {path.stem!r}")
    return rules


def load_rulebook(corpus_dir: Path) -> RuleBook:
    """All rules files of ``corpus/rules/``, verified against the corpus; any problem is an error."""
    rules_dir = corpus_dir / RULES_DIR
    if not rules_dir.is_dir():
        raise CorpusError(rules_dir, "rules folder not found")
    files = {p.stem: parse_rules(p) for p in sorted(rules_dir.glob("*.yaml"))}
    programmes = load_programmes(corpus_dir)
    documents = load_corpus(corpus_dir)
    problems = check_rules(files, documents, programmes)
    if problems:
        more = f" (and {len(problems) - 1} more: run `assistant rules check`)" if len(problems) > 1 else ""
        raise RulesError(rules_dir, problems[0] + more)
    return RuleBook(files=files, programmes=tuple(programmes), editions=call_editions(documents))
