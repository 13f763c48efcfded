"""One understanding step for every front-end: ``Understander.understand(question, history, today) -> Query``.

Two signals read a question:
- the precise patterns of ``assistant.rules.parser`` (intents, profile words, programme aliases), on the
  question as typed and, when they miss, on the question with its abbreviations and typos corrected;
- the intent classifier (``intents``), from meaning, for the phrasings no pattern lists.
A pattern that matches decides. Otherwise the classifier's intent is taken when it is sure enough
(``answer.min_intent_confidence``); when it is not, the question goes to retrieval, which quotes the texts or
refuses: never a guess. The moment asked about, the years named and the type of answer expected complete it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant import runtime
from assistant.glossary import has_equivalent
from assistant.guard import split_instructions, without_instructions
from assistant.programmes import Programme, asked_about, mentioned, subject
from assistant.rules.book import RuleBook, years_named
from assistant.rules.engine import Intent, IntentKind
from assistant.rules.parser import (
    BESIDE_APPLYING,
    asks_amount,
    asks_count,
    criterion_named,
    events_named,
    judged_at,
    language,
    must_hold,
    negated,
    parse,
    parse_profile,
    speaks_of_self,
    strangers,
    year_only,
)
from assistant.rules.vocabulary import ALL, DIPLOMAS, find
from assistant.text import EITHER_OR, asked_sentences, first_alternative, fold, with_claim_asked
from assistant.understanding.intents import Guess, IntentClassifier, Label, classified
from assistant.understanding.moments import moment
from assistant.understanding.names import Speller, common, common_typo, verb_form
from assistant.understanding.payments import asked_other_funding, asked_payment
from assistant.understanding.query import Query, Refusal, answer_type, edition_years, polarity

RULES_KINDS: frozenset[str] = frozenset(IntentKind.__args__)  # type: ignore[attr-defined]
# Kinds whose answer is a date of the call: a year the texts have no call for cannot be answered from them.
_DATED = frozenset({"deadline", "opening", "event", "calendar"})
# Kinds whose answer depends on when the user acts: "il est 18h, je peux encore déposer ?".
_ACTING = frozenset({"deadline", "opening", "eligibility", "how_to_apply"})
# Kinds the rules answer without a programme named: a verdict across programmes, the contacts of all.
_ANY_PROGRAMME = frozenset({"eligibility", "suggest"})
# Words that say something of their own (short ones are articles, pronouns, SMS forms: "kel", "pr", "ds").
_CONTENT_WORD = re.compile(r"[a-z][a-z'-]{3,}")
# A capitalised word after a word of place or origin ("from Nantes", "au CHU de Brest"), or alone on the last line of a
# message (a signature): a name, no subject of the question.
_PROPER_NAME = re.compile(
    r"\b(?:from|in|at|of|de|d'|du|a|à|au|chez)\s+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)*)\b"
    r"|\n\s*(?P<name2>[A-ZÀ-Ý][a-zà-ÿ]+)\s*$"
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A word sharing its first letters with a known one is a form of it ("finalise", "finaliser").
_STEM = 6
# Conditions of eligibility no call text sets or waives (nationality, residence permit, age): a verdict on the
# text's criteria would not answer them.
_UNHELD = re.compile(
    r"\bnationalit|\bcitizen(?:ship|s)?\b|\bnon[- ]eu\b|\bhors (?:ue|union europeenne)\b|\btitre de sejour\b"
    r"|\bresidence permit\b|\blimite d'age\b|\bage (?:limite|maximum|max)\b|\bage limit\b|\bhow old\b"
)
# The form of the files of an application (PDF, size, font): a documents question the texts answer only if they use
# the word; each word matched is looked up in the corpus ("taille max par fichier ?" when no text gives a size).
_FILE_PIECE = (
    r"(?:dossiers?|candidatures?|projets?|pieces?|documents?|lettres?|note|cv|files?|applications?|projects?"
    r"|formulaires?|forms?)"
)
_IN_LANGUAGE = (
    r"(?:(?:en|in) (anglais|english|francais|french)\b|(anglais|english) (?:ok|accepte|accepted|possible|allowed)\b"
    r"|(langue|language)\b)"
)
_FILE_FORM = re.compile(
    r"(?<![\w-])(pdf|docx)\b|\b(?:en|format|fichier|document) (word)\b|\b(taille|poids) (?:max\w*|limite|des fichiers"
    r"|du fichier|par fichier|des pieces)|\bfile (size)|\b(size) (?:limit )?(?:per|of (?:each|the) )file|\b(police|font)"
    r" (?:size|de caracteres|d'ecriture)|\b(interligne)\b|\bfile (format)|\b\d+\s*(megaoctets?|mb|kb|ko)\b"
    # the language a piece of the file is written in: "le dossier rédigé en anglais ?", "in which language should the
    # project be written?", "is English OK for the file?" (not "mes articles en anglais")
    rf"|\b{_FILE_PIECE}\b[^?.]{{0,80}}\b{_IN_LANGUAGE}|\b{_IN_LANGUAGE}[^?.]{{0,40}}\b{_FILE_PIECE}\b"
)
# What an applicant may need beside the programme (a visa, housing): asked of any programme, answered only if a
# text uses the word ("does Inserm help with the visa if I'm selected?").
_BESIDE = re.compile(
    r"\b(visas?|sejour|permit|housing|logement|accommodation|creche|childcare|mutuelle|insurance|demenagement|relocation"
    r"|remotely|distanciel|visio|visioconference)\b"
    # a phone number to call ("un numéro de téléphone ?", "by phone"), not being on the phone
    r"|\bnumeros? (?:de )?(telephone|tel|phone)\b|\b(phone|telephone) numbers?\b|\bpar (telephone)\b|\bby (phone)\b"
)
# Costs of coming (travel, a hotel) asked as costs: "les frais de déplacement sont-ils remboursés ?" (not "Hôtel-Dieu",
# "l'équipe d'hébergement", nor "I was on travel").
_COSTS = re.compile(
    r"\b(?:frais|costs?|expenses?|pris en charge|prise en charge|rembourse\w*|reimburs\w*|covered|defray\w*)\b[^?.]{0,40}?"
    r"\b(travel|deplacements?|transports?|hotels?|hebergements?|train|avion|flights?)\b(?!-)"
    r"|\b(travel|deplacements?|transports?|hotels?|hebergements?|train|avion|flights?)\b(?!-)[^?.]{0,40}?"
    r"\b(?:frais|costs?|expenses?|pris en charge|prise en charge|rembourse\w*|reimburs\w*|covered)\b"
)
# A question asked of a group, whoever asks it: "ouverts aux pharmaciens aussi ?", "open to pharmacists too?".
_ASKS_OF_A_GROUP = re.compile(
    r"\b(?:ouverte?s?|accessibles?|reservee?s?|destinee?s?|open|available|restricted|limited)"
    r" (?:aussi |egalement |also |too |only |seulement |uniquement )?(?:a|aux|to|pour|for) (?:les |des |the )?"
    r"(?!(?:me|moi|us|nous|vous|you|lui|eux|tous|all|everyone|tout le monde)\b)"
    r"(?:[\w-]+ ){0,2}(?:[\w-]+[sx]|[a-z]{2,3}(?:-[a-z]{2})?)\b(?! (?:comme|like) (?:moi|me)\b)"
    # "can pharmacists apply?", "les pharmaciens peuvent-ils candidater ?"
    r"|\b(?:can|may|could) (?!(?:i|we|you|they|us|its|this|his)\b)[a-z-]{3,}s (?:also |too |even )?apply\b"
    r"|\bles [a-z-]{3,}s (?:peuvent|peuvent-ils|peuvent-elles|ont le droit de) (?:aussi |egalement )?(?:candidater|postuler)\b"
)
# Someone else contacting a third party ("c'est qui qui la contacte, l'ARS ?"): not whom the applicant should write to.
_THIRD_PARTY_CONTACT = re.compile(
    r"\bqui (?:qui )?(?:la|le|les|l') ?contact(?:e|ent)\b|\bwho contacts (?:them|it|her|him)\b"
    r"|\b(?:c'est (?:a|au|aux) [\w' ]{1,20}|qui (?:doit|va)) (?:de )?contacter (?:l'|la |le |les )"
)
# Applying to several programmes at once, which no call text rules on, asked as such ("which closes first? I'd
# like to apply to both" asks the deadlines).
_APPLYING_AT_ONCE = frozenset({"eligibility", "how_to_apply", "suggest", None})
_AT_ONCE = re.compile(
    r"\b(?:candidater|postuler|apply|applying|deposer|soumettre|submit)\w*\s+(?:a |aux |to |for )?(?:les deux|both|the two)\b"
    r"|\b(?:candidater|postuler|apply|applying|deposer|soumettre|submit)\w*\s+(?:[\w']+\s+)?"
    r"(?:en meme temps|a la fois|simultanement|en parallele|at the same time|simultaneously)\b"
)
# A year said of the applicant, not of a call: "titularisé en 2019", "thèse soutenue en 2027", "né en 1985".
# The words of a profile the rules read ("vets", "PH", "titulaire"): explained, whatever the exemplars use.
_PROFILE_WORD = re.compile("|".join(f"(?:{p})" for term in ALL.values() for p in term.patterns))
_PERSONAL_YEAR = re.compile(
    r"\b(?:depuis|since|ne|nee|born|these|thesis|phd|doctorat|diplome|degree|master|titularis|tenure|recrut|hired"
    r"|joined|soutenu|soutenance|defen[cs]e|obtenu|obtained|nomme|appointed|en poste|installe|promo(?:tion)? de"
    r"|commencer|demarrer|debuter|start(?:ing)?|begin|prise de fonction)"
    r"[^.,;?!]{0,30}$"
)


def _named_inside(word: str, text: str) -> bool:
    """Whether a folded word is written capitalised in a text, not at the start of a sentence or line: a name."""
    for m in _WORD.finditer(text):
        said = m.group(0)
        if said[:1].isupper() and fold(said.lower()) == word and not _SENTENCE_START.search(text[: m.start()]):
            return True
    return False


_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|[«\"(]\s*)$")


def _explained(word: str, known: frozenset[str], stems: frozenset[str]) -> bool:
    """Whether a word is known, or shares its first letters with a known one ("finalise", "finaliser")."""
    return word in known or (len(word) > _STEM and word[:_STEM] in stems)


class Understander:
    """Reads questions against one corpus: its programmes, vocabulary, calls and exemplar bank."""

    def __init__(
        self,
        book: RuleBook,
        texts: Sequence[str],
        acronyms: frozenset[str],
        vector: Callable[[str], Sequence[float]],
        classifier: IntentClassifier,
        min_confidence: float,
    ) -> None:
        self.book = book
        self.programmes: list[Programme] = list(book.programmes)
        self.acronyms = acronyms
        self.speller = Speller(texts, self.programmes)
        self.vector = vector
        self.classifier = classifier
        self.min_confidence = min_confidence
        self.covered = _coverage(book)
        self.approvals: dict[str | None, str] = {  # programme -> the folded sentences of its approvals condition
            c.programme or f.programme: fold(" ".join(c.quotes))
            for f in book.files.values()
            for c in f.criteria
            if c.kind == "approval"
        }
        self.corpus_words = frozenset(w for t in texts for w in _WORD.findall(fold(t)))
        # The programmes that list the trades they take (open_to): their staff's, not another employer's.
        self.trades_listed = frozenset(
            f.programme_of(fact) for f in book.files.values() for fact in f.selection if fact.open_to
        )

    def _approvers_named(self, folded: str, programmes: tuple[str, ...]) -> bool:
        """Whether a question on approvals asks only of those the programmes' texts name ("l'accord de mon directeur
        d'hôpital ?"), or of none ("do I need any approvals?"), and offers no choice."""
        if _CHOICE_OR_WHICH.search(folded):
            return False
        said = [m.group(1) for m in _APPROVER.finditer(folded)]
        if EITHER_OR.search(folded):
            # "from my hospital or from the lab": approvers listed; "un accord écrit ou un mail ?": a choice
            alternatives = [m.group(1) for m in _APPROVER_OR.finditer(folded)]
            if not said or not alternatives:
                return False
            said += alternatives
        return all(any(_APPROVER_WORDS.get(w, w)[:6] in self.approvals[p] for p in programmes) for w in said)

    def understand(self, question: str, history: tuple[str, ...] = (), today: dt.date | None = None) -> Query:
        """The reading of a question (already made visible) in its conversation, as of ``today``."""
        text, orders = split_instructions(question)
        text = with_claim_asked(text)  # "Mon chef m'affirme que … en février. C'est bien ça ?": the claim, asked
        history = (*(without_instructions(h) for h in history), *orders)
        lang: Literal["fr", "en"] = "en" if language(text) == "en" else "fr"
        read, corrections = self.speller.correct(text)
        history_read = tuple(self.speller.correct(h)[0] for h in history)
        folded = fold(read)
        named = tuple(dict.fromkeys([*asked_about(text, self.programmes), *asked_about(read, self.programmes)]))
        about = tuple(named or subject(read, self.programmes, history_read))
        start = runtime.now(today)
        said = moment(folded, start)
        years = _call_years(text)
        if said is not None and said.precision == "year" and said.at.year != start.year:
            years = (*years, said.at.year)

        strange = strangers(read, self.programmes, self.acronyms)  # "CI" is read "contrats d'interface"
        guess = self.classifier.guess(self.vector(classified(read)))
        intent = None if strange else self._pattern(text, read, history, history_read)
        label: Label | None = intent.kind if intent is not None else None
        signal: Literal["pattern", "classifier", "none"] = "pattern" if intent is not None else "none"
        confidence = 1.0 if intent is not None else guess.confidence
        unexplained: tuple[str, ...] = ()
        if intent is None and not strange and guess.confidence >= self.min_confidence:
            label, signal = guess.label, "classifier"
            # "il est 18h, c'est encore jouable ?": a moment of the day beside a deadline asks the deadline.
            timed = guess.label in ("deadline", "opening") and said is not None and said.precision in ("time", "day")
            unexplained = () if timed else tuple(self._unexplained(read, guess.label, equivalents=bool(named)))
            if not unexplained and not asks_amount(read) and not asks_count(read):
                intent = self._from_guess(guess, folded, about, named, lang)
        if intent is not None and not intent.programmes and not named and about:
            # "et le labo ça peut être un CIC ?" after turns on the PA: the programme the conversation is about
            intent = intent.model_copy(update={"programmes": about})
        if intent is not None and not about and intent.kind not in _ANY_PROGRAMME:
            # "how long does the talent passport take?": a question of no programme about what no text or exemplar
            # names is not the programmes' durations; retrieval quotes the texts or refuses.
            # The words of choosing a programme ("is there a scheme that…") are no such subject.
            choosing = set(self._unexplained(read, "suggest"))  # once, not once a word
            unexplained = tuple(w for w in self._unexplained(read, intent.kind) if w in choosing)
            # One odd word (a plural) is no subject of its own, unless capitalised inside a sentence: a name ("la date
            # limite du programme Sesame ?", "l'appel Tremplin").
            if len(unexplained) > 1 or any(_named_inside(w, read) for w in unexplained):
                intent = None
        if (
            intent is not None
            and intent.kind == "eligibility"
            and not intent.profile.is_empty()
            and (
                not any(speaks_of_self(fold(t)) for t in (text, *history[-1:]))
                or _ASKS_OF_A_GROUP.search(folded)  # "I'm a pharmacist. Open to pharmacists too?": the group's
            )
        ):
            intent = intent.model_copy(update={"of_a_group": True})  # "ouverts aux pharmaciens ?", "et aux dentistes ?"
            staff_elsewhere = bool(intent.programmes) and set(intent.programmes) <= self.trades_listed
            staff_elsewhere = staff_elsewhere and _NOT_STAFF.search(folded) is not None
            asked = first_alternative(asked_sentences(folded))  # ("pharmacien, pas MD : ouvert aux pharmaciens ?")
            if staff_elsewhere or BESIDE_APPLYING.search(asked) or negated(asked):
                # "un chef d'équipe CNRS peut candidater aux HP ?": the trade of another employer's staff, or of
                # someone retired or on contract, is no yes for the trade listed (the conditions say the rest), nor
                # is a group asked of with a condition or another thing ("sans l'accord de son directeur ?")
                intent = intent.model_copy(update={"of_a_group": False})
        if intent is not None and intent.kind == "eligibility" and (named_criterion := criterion_named(folded)):
            intent = intent.model_copy(  # "la condition d'ancienneté ?", "dois-je avoir mon M2 au dépôt ?"
                update={
                    "criterion": named_criterion,
                    "asked_at": judged_at(folded),
                    "must_hold": must_hold(folded),
                    # ("un M2 pro" is no M2 recherche: not the condition's)
                    "diplomas_asked": tuple(
                        d for d in find(folded, DIPLOMAS) if not (d == "master2" and _PRO_MASTER.search(folded))
                    ),
                }
            )
            if named_criterion == "host" and not (intent.programmes or about):
                # "le labo d'accueil peut-il être un CIC ?" of no programme: the text that says where it may be
                intent, label, signal = None, None, "none"
            elif named_criterion == "approval":
                asked_of = set(intent.programmes)
                if (asked_of and not asked_of <= set(self.approvals)) or (not asked_of and not history):
                    # approvals a call asks of nobody, or asked of no call: what the texts say ("ok et il faut quels
                    # accords ?" after a question on which programme fits asks it of those)
                    intent, label, signal = None, None, "none"
                elif not self._approvers_named(folded, intent.programmes):
                    # "l'accord du doyen ?", "un accord écrit ou un mail ?", "quels accords ?": the verdict's list,
                    # no "oui" on an approver the text does not name or a choice it does not settle.
                    intent = intent.model_copy(update={"criterion": None})
        if label == "contact" and _THIRD_PARTY_CONTACT.search(folded):
            intent, label, signal = None, None, "none"  # "qui la contacte, l'ARS ?": the texts say who does
        # "il est 18h", "demain", "en octobre": when the user would apply. A step's date is past or not as of today.
        # ("dois-je avoir mon M2 au moment où je dépose mon dossier en février ?": when a condition is held, not now)
        shifts = said is not None and said.precision != "year" and label in _ACTING
        shifts = shifts and not (intent is not None and intent.asked_at)
        now = said.at if said is not None and shifts else start
        # (read: "cb on est payé ?" asks an amount as "combien" does)
        expects = answer_type(fold(text), label, asks_amount(read), asks_count(read))
        refusal = self._refusal(
            label,
            signal,
            guess,
            named,
            about,
            years,
            _spans(text),
            expects,
            edition_years(folded) or (years if year_only(folded) else ()),
        )
        if refusal is None and label in ("eligibility", "suggest", None) and _UNHELD.search(folded):
            refusal = Refusal(reason="passages")  # "open to non-EU nationals?": no verdict of the texts says it
        if refusal is None and label in _APPLYING_AT_ONCE and len(named) > 1 and _AT_ONCE.search(folded):
            refusal = Refusal(reason="passages")  # "candidater au PA et au CCA en même temps ?": no text says it
        if (
            refusal is None
            and label in ("documents", "how_to_apply", "eligibility", None)
            and self._unsaid(_FILE_FORM, folded)
        ):
            refusal = Refusal(reason="passages")  # "en PDF ? une taille max par fichier ?": no text gives it
        if refusal is None and (self._unsaid(_BESIDE, folded) or self._unsaid(_COSTS, folded)):
            refusal = Refusal(reason="passages")  # "does Inserm help with the visa?": no text says it
        return Query(
            text=text,
            read=read,
            corrections=tuple(f"{c.typed} -> {c.read}" for c in corrections),
            instructions=tuple(orders),
            history=history,
            lang=lang,
            named=named,
            programmes=about,
            years=tuple(sorted(set(years))),
            intent=label,
            confidence=confidence,
            signal=signal,
            guess=guess,
            unexplained=unexplained,
            profile=intent.profile if intent is not None else parse_profile(folded),
            moment=said,
            now=now,
            expects=expects,
            polarity=polarity(folded, label, said.words if said is not None else ""),  # "datte limite ?" asks a date
            payment=asked_payment(folded) if intent is not None and intent.kind == "funding" else None,
            other_funding=asked_other_funding(folded) if intent is not None and intent.kind == "funding" else None,
            rules=intent if refusal is None else None,
            refusal=refusal,
        )

    def _unexplained(self, read: str, label: Label, equivalents: bool = False) -> list[str]:
        """The words of a question (as read) that neither the corpus nor the exemplars of its intent use ("visa",
        "housing allowance", "âge limite"): a question about something the rules do not hold, whatever its intent.
        The rules answer a question the classifier recognised only when none is left; retrieval reads the others.
        Everyday words and the forms of common verbs ("sur lesquels ils sont jugés") are no subject."""
        known, stems = self._known(label)
        profile_words = {fold(w) for m in _PROFILE_WORD.finditer(fold(read)) for w in _WORD.findall(m.group(0))}
        # Names of places and people: "a resident from Nantes", a signature ("Thanks,\nJulien").
        names = {fold(m.group("name") or m.group("name2")) for m in _PROPER_NAME.finditer(read)}
        unexplained = []
        for said in _WORD.findall(read):
            typed = said.lower().rstrip("'’-")  # "'passerelles soins-recherche'": the closing quote is no part of it
            w = fold(typed)
            if not _CONTENT_WORD.fullmatch(w) or w in profile_words or w in names:  # "vets", "PU-PH": the profile's
                continue
            bare = w.rpartition("'")[2]  # "s'inscrit" is "inscrit"
            if (
                common(w)
                or (equivalents and has_equivalent(w))  # "CI : un oral ?": the texts' "audition" (not the ECOS')
                or (said.islower() and common_typo(w))  # "alowed", not "Wellcome" (a name)
                or verb_form(typed)
                or any(_explained(v, known, stems) for v in (w, bare))
                or all(
                    common(v) or _explained(v, known, stems) for v in bare.split("-")
                )  # "Inserm-Bettencourt", "second-year"
            ):
                continue
            unexplained.append(w)
        return unexplained

    @functools.lru_cache(maxsize=32)  # noqa: B019 - one Understander per engine, a handful of labels
    def _known(self, label: Label) -> tuple[frozenset[str], frozenset[str]]:
        """The words a question about ``label`` may use, and their first letters (computed once per label)."""
        known = self.speller.vocabulary | self.classifier.words(label)
        return known, frozenset(w[:_STEM] for w in known if len(w) > _STEM)

    def _pattern(self, text: str, read: str, history: tuple[str, ...], history_read: tuple[str, ...]) -> Intent | None:
        """The patterns' intent: on the question as typed, else as read (abbreviations and typos corrected)."""
        intent = parse(text, self.programmes, history, self.acronyms)
        if intent is None and (read != text or history_read != history):
            intent = parse(read, self.programmes, history_read, self.acronyms)
        elif (
            intent is not None
            and not intent.programmes
            and (
                (read != text and mentioned(read, self.programmes))
                # (the last turn's, not an earlier one's: "quel programme pour moi ?" in between names none)
                or (history_read[-1:] != history[-1:] and mentioned(history_read[-1], self.programmes))
            )
        ):
            # "PA : ça dure combien de temps ?": the programme only its abbreviation names is the one asked about
            # (or the conversation's: "et le labo doit être Inserm ?" after "le PA c'est pour qui ?").
            intent = parse(read, self.programmes, history_read, self.acronyms) or intent
        elif intent is not None and intent.kind in ("funding", "selection") and read != text and asks_amount(read):
            # "cb on est payé ?": the reading asks a figure, which funding and selection facts do not hold.
            intent = parse(read, self.programmes, history_read, self.acronyms)
        elif intent is not None and intent.programmes and read != text:
            # "PA ? et sinon les CI c jusqu'à quand ?": a programme only its abbreviation names is asked about too.
            also = [p for p in mentioned(read, self.programmes) if p not in intent.programmes]
            if also and set(intent.programmes) <= set(mentioned(text, self.programmes)):
                intent = intent.model_copy(update={"programmes": (*intent.programmes, *also)})
        return intent

    def _from_guess(
        self, guess: Guess, folded: str, about: tuple[str, ...], named: tuple[str, ...], lang: Literal["fr", "en"]
    ) -> Intent | None:
        """The rules intent of the classifier's label, when the rules can answer it: a rules kind, about a
        programme (named, or the conversation's) unless it is a verdict across programmes."""
        kind = guess.label
        if kind not in RULES_KINDS or (not about and kind not in _ANY_PROGRAMME):
            return None
        events = events_named(folded)
        if kind == "event" and not events:
            kind = "calendar"  # a step it does not name: all of them
        return Intent(
            kind=kind,
            programmes=about,
            events=events if kind == "event" else (),
            profile=parse_profile(folded),
            lang=lang,
        )

    def _unsaid(self, pattern: re.Pattern[str], folded: str) -> bool:
        """Whether the question names what ``pattern`` finds (a file's form, a visa) in a word no text uses."""
        return any(w not in self.corpus_words for m in pattern.finditer(folded) for w in m.groups() if w)

    def _refusal(
        self,
        label: Label | None,
        signal: str,
        guess: Guess,
        named: tuple[str, ...],
        about: tuple[str, ...],
        years: tuple[int, ...],
        spans: tuple[tuple[int, ...], ...],
        expects: str,
        editions_named: tuple[int, ...] = (),
    ) -> Refusal | None:
        """What understanding alone tells the texts cannot answer: a call year they do not cover, a subject
        they are not about."""
        if years and (label in _DATED or label in (None, "count") or expects == "date" or spans or editions_named):
            concerned = [self.covered[p] for p in (about or tuple(self.covered)) if p in self.covered]
            # A deadline or an opening "in 2027" is a call's of 2027, and so are the posts it opens ("combien de
            # postes en 2027 ?"); a step "in 2027" may be this call's.
            applying = label in ("deadline", "opening", "count") or label is None
            unknown_span = any(
                span not in c.spans and len(c.spans) > 0 for span in spans for c in concerned
            )  # "la promotion 2027-2028" when the corpus has 2026-2027, whatever is asked of it
            # "les contrats d'interface 2025" when the corpus has 2026 (an edition's year, or the year one applies in)
            unknown_edition = any(
                not any(year in c.applying or str(year) in " ".join(c.editions) for c in concerned)
                for year in editions_named
            )
            dated = label in _DATED or label == "count" or expects == "date"
            if concerned and (
                unknown_span
                or unknown_edition
                or (dated and not any(set(years) & (c.applying if applying else c.dated) for c in concerned))
            ):
                editions = tuple(dict.fromkeys(e for c in concerned for e in c.editions))
                return Refusal(reason="year", editions=editions)
        if signal != "pattern" and guess.label == "outside":
            sure = self.min_confidence if not named else max(0.75, self.min_confidence)
            if guess.confidence >= sure:
                return Refusal(reason="outside")
        return None


