"""The helpdesk's draft reply: questions found in pasted emails (pure), and drafts written with the real engine."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answer import Answer, Citation, Engine
from assistant.corpus import load_corpus
from assistant.draft import (
    MAX_QUESTIONS,
    MAX_SITUATION_CHARS,
    Draft,
    Question,
    draft_reply,
    is_settled,
    plain_text,
    questions_in,
)
from assistant.errors import InputError
from assistant.settings import Settings
from tests.conftest import CORPUS

BODIES = {d.id: d.body for d in load_corpus(CORPUS)}
TODAY = dt.date(2026, 1, 10)
SITUATION = "Je suis interne en pharmacie au CHU de Lyon et je souhaite candidater aux postes d'accueil."

# --- questions_in: pure ---------------------------------------------------------------------------------------------

QUESTIONS = [
    pytest.param(
        f"Bonjour,\n\n{SITUATION}\nSuis-je éligible ? Quelle est la date limite ?\n\nCordialement,\nCamille Martin\n"
        "Interne en pharmacie, HCL",
        ["Suis-je éligible ?", "Quelle est la date limite ?"],
        id="greeting-context-two-questions-in-a-paragraph-signature",
    ),
    pytest.param(
        "Bonjour,\n\nJe souhaiterais connaître la date limite des postes d'accueil.\n\nBien cordialement,\nPaul",
        ["Je souhaiterais connaître la date limite des postes d'accueil."],
        id="request-without-question-mark",
    ),
    pytest.param(
        "Bonjour,\nJe voudrais aussi savoir qui contacter. J'aimerais également connaître le montant de la "
        "rémunération. I would also like to know the deadline.",
        [
            "Je voudrais aussi savoir qui contacter.",
            "J'aimerais également connaître le montant de la rémunération.",
            "I would also like to know the deadline.",
        ],
        id="requests-with-an-adverb",
    ),
    pytest.param(
        "Madame, Monsieur,\nMerci de m'indiquer les pièces du dossier pour les contrats d'interface.\nBien à vous.",
        ["Merci de m'indiquer les pièces du dossier pour les contrats d'interface."],
        id="merci-de-m-indiquer",
    ),
    pytest.param(
        "Bonjour,\nJe vous serais reconnaissante de bien vouloir m'indiquer la durée du contrat d'interface.\nMerci",
        ["Je vous serais reconnaissante de bien vouloir m'indiquer la durée du contrat d'interface."],
        id="je-vous-serais-reconnaissante",
    ),
    pytest.param(
        "Bonjour Madame Durand, je voudrais savoir si le programme Hauts potentiels est encore ouvert. Merci !",
        ["Je voudrais savoir si le programme Hauts potentiels est encore ouvert."],
        id="greeting-on-the-first-line-of-text",
    ),
    pytest.param(
        "Dear Sir or Madam,\n\nI am a resident in pharmacy. I would like to know the deadline for the host positions."
        " Am I eligible?\n\nBest regards,\nJohn Smith",
        ["I would like to know the deadline for the host positions.", "Am I eligible?"],
        id="english-request-and-question",
    ),
    pytest.param(
        "Hello,\nCould you also tell me which documents are required. Please let me know who to contact.\nThanks,\nAnn",
        ["Could you also tell me which documents are required.", "Please let me know who to contact."],
        id="english-requests-without-question-mark",
    ),
    pytest.param(
        "Bonjour,\n\nJ'ai plusieurs questions :\n1. Puis-je candidater ?\n2) Quelle serait la durée de mon contrat ?\n"
        "3. Quelles pièces dois-je fournir ?\n\nCordialement",
        ["Puis-je candidater ?", "Quelle serait la durée de mon contrat ?", "Quelles pièces dois-je fournir ?"],
        id="numbered-questions",
    ),
    pytest.param(
        "Bonjour,\nJe souhaiterais connaître :\n- la date limite de candidature ;\n- la durée du contrat ;\n"
        "• Les critères de sélection.\nMerci.",
        [
            "Je souhaiterais connaître la date limite de candidature",
            "Je souhaiterais connaître la durée du contrat",
            "Je souhaiterais connaître les critères de sélection",
        ],
        id="bulleted-items-of-a-request",
    ),
    pytest.param(
        "Bonjour,\nMes questions :\na) date limite\nb) durée du poste\nc) Faut-il un master 2 ?\nMerci beaucoup",
        ["date limite", "durée du poste", "Faut-il un master 2 ?"],
        id="lettered-items-under-questions",
    ),
    pytest.param(
        "Bonjour,\nMon parcours :\n- interne en pharmacie\n- master 2 en cours\n"
        "Puis-je candidater aux postes d'accueil ?",
        ["Puis-je candidater aux postes d'accueil ?"],
        id="items-of-a-statement-are-not-questions",
    ),
    pytest.param(
        "Q1 : Quelle est la date limite des postes d'accueil ?\nQ2 : Qui contacter ?\nCordialement",
        ["Quelle est la date limite des postes d'accueil ?", "Qui contacter ?"],
        id="q1-q2-markers",
    ),
    pytest.param(
        "Bonjour,\nQuelle est la date limite des contrats d'interface ?\n\nLe mar. 13 janv. 2026 à 09:12, Passerelles "
        "Inserm <\npasserelles@inserm.fr> a écrit :\n\n> Bonjour,\n> Pouvez-vous préciser votre question ?",
        ["Quelle est la date limite des contrats d'interface ?"],
        id="quoted-reply-with-wrapped-header",
    ),
    pytest.param(
        "Quelle est la durée ?\n> Le 12 janv., X a écrit :\n> Quelle est votre question ?\nOn Mon, Jan 12, 2026, X "
        "wrote:\nWhat is your question?",
        ["Quelle est la durée ?"],
        id="quoted-lines-and-english-reply-header",
    ),
    pytest.param(
        "Bonjour,\nQuelle est la date limite ?\nCordialement\n\n________________________________\nDe : Passerelles\n"
        "Envoyé : lundi\nObjet : Postes d'accueil\nQuelle est votre question ?",
        ["Quelle est la date limite ?"],
        id="outlook-quoted-message",
    ),
    pytest.param(
        "Bonjour,\nQuelle est la date limite ?\n-----Message d'origine-----\nDe : Passerelles\n"
        "Avez-vous une question ?",
        ["Quelle est la date limite ?"],
        id="original-message-separator",
    ),
    pytest.param(
        "Quelle est la date limite ?\n-- \nDr X\nPourquoi pas ?",
        ["Quelle est la date limite ?"],
        id="signature-separator",
    ),
    pytest.param(
        "Bonjour,\nQuelle est la date limite des postes d'accueil ?\nCordialement,\nCamille\n\nPS : qui contacter ?",
        ["Quelle est la date limite des postes d'accueil ?", "qui contacter ?"],
        id="postscript-after-the-signature",
    ),
    pytest.param(
        "Bonjour, pourriez-vous m'aider ? Je cherche à savoir quand ont lieu les auditions des postes d'accueil. "
        "Comment allez-vous ?",
        ["Je cherche à savoir quand ont lieu les auditions des postes d'accueil."],
        id="courtesy-questions-dropped",
    ),
    pytest.param(
        "Je suis M. Dupont, Dr. en pharmacie au CHU de St. Etienne. Quelle est la durée du contrat d'interface ? "
        "Et quelle est la date limite ?",
        ["Quelle est la durée du contrat d'interface ?", "Et quelle est la date limite ?"],
        id="abbreviations-do-not-split",
    ),
    pytest.param(
        "Je suis interne en pharmacie au CHU de Lyon et je\nsouhaite candidater aux postes d'accueil. Suis-je éligible"
        " ?\n",
        ["Suis-je éligible ?"],
        id="hard-wrapped-lines-joined",
    ),
    pytest.param(
        "Quelle est la date limite ? Quelle est la date limite ?\nQUELLE EST LA DATE LIMITE ?",
        ["Quelle est la date limite ?"],
        id="repeated-question-kept-once",
    ),
    pytest.param(
        "Madame, Monsieur,\nJe ne sais pas si je suis éligible aux postes d'accueil : je suis vétérinaire.\n"
        "Bien à vous.",
        ["Je ne sais pas si je suis éligible aux postes d'accueil : je suis vétérinaire."],
        id="je-ne-sais-pas-si",
    ),
    pytest.param("Bonjour,\nMerci pour votre message.\nBonne journée", [], id="no-question"),
    pytest.param(
        "Bonjour,\nJe souhaite candidater aux postes d'accueil.\nCordialement", [], id="wish-to-apply-is-not-a-question"
    ),
    pytest.param("", [], id="empty"),
    pytest.param("?? ?! ?", [], id="question-marks-only"),
]


@pytest.mark.parametrize(("email", "expected"), QUESTIONS)
def test_questions_in_finds_the_applicants_questions(email: str, expected: list[str]) -> None:
    assert [q.text for q in questions_in(email)] == expected


CONTEXTS = [
    pytest.param(
        f"Bonjour,\n{SITUATION}\nQuelle est la date limite ?\nCordialement",
        0,
        (SITUATION,),
        (SITUATION,),
        id="situation-before",
    ),
    pytest.param(
        "Suis-je éligible aux postes d'accueil ? Pour information, je suis interne en médecine à Nantes.",
        0,
        (),
        ("Pour information, je suis interne en médecine à Nantes.",),
        id="situation-after-the-question",
    ),
    pytest.param(
        "Objet : RE: Programme CCA Inserm-Bettencourt\n\nBonjour,\nQuelle est la durée ?\nCordialement",
        0,
        ("Programme CCA Inserm-Bettencourt",),
        (),
        id="subject-line-is-context",
    ),
    pytest.param(
        "De : Jean Dupont <jean@chu.fr>\nEnvoyé : mardi 13 janvier 2026\nÀ : Passerelles\nObjet : Postes d'accueil\n\n"
        "Bonjour,\nQuelle est la date limite ?",
        0,
        ("Postes d'accueil",),
        (),
        id="pasted-headers-dropped-subject-kept",
    ),
    pytest.param(
        "Je m'intéresse aux contrats d'interface. Quelle est la durée ? Et pour les postes d'accueil ?",
        1,
        ("Je m'intéresse aux contrats d'interface.", "Quelle est la durée ?"),
        ("Je m'intéresse aux contrats d'interface.",),
        id="earlier-questions-are-context-too",
    ),
    pytest.param(
        "Je me permets de vous écrire car je suis PH au CHU de Bordeaux. J'ai deux questions. Je vous remercie par "
        "avance. Puis-je candidater aux contrats d'interface ?",
        0,
        (
            "Je me permets de vous écrire car je suis PH au CHU de Bordeaux.",
            "J'ai deux questions.",
            "Je vous remercie par avance.",
        ),
        ("Je suis PH au CHU de Bordeaux.",),
        id="courtesy-is-not-situation",
    ),
    pytest.param(
        "Bonjour,\nMon parcours :\n- interne en pharmacie\n- master 2 en cours\n"
        "Puis-je candidater aux postes d'accueil ?",
        0,
        ("Mon parcours : interne en pharmacie ; master 2 en cours.",),
        ("Mon parcours : interne en pharmacie ; master 2 en cours.",),
        id="list-of-a-statement-joined-to-its-lead-in",
    ),
    pytest.param(
        "Dear Dr Smith,\n\nI am a PH in Paris. I would like to know the deadline for the interface contracts.",
        0,
        ("I am a PH in Paris.",),
        ("I am a PH in Paris.",),
        id="english-situation",
    ),
]


@pytest.mark.parametrize(("email", "index", "context", "situation"), CONTEXTS)
def test_questions_carry_their_context_and_the_applicants_situation(
    email: str, index: int, context: tuple[str, ...], situation: tuple[str, ...]
) -> None:
    question = questions_in(email)[index]
    assert (question.context, question.situation) == (context, situation)


def test_context_is_the_latest_sentences_only() -> None:
    email = "Je m'intéresse aux postes d'accueil. " + " ".join(f"Phrase numéro {i}." for i in range(30)) + " Et alors ?"
    [question] = questions_in(email)
    assert len(question.context) == 12 and question.context[-1] == "Phrase numéro 29."


def test_question_with_situation_fits_what_the_engine_reads() -> None:
    long = "Je suis interne en pharmacie et " + "j'ai fait beaucoup de choses, " * 40 + "voilà."
    question = Question(text="Suis-je éligible ?", situation=("Je suis CCA.", long, "Je suis à Lyon."))
    assert question.with_situation() == "Je suis CCA. Suis-je éligible ?"  # the long one would push past the cap
    assert len(long) > MAX_SITUATION_CHARS
    assert Question(text="Et la durée ?").with_situation() == "Et la durée ?"


ODD = [
    pytest.param("Bonjour,\x00 quelle est la date\x00 limite des postes d'accueil ?\x00", 1, id="nul"),
    pytest.param(
        "Bon\u200bjour,\n\ufeffQuelle est la date\u200b limite des postes d\u2019accueil\u00a0?", 1, id="zero-width"
    ),
    pytest.param("Bonjour,\r\nJe suis interne.\r\nQuelle est la date limite ?\r\nCordialement\r\n", 1, id="crlf"),
    pytest.param("Bonjour,\rQuelle est la date limite ?\rCordialement", 1, id="cr"),
    pytest.param("Quelle est la date limite \udcff des postes ?", 1, id="lone-surrogate"),
    pytest.param("Quelle est la date limite ? " * 3000, 1, id="same-question-many-times"),
    pytest.param(" ".join(f"Question numéro {i} ?" for i in range(3000)), 914, id="thousands-of-questions-truncated"),
    pytest.param("Bonjour, " + "a" * 50_000 + " quelle est la date limite ?", 0, id="very-long-line-truncated"),
    pytest.param("." * 30_000 + " Quelle est la date limite ?", 0, id="dots"),
    pytest.param("\n".join("- item" for _ in range(5000)), 0, id="many-bullets"),
    pytest.param("\n" * 30_000, 0, id="blank-lines"),
    pytest.param(">" * 30_000, 0, id="quote-marks"),
]


@pytest.mark.parametrize(("email", "count"), ODD)
def test_odd_text_does_not_crash(email: str, count: int) -> None:
    questions = questions_in(email)
    assert len(questions) == count
    for question in questions:
        assert not re.search(r"[\x00\r\u200b\ufeff]", question.text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(max_size=30)
        | st.sampled_from(["?", "\n", " ", "- ", "> ", ":", ".", "Bonjour,", "Cordialement", "1. ", "Le 2 a écrit :"])
    ).map("".join)
)
def test_any_text_gives_clean_questions(email: str) -> None:
    for question in questions_in(email):
        assert question.text.strip() and re.search(r"\w\w", question.text)
        assert not re.search(r"[\x00-\x08\r\u200b\ufeff]", question.text)


# --- is_settled and plain_text: pure --------------------------------------------------------------------------------


def _answer(text: str, status: str = "answered", quotes: tuple[str, ...] = ()) -> Answer:
    citations = [Citation(doc_id="d", title="T", section="S", quote=q) for q in quotes]
    route = "rules" if status == "answered" else "none"
    return Answer(question="q", answer=text, status=status, route=route, citations=citations, lang="fr")


SETTLED = [
    pytest.param(
        _answer("**Postes d'accueil** : la date limite de dépôt est le 20 février 2026."), True, id="deadline"
    ),
    pytest.param(_answer("Les textes ne répondent pas.", status="refused"), False, id="refused"),
    pytest.param(_answer("**Postes d'accueil** : éligibilité à confirmer.\n- rempli : x"), False, id="to-confirm"),
    pytest.param(_answer("**Postes d'accueil** : À CONFIRMER.\n- rempli : x"), False, id="to-confirm-upper-case"),
    pytest.param(_answer("**Postes d'accueil**: eligibility to be confirmed.\n- met: x"), False, id="english-unknown"),
    pytest.param(
        _answer("**Postes d'accueil** : non éligible.\n- à confirmer : x\n- non rempli : y"), True, id="not-eligible"
    ),
    pytest.param(_answer("**X** : éligible d'après les critères du texte.\n- rempli : x"), True, id="eligible"),
    pytest.param(
        _answer("D’après « T » : « éligibilité à confirmer »", quotes=("éligibilité à confirmer",)),
        True,
        id="words-inside-a-quote-do-not-count",
    ),
]


@pytest.mark.parametrize(("answer", "settled"), SETTLED)
def test_is_settled(answer: Answer, settled: bool) -> None:
    assert is_settled(answer) is settled


PLAIN = [
    pytest.param("**Postes d'accueil** : le 20 février.", (), "Postes d'accueil : le 20 février.", id="bold"),
    pytest.param("__Contrats d'interface__ : 5 ans.", (), "Contrats d'interface : 5 ans.", id="underscore-bold"),
    pytest.param("Voir [la page](https://inserm.fr/x).", (), "Voir la page (https://inserm.fr/x).", id="link"),
    pytest.param("[a@b.fr](mailto:a@b.fr)", (), "a@b.fr", id="mailto-link"),
    pytest.param("Voir <https://inserm.fr>.", (), "Voir https://inserm.fr.", id="autolink"),
    pytest.param("## Titre\n* un\n* deux", (), "Titre\n- un\n- deux", id="heading-and-star-items"),
    pytest.param(
        "**X** : « garder **ceci** et [cela](y) tels quels »",
        ("garder **ceci** et [cela](y) tels quels",),
        "X : « garder **ceci** et [cela](y) tels quels »",
        id="verbatim-quotes-untouched",
    ),
]


@pytest.mark.parametrize(("markdown", "verbatim", "expected"), PLAIN)
def test_plain_text(markdown: str, verbatim: tuple[str, ...], expected: str) -> None:
    assert plain_text(markdown, verbatim) == expected


# --- draft_reply: the real engine -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine(built: Settings) -> Engine:
    return Engine(built)


def _sources(draft: Draft) -> list[str]:
    """The lines of the draft's « Sources : » block."""
    block = draft.text.split("\nSources :\n", 1)[1].split("\n\nNous restons", 1)[0]
    return block.split("\n[")


