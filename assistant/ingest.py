"""Add a call text to the corpus: read it (Markdown, text, HTML, PDF), infer its metadata, write ``<id>.md``.

The body keeps the wording of the source: only the capture damage that
``assistant.cleaning`` repairs is touched. Nothing is written unless the new
document parses, names known programmes, takes a free id and does not repeat
another document's text.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.cleaning import clean_markdown, repair_pdf_linebreaks, words
from assistant.corpus import Document, DocumentMeta, document_paths, parse_document, read_document
from assistant.corpuscheck import planted_instructions
from assistant.errors import CorpusError, InputError
from assistant.files import write_atomic
from assistant.programmes import Programme, load_programmes, mentioned
from assistant.text import fold, fold_accents
from assistant.yamldata import validate

SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
RULES_README = "corpus/README.md, section « Rules: rules/<id>.yaml »"

Origin = Literal["given", "inferred", "default", "file name"]

_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_URL = re.compile(r"https://[^\s<>()\[\]«»\"']+")
_SENTENCE_END = re.compile(r"[.!?:;»)]$")
_TITLE_MAX = 150
# Each language's commonest words ("de", "a" are shared or ambiguous and left out).
_FR_WORDS = frozenset({"le", "la", "les", "des", "du", "et", "est", "une", "pour", "dans", "sur", "aux", "qui", "avec"})
_EN_WORDS = frozenset({"the", "and", "of", "to", "is", "for", "in", "with", "on", "are", "be", "by", "this", "that"})


class Overrides(BaseModel):
    """The metadata a maintainer gives explicitly; ``None`` means infer it."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    title: str | None = None
    programmes: list[str] | None = None
    edition: str | None = None
    year: int | None = None
    url: str | None = None
    kind: str | None = None
    publisher: str | None = None
    language: str | None = None


class Ingested(BaseModel):
    """A document written into the corpus, and how its metadata was found."""

    model_config = ConfigDict(frozen=True)

    path: Path
    meta: DocumentMeta
    body: str
    origins: dict[str, Origin] = Field(description="Where each metadata field came from.")
    missing: list[str] = Field(default_factory=list, description="What could not be inferred, one line each.")
    notes: list[str] = Field(default_factory=list, description="What the maintainer should do next, one line each.")


def read_source(path: Path, join_lines: bool | None = None) -> str:
    """The clean text of a source file, by its suffix; ``join_lines`` forces (or stops) the PDF line-break repair."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(path, f"unknown file type {path.suffix or '(none)'!r} (expected: {', '.join(SUFFIXES)})")
    if suffix == ".pdf":
        text = _pdf_text(path)
        if join_lines is not False:
            text = repair_pdf_linebreaks(text)
    else:
        raw = _decode(path)
        if suffix in (".md", ".markdown"):
            if raw.startswith("---\n"):
                raise CorpusError(
                    path, "starts with a front matter block: if it is a corpus document, edit it in place"
                )
            text = clean_markdown(raw)
        elif suffix == ".txt":
            # Captured text often carries Markdown noise; clean_markdown keeps every word of plain text.
            text = clean_markdown(raw)
        else:
            text = clean_markdown(html_to_markdown(raw))
        if join_lines or (join_lines is None and suffix == ".txt" and looks_hard_wrapped(text)):
            text = repair_pdf_linebreaks(text)
    if not re.search(r"\w", text):
        raise CorpusError(path, "no text found in the file")
    return text


def looks_hard_wrapped(text: str) -> bool:
    """Whether a text has the hard line breaks of a PDF extraction: sentences running on to a lower-case line."""
    prose = wrapped = 0
    lines = [line.strip() for line in text.split("\n")]
    for line, nxt in zip(lines, lines[1:]):
        if not line or line.startswith(("-", "#", "*", "•")):
            continue
        prose += 1
        if nxt and not _SENTENCE_END.search(line) and nxt[:1].islower():
            wrapped += 1
    return wrapped >= 2 and wrapped >= 0.2 * prose


def html_to_markdown(html: str) -> str:
    """A web page's visible text as Markdown: headings, paragraphs, list items; scripts, styles and menus dropped."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if not re.fullmatch(r"#{1,6}|-", line))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def infer_meta(
    text: str, source: Path, programmes: list[Programme], given: Overrides
) -> tuple[dict[str, object], dict[str, Origin], list[str]]:
    """The metadata fields of a clean text, where each came from, and what could not be inferred."""
    fields: dict[str, object] = {}
    origins: dict[str, Origin] = {}
    missing: list[str] = []

    def put(name: str, value: object, origin: Origin) -> None:
        fields[name] = value
        origins[name] = origin

    if given.id is not None:
        put("id", given.id, "given")
    else:
        put("id", slug(source.stem), "file name")
        if not fields["id"]:
            raise InputError("--id", f"no id can be made from the file name {source.name!r}: pass --id")

    title = given.title if given.title is not None else _title(text)
    if title is None:
        raise CorpusError(source, "no title found (no heading, and the first line is a sentence): pass --title")
    put("title", title, "given" if given.title is not None else "inferred")
    put("publisher", given.publisher or "Inserm", "given" if given.publisher else "default")
    put("kind", given.kind or "call", "given" if given.kind else "default")

    if given.programmes:
        put("programmes", [programme_id(p, programmes) for p in given.programmes], "given")
    else:
        found = mentioned(title, programmes) or mentioned(text, programmes)
        if not found:
            known = ", ".join(p.id for p in programmes)
            raise CorpusError(source, f"no programme named in the title or the text: pass --programme (known: {known})")
        put("programmes", found, "inferred")

    if given.edition is not None:
        put("edition", given.edition, "given")
    else:
        edition = _edition(title) or _edition("\n".join(_first_lines(text)))
        put("edition", edition, "inferred")
        if edition is None:
            missing.append("edition: no year in the title or the first lines (pass --edition, e.g. 2027 or 2027-2028)")

    if given.year is not None:
        put("year", given.year, "given")
    else:
        edition_value = fields["edition"]
        year = int(edition_value[:4]) if isinstance(edition_value, str) and edition_value[:4].isdigit() else None
        put("year", year, "inferred")
        if year is None:
            missing.append("year: no edition to take it from (pass --year)")

    if given.url is not None:
        put("url", given.url, "given")
    else:
        url = first_url(text)
        put("url", url, "inferred")
        if url is None:
            missing.append("url: no https:// address in the text (pass --url)")

    put("language", given.language or detect_language(text), "given" if given.language else "inferred")
    put("source", source.name, "file name")
    return fields, origins, missing


