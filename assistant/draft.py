"""The helpdesk's "draft a reply": each question of a pasted email answered by the engine, in a formal French reply.

Staff paste an applicant's email. ``questions_in`` finds what it asks (sentences ending in "?", requests such as
« Merci de m'indiquer ... » or "I would like to know ...", listed questions) and keeps the sentences that give them
context (the programme named earlier, the applicant's situation); ``draft_reply`` asks each question with the SAME
engine as every front-end and writes the reply: salutation, thanks, one paragraph per question, the sources quoted
verbatim, a closing. A point the texts do not settle (a refusal, an eligibility « à confirmer ») is marked
« [À confirmer] » for the staff member to check before sending: nothing is written that the engine did not answer.

The helpdesk writes in French: the frame of the reply (salutation, markers, sources, closing) is always French. Each
answer is the engine's, in the language of the question (an English question gets the engine's English answer around
the French quotes), so that the draft says exactly what the assistant says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from assistant.answer import Answer, Citation
from assistant.errors import InputError
from assistant.guard import without_instructions
from assistant.text import fold

if TYPE_CHECKING:
    from assistant.answer import Engine

MAX_QUESTIONS = 10
MAX_EMAIL_CHARS = 20_000
MAX_CONTEXT = 12  # earlier sentences passed as the conversation: enough for the programme named in the email
MAX_SITUATION_CHARS = 800  # the engine reads 2,000 characters of a question: the question itself must fit
UNSETTLED = "[À confirmer]"


class Question(BaseModel):
    """A question found in an email, with the sentences it is to be read with."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(description="The question as found (list markers dropped, a list's lead-in joined to an item).")
    context: tuple[str, ...] = Field(
        default=(), description="The email's sentences before it, oldest first: asked as the conversation's history."
    )
    situation: tuple[str, ...] = Field(
        default=(), description="The applicant's sentences about themselves (anywhere in the email), in order."
    )

    def with_situation(self) -> str:
        """The question preceded by the applicant's situation, within the length the engine reads."""
        kept: list[str] = []
        for sentence in self.situation:
            if sum(len(s) + 1 for s in kept) + len(sentence) > MAX_SITUATION_CHARS:
                break
            kept.append(sentence)
        return " ".join([*kept, self.text])


class DraftItem(BaseModel):
    """One question of the email and the engine's answer to it."""

    model_config = ConfigDict(frozen=True)

    question: Question
    answer: Answer
    settled: bool = Field(description="False when the answer is refused or its verdict is « à confirmer »/unknown.")


class Draft(BaseModel):
    """A draft reply: what was answered, what was left out, and the text to paste in an email client."""

    model_config = ConfigDict(frozen=True)

    items: list[DraftItem]
    omitted: list[Question] = Field(default_factory=list, description="Questions beyond the cap: not answered.")
    text: str = Field(description="Plain text, formal French; « [À confirmer] » marks what staff must check.")


# --- Finding the questions ------------------------------------------------------------------------------------------

_DROPPED_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_QUOTED_LINE = re.compile(r"^\s*>")
_REPLY_HEADER = re.compile(r"^\s*(?:le|on)\b.{0,300}?\b(?:a [ée]crit|wrote)\s*:?\s*$", re.IGNORECASE)
_REPLY_HEADER_START = re.compile(r"^\s*(?:le|on)\s+\S", re.IGNORECASE)
_REPLY_HEADER_END = re.compile(r"\b(?:a [ée]crit|wrote)\s*:?\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(
    r"^\s*(?:--\s*|_{5,}\s*|-{2,}\s*(?:original message|message d'origine|message original|forwarded message"
    r"|message transf[ée]r[ée]|mail transf[ée]r[ée]).*)$",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^\s*(?:de|from|envoy[ée]|sent|date|[àa]|to|cc|cci|bcc)\s*:", re.IGNORECASE)
_POSTSCRIPT = re.compile(r"^\s*p\.?\s?s\b\.?\s*[:-]?\s*", re.IGNORECASE)
_SUBJECT = re.compile(r"^\s*(?:objet|subject)\s*:\s*(?:(?:re|tr|fw|fwd|aw)\s*:\s*)*", re.IGNORECASE)
_GREETING_LINE = re.compile(
    r"^\s*(?:bonjour|bonsoir|salut|hello|hi|hey|dear|madame|monsieur|mesdames|messieurs|ch[èe]re?s?"
    r"|good (?:morning|afternoon|evening)|to whom it may concern)\b[^.?!:]{0,40}[,!]?\s*$",
    re.IGNORECASE,
)
# « Bonjour Madame, je suis ... »: the greeting before the first sentence. Names are capitalised: case matters there.
_GREETING_PREFIX = re.compile(
    r"^\s*(?:(?i:bonjour|bonsoir|hello|hi|hey|good (?:morning|afternoon|evening))"
    r"(?:\s+(?:(?i:madame|monsieur|mesdames|messieurs|[àa] (?:tous|vous)|everyone|all|there)|[A-ZÀ-Ý][\w'-]*)){0,3}"
    r"|(?i:madame,?\s*monsieur))\s*[,!]\s*"
)
# A line that closes the message: what follows is a signature. Matched on folded text (no accents, lower case).
_CLOSING = re.compile(
    r"^(?:(?:bien|tres|tres bien|sinceres?) )?cordialement\b|^bien (?:a vous|amicalement)\b|^amicalement\b"
    r"|^(?:avec |recevez )?(?:mes |nos )?(?:sinceres |meilleures |respectueuses )?salutations\b"
    r"|^(?:veuillez|je vous prie d') ?(?:agreer|recevoir|croire)\b|^dans l'attente de votre\b|^en vous remerciant\b"
    r"|^(?:je vous )?remercie par avance\W*$|^merci (?:d'avance|par avance)\b"
    r"|^merci(?: beaucoup| infiniment| pour votre (?:aide|retour|reponse|temps|attention))?\W*$"
    r"|^respectueusement\b|^bonne (?:journee|soiree|fin de journee)\b|^a bientot\b"
    r"|^(?:best|kind|warm|warmest) (?:regards|wishes)\b|^regards\b|^(?:yours )?(?:sincerely|faithfully|truly)\b"
    r"|^many thanks\b|^thanks?(?: you)?(?: (?:in advance|very much|so much|a lot))?\W*$|^thank you in advance\b"
    r"|^cheers\b|^envoye (?:de|depuis) mon\b|^sent from my\b|^get outlook\b"
)
_ITEM = re.compile(
    r"^\s*(?:[-*•·–—▪◦‣+]|\d{1,2}\s?[.)°]|\(\d{1,2}\)|[a-h]\)|\(?[ivx]{1,4}\)|(?:q|question)\s*\d{1,2}\s*[:.)–-])\s+",
    re.IGNORECASE,
)
# From the first mark of a run only: a line of 20,000 dots is read once, not once per dot.
_SENTENCE_END = re.compile(r"(?<![.!?…])([.!?…]+)([»\"”’')\]]*)\s+")
_ABBREVIATIONS = frozenset(
    {"m", "mme", "mlle", "mm", "dr", "pr", "prof", "st", "ste", "cf", "ex", "p", "etc", "vol", "no", "n°", "env"}
    | {"art", "al", "e.g", "i.e", "approx", "mr", "mrs", "ms", "vs", "ca", "resp"}
)
_KNOW = (
    r"(?:indiquer|preciser|confirmer|communiquer|dire|faire savoir|faire parvenir|transmettre|envoyer|expliquer"
    r"|renseigner|eclairer|informer|orienter)"
)
_REQUEST = re.compile(
    r"\b(?:souhaiterais|souhaite|voudrais|veux|aimerais|desirerais|desire)"
    r"(?: (?:bien|vivement|egalement|aussi|donc|en outre|par ailleurs|enfin|volontiers),?)* (?:savoir|connaitre|avoir"
    r" (?:des |quelques |plus de |davantage de )?(?:precisions|informations|renseignements|details|confirmation)"
    r"|obtenir (?:des |quelques )?(?:precisions|informations|renseignements|details)|etre (?:informee?|renseignee?)"
    r"|verifier|m'assurer|confirmer|comprendre|vous demander)\b"
    r"|\b(?:merci|remercie|remerciant|reconnaissante?|obligee?|prie|prions)\b[^.?!]{0,40}?\b(?:de|d') ?"
    r"(?:bien vouloir )?(?:me |m'|nous |lui )?" + _KNOW + r"\b"
    r"|\b(?:pourriez|pouvez|pourrais|pourrait|auriez|voudriez|voulez|sauriez)[- ](?:vous|tu)\b[^.?!]{0,40}?\b"
    + _KNOW
    + r"\b|\bje me (?:demande|demandais|pose la question)\b|\bje cherche a (?:savoir|connaitre|comprendre)\b"
    r"|\bje m'interroge\b|\bje ne (?:sais|suis) pas (?:sure? )?(?:si|de|quel|quelle|quand|comment|ou|combien)\b"
    r"|\bi(?: would|'d)(?: also)? like to (?:know|ask|enquire|inquire|check|confirm|find out|understand|have (?:more )?"
    r"(?:information|details))\b|\bi (?:also )?(?:want|wish|need) to (?:know|ask|check|confirm|find out)\b"
    r"|\bplease (?:(?:also|kindly) )?(?:let (?:me|us) know|tell me|confirm|advise|indicate|specify|clarify|explain"
    r"|send me)\b|\b(?:could|can|would) you (?:(?:please|kindly|also) ){0,2}(?:tell|let me know|confirm|indicate"
    r"|advise|clarify|explain|specify|send)\b|\bi (?:was wondering|wonder|am wondering)\b"
    r"|\bi(?:'m| am) not sure (?:if|whether|what|when|how)\b"
)
# Questions that ask for nothing the texts could answer: dropped.
_COURTESY = re.compile(
    r"^(?:(?:pourriez|pouvez|pourrais|pourrait)[- ]vous|could you|can you|would you)"
    r"(?: (?:s'il vous plait|please|svp))?"
    r" (?:m'aider|nous aider|me repondre|me renseigner|me conseiller|m'eclairer|help(?: me| us)?|assist(?: me)?)"
    r"(?: (?:s'il vous plait|svp|please))?\W*$|^comment allez-vous\W*$|^how are you(?: doing)?\W*$"
)
_ASKS_FOLLOW = re.compile(r"\bquestions?\b|\binterrogations?\b|\bpoints? suivants\b|\bfollowing\b|\bsavoir\b|\bknow\b")
_FIRST_PERSON = re.compile(r"\b(?:je|j'|moi|mon|ma|mes|i|i'm|i've|i'd|my|me)\b")
_POLITENESS = re.compile(
    r"^(?:je vous (?:remercie|souhaite|prie)|j'espere\b|je reste a votre|dans l'attente|merci\b|thank|i hope\b"
    r"|i look forward|hope you)"
)
_ABOUT_QUESTIONS = re.compile(r"\bquestions?\b")  # « J'ai deux questions. »: about the email, not the applicant
_WRITING_TO_YOU = re.compile(
    r"^(?:je me permets de vous (?:contacter|ecrire|solliciter)|je vous (?:contacte|ecris|sollicite)"
    r"|i am writing to you|i'm writing to you|i am contacting you|i'm contacting you)"
    r"\s*(?:car|parce que|because|as|,)?\s*"
)


def questions_in(email: str) -> list[Question]:
    """The applicant's questions in a pasted email, in order, each with its context; pure.

    Greetings, signatures, closings, quoted earlier messages and mail headers are dropped (the subject line is kept
    as context). A question is a sentence ending in "?", a request without one (« Je souhaiterais connaître ... »,
    « Merci de m'indiquer ... », "I would like to know ..."), or an item of a list introduced as questions or by a
    request (« Je souhaiterais connaître : - la date limite ; - la durée », the lead-in joined to each item). The other
    sentences are context: those before a question are its ``context``; those in the first person are the applicant's
    ``situation``. Sentences addressed to an AI are left out. Only the first MAX_EMAIL_CHARS characters are read; a
    repeated question is kept once.
    """
    # Sentences that instruct an AI (hidden in a pasted email) are neither questions nor context (guard.py).
    units = _units(_body_lines(without_instructions(_clean(email)[:MAX_EMAIL_CHARS])))
    statements = [_situation(text) for text, is_question, is_subject in units if not (is_question or is_subject)]
    situation = tuple(s for s in statements if s)
    found: list[Question] = []
    seen: set[str] = set()
    for position, (text, is_question, _) in enumerate(units):
        key = fold(text).strip(" ?.!")
        if not is_question or key in seen:
            continue
        seen.add(key)
        context = tuple(t for t, _, _ in units[max(0, position - MAX_CONTEXT) : position])
        found.append(Question(text=text, context=context, situation=situation))
    return found


def _clean(text: str) -> str:
    """Text a pasted email may hold, made safe: one kind of line break, no NUL nor invisible characters."""
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _SPACES.sub(" ", _DROPPED_CHARS.sub("", text))


def _body_lines(text: str) -> list[str]:
    """The lines the applicant wrote: up to a signature or a quoted earlier message; headers and greeting left out.
    The subject line is kept, marked with a leading "\\x00" (its text is context, never a question). After a closing
    (« Cordialement »), only a line that asks something is kept: a postscript, not the signature."""
    lines = text.split("\n")
    kept: list[str] = []
    content = False  # a line of the message itself was seen: a header block now starts a quoted message
    closed = False
    for number, line in enumerate(lines):
        if _QUOTED_LINE.match(line):
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if _SEPARATOR.match(line) or _REPLY_HEADER.match(line):
            break
        wrapped = _REPLY_HEADER_START.match(line) and not _REPLY_HEADER_START.match(following)
        if wrapped and _REPLY_HEADER_END.search(following) and _REPLY_HEADER.match(f"{line} {following}"):
            break  # « Le lun. 12 janv. 2026 à 10:00, Jean Dupont <\njean@example.org> a écrit : »
        if _HEADER.match(line) or _SUBJECT.match(line):
            if content and _header_block(lines[number : number + 5]):
                break
            if not content:
                if (subject := _SUBJECT.match(line)) and line[subject.end() :].strip():
                    kept.extend(["\x00" + line[subject.end() :].strip(), ""])
                continue
        folded = fold(line).strip()
        if closed:
            if _asks(line):
                kept.append(_POSTSCRIPT.sub("", line))
            continue
        if content and len(folded) <= 120 and _CLOSING.search(folded) and not _asks(line):
            closed = True
            continue
        if not content and line.strip():
            if _GREETING_LINE.match(line) and not (_FIRST_PERSON.search(folded) or _REQUEST.search(folded)):
                continue
            rest = _GREETING_PREFIX.sub("", line, count=1)
            line = rest if rest == line else rest[:1].upper() + rest[1:]
        content = content or bool(line.strip())
        kept.append(line)
    return kept


def _header_block(lines: list[str]) -> bool:
    """Whether lines open the headers of a quoted message (« De : ... / Envoyé : ... »), not a line of text."""
    return sum(1 for line in lines if _HEADER.match(line) or _SUBJECT.match(line)) >= 2


def _units(lines: list[str]) -> list[tuple[str, bool, bool]]:
    """The email's sentences in order, each with whether it is a question and whether it is the subject line."""
    segments = _segments(lines)
    units: list[tuple[str, bool, bool]] = []
    index = 0
    while index < len(segments):
        text, item = segments[index]
        index += 1
        if text.startswith("\x00"):
            units.append((text[1:], False, True))
            continue
        sentences = _sentences(text)
        for number, sentence in enumerate(sentences):
            last = number == len(sentences) - 1
            if last and sentence.endswith(":") and index < len(segments) and segments[index][1] and not item:
                # A lead-in to a list: « Je souhaiterais connaître : », « Mes questions : », « Mon parcours : ».
                items: list[str] = []
                while index < len(segments) and segments[index][1]:
                    items.extend(_sentences(segments[index][0]))
                    index += 1
                units.extend(_list_units(sentence, items))
            else:
                units.append((sentence, _asks(sentence), False))
    return units


def _segments(lines: list[str]) -> list[tuple[str, bool]]:
    """Paragraph pieces, each with whether it is a list item; hard-wrapped lines are joined back."""
    segments: list[tuple[str, bool]] = []
    current: list[str] = []
    item = False

    def flush() -> None:
        if current:
            text = " ".join(" ".join(current).split())
            if text:
                segments.append((text, item))
        current.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("\x00"):
            flush()
            if stripped:
                segments.append((stripped, False))
            continue
        marker = _ITEM.match(line)
        if marker:
            flush()
            current.append(line[marker.end() :])
            item = True
        elif current and _continues(current[-1], stripped):
            current.append(stripped)
        else:
            flush()
            current.append(stripped)
            item = False
    flush()
    return segments


def _continues(previous: str, line: str) -> bool:
    """Whether a line goes on the previous one's sentence: a hard wrap, not a new line of its own."""
    previous = previous.rstrip()
    if not previous or previous[-1] in ".?!:;…»":
        return False
    return line[0].islower() or len(previous) >= 60


def _sentences(text: str) -> list[str]:
    """Sentences of a paragraph: after "?" or "!" always, after "." when a capital follows and no abbreviation."""
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end >= len(text):
            break
        if not any(c in match.group(1) for c in "?!"):
            following = text[end]
            word = text[text.rfind(" ", start, match.start()) + 1 : match.start()]
            if not (following.isupper() or following.isdigit() or following in '«"“('):
                continue
            if fold(word) in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
        found.append(text[start : match.end(2)].strip())
        start = end
    found.append(text[start:].strip())
    return [s for s in found if s]


def _asks(sentence: str) -> bool:
    """Whether a sentence asks something the texts may answer."""
    folded = " ".join(fold(sentence).split())
    if _COURTESY.search(folded):
        return False
    if not re.search(r"\w\w", sentence):
        return False  # « ??? »
    return sentence.rstrip(" »\"”’')]!.").endswith("?") or bool(_REQUEST.search(folded))


def _list_units(lead_in: str, items: list[str]) -> list[tuple[str, bool, bool]]:
    """A list and its lead-in: items of questions or of a request are questions; other items go with their lead-in."""
    folded = fold(lead_in)
    request = bool(_REQUEST.search(folded))
    asking = request or bool(_ASKS_FOLLOW.search(folded))
    stem = lead_in.rstrip(": ").rstrip()
    units: list[tuple[str, bool, bool]] = []
    statements: list[str] = []
    for item in items:
        if _asks(item):
            units.append((item, True, False))
        elif asking and request:
            units.append((f"{stem} {_lower_first(item.rstrip(' ;,.'))}", True, False))
        elif asking:
            units.append((item.rstrip(" ;,"), True, False))
        else:
            statements.append(item.rstrip(" ;,."))
    if not asking:
        return [(f"{lead_in} {' ; '.join(statements)}." if statements else lead_in, False, False), *units]
    return units


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _situation(sentence: str) -> str | None:
    """The sentence as the applicant's situation, when it speaks of the applicant (not a mere courtesy)."""
    folded = fold(sentence)
    opening = _WRITING_TO_YOU.match(folded)
    if opening:  # « Je me permets de vous contacter car je suis ... »: the situation is what follows
        sentence = sentence[opening.end() :].strip()
        sentence, folded = sentence[:1].upper() + sentence[1:], fold(sentence)
    if not sentence or _POLITENESS.match(folded) or _ABOUT_QUESTIONS.search(folded):
        return None
    if not _FIRST_PERSON.search(folded):
        return None
    return sentence


# --- Writing the reply ----------------------------------------------------------------------------------------------

_VERDICT_UNSETTLED = re.compile(
    r"(?:eligibilite|eligibility) (?:a confirmer|to be confirmed)"
    r"|^\*\*[^*\n]+\*\*\s*[:—–-]\s*(?:a confirmer|to be confirmed|unknown)\b"
    r"|\bverdict\s*:\s*(?:a confirmer|to be confirmed|unknown)\b",
    re.MULTILINE,
)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.DOTALL)
_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_STAR_ITEM = re.compile(r"^(\s*)[*+] ", re.MULTILINE)


def is_settled(answer: Answer) -> bool:
    """Whether an answer settles its question: answered, and no verdict « à confirmer »/unknown (quotes aside)."""
    if answer.status != "answered":
        return False
    return not _VERDICT_UNSETTLED.search(fold(_masked(answer.answer, [c.quote for c in answer.citations])))


def plain_text(markdown: str, verbatim: Iterable[str] = ()) -> str:
    """An answer's Markdown as plain text for an email: no emphasis markers, links as "label (address)"; the passages
    in ``verbatim`` (the citations' quotes) are left exactly as they are."""
    spans = _spans(markdown, verbatim)
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        out.append(_plain(markdown[cursor:start]))
        out.append(markdown[start:end])
        cursor = end
    out.append(_plain(markdown[cursor:]))
    return "".join(out)


def draft_reply(engine: Engine, email: str, today: dt.date | None = None, max_questions: int = MAX_QUESTIONS) -> Draft:
    """A draft reply to a pasted email: each of its first ``max_questions`` questions answered by ``engine``.

    A question is asked with the email's earlier sentences as the conversation's history (a programme named earlier
    is its subject), and again preceded by the applicant's situation; the second answer is kept only when it stands
    on the same passages or fewer (the situation may sharpen a verdict or a duration, never change what is
    answered), so that words of the situation (« je vous contacte ») cannot turn a question into another.
    An email in which no question is found raises ``InputError("email", ...)``: there is nothing to draft.
    """
    if max_questions < 1:
        raise InputError("max_questions", f"must be at least 1, not {max_questions}")
    questions = questions_in(email)
    if not questions:
        raise InputError("email", "no question found in the pasted text")
    items = [_item(engine, q, today) for q in questions[:max_questions]]
    omitted = questions[max_questions:]
    return Draft(items=items, omitted=omitted, text=_letter(items, omitted))


def _item(engine: Engine, question: Question, today: dt.date | None) -> DraftItem:
    answer = engine.ask(question.text, today=today, history=question.context)
    if question.situation:
        situated = engine.ask(question.with_situation(), today=today, history=question.context)
        passages = {(c.doc_id, c.quote) for c in answer.citations}
        if situated.status == answer.status and {(c.doc_id, c.quote) for c in situated.citations} <= passages:
            answer = situated
    return DraftItem(question=question, answer=answer, settled=is_settled(answer))


def _letter(items: list[DraftItem], omitted: list[Question]) -> str:
    """The reply's text. A source reads « quote » — title, section (when not the title itself), address (if any)."""
    sources: dict[tuple[str, str], tuple[int, Citation]] = {}
    parts = [
        "Madame, Monsieur,",
        "Nous vous remercions de votre message. Vous trouverez ci-dessous les éléments de réponse à "
        + ("votre question" if len(items) == 1 else "vos questions")
        + ", établis d'après les textes des appels de l'Inserm.",
    ]
    for number, item in enumerate(items, 1):
        parts.append(
            f"{number}. Concernant votre question « {_brief(item.question.text)} » :\n" + _paragraph(item, sources)
        )
    if omitted:
        listed = " ; ".join(f"« {_brief(q.text)} »" for q in omitted)
        parts.append(
            f"{UNSETTLED} Votre message comporte {len(items) + len(omitted)} questions ; ce brouillon répond aux "
            f"{len(items)} premières. Questions restant à traiter avant envoi : {listed}."
        )
    if sources:
        lines = ["Sources :"]
        for number, citation in sorted(sources.values(), key=lambda s: s[0]):
            where = [citation.title]
            if citation.section and citation.section != citation.title:
                where.append(f"section « {citation.section} »")
            if citation.url:
                where.append(citation.url)
            lines.append(f"[{number}] « {citation.quote} » — " + ", ".join(where))
        parts.append("\n".join(lines))
    parts += [
        "Nous restons à votre disposition pour toute précision complémentaire.",
        "Bien cordialement,",
        "[Signature]",
    ]
    return "\n\n".join(parts) + "\n"


def _paragraph(item: DraftItem, sources: dict[tuple[str, str], tuple[int, Citation]]) -> str:
    """The answer to one question, its quotes numbered after the draft's sources (each passage numbered once)."""
    answer = item.answer
    quotes = [c.quote for c in answer.citations]
    if answer.status != "answered":
        text = f"{UNSETTLED} Les textes des appels ne répondent pas à cette question : réponse à compléter avant envoi."
        if answer.citations:
            contact = answer.citations[0]
            text += f" Pour information, l'appel indique : « {contact.quote} »"
        body = text
    else:
        body = plain_text(answer.answer, quotes)
        if not item.settled:
            body = (
                f"{UNSETTLED} Les textes ne permettent pas de conclure sur ce point : à vérifier avant envoi.\n{body}"
            )
    numbers: list[int] = []
    for citation in answer.citations:
        key = (citation.doc_id, citation.quote)
        if key not in sources:
            sources[key] = (len(sources) + 1, citation)
        numbers.append(sources[key][0])
    # Each quote shown is followed by its source's number; a cited passage not shown is referred to at the end.
    shown: set[int] = set()
    for citation, number in sorted(zip(answer.citations, numbers), key=lambda cn: -len(cn[0].quote)):
        marked = f"« {citation.quote} »"
        if marked in body and f"{marked} [" not in body:
            body = body.replace(marked, f"{marked} [{number}]")
            shown.add(number)
    rest = sorted(set(numbers) - shown)
    if rest:
        body += " (sources : " + ", ".join(f"[{n}]" for n in rest) + ")"
    return body


def _brief(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _spans(text: str, verbatim: Iterable[str]) -> list[tuple[int, int]]:
    """Where the verbatim passages are in a text, longest first where they overlap; sorted."""
    taken: list[tuple[int, int]] = []
    for quote in sorted({q for q in verbatim if q}, key=len, reverse=True):
        start = text.find(quote)
        while start >= 0:
            end = start + len(quote)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
            start = text.find(quote, end)
    return sorted(taken)


def _masked(text: str, verbatim: Iterable[str]) -> str:
    spans = _spans(text, verbatim)
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        out.append(text[cursor:start])
        cursor = end
    out.append(text[cursor:])
    return "…".join(out)


def _plain(markdown: str) -> str:
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), markdown)
    text = _LINK.sub(lambda m: _link(m.group(1), m.group(2)), text)
    text = _AUTOLINK.sub(lambda m: m.group(1).removeprefix("mailto:"), text)
    text = _HEADING.sub("", text)
    text = _STAR_ITEM.sub(r"\1- ", text)
    return text.replace("**", "").replace("`", "")


def _link(label: str, target: str) -> str:
    target = target.removeprefix("mailto:")
    return label if label == target else f"{label} ({target})"
