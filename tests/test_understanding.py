"""The understanding step (issue 16): names and typos, moments, answer types, profiles, and the Query an engine
makes, on the real corpus and exemplar bank."""

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from assistant.answer import Engine
from assistant.compose import plural
from assistant.corpus import load_corpus
from assistant.errors import CorpusError
from assistant.programmes import load_programmes
from assistant.rules.eligibility import Overall, Profile, evaluate
from assistant.rules.parser import judged_at, must_hold, parse_profile, stated_length
from assistant.settings import Settings
from assistant.text import fold
from assistant.understanding.intents import IntentClassifier, load_exemplars
from assistant.understanding.moments import moment
from assistant.understanding.names import Speller, common, common_typo, verb_form
from assistant.understanding.payments import asked_other_funding, asked_payment
from assistant.understanding.query import answer_type, polarity
from assistant.understanding.understand import _call_years, _spans
from tests.conftest import CORPUS

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 5, 27, 10, 0, tzinfo=PARIS)


@pytest.fixture(scope="module")
def speller() -> Speller:
    documents = load_corpus(CORPUS)
    return Speller([d.body for d in documents], load_programmes(CORPUS))


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("deadline CI ?", "deadline contrats d'interface ?"),
        ("les pa c quand ?", "les postes d'accueil c'est quand ?"),
        ("HP c pr qui ?", "Hauts potentiels c'est pour qui ?"),
        ("kel date ouverture inscripsions", "quel date ouverture inscriptions"),
        ("jveux deposer mon dossier", "je veux deposer mon dossier"),
        ("la vitamine c", "la vitamine c"),  # "c" is "c'est" only before what follows "c'est"
        ("Je suis ingénieure", "Je suis ingénieure"),  # a feminine form is no typo of a plural
        ("ci-joint mon CV", "ci-joint mon CV"),  # "ci" inside a word is no programme
        ("slt tjs bon pr les publis ?", "salut toujours bon pour les publications ?"),
        ("jcrois que jsuis en retard", "je crois que je suis en retard"),  # "j" before a common word is "je"
        ("vs pouvez m'aider ?", "vous pouvez m'aider ?"),  # "vs" before a verb is "vous"
        ("je vs écris pour le CER", "je vous écris pour le CER"),
        ("PA vs CI", "postes d'accueil vs contrats d'interface"),  # between two names, "versus"
        ("cb ça coûte ?", "combien ça coûte ?"),
        ("PH au CHU de Lille", "PH au CHU de Lille"),  # a name inside a sentence is no typo of "ville"
        ("la durée du programme Bettencort ?", "la durée du programme bettencourt ?"),  # but may be a corpus name
        # A character folding widens ("…" is "...") moves no correction off its word.
        ("…et la différence de durée, PA ?", "...et la différence de durée, postes d'accueil ?"),
    ],
)
def test_the_speller_spells_out_abbreviations_sms_and_typos(speller: Speller, typed: str, read: str) -> None:
    assert speller.correct(typed)[0] == read


@pytest.mark.parametrize(
    ("word", "typo"),
    [
        ("alowed", True),  # allowed
        ("posible", True),  # possible
        ("recherhce", True),  # two letters swapped
        ("bourse", False),  # a word of its own, not a slip of "course"
        ("passport", False),
        ("visa", False),  # too short to tell
    ],
)
def test_a_slip_of_an_everyday_word_is_told_from_a_subject(word: str, typo: bool) -> None:
    assert common_typo(word) is typo


@pytest.mark.parametrize(
    ("word", "verb"),
    [
        ("jugés", True),  # juger
        ("portent", True),  # porter, and "porte" is a word
        ("fermaient", True),
        ("gère", True),  # gérer
        ("citées", True),  # citer
        ("relèvent-elles", True),  # relever, asked
        ("juges", False),  # without its accent, a noun as well
        ("logement", False),  # a noun ending like a verb's plural
        ("président", False),
        ("congés", False),
        ("crèche", False),
        ("salaire", False),
    ],
)
def test_forms_of_common_verbs_are_told_from_nouns(word: str, verb: bool) -> None:
    assert verb_form(word) is verb


@pytest.mark.parametrize(("word", "everyday"), [("lesquels", True), ("auxquelles", True), ("visa", False)])
def test_relative_pronouns_are_everyday_words(word: str, everyday: bool) -> None:
    assert common(word) is everyday


@pytest.mark.parametrize(
    ("words", "at", "precision"),
    [
        ("il est 18h", dt.datetime(2026, 5, 27, 18, 0, tzinfo=PARIS), "time"),
        ("ce soir", dt.datetime(2026, 5, 27, 20, 0, tzinfo=PARIS), "time"),
        ("demain", dt.datetime(2026, 5, 28, 0, 0, tzinfo=PARIS), "day"),
        ("dans 10 jours", dt.datetime(2026, 6, 6, 0, 0, tzinfo=PARIS), "day"),
        # A weekday: the next one to come (NOW is a Wednesday); what today is names no moment.
        ("mardi prochain", dt.datetime(2026, 6, 2, 0, 0, tzinfo=PARIS), "day"),
        ("next wednesday", dt.datetime(2026, 6, 3, 0, 0, tzinfo=PARIS), "day"),
        ("today is wednesday; if i send it on friday", dt.datetime(2026, 5, 29, 0, 0, tzinfo=PARIS), "day"),
        ("en octobre", None, "month"),
        ("l'an prochain", None, "year"),
        # A clock read where the user is: the same instant, in Paris (summer: New York -6 h, La Réunion +2 h).
        ("je suis a montreal, il est 11h", dt.datetime(2026, 5, 27, 17, 0, tzinfo=PARIS), "time"),
        ("it's 9:30 here in Tahiti", dt.datetime(2026, 5, 27, 21, 30, tzinfo=PARIS), "time"),
        ("il est 19h a la reunion", dt.datetime(2026, 5, 27, 17, 0, tzinfo=PARIS), "time"),
        # A clock said to be Paris's is not converted, wherever the user is; "pm" is part of the reading.
        ("in boston, it's 6:30 pm paris time", dt.datetime(2026, 5, 27, 18, 30, tzinfo=PARIS), "time"),
        # Minutes or hours from the clock said, or from now.
        ("il est 16h, si je depose dans 30 min", dt.datetime(2026, 5, 27, 16, 30, tzinfo=PARIS), "time"),
        ("it's 3pm, can i still send it in two hours", dt.datetime(2026, 5, 27, 17, 0, tzinfo=PARIS), "time"),
        ("dans une heure", NOW + dt.timedelta(hours=1), "time"),
        ("il est 15h45, si je depose dans 1 h 30", dt.datetime(2026, 5, 27, 17, 15, tzinfo=PARIS), "time"),
        # When the call closes is asked, not when the user acts.
        ("il est 16h, le ci ferme dans 2h ?", dt.datetime(2026, 5, 27, 16, 0, tzinfo=PARIS), "time"),
    ],
)
def test_moments_resolve_against_today_in_paris(words: str, at: dt.datetime | None, precision: str) -> None:
    found = moment(fold(words), NOW)
    assert found is not None and found.precision == precision
    if at is not None:
        assert found.at == at
    if words == "en octobre":
        assert (found.at.year, found.at.month) == (2026, 10)
    if words == "l'an prochain":
        assert found.at.year == 2027


@pytest.mark.parametrize(
    "question",
    [
        "quelle est la date limite ?",
        # What someone else said is not the user's moment.
        "l'appel est ouvert ? ma cheffe m'a dit que ça n'ouvrait qu'en novembre",
        "is it open? I was told it only opens in October",
        # A day asked to be the call's is no moment of the user's.
        "The interface contract deadline is tomorrow, correct? Until what time exactly?",
        "le CI ferme demain, c'est ça ?",
        # What the asker already did is no moment of the question.
        "J'ai déposé mon dossier en février, quand aurai-je la réponse ?",
    ],
)
def test_a_question_without_a_moment_of_its_own_has_none(question: str) -> None:
    assert moment(fold(question), NOW) is None


@pytest.mark.parametrize(
    ("question", "label", "expected"),
    [
        ("le lien pour s'inscrire ?", None, "link"),
        ("la liste des lauréats 2025", None, "person"),
        ("qui préside le comité ad hoc ?", "selection", "person"),
        ("c'est combien le CESP par mois ?", None, "amount"),
        ("combien de postes ?", None, "count"),
        ("combien de temps dure un contrat ?", "duration", "duration"),
        ("quand sont les auditions ?", "event", "date"),
        ("PA ou CI, quelles différences ?", "suggest", "comparison"),
        ("quels sont les thèmes du parcours ?", "about", "list"),
        ("le contrat peut-il être prolongé d'un an ?", "duration", "renewal"),
        ("is the contract renewable?", "duration", "renewal"),
        ("quelle quotité de mon temps pour la recherche ?", "duration", "share"),
        ("what percentage of the time is research?", None, "share"),
        ("dates de l'appel CI ?", None, "date"),
        ("combien de personnes sont retenues chaque année ?", None, "count"),  # people, not money
        ("would the number of my papers matter?", None, "yes_no"),  # "number of" in a yes or no
        ("HP : jusqu'à quelle heure peut-on déposer ?", "deadline", "hour"),
        ("le dernier jour c'est quand ? jusqu'à quelle heure ?", "deadline", "date"),  # the day first
        # "faut" without its "il" asks yes or no too; a pay asked "combien" after the verb is an amount.
        ("faut un CV pour les HP ?", "documents", "yes_no"),
        ("la bourse c'est payé combien ?", None, "amount"),
        ("How much exactly is the allowance the lab receives?", None, "amount"),
        # A French question by inversion asks yes or no, after what the asker tells first; not with "quand".
        ("Ma directrice est en mission. Sa lettre fait-elle partie des pièces ?", "documents", "yes_no"),
        ("Le CV est-il obligatoire ?", "documents", "yes_no"),
        ("Quand doit-on envoyer le dossier ? Par mail ?", "documents", "text"),
    ],
)
def test_the_type_of_answer_a_question_expects(question: str, label: str | None, expected: str) -> None:
    from assistant.rules.parser import asks_amount, asks_count

    assert answer_type(fold(question), label, asks_amount(question), asks_count(question)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "label", "expected"),
    [
        ("c'est encore ouvert les PA ?", "deadline", "open"),
        ("je peux encore déposer ce soir ?", "deadline", "open"),
        ("Can I still apply?", "deadline", "open"),
        ("PA, c'est trop tard ?", "deadline", "closed"),
        ("is it over for the CI?", "deadline", "closed"),
        # What asks when, which or how long is no yes or no; nor is waiting or a tolerance.
        ("jusqu'à quand c'est ouvert ?", "deadline", None),
        ("deadline CI ?", "deadline", None),
        ("il faut attendre ?", "opening", None),
        ("PA, la date limite est passée ?", "deadline", None),  # "date" asks the date too
        ("y a-t-il une tolérance après 17h ?", "deadline", None),
        ("c'est ouvert aux pharmaciens ?", "eligibility", None),
        ("Could you please confirm the last day to submit?", "deadline", None),  # a date, politely asked
        # A date or an hour stated is checked, not judged; a negative question is answered "si", not "oui".
        ("Le CI ferme à 17h le 27 mai ?", "deadline", None),
        ("Does the call close on May 30?", "deadline", None),
        ("Ce n'est pas encore ouvert ?", "opening", None),
        ("J'ai fini ma thèse, le CI est encore ouvert ?", "deadline", "open"),
        ("c'est fini pour le CI ?", "deadline", "closed"),
        # Missing the call asks whether it is closed; the day the asker says it is, is no date stated of the call.
        ("nous sommes le 3 mars, ai-je loupé la date des PA ?", "deadline", "closed"),
        ("did I miss the deadline for the HP?", "deadline", "closed"),
        # Last year's call missed, or a step's date, or a question asking when: no "oui, c'est clos".
        ("I missed the deadline last year for the CI, is it open now?", "deadline", None),
        ("CI : j'ai manqué la date limite, quand est la prochaine ?", "deadline", None),
        ("j'ai raté une pièce du dossier, le CI est encore ouvert ?", "deadline", "open"),
        # A call's edition named by its years states no date: "la promotion 2026-2027", "les PA 2026".
        ("Est-il encore possible de candidater à la promotion 2026-2027 des HP ?", "deadline", "open"),
        ("les postes d'accueil 2026 c'est encore ouvert ?", "deadline", "open"),
        ("c'est ouvert en 2027 ?", "deadline", None),
        # The day the asker says it is, named by the call's step; an alternative that is only the other state.
        ("It's 2pm on deadline day, is it still OK to submit?", "deadline", "open"),
        ("can I register right now or did I miss it?", "opening", "open"),
        ("je peux encore postuler au CI ou c'est trop tard ?", "deadline", "open"),
        ("c'est fermé ou encore ouvert le CI ?", "deadline", "closed"),
        ("is the CI still open or not?", "deadline", "open"),
        # A choice between two moments or two calls is still no yes or no.
        ("je peux postuler au CI ou au PA ?", "deadline", None),
        ("je peux encore postuler ou je dois attendre ?", "deadline", None),
    ],
)
def test_a_yes_or_no_on_a_calls_window(question: str, label: str, expected: str | None) -> None:
    assert polarity(fold(question), label) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "length"),
    [
        ("le CI c'est 5 ans pour moi ?", (5, "years")),
        ("is it 3 years for a PU-PH?", (3, "years")),
        ("le contrat dure 18 mois ?", (18, "months")),
        # A length of one's own (seniority, a contract held, a project), or two lengths offered, is none to check.
        ("ça fait 3 ans que je suis titulaire, je peux candidater ?", None),
        ("je suis en CDD qui dure 2 ans, je peux candidater ?", None),
        ("l'ancienneté requise c'est 3 ans ?", None),
        ("c'est 3 ou 5 ans ?", None),
        ("le contrat dure 5 ans, puis-je l'arrêter au bout de 2 ans ?", None),
    ],
)
def test_the_length_a_question_states_to_be_checked(question: str, length: tuple[int, str] | None) -> None:
    assert stated_length(fold(question)) == length


@pytest.mark.parametrize(
    ("question", "moments", "required"),
    [
        ("dois-je déjà avoir mon M2 au moment où je dépose mon dossier ?", ("deposit",), True),
        ("do I need my research M2 when I apply?", ("deposit",), True),
        ("faut-il la thèse d'exercice à la date limite ?", ("closing",), True),
        ("le M2 est exigé à la prise de poste ?", ("start",), True),
        ("faut avoir le M2 au moment de candidater ou à la prise de poste ?", ("deposit", "start"), True),
        ("HP : l'ancienneté est comptée à la clôture ?", ("closing",), False),
        # No diploma nor seniority named; a circumstance told in the negative.
        ("je dois être disponible au moment de la prise de poste ?", (), True),
        ("j'aurai pas encore mon M2 au moment du dépôt, ça passe ?", ("deposit",), False),
        (
            "le M2 recherche il faut l'avoir au moment du depot ou c'est bon si je l'ai a la rentree ?",
            ("deposit",),
            True,
        ),
        # A diploma sent as a document, or beside another ask, or named beside another condition; which diploma.
        ("PA : dois-je déjà être interne au moment du dépôt ? j'ai mon M2", (), True),
        ("Pour le PA, dois-je joindre mon diplôme de M2 au moment du dépôt ?", (), True),
        ("Avec mon M2, quand je dépose mon dossier, faut-il une lettre de motivation ?", (), True),
        ("Quel diplôme faut-il avoir au moment de candidater ?", (), False),
    ],
)
def test_when_a_question_asks_a_condition_to_be_held(question: str, moments: tuple[str, ...], required: bool) -> None:
    assert (judged_at(fold(question)), must_hold(fold(question))) == (moments, required)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("j'ai déjà une bourse ENS, je peux cumuler avec la rémunération du CER ?", "combine"),
        ("CER cumulable avec un financement de l'École de l'Inserm ?", "combine"),
        ("could I get the CER pay on top of my ENS stipend?", "combine"),
        ("déjà financé par l'ENS, je pourrais quand même entrer dans le CER ?", "join"),
        ("I already have ENS funding. Can I still join?", "join"),
        ("I already have an École de l'Inserm stipend. Could I get the CER pay on top of it?", "combine"),
        # "les deux" of the CER's own offers; a funding ended; no other funding; the CER itself funded.
        ("Le CER donne-t-il les deux, la rémunération et l'accès à une spécialité ?", None),
        ("mon financement ENS s'est terminé, je peux cumuler avec le CER ?", None),
        ("je peux cumuler la rémunération du CER avec un petit boulot ?", None),
        ("Le CER est-il déjà financé par le ministère ? On peut y participer ?", None),
        # Nothing held elsewhere; a negative question; the pay alone.
        ("je peux entrer dans le CER ?", None),
        ("je ne suis pas financé, je peux entrer dans le CER ?", None),
        ("le CER c'est payé combien ?", None),
    ],
)
def test_what_a_question_asks_of_funding_held_elsewhere(question: str, asked: str | None) -> None:
    assert asked_other_funding(fold(question)) == asked


