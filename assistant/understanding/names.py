"""Names and words as people type them: abbreviations of the programmes and typos of the corpus's words.

``Speller.correct`` rewrites a question so that the precise signals (programme aliases, intent patterns,
profile words) can read it: "kel date ouverture inscripsions poste d'acceuil" becomes "kel date ouverture
inscriptions poste d'accueil", "deadline CI ?" becomes "deadline contrats d'interface ?". The question as
asked is always read first; the corrected one only adds what the first reading missed.

Typos are corrected with rapidfuzz against the corpus's own vocabulary (the call texts, the programme names
and aliases): a word the corpus uses, or a frequent French or English word (pyspellchecker's dictionaries), is
never changed, and a word is only replaced by the one corpus word within one edit of it (two for long words).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.programmes import Programme
from assistant.text import fold, normalise

# Abbreviations applicants use for the programmes, that the call texts never spell out. Upper case, or lower
# case after a determiner ("les pa", "pr les ci"): "ci-joint" or "pa" inside a word are not names.
ABBREVIATIONS: dict[str, str] = {
    "PA": "postes d'accueil",
    "CI": "contrats d'interface",
    "CIH": "contrats d'interface",
    "HP": "Hauts potentiels",
}
# Words written the SMS way, as applicants type them on a phone: a lexicon (training data, written for it).
SMS: dict[str, str] = {
    "c": "c'est",
    "cé": "c'est",
    "jveux": "je veux",
    "jvoudrais": "je voudrais",
    "jsuis": "je suis",
    "chui": "je suis",
    "jpeux": "je peux",
    "jpx": "je peux",
    "jdois": "je dois",
    "jai": "j'ai",
    "jecris": "j'écris",
    "jécris": "j'écris",
    "jpourrai": "je pourrai",
    "jpourrais": "je pourrais",
    "selec": "sélection",
    "insc": "inscription",
    "jsais": "je sais",
    "pr": "pour",
    "kel": "quel",
    "kelle": "quelle",
    "kels": "quels",
    "ke": "que",
    "koi": "quoi",
    "qd": "quand",
    "cb": "combien",
    "cbien": "combien",
    "kan": "quand",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "tt": "tout",
    "tjs": "toujours",
    "publi": "publication",
    "publis": "publications",
    "tjrs": "toujours",
    "bjr": "bonjour",
    "slt": "salut",
    "qqch": "quelque chose",
    "qqn": "quelqu'un",
    "pcq": "parce que",
    "jsp": "je ne sais pas",
    "dc": "donc",
    "ds": "dans",
    "bcp": "beaucoup",
    "mtn": "maintenant",
    "mnt": "maintenant",
    "auj": "aujourd'hui",
    "ajd": "aujourd'hui",
    "dmn": "demain",
    "vs": "vous",
    "stp": "s'il te plaît",
    "svp": "s'il vous plaît",
    "u": "you",
    "ur": "your",
    "r u": "are you",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
}
_SMS_C_NEXT = (
    r"(?= (?:ouvert|ferme|fermé|clos|fini|quand|quoi|qui|ou|où|comment|combien|pour|pr|possible|bon|trop|encore|"
    r"toujours|deja|déjà|le|la|les|l'|un|une|ok|jusqu|kan|qd)\b)"
)
# "vs" is "vous" before a verb or pronoun ("vs pouvez", "vs m'aider") or after "je", "que", "de" ("je vs écris"); between
# two names it is "versus" ("PA vs CI", "postes d'accueil vs interface contracts").
_SMS_VS = re.compile(
    r"(?:(?<=\bje )|(?<=\bj' )|(?<=\bque )|(?<=\bqu'on )|(?<=\bde )|(?<=\bpour )|(?<=\bpr ))vs(?![\w'’-])"
    r"|(?<![\w'’-])vs(?= (?:[\w-]+ez|etes|êtes|m'|me|nous|en|y|remercie)\b)"
)
_DETERMINER = r"(?:les|le|la|des|du|aux|au|un|une|pour|pr|the|a|an|of|for|en|mon|ma|my)"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Words of the questions that the call texts need not use: never corrected into a corpus word.
_QUESTION_WORDS = frozenset(
    [
        "quand",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "combien",
        "comment",
        "pourquoi",
        "encore",
        "toujours",
        "deja",
        "maintenant",
        "demain",
        "hier",
        "aujourd'hui",
        "today",
        "tonight",
        "tomorrow",
        "morning",
        "evening",
        "afternoon",
        "apres-midi",
        "minuit",
        "week",
        "month",
        "year",
        "annee",
        "bon",
        "bonne",
        "soir",
        "matin",
        "semaine",
        "prochaine",
        "prochain",
        "dernier",
        "derniere",
        "reste",
        "restent",
        "jours",
        "heures",
        "heure",
        "peux",
        "peut",
        "puis",
        "veux",
        "voudrais",
        "aimerais",
        "svp",
        "merci",
        "bonjour",
        "madame",
        "monsieur",
        "cordialement",
        # Words of a career the texts do not use ("titularisé" is no typo of "titulaire").
        "titularise",
        "titularisee",
        "titularises",
        "titularisees",
        "titularisation",
        "detachement",
        "detache",
        "detachee",
        "concours",
        "recrute",
        "recrutee",
        "when",
        "what",
        "which",
        "where",
        "whom",
        "whose",
        "could",
        "would",
        "should",
        "still",
        "open",
        "closed",
        "close",
        "apply",
        "applying",
        "application",
        "deadline",
        "left",
        "days",
        "hours",
        "tomorrow",
        "tonight",
        "today",
        "week",
        "month",
        "year",
        "next",
        "last",
        "much",
        "many",
        "long",
        "does",
        "have",
        "been",
        "being",
        "with",
        "from",
        "into",
        "about",
        "please",
        "thanks",
        "hello",
        "regards",
        "there",
        "their",
        "they",
        "them",
        "then",
        "than",
        "this",
        "that",
        "those",
        "these",
        "your",
        "yours",
        "mine",
        "fund",
        "funds",
        "funding",
        "paid",
        "pays",
        "salary",
        "money",
        "amount",
        "whole",
        "list",
        "link",
        "where",
        "site",
        "page",
        "form",
        # People of the questions, in English ("clinician" is no typo of « clinicat »).
        "clinician",
        "clinicians",
        "physician",
        "physicians",
        "practitioner",
        "practitioners",
    ]
)


def _spelt_out(full: str, match: re.Match[str]) -> str:
    """An abbreviation spelt out, after the determiner that let it be read as a name ("les pa")."""
    return (match.group("det") or "") + full


@dataclass(frozen=True)
class Correction:
    """One word the speller changed, for the query's record."""

    typed: str
    read: str


