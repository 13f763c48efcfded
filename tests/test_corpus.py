from pathlib import Path

import pytest

from assistant.corpus import load_corpus, parse_document
from assistant.errors import CorpusError
from tests.conftest import CORPUS

IDS = {
    "postes-accueil-2026": ("call", "Inserm", ["postes-accueil"]),
    "contrats-interface-2026": ("call", "Inserm", ["contrats-interface"]),
    "passerelles-overview": ("overview", "Inserm", ["postes-accueil", "cca-inserm-bettencourt", "contrats-interface"]),
    "hauts-potentiels-2026-2027": ("call", "Inserm", ["hauts-potentiels"]),
    "contrat-engagement-recherche-amps": ("proposal", "AMPS", ["contrat-engagement-recherche"]),
}

GOOD_META = "id: doc\ntitle: T\npublisher: Inserm\nkind: call\nprogrammes: [postes-accueil]\n"


def test_corpus_holds_the_five_documents_with_their_metadata() -> None:
    docs = {d.id: d for d in load_corpus(CORPUS)}
    assert set(docs) == set(IDS)
    for doc_id, (kind, publisher, programmes) in IDS.items():
        meta = docs[doc_id].meta
        assert (meta.kind, meta.publisher, meta.programmes, meta.language) == (kind, publisher, programmes, "fr")


def test_content_hash_changes_with_the_body() -> None:
    a = parse_document(Path("doc.md"), f"---\n{GOOD_META}---\nUn texte.\n".encode())
    b = parse_document(Path("doc.md"), f"---\n{GOOD_META}---\nUn autre texte.\n".encode())
    assert a.content_hash != b.content_hash
    assert a.content_hash == parse_document(Path("doc.md"), f"---\n{GOOD_META}---\nUn texte.\n".encode()).content_hash


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"Pas de front matter\n", "no front matter"),
        (f"---\n{GOOD_META}\nTexte sans fin de bloc\n".encode(), "not closed"),
        (b"---\nid: [unclosed\n---\nTexte\n", "not valid YAML"),
        (b"---\n- a\n- b\n---\nTexte\n", "must be a mapping"),
        (f"---\n{GOOD_META}year: vingt\n---\nTexte\n".encode(), "field year"),
        (f"---\n{GOOD_META}colour: blue\n---\nTexte\n".encode(), "field colour"),
        (GOOD_META.replace("kind: call", "kind: memo").join(["---\n", "---\nTexte\n"]).encode(), "field kind"),
        (
            GOOD_META.replace("id: doc", "id: other").join(["---\n", "---\nTexte\n"]).encode(),
            "must equal the file stem",
        ),
        (
            GOOD_META.replace("programmes: [postes-accueil]", "programmes: []").join(["---\n", "---\nT\n"]).encode(),
            "field programmes",
        ),
        (f"---\n{GOOD_META}---\n\n   \n".encode(), "body is empty"),
        (f"---\n{GOOD_META}---\ncaf\xe9\n".encode("latin-1"), "not UTF-8"),
        (f"---\n{GOOD_META}---\nab\0cd\n".encode(), "NUL"),
    ],
)
def test_malformed_documents_are_named_errors(raw: bytes, message: str) -> None:
    with pytest.raises(CorpusError) as caught:
        parse_document(Path("corpus/doc.md"), raw)
    assert message in str(caught.value)
    assert str(caught.value).startswith("corpus/doc.md: ")


def test_missing_and_empty_corpus_folders(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus folder not found"):
        load_corpus(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no corpus documents"):
        load_corpus(tmp_path / "empty")


def test_duplicate_content_and_unknown_programme_are_rejected(isolated: Path) -> None:
    corpus = isolated / "corpus"
    source = (corpus / "postes-accueil-2026.md").read_text(encoding="utf-8")
    (corpus / "copie.md").write_text(source.replace("id: postes-accueil-2026", "id: copie"), encoding="utf-8")
    with pytest.raises(CorpusError, match="same content as"):
        load_corpus(corpus)
    (corpus / "copie.md").write_text(
        f"---\n{GOOD_META.replace('id: doc', 'id: copie').replace('postes-accueil]', 'inconnu]')}---\nTexte.\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match="'inconnu' is not in programmes.yaml"):
        load_corpus(corpus)


def test_broken_programmes_file_is_named(isolated: Path) -> None:
    corpus = isolated / "corpus"
    (corpus / "programmes.yaml").write_text("- id: Pas Un Slug\n  name: x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="programmes.yaml: programme 1, field id"):
        load_corpus(corpus)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (f"---\n{GOOD_META}---".encode(), "body is empty"),  # closed at the very end of the file
        (f"---\r{GOOD_META}---\rTexte\r".replace("\n", "\r").encode(), None),  # old Mac line ends
    ],
)
def test_front_matter_edge_cases(raw: bytes, message: str | None) -> None:
    if message is None:
        assert parse_document(Path("doc.md"), raw).body == "Texte\n"
    else:
        with pytest.raises(CorpusError, match=message):
            parse_document(Path("doc.md"), raw)


def test_upper_case_extension_and_folders_named_md(isolated: Path) -> None:
    corpus = isolated / "corpus"
    (corpus / "notes.MD").write_text("sans front matter", encoding="utf-8")
    with pytest.raises(CorpusError, match="notes.MD: no front matter"):
        load_corpus(corpus)
    (corpus / "notes.MD").unlink()
    (corpus / "dossier.md").mkdir()
    with pytest.raises(CorpusError, match="dossier.md: not a file"):
        load_corpus(corpus)