@pytest.mark.parametrize(
    ("question", "payer", "payee"),
    [
        ("c'est l'Inserm qui me paie ?", "inserm", "applicant"),
        ("Does Inserm pay my salary?", "inserm", "applicant"),
        ("will I be paid by Inserm?", "inserm", "applicant"),
        ("Je reste payé par mon CHU pendant le contrat ?", "hospital", "applicant"),
        ("do I still get my hospital salary?", "hospital", "applicant"),
        ("mon salaire est maintenu ?", None, "applicant"),
        # The party asked if it is paid, whatever the order of the words.
        ("Is the hospital compensated?", None, "hospital"),
        ("l'hôpital est-il indemnisé pour mon temps de recherche ?", None, "hospital"),
        ("est-ce que le CHU touche une compensation ?", None, "hospital"),
        ("Does Inserm pay the hospital?", "inserm", "hospital"),
        ("l'inserm paye l'hopital ?", "inserm", "hospital"),
        ("does my employer get money from Inserm?", "inserm", "hospital"),
        ("le labo reçoit un financement ?", None, "lab"),
        ("l'université paie mon salaire ?", "university", "applicant"),
        # A doctor named by their hospital is a person; "or … somewhere else" leaves the yes or no.
        ("Does Inserm pay the hospital doctor directly, or does the money go somewhere else?", "inserm", "applicant"),
        ("Is the hospital doctor paid by Inserm?", "inserm", "applicant"),
        ("c'est l'Inserm qui paie le médecin ?", "inserm", "applicant"),
        ("Does the CCA Inserm-Bettencourt programme give any money to the host lab?", None, "lab"),
        # A wh-question asks a party, not a yes or no; a payment with no party paid is no payment asked.
        ("qui me paie ?", None, None),
        ("Who pays the hospital?", None, None),
        ("combien l'Inserm verse à l'hôpital ?", None, None),
        ("Est-ce que l'Inserm finance le projet ?", None, None),
        ("faut-il payer des frais de dossier ?", None, None),
        # A party asked with a question word anywhere, or either-or; what is paid said more precisely; a party
        # named in no role that can be read: no yes or no.
        ("Pendant le contrat, qui me paie ?", None, None),
        ("who pays me, Inserm or my hospital?", None, None),
        ("est-ce que je touche une indemnité ?", None, None),
        ("est-ce que mon hôpital continue de me payer ?", None, None),
        # How much is paid ("tout mon salaire", "an extra salary"): read, and settled only by a no (see below).
        ("l'université paie-t-elle tout mon salaire ?", "university", "applicant"),
        ("With an interface contract, do I get an extra salary paid by Inserm?", "inserm", "applicant"),
        # The "only" alternative and the manner asked after the yes or no leave the yes or no.
        ("Does the CCA come with any money for the lab, or only the salary?", None, "lab"),
        ("est-ce que l'Inserm compense quelque chose à l'hôpital, et sous quelle forme ?", "inserm", "hospital"),
        ("l'Inserm me rembourse-t-il mes frais de déplacement ?", None, None),
        # The ask's own clause, not a negation of the story before its colon.
        (
            "Mon DRH m'a posé une question à laquelle je n'ai pas su répondre : est-ce l'Inserm qui me verse mon salaire ?",
            "inserm",
            "applicant",
        ),
    ],
)
def test_the_payment_a_yes_or_no_asks_about(question: str, payer: str | None, payee: str | None) -> None:
    asked = asked_payment(fold(question))
    assert (asked.payer, asked.payee) == (payer, payee) if payee else asked is None, asked


@pytest.mark.parametrize(
    ("question", "years", "spans"),
    [
        ("Les contrats d'interface 2027 : date limite ?", (2027,), ()),
        ("titulaire depuis 2019, HP ?", (), ()),  # the applicant's year, not a call's
        ("thèse soutenue en 2027, poste d'accueil 2026 ?", (2026,), ()),
        ("je veux commencer en janvier 2027", (), ()),
        ("la promotion 2027-2028 des HP", (2027, 2028), ((2027, 2028),)),
    ],
)
def test_call_years_leave_the_applicants_own_out(question: str, years: tuple[int, ...], spans: tuple) -> None:
    assert _call_years(question) == years and _spans(question) == spans


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Ingénieure d'études Inserm, titulaire depuis 6 ans", {"inserm_years": 6.0}),
        ("Chargée de recherche Inserm titularisée il y a 2 ans", {"inserm_years": 2.0}),
        ("ça va faire 7 ans que je suis titulaire à l'Inserm", {"inserm_years": 7.0, "tenure_years": 7.0}),
        ("it's been 4 years since I was tenured at Inserm", {"inserm_years": 4.0, "tenure_years": 4.0}),
        ("ça fait 3 ans que je suis interne", {"inserm_years": None, "tenure_years": None}),
        ("un cadre administratif, ça peut postuler ?", {"status": "cadre-administratif"}),
        ("mon chef d'équipe m'en a parlé, je suis ingénieur", {"status": "ingenieur"}),
        ("mon labo serait une unité CNRS sans tutelle Inserm", {"inserm_unit": False, "host_elsewhere": True}),
        ("mon labo est une unité Inserm", {"inserm_unit": True, "host_elsewhere": None}),
        (
            "ma thèse d'exercice ne sera soutenue qu'en janvier 2027",
            {"diploma_dates": (("these-exercice", dt.date(2027, 1, 1), dt.date(2027, 1, 31)),)},
        ),
        (
            "soutenance de ma thèse d'exercice prévue pour juin 2027",
            {"diploma_dates": (("these-exercice", dt.date(2027, 6, 1), dt.date(2027, 6, 30)),)},
        ),
        ("j'intégrerais une équipe INRAE", {"inserm_unit": False, "host_elsewhere": True}),
        ("titulaire Inserm, en détachement au CHU depuis 2023", {"paid_by_inserm": False}),
        ("PH en détachement à l'Inserm", {"paid_by_inserm": True}),
        ("I was seconded to a university", {"paid_by_inserm": False}),
        ("je suis dans un labo, c'est l'université, qui me paie", {"paid_by_inserm": False}),
        # Professions said by the studies, diplomas as people write them.
        ("interne de 3e année de médecine", {"profession": "medecin"}),
        ("interne en pharma", {"profession": "pharmacien"}),
        ("a dentistry resident, in dentistry since 2022", {"profession": "odontologiste"}),
        ("I hold an M2 research degree", {"diplomas": frozenset({"master2-recherche"})}),
        ("AHU, je veux faire ma thèse de sciences", {"diplomas": None, "missing_diplomas": frozenset()}),
        # What the review of this change found: someone else's post, a joint unit, a diploma's "titulaire".
        ("ingénieure Inserm, mon mari est chercheur au CNRS", {"paid_by_inserm": None}),
        ("PH dans une UMR CNRS/Inserm", {"inserm_unit": None, "host_elsewhere": None}),
        ("mon labo serait une équipe CNRS (pas Inserm)", {"inserm_unit": False, "host_elsewhere": True}),
        ("IR fonctionnaire à l'Inserm, titulaire d'un doctorat obtenu en 2023", {"inserm_since": None}),
        (
            "thèse d'exercice soutenue, M2 recherche en 2024, doctorat pas avant 2029",
            {
                "diploma_dates": (
                    ("master2-recherche", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
                    ("doctorat", dt.date(2029, 1, 1), dt.date(2039, 12, 31)),
                )
            },
        ),
        ("chercheuse en faculté de médecine", {"profession": None}),
        ("j'ai pas pu faire de master 2 recherche", {"missing_diplomas": frozenset({"master2-recherche"})}),
        ("PH dans un CH général", {"employer": "autre-hopital"}),
        (
            "ma thèse d'exercice, c'est pas avant 2029",
            {"diploma_dates": (("these-exercice", dt.date(2029, 1, 1), dt.date(2039, 12, 31)),)},
        ),
        # Hosts of another body; posts of another body (paid by it).
        ("l'équipe d'accueil est une UMR CNRS", {"inserm_unit": False, "host_elsewhere": True}),
        ("a university UMR with no Inserm affiliation", {"inserm_unit": False, "host_elsewhere": True}),
        ("DR CNRS hébergé dans une unité Inserm", {"paid_by_inserm": False}),
        ("I'm a CNRS researcher", {"paid_by_inserm": False}),
        # The status said of oneself beside those asked about; a match inside a longer one is part of it.
        ("I work as a contract hospital practitioner (PHC); or is it only for tenured PH?", {"status": "phc"}),
        # A programme's name is no status: "CCA Bettencourt" names no chef de clinique.
        ("les 40 postes, c'est que des CCA Bettencourt ?", {"status": None}),
        # When a doctorate came against the medical studies, said beside it.
        ("thèse de sciences soutenue pendant mon internat", {"diploma_before_studies": False}),
        ("PhD in sociology obtained before going back to med school", {"diploma_before_studies": True}),
        ("j'ai un doctorat", {"diploma_before_studies": None}),
        # A competitive exam makes a civil servant; taking up the post is when tenure began.
        (
            "IR Inserm recrutée par concours, titularisée en mars 2022",
            {"contract": "titulaire", "inserm_since": (dt.date(2022, 3, 1), dt.date(2022, 3, 31))},
        ),
    ],
)
def test_profiles_read_tenure_hosts_and_diploma_dates(question: str, expected: dict) -> None:
    profile = parse_profile(fold(question))
    assert {k: getattr(profile, k) for k in expected} == expected


@pytest.mark.parametrize(
    ("programme", "question", "overall"),
    [
        # All that is about the applicant is met; the host and approvals are the project's: to confirm, said so.
        ("contrats-interface", "Je suis PH au CHU de Nantes", Overall.ELIGIBLE_IF),
        ("contrats-interface", "I'm an MCU-PH", Overall.ELIGIBLE_IF),  # an MCU-PH works in a CHU, is a physician...
        ("contrats-interface", "Je suis PHC", Overall.UNKNOWN),  # ...a PHC's hospital is not said
        ("postes-accueil", "interne en médecine, M2 recherche, thèse d'exercice en octobre 2026", Overall.ELIGIBLE_IF),
        ("postes-accueil", "interne en médecine, M2 recherche, thèse d'exercice en janvier 2027", Overall.NOT_ELIGIBLE),
        ("postes-accueil", "interne en médecine, M2 recherche, thèse d'exercice en novembre 2026", Overall.UNKNOWN),
        ("postes-accueil", "labo d'accueil : une unité CNRS", Overall.NOT_ELIGIBLE),
        ("hauts-potentiels", "chargée de recherche Inserm titularisée il y a 2 ans", Overall.NOT_ELIGIBLE),
        ("postes-accueil", "interne en médecine, M2R, thèse d'exercice pas avant 2028", Overall.NOT_ELIGIBLE),
        ("postes-accueil", "interne de 2e année de pharmacie, M2 research and thèse d'exercice", Overall.ELIGIBLE_IF),
        ("hauts-potentiels", "ingénieur CNRS dans une unité Inserm, titulaire depuis 5 ans", Overall.NOT_ELIGIBLE),
    ],
)
def test_verdicts_on_profiles_as_people_give_them(
    built: Settings, programme: str, question: str, overall: Overall
) -> None:
    from assistant.rulebook import load_rulebook

    book = load_rulebook(built.paths.corpus_dir)
    now = dt.datetime(2026, 1, 25, 12, 0, tzinfo=PARIS)
    assert evaluate(book, programme, parse_profile(fold(question)), now).overall is overall


def test_an_empty_profile_is_never_eligible(built: Settings) -> None:
    from assistant.rulebook import load_rulebook

    assert evaluate(load_rulebook(built.paths.corpus_dir), "postes-accueil", Profile()).overall is Overall.UNKNOWN


@pytest.mark.parametrize(
    ("n", "word", "lang", "text"),
    [(0, "jour", "fr", "0 jour"), (1, "jour", "fr", "1 jour"), (3, "jour", "fr", "3 jours"), (0, "day", "en", "0 days")]
    + [(1, "day", "en", "1 day"), (2, "hour", "en", "2 hours")],
)
def test_counts_are_written_with_their_plural(n: int, word: str, lang: str, text: str) -> None:
    assert plural(n, word, lang) == text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- a list\n", "must map each intent to a list of phrasings"),
        ("weather:\n  - quel temps fait-il\n", "unknown intent 'weather'"),
        ("deadline:\n  - ' '\n", "intent 'deadline' must list non-empty phrasings"),
    ],
)
def test_a_malformed_exemplar_bank_is_an_error_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    bank = tmp_path / "exemplars.yaml"
    bank.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        load_exemplars(bank)
    assert str(bank) in str(error.value) and message in str(error.value)


def test_the_exemplar_vectors_are_cached_by_content(tmp_path: Path) -> None:
    bank = tmp_path / "exemplars.yaml"
    bank.write_text(
        "deadline:\n  - date limite\n  - jusqu'à quand\ncontact:\n  - qui contacter\n  - quelle adresse\n",
        encoding="utf-8",
    )
    calls: list[int] = []

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return np.asarray([[1.0, 0.0] if "date" in t or "quand" in t else [0.0, 1.0] for t in texts], dtype=np.float32)

    IntentClassifier(embed, "model-a", tmp_path, bank)
    IntentClassifier(embed, "model-a", tmp_path, bank)
    assert calls == [4]  # the second start reads the cache
    IntentClassifier(embed, "model-b", tmp_path, bank)
    assert calls == [4, 4]  # another model: other vectors


def test_the_exemplar_bank_holds_no_evaluation_question() -> None:
    texts, _ = load_exemplars()
    asked = set()
    for path in CORPUS.parent.joinpath("evals").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                asked.add(fold(json.loads(line)["question"]).strip())
    assert not {fold(t).strip() for t in texts} & asked


@pytest.fixture(scope="module")
def engine(built: Settings) -> Engine:
    return Engine(built)