def _check_letter(draft: Draft) -> None:
    """What every draft holds: the frame, plain text, each passage verbatim and listed once, every reference listed."""
    text = draft.text
    assert text.startswith("Madame, Monsieur,\n\nNous vous remercions de votre message.")
    assert text.endswith(
        "Nous restons à votre disposition pour toute précision complémentaire.\n\nBien cordialement,\n\n[Signature]\n"
    )
    assert "**" not in text and "](" not in text
    passages = {(c.doc_id, c.quote) for item in draft.items for c in item.answer.citations}
    for doc_id, quote in passages:
        assert quote in BODIES[doc_id]
        assert text.count(f"] « {quote} » — ") == 1, quote  # listed once in the sources
    if passages:
        assert len(_sources(draft)) == len(passages)
    listed = set(re.findall(r"^\[(\d+)\] « ", text, re.MULTILINE))
    assert set(re.findall(r" \[(\d+)\]", text.split("\nSources :\n", 1)[0])) == listed


def test_deadline_email_gets_the_date_and_its_verbatim_source(engine: Engine) -> None:
    email = "Bonjour,\n\nQuelle est la date limite des postes d'accueil ?\n\nCordialement,\nCamille Martin"
    draft = draft_reply(engine, email, today=TODAY)
    [item] = draft.items
    assert item.settled and item.answer.route == "rules"
    assert "1. Concernant votre question « Quelle est la date limite des postes d'accueil ? » :\n" in draft.text
    assert "la date limite de dépôt est le 20 février 2026, 17:00 (heure de Paris)" in draft.text
    assert "« Date limite de dépôt des candidatures le 20 février 2026 - 17 heures » [2]" in draft.text
    assert (
        "[2] « Date limite de dépôt des candidatures le 20 février 2026 - 17 heures » — Programme 2026 Postes "
        "d'accueil pour internes, assistants, https://pro.inserm.fr/rubriques/appels-a-projets/passerelles-soins-"
        "recherche/postes-daccueil\n"
    ) in draft.text
    assert "[À confirmer]" not in draft.text and "votre question," in draft.text
    _check_letter(draft)


