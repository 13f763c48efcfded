"""Query expansion: acronyms defined in the corpus, and an English-French lexicon of the domain.

Applicants ask in English about French texts, and write "CER" where the text
spells "Contrat Engagement Recherche". Expansion adds the other form to the
query; it never removes anything the user wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text import fold_accents, normalise

# Words of applicants' questions (English, or French question words) -> the words the
# calls use for the same thing. A domain lexicon, not a translation engine: only what
# call texts talk about (who, when, how long, whom to contact, how to apply).
LEXICON: dict[str, str] = {
    # Phrases first: a phrase's words are not looked up again on their own.
    "how long": "durée",
    "last day": "date limite",
    "full time": "temps plein",
    "full-time": "temps plein",
    "part time": "temps partiel",
    "part-time": "temps partiel",
    "take up": "prise de fonction",
    "qui": "public destinés éligibles",
    "quand": "date calendrier",
    "contacter": "renseignements auprès",
    "joindre": "renseignements auprès",
    "mail": "renseignements adresse",
    "postuler": "candidater candidature",
    "candidater": "candidature",
    "known": "connus connu",
    "prenez": "rassemble retenus sélectionnés",
    "prennent": "rassemble retenus sélectionnés",
    "odonto": "odontologistes",
    "researcher": "chercheur",
    "researchers": "chercheurs",
    "manager": "responsable cadre",
    "managers": "responsables cadres",
    "administrative": "administratif administratifs",
    "leadership": "management dirigeants",
    "cursus": "études",
    "inscrire": "inscriptions",
    "payé": "rémunéré salaire versé",
    "rémunéré": "rémunération salaire",
    "deadline": "date limite dépôt clôture",
    "closing": "clôture date limite",
    "positions": "postes",
    "position": "poste",
    "deadlines": "date limite dépôt clôture",
    "close": "clôture date limite",
    "apply": "candidater candidature dossier",
    "application": "candidature dossier",
    "applications": "candidatures dossiers",
    "applicant": "candidat",
    "applicants": "candidats",
    "eligible": "éligible destinés",
    "eligibility": "éligibles conditions destinés",
    "who": "destinés public",
    "duration": "durée",
    "years": "ans années",
    "months": "mois",
    "day": "jour",
    "days": "jours",
    "week": "semaine",
    "weeks": "semaines",
    "contact": "renseignements auprès",
    "email": "renseignements adresse",
    "e-mail": "renseignements adresse",
    "results": "résultats",
    "cover letter": "lettre de motivation",
    "motivation letter": "lettre de motivation",
    "support letter": "lettre d'appui",
    "letter of support": "lettre d'appui",
    "announced": "résultats affichés",
    "interview": "audition",
    "interviews": "auditions",
    "clinical investigation centre": "centre d'investigation clinique",
    "clinical investigation center": "centre d'investigation clinique",
    "problème": "difficultés",
    "problèmes": "difficultés",
    "problem": "difficultés",
    "problems": "difficultés",
    "dental": "odontologie",
    "rythme": "par mois répartis",
    "rhythm": "par mois répartis",
    "pace": "par mois répartis",
    "letter": "lettre",
    "letters": "lettres",
    "director": "directeur directrice",
    "directors": "directeurs",
    "give back": "contreparties",
    "en échange": "contreparties",
    "oral": "audition",
    "oraux": "auditions",
    "entretien": "audition",
    "entretiens": "auditions",
    "quality": "qualité",
    "supervisor": "encadrant",
    "supervisors": "encadrants",
    "payroll": "rémunéré salaire",
    "supervise": "encadrant",
    "supervises": "encadrant",
    "supervising": "encadrant",
    "registration": "inscriptions",
    "registrations": "inscriptions",
    "register": "inscriptions",
    "documents": "dossier comporter",
    "file": "dossier",
    "salary": "salaire rémunération",
    "paid": "salaire rémunéré versé",
    "pay": "salaire rémunération",
    "funding": "financement",
    "funded": "financement",
    "selection": "sélection",
    "selected": "sélectionnés sélection",
    "jury": "jury",
    "approval": "accord",
    "approvals": "accords",
    "required": "indispensables requis",
    "purpose": "objectif visent permet",
    "aim": "objectif visent",
    "aims": "objectif visent",
    "goal": "objectif visent",
    "goals": "objectif visent",
    "objectif": "visent permet",
    "objectifs": "visent permet",
    "sert": "objectif visent permet permettra",
    "servir": "objectif visent permet permettra",
    "career": "carrière",
    "outcome": "résultat attendu",
    "outcomes": "résultat attendu",
    "expect": "attendu",
    "lead": "résultat attendu",
    "leads": "résultat attendu",
    "benefit": "avantages résultat attendu",
    "benefits": "avantages résultat attendu",
    "apporte": "avantages résultat attendu",
    "apport": "avantages résultat attendu",
    "gain": "avantages résultat attendu",
    "advantages": "avantages",
    "débouché": "résultat attendu carrière",
    "débouchés": "résultat attendu carrière",
    "money": "financement financière versera",
    "échange": "contreparties engage",
    "exchange": "contreparties engage",
    "return": "contreparties engage",
    "en retour": "contreparties engage",
    "in return": "contreparties engage",
    "obligations": "contreparties engage",
    "commitments": "contreparties engage",
    "bosser": "travailler",
    "work": "travailler",
    "working": "travailler",
    "owe": "contreparties engage",
    "public service": "service public",
    "pay back": "remboursement",
    "repay": "remboursement",
    "proposé": "proposition",
    "propose": "proposition",
    "proposed": "proposition",
    "promo": "promotion",
    "cohort": "promotion",
    "personnes": "participants candidats",
    "people": "participants candidats",
    "criteria": "critères",
    "committee": "comité",
    "host": "accueil",
    "lab": "laboratoire",
    "laboratory": "laboratoire",
    "unit": "unité",
    "hospital": "hospitalier établissement",
    "hospitals": "établissements hospitaliers",
    "doctor": "médecin praticien",
    "doctors": "médecins praticiens",
    "research": "recherche",
    "bridge": "passerelles",
    "scheme": "dispositif parcours",
    "schemes": "dispositifs parcours",
    "offering": "propose",
    "offers": "propose",
    "places": "postes participants",
    "implemented": "mis en place",
    "implement": "mettre en place",
    "implementation": "mise en place",
    "field": "domaine",
    "discipline": "domaine",
    "career break": "interruptions d’activité",
    "parental leave": "interruptions d’activité congé parental",
    "maternity leave": "interruptions d’activité congé maternité",
    "congé parental": "interruptions d’activité",
    "congé maternité": "interruptions d’activité",
    "grades": "notes",
    "marks": "notes",
    "turned down": "accès refusé déterminer",
    "group": "groupe",
    "project": "projet",
    "projects": "projets",
    "hand": "remis",
    "handed": "remis",
    "present": "présenté",
    "presented": "présenté",
    "sign-off": "accords signature",
    "residency": "internat 3ème cycle",
    "residents": "internes",
    "outside": "hors",
    "quota": "contingent",
    "dedicated": "dédiée consacrer",
    "devote": "consacrer",
    "time": "temps",
    "period": "période durée",
    "minimum": "minimale",
    "combined": "cumulable",
    "cumulative": "cumulable",
    "training": "formation",
    "topics": "thématiques axes contenu",
    "topic": "thématiques axes contenu",
    "themes": "thématiques axes",
    "seniority": "ancienneté",
    "permanent": "permanents titulaires",
    "students": "étudiants",
    "student": "étudiant",
    "thesis": "thèse",
    "phd": "doctorat",
    "renewable": "renouvelable",
    "proposal": "proposition",
    "call": "appel",
    # What a scheme consists of, counted ("the two main measures"), and how often one may try.
    "two": "deux",
    "three": "trois",
    "main": "principales",
    "measure": "mesure",
    "measures": "mesures",
    "deuxième chance": "possibilité année suivante",
    "seconde chance": "possibilité année suivante",
    "second chance": "possibilité année suivante",
    "try again": "possibilité année suivante",
    "reapply": "possibilité année suivante candidature",
    "à quel moment": "date calendrier",
    # Money by other names, and what a commitment broken costs.
    "stipend": "rémunération financement",
    "allowance": "rémunération indemnité",
    "compensation": "contrepartie indemnité compenser",
    "compensated": "contrepartie indemnité compenser",
    "grant": "financement bourse",
    "grants": "financements bourses",
    "scholarship": "bourse financement",
    "commitment": "engage contreparties",
    "commit": "engage",
    "undertake": "engage",
    "honour": "manquement règle",
    "honor": "manquement règle",
    "breach": "manquement",
    "afterwards": "ensuite",
}

# French question words: they steer ranking ("qui" -> the "public" passages) but say nothing
# of what a passage must contain, so measures of coverage leave them out.
QUESTION_WORDS = frozenset(
    {
        "qui",
        "quand",
        "à quel moment",
        "contacter",
        "joindre",
        "mail",
        "postuler",
        "inscrire",
        "payé",
        "rémunéré",
        "ça",
        "marche",
    }
    # How a question frames what it asks ("c'est quoi exactement", "en quoi consiste", "what exactly is"): no subject.
    | {"exactement", "précisément", "concrètement", "consiste", "consistent", "exactly", "precisely", "concretely"}
    | {"basically", "consist", "consists"}
    # What one heard of it ("le CER dont parle l'AMPS", "the scheme my colleague mentioned"): no subject.
    | {"dont", "parle", "parlent", "parlé", "entendu", "mentionne", "mentionné", "évoque", "évoqué"}
    | {"talks", "talked", "talking", "mentions", "mentioned", "heard"}
    # Greetings and thanks around a question ("Salut, c'est quoi le CER ?").
    | {"salut", "bonjour", "bonsoir", "coucou", "hello", "hi", "hey", "merci", "thanks", "cordialement", "regards"}
    # Fillers of spoken and written chat ("du coup", "bref", "svp"), "si", and what "don't" or "isn't" leave of
    # themselves: words the analyser keeps that ask nothing.
    | {"coup", "bref", "enfin", "genre", "voila", "ok", "okay", "svp", "stp", "please", "so", "alors", "bah", "ben"}
    | {"euh", "hein", "anyway", "btw", "si", "moment"}
    # Acknowledgements that open a follow-up ("Cool. What topics does it cover?", "Super, et la durée ?").
    | {"cool", "super", "parfait", "nickel", "génial", "great", "perfect", "nice", "awesome", "top"}
    # An approximation asked of a number ("combien environ ?", "roughly how many"): no subject ("environ" would
    # otherwise meet "environnement").
    | {"environ", "approximativement", "approximately", "roughly", "about", "around"}
    | {"don", "doesn", "didn", "isn", "aren", "wasn", "weren", "won", "wouldn", "couldn", "shouldn", "haven", "hasn"}
)
# Looked up on accent-free lower-case text, so "paye" finds "payé".
_FOLDED = {fold_accents(key): words for key, words in LEXICON.items()}
QUESTION_TERMS = frozenset(fold_accents(w) for w in QUESTION_WORDS)
_FOLDED_CONTENT = {k: v for k, v in _FOLDED.items() if k not in QUESTION_TERMS}
_DEFINITION = re.compile(r"\(([A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)*)\)")
_WORDS_BEFORE = re.compile(r"[\w’'-]+")


def mine_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronyms the texts define as 'Long Form (ACR)', found by matching initials (Schwartz-Hearst style)."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _DEFINITION.finditer(text):
            acronym = match.group(1)
            letters = [ch for ch in acronym if ch.isalpha() and ch.isupper()]
            if len(letters) < 2:
                continue
            before = _WORDS_BEFORE.findall(text[max(0, match.start() - 160) : match.start()])
            long_form = _long_form(before, letters)
            if long_form and acronym not in found:
                found[acronym] = long_form
    return found


def _long_form(words: list[str], letters: list[str]) -> str | None:
    """The shortest run of trailing words whose significant initials spell the acronym."""
    parts: list[str] = []
    for word in reversed(words):
        for piece in reversed(re.split(r"[-’']", word)):
            if piece:
                parts.insert(0, piece)
        initials = [fold_accents(p[0]).upper() for p in parts if len(p) > 3 or p[0].isupper()]
        if initials == letters:
            return " ".join(words[len(words) - _count_words(words, parts) :])
        if len(initials) > len(letters) or len(parts) > 3 * len(letters):
            return None
    return None


def _count_words(words: list[str], parts: list[str]) -> int:
    total, count = 0, 0
    for word in reversed(words):
        total += len([p for p in re.split(r"[-’']", word) if p])
        count += 1
        if total >= len(parts):
            return count
    return count


def groups(query: str, acronyms: dict[str, str], question_words: bool = True) -> list[tuple[str, str]]:
    """The query's phrases and words, each with the call-text words it stands for ('' when none), in order."""
    text = normalise(query)
    folded = fold_accents(text.lower())
    if len(folded) != len(text):  # a rare character folds to several: keep positions aligned
        folded = text.lower()
    lexicon = _FOLDED if question_words else _FOLDED_CONTENT
    found: list[tuple[int, str, str]] = []
    for phrase in (p for p in lexicon if " " in p or "-" in p):
        for match in re.finditer(rf"\b{re.escape(phrase)}\b", folded):
            found.append((match.start(), phrase, lexicon[phrase]))
            folded = folded[: match.start()] + " " * len(phrase) + folded[match.end() :]
    for match in re.finditer(r"\w+(?:-\w+)*", text):
        token, start = match.group(0), match.start()
        if not folded[start : match.end()].strip():
            continue  # part of a phrase already found
        extra = []
        long_form = (acronyms.get(token) or acronyms.get(token.upper())) if len(token) <= 6 else None
        if long_form:
            extra.append(long_form)
        extra += [lexicon[w] for w in re.findall(r"\w+", folded[start : match.end()]) if w in lexicon]
        found.append((start, token, "; ".join(extra)))
    return [(surface, extra) for _, surface, extra in sorted(found)]


def has_equivalent(word: str) -> bool:
    """Whether a folded word has call-text equivalents in the lexicon ("oral": "audition", "salary": "salaire")."""
    return word in _FOLDED_CONTENT


def expand(query: str, acronyms: dict[str, str], question_words: bool = True) -> str:
    """The query followed by the long forms of its acronyms and the call-text words for its own."""
    extra = list(dict.fromkeys(e for _, e in groups(query, acronyms, question_words) if e))
    return f"{query} ({'; '.join(extra)})" if extra else query