@pytest.mark.parametrize(
    ("question", "today", "intent", "checks"),
    [
        ("c ouvert les CI ? jveux deposer mon dossier", "2026-03-30", "deadline", ["8 avril 2026", "pas encore"]),
        ("il me reste combien de jours pour le contrat d'interface ?", "2026-05-20", "deadline", ["il reste 7 jours"]),
        ("How long do I have left to submit for the interface contracts?", "2026-04-20", "deadline", ["37 days"]),
        (
            "Je finalise mon dossier poste d'accueil ce matin, c'est encore bon ?",
            "2026-02-20",
            "deadline",
            ["8 heures"],
        ),
        ("mon collègue PHC et moi MCU-PH, même durée de contrat d'interface ?", None, "duration", ["Non : 3 ans"]),
        (
            "C'est quoi la durée d'un poste d'accueil et la date limite ?",
            None,
            "deadline",
            ["2 ou 3 ans", "20 février"],
        ),
        ("dans combien de jours ouvrent les inscriptions CI ?", "2026-04-01", "opening", ["dans 7 jours"]),
        ("here in Boston it's 11:30, can I still send my CI file?", "2026-05-27", "deadline", ["closed"]),
        # Not a verdict for the programme asked about: where the status does open a door.
        ("interne en pharmacie, les contrats d'interface c'est pour moi ?", None, "eligibility", ["Postes d'accueil"]),
        # A programme only its abbreviation names, in a second ask, is answered too.
        (
            "poste d'accueil ouvert ? et les CI c'est jusqu'à quand ?",
            "2026-04-20",
            "deadline",
            ["20 février", "27 mai"],
        ),
        ("pr le dossier PA faut envoyer quoi ?", None, "documents", ["«"]),  # everyday words do not make it strange
        # Applying at a moment of one's own: judged then, and said so.
        (
            "est-ce que je pourrais postuler aux postes d'accueil en mars ?",
            "2026-01-10",
            "deadline",
            ["Au moment que vous indiquez", "clos"],
        ),
        ("can I send my HP application tomorrow?", "2025-10-30", "deadline", ["At the moment you give", "closed"]),
        ("HP: when do we hear back, and when does the year begin?", None, "event", ["décembre 2025", "mars 2026"]),
        ("une fois le dossier CI déposé, quelles sont les étapes ?", None, "calendar", ["novembre 2026"]),
        (
            "CER : si je suis financé 3 ans, je dois quoi en échange ?",
            None,
            "funding",
            ["service public", "remboursement"],
        ),
        # An open call says until when.
        ("l'appel HP est-il encore ouvert ?", "2025-10-01", "deadline", ["ouvert jusqu’à cette date"]),
        # A profile beside "quand même" / "still" asks for a verdict.
        (
            "interne en pharmacie sans M2, je peux quand même postuler aux postes d'accueil ?",
            "2026-01-25",
            "eligibility",
            ["non éligible"],
        ),
        ("my host lab is a CNRS UMR: can I still apply for a poste d'accueil?", None, "eligibility", ["not eligible"]),
        # What a message tells comes after what it asks.
        (
            "Je suis payée par l'Inserm depuis 2018. Puis-je présenter ma candidature aux Hauts potentiels ?",
            None,
            "eligibility",
            ["Hauts potentiels"],
        ),
        ("CI : on met quoi dans le dossier ?", None, "documents", ["«"]),
        ("le poste d'accueil, c'est faisable à mi-temps ?", None, "duration", ["temps plein"]),
        ("quel service s'occupe des contrats d'interface ?", None, "contact", ["Département"]),
        ("where do I send the CI application, by email?", None, "how_to_apply", ["EVA"]),
        ("HP : quand a lieu le début de la promo ?", None, "event", ["mars 2026"]),
        ("When are the CI interviews, and who interviews the applicants?", None, "event", ["chercheurs"]),
        # A grade given as a status is no other body's acronym; "anything else?" asks which programme fits.
        (
            "DR Inserm titulaire depuis 6 ans : à part les passerelles, il y a autre chose ?",
            None,
            "suggest",
            ["Hauts potentiels"],
        ),
        ("il est 17h20, y a une tolérance pour mon dossier PA ?", "2026-02-20", "deadline", ["clos"]),
        ("Could I already submit my interface contract file?", "2026-03-25", "deadline", ["8 April 2026"]),
        (
            "Une collègue PH en CH général me demande si elle peut postuler aux contrats d'interface.",
            None,
            "eligibility",
            ["non éligible"],
        ),
        ("CI : quelles signatures faut-il ?", None, "documents", ["EVA", "indispensables"]),
        # Which call is open now: all of them, each with where it stands.
        ("lequel des dispositifs est ouvert en ce moment ?", "2026-04-20", "deadline", ["il reste", "clos"]),
        # Programmes named side by side: a table.
        ("PA, CCA Bettencourt ou CI : lequel choisir pour une thèse de sciences ?", None, "suggest", ["| Durée |"]),
        ("what's the difference between a PA and a CI?", None, "suggest", ["| Duration |"]),
        # What each programme is for heads the table.
        ("PA vs CI, c'est quoi la différence ?", None, "suggest", ["| Objet |", "doctorat en sciences"]),
        # A verdict that fits says so first.
        (
            "PH au CHU de Lille : les contrats d'interface me sont-ils ouverts ?",
            None,
            "eligibility",
            ["vous remplissez"],
        ),
        # "Which of the two": the one that fits, and the others with the criterion they fail.
        (
            "Ingénieure d'études Inserm titulaire depuis 4 ans : lequel des programmes me correspond ?",
            None,
            "suggest",
            [
                "**Hauts potentiels**",
                "Pas pour votre profil",
                "**Contrats d'interface pour hospitaliers** : non rempli",
            ],
        ),
        # A university hospital's own name is the applicant's employer, not another body.
        ("PU-PH à l'AP-HP depuis 6 ans, quel dispositif pour faire de la recherche ?", None, "suggest", ["interface"]),
        # A page count is the file's limit, not a verdict on the applicant.
        ("mon CV pour les HP fait 5 pages, ça passe ?", None, "documents", ["3 pages max"]),
        # A diploma held "at taking up the post": when that is, quoted beside the condition.
        (
            "interne en médecine avec un M2, thèse d'exercice en juin 2026 : c'est bloquant pour un poste d'accueil ?",
            None,
            "eligibility",
            ["Prise de fonction : entre le 1er novembre"],
        ),
        # Asking whether one meets the criteria, with the facts first.
        (
            "Technicienne titularisée à l'Inserm en 2020, payée par l'Inserm : je coche les critères HP ?",
            "2025-09-20",
            "eligibility",
            ["Hauts potentiels", "rempli"],
        ),
        ("j'ai déposé mon dossier CI, quand j'aurai une réponse ?", None, "event", ["décembre 2026"]),
        # A career's initials ("carrière HU") and a semester of internat say who asks, not another body.
        (
            "en dernier semestre d'internat de pharmacie, je vise une carrière HU : quel programme ?",
            None,
            "suggest",
            ["**Programme CCA Inserm-Bettencourt**"],
        ),
        # A moment of the day beside a deadline asks the deadline, whatever else the message says.
        ("16h45, mon dossier CI est quasi prêt, c'est toujours faisable ?", "2026-05-27", "deadline", ["17:00"]),
        ("les HP, postuler c'est encore possible ?", "2025-11-02", "deadline", ["clos"]),
        # Choosing among programmes: what each is for, beside its verdict.
        (
            "interne en fin de DES de médecine, je veux une carrière HU avec de la clinique : quel programme ?",
            None,
            "suggest",
            ["Objet : « permet d’accompagner l’entrée dans la carrière hospitalo-universitaire"],
        ),
        # A programme no text gives dates for is said to have none, beside those that have them.
        (
            "PA, CCA Bettencourt ou CI : lequel est ouvert aujourd'hui ?",
            "2026-04-20",
            "deadline",
            ["il reste", "n’en donnent pas les dates"],
        ),
        ("CER : qu'est-ce qu'on doit mettre dans le dossier de financement ?", None, "documents", ["doctorat"]),
        # Several steps asked, one of them undated by the call: said to be undated, beside the dated one.
        (
            "CI : la pré-sélection c'est quand, et les entretiens ?",
            None,
            "event",
            ["novembre 2026", "présélections : le texte de l’appel n’en donne pas la date"],
        ),
        # "Lequel permet…" between programmes named: the comparison, with what each is for.
        ("Entre PA et CI, lequel permet de garder du temps clinique ?", None, "suggest", ["| Objet |"]),
        ("how much of the time is research in a CCA Inserm-Bettencourt?", None, "duration", ["50 %"]),
        # A pay set by reference to a scale answers "how much".
        ("CER : c'est payé combien ?", None, "amount", ["à hauteur du CESP"]),
        # "I am a vet… or only MDs?": the profession said of oneself, the other one asked about.
        (
            "Je suis vétérinaire, les postes d'accueil c'est ouvert aux vétos ou seulement aux médecins ?",
            None,
            "eligibility",
            ["non rempli : être médecin", "vétérinaires"],
        ),
        # Whom to write to, asked last after what about.
        (
            "je suis PH, une question sur la durée des CI, j'écris à qui ?",
            None,
            "contact",
            ["contrat.interface-CIHU@inserm.fr"],
        ),
        # What a message sets aside is not asked; the criteria come before the steps' dates.
        (
            "à part la lettre et le CV, sur quoi les dossiers CI sont jugés ?",
            None,
            "selection",
            ["**Contrats d'interface pour hospitaliers**, sélection", "missions de l'Inserm"],
        ),
        (
            "HP : IR titulaire depuis 2018 payée par l'Inserm, je suis dans les clous ?",
            "2025-09-20",
            "eligibility",
            ["oui"],
        ),
        # How long something lasts, asked "jusqu'à quand": its length, not a deadline.
        ("CER : jusqu'à quand dure le soutien financier ?", None, "duration", ["jusqu’au début du 3ème cycle"]),
        (
            "Which suits me better as a first-year resident wanting a PhD: postes d'accueil or interface contracts?",
            None,
            "suggest",
            ["| What for |"],
        ),
        # "En même temps" is at once, not the same length.
        (
            "les auditions PA et CI, c'est quand ? on ne veut pas être absents en même temps",
            None,
            "event",
            ["juin", "novembre 2026"],
        ),
        ("CI, inscriptions : je peux commencer aujourd'hui ?", "2026-04-07", "opening", ["(demain)"]),
        # A weekday to come beside a deadline: judged as of that day.
        (
            "If I upload my CI file next Monday, is that before the deadline?",
            "2026-05-20",
            "deadline",
            ["open until then"],
        ),
        ("For the HP, the group project: who is it handed to?", None, None, ["présenté devant le P‑dg"]),
        # Someone else's eligibility, asked "comme lui", "could my colleague".
        (
            "Mon chef de service est PU-PH : les contrats d'interface sont ouverts aux PU-PH comme lui ?",
            None,
            "eligibility",
            ["remplissez"],
        ),
        ("Could my colleague, a PHC in a CHU, apply for an interface contract?", None, "eligibility", ["meet"]),
        # "Il faut attendre ?" before a call opens asks when it opens.
        (
            "HP : je voulais déposer mon dossier aujourd'hui, ou il faut attendre ?",
            "2025-09-01",
            "opening",
            ["8 septembre"],
        ),
        # "Sur quoi" asks the criteria first; "quand" the dates first.
        ("sur quoi le jury va juger mon dossier HP ?", None, "selection", ["sensibilité managériale"]),
        ("How much time does a CCA Inserm-Bettencourt take in all?", None, "duration", ["4 years"]),
        ("le CCA Bettencourt c'est 4 ans obligatoirement ?", None, "duration", ["renouvelable jusqu’à 4 ans"]),
        ("Entre HP et CI, lequel vise les chercheurs titulaires ?", None, "suggest", ["| Pour qui |"]),
        ("PA : dossier rempli, je l'envoie où ?", None, "how_to_apply", ["Inserm pro"]),
        ("le nom des personnes en charge des postes d'accueil ?", None, "contact", ["NORAZ"]),
        # The file for a post outside the quota, whole, beside the CER's own file.
        ("What must the CER application include?", None, "documents", ["doyen de la faculté d’accueil"]),
        ("Roughly how many positions does Inserm offer across its bridge schemes?", None, "count", ["quarantaine"]),
        # A CV named beside the selection is no list of documents asked for.
        (
            "Would the quality of my host lab count in the postes d'accueil selection, or is it all about my CV?",
            None,
            "selection",
            ["qualité du laboratoire d'accueil"],
        ),
        # A contract renewed in the past is said of the applicant, not asked of the programme.
        ("IE en CDD à l'Inserm depuis 6 ans (renouvelé 3 fois), les HP c'est possible ?", None, "eligibility", ["CDI"]),
        # The CER's doctorate must precede DFASM: one defended during the internat fails it, said with the verdict.
        (
            "thèse de sciences soutenue pendant mon internat : le CER d'après le texte de l'AMPS, ça me concerne ?",
            None,
            "eligibility",
            ["d’après son texte, non éligible", "non rempli"],
        ),
        ("entre le CI et le CCA Bettencourt, lequel est fait pour moi ? je finis mon internat", None, "suggest", ["|"]),
        # A diploma obtained before the post is taken up counts as held by then.
        (
            "interne en médecine, M2 recherche validé, thèse d'exercice en septembre 2026 : poste d'accueil possible ?",
            None,
            "eligibility",
            ["rempli : être titulaire de master 2 recherche et thèse d'exercice"],
        ),
        # "Sur lesquels ... jugés": a relative pronoun and a verb's form name no subject the texts lack.
        ("les critères sur lesquels les candidats HP sont jugés ?", None, "selection", ["sensibilité managériale"]),
        # The b16 families. "ouvert à mon profil" asks a verdict, whatever the message says of one's pay.
        (
            "Technicienne titulaire, rémunérée par l'Inserm depuis 2019 : HP, c'est ouvert à ma situation ?",
            "2025-09-20",
            "eligibility",
            ["Hauts potentiels"],
        ),
        # A tenure year said of a research grade, no body named, is the Inserm tenure HP asks.
        (
            "chargée de recherche titularisée en mars 2024, le parcours HP c'est pour moi ?",
            "2025-09-20",
            "eligibility",
            ["non éligible"],
        ),
        # Applying "en ce moment", "dans 20 minutes": when the call closes.
        (
            "je voudrais candidater aux contrats d'interface, c'est faisable en ce moment ?",
            "2026-07-01",
            "deadline",
            ["27 mai 2026"],
        ),
        (
            "il est 16h50, si j'envoie mon dossier PA dans 20 min ça passe ?",
            "2026-02-20",
            "deadline",
            ["17:10", "clos"],
        ),
        # "lequel correspond à ma situation" compares the programmes for this profile.
        (
            "Ingénieur d'études titulaire à l'Inserm depuis 5 ans : lequel correspond à ma situation ?",
            "2025-09-20",
            "suggest",
            ["Hauts potentiels"],
        ),
        # Whom to write to, asked with its subject after it.
        (
            "who can I e-mail about a question on host position documents?",
            None,
            "contact",
            ["postesdaccueil.siege@inserm.fr"],
        ),
        ("ok et j'envoie ma candidature HP à qui ?", None, "how_to_apply", ["hpcandidature@inserm.fr"]),
        # "en quoi consiste", "c'est quoi exactement": framing words and a greeting are no subject.
        ("Bonjour, en quoi consiste exactement le poste d'accueil ?", None, "about", ["Inserm"]),
        ("le CER ça se demande où ?", None, "how_to_apply", ["proposition"]),
        # The b17 families. Whom "nous" may write to, asked last in a message about something else.
        (
            "Nous avons un doute sur le budget du contrat d'interface. À qui pouvons-nous écrire ?",
            None,
            "contact",
            ["contrat.interface-CIHU@inserm.fr"],
        ),
        ("where I submit my host position file?", None, "how_to_apply", ["Inserm pro"]),
        # A group asked about: what the text says of it, not a verdict on a person.
        ("Le poste d'accueil est-il ouvert aux odontologistes ?", None, "eligibility", ["oui pour ce profil"]),
        # A thesis "of exercise" is the thèse d'exercice; a PhD "for doing" is not held.
        (
            "I'm an interne, I have a research M2 and my exercise thesis, for doing a PhD: host position possible?",
            None,
            "eligibility",
            ["met: hold research master's (M2) and practice thesis"],
        ),
        # A verdict and a length in one ask; a tenure at a hospital is not Inserm's.
        (
            "PU-PH titulaire au CHU depuis 2015, mon statut me permet-il de candidater au CI et pour combien de temps ?",
            None,
            "eligibility",
            ["rempli : avoir l'un de ces statuts", "5 ans"],
        ),
        # The one condition a verdict question names is answered first; a yes or no asked of a list, by its item.
        (
            "Chargée de recherche Inserm titularisée le 1er mars 2022 : je remplis la condition d'ancienneté pour HP ?",
            "2025-09-20",
            "eligibility",
            ["La condition d’ancienneté : oui, vous la remplissez"],
        ),
        ("HP : faut-il joindre un CV ?", None, "documents", ["Oui, le texte le demande : « Un CV détaillé"]),
        (
            "Is the quality of the supervisor taken into account for host positions?",
            None,
            "selection",
            ["Yes, it is one of the criteria: « qualité du laboratoire d'accueil et de l'encadrant »"],
        ),
        # A yes or no on who pays whom, from the funding facts: no only when the text names the only payer.
        (
            "c'est l'Inserm qui me paie pendant le contrat d'interface ?",
            None,
            "funding",
            ["Non : « le praticien demeure rémunéré par son établissement d’origine »."],
        ),
        ("CI: Is the hospital compensated?", None, "funding", ["Yes: « L'Inserm versera au partenaire hospitalier"]),
        (  # a negation after the ask ("no longer spends") is not the ask's
            "If our PH gets a contrat d'interface, is the hospital compensated for the time he no longer spends in clinic?",
            None,
            "funding",
            ["Yes: « L'Inserm versera au partenaire hospitalier"],
        ),
        ("CCA Inserm-Bettencourt: le labo reçoit un financement ?", None, "funding", ["Oui : « un financement annuel"]),
        # Two asks in one message: each is answered.
        (
            "CER : la rémunération est-elle au niveau du CESP ? Et en cas de manquement à l'engagement de service public ?",
            None,
            "funding",
            ["à hauteur du CESP", "remboursement des sommes versées"],
        ),
        # An English question on what a scheme consists of; a pay asked after the subject of a follow-up.
        ("What are the main measures of the CER proposal?", None, "about", ["deux mesures principales"]),
        # A group asked about by one of its members, set against another ("ou seulement aux médecins ?").
        (
            "Pharmacienne en CHU : le contrat d'interface est-il ouvert aux pharmaciens, ou seulement aux médecins ?",
            None,
            "eligibility",
            ["oui pour ce profil"],
        ),
        # Private practice is no hospital; every condition of a proposal's text met is said with its verdict.
        (
            "Médecin libéral installé en cabinet, puis-je candidater au contrat d'interface ?",
            None,
            "eligibility",
            ["non éligible"],
        ),
        (
            "Doctorat de sciences obtenu avant d'entrer en DFASM, suis-je concernée par le CER ?",
            None,
            "eligibility",
            ["d’après son texte, oui, éligible"],
        ),
        # A length stated to be checked is answered yes or no first.
        ("le contrat d'interface dure 5 ans pour un PHC ?", None, "duration", ["Non : 3 ans."]),
        ("CI: is it 5 years for a PU-PH?", None, "duration", ["Yes: 5 years."]),
        ("les postes d'accueil c'est 2 ans ?", None, "duration", ["Oui : 2 ou 3 ans."]),
        # A physician's specialty as a field of training.
        (
            "Interne en 3e année de pédiatrie avec M2 recherche et thèse d'exercice, puis-je candidater aux postes d'accueil ?",
            "2026-01-25",
            "eligibility",
            ["rempli : être médecin, pharmacien ou odontologiste"],
        ),
        # A yes or no on a call's window is said first.
        ("c'est encore ouvert les postes d'accueil ?", "2026-02-01", "deadline", ["Oui : l’appel est ouvert."]),
        ("contrat d'interface, trop tard ?", "2026-06-01", "deadline", ["Oui : l’appel est clos."]),
        (
            "Can I still apply for a host position?",
            "2026-01-10",
            "deadline",
            ["No, not yet: registration is not open."],
        ),
        # Closed to oneself asks a verdict; applying now asks the window; a rule's consequence is quoted with it.
        (
            "Titulaire à l'Inserm depuis 12 ans avec une interruption d'un an : les HP me sont-ils fermés ?",
            None,
            "eligibility",
            ["interruptions d’activité"],
        ),
        ("contrat d'interface : je peux postuler maintenant ?", "2026-04-01", "deadline", ["8 avril 2026"]),
        (
            "CER : que se passe-t-il si l'étudiant ne travaille pas ensuite dans le service public ?",
            None,
            None,
            ["Tout manquement à cette règle entraînera le remboursement"],
        ),
        # What a contract pays for is its funding, quoted from its own line of the overview (not the CCA's).
        (
            "What does the interface contract money pay for?",
            None,
            "funding",
            ["l’Inserm verse une indemnité forfaitaire à l’établissement hospitalier"],
        ),
        # A yes or no on the window asked beside its date, or at the asker's hour, is said first.
        (
            "Je peux déjà m'inscrire aux postes d'accueil ? jusqu'à quand ?",
            "2026-01-25",
            "deadline",
            ["Oui : l’appel est ouvert."],
        ),
        (
            "il est 10h, j'ai encore le temps de déposer pour les postes d'accueil ?",
            "2026-02-20",
            "deadline",
            ["Oui : l’appel est ouvert."],
        ),
        # The programme's name ("for hospital practitioners") is no status of the asker's.
        (
            "I'm a PHC at a CHU: can I apply to the interface contracts for hospital practitioners?",
            None,
            "eligibility",
            ["met: hold one of these positions"],
        ),
        # A step whose text gives its days is answered, however exactly the day is asked.
        (
            "Postes d'accueil : à partir de quel jour exactement peut-on prendre ses fonctions ?",
            None,
            "event",
            ["1er novembre"],
        ),
        # "savoir si", "si oui" are no condition.
        (
            "Je voulais savoir si l'appel des postes d'accueil est encore ouvert. Cordialement",
            "2026-02-01",
            "deadline",
            ["Oui : l’appel est ouvert."],
        ),
        # A condition in a yes or no on the window: no bare "oui".
        (
            "Je peux encore postuler aux postes d'accueil si je suis déjà CCA ? c'est quand la date limite ?",
            "2026-02-01",
            "deadline",
            ["**Postes d'accueil** : la date limite"],
        ),
        (
            "au téléphone avec un candidat : la date limite des postes d'accueil ?",
            None,
            "deadline",
            ["20 février 2026"],
        ),
        # A hospital named Hôtel-Dieu, a host team, a trip mentioned in passing: no travel costs asked.
        ("Je suis PH à l'Hôtel-Dieu, puis-je candidater au contrat d'interface ?", None, "eligibility", ["rempli"]),
        (
            "Sorry for the late reply, I was on travel. What is the deadline for the postes d'accueil?",
            None,
            "deadline",
            ["20 February 2026"],
        ),
        # Papers written in English are no file's language.
        (
            "Postes d'accueil : j'ai publié des articles en anglais, suis-je éligible ?",
            None,
            "eligibility",
            ["**Postes d'accueil** :"],
        ),
        # A step supposed ("si je suis retenu") is not asked; taking up one's post is the start.
        (
            "PA : si je suis retenu je prendrais mes fonctions quand ?",
            None,
            "event",
            ["prise de fonction", "1er novembre et le 15 décembre 2026"],
        ),
        # A comparison of the programmes' steps gives each one's.
        ("auditions postes d'accueil vs contrats d'interface : quand ?", None, "event", ["juin", "novembre 2026"]),
        # A specialty is a physician's; "à" is no English "a".
        (
            "cardiologue PH à l'AP-HP, contrat d'interface possible ?",
            None,
            "eligibility",
            ["rempli : être médecin, pharmacien ou odontologiste"],
        ),
        # A year beside the programme does not move what is asked (the classifier reads the question without it).
        ("Une AHU peut-elle candidater au programme CCA Bettencourt 2026 ?", None, "eligibility", ["non éligible"]),
        ("un chef de clinique peut faire un poste d'accueil 2026 ?", None, "eligibility", ["oui pour ce profil"]),
        # A trade the text lists among those a programme takes (an open list): a yes for it, the conditions below.
        (
            "est-ce que les responsables de plateforme peuvent faire les HP ?",
            None,
            "eligibility",
            ["oui pour ce profil"],
        ),
        ("Could a team leader join the Hauts potentiels course?", None, "eligibility", ["yes for this profile"]),
        ("une cadre administrative titulaire, ça peut postuler aux hauts potentiels ?", None, "eligibility", ["oui"]),
        # ... and one it does not list is not a no there, but is where a status criterion leaves it out.
        ("je suis cadre administratif, le contrat d'interface m'est ouvert ?", None, "eligibility", ["non éligible"]),
        # "déjà" of no one's situation asks whether the call has opened yet; of a stage of studies, a verdict.
        ("je peux deja candidater aux HP ?", "2025-09-02", "opening", ["Non, pas encore", "8 septembre 2025"]),
        ("Can we already apply for the interface contracts?", "2026-04-15", "deadline", ["Yes: the call is open"]),
        ("on peut déjà postuler au CI ?", "2026-04-15", "opening", ["Oui : l’appel est ouvert"]),
        ("En 4e année de pharmacie, je peux déjà postuler aux postes d'accueil ?", None, "eligibility", []),
        # Seniority said "ça fait N ans que je suis titulaire".
        ("ça fait 2 ans que je suis titulaire à l'Inserm, payé par l'Inserm, HP ok ?", None, "eligibility", ["non"]),
        # A diploma asked as required, at no moment: whether the text requires it (not the asker's verdict).
        (
            "la thèse d'exercice est-elle exigée pour les postes d'accueil ?",
            None,
            "eligibility",
            ["Oui, le texte l’exige"],
        ),
        (
            "Is the thèse d'exercice mandatory for a poste d'accueil?",
            None,
            "eligibility",
            ["Yes, the text requires it"],
        ),
        ("un doctorat est-il nécessaire pour le CER ?", None, "eligibility", ["Oui, le texte l’exige"]),
        # ... and asked at the deposit by "on": judged at taking up the post.
        ("le M2 doit-il être obtenu au moment où l'on candidate au PA ?", None, "eligibility", ["Non : la condition"]),
        # One's own file unfinished negates nothing of the window asked.
        (
            "j'ai pas pu terminer hier, c'est encore possible de déposer mon dossier PA ?",
            "2026-02-21",
            "deadline",
            ["Non"],
        ),
        # Renewal asked yes or no: the total the text allows.
        (
            "le programme CCA Bettencourt peut-il être renouvelé ?",
            None,
            "duration",
            ["Oui : renouvelable, jusqu’à 4 ans"],
        ),
        # The programme itself asked to pay: the contract's own or Inserm's money, or another party said the only one.
        (
            "le contrat d'interface couvre-t-il mon salaire ?",
            None,
            "funding",
            ["Non : « le praticien demeure rémunéré"],
        ),
        ("le poste d'accueil finance mon salaire ?", None, "funding", ["Oui : « le contrat finance"]),
        ("does Inserm give anything to the hospital when someone there gets a CI?", None, "funding", ["Yes:"]),
        # A proposal compared with a call: whom its text is for, beside the table.
        ("CER vs poste d'accueil : c'est pour qui chacun ?", None, "suggest", ["pour qui (sa proposition)", "DFASM"]),
        # A situation, then "ça marche pour … ?": a verdict; "à qui adresser son dossier ?" is how the file goes.
        ("je suis PHC, le CI ça le fait ?", None, "eligibility", ["Contrats d'interface pour hospitaliers"]),
        (
            "Bonjour, une collègue IR titulaire depuis 6 ans me demande à qui adresser son dossier HP. La marche à suivre ?",
            None,
            "how_to_apply",
            ["hpcandidature@inserm.fr"],
        ),
        # The person a call lists, asked by the department written beside the name.
        ("qui est la personne des ressources humaines citée dans l'appel PA ?", None, "contact", ["CRESSANT"]),
        # "ou pas ?" is a yes or no; a date one missed, said after the question, negates nothing asked.
        ("le poste d'accueil c'est à temps plein ou pas ?", None, "duration", ["Oui"]),
        ("je peux encore envoyer mon dossier CI ? j'avais pas noté la date", "2026-05-28", "deadline", ["Non"]),
        # The applicant an HR agent writes about, paid: "does she stay on the hospital payroll?"
        ("For the CI, will he remain on the hospital payroll?", None, "funding", ["Yes: « le praticien demeure"]),
        # A renewal asked beyond the text's total, or as of right, gets no "oui": the length only.
        ("le CCA Bettencourt est-il renouvelable au-delà de quatre ans ?", None, "duration", ["2 ans, renouvelable"]),
        ("le CCA Bettencourt est renouvelable automatiquement ?", None, "duration", ["2 ans, renouvelable"]),
        # A trade of another employer's staff, or asked with a condition, is no yes for the trade the HP lists.
        ("un chef d'équipe CNRS peut candidater aux HP ?", None, "eligibility", ["éligibilité à confirmer"]),
        ("un ingénieur peut suivre les HP sans l'accord de son directeur ?", None, "eligibility", ["à confirmer"]),
        # "ça fait N ans que je suis titulaire au CNRS": no Inserm seniority.
        (
            "ça fait 5 ans que je suis titulaire au CNRS et à l'Inserm depuis 1 an, HP ok ?",
            None,
            "eligibility",
            ["non"],
        ),
        # The contract said "il" is not the one paid; a diploma asked of a supervisor is not the applicant's.
        ("le CI, il est financé par l'Inserm ?", None, "funding", ["L'Inserm versera"]),
        ("faut-il un M2 pour être encadrant d'un poste d'accueil ?", None, "eligibility", ["à confirmer"]),
        # Any host asked for: "non", and where the text says the host must be.
        ("je peux faire mon PA dans n'importe quel labo ?", None, "eligibility", ["Non, le texte exige"]),
        ("can the host for a poste d'accueil be any lab?", None, "eligibility", ["No, the text requires"]),
        # "y a-t-il un interlocuteur RH identifié à l'Inserm ?" asks the contacts, names included.
        ("Pour le CI, y a-t-il un interlocuteur RH identifié à l'Inserm ?", None, "contact", ["CRESSANT"]),
        # The beneficiary named as the one paid ("the clinician" is no typo of « clinicat »); a status that "compte".
        ("for the CI, does Inserm pay the physician directly?", None, "funding", ["No: « le praticien demeure"]),
        ("le statut de PHU compte pour le CI ?", None, "eligibility", ["Contrats d'interface pour hospitaliers"]),
        # Lengths offered as a choice and who settles it; an HR department is the asker's, no other body; a
        # programme asked for a purpose ("lequel est fait pour préparer une thèse ?") is a comparison.
        (
            "Pour le PA, c'est moi qui choisis entre 2 et 3 ans ? ça dépend de quoi ?",
            None,
            "duration",
            ["selon l'avancée"],
        ),
        ("PA: is it me who chooses between 2 and 3 years?", None, "duration", ["selon l'avancée"]),
        (
            "I work in the HR department of a university hospital. One of our MCU-PHs is considering an interface contract"
            " and our director wants to know how long it would last for someone with that status. Could you clarify?",
            None,
            "duration",
            ["5 ans à temps partiel"],
        ),
        (
            "Je suis CCA, j'hésite entre un PA et le programme CCA Inserm-Bettencourt. Lequel est fait pour préparer une thèse ?",
            None,
            "suggest",
            ["doctorat en sciences", "50 %"],
        ),
        # A count answered by the sentence that counts what is asked, whatever else the message says; a message's
        # names of places and people, and the words of a helpdesk's work, are no subject of its question.
        (
            "Combien de personnes sont retenues par promotion dans le parcours HP ? Je veux savoir si ça vaut le coup.",
            None,
            "count",
            ["une dizaine de participants"],
        ),
        (
            "How many posts does Inserm offer in 2026 across the passerelles soins-recherche?",
            None,
            None,
            ["quarantaine"],
        ),
        (
            "combien de postes en tout sur les passerelles soins-recherche ?",
            None,
            "count",
            ["une quarantaine de postes"],
        ),
        (
            "Hi,\n\nI'm covering the helpdesk inbox for our unit. A resident from Nantes wants to apply for a poste"
            " d'accueil and has a question we can't answer. Which Inserm address should I forward her to?\n\nThanks,\nJulien",
            None,
            "contact",
            ["postesdaccueil.siege@inserm.fr"],
        ),
        # What the asker already did is told, not asked; people counted with no noun; a document's length; the
        # criteria to be "retenu"; what a proposal is, "dont parle l'AMPS".
        (
            "J'ai déposé mon dossier de PA en février, quand est-ce qu'on sait si on est présélectionné ?",
            "2026-04-08",
            "event",
            ["Présélections : 2ème quinzaine du mois d'avril"],
        ),
        ("On est combien à être pris par promo HP en général ?", None, None, ["une dizaine de participants"]),
        (
            "The note d'intention for the HP application — what should it cover and how long can it be?",
            None,
            "documents",
            ["Une note d’intention (2 pages max.)"],
        ),
        ("Quels sont les critères pour être retenu au parcours HP ?", None, "selection", ["sensibilité managériale"]),
        (
            "C'est quoi exactement le Contrat Engagement Recherche dont parle l'AMPS ?",
            None,
            "about",
            ["hors contingent"],
        ),
        # Lengths of the asker's own are no contract's; a purpose asked of no programme named is read in the texts.
        (
            "I have 2 or 3 years of seniority at Inserm, who decides if I can apply to HP?",
            None,
            "eligibility",
            ["not eligible"],
        ),
        ("Lequel est fait pour préparer une thèse de sciences ?", None, "about", ["Postes d’accueil"]),
        # What a training covers is what it teaches, not what it pays for.
        ("ok cool, what themes does the Hauts potentiels course cover?", None, "about", ["Management stratégique"]),
    ],
)
def test_questions_asked_any_way_get_their_answer(
    engine: Engine, question: str, today: str | None, intent: str | None, checks: list[str]
) -> None:
    day = dt.date.fromisoformat(today) if today else dt.date(2026, 1, 25)
    assert engine.understand(question, (), day).intent == intent
    answer = engine.ask(question, today=day)
    assert answer.status == "answered" and all(c in answer.answer for c in checks), answer.answer


