"""Repair capture damage in call texts without touching their wording.

Three kinds of damage are repaired: Markdown and HTML noise (emphasis,
links, ``<sup>`` tags, LaTeX superscripts, rules), hard line breaks left by a
PDF extraction, and stray white space. Every word of the source survives in
the same order, which ``words()`` lets a test check.
"""

from __future__ import annotations

import re
import unicodedata

_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_SUP_HTML = re.compile(r"<sup>(.*?)</sup>", re.IGNORECASE)
_SUP_LATEX = re.compile(r"\^\{([^}]*)\}")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]\s+)")
_SENTENCE_END = re.compile(r"[.!?:;»)]$")
# "1. Public concerné", "a. Avantages", "ii. Jury", "2) Étudiants…": outline lines of a PDF.
_OUTLINE = re.compile(r"^(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s+\S")
_WRAP_WIDTH = 60


def clean_markdown(text: str) -> str:
    """Strip Markdown/HTML noise from a captured page, keeping headings and lists."""
    text = _normalise_newlines(text)
    out: list[str] = []
    for raw in text.split("\n"):
        if _RULE.match(raw):
            out.append("")
            continue
        line = _SUP_HTML.sub(r"\1", raw)
        line = _SUP_LATEX.sub(r"\1", line)
        line = _LINK.sub(lambda m: _link_text(m.group(1), m.group(2)), line)
        line = _AUTOLINK.sub(lambda m: m.group(1).removeprefix("mailto:"), line)
        line = _TAG.sub("", line)
        line = _EMPHASIS.sub(r"\2", line)
        out.append(line.rstrip())
    return _squeeze_blank_lines("\n".join(out))


def repair_pdf_linebreaks(text: str) -> str:
    """Join the hard line breaks of a PDF extraction back into paragraphs.

    A line is continued by the next non-blank line when it does not end a
    sentence and the next line starts in lower case (blank lines between them
    are page or column breaks), or when the line is inside a list item.
    """
    lines = [line.rstrip() for line in _normalise_newlines(text).split("\n")]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            out.append("")
            continue
        while True:
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j >= len(lines):
                break
            nxt = lines[j].strip()
            gap = j - i
            if _continues(line, nxt, gap):
                line = f"{line.rstrip()} {nxt}"
                i = j + 1
            else:
                break
        out.append(line)
    return _squeeze_blank_lines("\n".join(out))


def _continues(line: str, nxt: str, gap: int) -> bool:
    if _LIST_ITEM.match(nxt) or _HEADING.match(nxt) or _OUTLINE.match(nxt):
        return False
    if _OUTLINE.match(line.strip()) and len(line.strip()) < _WRAP_WIDTH:
        return False
    if _SENTENCE_END.search(line):
        return False
    # A sentence cut in the middle, possibly across a page break (blank lines).
    if nxt[:1].islower() or line.endswith(","):
        return True
    # A full-width line wrapped before a capitalised word; a short one is a title.
    return gap == 0 and len(line.strip()) >= _WRAP_WIDTH


def words(text: str) -> list[str]:
    """The sequence of words of a text, ignoring markup, punctuation and case of white space."""
    text = clean_markdown(text)
    text = unicodedata.normalize("NFC", text)
    return re.findall(r"\w+", text)


def _link_text(label: str, target: str) -> str:
    if label:
        return label
    return target.removeprefix("mailto:")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _squeeze_blank_lines(text: str) -> str:
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"