def test_three_questions_share_their_sources_and_mark_what_is_unsettled(engine: Engine) -> None:
    email = (
        f"Bonjour,\n\n{SITUATION}\nSuis-je éligible ? Quelle est la date limite ? Par ailleurs, quel est le montant du "
        "salaire ?\n\nMerci d'avance pour votre réponse.\nCordialement,\nCamille Martin"
    )
    draft = draft_reply(engine, email, today=TODAY)
    eligible, deadline, salary = draft.items
    assert [i.settled for i in draft.items] == [False, True, False]
    # The situation stated before the questions reaches the verdict; the programme named there, the deadline.
    assert "- rempli : avoir l'un de ces statuts : interne" in eligible.answer.answer
    assert "- rempli : être médecin, pharmacien ou odontologiste" in eligible.answer.answer
    assert "20 février 2026" in deadline.answer.answer
    assert salary.answer.status == "refused"
    paragraphs = draft.text.split("\n\n")
    third = next(
        p for p in paragraphs if p.startswith("3. Concernant votre question « Par ailleurs, quel est le montant")
    )
    assert "[À confirmer] Les textes des appels ne répondent pas à cette question" in third
    assert not re.search(r"\d", re.sub(r"\[\d+\]", "", third.split("\n", 1)[1]))  # no amount invented
    first = next(p for p in paragraphs if p.startswith("1. Concernant votre question « Suis-je éligible ? »"))
    assert "[À confirmer] Les textes ne permettent pas de conclure sur ce point" in first
    # The deadline's two passages appear under both questions and are listed once.
    assert draft.text.count("« Date limite de dépôt des candidatures le 20 février 2026 - 17 heures » [2]") == 2
    _check_letter(draft)