@pytest.mark.parametrize(
    ("question", "reason", "line"),
    [
        ("Les contrats d'interface 2027 : quelle est la date limite ?", "year", "ne portent que sur l’appel 2026"),
        # The dates asked on their own, in SMS style, of a year with no edition.
        ("y a un appel CI en 2027 ? c quoi les dates", "year", "ne portent que sur l’appel 2026"),
        ("When does the Hauts potentiels 2027-2028 call open?", "year", "only cover the 2026-2027 call"),
        ("Qui préside le comité ad hoc des contrats d'interface ?", None, "ne donnent pas de noms de personnes"),
        ("C'est combien le CESP par mois ?", None, "ne donnent pas ce montant"),
        ("un poste d'accueil est-il renouvelable au bout de 3 ans ?", None, "renouvelé ou prolongé"),
        ("how many days off per year during a poste d'accueil?", None, "do not"),
        # An edition the corpus does not hold, whatever is asked of it.
        ("Hauts potentiels promotion 2028-2029 : le dossier ?", "year", "ne portent que sur l’appel 2026-2027"),
        ("c'est combien le salaire en contrat d'interface ?", None, "ne donnent pas ce montant"),
        ("c'est quoi le salaire d'un MCU-PH en poste d'accueil ?", None, "ne donnent pas ce montant"),
        # Another funder or call, named.
        ("Quand ferme l'appel ANR JCJC ?", "outside", "ne traitent pas de « ANR », « JCJC »"),
        ("Combien de postes d'accueil sont ouverts ?", None, "ne donnent pas ce nombre"),  # no "oui, c'est ouvert"
        # A count of posts is not answered by a length or an hour ("3 à 5 ans", "17 heures"), nor for a year with no call.
        ("combien de contrats d'interface en tout ?", None, "ne donnent pas ce nombre"),
        # A salary scale is an amount the texts never give, whatever the statuses it names.
        ("c'est quoi la grille salariale d'un PHC comparée à un PH ?", None, "ne donnent pas ce montant"),
        # A count is not answered by an ordinal or by years a question does not count ("cette année").
        ("combien de places pour les postes d'accueil cette année ?", None, "ne donnent pas ce nombre"),
        ("combien de postes d'accueil en 2026 ?", None, "ne donnent pas ce nombre"),
        ("Combien de postes d'accueil l'Inserm ouvre en 2026 ?", None, "ne donnent pas ce nombre"),
        ("how many interface contracts will there be in 2027?", "year", "only cover"),
        ("How much exactly is the indemnity Inserm pays the hospital each year?", None, "do not give this amount"),
        ("contrat d'interface : quelle quotité de temps pour la recherche ?", None, "ne donnent pas cette part"),
        ("le concours IR Inserm, inscriptions quand ?", None, "ne traitent pas de « IR »"),
        # A condition no text sets: no verdict on the text's criteria.
        (
            "interne étranger, les postes d'accueil sont-ils ouverts aux non-EU nationals ?",
            "passages",
            "ne répondent pas",
        ),
        ("y a-t-il une limite d'âge pour les Hauts potentiels ?", "passages", "ne répondent pas"),
        ("an ERC Starting Grant with a poste d'accueil, possible?", None, "do not cover « ERC »"),
        # A profile and a programme beside an ask no pattern knows: no verdict is given for it.
        (
            "Interne en pharmacie. Comment Inserm aide pour trouver une crèche si j'ai un poste d'accueil ?",
            "passages",
            "ne répondent pas",
        ),
        # Another body's call, even a university hospital's, is not these texts' ("l'appel de l'AP-HP").
        ("quelle est la date limite de l'appel jeunes chercheurs de l'AP-HP ?", None, "ne traitent pas"),
        # "Encore possible" of something else than applying.
        ("est-il toujours possible de changer d'unité d'accueil après un poste d'accueil ?", None, "ne répondent pas"),
        # A modal about something else than the applicant asks no verdict.
        ("do the interviews for the interface contracts have to be in person?", None, "do not answer"),
        # The hour of a day the call gives alone: the day, and whom to ask.
        ("HP : le jour de la clôture, on a jusqu'à quelle heure ?", None, "ne donne pas d’heure limite"),
        ("where can I see the list of people admitted to the CI last year?", None, "give no names of people"),
        ("what is the gross monthly pay in a contrat d'interface?", None, "do not give this amount"),
        # Applying to two programmes at once: no text rules on it.
        ("est-il possible de postuler à la fois aux CI et aux Hauts potentiels ?", "passages", "ne répondent pas"),
        ("à quelle adresse e-mail envoie-t-on sa candidature au CER ?", None, "aucun contact"),
        # The form of the files (format, size) when no text gives it.
        ("CI : le dossier doit être en PDF ? taille max ?", "passages", "ne répondent pas"),
        (
            "What's the exact amount Inserm pays the hospital for a contrat d'interface?",
            None,
            "do not give this amount",
        ),
        (
            "qui sont les membres de la promotion 2025 des Hauts potentiels ?",
            None,
            "ne donnent pas de noms de personnes",
        ),
        ("les résultats des contrats d'interface, c'est quel jour ?", None, "seulement la période"),
        ("Contrats d'interface : vous avez un numéro de téléphone ?", "passages", "ne répondent pas"),
        # Travel costs no text covers; an amount of no programme.
        ("Les frais de déplacement pour l'audition CI sont-ils pris en charge ?", "passages", "ne répondent pas"),
        ("bon et c'est payé combien en général ?", None, "ne donnent pas ce montant"),
        (
            "I mean the 2025 postes d'accueil call, not the 2026 one: what was the deadline?",
            "year",
            "only cover the 2026 call",
        ),
        # A year set aside is not asked; an amount of a hyphenated thing.
        ("les dates de l'appel postes d'accueil 2025 (pas 2026) ?", "year", "ne portent que sur l’appel 2026"),
        ("How much is the flat-rate indemnity for an interface contract?", None, "do not give this amount"),
        # Who was in a past cohort: no names; the exact day of a step given as a month.
        ("Hauts potentiels : qui était dans la dernière promotion ?", None, "ne donnent pas de noms de personnes"),
        ("Postes d'accueil : quel jour exactement ont lieu les auditions ?", None, "seulement la période"),
        # The language it is written in, which no text gives.
        ("Contrat d'interface : le dossier peut-il être écrit en anglais ?", "passages", "ne répondent pas"),
        # A funder named in full.
        ("La Fondation pour la Recherche Médicale finance-t-elle des années recherche ?", None, "ne traitent pas"),
        # A question of no programme about what no text names: no programme's durations.
        ("how long does it take to get a talent visa?", "passages", "do not answer"),
        ("cb on touche en CI par mois ?", None, "ne donnent pas ce montant"),
        # What an applicant may need beside the programme, which no text covers.
        ("Est-ce que l'Inserm aide pour le logement si j'ai un poste d'accueil ?", "passages", "ne répondent pas"),
        ("Les journées HP, c'est possible de les suivre à distance en visio ?", "passages", "ne répondent pas"),
        # A year is no count.
        ("How many CER were awarded in 2024?", None, "do not give this number"),
        ("What is the annual salary of the CER?", None, "do not give this amount"),
        # A figure asked as such of a pay the texts set by reference only.
        ("CER : ça fait combien en euros par mois ?", None, "ne donnent pas ce montant"),
        # A programme no call text of its own covers: what its presentation says.
        ("how much is a CCA Inserm-Bettencourt paid each month?", None, "50 %"),
        # A prize applied to, whoever speaks; a programme named only in what the message tells is not asked about.
        ("Comment je peux candidater au Grand Prix Inserm ? C'est quand la date limite ?", None, "portent sur"),
        (
            "When is the deadline for the CCA Inserm-Bettencourt 2026 call? I only find the postes d'accueil dates.",
            None,
            "do not give this date",
        ),
        # A count of what no text counts, though a sentence counts people ("une dizaine de participants"); a name of
        # another call, capitalised.
        ("Combien de personnes dans le jury HP ?", None, "ne donnent pas ce nombre"),
        ("Combien de candidats postulent au parcours HP en général ?", None, "ne donnent pas ce nombre"),
        ("Je transfère la question d'une collègue de Rennes : quand ouvre l'appel Tremplin ?", None, "ne donnent pas"),
        # A count of the past: no text counts it, whatever the size of a promotion.
        ("combien de candidats ont été retenus l'an dernier pour les HP ?", None, "ne donnent pas ce nombre"),
    ],
)
def test_questions_the_texts_do_not_answer_are_refused_with_the_reason(
    engine: Engine, question: str, reason: str | None, line: str
) -> None:
    query = engine.understand(question, (), dt.date(2026, 1, 25))
    assert (query.refusal.reason if query.refusal else None) == reason
    answer = engine.ask(question, today=dt.date(2026, 1, 25))
    assert answer.status == "refused" and line in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        # Joining a unit is no start of tenure.
        ("Tenured engineer; I joined my present unit 2 years ago after 6 years elsewhere. HP for me?", "not eligible"),
        # A technical snag is no verdict on the applicant.
        ("mon fichier est trop lourd, ça bloque sur EVA pour le dossier CI ?", "éligib"),
        # What a message sets aside is only a clause closed by a comma ("hormis la lettre que faut-il…" asks it all).
        ("Hormis la lettre de motivation que faut-il envoyer pour le contrat d'interface ?", "ne répondent pas"),
        # The call's "jusqu'à quand" is its deadline; "rester encore combien de temps" a length.
        ("L'appel des postes d'accueil dure jusqu'à quand ?", "2 ou 3 ans"),
        ("Je peux rester encore combien de temps en contrat d'interface ?", "date limite"),
        # A CV's size is its page limit, not a file's size; "6 mo" is months.
        ("Quelle taille pour le CV des Hauts potentiels ?", "ne répondent pas"),
        ("I have 6 mo left on my current contract, am I eligible for the interface contract?", "do not answer"),
        ("PH et PHC, c'est le même temps de contrat pour le contrat d'interface ?", "éligib"),
        # A programme only its abbreviation names is the one asked about, not all of them.
        ("PA : ça dure combien de temps ?", "Contrat Engagement"),
        # Two diplomas in one profile are no two applications.
        ("interne avec à la fois un M2 et une thèse d'exercice, le poste d'accueil est pour moi ?", "ne répondent pas"),
        # The review of the b16-b18 families: a word the analyser drops ("thèse") must be in the item said "oui";
        # a research grade at another body holds no Inserm tenure; a group no status of which the text names is
        # no "oui pour ce profil"; applying "actuellement" said of oneself asks no deadline.
        ("Faut-il une lettre d'appui du directeur de thèse pour les Hauts potentiels ?", "Oui"),
        (
            "Je suis IR titulaire depuis 2016 au CNRS, je remplis la condition d'ancienneté des Hauts potentiels ?",
            "Oui",
        ),
        ("Les PH titulaires peuvent-ils candidater aux Hauts potentiels ?", "oui pour ce profil"),
        ("Je suis actuellement en disponibilité, puis-je candidater au contrat d'interface ?", "Oui : l’appel"),
        # A payer the text does not name is no "non" (the poste d'accueil's contract names none).
        ("poste d'accueil : c'est l'Inserm qui me paie ?", "Non"),
        ("contrat d'interface : l'Inserm ne me paie pas ?", "Oui"),  # a negative question is answered "si"
        # Years asked as the condition are not the applicant's seniority.
        ("For the HP, do I need 3 years of seniority?", "not eligible"),
        ("Hauts potentiels : faut-il 3 ans d'ancienneté ?", "non éligible"),
        ("I need help: I've been tenured at Inserm for 2 years, can I apply to the HP?", "to be confirmed"),
        ("Un PA peut durer 3 ans si je suis PH ?", "Oui"),  # who asks is told, not a length checked
        ("peut-on toujours candidater aux HP en CDD ?", "Oui"),  # "toujours" beside who asks: no window's yes
        # "what's the … for me" asks a verdict; a hospital's own call is another body's.
        ("I'm a permanent Inserm engineer for 2 years; what's the deal with HP for me?", "According to"),
        ("HP : faut-il exactement 3 ans d'ancienneté à la date limite ?", "non éligible"),
        # "interlocuteur" said of someone else is no ask for the call's contacts.
        ("Mon interlocuteur RH m'a dit que le CI durait 3 ans, c'est vrai pour un PH ?", "contact :"),
        # Two people: no one verdict for both.
        (
            "Alice, ingénieure titulaire Inserm depuis 5 ans ; Bob, en CDD à l'Inserm depuis 4 ans. Sont-ils tous les"
            " deux éligibles aux HP ?",
            "oui pour votre profil",
        ),
        (
            "Deux collègues veulent candidater aux HP : Sophie, ingénieure titulaire à l'Inserm depuis 4 ans, et Karim,"
            " chercheur titulaire depuis 11 ans. Qui peut candidater ?",
            "oui pour votre profil",
        ),
    ],
)
def test_what_the_review_found_misread_is_read_right(engine: Engine, question: str, absent: str) -> None:
    answer = engine.ask(question, today=dt.date(2026, 1, 25))
    assert answer.status == "answered" and absent not in answer.answer.split("«")[0], answer.answer


