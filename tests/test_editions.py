from pathlib import Path

import pytest

from assistant.corpus import Document, DocumentMeta, load_corpus, parse_document
from assistant.editions import (
    SentenceChange,
    diff_editions,
    edition_key,
    editions,
    latest,
    masked,
    render,
    sentences,
    topics,
)
from tests.conftest import CORPUS

POSTES_2026 = CORPUS / "postes-accueil-2026.md"

# A synthetic 2027 edition of the Postes d'accueil: new dates, a longer contract, vétérinaires now eligible,
# a new exclusion, the auditions line dropped, and one sentence on another subject reworded.
EDITS_2027 = [
    ("id: postes-accueil-2026", "id: postes-accueil-2027"),
    ("2026", "2027"),
    ("le 20 février 2027 - 17 heures", "le 19 février 2027 - 17 heures"),
    ("à partir du 20 janvier 2027", "à partir du 18 janvier 2027"),
    ("deux ans ou trois ans à plein temps", "trois ans ou quatre ans à plein temps"),
    ("médecins, pharmaciens ou odontologistes,", "médecins, pharmaciens, odontologistes ou vétérinaires,"),
    (
        "Le laboratoire d'accueil doit être une unité de recherche de l'Inserm.\n",
        "Le laboratoire d'accueil doit être une unité de recherche de l'Inserm.\n\n"
        "Les candidats ne peuvent pas avoir déjà bénéficié d'un poste d'accueil.\n",
    ),
    ("- Auditions : 1ère quinzaine du mois de juin\n", ""),
    ("qualité du laboratoire d'accueil et de l'encadrant", "qualité de l'équipe d'accueil et de l'encadrant"),
]


def _doc(doc_id: str, edition: str | None, kind: str = "call", programmes: tuple[str, ...] = ("p",)) -> Document:
    meta = DocumentMeta(
        id=doc_id, title=doc_id, publisher="Inserm", kind=kind, programmes=list(programmes), edition=edition
    )
    return Document(meta=meta, body=f"Texte de {doc_id}.\n", path=Path(f"{doc_id}.md"))


def _postes_2027() -> tuple[Document, Document]:
    text = POSTES_2026.read_text(encoding="utf-8")
    for old, new in EDITS_2027:
        assert old in text, old
        text = text.replace(old, new)
    old_doc = parse_document(POSTES_2026, POSTES_2026.read_bytes())
    return old_doc, parse_document(Path("postes-accueil-2027.md"), text.encode())


@pytest.mark.parametrize(
    ("given", "ordered"),
    [
        (["2027", "2026", "2025"], ["2025", "2026", "2027"]),
        (["2026-2027", "2026", "2025-2026"], ["2025-2026", "2026", "2026-2027"]),
        (["2027", None, "2026"], [None, "2026", "2027"]),
        (["2030", "2029-2030", "2028-2029"], ["2028-2029", "2029-2030", "2030"]),
    ],
)
def test_editions_are_ordered_by_first_year_then_string(given: list[str | None], ordered: list[str | None]) -> None:
    docs = [_doc(f"d{n}", edition) for n, edition in enumerate(given)]
    assert [d.meta.edition for d in editions(docs)["p"]] == ordered
    newest = latest(docs, "p")
    assert newest is not None and newest.meta.edition == ordered[-1]


def test_editions_keep_calls_only_under_each_of_their_programmes() -> None:
    docs = [
        _doc("a-2026", "2026", programmes=("a", "b")),
        _doc("a-2027", "2027", programmes=("a",)),
        _doc("overview", "2027", kind="overview", programmes=("a", "c")),
        _doc("proposal", None, kind="proposal", programmes=("d",)),
    ]
    result = editions(docs)
    assert {k: [d.id for d in v] for k, v in result.items()} == {"a": ["a-2026", "a-2027"], "b": ["a-2026"]}
    assert latest(docs, "c") is None and latest(docs, "nope") is None


