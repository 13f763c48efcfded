"""Check the whole corpus folder at once, collecting every problem instead of stopping at the first.

``load_corpus`` and ``load_rulebook`` stop at the first problem, as serving
must; a maintainer adding a call wants the whole list: each document parsed on
its own (one broken file hides no other), programmes, duplicate texts, rules
quotes, paragraphs that instruct an AI. The edition diffs it computes are information, not problems.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.cleaning import words
from assistant.corpus import Document, document_paths, read_document
from assistant.editions import EditionDiff, diff_editions, editions
from assistant.errors import AssistantError, CorpusError
from assistant.guard import quarantined
from assistant.programmes import Programme, load_programmes
from assistant.rulebook import RULES_DIR, parse_rules
from assistant.rules.book import check_rules
from assistant.rules.models import RulesFile


class CorpusReport(BaseModel):
    """Everything ``assistant corpus check`` found."""

    model_config = ConfigDict(frozen=True)

    documents: list[Document] = Field(description="The documents that parsed.")
    programmes: int
    rules_files: int
    rules: int
    problems: list[str] = Field(description="One line each; none means the corpus is sound.")
    without_rules: list[str] = Field(description="Calls with no rules file: the rules answer nothing about them.")
    diffs: dict[str, EditionDiff] = Field(description="Per programme with two calls or more: newest against previous.")


def check_corpus(corpus_dir: Path) -> CorpusReport:
    """Every problem of the corpus folder; only a missing folder stops the check."""
    paths = document_paths(corpus_dir)  # only a missing folder raises
    problems: list[str] = []
    programmes: list[Programme] | None
    try:
        programmes = load_programmes(corpus_dir)
    except AssistantError as exc:
        problems.append(str(exc))
        programmes = None

    documents: list[Document] = []
    broken: set[str] = set()
    if not paths:
        problems.append(str(CorpusError(corpus_dir, "no corpus documents (*.md) in the folder")))
    for path in paths:
        try:
            documents.append(read_document(path))
        except AssistantError as exc:
            problems.append(str(exc))
            broken.add(path.stem)

    if programmes is not None:
        known = {p.id for p in programmes}
        for doc in documents:
            for programme in doc.meta.programmes:
                if programme not in known:
                    problems.append(
                        str(CorpusError(doc.path, f"field programmes: {programme!r} is not in programmes.yaml"))
                    )
    problems.extend(_duplicates(documents))
    problems.extend(instruction_problems(documents))

    rules_dir = corpus_dir / RULES_DIR
    files: dict[str, RulesFile] = {}
    if not rules_dir.is_dir():
        problems.append(str(CorpusError(rules_dir, "rules folder not found")))
    else:
        for path in sorted(rules_dir.glob("*.yaml")):
            try:
                files[path.stem] = parse_rules(path)
            except AssistantError as exc:
                problems.append(str(exc))
        for problem in check_rules(files, documents, programmes or []):
            doc_id = re.split(r"[#:]", problem, maxsplit=1)[0]
            if doc_id in broken:
                continue  # the rules of a broken document wait for its fix (its problem is listed above)
            if programmes is None and ": unknown programme '" in problem:
                continue  # programmes.yaml is broken (listed above): every programme would look unknown
            problems.append(problem)

    without_rules = [d.id for d in documents if d.meta.kind == "call" and d.id not in files]
    diffs = {
        programme: diff_editions(calls[-2], calls[-1])
        for programme, calls in editions(documents).items()
        if len(calls) >= 2
    }
    return CorpusReport(
        documents=documents,
        programmes=len(programmes or []),
        rules_files=len(files),
        rules=sum(len(f.rules()) for f in files.values()),
        problems=problems,
        without_rules=without_rules,
        diffs=diffs,
    )


def planted_instructions(doc: Document) -> list[tuple[int, str]]:
    """A document's paragraphs that instruct an AI, as (body line, text shortened to 80 characters)."""
    found: list[tuple[int, str]] = []
    for start, end in quarantined(doc.body):
        text = " ".join(doc.body[start:end].split())
        found.append((doc.body.count("\n", 0, start) + 1, text if len(text) <= 80 else text[:77] + "..."))
    return found


def instruction_problems(documents: list[Document]) -> list[str]:
    """Paragraphs that instruct an AI (planted in a call text): quarantined when served, listed here to remove."""
    return [
        str(CorpusError(doc.path, f"body line {line}: reads as instructions to an AI, never quoted: «{text}»"))
        for doc in documents
        for line, text in planted_instructions(doc)
    ]


def _duplicates(documents: list[Document]) -> list[str]:
    """Documents whose body repeats another's: byte for byte, or word for word."""
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for doc in documents:
        key = " ".join(words(doc.body))  # the same words in the same order, as `corpus add` refuses
        if key in seen:
            problems.append(str(CorpusError(doc.path, f"same content as {seen[key].name}")))
        else:
            seen[key] = doc.path
    return problems