def test_an_hour_the_call_does_not_give_is_refused_with_the_day_and_the_contact(engine: Engine) -> None:
    answer = engine.ask("Hauts potentiels : le 30 octobre, on peut déposer jusqu'à quelle heure ?")
    assert answer.status == "refused", answer.answer
    assert "30 octobre 2025" in answer.answer and "hpcandidature@inserm.fr" in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("le CER, c'est un dispositif officiel de l'Inserm ?", True),
        ("Le Contrat Engagement Recherche, c'est un appel Inserm comme les postes d'accueil ?", True),
        ("is the CER already in place?", True),
        ("le CER serait mis en place quand ?", False),  # when: its text, not only that it is a proposal
    ],
)
def test_whether_a_proposal_is_a_call_is_answered_by_its_being_one(
    engine: Engine, question: str, answered: bool
) -> None:
    answer = engine.ask(question)
    # ("c'est un appel ?" is a yes or no: "Non : le Contrat Engagement Recherche (CER) est une proposition…")
    text = re.sub(r"^(?:Non :|No:) (\w)", lambda m: m.group(1).upper(), answer.answer)
    notice = text.startswith(("Le Contrat Engagement Recherche (CER) est une proposition", "The Contrat"))
    assert (answer.status == "answered" and notice and answer.route == "rules") is answered, answer.answer