def test_editions_of_the_real_corpus() -> None:
    result = editions(load_corpus(CORPUS))
    assert set(result) == {"postes-accueil", "contrats-interface", "hauts-potentiels"}  # the overview and CER: no call
    assert all(len(calls) == 1 for calls in result.values())
    assert edition_key(result["hauts-potentiels"][0])[:2] == (2026, "2026-2027")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Date limite de dépôt des candidatures le 20 février 2026 - 17 heures", ["date"]),
        ("Auditions : 1ère quinzaine du mois de juin", ["date"]),
        ("La durée du contrat proposé est de deux ans ou trois ans à plein temps.", ["duration"]),
        ("- 5 ans à temps partiel pour les praticiens hospitaliers (PH)", ["duration"]),
        ("une durée minimale de 6 mois dédiée à une activité de recherche", ["duration"]),
        ("Ne sont éligibles que les étudiants titulaires d'une thèse de recherche", ["eligibility"]),
        ("avoir au moins 3 ans d'ancienneté au 1er janvier 2026", ["date", "duration", "eligibility"]),
        ("Les candidats sont issus d'établissements de santé", ["eligibility"]),
        ("Le laboratoire d'accueil doit être une unité de recherche de l'Inserm.", []),
        ("Des renseignements peuvent être obtenus auprès de : x@inserm.fr", []),
    ],
)
def test_topics(sentence: str, expected: list[str]) -> None:
    assert topics(sentence) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("le 20 février 2026 - 17 heures", "le 19 Février 2027 - 17 heures", True),
        ("de deux ans ou trois ans", "de trois ans ou quatre ans", True),
        ("Présélections : 2ème quinzaine", "Présélections : 1ère quinzaine", False),  # 'eme' and 're' stay
        ("éligibles", "Eligibles", True),
        ("les internes", "les anciens internes", False),
    ],
)
def test_masked_alignment_form(a: str, b: str, same: bool) -> None:
    assert (masked(a) == masked(b)) is same


def test_sentences_drop_markup_and_split_sentences() -> None:
    body = "# Titre 2027\n\nPremière phrase. Deuxième phrase !\n- un item\n\n*Prise de fonction : le 1er mai\n"
    assert sentences(body) == [
        "Titre 2027",
        "Première phrase.",
        "Deuxième phrase !",
        "un item",
        "*Prise de fonction : le 1er mai",
    ]


def test_diff_of_a_new_postes_accueil_edition() -> None:
    old, new = _postes_2027()
    diff = diff_editions(old, new)
    assert (diff.old_id, diff.new_id, diff.old_edition, diff.new_edition) == (
        "postes-accueil-2026",
        "postes-accueil-2027",
        "2026",
        "2027",
    )
    changes = {(c.old, c.new): c for c in diff.changes}
    deadline = changes[
        (
            "Date limite de dépôt des candidatures le 20 février 2026 - 17 heures",
            "Date limite de dépôt des candidatures le 19 février 2027 - 17 heures",
        )
    ]
    assert deadline.change == "changed" and "date" in deadline.topics
    duration = next(c for c in diff.changes if c.old and "deux ans ou trois ans" in c.old)
    assert duration.change == "changed" and duration.new is not None and "trois ans ou quatre ans" in duration.new
    assert duration.topics == ["duration"]
    eligibility = next(c for c in diff.changes if c.old and "odontologistes" in c.old)
    assert eligibility.new is not None and "vétérinaires" in eligibility.new and "eligibility" in eligibility.topics
    assert (
        SentenceChange(
            change="added",
            topics=["eligibility"],
            new="Les candidats ne peuvent pas avoir déjà bénéficié d'un poste d'accueil.",
        )
        in diff.changes
    )
    assert (
        SentenceChange(change="removed", topics=["date"], old="Auditions : 1ère quinzaine du mois de juin")
        in diff.changes
    )
    assert diff.other_changes == 1  # the host-lab selection criterion: neither a date, a duration nor eligibility
    assert not any(c.old and "laboratoire d'accueil et de l'encadrant" in c.old for c in diff.changes)


def test_render_names_the_changed_date_with_both_versions() -> None:
    text = render(diff_editions(*_postes_2027()))
    lines = text.splitlines()
    assert lines[0] == "postes-accueil-2026 (2026) → postes-accueil-2027 (2027):"
    assert (
        "  dates: « Date limite de dépôt des candidatures le 20 février 2026 - 17 heures » → "
        "« Date limite de dépôt des candidatures le 19 février 2027 - 17 heures »"
    ) in lines
    assert any(
        line.startswith("  dates: «") and "20 janvier 2026" in line and "18 janvier 2027" in line and "…" in line
        for line in lines
    ), text  # a long sentence is cut around what changed
    assert "  + eligibility: « Les candidats ne peuvent pas avoir déjà bénéficié d'un poste d'accueil. »" in lines
    assert "  - dates: « Auditions : 1ère quinzaine du mois de juin »" in lines
    assert lines[-1] == "  (1 other sentence(s) changed)"


def test_identical_editions_have_no_change() -> None:
    doc = parse_document(POSTES_2026, POSTES_2026.read_bytes())
    diff = diff_editions(doc, doc)
    assert diff.changes == [] and diff.other_changes == 0
    assert render(diff).splitlines()[1] == "  no change in dates, durations or eligibility"
