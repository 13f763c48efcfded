"""What a question asks, as one structured reading: the ``Query`` every route reads."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.rules.eligibility import Profile
from assistant.rules.engine import Intent
from assistant.rules.parser import asks_window, stated_length
from assistant.text import asked_sentences, first_alternative, question_sentences
from assistant.understanding.intents import Guess, Label
from assistant.understanding.moments import Moment
from assistant.understanding.payments import AskedPayment

AnswerType = Literal[
    "date",
    "hour",
    "duration",
    "renewal",
    "share",
    "yes_no",
    "amount",
    "count",
    "person",
    "list",
    "link",
    "comparison",
    "text",
]
Polarity = Literal["open", "closed"]
RefusalReason = Literal[
    "year",
    "outside",
    "amount",
    "count",
    "date",
    "day",
    "hour",
    "person",
    "link",
    "renewal",
    "share",
    "contact",
    "passages",
]


class Refusal(BaseModel):
    """Why the texts cannot answer, when understanding alone can tell (a year with no call, another subject)."""

    model_config = ConfigDict(frozen=True)

    reason: RefusalReason
    editions: tuple[str, ...] = Field(default=(), description="For 'year': the editions the texts do cover.")


class Query(BaseModel):
    """A question understood: what it asks, about what, for whom, at which moment, expecting what."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="The question as routed: without its sentences that instruct an AI.")
    read: str = Field(description="The question with abbreviations spelt out and typos corrected.")
    corrections: tuple[str, ...] = Field(default=(), description="'typed -> read' for each word corrected.")
    instructions: tuple[str, ...] = Field(default=(), description="Sentences that instruct an AI, set aside.")
    history: tuple[str, ...] = ()
    lang: Literal["fr", "en"]
    named: tuple[str, ...] = Field(default=(), description="Programmes the question itself names.")
    programmes: tuple[str, ...] = Field(default=(), description="Named, else implied by the conversation.")
    years: tuple[int, ...] = Field(default=(), description="Years the question names as a call's year.")
    intent: Label | None = None
    confidence: float = 0.0
    signal: Literal["pattern", "classifier", "none"] = "none"
    guess: Guess | None = None
    unexplained: tuple[str, ...] = Field(
        default=(), description="Words neither the corpus nor the guessed intent's exemplars use: no rules answer."
    )
    profile: Profile = Field(default_factory=Profile)
    moment: Moment | None = None
    now: dt.datetime = Field(description="The moment the rules judge at: the question's own, else today.")
    expects: AnswerType = "text"
    polarity: Polarity | None = Field(
        default=None,
        description="A yes or no asked of a call's window: 'open' when a yes says it is open ('encore ouvert ?'), "
        "'closed' when a yes says it is closed ('trop tard ?'); None: not a yes/no question of that kind.",
    )
    other_funding: Literal["combine", "join"] | None = Field(
        default=None,
        description="For a funding question: funding held elsewhere, added to ('cumuler ?') or still taken ('inclus ?').",
    )
    payment: AskedPayment | None = Field(
        default=None,
        description="For a funding question: the payment a yes or no asks about ('c'est l'Inserm qui me paie ?').",
    )
    rules: Intent | None = Field(default=None, description="What the rules route reads; None: retrieval.")
    refusal: Refusal | None = None