def test_without_the_situation_the_status_stays_to_be_confirmed(engine: Engine) -> None:
    draft = draft_reply(engine, "Je m'intéresse aux postes d'accueil. Suis-je éligible ?", today=TODAY)
    [item] = draft.items
    assert "- à confirmer : avoir l'un de ces statuts" in item.answer.answer and not item.settled


def test_a_settled_verdict_is_not_marked(engine: Engine) -> None:
    email = (
        "Madame, Monsieur,\nJe ne sais pas si je suis éligible aux postes d'accueil : je suis vétérinaire.\n"
        "Bien à vous."
    )
    draft = draft_reply(engine, email, today=TODAY)
    [item] = draft.items
    assert item.settled and "Postes d'accueil : non éligible." in draft.text
    assert "[À confirmer]" not in draft.text
    _check_letter(draft)


def test_a_follow_up_takes_the_programme_named_earlier(engine: Engine) -> None:
    email = (
        "Bonjour,\nJe me permets de vous contacter au sujet des contrats d'interface.\n\nQuelle est la date limite ?\n"
        "Et pour les postes d'accueil ?\nCordialement"
    )
    draft = draft_reply(engine, email, today=TODAY)
    first, second = draft.items
    assert "27 mai 2026" in first.answer.answer and "20 février" not in first.answer.answer
    assert "20 février 2026" in second.answer.answer
    _check_letter(draft)