@pytest.mark.parametrize("question", ["le CER démarre quand ?", "is the CER up and running yet?"])
def test_when_a_proposal_would_start_is_quoted_from_its_text(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.status == "answered" and "2024" in answer.answer, answer.answer


def test_what_a_proposal_asks_in_return_is_its_whole_section(engine: Engine) -> None:
    answer = engine.ask("CER : je m'engage à quoi en retour ?")
    assert all(s in answer.answer for s in ("service public", "remboursement", "6 mois")), answer.answer


def test_a_refusal_about_a_proposal_says_it_is_one(engine: Engine) -> None:
    answer = engine.ask("Le CER a-t-il été adopté par le ministère ? S'applique-t-il à la R2C ?")
    assert answer.status == "refused" and "proposition" in answer.answer, answer.answer
    assert "contrat-engagement-recherche-amps" in {c.doc_id for c in answer.citations}


@pytest.mark.parametrize(
    ("earlier", "year", "refused"),
    [
        ("quelle est la date limite du CI ?", "et pour 2027 ?", True),
        ("quand sont les auditions du CI ?", "and in 2027?", True),
        ("quelle est la date limite du CI ?", "et en 2026 ?", False),
    ],
)
def test_a_follow_up_naming_only_a_year_asks_the_same_of_that_years_call(
    engine: Engine, earlier: str, year: str, refused: bool
) -> None:
    answer = engine.ask(year, today=dt.date(2026, 1, 25), history=(earlier,))
    assert (answer.status == "refused") == refused, answer.answer
    assert "Contrats d'interface" in answer.answer or "2026" in answer.answer


def test_a_follow_up_asking_whom_to_send_it_to_gets_the_address(engine: Engine) -> None:
    answer = engine.ask("et je le transmets à qui ?", history=("Le dossier des contrats d'interface comprend quoi ?",))
    assert "contrat.interface-CIHU@inserm.fr" in answer.answer, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Pour le CI on dépose sur EVA ou on envoie par mail ? et avant quand ?",
        "Should the interface contract file go on EVA or by e-mail, and by what date?",
    ],
)
def test_how_the_file_goes_in_is_how_to_apply_with_its_date(engine: Engine, question: str) -> None:
    answer = engine.ask(question, today=dt.date(2026, 4, 20))
    assert "déposés sur EVA" in answer.answer and "27" in answer.answer, answer.answer


@pytest.mark.parametrize("question", ["et faut envoyer quoi, et a qui ?", "bon, j'envoie quoi, à quelle adresse ?"])
def test_a_follow_up_asking_what_to_send_and_to_whom_gets_both(engine: Engine, question: str) -> None:
    answer = engine.ask(question, history=("Le parcours HP, c'est pour qui ?",))
    assert "CV détaillé" in answer.answer and "hpcandidature@inserm.fr" in answer.answer, answer.answer


def test_a_fact_added_after_a_verdict_asks_the_verdict_again_with_it(engine: Engine) -> None:
    history = ("Titulaire à l'Inserm depuis 11 ans, je peux candidater aux Hauts potentiels ?",)
    before = engine.ask(history[0], today=dt.date(2025, 9, 15))
    after = engine.ask(
        "j'ai eu 2 ans de congé maternité, ça change quelque chose ?", history=history, today=dt.date(2025, 9, 15)
    )
    assert "Avez-vous eu des interruptions" in before.answer
    assert "Avez-vous eu des interruptions" not in after.answer and "allongent" in after.answer, after.answer


@pytest.mark.parametrize(
    "follow_up", ["et si je l'obtiens en juin 2026, ça passe ?", "and if I get it in June 2026, would that work?"]
)
def test_a_fact_added_with_does_it_work_keeps_what_was_said_before(engine: Engine, follow_up: str) -> None:
    history = ("Je suis interne de med, pas encore de master 2 recherche : les postes d'accueil me sont-ils ouverts ?",)
    answer = engine.ask(follow_up, history=history, today=dt.date(2026, 1, 25))
    assert "rempli : avoir l'un de ces statuts" in answer.answer or "met: hold one of" in answer.answer, answer.answer


def test_a_follow_up_that_only_says_who_asks_repeats_the_question(engine: Engine) -> None:
    history = ("Combien de temps dure un contrat d'interface pour un PU-PH ?",)
    answer = engine.ask("et si je suis PHC ?", history=history, today=dt.date(2026, 1, 25))
    assert "3 ans à temps partiel" in answer.answer and "5 ans" not in answer.answer.split("«")[0]


@pytest.mark.parametrize(
    ("question", "today", "headline"),
    [
        # A profile the text's criteria fit: yes, and a closed call said in the same line (no "yes, apply now").
        (
            "Chercheur Inserm titulaire depuis 6 ans, payé par l'Inserm : puis-je candidater aux HP ?",
            "2026-01-25",
            "oui pour votre profil, éligible d'après les critères du texte ; mais l'appel n'est pas ouvert",
        ),
        # Some criteria met, none failed: a yes on the conditions marked « à confirmer ».
        (
            "Je suis interne en médecine, je peux candidater aux postes d'accueil ?",
            "2026-01-25",
            "éligibilité à confirmer : oui si vous remplissez aussi les points « à confirmer » ci-dessous.",
        ),
        (
            "I'm a resident in medicine, can I apply for a poste d'accueil?",
            "2026-03-25",
            "yes for your profile if you also meet the points marked « unknown » below; but the call is not open",
        ),
        # One criterion failed: no.
        ("Je suis PH, je peux candidater aux postes d'accueil ?", "2026-01-25", "non éligible"),
        # Nothing said of oneself: no yes.
        ("Puis-je candidater aux postes d'accueil ?", "2026-01-25", "éligibilité à confirmer."),
    ],
)
def test_a_verdict_says_yes_or_no_first(engine: Engine, question: str, today: str, headline: str) -> None:
    answer = engine.ask(question, today=dt.date.fromisoformat(today))
    assert headline in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("le CI ferme bien le 27 mai ?", (5, 27, None)),
        ("the HP deadline is October 31, right?", (10, 31, None)),
        ("la page dit « jusqu'au 20 février » : c'est bien la même date que dans l'appel ?", (2, 20, None)),
        ("les HP ferment bien le 30 octobre 2026 ?", (10, 30, 2026)),
        # A day of the asker's own plans, or with an hour, is no date of the call to confirm.
        ("Am I right that the CI is still open? I plan to submit on May 20.", None),
        ("Today, May 20, is the CI still open, right?", None),
        ("Je rentre de congé le 1er juin, c'est bien trop tard pour le CI ?", None),
        ("Le CI est-il toujours ouvert le 27 mai à 18h, c'est vrai ?", None),
        # Asking when, giving one's own day, or two dates: nothing to confirm.
        ("le CI ferme le 27 mai ou le 28 mai, c'est bien ça ?", None),
        ("on est le 2 juin, c'est bien fermé ?", None),
        ("c'est bien quand, la date limite ?", None),
        ("le CI ferme le 27 mai ?", None),  # a date stated, no confirmation asked: the answer gives the date
    ],
)
def test_the_day_a_question_asks_to_confirm(question: str, day: tuple[int, int, int | None] | None) -> None:
    from assistant.understanding.moments import checked_day

    assert checked_day(fold(question)) == day


@pytest.mark.parametrize(
    ("question", "checked"),
    [
        ("c'est bien aujourd'hui que ça ouvre ?", ("opening", 0)),
        ("today is the deadline, right?", ("deadline", 0)),
        ("The interface contract deadline is tomorrow, correct? Until what time exactly?", ("deadline", 1)),
        ("le CI ferme demain, c'est ça ?", ("deadline", 1)),
        ("the PA closes tomorrow?", ("deadline", 1)),
        ("la date limite c'est bien après-demain ?", ("deadline", 2)),
        # A moment of the asker's, the asker's own day, or a question of when: nothing to confirm.
        ("je peux encore déposer demain pour le CI ?", None),
        ("demain c'est trop tard pour le CI non ?", None),
        ("c'est aujourd'hui mon dernier jour de CDD, right?", None),
        ("c'est demain ? ça ouvre quand exactement ?", None),
        # The asker's own day, or a time of day to check with it.
        ("Je peux déposer mon dossier CI demain avant la date limite, non ?", None),
        ("On est bien avant la date limite du CI aujourd'hui, non ?", None),
        ("Le CI ferme aujourd'hui à minuit, c'est bien ça ?", None),
        ("The CI deadline is tomorrow at midnight, right?", None),
    ],
)
def test_today_or_a_day_from_it_asked_to_be_the_calls(question: str, checked: tuple[str, int] | None) -> None:
    from assistant.understanding.moments import day_checked

    assert day_checked(fold(question)) == checked


@pytest.mark.parametrize(
    ("question", "months"),
    [
        ("Si je résume : auditions PA en juin et auditions CI en novembre, c'est bien ça ?", (6, 11)),
        ("the CI interviews are in November, right?", (11,)),
        ("les résultats HP c'est bien en décembre ?", (12,)),
        # A part of the month or a year said: more than a month to check.
        ("Les auditions des postes d'accueil c'est bien fin juin ?", None),
        ("Les auditions CI sont bien en novembre de l'année prochaine ?", None),
        # The asker's month, a question of when, a day said, or no confirmation: none.
        ("je pars en juin, les auditions PA c'est bien après ?", None),
        ("les auditions PA c'est en juin ou en juillet ?", None),
        ("les auditions c'est quand, en juin ?", None),
        ("les auditions du CI c'est bien le 12 novembre ?", None),
        ("les auditions du CI sont en novembre", None),
    ],
)
def test_the_months_a_question_asks_to_confirm_of_a_calls_steps(question: str, months: tuple[int, ...] | None) -> None:
    from assistant.understanding.moments import checked_months

    assert checked_months(fold(question)) == months