def add_document(
    source: Path,
    corpus_dir: Path,
    given: Overrides,
    *,
    replace: bool = False,
    join_lines: bool | None = None,
) -> Ingested:
    """Read ``source``, infer its metadata, check it against the corpus and write ``corpus_dir/<id>.md``."""
    if not source.is_file():
        raise CorpusError(source, "file not found" if not source.exists() else "not a file")
    if not corpus_dir.is_dir():
        raise CorpusError(corpus_dir, "corpus folder not found (setting paths.corpus_dir)")
    body = read_source(source, join_lines)
    programmes = load_programmes(corpus_dir)
    fields, origins, missing = infer_meta(body, source, programmes, given)
    target = corpus_dir / f"{fields['id']}.md"
    meta = validate(DocumentMeta, fields, target, CorpusError)
    known = {p.id for p in programmes}
    for programme in meta.programmes:
        if programme not in known:
            raise CorpusError(target, f"field programmes: {programme!r} is not in programmes.yaml")
    if target.exists() and not replace:
        raise CorpusError(target, "a document with this id exists already: pass --replace to overwrite it")
    text = render(meta, body)
    document = parse_document(target, text.encode("utf-8"))
    twin = _same_content(document, corpus_dir)
    if twin is not None:
        raise CorpusError(source, f"same text as {twin.name}: this call is in the corpus already")
    _write_atomically(target, text)
    notes = [
        f"body line {line} reads as instructions to an AI, never quoted: «{text}» (remove it from the source text)"
        for line, text in planted_instructions(document)
    ]
    if not any(_HEADING.match(line) for line in body.split("\n")):
        notes.append("no heading in the body: mark the real headings with #, ## so that chunks carry their section")
    rules = corpus_dir / "rules" / f"{meta.id}.yaml"
    if not rules.exists():
        notes.append(
            f"no rules file {rules}: the rules answer none of this document's dates, durations or eligibility "
            f"until one is written (see {RULES_README})"
        )
    return Ingested(path=target, meta=meta, body=document.body, origins=origins, missing=missing, notes=notes)


def render(meta: DocumentMeta, body: str) -> str:
    """A corpus file's text: the YAML front matter, a blank line, the body."""
    front = yaml.safe_dump(
        meta.model_dump(mode="json"), sort_keys=False, allow_unicode=True, width=10**9, default_flow_style=False
    )
    return f"---\n{front}---\n\n{body.lstrip(chr(10))}"


def slug(text: str) -> str:
    """A lower-case-hyphenated id: 'Postes d'accueil 2027' -> 'postes-d-accueil-2027'."""
    return re.sub(r"[^a-z0-9]+", "-", fold_accents(text).lower()).strip("-")


def programme_id(value: str, programmes: list[Programme]) -> str:
    """The programme a ``--programme`` value names: its id, or one of its names."""
    ids = [p.id for p in programmes]
    found = [value] if value in ids else mentioned(value, programmes)
    if len(found) != 1:
        raise InputError("--programme", f"unknown programme {value!r} (known: {', '.join(ids)})")
    return found[0]


def first_url(text: str) -> str | None:
    """The first https:// address of a text, one on pro.inserm.fr preferred."""
    urls = [m.group(0).rstrip(".,;:!?") for m in _URL.finditer(text)]
    inserm = [u for u in urls if u.startswith("https://pro.inserm.fr")]
    found = inserm or urls
    return found[0] if found else None


