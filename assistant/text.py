"""French-aware text analysis for lexical search (BM25).

Accents are folded, elisions (l', d', qu'...) dropped, French and English stop
words removed, words stemmed with Snowball's French stemmer, and acronyms
such as PU-PH, MCU-PH or CCA kept whole so that "PH" never matches "PU-PH".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_FRENCH

# Typographic variants that must compare equal to their ASCII form.
_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",  # right single quote, the French apostrophe
        "\u2018": "'",
        "\u02bc": "'",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen ("P‑dg")
        "\u00a0": " ",
        "\u202f": " ",
    }
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)+\b")
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|\w+")
_STOP_WORDS = (
    frozenset(STOPWORDS_FRENCH)
    | frozenset(STOPWORDS_EN)
    | frozenset(
        {
            "a",
            "ete",
            "etre",
            "quel",
            "quelle",
            "quels",
            "quelles",
            "comment",
            "combien",
            "pourquoi",
            "est-ce",
            "peut",
            "puis",
            "quoi",
            "faut",
            "doit",
            "dois",
        }
    )
    # English function words bm25s leaves out: they carry no subject.
    | frozenset(
        [
            "what",
            "how",
            "which",
            "where",
            "when",
            "who",
            "whom",
            "why",
            "does",
            "do",
            "did",
            "can",
            "could",
            "would",
            "should",
            "must",
            "may",
            "might",
            "my",
            "me",
            "i",
            "you",
            "your",
            "we",
            "our",
            "us",
            "there",
            "get",
            "got",
            "from",
            "about",
            "any",
            "some",
            "also",
            "has",
            "have",
            "had",
            "been",
            "am",
            "its",
            "than",
            "after",
            "happen",
            "happens",
            "like",
            "stuff",
            "thing",
            "things",
            "really",
            "actually",
            "honestly",
            "kinda",
            "just",
            "afterwards",
            "exactly",
            "roughly",
            "many",
            "across",
            "basically",
            "under",
            "much",
            "during",
            "while",
            "whether",
            "very",
            "being",
            "upon",
            "within",
        ]
    )
)


# An either-or: "un accord écrit ou un mail ?", "January or February?".
EITHER_OR = re.compile(r"\b(?:ou|or)\b")
_QUESTION_SENTENCE = re.compile(r"[^.!?\n]*\?")
# An either-or whose second alternative is "only" the other ("un oral, ou c'est seulement sur dossier ?", "an
# interview stage, or is the selection only on paper?"): a yes or no on the first.
_ONLY_ALTERNATIVE = re.compile(
    r",?\s*\b(?:ou|or)\b(?=[^?]{0,30}?\b(?:seulement|uniquement|juste|simplement|exclusivement|strictement|only|just"
    r"|solely|purely|strictly|reservee?s?|limitee?s?|restricted|limited|reserved)\b)[^?]*"
    r"|,?\s*\b(?:ou|or) (?:pas|not|non)\b\s*(?=\?)"  # "dans un CIC ou pas ?": a yes or no
    # "… directly, or does the money go somewhere else?", "… ou ça passe ailleurs ?": the other is anything else
    r"|,?\s*\b(?:ou|or)\b(?=[^?]{0,40}?\b(?:somewhere else|elsewhere|someone else|somebody else|anyone else"
    r"|something else|otherwise|ailleurs|quelqu'un d'autre|autre chose|autrement)\b)[^?]*"
)


def first_alternative(text: str) -> str:
    """The question without an alternative that is "only" the other, or anything else ("y a-t-il un oral ou c'est
    seulement sur dossier ?" → "y a-t-il un oral ?"); the text unchanged when it offers none."""
    return _ONLY_ALTERNATIVE.sub("", text)


# A question asked after a dash, the words before it a heading or another ask ("How does selection work - is there
# an interview?"): the yes or no after the dash is a sentence of its own.
_DASHED_ASK = re.compile(
    r"\s[-–—]\s+(?=(?:is|are|do|does|can|will|would|y a|y'a|est-ce|faut|peut|peux|il y a|ya)\b)", re.IGNORECASE
)


def question_sentences(text: str) -> list[str]:
    """The sentences of a message that end with a question mark, each on its own."""
    # (what comes before the dash is said, not asked: "l'Inserm paie l'hôpital - est-ce que l'Inserm me paie aussi ?")
    return [_DASHED_ASK.split(question)[-1] for question in _QUESTION_SENTENCE.findall(text)]


def asked_sentences(text: str) -> str:
    """The sentences of a message that end with a question mark, joined (the whole message when none does): what
    it asks, not what it tells first ("I missed it by a few days... is there still a way?")."""
    return " ".join(question_sentences(text)) or text


def normalise(text: str) -> str:
    """NFKC form with typographic apostrophes, hyphens and spaces made plain."""
    return unicodedata.normalize("NFKC", text).translate(_TRANSLATE)


def fold_accents(text: str) -> str:
    """Remove diacritics: 'éligibilité' -> 'eligibilite'."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The form patterns read: normalised, lower case, no accents, plain apostrophes (positions kept)."""
    return fold_accents(normalise(text)).lower()


def folded(text: str) -> str:
    """Text as facts are compared: ``fold`` with case folded fully and runs of white space made one space."""
    return " ".join(fold(text).casefold().split())


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


def clean_query(text: str) -> str:
    """A question made safe to process: lone surrogates (undecodable bytes) and NULs replaced."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\0", " ")


def analyze(text: str) -> list[str]:
    """The BM25 terms of a text, in order."""
    text = normalise(text)
    terms: list[str] = []
    position = 0
    # Acronyms are cut out before lower-casing (their capitals are what identifies them).
    for match in _ACRONYM.finditer(text):
        terms += _plain_terms(text[position : match.start()])
        terms.append(match.group(0).lower())
        position = match.end()
    terms += _plain_terms(text[position:])
    return terms


def _plain_terms(text: str) -> list[str]:
    text = fold_accents(_ELISION.sub(" ", text).lower())
    terms: list[str] = []
    for word in _WORD.findall(text):
        if _is_acronym_compound(word):
            terms.append(word)
            continue
        terms += [part for part in word.split("-") if part and part not in _STOP_WORDS]
    return [t if "-" in t or t.isdigit() else _stemmer().stemWord(t) for t in terms]


def _is_acronym_compound(word: str) -> bool:
    """'pu-ph' or 'mcu-ph' typed in lower case: short alphabetic parts joined by hyphens ('est-ce' is not)."""
    parts = word.split("-")
    return (
        len(parts) > 1
        and all(0 < len(p) <= 3 and p.isalpha() for p in parts)
        and not all(p in _STOP_WORDS for p in parts)
    )


# A claim said, then confirmed in a question of its own: "Mon chef m'affirme qu'il faut … en février. C'est bien ça ?",
# "My colleague says the CI lasts 5 years. Is that right?": the claim is what is asked.
_BARE_CONFIRMATION = re.compile(
    r"[.!]\s+((?:(?:et )?c'est (?:bien |vraiment )?(?:ca|ça|vrai|exact|correct)|est-ce (?:bien |vraiment )?(?:vrai|exact"
    r"|correct|ca|ça)|vrai ou faux|(?:is|was) (?:that|this|it) (?:really )?(?:right|correct|true|so|accurate)|am i right"
    r"|right|correct|true)\s*\?+)\s*$",
    re.IGNORECASE,
)


def with_claim_asked(text: str) -> str:
    """A message whose last question only confirms the sentence before it, as one question ("… en février, c'est bien
    ça ?"); the text unchanged otherwise."""
    return _BARE_CONFIRMATION.sub(lambda m: f", {m.group(1)}", text.rstrip())


# What the asker already did, told in the past ("J'ai déposé mon dossier en février, …", "I submitted in February,
# …"): said, not asked; its month is no moment of the question, its verb no ask of applying.
PAST_ACT = re.compile(
    r"\b(?:j'ai|j ai|jai|on a|nous avons|i have|i've|ive|i)\s+(?:deja\s+|already\s+|bien\s+)?"
    r"(?:depose|envoye|soumis|rempli|candidate|postule|fini|termine|submitted|sent|applied|filed|completed|finished)\b"
    r"[^?.!,;]*"
)