# Staff of another employer, or no longer or not permanently staff: "un chef d'équipe CNRS", "un chercheur retraité".
_NOT_STAFF = re.compile(
    r"\b(?:cnrs|inrae|inria|cea|ird|universite|university|pasteur|curie|institut|institute|hopital|hospital|chu|chr"
    r"|entreprise|company|prive|private|retraite\w*|retired|emerite|emeritus|contractuel\w*|cdd|vacataire\w*"
    r"|stagiaire\w*|interim\w*|temporary|fixed-term|post-?docs?|doctorant\w*|phd students?)\b"
)


# A year set aside: "l'appel 2025 (pas 2026)", "not 2026".
_NOT_THIS_YEAR = re.compile(
    r"\b(?:pas|not|non|hors|sauf|except|excluding)\s+(?:(?:l'an(?:nee)?|the year|en|in|the|de|celle|celui|la|le|l'edition"
    r"|l'appel|pas)\s+){0,3}$"
)


_PRO_MASTER = re.compile(r"\b(?:m|master) ?2 (?:pro|professionnel)\b")


def _call_years(text: str) -> tuple[int, ...]:
    """The years a question names as a call's, not the applicant's ("titulaire depuis 2019" is not)."""
    folded = fold(text)
    found = []
    for year in sorted(years_named(text)):
        for m in re.finditer(rf"(?<!\d){year}(?!\d)", folded):
            before = folded[max(0, m.start() - 40) : m.start()]
            if not _PERSONAL_YEAR.search(before) and not _NOT_THIS_YEAR.search(before):
                found.append(year)
                break
    return tuple(found)