@pytest.mark.parametrize(
    ("question", "today", "lead"),
    [
        # A day asked to confirm: yes or no, with the call's own.
        ("le CI ferme bien le 27 mai ?", "2026-04-20", "Oui : le 27 mai 2026, 17:00"),
        ("the HP deadline is October 31, right?", "2025-09-20", "No: 30 October 2025"),
        ("les inscriptions PA ouvrent bien le 20 janvier ?", "2026-01-05", "Oui : le 20 janvier 2026"),
        # Two calls' hour or day side by side.
        ("Les PA et les CI ferment-ils à la même heure ?", "2026-01-05", "Oui : "),
        ("do the PA and HP close on the same day?", "2026-01-05", "No: "),
        ("Do the PA and CI close at the same time?", "2026-01-05", "No: "),  # the same instant
        (
            "Les inscriptions du PA et du CI ouvrent à la même date ?",
            "2026-01-05",
            "Non : Contrats d'interface pour hospitaliers, 8 avril",
        ),
        ("les HP ferment bien le 30 octobre 2026 ?", "2025-09-20", "Non : le 30 octobre 2025"),
        # "Can I still apply?" of a closed call asked with a profile: no first, then the verdict.
        (
            "I'm a CCA, a physician with a research master's. Can I still apply to the host positions?",
            "2026-04-20",
            "No: the call is closed.",
        ),
        # A length set against another's.
        ("Is the interface contract longer for a PU-PH than for a PHC?", "2026-01-05", "Yes: 5 years"),
        ("le contrat d'interface est-il plus court pour un PH que pour un PHC ?", "2026-01-05", "Non : 5 ans"),
        # Approvals the call requires, whoever asks.
        (
            "For the interface contract, do I need any approvals from my hospital?",
            "2026-04-20",
            "Yes, the text requires",
        ),
        # An item of the file asked by "fait partie".
        ("Une lettre de motivation fait-elle partie du dossier des PA ?", "2026-01-05", "Oui, le texte le demande"),
        # Not yet open: a no.
        ("Je peux déjà déposer pour un poste d'accueil ?", "2026-01-05", "Non, pas encore"),
        # A month said of the deadline, wrong: no, with the day.
        (
            "My head of department told me the deadline is at the end of June, I plan June 20. Could you confirm"
            " this is correct for the interface contract?",
            "2026-04-20",
            "No: 27 May 2026",
        ),
        # Missing the deadline said, then "is there still a way?"; "s'il vous plaît" is no condition.
        (
            "I missed the CI deadline by a few days... is there still a way to submit my 2026 application?",
            "2026-06-02",
            "No: the call is closed.",
        ),
        (
            "il est 10h, je peux encore deposer mon dossier PA ?? svp urgent",
            "2026-02-20",
            "Oui : l’appel est ouvert.",
        ),
        # Two programmes' lengths, and their steps set before or after, in the question's order.
        (
            "Un contrat d'interface peut-il durer plus longtemps qu'un poste d'accueil ?",
            "2026-01-05",
            "Oui : jusqu’à 5 ans",
        ),
        ("le parcours HP est-il plus court que le contrat d'interface ?", "2026-01-05", "Oui : jusqu’à 18 mois"),
        ("Do the PA auditions happen before the CI auditions?", "2026-01-05", "Yes: Postes d'accueil"),
        ("les auditions du CI ont lieu après celles des PA ?", "2026-01-05", "Oui : Contrats d'interface"),
        # The asker's own employer told, then who pays asked.
        (
            "I'm an employee of the hospital; does Inserm pay me during the interface contract?",
            "2026-04-20",
            "No: « le praticien",
        ),
        (
            "Salarié du CHU, avec le contrat d'interface je deviens salarié de l'Inserm ?",
            "2026-04-20",
            "Non : « le praticien",
        ),
        # Being an employee of Inserm asked beside "qui me paie ?".
        (
            "Avec un contrat d'interface, qui me paie ? Je deviens salarié de l'Inserm ?",
            "2026-04-20",
            "Non : « le praticien",
        ),
        # A step of the selection asked against "only" the file: a yes on the step.
        (
            "Pour le poste d'accueil il y a un entretien, ou c'est juste sur dossier ?",
            "2026-04-20",
            "Oui, le texte le prévoit : « Un comité ad hoc",
        ),
        ("Is there an oral for the interface contracts, or only the written file?", "2026-04-20", "Yes, the text"),
        ("Must I write a cover letter for the host positions?", "2026-04-20", "Yes, the text asks for it"),
        # A share of time checked: the first programme named is the one checked, each one's said.
        (
            "Le CI est-il à temps plein comme les postes d'accueil ?",
            "2026-04-20",
            "Non : Contrats d'interface pour hospitaliers, à temps partiel ; Postes d'accueil, à temps plein.",
        ),
        ("Are host positions full-time?", "2026-04-20", "Yes: Postes d'accueil, full time."),
        ("le CCA Inserm-Bettencourt c'est à mi-temps ?", "2026-04-20", "Oui : Programme CCA Inserm-Bettencourt"),
        # A part time is not said to be a half time, nor a choice answered yes or no.
        ("CI à mi-temps ?", "2026-04-20", "**Contrats d'interface pour hospitaliers** :"),
        ("CI temps plein ou temps partiel ?", "2026-04-20", "**Contrats d'interface pour hospitaliers** :"),
        # Two programmes' same step in one place, or not: the place each text names.
        (
            "Les résultats des postes d'accueil et des contrats d'interface sont-ils affichés au même endroit ?",
            "2026-04-20",
            "Non : Postes d'accueil, site Eva ; Contrats d'interface pour hospitaliers, site Inserm pro.",
        ),
        # A host asked as an option the call's exception names: yes, on its conditions.
        (
            "mon labo d'accueil pour le poste d'accueil peut être un CIC plutôt qu'une unité Inserm ?",
            "2026-01-25",
            "Oui, sous conditions (Postes d'accueil) : « Le choix d'affectation peut être celui d'un centre",
        ),
        ("Could the host unit for a poste d'accueil be a clinical investigation centre?", "2026-01-25", "Yes, on"),
        # ... but not one the exception does not name, nor on a condition the question adds.
        ("le labo du contrat d'interface peut être un CIC ?", "2026-04-20", "**Contrats d'interface"),
        ("le labo d'accueil du PA peut il etre un CIC s'il n'y a pas de chercheur ?", "2026-01-25", "**Postes"),
        # A degree written as an abbreviation is the applicant's, not another body's.
        ("pharmacy resident, only did the M1. can i still go for a poste d'accueil??", "2026-01-25", "**Postes"),
        # The window asked at a moment of the last day, or as "ça passe encore ?".
        ("il est 16h30 je finis mon dossier CI sur EVA, ça passe encore ?", "2026-05-27", "Oui : l’appel est ouvert."),
        ("Are registrations for the interface contracts open at the moment? Until when?", "2026-04-20", "Yes: the"),
        # Someone else asked about in the third person; "j'ai droit ?": verdicts.
        (
            "Une chercheuse titulaire Inserm depuis 6 ans, en détachement, c'est l'université qui la paie. Elle peut "
            "candidater au parcours Hauts potentiels ?",
            "2025-09-20",
            "**Hauts potentiels** : non éligible",
        ),
        (
            "PHC en CHU, j'ai droit au contrat d'interface ?",
            "2026-04-20",
            "**Contrats d'interface pour hospitaliers** : oui",
        ),
        # A doctorate before medical school, told as entering it after the PhD.
        (
            "I entered medical school after a PhD in physics. Would the CER cover me?",
            "2026-04-20",
            "**Contrat Engagement",
        ),
        # Today asked to be the call's opening or last day: checked against it.
        ("c'est bien aujourd'hui que ça ouvre, le CI ? on s'inscrit par où ?", "2026-04-08", "Oui : le 8 avril 2026."),
        ("le dernier jour du CI c'est bien aujourd'hui ?", "2026-05-26", "Non : le 27 mai 2026, 17:00"),
        ("today is the last day for the PA, right?", "2026-02-20", "Yes: 20 February 2026, 17:00"),
        # A yes or no beside a question that asks how; a document named by its abbreviation.
        ("comment se passe la sélection des postes d'accueil ? y a un entretien ?", "2026-01-25", "Oui, le texte le"),
        ("est ce qu'une lettre de motiv est demandée pour le PA ?", "2026-01-25", "Oui, le texte le demande"),
        # A host option asked with "ou pas", and the supervisor's position, which is not the applicant's.
        (
            "je peux faire mon poste d'accueil dans un CIC ou pas ? ma directrice est PU-PH là-bas",
            "2026-01-25",
            "Oui, sous conditions (Postes d'accueil)",
        ),
        # ... but where the supervisor works is where the applicant would be hosted.
        (
            "Mon directeur de thèse est dans une unité CNRS sans tutelle Inserm : je peux faire mon poste d'accueil chez lui ?",
            "2026-01-25",
            "**Postes d'accueil** : non éligible",
        ),
        # The lab's credits; someone else's right to apply; a thesis before medicine, told in order.
        ("CCA Inserm Bettencourt : le labo touche aussi des crédits ?", "2026-01-25", "Oui : « un financement annuel"),
        (
            "Un agent en CDI à l'Inserm a-t-il le droit de candidater au parcours HP ?",
            "2025-09-20",
            "**Hauts potentiels**",
        ),
        ("PhD first, then medical school: am I in the CER's target group?", "2026-01-25", "**Contrat Engagement"),
        (
            "j'ai seulement une thèse d'exercice, je rentre dans le CER ?",
            "2026-01-25",
            "**Contrat Engagement Recherche** :",
        ),
        # Too late said with a seniority: the verdict, which says where the call stands too.
        (
            "titulaire Inserm depuis 2014, trop tard pour les HP ?",
            "2025-09-20",
            "**Hauts potentiels** : éligibilité à confirmer",  # over 10 years, unless interruptions extend it
        ),
        # No yes or no where the question is not one on these points (a review's cases): the last day asked,
        # the asker's own last day, "too early or too late?", a condition after "ou pas", another step's place.
        ("c'est le dernier jour pour le CI ?", "2026-05-20", "**Contrats d'interface"),
        ("c'est aujourd'hui mon dernier jour de CDD, je peux encore candidater aux HP ?", "2025-10-01", "**Hauts"),
        ("c'est trop tôt ou déjà trop tard pour le CI ?", "2026-04-01", "**Contrats d'interface"),
        ("je peux encore candidater au CI ou pas si j'envoie tout le 28 mai ?", "2026-05-25", "**Contrats d'interface"),
        ("les résultats PA et CI sont publiés sur le même site que les inscriptions ?", "2026-04-20", "**Postes"),
        # ... an option the exception does not name, a head who is no host, two programmes at once.
        ("pour le PA, le labo d'accueil peut être un CHU ?", "2026-02-01", "**Postes d'accueil** :"),
        ("PA: can my host lab be a research centre?", "2026-02-01", "**Postes d'accueil**:"),
        ("pour le PA, mon chef d'équipe peut être mon encadrant ?", "2026-02-01", "**Postes d'accueil** :"),
        ("le PA et le CI, le labo peut être un CIC ?", "2026-02-01", "**Postes d'accueil** :"),
        # ... the asker's own share of time, or a length asked beside it; two programmes both checked.
        ("je suis PH à temps partiel, le CI dure 3 ou 5 ans pour moi ?", "2026-04-20", "**Contrats d'interface"),
        ("le PA et le CI sont à temps plein ?", "2026-04-20", "Non : Postes d'accueil, à temps plein ; Contrats"),
        # ... members of a jury are no criteria; a negation before the colon of a payment asked.
        ("CER : y a des représentants étudiants dans le jury ?", "2026-04-20", "Oui, le texte le prévoit"),
        ("avec le CI, c'est pas l'Inserm qui me paie : c'est bien ça ?", "2026-04-20", "**Contrats d'interface"),
        # ... whose profile: the head's when asked of them, the applicant's beside the head's agreement.
        (
            "mon chef est d'accord, je suis interne, je peux candidater au CI ?",
            "2026-04-20",
            "**Contrats d'interface pour hospitaliers** : non éligible",
        ),
        (
            "ma cheffe est interne, elle peut faire le CI ?",
            "2026-04-20",
            "**Contrats d'interface pour hospitaliers** : non éligible",
        ),
        # ... a doctorate not held yet; "too late" with a seniority but asked of applying: the window.
        (
            "I'll start a PhD after my residency, then go back to medical school: CER?",
            "2026-04-20",
            "**Contrat Engagement Recherche**: a proposal, not an open call.\n",
        ),
        (
            "je suis titulaire depuis 5 ans, c'est trop tard pour candidater aux HP ?",
            "2025-10-01",
            "Non : l’appel est encore ouvert.",
        ),
        # A group asked against another it is "reserved" to, or "can pharmacists apply?": the group's verdict.
        (
            "PHU au CHU, j'ai le droit de candidater au CI ou c'est réservé aux PH ?",
            "2026-04-20",
            "**Contrats d'interface pour hospitaliers** : oui",
        ),
        (
            "Can dentists apply for the contrats d'interface or is it only for doctors?",
            "2026-04-20",
            "**Contrats d'interface pour hospitaliers**: yes for this profile",
        ),
        # The window asked of registrations named before their verb, on a day the asker gives.
        (
            "on est le 2 mai, les inscriptions du CI sont bien ouvertes ? jusqu'à quand ?",
            "2026-05-02",
            "Oui : l’appel est ouvert.",
        ),
        # Without apostrophes: "poste d accueil dans un CIC".
        (
            "est ce quon peut faire son poste d accueil dans un CIC ??",
            "2026-01-10",
            "Oui, sous conditions (Postes d'accueil)",
        ),
        ("le labo d accueil du PA peut etre un CIC ?", "2026-01-10", "Oui, sous conditions (Postes d'accueil)"),
        # Whom to write to, asked in a long message with a sign-off.
        (
            "Dear helpdesk, I'm a CCA preparing a poste d'accueil application and unsure it meets the requirements. "
            "Who exactly should I write to? Many thanks",
            "2026-01-10",
            "**Postes d'accueil**, contact: postesdaccueil.siege@inserm.fr.",
        ),
        (
            "le CER ça marche avec une thèse d'exercice ? je n'ai que ça",
            "2026-04-20",
            "**Contrat Engagement Recherche** :",
        ),
        # "faut une … ?" anywhere in the sentence; the host condition asked as a requirement, with its exception.
        ("pr le PA faut une lettre de motiv ?", "2026-01-10", "Oui, le texte le demande"),
        (
            "le labo d'accueil du PA doit forcément être une unité Inserm ?",
            "2026-01-10",
            "Oui, le texte l’exige : « Le laboratoire d'accueil doit être une unité de recherche de l'Inserm. » ; sauf :",
        ),
        (
            "Does the host lab have to be an Inserm one for the postes d'accueil?",
            "2026-01-10",
            "Yes, the text requires",
        ),
        # A second review's cases: the host required only when Inserm itself is asked; a group's registrations;
        # "in time" for something else; a difference within one programme; "ça marche avec" a file.
        ("le labo doit être un CIC pour le PA ?", "2026-01-25", "**Postes d'accueil** :"),
        ("CI : le labo doit être Inserm ou CNRS ?", "2026-04-20", "**Contrats d'interface"),
        ("PA : le labo doit être en France ?", "2026-01-25", "**Postes d'accueil** :"),
        ("PA: le chef du labo doit être HDR ?", "2026-01-25", "**Postes d'accueil** :"),
        (
            "Les candidatures sont ouvertes pour les vétérinaires au CI ?",
            "2026-04-20",
            "**Contrats d'interface pour hospitaliers** : non éligible",
        ),
        ("Will I get the hospital director's approval in time for the CI?", "2026-04-20", "According to"),
        (
            "en quoi la durée du CI est différente selon le statut ?",
            "2026-04-20",
            "**Contrats d'interface pour hospitaliers** : 3 ans",
        ),
        # Two people asked about at once: no one verdict ("oui pour votre profil" would mix them); "c encore possible là ?".
        (
            "Anne, IR titulaire depuis 7 ans, et Paul, CR titulaire depuis 18 mois : lesquels peuvent candidater aux HP ?",
            "2025-09-20",
            "D’après",
        ),
        ("jveux postuler aux postes d'accueil, c encore possible la ?", "2026-03-02", "Non : l’appel est clos."),
        # Money: no extra salary where another is the only payer; "or only…" and "et sous quelle forme" leave the ask.
        (
            "With an interface contract, do I get an extra salary paid by Inserm?",
            "2026-04-20",
            "No: « le praticien demeure rémunéré par son établissement d’origine »",
        ),
        (
            "Does the CCA Inserm-Bettencourt come with any money for the lab, or only the salary?",
            "2026-04-20",
            "Yes: « un financement annuel est alloué au laboratoire",
        ),
        (
            "Un PH candidate au CI : est-ce que l'Inserm compense quelque chose à l'hôpital, et sous quelle forme ?",
            "2026-04-20",
            "Oui : « L'Inserm versera au partenaire hospitalier",
        ),
        # Whether a proposal is a call like another, measured against it.
        ("Le CER, c'est un appel Inserm comme les postes d'accueil ?", "2026-04-20", "Non : le Contrat Engagement"),
        # When a condition is judged, asked as a requirement at one moment (the moment said is not the question's).
        (
            "Pour un poste d'accueil, est-ce que je dois déjà avoir mon M2 recherche au moment où je dépose mon dossier"
            " en février ?",
            "2026-01-10",
            "Non : la condition de diplôme est jugée « à la date de prise de fonction »",
        ),
        ("PA : le M2 est exigé à la prise de poste ?", "2026-01-10", "Oui : la condition de diplôme est jugée"),
        # A length beyond the call's (one set of lengths), even with a circumstance after it.
        (
            "Est-ce qu'un poste d'accueil peut durer 4 ans si ma thèse prend du retard ?",
            "2026-01-10",
            "Non : 2 ou 3 ans.",
        ),
        ("un PA c'est 1 an ?", "2026-01-10", "Non : 2 ou 3 ans."),
        ("For the PA, do I need my research M2 when I apply?", "2026-01-10", "No: the diploma condition is judged"),
        # Money for the lab besides the salary; an indirect question with a clause of time in it.
        (
            "CCA Inserm-Bettencourt : y a t il un financement pour le labo en plus du salaire ?",
            "2026-04-20",
            "Oui : « un financement annuel est alloué au laboratoire",
        ),
        (
            "Un chef de service voudrait savoir si l'Inserm verse quelque chose à l'hôpital quand un de ses PH obtient"
            " un contrat d'interface.",
            "2026-04-20",
            "Oui : « L'Inserm versera au partenaire hospitalier",
        ),
        # A yes or no after a dash; a step asked of every applicant where a preselection comes first.
        (
            "How does selection work for the postes d'accueil - is there an interview?",
            "2026-04-20",
            "Yes, the text provides for it: « Un comité ad hoc",
        ),
        ("Is everyone who applies for a contrat d'interface interviewed?", "2026-04-20", "No: a preselection"),
        ("CI : tout le monde passe une audition ou pas ?", "2026-04-20", "Non : une présélection sur dossier"),
        # The window asked after what the asker says of themselves in the negative; "tjs" (toujours) is still.
        (
            "on est le 20 fevrier, il est 15h et j'ai pas encore finalisé, je peux encore deposer mon dossier poste"
            " d'accueil aujourd'hui ?",
            "2026-02-20",
            "Oui : l’appel est ouvert.",
        ),
        ("on peut tjs candidater au contrat d'interface ? jusqu'a quand ?", "2026-05-20", "Oui : l’appel est ouvert."),
        # The window asked after a comma, beside when it closes.
        (
            "HP promo 2026-2027 : c'est quand la date limite, je peux encore envoyer mon dossier ?",
            "2025-10-15",
            "Oui : l’appel est ouvert.",
        ),
        # The asker's "dernier jour" is their day, not a date asked; money given to the hospital.
        (
            "on est le dernier jour pour les postes d'accueil, je pourrai finir mon dossier que ce soir vers 20h, ça"
            " passe ?",
            "2026-02-20",
            "Non : l’appel est clos.",
        ),
        ("Does Inserm give any money to the hospital under a contrat d'interface?", "2026-04-20", "Yes: « L'Inserm"),
        # The hour asked the same after its noun; "c'est moi qui suis payé"; the edition applied to ("pour 2026").
        (
            "Est-ce que l'heure limite de dépôt est la même pour les postes d'accueil et les contrats d'interface ?",
            "2026-06-03",
            "Oui : ",
        ),
        (
            "Pour le contrat d'interface, est-ce que c'est moi qui suis payé par l'Inserm ?",
            "2026-06-03",
            "Non : « le praticien demeure rémunéré",
        ),
        (
            "Je suis PU-PH à Bordeaux. Est-il encore possible de candidater pour 2026 aux contrats d'interface ?",
            "2026-06-03",
            "Non : l’appel est clos.",
        ),
        # The beneficiary's salary, part of which a party pays.
        (
            "Est-ce que l'université paie une partie du salaire du CCA Inserm-Bettencourt ?",
            "2026-04-20",
            "Oui : « 50 % du salaire est versé à l’hôpital, les 50 % restants sont versés par l’université »",
        ),
        # What comes before a dash is said, not asked.
        (
            "CI : l'Inserm paie l'hôpital - est-ce que l'Inserm me paie aussi ?",
            "2026-04-20",
            "Non : « le praticien demeure rémunéré",
        ),
        # Funding held elsewhere: added to the CER's pay, or still taken in.
        (
            "jai deja un financement ENS, je peux quand meme etre inclus dans le CER ?",
            "2026-04-20",
            "Oui, sans sa rémunération : « Les étudiants possédant déjà un financement",
        ),
        (
            "I already have an École de l'Inserm stipend. Could I get the CER pay on top of it?",
            "2026-04-20",
            "No: « non cumulable avec un autre financement",
        ),
        # Two places outside public hospitals said: not eligible for a call of CHU and CRLC practitioners.
        (
            "Médecin libéral, j'exerce en clinique privée : je peux candidater aux contrats d'interface ?",
            "2026-04-20",
            "**Contrats d'interface pour hospitaliers** : non éligible",
        ),
        # The call's day said as today or a day from it, asked to confirm; steps' months asked to confirm.
        (
            "The interface contract deadline is tomorrow, correct? Until what time exactly?",
            "2026-05-26",
            "Yes: 27 May 2026, 17:00 (Paris time).",
        ),
        ("le CI ferme demain, c'est ça ?", "2026-05-20", "Non : le 27 mai 2026"),
        (
            "Si je résume : auditions PA en juin et auditions CI en novembre, c'est bien ça ?",
            "2026-03-01",
            "Oui : Postes d'accueil, 1ère quinzaine du mois de juin 2026 ; Contrats d'interface",
        ),
        (
            "les auditions du CI c'est bien en octobre ?",
            "2026-03-01",
            "Non : Contrats d'interface pour hospitaliers, novembre",
        ),
        # The doctor named by their hospital is the one paid.
        (
            "Does Inserm pay the hospital doctor directly under the interface contract, or does the money go somewhere else?",
            "2026-04-20",
            "No: « le praticien demeure",
        ),
        ("Is the hospital doctor paid by Inserm under the CI?", "2026-04-20", "No: « le praticien demeure"),
        (
            "l'Inserm paie directement le médecin pour le CI, ou ça passe ailleurs ?",
            "2026-04-20",
            "Non : « le praticien",
        ),
        # "… ou c'est trop tôt ?" is the no of the yes asked; approvals asked "from X or from Y"; hosted in a CIC;
        # which call opens first; a claim, then "c'est bien ça ?"; a length, then "is that right?".
        (
            "je peux deja m'inscrire pr le contrat d'interface ou c trop tot ?",
            "2026-04-20",
            "Oui : l’appel est ouvert.",
        ),
        (
            "For the contrats d'interface, do I need signed agreements from my hospital or from the lab director?",
            "2026-04-20",
            "Yes, the text requires it: have the hospital director's approval and the Inserm unit director's approval.",
        ),
        ("could I be hosted in a CIC for my poste d'accueil?", "2026-01-10", "Yes, on conditions (Postes d'accueil)"),
        (
            "Which one opens first in 2026: the postes d'accueil or the contrats d'interface?",
            "2026-01-05",
            "First Postes d'accueil: 20 January 2026; then Contrats d'interface pour hospitaliers: 8 April 2026.",
        ),
        (
            "Mon chef de service m'affirme que pour un PA il faut avoir déjà soutenu sa thèse d'exercice au moment du"
            " dépôt du dossier en février. C'est bien ça ?",
            "2026-01-10",
            "Non : la condition de diplôme est jugée « à la date de prise de fonction »",
        ),
        ("My colleague says the CI lasts 5 years for a PHC. Is that right?", "2026-01-10", "No: 3 years."),
        # The option asked first ("un CIC peut-il être lieu d'accueil ?"); a length "stretched" or "prolongé" to, with
        # a circumstance that says "not" of something else.
        ("Un CIC peut-il être lieu d'accueil pour un poste d'accueil ?", "2026-01-15", "Oui, sous conditions (Postes"),
        ("can a CIC be the host lab for a PA?", "2026-01-15", "Yes, on conditions (Postes d'accueil)"),
        (
            "Is it true that a poste d'accueil can be stretched to 4 years if the PhD isn't finished? A colleague said so.",
            "2026-01-15",
            "No: 2 or 3 years.",
        ),
        ("le PA peut être prolongé à 4 ans ?", "2026-01-15", "Non : 2 ou 3 ans."),
    ],
)
def test_a_yes_or_no_is_said_first(engine: Engine, question: str, today: str, lead: str) -> None:
    answer = engine.ask(question, today=dt.date.fromisoformat(today))
    # (after the moment the question gives, when it gives one)
    first = [p for p in answer.answer.split("\n\n") if not p.startswith(("Au moment", "At the moment"))][0]
    assert answer.status == "answered" and first.startswith(lead), answer.answer