_LINK = re.compile(r"\bliens?\b|\blinks?\b|\burl\b|\bsite (?:web|internet)\b|\bwebsite\b|\bpage web\b")
_PERSON = re.compile(
    r"\bnoms? (?:des?|du) (?:laureat|gagnant|beneficiaire|selectionne|president|directeur|responsable)"
    r"|\b(?:liste|list) (?:des |of (?:the )?)?(?:laureat|winner|beneficiar|selected|recipient|awardee)"
    r"|\bnames? of (?:the )?(?:laureate|winner|beneficiar|selected|recipient|awardee|president|director|head)"
    r"|\bwho (?:were|are|was) (?:the )?(?:laureate|winner|selected|recipient|awardee)s?"
    r"|\bqui (?:sont|etaient|ont ete) (?:les )?(?:laureat|selectionne|retenu|gagnant)"
    r"|\bqui (?:a|ont) ete (?:retenue?s?|selectionnee?s?|choisie?s?|prise?s?|laureate?s?|financee?s?)\b"
    r"|\bwho (?:got|was|were|has been|have been) (?:selected|chosen|accepted|funded|awarded|picked)\b"
    r"|\bqui est (?:le|la) (?:president|directeur|directrice|responsable|pdg|p-dg)\b"
    r"|\bwho is (?:the )?(?:president|director|head|ceo)\b"
    r"|\b(?:liste|list)\b[^?.]{0,60}\b(?:laureat|winner|recipient|awardee|selectionnes|retenus|selected|admitted|admis)"
    r"|\b(?:past|previous|former|last year's) (?:[\w'-]+ ){0,3}(?:laureate|winner|recipient|awardee)s"
    r"|\banciens? (?:[\w'-]+ ){0,2}laureats|\blaureats (?:precedents|de l'an dernier|de l'annee derniere)"
    r"|\bqui (?:preside|presidera|dirige|dirigera)\b|\bwho (?:chairs|will chair|heads|leads)\b"
    # Who was or is in a cohort: "who was in the 2024-2025 cohort?", "qui sont les membres de la promotion 2025 ?" (not
    # how many, who may be, nor of what kind: "chercheurs ou ingénieurs ?")
    r"|^(?![\s\S]*\b(?:combien|how many|number of|nombre|qui peut|qui peuvent|who can|who may|doi(?:t|vent)|must|should"
    r"|ou|or)\b)[\s\S]*?(?:\bwho (?:was|were|is|are) (?:in|part of|on) (?:the )?(?:[\w'-]+ ){0,4}(?:cohort|promotion|class)\b"
    r"|\bqui (?:etait|etaient|faisait|faisaient|a fait|ont fait|fait|font|est|sont|composait|composaient|compose)"
    r" (?:(?:dans|de|partie de) (?:la |les )?|les membres de la )?(?:[\w'-]+ ){0,4}(?:promotion|cohorte|promo)\b"
    r"|\b(?:liste|list|noms?|names?|membres?|members?) (?:de la |des |du |of the |of )(?:membres (?:de la |du )?"
    r"|members of (?:the )?)?(?:[\w'-]+ ){0,3}(?:promotion|cohorte|cohort|promo)s?\b)"
)
_DATE = re.compile(
    r"\bquand\b|\bwhen\b|\bquelle date\b|\bdates (?:de|du|des|of)\b|\bwhat date\b|\bwhich date\b|\bwhat day\b|\bquel jour\b"
    # "c quoi les dates ?", "quelles dates ?", "the dates?": the dates asked on their own
    r"|\b(?:quelles|what are the|which|les|the) dates\s*\?|\bc(?:'est)? quoi les dates\b"
)
# The hour of a day asked ("jusqu'à quelle heure ?", "what time does it close?"), not the day.
_HOUR = re.compile(
    r"\bquelle heure\b|\bheure (?:limite|de (?:cloture|fermeture))\b|\bwhat time\b(?! of (?:the )?year| frame)|\bat what hour\b"
)
_DAY = re.compile(r"\bdernier jour\b|\blast day\b|\bdate limite\b|\bdeadline\b|\bjusqu'(?:a|au) quand\b|\buntil when\b")
_HOW_MANY = re.compile(r"\bcombien\b|\bhow many\b|\bquel (?:est le )?nombre\b|\bwhat (?:is the )?number\b")
_COMPARE = re.compile(r"\bdifferences?\b|\bcompar|\bversus\b|\bvs\b|\bmeme (?:duree|date|chose)\b|\bsame\b|\bplutot\b")
_LIST = re.compile(
    r"\bliste\b|\blist\b|\bquels sont les\b|\bquelles sont les\b|\bwhat are the\b|\btous les\b|\ball the\b"
)
# A French question by inversion ("fait-elle", "est-il", "doit-on"), and the words that make it ask what, not whether.
_INVERTED = re.compile(r"\b[a-z]+-(?:t-)?(?:il|elle|ils|elles|on|je)\b")
_WH_WORD = re.compile(
    r"\b(?:quand|comment|combien|ou|pourquoi|quel|quelle|quels|quelles|que|quoi|qui|lequel|laquelle)\b|\bqu'"
)
# "pr le PA faut une lettre de motiv ?": whether one is needed, asked anywhere in the sentence.
_NEEDS_ONE = re.compile(
    r"\b(?:il )?faut(?:-il)? (?:un|une|des|avoir|etre|joindre|fournir|envoyer)\b"
    r"(?![^?]*\b(?:quoi|quel\w*|combien|comment|quand|ou|pourquoi|qui)\b)"
)
_YES_NO = re.compile(
    r"(?:^|[,:;?.]\s+|\s[-–—]\s+)(?:\W*(?:bonjour|hello|hi)\W+)?(?:est-ce|est ce|puis-je|peut-on|peux|suis-je|ai-je|faut-il|(?:il )?faut"
    # "y a un oral ?" (not "y a quoi comme pièces ?")
    r"|(?:il )?y a(?:-t-il)?(?![^?]*\b(?:quoi|combien|qui|quel\w*|comment|quand|pourquoi|ou)\b)"
    r"|(?:il )?faudra|(?:il )?faudrait|dois-je|doit-on|can|could|may"
    r"|is|are|am|do|does|did|was|were|has|have|will|would|should|must)\b"
)


