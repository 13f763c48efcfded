"""Structure-aware chunks: cut inside sections, never across them.

Every chunk knows its document, its section path and its character span in
the document body, so ``body[start:end] == text`` always holds and any quote
can be traced back and checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from assistant.corpus import Document

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_LIST_ITEM = re.compile(r"^(?:[-*•]|\d{1,2}\))[ \t]+")
# A sentence ends with . ! ? (optionally a closing quote) before white space and a capital or digit.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[»\"”)]?\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"(])")


class Section(BaseModel):
    """A run of body text under one heading path."""

    model_config = ConfigDict(frozen=True)

    path: tuple[str, ...]
    start: int
    end: int


class Chunk(BaseModel):
    """A retrievable passage with everything needed to cite it."""

    model_config = ConfigDict(frozen=True)

    id: str
    doc_id: str
    title: str
    section: str
    start: int
    end: int
    text: str
    programmes: tuple[str, ...]
    kind: str
    edition: str | None
    url: str | None = None

    def embed_text(self, context_header: bool, text: str | None = None) -> str:
        """What the embedding model sees: the passage (or a part), optionally under its title and section."""
        text = self.text if text is None else text
        return f"{self.heading}\n{text}" if context_header else text

    @property
    def heading(self) -> str:
        """Document title and section path: 'Title — Section > Subsection'."""
        if not self.section or self.section == self.title:
            return self.title
        return f"{self.title} — {self.section}"


def sentences(chunk: Chunk, min_chars: int = 40) -> list[tuple[int, int]]:
    """Body spans of a chunk's sentences and list items; short ones join the next."""
    spans: list[tuple[int, int]] = []
    pos = chunk.start
    for line in chunk.text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cuts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(line)] + [len(line)]
        for a, b in zip(cuts, cuts[1:]):
            piece = line[a:b]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                spans.append((line_start + a + lead, line_start + a + len(piece.rstrip())))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and merged[-1][1] - merged[-1][0] < min_chars:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    if len(merged) > 1 and merged[-1][1] - merged[-1][0] < min_chars:
        last = merged.pop()
        merged[-1] = (merged[-1][0], last[1])
    return merged


def sections(body: str) -> list[Section]:
    """The sections of a Markdown body, each with its heading path and span (heading line excluded)."""
    result: list[Section] = []
    stack: list[tuple[int, str]] = []
    start = 0
    path: tuple[str, ...] = ()
    for match in _HEADING.finditer(body):
        result.append(Section(path=path, start=start, end=match.start()))
        level = len(match.group(1))
        stack = [(lvl, title) for lvl, title in stack if lvl < level] + [(level, match.group(2))]
        path = tuple(title for _, title in stack)
        start = match.end()
    result.append(Section(path=path, start=start, end=len(body)))
    return [s for s in result if body[s.start : s.end].strip()]


def chunk_document(doc: Document, max_chars: int) -> list[Chunk]:
    """Cut a document into chunks of at most ``max_chars``, section by section."""
    chunks: list[Chunk] = []
    for section in sections(doc.body):
        label = " > ".join(section.path)
        for start, end in _pack(doc.body, _blocks(doc.body, section.start, section.end, max_chars), max_chars):
            chunks.append(
                Chunk(
                    id=f"{doc.id}:{start}-{end}",
                    doc_id=doc.id,
                    title=doc.meta.title,
                    section=label,
                    start=start,
                    end=end,
                    text=doc.body[start:end],
                    programmes=tuple(doc.meta.programmes),
                    kind=doc.meta.kind,
                    edition=doc.meta.edition,
                    url=doc.meta.url,
                )
            )
    return chunks


def _blocks(body: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Paragraphs and list items of a span, split further at sentences when too long."""
    pos = start
    for line in body[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line.strip():
            yield (-1, -1)  # paragraph break
            continue
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        if _LIST_ITEM.match(line.lstrip()):
            yield (-1, -1)
        yield from _split_long(body, line_start + lead, line_end - trail, max_chars)


def _split_long(body: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    if end - start <= max_chars:
        yield (start, end)
        return
    cuts = [start] + [start + m.end() for m in _SENTENCE_BREAK.finditer(body[start:end])] + [end]
    piece_start = start
    for prev, cut in zip(cuts, cuts[1:]):
        if cut - piece_start > max_chars and prev > piece_start:
            yield from _hard_split(body, piece_start, prev, max_chars)
            piece_start = prev
    yield from _hard_split(body, piece_start, end, max_chars)


def _hard_split(body: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Last resort for one overlong sentence: cut at the last space before the limit.

    A word is never cut: a single token longer than the limit (a long URL) stays whole.
    """
    while end - start > max_chars:
        cut = body.rfind(" ", start + 1, start + max_chars + 1)
        if cut <= start:
            cut = body.find(" ", start + max_chars, end)
            if cut < 0:
                break
        yield (start, _rstrip(body, start, cut))
        start = cut
        while start < end and body[start].isspace():
            start += 1
    if end > start:
        yield (start, _rstrip(body, start, end))


def _rstrip(body: str, start: int, end: int) -> int:
    while end > start and body[end - 1].isspace():
        end -= 1
    return end


def _pack(body: str, blocks: Iterator[tuple[int, int]], max_chars: int) -> Iterator[tuple[int, int]]:
    """Greedily group consecutive blocks into spans of at most ``max_chars``."""
    current: tuple[int, int] | None = None
    for start, end in blocks:
        if start < 0:
            continue
        if current is None:
            current = (start, end)
        elif end - current[0] <= max_chars:
            current = (current[0], end)
        else:
            yield current
            current = (start, end)
    if current is not None:
        yield current
