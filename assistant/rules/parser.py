"""Deterministic question understanding: which intent, which programmes, which profile.

Readable rules, not a model: French and English phrasings of each intent,
programme aliases (``corpus/programmes.yaml``), statuses and other profile
words (``vocabulary``), and numbers ("depuis 12 ans", "since 4 years"). A
question it does not recognise returns None and goes to retrieval.
"""

from __future__ import annotations

import re

from assistant.programmes import Programme, mentioned, subject
from assistant.rules.eligibility import Profile
from assistant.rules.engine import Intent, IntentKind
from assistant.rules.models import EventKind
from assistant.rules.vocabulary import ALL, CONTRACTS, DIPLOMAS, EMPLOYERS, PROFESSIONS, STATUSES, Term, find, find_all
from assistant.text import fold, normalise

# Intents in the order they are tried: the first that matches wins ("jusqu'à quand peut-on
# candidater" asks for a deadline, not for eligibility).
_INTENTS: tuple[tuple[IntentKind, str], ...] = (
    (
        "suggest",
        r"quel(?:le)?s? (?:dispositif|programme|parcours|appel)s?\b(?! hauts?)|which (?:programme|program|scheme|call)"
        r"|what (?:programme|program|scheme) (?:is|would|should|could|fits|suits)|a quoi (?:puis-je|je peux|pourrais-je)",
    ),
    (
        "deadline",
        r"date limite|deadline|jusqu'(?:a|au) quand|cloture|dernier delai|encore ouvert|toujours ouvert|still open"
        r"|is (?:it|the call) (?:still )?open|combien de (?:jours|temps) (?:reste|me reste|il reste)|how (?:many|much) (?:days|time)"
        r"|days left|jours restants|trop tard|too late|avant quand|due date|when (?:is|are) (?:\w+ )*(?:due|closing)"
        r"|quand (?:[\w'-]+ )*(?:deposer|candidater|postuler|envoyer|rendre)|until when|by when|closing date"
        r"|when (?:must|should|do) i (?:apply|submit|send)|when (?:can|do) (?:i|we) apply"
        r"|jusqu'(?:a|au) quelle (?:heure|date)|a quelle heure|what time|\bopen call\b|appel (?:est )?(?:encore )?ouvert"
        r"|still accepting|\bencore (?:\w+ ){0,2}(?:candidater|postuler|deposer|envoyer|s'inscrire)"
        r"|still (?:\w+ )?(?:apply|submit|send|register)|encore possible de (?:candidater|postuler|deposer|envoyer)",
    ),
    (
        "eligibility",
        r"\beligib|puis-je (?:candidater|postuler|demander|beneficier|pretendre|obtenir)|est-ce que je peux"
        r"|ai-je le droit|can i (?:apply|get|benefit)|could i apply|am i allowed|qui peut|who (?:can|may|is allowed)"
        r"|\bpeu(?:t|vent)[- ](?:il|elle|ils|elles|on)s? (?:candidater|postuler|demander|beneficier|pretendre|obtenir)"
        r"|\b(?:can|may) (?:a|an) \w+ (?:apply|get|benefit)|conditions? (?:d'acces|requises|d'eligibilite|pour candidater)"
        r"|requirements|faut-il (?:etre|avoir)|do i need (?:a|an|to be|to have)|est-il necessaire d'avoir|suffit"
        r"|a qui s'adresse|s'adresse a qui|pour qui\b|destine a qui|who is (?:it|this|the \w+) (?:for|aimed at)"
        r"|intended for|aimed at|quelle anciennete|how (?:much|many years of) seniority|doivent (?:venir|etre issus)"
        r"|come from|quels accords|quelles autorisations|what (?:approvals|authori[sz]ations)|approvals? (?:are )?(?:required|needed)|(?:doit|doit-il|doit-elle) etre"
        r"|(?:has|have) to be",
    ),
    (
        "opening",
        r"a partir de quand|ouverture des (?:inscriptions|candidatures)|quand (?:[\w'-]+ )*(?:s'inscrire|inscriptions?)"
        r"|inscriptions? (?:ouvre|commence|debute)|quand ouvre|(?:registrations?|applications?) open|opening date",
    ),
    (
        "event",
        r"audition|entretien|interview|preselection|shortlist|resultat|result|prise de fonction|prise d'effet"
        r"|commence|debut du contrat|demarr|start|lancement|launch",
    ),
    (
        "duration",
        r"\bduree|combien de temps|how long|combien d'annees|how many years|\bdure(?:nt)?\b|duration|\blast(?:s)?\b"
        r"|temps (?:plein|partiel)|full[- ]time|part[- ]time",
    ),
    (
        "contact",
        r"\bcontact|joindre|adresse (?:e-?mail|mail|electronique)|e-?mail|\bmail\b|qui (?:contacter|ecrire)"
        r"|renseignements|who (?:should|do|can) i (?:write|contact|ask)|whom",
    ),
    (
        "documents",
        r"pieces?|\bdocuments?\b|doit contenir|doit comporter|composer le dossier|contenu du dossier"
        r"|application (?:file|package) contain|what (?:should|must) (?:the|my) application|\bcv\b|lettre",
    ),
    ("funding", r"financ|funding|salaire|salary|remuner|\bpaid\b|\bpaye|indemnite|who pays|qui paie|qui verse"),
    (
        "calendar",
        r"calendrier|calendar|timeline|dates? (?:cles|importantes)|key dates|quelles sont les dates|what are the dates",
    ),
    (
        "how_to_apply",
        r"comment (?:candidater|postuler|s'inscrire|deposer|faire)|how (?:do|can|to) (?:i )?(?:apply|register)"
        r"|ou (?:deposer|candidater|postuler|s'inscrire|envoyer)|where (?:do|can|should) i (?:apply|send|submit)"
        r"|a quelle adresse (?:\w+ )?(?:envoyer|deposer|adresser)",
    ),
)

