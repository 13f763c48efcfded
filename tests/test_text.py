import pytest

from assistant.glossary import expand, mine_acronyms
from assistant.programmes import load_programmes, mentioned
from assistant.text import analyze, first_alternative, with_claim_asked
from tests.conftest import CORPUS


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Quelle est la date limite ?", ["dat", "limit"]),
        ("éligibilité", ["eligibilit"]),
        ("eligibilite", ["eligibilit"]),  # accents do not matter
        ("l’éligibilité", ["eligibilit"]),  # elision, typographic apostrophe
        ("d'interface", ["interfac"]),
        ("les PU-PH et les MCU-PH", ["pu-ph", "mcu-ph"]),  # acronyms kept whole
        ("pu-ph", ["pu-ph"]),
        ("PH", ["ph"]),
        ("hospitalo-universitaires", ["hospitalo", "universitair"]),
        ("le P‑dg", ["p-dg"]),  # non-breaking hyphen
        ("20 février 2026", ["20", "fevri", "2026"]),
        ("CCA", ["cca"]),
    ],
)
def test_analyze(text: str, terms: list[str]) -> None:
    assert analyze(text) == terms


def test_ph_does_not_match_pu_ph() -> None:
    assert "ph" not in analyze("Je suis PU-PH")


def test_acronyms_defined_in_the_corpus_are_mined() -> None:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md")]
    acronyms = mine_acronyms(texts)
    assert acronyms["CER"] == "Contrat Engagement Recherche"
    assert acronyms["PHC"] == "praticiens hospitaliers contractuels"
    assert acronyms["PU-PH"] == "professeurs des universités-praticiens hospitaliers"
    assert acronyms["CHU"] == "Centres hospitaliers universitaires"


@pytest.mark.parametrize(
    ("query", "added"),
    [
        ("Qui peut bénéficier du CER ?", "Contrat Engagement Recherche"),
        ("What is the deadline?", "date limite"),
        ("Quand ont lieu les auditions ?", "date calendrier"),
    ],
)
def test_expand_adds_and_never_removes(query: str, added: str) -> None:
    expanded = expand(query, {"CER": "Contrat Engagement Recherche"})
    assert expanded.startswith(query)
    assert added in expanded


def test_expand_leaves_plain_queries_alone() -> None:
    assert expand("durée du poste", {"CER": "x"}) == "durée du poste"


@pytest.mark.parametrize(
    ("question", "programmes"),
    [
        ("Qui peut postuler aux postes d'accueil ?", ["postes-accueil"]),
        ("Quelle durée pour un contrat d’interface ?", ["contrats-interface"]),
        ("What about interface contracts?", ["contrats-interface"]),
        ("Le CER est-il ouvert ?", ["contrat-engagement-recherche"]),
        ("parcours HP : ancienneté ?", ["hauts-potentiels"]),
        ("Programme CCA Inserm-Bettencourt", ["cca-inserm-bettencourt"]),
        ("je suis CCA, quel dispositif ?", []),  # CCA alone is a status, not the programme
        ("Quelle est la date limite ?", []),
    ],
)
def test_programmes_named_in_a_question(question: str, programmes: list[str]) -> None:
    assert mentioned(question, load_programmes(CORPUS)) == programmes


def test_user_text_cannot_forge_an_acronym_placeholder() -> None:
    assert analyze("acr5x") == ["acr5x"]
    assert analyze("Le mot acr0x et PU-PH") == ["mot", "acr0x", "pu-ph"]


def test_question_words_joined_by_hyphens_are_stop_words() -> None:
    assert analyze("est-ce que") == []


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("y a-t-il un oral ou c'est seulement sur dossier ?", "y a-t-il un oral?"),
        ("is there an interview, or is the selection only on paper?", "is there an interview?"),
        ("un entretien ou juste le dossier ?", "un entretien?"),
        ("dans un CIC ou pas ?", "dans un CIC?"),
        # ... or anything else: a yes or no on the first.
        (
            "does Inserm pay the doctor directly, or does the money go somewhere else?",
            "does Inserm pay the doctor directly?",
        ),
        ("l'Inserm paie le médecin, ou ça passe ailleurs ?", "l'Inserm paie le médecin?"),
        # A choice between two, neither "only" the other, is left as it is.
        ("un accord ecrit ou un mail ?", "un accord ecrit ou un mail ?"),
        ("janvier ou fevrier ?", "janvier ou fevrier ?"),
    ],
)
def test_an_alternative_that_is_only_the_other_is_set_aside(question: str, asked: str) -> None:
    assert first_alternative(question) == asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "Mon chef m'affirme qu'il faut la thèse au dépôt. C'est bien ça ?",
            "Mon chef m'affirme qu'il faut la thèse au dépôt, C'est bien ça ?",
        ),
        (
            "My colleague says the CI lasts 5 years. Is that right?",
            "My colleague says the CI lasts 5 years, Is that right?",
        ),
        # A question of its own, or a confirmation inside the sentence: unchanged.
        ("Le CI dure 5 ans. Et pour un PHC ?", "Le CI dure 5 ans. Et pour un PHC ?"),
        ("le CI dure 5 ans, c'est bien ça ?", "le CI dure 5 ans, c'est bien ça ?"),
    ],
)
def test_a_claim_then_is_that_right_is_one_question(text: str, asked: str) -> None:
    assert with_claim_asked(text) == asked