# Whether a contract may be renewed or extended beyond its length.
# (a participle only as what the contract would be: "CDD renouvelé plusieurs fois" says what the applicant's was)
_RENEWAL = re.compile(
    r"\brenouvel(?:able|er|ement|lement)|\brenew(?:able|al)?\b|\bprolong(?:er|ation|eable|ement)|\breconduct"
    r"|\bextend(?:able)?\b|\bextension\b|\b(?:etre|est|est-il|est-elle|sera|serait|soit|be|is|is it|will it be"
    r"|would it be|peut-il|peut-elle|can it|could it|gets?) (?:\w+ )?"
    r"(?:renouvele|prolonge|reconduit|extended)"
)

# A share of time or money: "quelle quotité de mon temps", "what percentage".
_SHARE = re.compile(
    r"\bquotite\b|\bpourcentage\b|\bpercentage\b|\bquelle (?:part|proportion|fraction)\b"
    r"|\bwhat (?:share|proportion|fraction)\b|\bhow much of (?:my|the|their) time\b"
)
_LENGTH = re.compile(r"\bdure\b|\bdurent\b|\bduree\b|combien de temps|how long|\bduration\b|\blength\b")


def answer_type(text: str, label: Label | None, asks_amount: bool, asks_count: bool) -> AnswerType:
    """The kind of answer a folded question (``text.fold``) asks for."""
    if _LINK.search(text):
        return "link"
    if _PERSON.search(text):
        return "person"
    if _SHARE.search(text):
        return "share"
    if asks_amount:  # the patterns, not the classifier: "how much would a student be paid" may be answered
        return "amount"  # by a level of pay ("à hauteur du CESP"), "combien d'argent" only by an amount
    if asks_count and not (_YES_NO.search(text) and not _HOW_MANY.search(text)):
        return "count"  # "would my number of publications decide?" asks yes or no, "how many places?" a number
    if label == "suggest" and _COMPARE.search(text):
        return "comparison"
    if label == "deadline" and _HOUR.search(text) and not _DAY.search(text):
        return "hour"
    if label in ("deadline", "opening", "event", "calendar") or (label in (None, "about") and _DATE.search(text)):
        return "date"  # "quand faut-il avoir soutenu sa thèse ?" asks a condition, not a date
    if label == "duration":
        # "renouvelable après 5 ans ?" asks no length; "ça dure combien, un an renouvelable ?" and "prolongé à 4 ans
        # ?" ask one.
        renewal = _RENEWAL.search(text) and not _LENGTH.search(text) and not stated_length(text)
        return "renewal" if renewal else "duration"
    asked = first_alternative(text)  # "un oral, ou seulement sur dossier ?": a yes or no on the oral
    if (
        _YES_NO.search(asked)
        or _NEEDS_ONE.search(asked)
        or any(_INVERTED.search(q) and not _WH_WORD.search(q) for q in question_sentences(asked))
        or (asked != text and not any(_WH_WORD.search(q) for q in question_sentences(asked)))
    ):
        return "yes_no"  # "sa lettre fait-elle partie des pièces ?", but not "quand doit-on l'envoyer ?"
    if _LIST.search(text):
        return "list"
    return "text"