class Speller:
    """Corrects abbreviations and typos of a question against the corpus's vocabulary."""

    def __init__(self, texts: Iterable[str], programmes: list[Programme]) -> None:
        """``texts``: the corpus, whose words are the targets of corrections."""
        targets: set[str] = set()
        for text in (*texts, *(n for p in programmes for n in p.names())):
            targets.update(_words(text))
        self._targets = sorted(w for w in targets if len(w) >= 4)
        self.vocabulary = frozenset(targets | _QUESTION_WORDS)
        # The corpus's names ("Bettencourt"): a capitalised typo inside a sentence may be one of them.
        self._names = frozenset(
            fold(m.group(0)).lower()
            for text in (*texts, *(n for p in programmes for n in p.names()))
            for m in _PROPER_NAME_IN_TEXT.finditer(text)
        )

    def correct(self, question: str) -> tuple[str, tuple[Correction, ...]]:
        """The question with its abbreviations spelt out and its typos corrected, and what was changed."""
        changes: list[Correction] = []
        text = normalise(question)  # ("…" is "...": then ``fold`` keeps every position)
        for short, full in SMS.items():
            if short == full:
                continue
            after = _SMS_C_NEXT if short == "c" else ""  # "c ouvert ?", not "vitamine c"
            pattern = _SMS_VS if short == "vs" else rf"(?<![\w'’-]){re.escape(short)}(?![\w'’-]){after}"
            text, n = re.subn(pattern, full, text)
            if n:
                changes.append(Correction(short, full))
        for short, full in ABBREVIATIONS.items():
            pattern = rf"(?<![\w-]){short}(?![\w-])|(?<![\w-])(?P<det>{_DETERMINER} ){short.lower()}(?![\w-])"
            text, n = re.subn(pattern, functools.partial(_spelt_out, full), text)
            if n:
                changes.append(Correction(short, full))
        out: list[str] = []
        position = 0
        folded = fold(text)  # same positions as ``text`` (fold keeps them)
        for match in _WORD.finditer(folded):
            word = match.group(0)
            typed = text[match.start() : match.end()]
            if _in_dictionary(typed.lower()):
                continue  # a French or English word, spelt right: "suis" is no typo of "puis"
            name = _PROPER_NAME.fullmatch(typed) and not _SENTENCE_START.search(text[: match.start()])
            better = _elided_je(text[match.start() : match.end()]) or self._closest(word)
            if better is None or (name and fold(better).lower() not in self._names):
                continue  # "au CHU de Lille": a name inside a sentence is no typo of "ville" ("Bettencort" is one)
            out.append(text[position : match.start()])
            out.append(better)
            position = match.end()
            changes.append(Correction(text[match.start() : match.end()], better))
        out.append(text[position:])
        return "".join(out), tuple(changes)

    def _closest(self, word: str) -> str | None:
        """The one corpus word a typed word is a typo of, or None (a known word, or no single close one)."""
        stem, _, rest = word.partition("'")
        if rest:  # "d'acceuil": the word after the elision
            better = self._closest(rest)
            return f"{stem}'{better}" if better else None
        if len(word) < 4 or word in self.vocabulary or _inflected(word) & self.vocabulary:
            return None
        limit = 1 if len(word) < 8 else 2
        found = process.extract(word, self._targets, scorer=OSA.distance, score_cutoff=limit, limit=3)
        if not found:
            return None
        best = min(d for _, d, _ in found)
        if any(d == best and _variants([word, w]) for w, d, _ in found):
            return None  # "ingenieure" is "ingenieurs" in the feminine, not a typo of it
        closest = sorted({w for w, d, _ in found if d == best})
        # Two corpus words equally close ("datte": "date", "datee"): a plural or accent is no choice to make.
        if len(closest) > 1 and not _variants(closest):
            return None
        return closest[0]


