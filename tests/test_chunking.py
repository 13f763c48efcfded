import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.chunking import chunk_document, sections, sentences
from assistant.corpus import Document, DocumentMeta, load_corpus
from tests.conftest import CORPUS

DOCS = load_corpus(CORPUS)


def _check_invariants(doc: Document, max_chars: int) -> None:
    chunks = chunk_document(doc, max_chars)
    spans = [(s.start, s.end) for s in sections(doc.body)]
    for chunk in chunks:
        assert doc.body[chunk.start : chunk.end] == chunk.text
        assert chunk.text and chunk.text == chunk.text.strip()
        # Only a single word longer than the limit (a URL) may exceed it: words are never cut.
        assert len(chunk.text) <= max_chars or any(len(w) > max_chars // 2 for w in chunk.text.split())
        assert not re.search(r"^#{1,6} ", chunk.text, re.MULTILINE), "a chunk must not contain a heading"
        assert sum(1 for a, b in spans if a <= chunk.start and chunk.end <= b) == 1, "one section per chunk"
        for start, end in sentences(chunk):
            assert chunk.start <= start < end <= chunk.end
    # Together the chunks cover every word of every section (nothing dropped).
    covered = "\n".join(c.text for c in chunks)
    section_text = "\n".join(doc.body[a:b] for a, b in spans)
    assert re.findall(r"\w+", covered) == re.findall(r"\w+", section_text)
    assert sorted(c.start for c in chunks) == [c.start for c in chunks]


@pytest.mark.parametrize("max_chars", [100, 250, 700, 5000])
@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_corpus_chunks_keep_their_invariants(doc: Document, max_chars: int) -> None:
    _check_invariants(doc, max_chars)


def test_chunks_carry_their_section_path() -> None:
    cer = next(d for d in DOCS if d.id == "contrat-engagement-recherche-amps")
    chunk = next(c for c in chunk_document(cer, 700) if "Ne sont éligibles" in c.text)
    assert chunk.section == "Contrat Engagement Recherche > 1. Public concerné"
    jury = next(c for c in chunk_document(cer, 700) if c.text.startswith("Le jury devrait être national"))
    assert jury.section.endswith("b. Choix de poste hors contingent > iii. Jury")
    assert chunk.heading.startswith(cer.meta.title)


_line = st.one_of(
    st.from_regex(r"#{1,3} [A-Z][a-z]{2,12}", fullmatch=True),
    st.from_regex(r"- [A-Za-zé ]{1,80}\.", fullmatch=True),
    st.from_regex(r"[A-Z][a-zé ,]{0,300}\. [A-Z][a-z ]{0,200}\.", fullmatch=True),
    st.just(""),
)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(_line, min_size=1, max_size=30), max_chars=st.integers(min_value=100, max_value=900))
def test_generated_documents_keep_the_invariants(lines: list[str], max_chars: int) -> None:
    body = "\n".join(lines) + "\nFin du texte.\n"
    meta = DocumentMeta(id="doc", title="T", publisher="P", kind="call", programmes=["p"])
    _check_invariants(Document(meta=meta, body=body, path=CORPUS / "doc.md"), max_chars)