# What asks when, which or how much rather than yes or no ("jusqu'à quand ?", "date limite ?", "what time?").
_ASKS_WHAT = re.compile(
    r"\b(?:quand|quel|quelle|quels|quelles|combien|when|what|which|how|until|jusqu'|date|dates|deadline|heure|hour"
    r"|hours|delai|cloture|ouverture|calendrier|timeline|ou|where|who|qui)\b"
    # Whether to wait, or whether lateness is tolerated, is no yes or no on where the call stands.
    r"|\battendre\b|\bwait\b|\btolerance\b|\bgrace\b|\blate (?:submission|application)|\ben retard\b|\bexception"
    # A request for the date, however polite ("could you confirm the last day", "pouvez-vous me préciser").
    r"|\bcut-?off\b|\bdernier jour\b|\blast (?:day|date)\b|\bderniere date\b|\bconfirm|\bpreciser\b|\bindiquer\b"
    r"|\btell me\b|\blet me know\b|\brappeler\b|\bremind"
)
# A yes that says the call is closed: "c'est trop tard ?", "is it over?", "c'est mort ?" ("j'ai fini ma thèse" is not).
_ASKS_CLOSED = re.compile(
    r"\b(?:trop tard|too late|clos|closed|fermee?s?|over|expired|deja passee?|depassee?|passed)\b"
    r"|\b(?:c'est|c|est-ce|is it) (?:deja )?(?:fini|finie|termine|terminee|mort|cuit|rape|foutu|fichu)\b"
)
# A question that states a date or an hour of the call ("le CI ferme à 17h le 27 mai ?", "does it close on May 30?")
# checks that date: its yes or no is not where the call stands. A negative question ("ce n'est pas encore ouvert ?")
# is answered "si" in French, not "oui": no bare lead either.
_STATES_A_DATE = re.compile(
    r"\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february"
    r"|march|april|june|july|august|september|october|november|december)\b|\b\d{1,2}/\d{1,2}\b|\b(?:19|20)\d{2}\b"
    r"|\b(?:le|on|the) \d{1,2}\b|\b(?:ferme|fermera|close|closes|cloture|ouvre|ouvrent|opens?|finit|ends?)\b[^?]{0,20}\d"
)
# A window asked in the negative ("ce n'est pas encore ouvert ?"): no bare yes or no. Read in the clause that asks,
# not in what the asker says of themselves before it ("j'ai pas encore finalisé, je peux encore déposer ?").
_NEGATIVE_ASK = re.compile(r"\b(?:pas|not|n'|isn't|aren't)\b")
# The asker's own file not finished, which negates nothing of the window ("j'ai pas encore finalisé, je peux encore
# déposer ?", "jai pas pu finir hier soir, c encore possible ?"); being "pas titulaire" or "not a PH" is no such thing.
_UNFINISHED = re.compile(
    r"\b(?:je n'ai |j'ai |jai |i have |i've |i )?(?:pas|not|haven't|have not|didn't|couldn't|could not|wasn't able to)"
    r" (?:encore |yet |tout |all )?(?:pu |eu le temps de |reussi a |su |manage to |get to )?"
    r"(?:fini|finalise|termine|complete|boucle|envoye|depose|soumis|pret|finished|done|completed|submitted|ready"
    r"|sent|finish|submit)\w*"
)


# A call's edition named by its year(s): "la promotion 2026-2027", "l'appel 2026", "les postes d'accueil 2026".
_EDITION_NAMED = re.compile(
    r"\b(?:promotion|appel|call|edition|session|campagne|cohorte?|accueil|interface|potentiels|pa|ci|hp|cer|programme"
    r"|program|dispositif)s?"
    r" (?:de |d'|of |for )?(?:19|20)\d{2}(?:[-/](?:19|20)?\d{2})?\b|\b(?:19|20)\d{2}-(?:19|20)\d{2}\b"
    # "my 2026 interface contract application": the year before the call's name
    r"|\b(?:19|20)\d{2} (?=(?:interface|call|appel|edition|promotion|postes?|contrats?|programme|parcours|pa|ci|hp|application|candidature|dossier)s?\b)"
    # "est-il encore possible de candidater pour 2026 ?": the edition applied to
    r"|\b(?:candidater|postuler|apply|s'inscrire|deposer) (?:pour|for|a|en|in) (?:l'annee |l'edition |the )?(?:19|20)\d{2}\b"
)