_EVENTS: tuple[tuple[EventKind, str], ...] = (
    ("preselection", r"preselection|shortlist"),
    ("auditions", r"audition|entretien|interview"),
    ("results", r"resultat|result"),
    ("promotion_launch", r"lancement|launch|promotion (?:commence|demarr|debut)"),
    ("start", r"prise de fonction|prise d'effet|commence|debut du contrat|demarr|start"),
)

_ACRONYM_IN_LABEL = re.compile(r"\b[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*\b")
_YEARS = re.compile(
    r"(?:depuis|since|for|pendant|during)\s+(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:ans?|annees?|years?)"
    r"|(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:ans?|annees?|years?)\s*(?:d'anciennete|of seniority|as (?:a )?(?:permanent|titulaire)|de titulaire"
    r"|a l'inserm|at inserm|titulaire)"
)
# A dated step is asked for only with a word of time: "Comment se passent les auditions ?" is not.
_TIME_CUE = re.compile(
    r"\bquand\b|\bdates?\b|\bjours?\b|\bmois\b|\bperiode\b|a quel(?:le)? (?:moment|epoque)|a partir de"
    r"|\bwhen\b|\bwhat day\b|\bwhich (?:day|month)\b|\bmonth\b|\bdate\b|ont lieu|aura lieu|auront lieu"
    r"|take place|held\b|seront(?:-ils|-elles)? (?:publies|affiches|connus)|publi|affich|announced|annonce"
)
# The rules hold no amounts: "how much" questions go to retrieval (which says when the texts are silent).
_AMOUNT = re.compile(r"\bmontant|\bcombien\b(?! de (?:temps|jours|annees|mois))|how much|\bamount|\beuros?\b|€")
_VOCABULARY_ACRONYMS = frozenset(
    m.group(0) for term in ALL.values() for text in (term.fr, term.en) for m in _ACRONYM_IN_LABEL.finditer(text)
)
# Upper-case words of questions that name nothing ("I", "PhD" is handled by the vocabulary).
_QUESTION_CAPITALS = frozenset({"I", "OK", "FAQ", "SVP", "PHD", "MD", "CV", "M2"})
# Negation in the clause before a word. French "plus" alone is "also" ("j'ai en plus un master"):
# it negates only after "ne"/"n'".
_NEGATION = re.compile(
    r"\b(?:pas|jamais|sans|aucun|no|not|never|without|don't|haven't|hasn't|isn't|aren't|am not|do not)\b"
    r"|\bn(?:e\b|')[^,.;]*\bplus\b|\bno longer\b"
)
_NOT_YET = re.compile(r"\bpas encore\b|\bnot yet\b|\bpour l'instant\b|\bl'aurai\b|\bwill have\b|\bbientot\b|\bsoon\b")