def test_the_situation_never_turns_a_question_into_another(engine: Engine) -> None:
    # Asked with the situation, « mail » makes this a contact question; the draft keeps the question's own answer.
    situation = "Je suis PH et j'ai bien reçu votre mail au sujet des contrats d'interface."
    situated = engine.ask(f"{situation} Combien de postes sont ouverts ?", today=TODAY)
    assert situated.status == "answered" and "contact" in situated.answer  # what the guard is for
    draft = draft_reply(engine, f"Bonjour,\n{situation} Combien de postes sont ouverts ?\nCordialement", today=TODAY)
    [item] = draft.items
    assert item.answer == engine.ask("Combien de postes sont ouverts ?", today=TODAY, history=(situation,))
    assert item.answer.status == "refused" and "[À confirmer]" in draft.text
    _check_letter(draft)


def test_a_refusal_keeps_the_calls_contact_as_a_cited_passage(engine: Engine) -> None:
    draft = draft_reply(engine, "Bonjour,\nQuels sont les lauréats 2025 des contrats d'interface ?\nMerci", today=TODAY)
    [item] = draft.items
    assert not item.settled
    quote = "Des renseignements peuvent être obtenus auprès de : contrat.interface-CIHU@inserm.fr"
    assert f"réponse à compléter avant envoi. Pour information, l'appel indique : « {quote} » [1]" in draft.text
    assert f"[1] « {quote} » — Programme 2026 – Contrats d'interface pour hospitaliers" in draft.text
    _check_letter(draft)