def edition_years(text: str) -> tuple[int, ...]:
    """The single years a folded question names as a call's edition ("les contrats d'interface 2025", "l'appel
    2027"), not a span ("la promotion 2026-2027", see ``understand._spans``)."""
    found = []
    for m in _EDITION_NAMED.finditer(text):
        if not re.search(r"\d[-/](?:19|20)?\d{2}\b", m.group(0)):  # (a span: "2026-2027", "2026/27")
            found += [int(y) for y in re.findall(r"(?:19|20)\d{2}", m.group(0))[:1]]
    return tuple(found)


_ASKERS_YEAR = re.compile(
    r"\b(?:depuis|since|titularisee?|tenured|recrutee?|hired|en poste|in post|diplomee?|graduated|soutenue?|defended)"
    r"\b[^?.]{0,20}\b(?:19|20)\d{2}\b"
)
_TODAY_IS = re.compile(
    r"\b(?:on est|nous sommes|today is|today's|it is|it's|we are|aujourd'hui c'est|aujourd'hui,? le) (?:le |the |on )?"
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday) )?(?:\d{1,2}(?:er|st|nd|rd|th)? (?:of )?[a-z]+|[a-z]+ \d{1,2}(?:st|nd|rd|th)?)(?:,? \d{4})?"
    # "on est le dernier jour pour les PA, je finis ce soir vers 20h, ça passe ?": the asker's day
    # (not "c'est le dernier jour ?", which asks it)
    r"|\b(?:on est|nous sommes|today is) (?:le |the )?(?:dernier|last) (?:jour|day)\b"
)
# Missing the call is asking whether it is closed, whatever word names what was missed ("j'ai raté la date ?").
_MISSED = re.compile(
    r"\b(?:j'ai|ai-je|on a|have i|did i|i) (?:deja |already |just )?(?:rate|loupe|manque|missed|miss)"
    r" (?:la |le |l'|the )?(?:date limite|deadline|cut-?off|delai|coche|boat|date|it\b)\b"
    # (not a step's date, nor last year's call: "j'ai manqué la date de la présélection", "missed it last year")
    r"(?! (?:de |d'|of )(?:la |l'|the )?(?:preselection|audition|interview|resultat|result))"
    r"(?![^?.]{0,40}\b(?:l'an dernier|l'annee derniere|l'an passe|l'annee passee|last year|hier|yesterday))"
)
# The day the asker says it is, named by the call's step ("it's 2pm on deadline day", "c'est le dernier jour") and
# an alternative that is only the opposite state of the window ("right now, or did I miss it?", "ou c'est trop
# tard ?"): neither is what the yes or no asks.
_DAY_SAID = re.compile(
    r"\bon (?:the )?(?:deadline day|last day|day of the deadline)\b|\b(?:le )?jour (?:de la date limite|j)\b"
)
_OPPOSITE_STATE = re.compile(
    r"\b(?:or|ou)\b (?:is it |was it |c'est |c |est-ce |did i |have i |j'ai |ai-je |i )?(?:deja |already |just )?"
    r"(?:trop tard|too late|trop tot|too early|too soon|clos|closed|fermee?|over|fini|finie|termine|passed|passe"
    r"|missed it|miss it|rate|loupe"
    r"|manque|(?:still |encore |toujours )?(?:open|ouverte?)|pas|not)\b"
    r"(?:(?!\b(?:si|s'il|s'ils|if|unless|sauf|quand|when)\b)[^?\d]){0,40}(?=\?)"
)
_TOO_EARLY = re.compile(r"\b(?:trop tot|too early|too soon|pas encore|not yet)\b")
_WH_ASKED = re.compile(r"\b(?:quand|when|que faire|what|qui|who|comment|how|a qui|ou|where|combien|which|quel\w*)\b")