@dataclass(frozen=True)
class Coverage:
    """What a programme's calls in the corpus cover: the years of their editions and application windows (what
    "la date limite 2027" names), the years of any of their dates (what "les auditions en 2026" names), and the
    editions themselves ("2026", "2026-2027")."""

    applying: frozenset[int]
    dated: frozenset[int]
    editions: tuple[str, ...]
    spans: frozenset[tuple[int, ...]]


# The one whose approval is asked: "l'accord de mon directeur", "approval from the ARS", "l'aval du chef de pôle".
_APPROVER = re.compile(
    r"\b(?:accords?|approvals?|agreements?|aval|autorisations?|consents?|sign-?offs?|authori[sz]ations?)\s+(?:\w+\s+){0,2}?"
    r"(?:de|du|des|d'|from|of|by)\s*(?:mon |ma |mes |le |la |l'|les |my |the |our |notre |son |sa |his |her )?([\w-]+)"
)
_APPROVER_OR = re.compile(
    r"\b(?:ou|or) (?:de |du |des |d'|from |of )\s*(?:mon |ma |mes |le |la |l'|les |my |the |our )?([\w-]+)"
)
_CHOICE_OR_WHICH = re.compile(r"\b(?:quels?|quelles?|qui|which|who|whom|what)\b")
# Everyday names of the approvers a call names ("mon labo" is the unit, "my hospital" its establishment).
_APPROVER_WORDS = {"lab": "unite", "labo": "unite", "laboratoire": "unite", "laboratory": "unite", "unit": "unite",
                   "hopital": "hospit", "hospital": "hospit", "chu": "hospit", "director": "direct"}  # fmt: skip


def _coverage(book: RuleBook) -> dict[str, Coverage]:
    """Per programme with a dated call, what its calls cover."""
    covered: dict[str, Coverage] = {}
    for programme, editions in book.editions.items():
        if not editions:
            continue
        applying = {y for e in editions for y in e.years}
        dated = set(applying)
        for f in book.files.values():
            for event in f.events:
                if f.programme_of(event) == programme:
                    years = {d.year for d in (event.date, event.start, event.end) if d is not None}
                    dated |= years
                    if event.kind in ("registration_opens", "application_deadline"):
                        applying |= years
        covered[programme] = Coverage(
            applying=frozenset(applying),
            dated=frozenset(dated),
            editions=tuple(e.edition for e in editions),
            spans=frozenset(tuple(e.years) for e in editions if len(e.years) > 1),
        )
    return covered


def _spans(text: str) -> tuple[tuple[int, ...], ...]:
    """The editions a question names as a span of years ("la promotion 2027-2028")."""
    return tuple(
        tuple(range(int(a), int(b) + 1))
        for a, b in re.findall(r"(?<!\d)(20\d{2})\s*[-/–]\s*(20\d{2})(?!\d)", text)
        if 0 < int(b) - int(a) <= 2
    )