def test_an_english_email_gets_a_french_draft_around_the_engines_answer(engine: Engine) -> None:
    email = (
        "Dear Sir or Madam,\n\nI am a resident (interne) in pharmacy and I would like to apply for the host positions."
        "\nI would like to know the deadline.\n\nBest regards,\nJohn Smith"
    )
    draft = draft_reply(engine, email, today=TODAY)
    [item] = draft.items
    assert item.answer.lang == "en" and item.settled
    assert (
        "« I would like to know the deadline. » :\nPostes d'accueil: registration is not open yet: it opens on 20 January 2026"
        in draft.text
    )
    assert "the application deadline is 20 February 2026, 17:00 (Paris time)" in draft.text
    assert "Sources :\n[1] « Inscriptions à partir du 20 janvier 2026" in draft.text
    _check_letter(draft)


def test_the_number_of_questions_is_capped_and_the_draft_says_so(engine: Engine) -> None:
    asks = [
        "Quelle est la date limite des postes d'accueil ?",
        "Quelle est la date limite des contrats d'interface ?",
        "Quelle est la date limite du programme Hauts potentiels ?",
        "Quelle est la durée des postes d'accueil ?",
        "Quelle est la durée des contrats d'interface ?",
        "Qui contacter pour les contrats d'interface ?",
        "Qui contacter pour les postes d'accueil ?",
        "Comment se déroule la sélection des postes d'accueil ?",
        "Quand ont lieu les auditions des postes d'accueil ?",
        "Quel est le salaire des postes d'accueil ?",
        "Quelles pièces fournir pour les postes d'accueil ?",
        "Le laboratoire d'accueil peut-il être un CIC ?",
    ]
    draft = draft_reply(engine, "Bonjour,\n" + "\n".join(f"- {a}" for a in asks) + "\nMerci", today=TODAY)
    assert MAX_QUESTIONS == 10 and len(draft.items) == 10
    assert [q.text for q in draft.omitted] == asks[10:]
    assert (
        "[À confirmer] Votre message comporte 12 questions ; ce brouillon répond aux 10 premières. Questions restant à "
        "traiter avant envoi : « Quelles pièces fournir pour les postes d'accueil ? » ; « Le laboratoire d'accueil "
        "peut-il être un CIC ? »."
    ) in draft.text
    assert "10. Concernant votre question « Quel est le salaire des postes d'accueil ? »" in draft.text
    assert "11. Concernant" not in draft.text
    _check_letter(draft)


@pytest.mark.parametrize(
    "email", ["", "Bonjour,\nMerci pour votre message.\nBonne journée", "Cordialement,\nCamille", "\x00\u200b\r\n"]
)
def test_an_email_without_a_question_is_an_input_error(engine: Engine, email: str) -> None:
    with pytest.raises(InputError, match="no question found in the pasted text") as error:
        draft_reply(engine, email, today=TODAY)
    assert error.value.what == "email"


def test_the_cap_must_let_one_question_through(engine: Engine) -> None:
    with pytest.raises(InputError, match="max_questions: must be at least 1, not 0"):
        draft_reply(engine, "Quelle est la date limite des postes d'accueil ?", today=TODAY, max_questions=0)