# A capitalised word (not an acronym) and what may stand before the start of a sentence.
_PROPER_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])\W*$")
_PROPER_NAME_IN_TEXT = re.compile(r"(?<![.!?:;\n] )(?<!^)\b[A-Z][a-z]{3,}\b")
# A word of the dictionaries at least this frequent is spelt right (pyspellchecker's counts: "suis" 2.5 M, "datte"
# 78: a rare word typed in a question about calls is more likely a typo of a frequent one).
_MIN_FREQUENCY = 100


@lru_cache(maxsize=1)
def _dictionaries() -> tuple[dict[str, int], dict[str, int]]:
    """pyspellchecker's French and English word counts (shipped in its wheel: nothing is downloaded)."""
    from spellchecker import SpellChecker

    return tuple(SpellChecker(language=lang, distance=1).word_frequency.dictionary for lang in ("fr", "en"))  # type: ignore[return-value]


_COMMON = 20_000  # a word this frequent is the language's, not a subject's ("faut", "quoi", "mort", "pourrai")


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The French and English words common enough to say nothing of what a question is about, folded ("plaît"
    is "plait"); rarer words name subjects ("visa" 1 787, "salaire" 7 683, "vacances" 15 100 in the French
    counts)."""
    return frozenset(fold(w) for d in _dictionaries() for w, n in d.items() if n >= _COMMON)


def _elided_je(typed: str) -> str | None:
    """ "jviens", "jcrois": "je" typed as a bare "j" before a common French word, spelt out (None: not that)."""
    rest = typed[1:]
    if typed[:1].lower() != "j" or len(rest) < 3 or rest[:1].lower() in "aeiouyhéèê":
        return None
    return f"je {rest}" if _dictionaries()[0].get(rest.lower(), 0) >= _COMMON else None


def common(word: str) -> bool:
    """True for a folded word of everyday language (see ``_COMMON``), or a relative pronoun ("lesquels")."""
    bare = word.rpartition("'")[2]
    if word.endswith("n't"):
        return True  # "can't", "don't": an auxiliary, negated
    return bare in _common_words() or bare in _RELATIVES or bare in _HEDGES or bare in _MAIL_WORDS


def common_typo(word: str) -> bool:
    """True for a folded word of six letters or more one edit from an everyday one ("alowed", "posible"): a
    slip of the language, not a subject (a shorter word is too close to too many)."""
    if len(word) < 6 or _in_dictionary(word):
        return False  # "bourse" is a word of its own, not a slip of "course"
    found = process.extractOne(word, _long_common_words(), scorer=OSA.distance, score_cutoff=1)
    return found is not None


@lru_cache(maxsize=1)
def _long_common_words() -> tuple[str, ...]:
    return tuple(w for w in _common_words() if len(w) >= 6)


# Words of writing a message and of a helpdesk's work ("I'm covering the helpdesk inbox", "je transfère"): no subject.
_MAIL_WORDS = frozenset(
    ["helpdesk", "inbox", "mailbox", "mail", "mails", "email", "emails", "e-mail", "e-mails", "courriel", "courriels"]
    + ["forward", "forwarded", "forwarding", "transferer", "transfere", "transferee", "signature", "standard"]
)
# Words that hedge a figure ("roughly how many", "environ combien"): rarer than _COMMON, and no subject.
_HEDGES = frozenset(["roughly", "approximately", "approx", "environ", "approximativement", "grosso", "modo"])
# Relative and interrogative pronouns: a closed class of French grammar, rarer than _COMMON in their plural forms.
_RELATIVES = frozenset(
    [
        "lequel",
        "laquelle",
        "lesquels",
        "lesquelles",
        "auquel",
        "auxquels",
        "auxquelles",
        "duquel",
        "desquels",
        "desquelles",
    ]
)

# A conjugated form or participle of a common -er verb ("jugés", "portent", "fermaient") says what is done, not
# what it is done to: the verb's infinitive is as frequent as _COMMON_VERB in the French counts. Accents are
# needed to tell a participle ("jugés") from a noun ("juges"); a bare -ent needs the present too ("porte").
_COMMON_VERB = 2_000
# A pronoun a verb carries when asking: "relèvent-elles", "dépend-il", "peut-on".
_CLITIC = re.compile(r"(?:-t)?-(?:je|tu|il|elle|on|nous|vous|ils|elles)$")
_VERB_ENDINGS = ("aient", "ait", "ent", "ées", "és", "ée", "é")


def verb_form(word: str) -> bool:
    """True for a lower-case word (accents kept) that is a form of a common -er verb ("jugés" of "juger", "gère" of
    "gérer")."""
    fr = _dictionaries()[0]
    word = _CLITIC.sub("", word.rpartition("'")[2])  # "relèvent-elles" is "relèvent"
    for ending in _VERB_ENDINGS:
        stem = word.removesuffix(ending)
        if stem != word and len(stem) >= 3 and fr.get(f"{stem}er", 0) >= _COMMON_VERB:
            return ending != "ent" or fr.get(f"{stem}e", 0) >= _MIN_FREQUENCY
    # "je gère", "il achète": a present whose è is the infinitive's é or e ("gérer", "acheter").
    at = word.rfind("è")
    for ending in ("ent", "es", "e"):
        if 0 < at < len(word) - len(ending) and word.endswith(ending):
            stem = word[: -len(ending)]
            if any(fr.get(f"{stem[:at]}{v}{stem[at + 1 :]}er", 0) >= _COMMON_VERB for v in "ée"):
                return True
    return False


@lru_cache(maxsize=1)
def _folded_dictionary() -> frozenset[str]:
    """The dictionaries' words as typed without accents ("apres" is "après", never a typo of "auprès")."""
    return frozenset(fold(w) for d in _dictionaries() for w, n in d.items() if n >= _MIN_FREQUENCY)


def _in_dictionary(word: str) -> bool:
    word = word.rpartition("'")[2]
    return any(d.get(word, 0) >= _MIN_FREQUENCY for d in _dictionaries()) or fold(word) in _folded_dictionary()


def _words(text: str) -> set[str]:
    """The folded words of a text, and each word after an elision on its own ("d'accueil", "accueil")."""
    found = set()
    for word in _WORD.findall(fold(text)):
        found.add(word)
        found.add(word.rpartition("'")[2])
    return found


def _inflected(word: str) -> set[str]:
    """A word's plural, singular, feminine and masculine forms: a variant of a known word is no typo."""
    return {word + "s", word + "e", word + "es", re.sub(r"(?:e?s|x)$", "", word), re.sub(r"e?s?$", "", word)}


def _variants(words: list[str]) -> bool:
    """Whether words differ only by a plural or feminine ending ("date", "dates"): any of them will do."""
    roots = {re.sub(r"(?:e?s|e|x)$", "", w) for w in words}
    return len(roots) == 1