_ENGLISH_WORDS = frozenset(
    [
        "the",
        "is",
        "are",
        "what",
        "when",
        "who",
        "how",
        "can",
        "i",
        "for",
        "a",
        "an",
        "do",
        "does",
        "my",
        "am",
        "of",
        "to",
        "and",
        "your",
        "you",
        "please",
        "with",
        "in",
        "it",
        "this",
        "that",
        "which",
        "where",
        "will",
        "should",
        "have",
        "has",
        "there",
        "be",
        "any",
    ]
)
_FRENCH_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "est",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "quand",
        "qui",
        "comment",
        "je",
        "pour",
        "un",
        "une",
        "des",
        "du",
        "de",
        "suis",
        "mon",
        "ma",
        "et",
        "vous",
        "votre",
        "avec",
        "dans",
        "sur",
        "que",
        "ce",
        "il",
        "y",
        "en",
        "au",
        "aux",
        "ou",
        "sont",
        "peut",
    ]
)


def language(text: str) -> str:
    """'en' or 'fr' from a few frequent words; French when unsure."""
    words = re.findall(r"[a-z']+", fold(text))
    en = sum(w in _ENGLISH_WORDS for w in words)
    fr = sum(w in _FRENCH_WORDS for w in words)
    return "en" if en > fr else "fr"


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*\b")


def corpus_acronyms(texts: list[str]) -> frozenset[str]:
    """The upper-case words (acronyms) the corpus uses: PH, CHU, EVA, AMPS..."""
    return frozenset(m.group(0) for text in texts for m in _ACRONYM.finditer(normalise(text)))


def strangers(question: str, programmes: list[Programme], known_acronyms: frozenset[str]) -> set[str]:
    """Acronyms a question uses that neither the corpus, a programme's names nor the profile words use."""
    aliases = {m.group(0) for p in programmes for n in p.names() for m in _ACRONYM.finditer(n)} | _VOCABULARY_ACRONYMS
    used = {m.group(0) for m in _ACRONYM.finditer(normalise(question))}
    return used - known_acronyms - aliases - _QUESTION_CAPITALS


def parse(
    question: str,
    programmes: list[Programme],
    history: tuple[str, ...] = (),
    known_acronyms: frozenset[str] | None = None,
) -> Intent | None:
    """The intent of a question, or None when the rules do not recognise it.

    With ``known_acronyms`` (the corpus's, see ``corpus_acronyms``), a question that names an
    acronym the corpus never uses ("la date limite de l'ANR") is about something else: None.
    """
    if known_acronyms is not None and strangers(question, programmes, known_acronyms):
        return None
    text = fold(question)
    kind = next((k for k, pattern in _INTENTS if re.search(pattern, text)), None)
    profile = parse_profile(text)
    named = tuple(mentioned(question, programmes))
    if kind is None and not profile.is_empty() and named:
        kind = "eligibility"  # "Je suis PHC, contrat d'interface ?"
    if kind is None:
        return None
    named = tuple(subject(question, programmes, history))
    event = next((e for e, pattern in _EVENTS if re.search(pattern, text)), None) if kind == "event" else None
    if kind == "event" and (event is None or not _TIME_CUE.search(text) or not named):
        return None  # "quand auront lieu les entretiens d'embauche ?": no programme, not the calls' steps
    if kind == "funding" and (not named or _AMOUNT.search(text)):
        return None  # funding facts are per programme, and they hold no amounts
    return Intent(kind=kind, programmes=named, event=event, profile=profile, lang=language(question))


