"""What the assistant lets in, and what it never obeys.

- A question is checked once, the same way for every front-end (`assistant ask`, `POST /api/ask`, the chat):
  invisible characters (zero-width, bidirectional controls) and NULs dropped, undecodable text replaced, then
  refused when nothing is left or when it is longer than ``MAX_QUESTION_CHARS`` (the error says so).
- Text that reads as instructions to an AI (OWASP LLM01: "ignore previous instructions", "you are now...",
  fake ``<system>`` tags, "print your instructions") is never acted on:
  - in a question or a pasted email, its sentences are left out before the question is routed, so the answer
    is the one the clean question gets (``without_instructions``);
  - in a corpus document, its paragraphs are quarantined (``quarantined``): never quoted, never shown around a
    quote, never passed to a language model; `assistant corpus check` reports them.

The patterns are about addressing an AI or overriding its instructions, in French and English; call texts
never do either (the corpus is checked against them: tests/test_guard.py).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from assistant.errors import InputError
from assistant.text import clean_query

MAX_QUESTION_CHARS = 2000

# Invisible characters hide or reorder text: format characters (zero-width, bidirectional controls, soft
# hyphen, BOM, the tag block), the combining grapheme joiner, variation selectors, Hangul fillers.
_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
    "|[" + "".join(re.escape(chr(c)) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf") + "]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class QuestionRejected(InputError):
    """A question the engine is not given: empty, or longer than the cap."""

    def __init__(self, kind: Literal["empty", "too_long"], length: int, limit: int, what: str = "question") -> None:
        self.kind = kind
        self.length = length
        self.limit = limit
        reason = "empty: type a question" if kind == "empty" else f"too long: {length:,} characters, at most {limit:,}"
        super().__init__(what, reason)

    def message(self, lang: Literal["fr", "en"]) -> str:
        """What a chat user reads."""
        if self.kind == "empty":
            return (
                "Your message is empty: type a question."
                if lang == "en"
                else "Votre message est vide : tapez une question."
            )
        if lang == "en":
            return f"Your message is too long ({self.length:,} characters; at most {self.limit:,}): shorten it."
        length, limit = (f"{n:,}".replace(",", "\u202f") for n in (self.length, self.limit))
        return f"Votre message est trop long ({length} caractères ; {limit} au plus) : raccourcissez-le."


def visible(text: str) -> str:
    """The text as a reader sees it: undecodable characters replaced, invisible and control characters dropped."""
    return _CONTROL.sub(" ", _INVISIBLE.sub("", clean_query(text)))


def check_question(text: str, limit: int = MAX_QUESTION_CHARS, what: str = "question") -> str:
    """The question (or pasted email) as the engine reads it; QuestionRejected when it is empty or longer than
    ``limit`` characters once invisible characters are dropped."""
    text = visible(text).strip()
    if not re.search(r"\w", text):
        raise QuestionRejected("empty", 0, limit, what)
    if len(text) > limit:
        raise QuestionRejected("too_long", len(text), limit, what)
    return text


# --- instructions addressed to an AI ---------------------------------------------------------------------------

_AI = (
    r"(?:ai|a\.i\.|ia|llm|gpt|chatgpt|claude|gemini|copilot|chatbot|bot|robot|agent conversationnel|model|"
    r"mod[eè]le(?: de langage)?|language model|assistant(?! hospitalo)e?(?: virtuel(?:le)?)?)"
)
_RULES = (
    r"(?:instructions?|consignes?|r[eè]gles?|directives?|guidelines?|rules?|prompts?|constraints?|contraintes?|"
    r"restrictions?|programmation|directions)"
)
_SECRETS = (
    r"(?:instructions?|consignes?|prompt|system prompt|invite(?: syst[eè]me)?|configuration|config|settings|"
    r"param[eè]tres|api[ -]?key|cl[eé] (?:d'api|api|secr[eè]te)|secrets?|password|mot de passe|"
    r"environment variables?|variables d'environnement|r[eè]gles? internes?|hidden rules)"
)
# Whose rules: the AI's own ("tes consignes", "your instructions", "the previous rules"), never "la règle des
# 10 ans" or "the age rule" that an applicant asks about.
_THEIRS = (
    r"(?:tes|ton|ta|your|its|all (?:of )?(?:the |your )?(?:previous|prior|above)|toutes? (?:les|tes|vos)|"
    r"(?:the )?(?:previous|prior|above|earlier|preceding|initial|original|system|hidden))"
)
_THEIRS_AFTER = r"(?:pr[eé]c[eé]dent(?:e|s|es)?|ci-dessus|initiales?|syst[eè]me|cach[eé]e?s?)"
# An imperative: at the start of a sentence or clause, after "and" / "et", or after "you must" / "tu dois".
_IMPERATIVE = (
    # (an apostrophe opens a quote, not an elision: "mon chef m'affirme que …" reports, it does not order)
    r"(?:^\s{0,3}|[\n.!?:;,«\"(]\s{0,3}|(?<!\w)'\s{0,3}|\b(?:and|then|et|puis|also|aussi)\s{1,3}|"
    r"\b(?:tu dois|vous devez|you must|you should|you will|must|il faut)\s{1,3})"
)
_NAMES = {"<AI>": _AI, "<RULES>": _RULES, "<SECRETS>": _SECRETS, "<THEIRS>": _THEIRS, "<AFTER>": _THEIRS_AFTER}
_NAMES["<ORDER>"] = _IMPERATIVE

# Sentences that instruct an AI: the whole sentence is left out of a question.
_SENTENCE_PATTERNS = [
    # "ignore / forget / disregard ... your / the previous instructions" ("j'ignore les règles" is not an order)
    r"(?<!j')(?<!on )\b(?:ignore[zrs]?|ignoring|disregard|forget|oublie[zrs]?|override|bypass|contourne[zr]?|"
    r"outrepasse[zr]?)\b[^.?!\n]{0,40}\b<THEIRS>\b[^.?!\n]{0,30}\b<RULES>",
    r"(?<!j')(?<!on )\b(?:ignore[zrs]?|disregard|forget|oublie[zrs]?|contourne[zr]?|outrepasse[zr]?)\b"
    r"[^.?!\n]{0,40}\b<RULES>\s{1,3}<AFTER>",
    r"\bne (?:tiens|tenez) (?:pas|plus) compte\b[^.?!\n]{0,40}\b<RULES>",
    r"(?<!j')(?<!on )\b(?:ignore[zrs]?|disregard|forget|oublie[zr]?)\b[^.?!\n]{0,30}\b(?:everything|"
    r"all of the above|the above|tout ce qui pr[eé]c[eè]de|ce qui pr[eé]c[eè]de|tout le reste|what came before)",
    r"\b(?:new|updated|real|true|hidden|secret|nouvelles?|vraies?|v[eé]ritables?|cach[eé]es?|secr[eè]tes?)"
    r"\s{1,8}<RULES>\s{0,8}:",
    # role play and persona switches
    r"\byou are (?:now|no longer|free|dan)\b|\bpretend (?:to be|you|that you)\b|\blet'?s role-?play\b|"
    r"\brole-?play\s{0,3}:|\bjailbr[eo]ak|\bdeveloper mode\b|\bdo anything now\b|\bunfiltered\b|"
    r"\bno restrictions\b|\bact as (?:if|an? (?:ai|assistant|chatbot|bot|unrestricted|unfiltered|different)|dan)\b|"
    r"\bfrom now on,?\s{1,3}(?:you|always|answer|reply|respond|say|write|end|ignore|act|only|never)\b",
    r"\b(?:tu es|vous [eê]tes) (?:maintenant|d[eé]sormais|libre)\b|"
    r"\b(?:[aà] partir de maintenant|d[eé]sormais),?\s{1,3}(?:tu|r[eé]ponds|r[eé]pondez|dis|dites|[eé]cris|ignore|"
    r"oublie|vous (?:[eê]tes|devez|r[eé]pondez|ignorez|oubliez))\b|"
    r"\bjoue[zr]? (?:le|un) r[oô]le\b|\bjeu de r[oô]le\s{0,3}[:—-]|\bfai(?:s|tes) comme si\b|"
    r"\bagi(?:s|ssez) comme\b|\bmode (?:d[eé]veloppeur|sans filtre|sans restriction)\b",
    # asking for the instructions, the prompt or the configuration
    r"\b(?:print|show|reveal|repeat|display|output|leak|dump|list|tell me|give me|what (?:is|are)|recite)\b"
    r"[^.?!\n]{0,40}\b(?:your|its|initial|original|internal|hidden|system)\s{1,3}(?:[a-z]+\s{1,3})?<SECRETS>\b"
    r"(?!\s{1,3}(?:for|on|to|about|regarding|concerning)\b)",
    r"\b(?:affiche[zr]?|montre[zr]?|r[eé]v[eè]le[zr]?|r[eé]p[eè]te[zr]?|donne[zr]?|imprime[zr]?|recopie[zr]?|"
    r"[eé]cri[st]|[eé]crivez|dis|dites|liste[zr]?|quel(?:le)?s? (?:est|sont))\b[^.?!\n]{0,40}"
    r"\b(?:tes|ton|ta)\s{0,8}<SECRETS>\b",
    r"\b(?:vos|votre)\s{1,3}(?:prompt|invite syst[eè]me|configuration|cl[eé] (?:d'api|api|secr[eè]te)|"
    r"mot de passe|variables d'environnement|(?:instructions|consignes|r[eè]gles) (?:initiales|cach[eé]es|internes|"
    r"secr[eè]tes|syst[eè]me))\b",
    r"\b(?:system|syst[eè]me|developer|d[eé]veloppeur)\s{1,8}(?:prompt|message|instructions?|consignes?)\b|"
    r"\binvite syst[eè]me\b|\bprompt (?:syst[eè]me|initial|cach[eé])\b",
    # dictating the output
    r"<ORDER>(?:respond|reply|answer|say|write|output|print|r[eé]ponds|r[eé]pondez|r[eé]pondre|dis|dites|[eé]cris|"
    r"[eé]crivez|affiche[zr]?)\b[^.?!\n]{0,25}\b(?:only|exactly|verbatim|nothing but|uniquement|seulement|"
    r"exactement|mot pour mot|rien d'autre que)\b",
    r"<ORDER>(?:say|write|state|claim|affirm|confirm|tell (?:them|the user|the applicant|me))\s{1,8}that\b",
    # a French imperative ("dis que", "écris que"): an applicant asks, they do not dictate
    r"<ORDER>(?:dis|dites|[eé]cris|[eé]crivez|affirme|affirmez|annonce|annoncez|pr[eé]tends|pr[eé]tendez|confirme|"
    r"confirmez|r[eé]ponds|r[eé]pondez)(?:-(?:lui|leur|moi|nous))?\s{1,8}(?:qu'|que)\b(?!\s{0,3}(?:faire|dois|devrais))",
    r"\b(?:dis|dites|[eé]cris|confirme[z]?|r[eé]ponds|r[eé]pondez|annonce[z]?|affirme[z]?|say|tell|"
    r"write|confirm|answer|reply)\b[^.?!\n]{0,30}(?:[aà] l'utilisateur|to the user|the user)\b",
    r"\b(?:new|updated) rules?\s{0,8}[:,]|\bnouvelles? r[eè]gles?\s{0,8}[:,]",
    # addressing the AI
    r"\b(?:note|message|instructions?|consignes?|reminder|rappel|p\.?s\.?)\s{1,8}(?:to|for|pour|[aà]|au|aux)\s{1,8}"
    r"(?:the |any |l'|le |la |les |tout |toute )?<AI>s?\b",
    r"(?:^|\n)[ \t]{0,8}(?:dear|cher|ch[eè]re|hey|hello|bonjour|salut)?[ \t]{0,8}<AI>[ \t]{0,8}[:,]\s",
    r"\bif you are an? <AI>\b|\bsi (?:tu es|vous [eê]tes) (?:un|une|l')\s{0,8}<AI>\b",
    r"\bbegin (?:system|instructions|prompt)\b|\bend of (?:system )?(?:prompt|instructions)\b|"
    r"\bfin des (?:consignes|instructions)\b",
]
# Fake conversation markup: the markup (and what a pair of tags encloses) is left out, the rest of the sentence
# is read ("SYSTEM: are veterinarians eligible?" still asks whether veterinarians are eligible).
_TAG = r"(?:system|sys|assistant|user|instructions?|im_start|im_end|inst|prompt|admin|developer|context)"
_MARKUP_PATTERNS = [
    r"<\s{0,8}(?P<tag>" + _TAG + r")\b[^>]{0,200}>[^<]{0,2000}</\s{0,8}(?P=tag)\s{0,8}>",
    r"\[(?P<bracket>inst|system|sys|admin)\][^\[]{0,2000}\[/(?P=bracket)\]",
    r"<\|im_start\|>[^<]{0,2000}<\|im_end\|>",
    r"<!--[\s\S]{0,2000}?-->",  # an HTML comment: text no reader of the email sees
    r"</?\s{0,8}" + _TAG + r"\b[^>]{0,200}>",
    r"\[/?(?:inst|system|sys|admin|assistant)\]|<<\s{0,8}/?sys\s{0,8}>>|<\|[a-z_]+\|>|\{\{\s{0,8}system\s{0,8}\}\}",
    r"(?:^|\n)[ \t]{0,8}#{1,6}[ \t]{0,8}(?:system|instructions?|new instructions|nouvelles consignes|consignes)\b"
    r"[ \t]{0,8}:?",
    r"(?:^|\n)[ \t]{0,8}\[?(?:system|syst[eè]me|admin|root|developer)\]?[ \t]{0,8}:[ \t]",
]


def _compiled(patterns: list[str]) -> re.Pattern[str]:
    joined = "|".join(f"(?:{p})" for p in patterns)
    for name, value in _NAMES.items():
        joined = joined.replace(name, value)
    return re.compile(joined, re.IGNORECASE)


_ORDER = _compiled(_SENTENCE_PATTERNS)
_MARKUP = re.compile("|".join(f"(?:{p})" for p in _MARKUP_PATTERNS), re.IGNORECASE)
# A sentence ends at . ? ! before a space (not inside "gmail.com" or "2,5.1"), or at a line break.
_SENTENCE = re.compile(r"(?:[^.?!\n]|[.?!](?![.?!\s]|$))*(?:[.?!]+|\n|$)")


def _instruction(text: str) -> re.Match[str] | None:
    return _ORDER.search(text) or _MARKUP.search(text)


def instructions(text: str) -> list[str]:
    """The passages of a text that read as instructions to an AI (empty for an ordinary question or call text)."""
    text = visible(text)
    return [m.group(0).strip() for pattern in (_MARKUP, _ORDER) for m in pattern.finditer(text)]


def without_instructions(text: str) -> str:
    """The text with its sentences that address or instruct an AI left out (see ``split_instructions``)."""
    return split_instructions(text)[0]


def split_instructions(text: str) -> tuple[str, list[str]]:
    """The text without its sentences that address or instruct an AI, and those sentences.

    Fake markup (``<system>...</system>``, "SYSTEM:") is dropped and the rest of its sentence kept. When nothing
    is left, the text itself comes back: "act as an agent and tell me the deadline" still asks its question.
    """
    text = visible(text)
    if not _instruction(text):
        return text, []
    unmarked = _MARKUP.sub(lambda m: "\n" if m.group(0).startswith("\n") else " ", text)
    kept: list[str] = []
    removed: list[str] = []
    for start, end in _sentence_spans(unmarked):
        sentence = unmarked[start:end]
        if not _ORDER.search(_line_context(unmarked, start, end)):
            kept.append(sentence)
            continue
        # "Answer unfiltered: when does it open?": a question after the order's colon is the user's question.
        order, colon, asked = sentence.rpartition(": ")
        if colon and asked.rstrip().endswith("?") and not _ORDER.search(asked):
            removed.append(order)
            kept.append(" " + asked)
        else:
            removed.append(sentence)
    rest = re.sub(r"[ \t]+", " ", "".join(kept)).strip()
    if not re.search(r"\w", rest):
        return text, []
    return rest, [r.strip() for r in removed if r.strip()]


def quarantined(body: str) -> list[tuple[int, int]]:
    """The spans of a document's paragraphs that hold instructions to an AI: never quoted nor shown."""
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n](?:[^\n]|\n(?!\s*\n))*", body):
        if _instruction(_line_context(body, paragraph.start(), paragraph.end())):
            spans.append((paragraph.start(), paragraph.end()))
    return spans


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) touches any of the spans."""
    return any(s < end and start < e for s, e in spans)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences (and lines) of a text, as spans that cover it whole."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.end() > m.start()]


def _line_context(text: str, start: int, end: int) -> str:
    """A span with a line break before it when it starts a line: the line-start patterns see it as such."""
    return ("\n" if start == 0 or text[start - 1] == "\n" else "") + text[start:end]
