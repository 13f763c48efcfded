"""The corpus: clean call texts with validated metadata, one Markdown file each.

A document is ``corpus/<id>.md``: a YAML front matter block (``DocumentMeta``)
between ``---`` lines, then the body. The body is the cleaned text that
answers quote verbatim; character spans always refer to it.
"""

from __future__ import annotations

import hashlib
import re
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.errors import CorpusError
from assistant.yamldata import parse_yaml, validate

DocumentKind = Literal["call", "overview", "proposal"]
_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class DocumentMeta(BaseModel):
    """What a corpus document is: the front matter of its file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_SLUG, description="Document id: exactly the file stem.")
    title: str = Field(min_length=1, description="Human title, shown with every citation.")
    publisher: str = Field(min_length=1, description="Who published the text (Inserm, AMPS...).")
    kind: DocumentKind = Field(description="call, overview page, or proposal (not an open call).")
    programmes: list[str] = Field(min_length=1, description="Programme ids the document is about.")
    edition: str | None = Field(default=None, description="Edition or promotion, e.g. '2026' or '2026-2027'.")
    year: int | None = Field(default=None, ge=1900, le=2200, description="Year the text was published.")
    url: str | None = Field(default=None, description="Official source address, when the text gives one.")
    language: Literal["fr", "en"] = Field(default="fr", description="Language of the body.")
    source: str | None = Field(default=None, description="The captured file this clean text comes from.")

    @field_validator("programmes")
    @classmethod
    def _programme_ids(cls, value: list[str]) -> list[str]:
        for programme in value:
            if not re.match(_SLUG, programme):
                raise ValueError(f"programme id {programme!r} is not a lower-case-hyphenated slug")
        return value


class Document(BaseModel):
    """A corpus document: its metadata and its clean body."""

    model_config = ConfigDict(frozen=True)

    meta: DocumentMeta
    body: str
    path: Path

    @property
    def id(self) -> str:
        return self.meta.id

    @cached_property
    def content_hash(self) -> str:
        """Hash of what the index depends on: the metadata and the body."""
        digest = hashlib.sha256()
        digest.update(self.meta.model_dump_json().encode())
        digest.update(b"\0")
        digest.update(self.body.encode())
        return digest.hexdigest()


def parse_document(path: Path, raw: bytes) -> Document:
    """Parse one corpus file's bytes; every problem is a CorpusError naming the file."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(path, f"not UTF-8 text (byte {exc.start}): save it as UTF-8") from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n---"):
        text += "\n"  # front matter closed at the very end: an empty body, said below
    if "\0" in text:
        raise CorpusError(path, "contains NUL bytes: not a text file")
    if not text.startswith("---\n"):
        raise CorpusError(path, "no front matter: the file must start with a '---' line")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise CorpusError(path, "front matter is not closed by a '---' line")
    fields = parse_yaml(text[4:end], path, CorpusError, "front matter")
    if not isinstance(fields, dict):
        raise CorpusError(path, "front matter must be a mapping of fields")
    meta = validate(DocumentMeta, fields, path, CorpusError)
    if meta.id != path.stem:
        raise CorpusError(path, f"field id: {meta.id!r} must equal the file stem {path.stem!r}")
    body = text[end + len("\n---\n") :].lstrip("\n")
    if not body.strip():
        raise CorpusError(path, "the document body is empty")
    return Document(meta=meta, body=body, path=path)


def document_paths(corpus_dir: Path) -> list[Path]:
    """The corpus folder's document files (``*.md`` but its README), sorted; a missing folder is a CorpusError."""
    if not corpus_dir.is_dir():
        raise CorpusError(corpus_dir, "corpus folder not found (setting paths.corpus_dir)")
    return sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() == ".md" and p.name.lower() != "readme.md")


def read_document(path: Path) -> Document:
    """One corpus file, read and parsed; every problem is a CorpusError naming it."""
    if not path.is_file():
        raise CorpusError(path, "not a file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot read: {exc.strerror}") from None
    return parse_document(path, raw)


def load_corpus(corpus_dir: Path) -> list[Document]:
    """Every document of the corpus folder, sorted by id, checked for duplicates."""
    paths = document_paths(corpus_dir)
    for path in paths:
        if not path.is_file():
            raise CorpusError(path, "not a file")
    if not paths:
        raise CorpusError(corpus_dir, "no corpus documents (*.md) in the folder")
    documents = [read_document(p) for p in paths]
    from assistant.programmes import load_programmes  # programmes.py analyses text; keep this module light

    known = {p.id for p in load_programmes(corpus_dir)}
    for doc in documents:
        unknown = [p for p in doc.meta.programmes if p not in known]
        if unknown:
            raise CorpusError(doc.path, f"field programmes: {unknown[0]!r} is not in programmes.yaml")
    seen: dict[str, Path] = {}
    for doc in documents:
        key = hashlib.sha256(doc.body.encode()).hexdigest()
        if key in seen:
            raise CorpusError(doc.path, f"same content as {seen[key].name}")
        seen[key] = doc.path
    return documents