def parse_profile(text: str) -> Profile:
    """The profile words of a folded question (see ``fold``); what is denied or ambiguous stays unknown."""
    held, missing = _diplomas(text)
    paid = None
    if re.search(r"(?:paye|remunere)e?s? par l'inserm|paid by inserm|inserm (?:pays|salary)", text):
        paid = not re.search(r"(?:pas|not|no longer|plus) (?:\w+ )?(?:paye|remunere|paid)", text)
    payer = re.search(r"(?:paye|remunere)e?s? par (?:le |la |l'|une? )?([\w-]+)|paid by (?:a |an |the )?([\w-]+)", text)
    if paid is None and payer and (payer.group(1) or payer.group(2)) != "inserm":
        paid = False  # paid by the CNRS, a university...
    return Profile(
        status=_one(text, STATUSES),
        profession=_one(text, PROFESSIONS),
        diplomas=frozenset(held) if held else None,
        missing_diplomas=frozenset(missing),
        inserm_years=_inserm_years(text),
        contract=_one(text, CONTRACTS),
        employer=_one(text, tuple(t for t in EMPLOYERS if t.id != "inserm")),
        paid_by_inserm=paid,
        approvals=_approvals(text),
        inserm_unit=_affirmed(text, _INSERM_UNIT),
        career_breaks=_affirmed(text, _BREAKS),
    )


_INSERM_UNIT = re.compile(
    r"\bunites? (?:de recherche )?(?:de l')?inserm\b|\binserm (?:research )?unit|\blaboratoire (?:de l')?inserm\b"
)
_APPROVAL = re.compile(r"\baccords?\b|\bapprovals?\b|\bautorisations?\b")
_REFUSED = re.compile(r"\brefus|\bdenied\b|\bdeclined\b")
_BREAKS = re.compile(
    r"\binterruptions?\b|\bcareer breaks?\b|\bconge (?:maternite|parental|maladie)\b|\bmaternity leave\b"
)


def _affirmed(text: str, pattern: re.Pattern[str]) -> bool | None:
    """True when the question says it, False when it denies it, None when it is silent."""
    starts = [m.start() for m in pattern.finditer(text)]
    if not starts:
        return None
    return not all(_denied(text, start) for start in starts)


def _approvals(text: str) -> bool | None:
    """Whether the applicant has the approvals: a refusal or "without" settles no; both (or "les accords") yes."""
    mentions = [m.start() for m in _APPROVAL.finditer(text)]
    if not mentions:
        return None
    if _REFUSED.search(text) or any(_denied(text, start) for start in mentions):
        return False
    plural = re.search(r"\baccords\b|\bapprovals\b|\bautorisations\b|\bles deux\b|\bboth\b|\bcelui\b", text)
    return True if plural else None


def _one(text: str, group: tuple[Term, ...]) -> str | None:
    """The one value of a group the question affirms; denied ones are dropped, two or more is unknown."""
    affirmed = []
    for term_id in find(text, group):
        term = next(t for t in group if t.id == term_id)
        starts = [m.start() for p in term.patterns for m in re.finditer(p, text)]
        if not any(_denied(text, start) for start in starts):
            affirmed.append(term_id)
    return affirmed[0] if len(affirmed) == 1 else None


def _clause_before(text: str, position: int) -> str:
    """The words before ``position`` in its clause (back to the last punctuation or 'but')."""
    before = text[:position]
    cut = max(before.rfind(c) for c in ",.;:!?()")
    clause = before[cut + 1 :]
    return re.split(r"\b(?:mais|but|maintenant|now|aujourd'hui|today)\b", clause)[-1]


def _denied(text: str, position: int) -> bool:
    return bool(_NEGATION.search(_clause_before(text, position)))


def _inserm_years(text: str) -> float | None:
    """Years of seniority, counted only in a clause that speaks of Inserm or of seniority."""
    for match in _YEARS.finditer(text):
        start = text.rfind(",", 0, match.start()) + 1
        end = min((e for e in (text.find(c, match.end()) for c in ",.;?!") if e >= 0), default=len(text))
        if re.search(r"inserm|anciennete|seniority", text[start:end]):
            return float((match.group(1) or match.group(2)).replace(",", "."))
    return None


def _diplomas(text: str) -> tuple[list[str], list[str]]:
    """Diplomas held and diplomas denied; "not yet" settles nothing (they may be held by the date the rule says)."""
    held: list[str] = []
    missing: list[str] = []
    for diploma in find_all(text, DIPLOMAS):
        term_id, start = diploma
        clause = _clause_before(text, start)
        if _NEGATION.search(clause):
            if not _NOT_YET.search(clause + text[start : start + 60]):
                missing.append(term_id)
        else:
            held.append(term_id)
    if "master2" in missing:
        missing.append("master2-recherche")  # no master 2 at all: no research one either
    return sorted(set(held) - set(missing)), sorted(set(missing))