@pytest.mark.parametrize(
    ("history", "question"),
    [
        ((), "who is behind the CER?"),
        (("Le CER, c'est un appel Inserm ?",), "qui porte cette proposition ?"),
    ],
)
def test_who_is_behind_a_proposal_is_its_notice(engine: Engine, history: tuple[str, ...], question: str) -> None:
    answer = engine.ask(question, history=history)
    assert answer.status == "answered" and "AMPS" in answer.answer


def test_approvals_a_call_does_not_ask_are_read_in_its_text(engine: Engine) -> None:
    answer = engine.ask("Les HP : faut-il l'accord de mon directeur d'unité ?", today=dt.date(2025, 9, 20))
    assert answer.route == "retrieval" and "lettre d’appui" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # No "oui" on approvals the text does not name, or on a choice or a "which".
        "Faut-il l'accord du doyen pour le contrat d'interface ?",
        "Pour le CI, faut-il une autorisation de cumul ?",
        "Do I need approval from the ARS for the interface contract?",
        "Pour le CI, faut-il un accord écrit ou un simple mail suffit ?",
        "Quels accords faut-il pour le CI ?",
        # A length compared by "lui"/"moi" or asked "which": each one's, no yes or no.
        "Je suis PH et mon collègue PHC : le contrat d'interface est-il plus long pour lui ?",
        "CI : plus long pour un PHC ou pour un PU-PH ?",
        # A letter the file does not ask for; an opening to come is no "non".
        "Do I need a support letter for the PA?",
        "Est-ce que le CI ouvre cette année ?",
        # A day of one's own plans.
        "Je pars en vacances le 15 mai, le CI sera encore ouvert, n'est-ce pas ?",
        # "Which one" of two programmes' lengths or steps; a month said that may be the call's.
        "lequel dure plus longtemps, le PA ou le CI ?",
        # The time to prepare a file, a letter's length, a seniority: no programme's length compared.
        "Est-ce que j'aurai plus de temps pour préparer le dossier du contrat d'interface que celui du poste d'accueil ?",
        "La note d'intention du HP peut-elle être plus longue que la lettre de motivation du poste d'accueil ?",
        # "When" asked, one's own plans told after; an either-or.
        "Quand ont lieu les auditions du PA et du CI ? Je pars en congé après le 15 juin.",
        "Are the host position interviews before or after the interface contract ones?",
        # A date of the asker's own before the call's.
        "Mon service ferme le 15 août, la date limite du CI c'est bien le 27 ?",
        "Is the host position deadline in January or February, right?",
        "auditions PA ou CI, lesquelles en premier ?",
        "la clôture du CI c'est bien fin mai ?",
        # How much of a salary that a party does pay; a length in years of a programme counted in months.
        "Pour le CCA, l'université paie-t-elle tout mon salaire ?",
        "le HP ça dure 1 an ?",
        # When a condition is judged: two moments asked, a deposit against a closing day, a circumstance told.
        "PA : faut avoir le M2 au moment de candidater ou à la prise de poste ?",
        "For the HP, do I need 3 years of seniority when I apply?",
        "j'aurai pas encore mon M2 au moment du dépôt pour le PA, ça passe ?",
        # The review of the b37 families: a diploma said of oneself, sent as a document, beside another ask, asked
        # "which", not the condition's, or a status asked beside it; a standing asked with more than being a call;
        # a length a renewal may reach; a second salary.
        "PA : j'ai déjà ma thèse d'exercice et le M2 à la date limite, je suis éligible ?",
        "Avec mon M2, quand je dépose mon dossier de PA, faut-il une lettre de motivation ?",
        "J'ai mon M2 recherche, que dois-je envoyer au moment du dépôt pour le PA ?",
        "Quel diplôme faut-il avoir au moment de candidater au PA ?",
        "Pour le PA, dois-je joindre mon diplôme de M2 au moment du dépôt ?",
        "Pour un PA, faut-il avoir un doctorat à la prise de poste ?",
        "Le CER c'est un programme financé ?",
        "Le CER, c'est un dispositif national ?",
        "Le CCA Inserm-Bettencourt peut durer 4 ans ?",
        "With the interface contract, do I get a second salary?",
        "Poste d'accueil : do I still get my full intern salary?",
        # The review of the b38 families: a step asked of those preselected, or of something else than the step; a
        # "when" with its verb inverted; a lab's money for on-call pay; a master's the call does not name; an
        # either-or or a "dispositif" of the CER; a change of status during the contract.
        "Postes d'accueil : est-ce que tout le monde présélectionné passe une audition ?",
        "CI : est-ce que tout le monde passe par la présélection sur dossier avant l'audition ?",
        "CI : tout le monde doit préparer une présentation pour l'audition ?",
        "CI : quand l'hôpital reçoit-il la compensation ?",
        "CCA Bettencourt : le labo reçoit-il de l'argent pour payer mes gardes ?",
        "PA : faut-il un master 2 pro (M2 pro) à la prise de fonction ?",
        "Le CER, c'est un programme comme le CCA Bettencourt ou un appel ?",
        "Le CER c'est un dispositif ?",
        "Le CI peut durer 5 ans si je passe PH pendant le contrat ?",
        # The review of the b39 families: "les deux" of the CER's own offers; a funding ended; a job; a repayment
        # asked; the pay asked beside joining; the CER itself funded; "toujours" beside a condition; a negation of
        # who one is; a payer the texts never name; a replacement's salary.
        "Le CER donne-t-il les deux, la rémunération et l'accès à une spécialité hors contingent ?",
        "mon financement ENS s'est terminé l'an dernier, je peux cumuler avec le CER ?",
        "je peux cumuler la rémunération du CER avec un petit boulot ?",
        "J'ai cumulé ma bourse ENS et la rémunération du CER. Est-ce que je dois rembourser ?",
        "déjà financé, je peux quand même être inclus dans le CER avec financement ?",
        "Le CER est-il déjà financé par le ministère ? On peut y participer ?",
        "on peut toujours candidater au CI sans l'accord du directeur ?",
        "je ne suis pas titulaire, je suis en CDD, je peux encore candidater aux HP ?",
        "CCA Inserm-Bettencourt : le ministère paie le salaire du CCA ?",
        "CI : l'Inserm finance le salaire du praticien remplaçant ?",
        # A window asked in the negative; a share of a salary another pays.
        "ce n'est pas encore ouvert, le CI ?",
        "Est-ce que l'Inserm paie une partie du salaire du CCA Inserm-Bettencourt ?",
        # Which comes first of a deadline and another step: not the deadlines' order.
        "Which comes first, the CI deadline or the PA interviews?",
        "Pour le PA et le CI, quelle est la première étape après la date limite ?",
    ],
)
def test_no_yes_or_no_where_the_texts_do_not_settle_it(engine: Engine, question: str) -> None:
    answer = engine.ask(question, today=dt.date(2026, 3, 20))
    first = answer.answer.split("\n")[0]
    assert not re.match(r"(?:Oui|Non|Yes|No|First|D’abord)\b", first), answer.answer


def test_a_sentence_that_counts_things_is_quoted_with_those_it_takes_one_by_one(engine: Engine) -> None:
    answer = engine.ask("quels problèmes le CER cherche-t-il à régler ?")
    assert "deux difficultés principales" in answer.answer and "La deuxième est" in answer.answer, answer.answer


def test_a_prize_is_another_competition(engine: Engine) -> None:
    answer = engine.ask("comment on candidate au Grand Prix Inserm ?", today=dt.date(2026, 4, 20))
    assert answer.status == "refused" and "Grand Prix Inserm" in answer.answer, answer.answer


def test_a_hospital_named_in_a_message_on_a_programme_is_no_other_body(engine: Engine) -> None:
    answer = engine.ask(
        "Un PU-PH a plein de questions sur le contrat d'interface (la convention avec l'AP-HM etc.) : vers quelle"
        " adresse mail puis-je l'orienter ?",
        today=dt.date(2026, 4, 20),
    )
    assert answer.status == "answered" and "contrat.interface-CIHU@inserm.fr" in answer.answer, answer.answer
    for question in (
        "l'appel de l'AP-HP pour les contrats d'interface c'est quand ?",
        "L'AP-HP a son propre appel année recherche : c'est la même date limite que les postes d'accueil ?",
    ):
        answer = engine.ask(question, today=dt.date(2026, 4, 20))
        assert answer.status == "refused" and "AP-HP" in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "history", "holds"),
    [
        # A follow-up's programme is the conversation's when the question names none.
        (
            "et le labo ça peut être un CIC ?",
            ("Les PA c'est pour qui ?", "et ça dure combien de temps ?"),
            "Oui, sous conditions (Postes d'accueil)",
        ),
        # "environ" asks nothing ("environnement" is no answer); "prenez" is who is taken.
        ("vous prenez combien de personnes par promo HP environ ?", (), "une dizaine de participants"),
        # "la date et l'heure limite"; the people a call lists; "odonto"; a proposal's moment for "when".
        ("contrat d'interface : c'est quoi la date et l'heure limite de dépôt ?", (), "27 mai 2026, 17:00"),
        ("Which HR person is listed on the postes d'accueil call?", (), "CRESSANT"),
        ("interne en odonto avec M2 recherche, les postes d'accueil sont ouverts aux odontologistes ?", (), "oui"),
        (
            "When must that jury's results be known?",
            (
                "What is the CER proposed by the AMPS?",
                "Who would sit on the national jury for the hors-contingent posts?",
            ),
            "avant la procédure de matching",
        ),
    ],
)
def test_phrasings_of_the_b40_families_are_answered(
    engine: Engine, question: str, history: tuple[str, ...], holds: str
) -> None:
    answer = engine.ask(question, history=history, today=dt.date(2026, 4, 20))
    assert answer.status == "answered" and holds in answer.answer, answer.answer


def test_a_thing_asked_with_a_situation_is_not_a_verdict(engine: Engine) -> None:
    answer = engine.ask(
        "Under the CER proposal, what's the minimum research period during residency (3rd cycle) if I get an"
        " out-of-quota post?"
    )
    assert "6 mois" in answer.answer and "eligib" not in answer.answer, answer.answer


def test_a_message_asking_the_names_of_the_contacts_gets_them(engine: Engine) -> None:
    answer = engine.ask(
        "Bonjour, je suis assistante RH dans un CHU. Un de nos PH souhaite candidater aux contrats d'interface 2026. Il"
        " voudrait savoir qui sont les interlocuteurs côté Inserm pour cet appel (noms et services). Merci",
        today=dt.date(2026, 4, 20),
    )
    assert "NORAZ" in answer.answer and "CRESSANT" in answer.answer and "éligib" not in answer.answer, answer.answer


def test_a_sentence_that_adds_to_the_one_quoted_comes_with_it(engine: Engine) -> None:
    answer = engine.ask("et je dois candidater à quel moment de mon cursus ?", history=("Le CER c'est pour qui ?",))
    assert "s’effectue au retour" in answer.answer and "est également proposée" in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("history", "question", "today", "lead"),
    [
        # A follow-up whose programme only the conversation names by its abbreviation.
        (("le PA c'est pour qui ?",), "et le labo doit forcément être Inserm ?", "2026-01-10", "Oui, le texte l’exige"),
        (("c'est quoi la date limite CI ?",), "il est 16h45 là, je suis dans les temps ?", "2026-05-27", "Au moment"),
    ],
)
def test_a_follow_up_keeps_the_programme_an_abbreviation_named(
    engine: Engine, history: tuple[str, ...], question: str, today: str, lead: str
) -> None:
    answer = engine.ask(question, history=history, today=dt.date.fromisoformat(today))
    assert answer.status == "answered" and answer.answer.startswith(lead), answer.answer
    assert "Contrat Engagement" not in answer.answer and "CCA" not in answer.answer.split("\n\n")[0], answer.answer