def polarity(text: str, label: Label | None, said: str = "") -> Polarity | None:
    """Whether a folded question about a call's window asks yes or no, and what a yes would say. ``said`` is the
    moment the question says it is asked at ("on est le 2 juin"): a date of the asker's, not one stated of the call."""
    if label not in ("deadline", "opening"):
        return None
    if said:
        text = text.replace(said, " ")
    text = _TODAY_IS.sub(" ", text)  # "on est le 2 juin, j'ai raté la date ?": the asker's day, not the call's
    text = _ASKERS_YEAR.sub(" ", text)  # "PH au CHU depuis 2015 … encore possible ?": the asker's year
    text = _EDITION_NAMED.sub(" ", text)  # "la promotion 2026-2027 des HP": the call's edition, no date of it
    text = _DAY_SAID.sub(" ", text)  # "it's 2pm on deadline day, is it still OK?": the asker's moment
    # "can I register now, or did I miss it?", "je peux déjà m'inscrire ou c trop tôt ?": a yes or no on the first
    stripped = _OPPOSITE_STATE.sub("", text)
    if stripped != text and _TOO_EARLY.search(stripped):
        return None  # "trop tôt ou trop tard ?": which of the two, no yes or no
    text = stripped
    # (the negation of the question itself: "je peux encore déposer ? j'ai pas vu passer la date…" is a yes or no)
    if _STATES_A_DATE.search(text) or _NEGATIVE_ASK.search(_UNFINISHED.sub(" ", asked_sentences(text))):
        return None
    question = asked_sentences(text)  # "I missed it by a few days... is there still a way?": the question's own words
    if _MISSED.search(question) and not _WH_ASKED.search(question):
        return "closed"
    if _ASKS_WHAT.search(text):
        # "je peux déjà m'inscrire ? jusqu'à quand ?": the question that asks yes or no on the window, beside the date.
        # ("what's the deadline and do I still have time?": the ask after the "and")
        asks = [  # (and "c'est quand la date limite, je peux encore envoyer mon dossier ?": after a "when" and a comma)
            a.rstrip(" ?") + " ?"
            for s in re.findall(r"[^.!?]*\?", text)
            for a in re.split(r",? \b(?:and|et)\b |(?:(?<=limite)|(?<=deadline)|(?<=date)|(?<=quand)|(?<=when)), ", s)
        ]
        text = " ".join(a for a in asks if not _ASKS_WHAT.search(a) and asks_window(a))
        if not text:
            return None
    if _CONDITION_OR_CHOICE.search(text):
        return None  # "je peux encore postuler si j'ai déjà un poste de CCA ?", "or is it too late?": no bare yes or no
    if _WILL_OPEN.search(text) and not STILL_OR_YET.search(text):
        return None  # "le CI ouvre cette année ?" asks whether (and when) it opens, not whether it is open now
    return "closed" if _ASKS_CLOSED.search(text) else "open"


# An opening to come asked about ("le CI ouvre cette année ?", "will it open in April?"), unlike being open now.
_WILL_OPEN = re.compile(r"\b(?:ouvre|ouvrent|ouvrira|ouvriront|va ouvrir|vont ouvrir|opens|will open|going to open)\b")
STILL_OR_YET = re.compile(r"\b(?:encore|deja|toujours|maintenant|still|already|yet|now)\b")
# A condition or an either-or in a yes or no on the window: its answer is not a bare "oui" or "non" (but "si je le
# dépose dans 30 min" is when, not a condition).
_CONDITION_OR_CHOICE = re.compile(
    r"(?<!savoir )(?<!demande )(?<!dire )(?<!preciser )(?<!indiquer )(?<!voir )(?<!know )(?<!wonder )(?<!wondering )"
    r"(?<!me )(?<!ask )\b(?:si|s'il|s'ils|if|unless|sauf si)\b(?! (?:oui|so|possible|je comprends|i understand"
    r"|vous plait|te plait)\b)"
    r"(?! (?:je|j'|on|nous|we|i) ?(?:le |la |les |l'|it )?(?:depose|envoie|soumets|postule|candidate|submit|send|apply))"
    r"|\b(?:or|ou)\b"
)