def detect_language(text: str) -> Literal["fr", "en"]:
    """'fr' or 'en', by counting each language's most common words (French when in doubt)."""
    tokens = re.findall(r"[a-z]+", fold(text))
    french = sum(t in _FR_WORDS for t in tokens)
    english = sum(t in _EN_WORDS for t in tokens)
    return "en" if english > french else "fr"


def _title(text: str) -> str | None:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines:
        match = _HEADING.match(line)
        if match:
            return match.group(1)
    first = lines[0] if lines else ""
    if not first or len(first) > _TITLE_MAX or first.endswith("."):
        return None  # a sentence, not a title
    return first.lstrip("-•* ").strip() or None


def _edition(text: str) -> str | None:
    match = _RANGE.search(text)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    match = _YEAR.search(text)
    return match.group(1) if match else None


def _first_lines(text: str, count: int = 5) -> list[str]:
    lines = [line for line in text.split("\n") if line.strip()]
    headings = [line for line in lines if _HEADING.match(line)]
    return headings[:1] + lines[:count]


def _same_content(document: Document, corpus_dir: Path) -> Path | None:
    """Another corpus document with the same words in the same order, if any (a broken file is skipped)."""
    mine = words(document.body)
    for path in document_paths(corpus_dir):
        if path.stem == document.id:
            continue
        try:
            other = read_document(path)
        except CorpusError:
            continue  # `assistant corpus check` reports it
        if words(other.body) == mine:
            return path
    return None


def _write_atomically(target: Path, text: str) -> None:
    """Never a half-written document: through ``files.write_atomic``."""
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise CorpusError(target, f"cannot write: {exc.strerror}") from None


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(path, f"not UTF-8 text (byte {exc.start}): save it as UTF-8") from None
    if "\0" in text:
        raise CorpusError(path, "contains NUL bytes: not a text file")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _pdf_text(path: Path) -> str:
    """The text of every page, pages apart by a blank line (``repair_pdf_linebreaks`` joins sentences across)."""
    from pypdf import PdfReader

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # a damaged file is one error line below, not pypdf's warnings
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorpusError(path, "encrypted PDF: save an unprotected copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except CorpusError:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, ValueError, KeyError...) on damaged files
        raise CorpusError(path, f"unreadable PDF ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    finally:
        pypdf_log.setLevel(level)
    text = "\n\n".join(page.replace("\r\n", "\n").replace("\r", "\n") for page in pages)
    if not re.search(r"\w", text):
        raise CorpusError(path, "no text in the PDF (a scan? it needs OCR first)")
    return text


_SKIP = frozenset({"script", "style", "nav", "head", "noscript", "template"})
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "ul", "ol", "dl", "dt", "dd",
        "table", "tr", "blockquote", "pre", "figure", "figcaption", "address", "hr", "form", "fieldset", "details",
        "summary",
    }
)  # fmt: skip


class _HTMLText(HTMLParser):
    """Collect the visible text of a page, with Markdown headings and list items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._links: list[tuple[int, str]] = []
        self._open = False  # just after a heading or list-item marker, before its text
        self._items = 0  # list items open around the current text
        self._lists: list[int] = []  # items open when each enclosing list started

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        if self._skip:
            return
        if _is_heading(tag):
            self._marker(f"\n\n{'#' * int(tag[1])} ")
        elif tag == "li":
            self._items += 1
            self._marker("- " if self._at_line_start() else "\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in _BLOCKS:
            if tag in ("ul", "ol"):
                self._lists.append(self._items)
            self._break()
        elif tag == "a":
            self._links.append((len(self.parts), dict(attrs).get("href") or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag in ("ul", "ol") and self._lists:
            self._items = self._lists.pop()  # closes the list's items, even those whose </li> was left out
        if _is_heading(tag) or tag in _BLOCKS:
            self._open = False
            self._break()
        elif tag == "li":
            self._items = max(0, self._items - 1)
            self._open = False
            if not self._at_line_start():
                self.parts.append("\n")
        elif tag == "a" and self._links:
            start, href = self._links.pop()
            if href.lower().startswith("mailto:"):
                address = unquote(href[len("mailto:") :].split("?")[0]).strip()
                label = "".join(self.parts[start:]).strip()
                if address and address not in label:
                    self.parts.append(f" ({address})" if label else address)
                    self._open = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        # HTML collapses ASCII white space; a non-breaking space is text and stays.
        text = re.sub(r"[ \t\n\r\f]+", " ", data)
        self.parts.append(text)
        if text.strip():
            self._open = False

    def _marker(self, marker: str) -> None:
        """Start a heading or a list item; a block opening right inside it stays on its line."""
        self.parts.append(marker)
        self._open = True

    def _break(self) -> None:
        if self._items:  # a paragraph inside a list item stays in the list
            if not self._open and not self._at_line_start():
                self.parts.append("\n")
        elif not self._open:
            self.parts.append("\n\n")

    def _at_line_start(self) -> bool:
        for part in reversed(self.parts):
            if part.strip(" "):
                return part.endswith("\n")
        return True


def _is_heading(tag: str) -> bool:
    return len(tag) == 2 and tag[0] == "h" and tag[1] in "123456"
