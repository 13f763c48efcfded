import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.cleaning import clean_markdown, repair_pdf_linebreaks, words
from assistant.corpus import load_corpus
from tests.conftest import CORPUS, SOURCES


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("le **20 février 2026 - 17 heures**", "le 20 février 2026 - 17 heures\n"),
        ("à partir du 1<sup>er</sup> avril 2027", "à partir du 1er avril 2027\n"),
        ("Présélections : 2^{ème} quinzaine", "Présélections : 2ème quinzaine\n"),
        ("rubrique « [résultats](#) »", "rubrique « résultats »\n"),
        ("sur [EVA](#) au plus tard", "sur EVA au plus tard\n"),
        ("site : <https://pro.inserm.fr/a/b>", "site : https://pro.inserm.fr/a/b\n"),
        ("auprès de : [a.b@inserm.fr](mailto:a.b@inserm.fr)", "auprès de : a.b@inserm.fr\n"),
        ("[](mailto:x@y.fr)", "x@y.fr\n"),
        ("Département de l'évaluation  \nMarc", "Département de l'évaluation\nMarc\n"),
        ("avant\n\n---\n\naprès", "avant\n\naprès\n"),
        ("### Titre\n\n- item", "### Titre\n\n- item\n"),
        ("prise de fonction*. Ce poste", "prise de fonction*. Ce poste\n"),
    ],
)
def test_clean_markdown_strips_noise_and_keeps_words(raw: str, clean: str) -> None:
    assert clean_markdown(raw) == clean


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        # a full-width line wrapped before a capital: joined
        (
            "La première est d’ordre financier avec une perte de revenue importante entre la fin de la\nThèse",
            "La première est d’ordre financier avec une perte de revenue importante entre la fin de la Thèse\n",
        ),
        # a sentence cut by a page break (blank lines, next in lower case): joined
        ("poursuivre la recherche\n\n\n\ndurant l’internat", "poursuivre la recherche durant l’internat\n"),
        # a list item cut after a comma: joined
        ("- associations (parmi AMPS, ISNI,\n\nINSAR-IMG)", "- associations (parmi AMPS, ISNI, INSAR-IMG)\n"),
        # outline headings stay on their own line
        ("1. Public concerné\nTout étudiant ayant obtenu", "1. Public concerné\nTout étudiant ayant obtenu\n"),
        ("a. Avantages\n\nIl ouvre le droit à :", "a. Avantages\n\nIl ouvre le droit à :\n"),
        # a short title line followed by a capitalised line: kept apart
        ("Contrat Engagement Recherche\nProposition validée", "Contrat Engagement Recherche\nProposition validée\n"),
        # a finished sentence is not joined
        ("national.\nNous proposons", "national.\nNous proposons\n"),
        # list items are not joined to each other
        (
            "- Intégration au CER avec financement\n- Intégration",
            "- Intégration au CER avec financement\n- Intégration\n",
        ),
    ],
)
def test_repair_pdf_linebreaks(raw: str, repaired: str) -> None:
    assert repair_pdf_linebreaks(raw) == repaired


@given(st.text(alphabet=st.sampled_from(list("abcXYZéà 12,.:;-\n")), max_size=300))
def test_repair_pdf_linebreaks_keeps_every_word_in_order(text: str) -> None:
    assert re.findall(r"\w+", repair_pdf_linebreaks(text)) == re.findall(r"\w+", text)


@given(st.text(alphabet=st.sampled_from(list("abcdéèô' 0123,.:;?!«»\n")), max_size=300))
def test_clean_markdown_keeps_plain_text_words(text: str) -> None:
    assert words(clean_markdown(text)) == words(text)


def test_corpus_keeps_every_word_of_its_source() -> None:
    """The clean corpus repairs capture damage only: same words, same order, as each captured source."""
    if not SOURCES.is_dir():
        pytest.skip(f"captured sources not found at {SOURCES}")
    for doc in load_corpus(CORPUS):
        assert doc.meta.source is not None
        source = (SOURCES / doc.meta.source).read_text(encoding="utf-8")
        assert words(doc.body) == words(source), doc.id
