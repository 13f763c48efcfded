"""One engine for every front-end: route a question to the rules, else to retrieval, else refuse.

Every statement of an answer stands on a citation whose quote is verbatim corpus
text; quotes are checked against the documents before an answer leaves the
engine, and an answer with nothing left to stand on is refused.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.chunking import Chunk, Section, sections, sentences
from assistant.compose import (
    checked_lead,
    compose,
    first_lead,
    moment_note,
    months_lead,
    order_lead,
    place_lead,
    polar_lead,
    proposal_notice,
    quote,
    same_lead,
    time_lead,
)
from assistant.corpus import Document, load_corpus
from assistant.glossary import QUESTION_TERMS, expand, groups
from assistant.guard import (
    MAX_QUESTION_CHARS,
    overlaps,
    quarantined,
    visible,
)
from assistant.programmes import in_order_of_mention, mentioned, subject
from assistant.ratelimit import check_deadline
from assistant.rulebook import load_rulebook
from assistant.rules.book import years_named
from assistant.rules.deadlines import Source, State, local, proposal_plans, proposal_source, sources_of
from assistant.rules.eligibility import Eligibility
from assistant.rules.engine import DurationInfo, FactInfo
from assistant.rules.engine import answer as rules_answer
from assistant.rules.parser import (
    DOCUMENT_LENGTH,
    EVERYONE_STEP,
    HOST_ANY,
    HOST_MAY_BE,
    HOST_REQUIRED,
    PEOPLE_COUNTED,
    UNSURE,
    corpus_acronyms,
    negated,
    speaks_of_self,
    stated_length,
    strangers,
)
from assistant.settings import Settings
from assistant.text import analyze, asked_sentences, first_alternative, fold, fold_accents, question_sentences
from assistant.understanding import Query, Understander
from assistant.understanding.intents import IntentClassifier
from assistant.understanding.moments import checked_day, checked_months, day_checked
from assistant.understanding.query import STILL_OR_YET, RefusalReason, polarity

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

    from assistant.retrieval import SearchHit


class Citation(BaseModel):
    """A verbatim passage an answer stands on."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    title: str
    section: str
    quote: str = Field(description="An exact substring of the cleaned document doc_id.")
    url: str | None = None


class Answer(BaseModel):
    """The answer contract: what `assistant ask --json` prints and every front-end shows."""

    model_config = ConfigDict(frozen=True)

    question: str
    answer: str = Field(description="What the user reads (Markdown), in the language of the question.")
    status: Literal["answered", "refused"]
    route: Literal["rules", "retrieval", "none"]
    citations: list[Citation]
    lang: Literal["fr", "en"]


class Passage(BaseModel):
    """A citation in its place: the quote inside its section, for a reader to see what surrounds it."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    title: str
    edition: str | None
    section: str
    url: str | None
    before: str = Field(description="The section's text before the quote (trimmed to whole paragraphs).")
    quote: str = Field(description="The quote, verbatim.")
    after: str = Field(description="The section's text after the quote (trimmed to whole paragraphs).")


PASSAGE_CONTEXT = 900  # characters of the section shown on each side of a quote, at most


class Engine:
    """Loads the corpus, rules and index once; answers questions."""

    def __init__(self, settings: Settings, llm: LLM | None = None) -> None:
        """``llm``: a llama-index LLM for the generative rewrite (default: the one the settings name, if any)."""
        from assistant.generate import Rewriter, llm_from_settings
        from assistant.retrieval import Retriever

        self.settings = settings
        model = llm if llm is not None else llm_from_settings(settings.generation)
        self.rewriter = Rewriter(model) if model is not None else None
        self.documents = {d.id: d for d in load_corpus(settings.paths.corpus_dir)}
        # Paragraphs that instruct an AI (planted in a call text): never quoted, never shown (guard.py).
        self.quarantine = {d.id: quarantined(d.body) for d in self.documents.values()}
        self.all_editions = load_rulebook(settings.paths.corpus_dir)
        self.book = self.all_editions.latest()  # each programme's latest call: what a question without a year reads
        self.names = {p.id: p.name for p in self.book.programmes}
        # A programme's own call text speaks of that programme (the overview, of several: none here).
        self.own_programme = {f.doc_id: f.programme for f in self.all_editions.files.values() if f.programme}
        self.acronyms = corpus_acronyms([d.body for d in self.documents.values()])
        self.retriever = Retriever(settings)
        classifier = IntentClassifier(
            lambda texts: np.asarray(self.retriever.query_vectors(texts), dtype=np.float32),
            self.retriever.build,
            settings.paths.index_dir,
        )
        self.understander = Understander(
            self.all_editions,
            [d.body for d in self.documents.values()],
            self.acronyms,
            self.retriever.vector,
            classifier,
            settings.answer.min_intent_confidence,
        )
        document_frequency: dict[str, int] = {}
        for chunk in self.retriever.chunks:
            for term in set(analyze(chunk.embed_text(True))):
                document_frequency[term] = document_frequency.get(term, 0) + 1
        n = len(self.retriever.chunks)
        self._idf = {t: math.log(1 + n / df) for t, df in document_frequency.items()}
        self._max_idf = max(self._idf.values(), default=1.0)
        # Programme names say where a question looks, not what it asks: left out of coverage.
        self._name_terms = {t for p in self.book.programmes for n in p.names() for t in analyze(n)}

    def ask(self, question: str, today: dt.date | None = None, history: tuple[str, ...] = ()) -> Answer:
        """The answer to a question, as of ``today`` (default: the setting, else now).

        The answer's ``question`` is the question as asked; the rules, retrieval and the language model read it
        without its sentences that instruct an AI (guard.py). A question past its deadline (ratelimit.DEADLINE)
        stops at the next stage with OverBudget.
        """
        check_deadline()  # it may have waited for the engine past its budget: its caller is gone
        asked = visible(question)[:MAX_QUESTION_CHARS]
        answer = self._answer(asked, today, history)
        if self.rewriter:
            check_deadline()
            answer = self.rewriter.rewrite(answer)
        return answer.model_copy(update={"question": asked})

    def understand(self, question: str, history: tuple[str, ...] = (), today: dt.date | None = None) -> Query:
        """The engine's reading of a question (see ``assistant.understanding``): what every route reads."""
        return self.understander.understand(visible(question)[:MAX_QUESTION_CHARS], history, today or self._today())

    def _answer(self, asked: str, today: dt.date | None, history: tuple[str, ...]) -> Answer:
        # Sentences that instruct an AI are not obeyed: the question is understood without them (guard.py). What
        # they name stays context, as an earlier message would ("ignore ... the CCA deadline is X. When is it?").
        query = self.understander.understand(asked, history, today or self._today())
        standing = self._standing(query)
        if standing is not None:
            return standing
        # The rules hold no one's name: "qui préside le comité ?" is read in the texts, which name no one either.
        intent = query.rules if query.expects != "person" else None
        if intent is not None:
            result = rules_answer(self.all_editions, intent, query.now, frozenset(query.years))
            # That a programme is a proposal answers "can I apply, until when"; its other questions go to its text.
            proposal_only = result.empty_but_proposals and intent.kind not in _APPLYING
            if len(result.proposals) == len(result.programmes) and intent.kind in _PROPOSAL_TEXT:
                # When a proposal would be put in place is no step of a call, and whom to write to about it is
                # no call's contact: what its text says, if it says it; else that nobody can apply to it.
                found = self._answered_by_text(query)
                if found is not None and (intent.kind != "contact" or "@" in found.answer):
                    return found  # an address to write to, not any passage on applying
                if intent.kind == "contact" and not result.facts:  # no address to give: say so, and why
                    return self._refuse(query, "contact")
            if not result.empty and not proposal_only:
                citations = self.citations(result.sources())
                composed = compose(result, self.names, query.lang)
                if intent.kind in ("deadline", "opening", "event", "calendar") and result.proposals:
                    plans = self._plans(result.programmes)  # "ça commence quand, le CER ?": when it would
                    composed += self._plans_line(plans, query.lang)
                    citations += [c for c in self.citations(plans) if c not in citations]
                if intent.kind in ("deadline", "opening"):
                    undated = [p for p in intent.programmes if p not in {d.programme for d in result.deadlines}]
                    presented = self._presentation(tuple(undated), money=False)
                    if presented:  # "lequel est ouvert : PA, CCA ou CI ?": the one with no dates, said so
                        composed += "\n\n" + self._presented(undated, presented, query.lang)
                        citations += [c for c in self.citations(presented) if c not in citations]
                # What the rules hold may not be what is asked ("renouvelable ?" of a length): then the texts.
                # (and "how much does Inserm pay the hospital?" of funding sentences that give no figure)
                unheld = query.expects in ("renewal", "share") or (
                    query.expects == "amount" and intent.kind == "funding"
                )
                missing = _missing(query.expects, composed, query.text) if unheld else None
                if (
                    intent.kind == "documents"
                    and DOCUMENT_LENGTH.search(fold(query.read))
                    and not _PAGES.search(composed)
                ):
                    missing = "passages"  # "le projet de recherche, combien de pages ?" of a list that gives none
                if missing is not None:
                    return self._answered_by_text(query) or self._refuse(query, missing)
                if (
                    intent.kind == "event"
                    and result.events
                    and _EXACT_DAY.search(fold(query.read))
                    and not any(e.date or _DAY_OF_MONTH.search(fold(e.label or "")) for e in result.events)
                ):
                    # "la date exacte de mon audition ?" of a step the call gives as a month: that, and whom to ask
                    # (said first when the question asks something else too).
                    if not intent.also:
                        return self._refuse(query, "day", composed, citations)
                    composed = f"{refusal_reason('day', query.lang)}\n\n{composed}"
                if query.expects == "hour" and result.deadlines and not any(d.hour_stated for d in result.deadlines):
                    # "jusqu'à quelle heure ?" of a call that gives a day only: that, the day, and whom to ask.
                    return self._refuse(query, "hour", composed, citations)
                if citations:
                    # "c'est encore ouvert ?", "faut-il une lettre de motivation ?": the yes or no first.
                    if intent.kind in ("deadline", "opening"):
                        read = fold(query.read)
                        checked, day_of = checked_day(read), intent.kind
                        if checked is None and (day_of_call := day_checked(read)) is not None:
                            # "c'est bien aujourd'hui que ça ouvre ?", "the deadline is tomorrow, right?": that
                            # day's date, checked against the call's
                            said = local(query.now).date() + dt.timedelta(days=day_of_call[1])
                            checked, day_of = (said.month, said.day, said.year), day_of_call[0]
                        lead = (
                            same_lead(read, intent.kind, result.deadlines, self.names, query.lang)
                            or first_lead(read, intent.kind, result.deadlines, self.names, query.lang)
                            or (checked_lead(checked, day_of, result.deadlines, query.lang) if checked else None)
                            or (polar_lead(query.polarity, result.deadlines, query.lang) if query.polarity else None)
                        )
                    else:
                        asked = fold(asked_sentences(query.read))
                        order = in_order_of_mention(query.read, list(self.book.programmes))
                        lead = (
                            self._allowed(query, result.eligibility)
                            or _required_host(query, asked, result.eligibility)
                            or _not_everyone(query, asked, result.facts)
                            or self._listed(query, result.facts)
                            or _paid(query, result.facts)
                            or _other_funding(query, result.facts)
                            or _length_checked(query, result.durations)
                            or _renewal_checked(query, asked, result.durations)
                            or _window_first(query, result.eligibility)
                            or (
                                months_lead(months, result.events, order, self.names, query.lang)
                                if result.events and (months := checked_months(asked))
                                else None
                            )
                            or (
                                order_lead(asked, result.events, order, self.names, query.lang)
                                or place_lead(asked, result.events, self.names, query.lang)
                                if len(result.events) == 2
                                else None
                            )
                            or (
                                time_lead(asked, result.durations, order, self.names, query.lang)
                                # (a length asked too is no yes or no: "combien de temps, et à temps plein ?")
                                # ("c'est à plein temps ou pas ?": a yes or no all the same)
                                if intent.kind == "duration"
                                and not negated(first_alternative(asked))
                                and not _WHICH.search(asked)
                                else None
                            )
                        )
                    if lead is not None:
                        composed = f"{lead}\n\n{composed}"  # "c'est encore ouvert ?": yes or no, then the date
                    if query.moment is not None and query.now == query.moment.at:  # judged at the user's moment
                        note = moment_note(query.moment.words, query.now, query.moment.precision, query.lang)
                        composed = f"{note}\n\n{composed}"
                    text = self._with_editions(composed, citations, query.lang)
                    return Answer(
                        question=query.text,
                        answer=text,
                        status="answered",
                        route="rules",
                        citations=citations,
                        lang=query.lang,
                    )
        if query.refusal is not None:
            return self._refuse(query, query.refusal.reason)
        check_deadline()
        return self._retrieve(query)

    def _only_says(self, presented: list[Source], lang: str) -> str:
        said = " ".join(f"« {p.quote} »" for p in presented)
        title = self.documents[presented[0].doc_id].meta.title
        return f"“{title}” says of it: {said}" if lang == "en" else f"« {title} » en dit : {said}"

    def _presented(self, programmes: list[str], presented: list[Source], lang: str) -> str:
        """Programmes whose dates no text gives, and what their presentation says."""
        names = ", ".join(f"**{self.names.get(p, p)}**" for p in programmes)
        if lang == "en":
            return f"{names}: the texts I have give no dates for it. {self._only_says(presented, lang)}"
        return f"{names} : les textes dont je dispose n’en donnent pas les dates. {self._only_says(presented, lang)}"

    def _presentation(self, programmes: tuple[str, ...], money: bool) -> list[Source]:
        """For programmes only a multi-programme page presents: the lines on their funding (for an amount) or on
        whom they are for (for anything else)."""
        own = {f.programme for f in self.book.files.values()}
        found: list[Source] = []
        for f in self.book.files.values():
            if f.programme is not None:
                continue
            for p in programmes:
                if p in own:
                    continue
                rules = f.funding if money else [c for c in f.criteria if c.kind == "status"]
                found += [s for r in rules if f.programme_of(r) == p for s in sources_of(f.doc_id, r)]
        return found

    def _standing(self, query: Query) -> Answer | None:
        """ "C'est un appel Inserm, le CER ?", "is it already in place?": of a proposal, that it is one answers it
        ("when would it be in place?" is read in its text)."""
        asks, read = fold(query.text), fold(query.read)
        asked_of = query.programmes
        standing = _STANDING.search(read)
        if standing is not None and (like := _LIKE_CALL.search(read, standing.start())) is not None:
            # "le CER, c'est un appel Inserm comme les postes d'accueil ?": the CER's standing, the PA the measure
            # (not "le CER comme le PA, c'est un appel ?": both asked)
            asked_of = tuple(mentioned(query.read[: like.start()], list(self.book.programmes))) or asked_of
        notices = [n for f in self.book.files.values() if f.programme in asked_of and (n := proposal_source(f))]
        if not notices or len(notices) < len(asked_of) or not _STANDING.search(asks) or _WHEN.search(asks):
            return None
        plans = self._plans(query.programmes)
        return Answer(
            question=query.text,
            # "c'est un appel ?" is a yes or no: "Non : le CER est une proposition…"
            answer=proposal_notice(notices[0], query.lang, denied=_CALL_ASKED.search(asks) is not None)
            + self._plans_line(plans, query.lang),
            status="answered",
            route="rules",
            citations=self.citations([notices[0], *plans]),
            lang=query.lang,
        )

    def _proposals_only(self, programmes: tuple[str, ...]) -> bool:
        """Whether every programme of a question is a proposal (the CER), which gives moments, never dates."""
        proposals = {f.programme for f in self.book.files.values() if proposal_source(f)}
        return bool(programmes) and set(programmes) <= proposals

    def _plans(self, programmes: tuple[str, ...]) -> list[Source]:
        return [s for f in self.book.files.values() if f.programme in programmes for s in proposal_plans(f)]

    @staticmethod
    def _plans_line(plans: list[Source], lang: str) -> str:
        """When a proposal would be put in place, in its own words (nothing when it does not say)."""
        if not plans:
            return ""
        said = " ".join(f"« {s.quote} »" for s in plans)
        if lang == "en":
            return f"\n\nWhen it should be put in place, a wish of its text (the texts do not say it was): {said}"
        return (
            f"\n\nQuand la mettre en place, un souhait de son texte (les textes ne disent pas si c’est fait) : {said}"
        )

    def _answered_by_text(self, query: Query) -> Answer | None:
        """Retrieval's answer when it gives one (None: it refuses, or understanding already refused)."""
        if query.refusal is not None:
            return None
        found = self._retrieve(query)
        return found if found.status == "answered" else None

    def _today(self) -> dt.date | None:
        return self.settings.runtime.today

    def _with_editions(self, text: str, citations: list[Citation], lang: Literal["fr", "en"]) -> str:
        """Say which edition of a call an answer comes from, when its programme has had several."""
        notes: list[str] = []
        for doc_id in dict.fromkeys(c.doc_id for c in citations):
            found = self.all_editions.edition_of(doc_id)
            if found is None or found[1] < 2:
                continue
            edition, _ = found
            newer = self.all_editions.superseded(doc_id)
            if lang == "en":
                note = f"Edition {edition.edition} of the call (“{edition.title}”)"
                note += f": a newer edition exists ({newer.edition}), this one is closed." if newer else ", the latest."
            else:
                note = f"Édition {edition.edition} de l’appel (« {edition.title} »)"
                note += (
                    f" : une édition plus récente existe ({newer.edition}), celle-ci est close."
                    if newer
                    else ", la plus récente."
                )
            notes.append(note)
        return "\n\n".join([text, *notes]) if notes else text

    def passages(self, question: str, history: tuple[str, ...] = (), k: int = 3) -> list[SearchHit]:
        """The chunks a retrieval answer draws on: within the programmes the question (or, for a follow-up, the
        conversation) is about, a few for each, in turn; over the whole corpus when it names none."""
        programmes = list(self.book.programmes)
        about = subject(question, programmes, history)
        query = question
        if about and not mentioned(question, programmes):  # a follow-up: name its subject for retrieval
            query = f"{question} ({self.names[about[0]]})"
        # Other editions of a call than the one the question is about (its year, else the latest) stay out.
        exclude = frozenset(self.all_editions.excluded(years_named(question)))
        if not about:
            return self.retriever.search(query, k=k, exclude=exclude)
        each = k if len(about) == 1 else max(2, k - 1)
        per_programme = []
        for p in about:
            check_deadline()
            per_programme.append(self.retriever.search(query, k=each, programme=p, exclude=exclude))
        hits: dict[str, SearchHit] = {}
        for row in zip_longest(*per_programme):
            for hit in row:
                if hit is not None and hit.chunk.id not in hits:
                    hits[hit.chunk.id] = hit
        return list(hits.values())

    def _retrieve(self, query: Query) -> Answer:
        programmes = list(self.book.programmes)
        question = query.read
        if strangers(query.read, programmes, self.acronyms):  # "l'ANR", "the ERC": not in these texts
            return self._refuse(query, "outside")
        if query.expects == "amount" and not query.programmes:
            return self._refuse(query, "amount")  # "c'est payé combien ?" of no programme: amounts are a programme's
        if query.expects == "link" and query.programmes:
            links = self._links(query.programmes)
            if not links:
                return self._refuse(query, "link")
            return self._quoted(query, links)
        best, similarity = self._scored(question, query.history, set(query.programmes), query.expects == "link")
        floor = min(self.settings.answer.min_coverage, self.settings.answer.min_coverage_similar)
        counted = self._counted(best, query, similarity, floor) if best else None
        if counted is not None:  # "combien de postes … ?": the sentence that counts them, whatever else it says
            best = [counted, *best]
        if not best or not self._answers(best[0][0], similarity):
            # No passage answers: say so in the words of what was asked ("no names", "no amount") when it says more.
            return self._refuse(
                query, _EXPECTED_IN_TEXT[query.expects][1] if query.expects in _EXPECTED_IN_TEXT else "passages"
            )
        spans = self._spans(question, _holding_first(best, query, floor), floor)
        citations = self.citations(
            [Source(doc_id=d, rule_id="", quote=self.documents[d].body[slice(*span)]) for d, span in spans]
        )  # a quote that a list drew into a quarantined paragraph is dropped there
        if not citations:
            return self._refuse(query, "passages")
        quoted = " ".join(c.quote for c in citations)
        missing = _missing(query.expects, quoted, query.text)
        if missing == "date" and self._proposals_only(query.programmes) and _RELATIVE_MOMENT.search(quoted):
            missing = None  # a proposal has no dates, only moments: "avant la procédure de matching"
        if missing is not None:  # "how much", "how many", "when", "who were": that, or no answer
            return self._refuse(query, missing)
        return self._quoted(query, citations)

    def _scored(
        self, question: str, history: tuple[str, ...], about: set[str], links: bool = False
    ) -> tuple[list[tuple[float, Chunk, int, int]], float]:
        """The sentences of the passages retrieved for a question, best first, each with how much of the question's
        words it covers (less a little for each rank down), and the passages' best similarity to the question."""
        programmes = list(self.book.programmes)
        hits = self.passages(question, history, k=self.settings.retrieval.k)
        check_deadline()
        wanted = self._content_groups(question)
        best: list[tuple[float, Chunk, int, int]] = []
        for rank, hit in enumerate(hits):
            for start, end in sentences(hit.chunk):
                if overlaps(self.quarantine[hit.chunk.doc_id], start, end):
                    continue
                text = hit.chunk.text[start - hit.chunk.start : end - hit.chunk.start]
                # (a sentence of an item headed by a programme's name is that programme's: "- CCA … : … 50 % du salaire")
                head = _item_head(self.documents[hit.chunk.doc_id].body, start)
                named = set(mentioned(text, programmes)) or set(mentioned(head, programmes))
                if not named and hit.chunk.doc_id in self.own_programme:
                    named = {self.own_programme[hit.chunk.doc_id]}  # the PA's call text on its deadline: the PA's
                if about and named and not named & about:
                    continue  # the overview's line on another programme does not answer for this one
                # A sentence is read under its section's heading ("Sélection" > "comité ad hoc...").
                # (an address's words are no answer: "…/passerelles-soins-recherche/…" does not cover "passerelles",
                # unless a link is what is asked)
                words = text if links else _URL.sub(" ", text)
                # A word the corpus never uses weighs as much as its rarest: "la capitale de la France"
                # is not covered by any passage. A question with no word beyond a programme's name
                # ("Qu'est-ce que le programme X ?") is covered by any passage on it.
                coverage = _covered(wanted, words, hit.chunk.section)
                best.append((coverage - 0.05 * rank, hit.chunk, start, end))
        best.sort(key=lambda x: -x[0])
        return best, max((h.similarity or 0.0 for h in hits), default=0.0)

    def _counted(
        self, best: list[tuple[float, Chunk, int, int]], query: Query, similarity: float, floor: float
    ) -> tuple[float, Chunk, int, int] | None:
        """For a count ("combien de personnes par promotion ?", "how many posts?"), the best sentence that counts
        what is asked ("une dizaine de participants", "une quarantaine de postes") and says most of the rest of what
        the question counts ("dans le jury" is not said by « une dizaine de participants »), as answering, in the
        programme's own text (or any, for a question that names none); None when there is none, the question is far
        from the texts, or it counts the past. The message's other sentences need not be said ("je veux savoir si ça
        vaut le coup")."""
        counted = _counted_noun(query.read) if query.expects == "count" else None
        if counted is None or similarity < self.settings.answer.min_similarity or _PAST_COUNT.search(fold(query.read)):
            return None
        own = {f.doc_id for f in self.book.files.values() if f.programme in query.programmes}
        # What else the question says of what it counts ("dans le jury", "qui postulent", "par promotion"): the
        # sentence must say most of it (the count and its noun aside).
        rest = _COUNT_FRAME.sub(" ", re.sub(rf"\b(?:{counted})\b", " ", fold(asked_sentences(query.read))))
        wanted = self._content_groups(rest)
        for coverage, chunk, start, end in best:
            if query.programmes and chunk.doc_id not in own:
                continue
            text = chunk.text[start - chunk.start : end - chunk.start]
            if not re.search(rf"\b(?:{_COUNT_WORD})\s+(?:de |d'|of )?(?:[\w-]+ )?(?:{counted})\b", fold(text)):
                continue
            title = self.documents[chunk.doc_id].meta.title  # (read under its document's title and section)
            if _covered(wanted, text, f"{title}\n{chunk.section}") < 0.5:
                continue
            return (max(coverage, self.settings.answer.min_coverage, floor), chunk, start, end)
        return None

    def _spans(
        self, question: str, best: list[tuple[float, Chunk, int, int]], floor: float
    ) -> list[tuple[str, tuple[int, int]]]:
        """What to quote of the best sentences (the first at least ``floor``): the best one or two, each widened to its
        list, or the whole section the question names by its heading."""
        picked = [b for b in best[:2] if b[0] >= max(floor, best[0][0] - 0.15)]
        whole = self._whole_section(question, picked[0][1], picked[0][2])
        if whole is not None:  # "CER : quelles contreparties ?": the section so named, whole, not two sentences
            return [(picked[0][1].doc_id, whole)]
        spans: list[tuple[str, tuple[int, int]]] = []
        for _, chunk, start, end in picked:
            span = _list_span(self.documents[chunk.doc_id].body, start, end)
            # A sentence another quote took along (its list, the sentence after it) is not quoted twice: the two
            # spans are one, in the place of the better.
            same = next(
                (i for i, (d, (s, e)) in enumerate(spans) if d == chunk.doc_id and s < span[1] and span[0] < e), None
            )
            if same is None:
                spans.append((chunk.doc_id, span))
            else:
                d, (s, e) = spans[same]
                spans[same] = (d, (min(s, span[0]), max(e, span[1])))
        return spans

    def _quoted(self, query: Query, citations: list[Citation]) -> Answer:
        """A retrieval answer: the quotes, the edition they come from, and whether their programme is a proposal."""
        lang = query.lang
        lines = [
            f"According to “{c.title}”: « {c.quote} »" if lang == "en" else f"D’après « {c.title} » : « {c.quote} »"
            for c in citations
        ]
        lines = [self._with_editions("\n\n".join(lines), citations, lang)]
        # A passage of a proposal is never shown without saying that nobody can apply to it.
        for f in self.book.files.values():
            if any(c.doc_id == f.doc_id for c in citations) and (notice := proposal_source(f)):
                lines.insert(0, proposal_notice(notice, lang))
                citations = self.citations([notice]) + citations
        return Answer(
            question=query.text,
            answer="\n\n".join(lines),
            status="answered",
            route="retrieval",
            citations=citations,
            lang=lang,
        )

    def _links(self, programmes: tuple[str, ...]) -> list[Citation]:
        """The sentences of these programmes' own documents that give a web address."""
        sources = []
        for doc in self.documents.values():
            if not set(doc.meta.programmes) & set(programmes) or len(doc.meta.programmes) > 1:
                continue
            for chunk in self.retriever.chunks:
                if chunk.doc_id != doc.id:
                    continue
                for start, end in sentences(chunk):
                    quote = doc.body[start:end]
                    if _WEB_ADDRESS.search(quote):
                        sources.append(Source(doc_id=doc.id, rule_id="", quote=quote))
        return self.citations(sources)

    def _whole_section(self, question: str, chunk: Chunk, position: int) -> tuple[int, int] | None:
        """The span of the section a sentence is in, when the question names that section by its heading's words
        ("quelles contreparties ?" and "b. Contreparties") and it is short enough to quote whole."""
        doc = self.documents[chunk.doc_id]
        section = _section_at(doc, position)
        if section is None or not section.path:
            return None
        heading = set(analyze(re.sub(r"^\W*(?:[0-9]+|[a-z]|[ivx]+)\.\s*", "", section.path[-1]))) - self._name_terms
        asked = set(analyze(expand(question, {})))  # "en échange" names the "Contreparties"
        if not heading or not all(_covers({t}, asked) or any(a.startswith(t) for a in asked) for t in heading):
            return None
        body = doc.body[section.start : section.end]
        start = section.start + len(body) - len(body.lstrip())
        end = section.start + len(body.rstrip())
        if end - start > _WHOLE_SECTION_CHARS or overlaps(self.quarantine[doc.id], start, end):
            return None
        return start, end

    def _allowed(self, query: Query, verdicts: tuple[Eligibility, ...]) -> str | None:
        """ "Oui, sous conditions : « … »" for a host asked as an option ("le labo d'accueil peut être un CIC ?") that
        the exception written beside the host condition names, with its conditions; None otherwise (a host no
        exception names is not said to be a no)."""
        question = fold(first_alternative(asked_sentences(query.read)))  # ("dans un CIC ou pas ?": no negation)
        if query.rules is None or query.rules.criterion != "host" or negated(question):
            return None
        if len(query.rules.programmes) != 1 or (m := HOST_MAY_BE.search(question)) is None:
            return None  # ("le PA et le CI, le labo peut être un CIC ?": not one exception for both)
        # The option asked: "un CIC" after "peut être", or the one "is a CIC ok as host?" names.
        said = m.group("option") or m.group("option_first") or m.group("option_asked")  # ("un CIC peut-il être…")
        option = (said or _INSTEAD.split(question[m.end() :])[0]).split("?")[0]
        option = _FOR_WHICH.split(option)[0]  # "un CIC pour le PA": the CIC
        words = [w for w in analyze(option) if w not in _OPTION_FILLER]
        if not words:
            return None
        # (its call-text equivalent: "CIC", « centre d'investigation clinique »)
        added = set(analyze(expand(option, self.retriever.acronyms))) - set(analyze(option))
        for e in verdicts:
            for c in e.criteria:
                if c.kind != "host" or c.note is None:
                    continue
                found = set(analyze(c.note.quote))
                # every word of the option in the exception, or every word of its equivalent: not one of them
                # ("CHU": « centres », not « hospitaliers universitaires »)
                if all(_covers({w}, found) for w in words) or (added and all(_covers({t}, found) for t in added)):
                    return _ALLOWED[query.lang].format(name=self.names.get(e.programme, e.programme), note=c.note.quote)
        return None

    def _listed(self, query: Query, facts: tuple[FactInfo, ...]) -> str | None:
        """ "Oui : …" for a yes or no asked of a list of the call ("faut-il joindre une lettre de motivation ?",
        "does the supervisor count?") when one item of it holds every word of what is asked; None otherwise (an
        item missing from a list is not said to be a no)."""
        kind = {"documents": "document", "selection": "selection"}.get(query.rules.kind if query.rules else "")
        if kind is None or query.expects != "yes_no":
            return None
        # What is asked is in the question itself, not in the situation told before it ("Ma directrice est en
        # mission. Sa lettre fait-elle partie des pièces ?"), nor in a question that asks which or how ("comment se
        # passe la sélection ? y a un oral ?": the oral). "y a-t-il un oral, ou c'est seulement sur dossier ?": the oral.
        question = " ".join(
            q for q in question_sentences(first_alternative(asked_sentences(query.read))) if not _WHICH.search(fold(q))
        )
        if not question or negated(fold(question)):
            return None  # "il faut envoyer quels documents ?" asks which, not whether
        # "par contre je ne sais pas s'il faut joindre une lettre…": the letter
        question = _ASIDE.sub(" ", UNSURE.sub(" ", fold(question)))
        generic = _LIST_WORDS[kind]
        wanted = [(own, extra) for own, extra in self._phrases(question) if not (own | extra) & generic]
        dropped = [w for w in re.findall(r"[a-z]{4,}", fold(question)) if not analyze(w) and w not in _FUNCTION_WORDS]
        if not wanted:
            return None
        for fact in facts:
            if fact.kind != kind:
                continue
            for source in fact.sources:
                for item in _ITEM.split(source.quote):
                    found = set(analyze(item)) | set(analyze(expand(item, {})))
                    held = fold(item)
                    if (
                        item.strip()
                        and all(_phrase_covered(own, extra, found) for own, extra in wanted)
                        and all(w in held for w in dropped)
                    ):
                        # one of a list of criteria, or a step the text provides for ("une audition")
                        listed = kind if kind == "document" or _CRITERIA_LISTED.search(source.quote) else "step"
                        return _LISTED[listed][query.lang].format(item=item.strip(" -•;.:\n"))
        return None

    def _answers(self, coverage: float, similarity: float) -> bool:
        """Whether the passages answer the question: by its words, or by meaning with some of its words."""
        a = self.settings.answer
        return coverage >= a.min_coverage or (similarity >= a.min_similarity and coverage >= a.min_coverage_similar)

    def _phrases(self, query: str) -> list[tuple[set[str], set[str]]]:
        """The question's words and phrases (programme names left out: they say where, not what), each as its own
        terms and those of its call-text equivalents."""
        found: list[tuple[set[str], set[str]]] = []
        for surface, extra in groups(query, self.retriever.acronyms, question_words=False):
            own = set(analyze(surface)) - self._name_terms
            if own and fold_accents(surface.lower()) not in QUESTION_TERMS:
                found.append((own, set(analyze(extra))))
        return found

    def _content_groups(self, query: str) -> list[tuple[set[str], float]]:
        """The question's words and phrases, each with the terms that cover it (its own and those of its call-text
        equivalents) and its weight: the rarity of the rarest of those terms the corpus uses, or the rarest weight
        of all when the corpus uses none."""
        wanted: list[tuple[set[str], float]] = []
        for own, extra in self._phrases(query):
            terms = own | extra
            known = [self._idf[t] for t in terms if t in self._idf]
            wanted.append((terms, max(known) if known else self._max_idf))
        return wanted

    def _refuse(
        self, query: Query, reason: RefusalReason, known: str = "", known_citations: Sequence[Citation] = ()
    ) -> Answer:
        """A refusal that says why in one line, and whom to write to when the question's programme has a contact;
        ``known`` is what the texts do say around it (the day of a deadline whose hour they do not give)."""
        editions = query.refusal.editions if query.refusal is not None else ()
        names: tuple[str, ...] = ()
        if reason == "outside" and not speaks_of_self(fold(query.read)):
            # "la date limite de l'ANR": the body or call asked about, named (not "je suis DR2": one's grade)
            named = strangers(query.read, list(self.book.programmes), self.acronyms)
            # ("la Fondation ARC": the body, not its acronym again)
            names = tuple(sorted(n for n in named if not any(n != m and n in m for m in named)))
        text = refusal_reason(reason, query.lang, editions, names)
        contacts = [
            (f.doc_id, c) for f in self.book.files.values() for c in f.contacts if f.programme in query.programmes
        ]
        citations: list[Citation] = list(known_citations)
        if contacts:
            doc_id, contact = contacts[0]
            citations += [
                c
                for c in self.citations([Source(doc_id=doc_id, rule_id=contact.id, quote=contact.quotes[0])])
                if c not in citations
            ]
            text += (
                f" You can ask {contact.email}." if query.lang == "en" else f" Vous pouvez écrire à {contact.email}."
            )
        elif reason != "person" and (
            presented := self._presentation(query.programmes, "amount" in (reason, query.expects))
        ):
            # A programme with no call text of its own (the CCA Inserm-Bettencourt): what its presentation says.
            citations += self.citations(presented)
            text += " " + self._only_says(presented, query.lang)  # (not with "no names": it would not help)
        if known:
            text = f"{text}\n\n{known}"
        # A refusal about a proposal says what it is: nobody can apply to it.
        for f in self.book.files.values():
            if f.programme in query.programmes and (notice := proposal_source(f)):
                text = f"{text}\n\n{proposal_notice(notice, query.lang)}"
                citations = [*citations, *self.citations([notice])]
        return Answer(
            question=query.text, answer=text, status="refused", route="none", citations=citations, lang=query.lang
        )

    def passage(self, citation: Citation) -> Passage:
        """The citation's quote inside its section (the quote is verbatim in its document: checked when cited)."""
        doc = self.documents[citation.doc_id]
        body = _masked(doc.body, self.quarantine[doc.id])
        start = doc.body.find(citation.quote)
        end = start + len(citation.quote)
        section = _section_at(doc, start)
        section_start, section_end = (section.start, section.end) if section else (0, len(doc.body))
        before = body[max(section_start, start - PASSAGE_CONTEXT) : start]
        if section_start < start - PASSAGE_CONTEXT:  # begin at a paragraph, not mid-sentence
            before = "… " + before[before.find("\n") + 1 :] if "\n" in before else "… " + before
        after = body[end : min(section_end, end + PASSAGE_CONTEXT)]
        if end + PASSAGE_CONTEXT < section_end:
            after = (after[: after.rfind("\n")] if "\n" in after else after) + " …"
        return Passage(
            doc_id=doc.id,
            title=doc.meta.title,
            edition=doc.meta.edition,
            section=citation.section,
            url=doc.meta.url,
            before=before.replace("\0", "").lstrip("\n"),
            quote=citation.quote,
            after=after.replace("\0", "").rstrip(),
        )

    def citations(self, sources: list[Source]) -> list[Citation]:
        """Citations for sources whose quote is verbatim in their document; the others are dropped."""
        citations: list[Citation] = []
        for source in sources:
            doc = self.documents.get(source.doc_id)
            at = doc.body.find(source.quote) if doc is not None and source.quote else -1
            if doc is None or at < 0 or overlaps(self.quarantine[doc.id], at, at + len(source.quote)):
                continue
            citation = Citation(
                doc_id=doc.id,
                title=doc.meta.title,
                section=_section(doc, source.quote),
                quote=source.quote,
                url=doc.meta.url,
            )
            if citation not in citations:
                citations.append(citation)
        return citations


# Whether a programme is a call at all: official, Inserm's, in place, open to applications.
# ("adopté officiellement par le ministère ?" asks another body's decision, which the texts do not give.)
_A_CALL = re.compile(
    r"\b(?:c'est|est-ce|is it|is this|is the \w+)\s+(?:\w+\s+)?(?:un|une|an|a)\s+(?:vrai |real |official )?(?:inserm )?"
    r"(?:appel|call|programme|program|dispositif|scheme)\b(?! de (?!l'inserm)| d'(?!inserm)| (?:a|aux|to|pour|for)\b)"
)
_STANDING = re.compile(
    _A_CALL.pattern
    + r"|\b(?:est-il|est-elle|is it|is the \w+)\s+(?:deja |already )?(?:en place|in place|up and running|operationnel|operational)\b"
    r"|\b(?:deja|already) (?:en place|in place|up and running)\b"
    # who is behind it, which its notice says: "who is behind it?", "qui porte cette proposition ?"
    r"|\bwho(?:'s| is| are)? (?:behind|the authors? of)\b|\bwho (?:proposed|wrote|drafted|came up with) (?:it|this|that"
    r"|the (?:proposal|cer|scheme|idea|text))\b(?! letter)"
    r"|\bqui (?:est|sont) (?:derriere|a l'origine|l'auteur|les auteurs)\b|\bqui (?:porte|propose|a propose|a redige"
    r"|a ecrit) (?:ce |cette |le |la |ca\b)(?:projet|proposition|dispositif|contrat|cer|texte|idee)?"
    r"|\bde qui (?:vient|emane)\b|\bqui en est (?:a l'origine|l'auteur)\b"
)
# "C'est un appel (Inserm, officiel, ouvert) ?", nothing more of it asked ("c'est un programme financé ?" asks its
# pay, "un dispositif national ?" its jury): a no, the proposal being none.
_CALL_ASKED = re.compile(
    r"\b(?:c'est|est-ce|is it|is this|is the \w+)\s+(?:\w+\s+)?(?:un|une|an|a)\s+(?:vrai |real |official )?"
    r"(?:(?:inserm )?(?:appel|call)\b(?:\s+(?:inserm|de l'inserm|officiel(?:le)?|ouverte?|open|official|real|actuel))*"
    r"|inserm (?:programme|program|dispositif|scheme)|(?:programme|program|dispositif|scheme)\s+(?:inserm|de l'inserm"
    r"|officiel(?:le)?|official))"
    r"\s*(?:\?|$|(?:comme|like|au meme titre que|similar to|the same as)\b(?![^?]*\b(?:ou|or)\b))"
)
# The measure a standing is asked against ("un appel comme les postes d'accueil ?", "a call like the others?").
_LIKE_CALL = re.compile(r"\b(?:comme|like|au meme titre que|similar to|the same as)\b")
_WHEN = re.compile(r"\bquand\b|\bwhen\b|\bquelle date\b|\ben quelle annee\b|\bwhich year\b|\bd'ici\b")
_PROPOSAL_TEXT = ("event", "calendar", "contact")
_APPLYING = ("deadline", "opening", "how_to_apply", "eligibility", "suggest", "contact", "event", "calendar")
_NUMBER_IN_TEXT = re.compile(  # (a year is no count: "how many in 2024?" is not answered by "les choix de 2024")
    # (nor is a day of a date, "le 20 janvier", nor a number inside an address)
    r"(?<![\w/.-])(?!(?:19|20)\d\d(?!\d))\d+(?!\d)(?![/.-]\d)(?!(?:er)?\s+(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet"
    r"|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|january|february|march|april|may|june|july|august|september"
    r"|october|november|december)\b)|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|cent|dizaine|douzaine|quinzaine"
    r"|vingtaine|trentaine|quarantaine|cinquantaine|centaine|two|three|four|five|seven|eight|nine|ten|dozen|hundred)\b",
    re.IGNORECASE,
)
_AMOUNT_IN_TEXT = re.compile(r"\d[\d\s.,]*\s*(?:€|euros?\b|k€)", re.IGNORECASE)
# A pay set by reference to a scale ("une rémunération à hauteur du CESP") answers "c'est combien ?", not a figure
# asked as such ("combien en euros par mois ?").
_PAY_LEVEL_IN_TEXT = re.compile(
    r"\b(?:r[ée]mun[ée]ration|salaire|financement) [àa] hauteur d(?:u|e|es)\b", re.IGNORECASE
)
_FIGURE_ASKED = re.compile(
    r"euro|€|\bpar mois\b|\bper (?:month|year)\b|\ba (?:month|year)\b|\bmonthly\b|\bmensuel|\bpar an\b|\bbrut\b|\bnet\b"
    r"|\bgross\b|\bexact|\bconcretement\b|\bchiffre|\bfigure\b|\bannuel|\bannual|\byearly\b|\bhourly\b"
)
_MONTH_NAMES = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre"
    r"|january|february|march|april|may|june|july|august|september|october|november|december"
)
_DATE_IN_TEXT = re.compile(rf"\b(?:{_MONTH_NAMES})\b|\b\d{{1,2}}/\d{{1,2}}\b|\b20\d\d\b", re.IGNORECASE)
# A person's name: "Jeanne DUPONT", "Pr Martin", "Mme Durand" (the texts name no laureates, no office holders).
_NAME_IN_TEXT = re.compile(r"\b[A-Z][a-zé]+ [A-Z]{2,}\b|\b(?:M\.|Mme|Dr|Pr) [A-Z][a-z]+")
_WEB_ADDRESS = re.compile(r"https?://|\bwww\.")
_URL = re.compile(r"(?:https?://|\bwww\.)\S+")
_EXPECTED_IN_TEXT: dict[str, tuple[re.Pattern[str], RefusalReason]] = {
    "amount": (_AMOUNT_IN_TEXT, "amount"),
    "count": (_NUMBER_IN_TEXT, "count"),
    "date": (_DATE_IN_TEXT, "date"),
    "person": (_NAME_IN_TEXT, "person"),
    "link": (_WEB_ADDRESS, "link"),
    "renewal": (re.compile(r"renouvel|prolong|reconduct|renew|extend|extension", re.IGNORECASE), "renewal"),
    "share": (re.compile(r"\d\s*%|pour ?cent|percent|moitié|\bhalf\b|\btiers\b|\bquart\b", re.IGNORECASE), "share"),
}


# A moment a proposal gives instead of a date: « avant la procédure de matching », « en fin de DFASM3 ».
_RELATIVE_MOMENT = re.compile(
    r"\b(?:avant|après|apres|lors de|au moment de|en fin de|à la fin de|au début de|au cours de|durant|pendant"
    r"|au retour)\b",
    re.IGNORECASE,
)


# A number of a unit a count may not ask of ("17 heures", "deux ans"): no count of posts or people, unless the
# question asks that unit ("combien de jours de formation ?": « 15 jours »). (unit words, what a question says of it)
_UNITS = (
    (r"h\b|h\d|heures?|hours?", r"\bheures?\b|\bhours?\b"),
    (r"ans?\b|ann[ée]es?|years?", r"\bans?\b|\bannees?\b|\byears?\b"),
    (r"mois|months?", r"\bmois\b|\bmonths?\b"),
    (r"jours?|days?", r"\bjours?\b|\bdays?\b"),
    (r"semaines?|weeks?", r"\bsemaines?\b|\bweeks?\b"),
    (r"%|pour ?cent|percent", r"%|\bpour ?cent|\bpercent|\bpourcentage|\bpercentage"),
)
_NUMBER_WORD = r"\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|two|three|four|five|ten"


# What a count asks to count, and the words the texts count it with: "combien de personnes" is answered by « une
# dizaine de participants », "how many posts" by « une quarantaine de postes ».
_COUNTED_GROUPS = (
    r"personnes?|participants?|candidats?|candidates?|laureats?|laureates?|agents?|people|persons?|medecins?|doctors?"
    r"|beneficiaires?|beneficiaries",
    r"places?|postes?|posts?|positions?|contrats?|contracts?|spots?|slots?",
)
_COUNT_ASKED = re.compile(r"\b(?:combien|how many|nombre|number)\b(?: de| d'| of)?\s*(?P<words>[\w-]+(?: [\w-]+)?)")
_COUNT_WORD = (
    r"\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|dizaine|douzaine|vingtaine"
    r"|trentaine|quarantaine|cinquantaine|centaine|(?:une |a |about |around |some )?(?:dozen|ten|twenty|forty|fifty)"
)


# The words of counting and of being taken ("combien de", "on est combien à être pris", "en général"): no subject.
_COUNT_FRAME = re.compile(
    rf"{PEOPLE_COUNTED.pattern}|\b(?:combien|how many|nombre|number)\b(?: de| d'| of)?"
    r"|\b(?:etre |sont |est |get |are |is |be )?(?:retenue?s?|prise?s?|pris|selectionnee?s?|admise?s?|acceptee?s?"
    r"|selected|taken|admitted|accepted|chosen)\b"
    # (and of posts offered: "combien de postes l'Inserm finance-t-il ?", "how many posts are open?")
    r"|\b(?:finance\w*|funded|funds?|offerte?s?|offre|offers?|offered|propose\w*|ouverte?s?|ouvre|open(?:ed)?"
    r"|disponibles?|available)\b"
    r"|\b(?:en general|en moyenne|environ|a peu pres|en tout|au total|par an|chaque annee|generalement|usually|typically"
    r"|roughly|about|around|in total|per year|each year|on average)\b"
)
# A count of the past ("combien ont été retenus l'an dernier ?"): no text counts it, whatever a call's size.
_PAST_COUNT = re.compile(
    r"\b(?:ont ete|a ete|were|was|have been|had been|l'an dernier|l'annee derniere|last year|les annees precedentes"
    r"|previous (?:years?|rounds?|calls?|cohorts?)|past (?:years?|rounds?|calls?|cohorts?)|jusqu'ici|so far)\b"
)


def _counted_noun(question: str) -> str | None:
    """The words the texts may count what a count question asks with (its noun's group), or None."""
    if PEOPLE_COUNTED.search(fold(question)):
        return _COUNTED_GROUPS[0]
    for m in _COUNT_ASKED.finditer(fold(question)):
        for group in _COUNTED_GROUPS:  # ("combien de postes", "how many open positions")
            if any(re.fullmatch(group, word) for word in m.group("words").split()):
                return group
    return None


def _without_units(quotes: str, question: str) -> str:
    """The quotes without the numbers of units the question does not count ("combien de jours ?" counts days; "combien
    de places cette année ?" does not count years), nor ordinals ("2ème quinzaine")."""
    asked = fold(question)
    quotes = re.sub(r"\b\d+\s*(?:er|ère|ere|ème|eme|e|nd|nde)\b(?:\s+\w+)?", " ", quotes, flags=re.IGNORECASE)
    for unit, said in _UNITS:
        if not re.search(rf"\b(?:combien|how many|how much|nombre|number)\b[^?]{{0,25}}(?:{said})", asked):
            number = rf"(?:{_NUMBER_WORD})(?:\s*(?:à|a|-|to|ou|or|et|and)\s*(?:{_NUMBER_WORD}))?"  # "3 à 5 ans"
            quotes = re.sub(rf"\b{number}\s*(?:{unit})(?!\w)", " ", quotes, flags=re.IGNORECASE)
    return quotes


def _missing(expects: str, quotes: str, question: str = "") -> RefusalReason | None:
    """Why quotes do not answer a question expecting a date, an amount, a count, names or a link (None: they do)."""
    if expects == "amount" and _PAY_LEVEL_IN_TEXT.search(quotes) and not _FIGURE_ASKED.search(fold(question)):
        return None
    if expects == "count":
        quotes = _without_units(quotes, question)  # "combien de postes ?" is not answered by "2 ans", "17 heures"
    check = _EXPECTED_IN_TEXT.get(expects)
    return check[1] if check is not None and not check[0].search(quotes) else None


_SCOPE_FR = (
    "portent sur les programmes passerelles de l’Inserm (postes d’accueil, CCA Inserm-Bettencourt, contrats "
    "d’interface, Hauts potentiels, proposition de contrat engagement recherche)"
)
_SCOPE_EN = (
    "are about Inserm’s care–research programmes (postes d’accueil, CCA Inserm-Bettencourt, contrats d’interface, "
    "Hauts potentiels, the contrat engagement recherche proposal)"
)
_OUTSIDE_FR = f"Les textes dont je dispose {_SCOPE_FR} : ils ne traitent pas de cette question."
_OUTSIDE_EN = f"The texts I have {_SCOPE_EN}: they do not cover this question."
_REASONS: dict[str, tuple[str, str]] = {
    "passages": (
        "Les textes des appels dont je dispose ne répondent pas à cette question : je ne peux pas y répondre.",
        "The call texts I know do not answer this question, so I cannot answer it.",
    ),
    "outside": (_OUTSIDE_FR, _OUTSIDE_EN),
    "amount": ("Les textes des appels ne donnent pas ce montant.", "The call texts do not give this amount."),
    "count": ("Les textes des appels ne donnent pas ce nombre.", "The call texts do not give this number."),
    "date": ("Les textes des appels ne donnent pas cette date.", "The call texts do not give this date."),
    "hour": (
        "Le texte de l’appel ne donne pas d’heure limite, seulement le jour.",
        "The call text gives no closing hour, only the day.",
    ),
    "person": (
        "Les textes des appels ne donnent pas de noms de personnes (lauréats, responsables).",
        "The call texts give no names of people (laureates, office holders).",
    ),
    "link": ("Les textes des appels ne donnent pas ce lien.", "The call texts do not give this link."),
    "contact": (
        "Les textes ne donnent aucun contact pour cette proposition.",
        "The texts give no contact for this proposal.",
    ),
    "renewal": (
        "Les textes des appels ne disent pas si ce contrat peut être renouvelé ou prolongé.",
        "The call texts do not say whether this contract can be renewed or extended.",
    ),
    "share": ("Les textes des appels ne donnent pas cette part.", "The call texts do not give this share."),
    "day": (
        "Les textes des appels ne donnent pas le jour exact, seulement la période.",
        "The call texts give no exact day, only the period.",
    ),
}
# A day asked for exactly: "la date exacte de mon audition", "quel jour précisément", "the exact date".
_EXACT_DAY = re.compile(
    r"\b(?:dates?|jours?) (?:exacte?s?|precise?s?)\b|\bquel(?:le)? (?:jour|date) (?:exactement|precisement)\b"
    r"|\bquel jour\b(?! de la semaine)|\b(?:which|what) day\b(?! of the week)"
    r"|\bexact (?:dates?|days?)\b|\b(?:which|what) (?:exact |precise )(?:day|date)\b|\b(?:what|which) (?:day|date) exactly\b"
)
# A day of a month in a step's text ("entre le 1er novembre et le 15 décembre"): the days are given.
_DAY_OF_MONTH = re.compile(
    r"\b\d{1,2}(?:er)? (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b"
)


# A section named by the question is quoted whole up to this length (the CER's "Contreparties": 3 paragraphs).
_WHOLE_SECTION_CHARS = 1200


# The words of asking about a list of documents or of selection criteria, not of what is asked about.
_LIST_WORDS = {
    kind: frozenset(analyze(words))
    for kind, words in {
        "document": "dossier dossiers candidature candidatures joindre fournir faut falloir pièce pièces document "
        "documents postuler candidater inclure envoyer mettre obligatoire obligatoires nécessaire exigé exigée demander "
        "demandé include included need needed required requires application file send submit attach provide "
        "mandatory necessary ask asked part partie fait font pieces exigees write written écrire rédiger rédigé "
        "demandée demandés demandées requise requis attendu attendue attendus expected expect "
        "prepare préparer",
        "selection": "sélection sélectionner critère critères compter compte comptent jouer joue important prendre "
        "pris jury comité évaluer évalué évalués juger jugé regarder regardent selection criteria criterion count "
        "counts matter matters assess assessed considered consider look looked taken account weigh part partie "
        "étape stage step phase round épreuve prévu prévue there",
    }.items()
}
# Words that link a question to what came before, and ask nothing: "par contre", "sinon", "by the way".
_ASIDE = re.compile(r"\b(?:par contre|cependant|par ailleurs|sinon|d'ailleurs|by the way|also|however|otherwise)\b")
# One item of a list quoted: a line, a bullet, or a clause between semicolons.
_ITEM = re.compile(r"\n+|;|\s-\s")
# Words of four letters or more the analyser drops that say nothing of what is asked ("pour", "does"); another it
# drops ("these", the folded "thèse") must be in the item.
_FUNCTION_WORDS = frozenset(
    [
        "pour",
        "dans",
        "avec",
        "sans",
        "sont",
        "etre",
        "avoir",
        "elle",
        "elles",
        "nous",
        "vous",
        "leur",
        "leurs",
        "this",
        "that",
        "with",
        "from",
        "have",
        "does",
        "will",
        "should",
        "must",
        "shall",
        "would",
        "could",
        "their",
        "there",
        "what",
        "which",
        "were",
        "been",
        "about",
        "into",
        "your",
        "mais",
        "plus",
        "tres",
        "aussi",
        "donc",
        "alors",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "cette",
        "ceux",
        "celle",
        "faut",
        "peut",
        "doit",
        "puis",
        "when",
        "where",
        "they",
        "them",
        "then",
        "than",
        "also",
        "more",
        "most",
        "some",
        "such",
        "only",
        "just",
    ]
)
_ALLOWED = {"fr": "Oui, sous conditions ({name}) : « {note} »", "en": "Yes, on conditions ({name}): « {note} »"}
# A list of criteria ("La sélection des candidats est fondée sur les critères suivants"), unlike a jury's members.
_CRITERIA_LISTED = re.compile(r"\bcrit[eè]res?\b|\bitems suivants\b|\bsélectionnés pour\b", re.IGNORECASE)
# What an option is asked for, after the option: "un CIC pour le PA", "a CIC for the host positions".
_FOR_WHICH = re.compile(r"\b(?:for|pour|au|aux|with|avec|since|depuis|if|si|s')\b")
# Words of an option asked that name nothing ("un", "a", "classique").
_OPTION_FILLER = frozenset(analyze("un une a an the le la les des de du d classique classic simple aussi also bien"))


# What the option is asked instead of: "un CIC au lieu d'une unité Inserm classique".
_INSTEAD = re.compile(r"\b(?:au lieu|plutot que|plutot qu'|instead of|rather than|and not|et non|ou bien)\b")
_LISTED = {
    "document": {"fr": "Oui, le texte le demande : « {item} ».", "en": "Yes, the text asks for it: « {item} »."},
    "selection": {
        "fr": "Oui, c’est l’un des critères : « {item} ».",
        "en": "Yes, it is one of the criteria: « {item} ».",
    },
    "step": {"fr": "Oui, le texte le prévoit : « {item} ».", "en": "Yes, the text provides for it: « {item} »."},
}


def _not_everyone(query: Query, asked: str, facts: tuple[FactInfo, ...]) -> str | None:
    """ "Non : une présélection sur dossier vient d'abord : « … »" for a step asked of every applicant ("tout le
    monde passe une audition ?"), when one programme's selection text says a preselection comes first."""
    if query.expects != "yes_no" or not EVERYONE_STEP.search(asked) or negated(first_alternative(asked)):
        return None
    quotes = {s.quote for f in facts if f.kind == "selection" for s in f.sources if "présélection" in s.quote}
    if len(quotes) != 1 or len({f.programme for f in facts if f.kind == "selection"}) != 1:
        return None
    if query.lang == "en":
        return f"No: a preselection on the file comes first: « {quotes.pop()} »."
    return f"Non : une présélection sur dossier vient d’abord : « {quotes.pop()} »."


def _length_checked(query: Query, durations: tuple[DurationInfo, ...]) -> str | None:
    """ "Oui : 5 ans." or "Non : 3 ans." for a length a question states to be checked ("le CI c'est 5 ans pour moi
    ?"), when every length the rules give for the question's profile says the same; None otherwise."""
    stated = stated_length(fold(query.read)) if query.rules is not None and query.rules.kind == "duration" else None
    # (the negation of the question, not of its circumstance: "… to 4 years if the PhD isn't finished?")
    if stated is None or not durations or negated(_IF_CLAUSE.sub(" ", fold(asked_sentences(query.read)))):
        return None
    number, unit = stated
    if any(d.up_to_years for d in durations):
        return None  # "renouvelable jusqu'à 4 ans au total": a length beyond the first may be one renewed to
    given = [d.years if unit == "years" else d.months for d in durations]
    if all(number in g for g in given):
        held = True
    elif not any(number in g for g in given) and len(set(given)) == 1 and all(given):
        held = False  # the lengths, another: "non, 3 ans", "un PA peut durer 4 ans ?" "non, 2 ou 3 ans"
    else:
        return None
    values = sorted({v for g in given for v in g})  # "Oui : 2 ou 3 ans." when 3 is one of the lengths
    if query.lang == "en":
        unit_word = ("years" if unit == "years" else "months") if values != [1] else unit[:-1]
        return f"{'Yes' if held else 'No'}: {' or '.join(map(str, values))} {unit_word}."
    unit_word = ("ans" if values != [1] else "an") if unit == "years" else "mois"
    return f"{'Oui' if held else 'Non'} : {' ou '.join(map(str, values))} {unit_word}."


_PAGES = re.compile(r"\bpages?\b")
_IF_CLAUSE = re.compile(r"\b(?:si|s'il|s'ils|if|en cas de|in case|unless|sauf si)\b[^?,.;]*")
_WHICH = re.compile(r"\b(?:quel|quels|quelle|quelles|quoi|what|which|combien|how|comment|qui|who|lesquel\w*)\b")
_RENEWAL = re.compile(
    r"\b(?:renouvel\w*|prolong\w*|reconduct\w*|reconduit\w*|renew\w*|extend\w*|extension|extensible)\b"
)
# A renewal asked with a length, a count, a manner or a condition the text does not settle by "renouvelable".
_RENEWAL_BEYOND = re.compile(
    r"\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|two|three|four|five|seven|eight|nine|ten"
    r"|fois|times|twice|once|au-dela|beyond|plus de|more than|over|jusqu'a|up to|until|automatique\w*|automatic\w*"
    r"|de droit|d'office|by right|si|s'il|if|en cas|in case|sauf|unless|apres|after|avant|before|pendant|during"
    r"|condition\w*|garanti\w*|guarantee\w*|toujours|always)\b"
)


def _renewal_checked(query: Query, asked: str, durations: tuple[DurationInfo, ...]) -> str | None:
    """ "Oui : renouvelable, jusqu'à 4 ans au total." for a yes or no on renewing ("c'est renouvelable ?", "can it
    be extended?"), when each length of the one programme asked says a total it may be renewed up to; None
    otherwise (a text silent on renewal is no "non", and a length asked, "au-delà de 4 ans ?", is checked as one)."""
    if (
        query.expects not in ("yes_no", "renewal")
        or not _RENEWAL.search(asked)
        or negated(asked)
        or _WHICH.search(asked)
    ):
        return None
    if re.search(r"\d", asked) or _RENEWAL_BEYOND.search(asked):
        return None  # ("au-delà de quatre ans ?", "automatiquement ?", "en cas de congé ?": not what the text says)
    if not durations or len({d.programme for d in durations}) != 1:
        return None
    totals = sorted({d.up_to_years for d in durations if d.up_to_years is not None})
    if len(totals) != 1 or any(d.up_to_years is None for d in durations):
        return None
    if query.lang == "en":
        return f"Yes: renewable, up to {totals[0]} years in all."
    return f"Oui : renouvelable, jusqu’à {totals[0]} ans au total."


_PAID = {
    True: {"fr": "Oui : « {clause} ».", "en": "Yes: « {clause} »."},
    False: {"fr": "Non : « {clause} ».", "en": "No: « {clause} »."},
}


_OTHER_FUNDING = {
    "combine": {
        True: ("Oui : « {clause} ».", "Yes: « {clause} »."),
        False: ("Non : « {clause} ».", "No: « {clause} »."),
    },
    "join": {
        True: ("Oui, sans sa rémunération : « {clause} ».", "Yes, without its pay: « {clause} »."),
        False: ("Non : « {clause} ».", "No: « {clause} »."),
    },
}


def _other_funding(query: Query, facts: tuple[FactInfo, ...]) -> str | None:
    """ "Non : « non cumulable avec un autre financement »" or "Oui, sans sa rémunération : « … inclus … »" for a yes
    or no on funding held elsewhere ("je peux cumuler avec ma bourse ENS ?", "déjà financé, je peux entrer dans le
    CER ?"), from one programme's funding fact that says it; None otherwise."""
    asked = query.other_funding
    funding = [f for f in facts if f.kind == "funding"]
    if asked is None or query.expects not in ("yes_no", "text") or len({f.programme for f in funding}) != 1:
        return None
    for f in funding:
        said = f.other_funding
        settled = (said.combinable if asked == "combine" else said.holder_included) if said is not None else None
        if said is not None and settled is not None:
            fr, en = _OTHER_FUNDING[asked][settled]
            return (en if query.lang == "en" else fr).format(clause=said.clause)
    return None


def _paid(query: Query, facts: tuple[FactInfo, ...]) -> str | None:
    """ "Oui : …" or "Non : …" for a yes or no on who pays whom ("c'est l'Inserm qui me paie ?", "is the hospital
    compensated?"), from one programme's funding facts: yes when one says that payment, no only when one names
    another as the payee's only payer; None otherwise (a payment the texts do not mention is not said to be a no)."""
    asked = query.payment
    funding = [f for f in facts if f.kind == "funding"]
    if asked is None or query.expects not in ("yes_no", "text") or len({f.programme for f in funding}) != 1:
        return None
    if asked.negative:  # "il n'est pas payé par l'Inserm ?" is answered "si", not "oui"
        return None
    payments = [p for f in funding for p in f.payments if p.payee == asked.payee]
    # (the programme asked to pay: a payment of the contract's own, or Inserm's)
    payers = (None, "inserm") if asked.by_programme else (asked.payer,)
    said = next((p for p in payments if asked.payer is None and not asked.by_programme or p.payer in payers), None)
    if said is not None:
        return None if asked.how_much else _PAID[True][query.lang].format(clause=said.clause)
    other = next((p for p in payments if p.sole and (asked.payer is not None or asked.by_programme)), None)
    return _PAID[False][query.lang].format(clause=other.clause) if other is not None else None


def _item_head(body: str, position: int) -> str:
    """The head of the list item a position is in, up to its colon ("- CCA Inserm-Bettencourt : …"), or ""."""
    line = body.rfind("\n", 0, position) + 1
    colon = body.find(":", line, position)
    return body[line:colon] if body.startswith(("- ", "* "), line) and colon >= 0 else ""


def _holding_first(
    best: list[tuple[float, Chunk, int, int]], query: Query, floor: float
) -> list[tuple[float, Chunk, int, int]]:
    """The best sentences, those that hold what the question expects (an amount, a date, a link) first among the
    nearly as good (and at least ``floor``): "CER : c'est payé combien ?" is answered by the sentence with the level
    of pay, not by the first sentence of the passage on the CER."""
    if query.expects not in _EXPECTED_IN_TEXT:
        return best
    band = max(best[0][0] - 0.15, floor)
    holding = [
        b
        for b in best
        if b[0] >= band
        and _missing(query.expects, b[1].text[b[2] - b[1].start : b[3] - b[1].start], query.text) is None
    ]
    return holding + [b for b in best if b not in holding]


def _required_host(query: Query, asked: str, verdicts: tuple[Eligibility, ...]) -> str | None:
    """ "Oui, le texte l'exige : « … »" (with the exception written beside it) for the host condition asked as a
    requirement ("le labo doit forcément être Inserm ?") of one programme, ``asked`` its folded question sentences;
    None otherwise."""
    if query.rules is None or query.rules.criterion != "host" or len(verdicts) != 1 or negated(asked):
        return None
    any_host = HOST_ANY.search(asked) is not None  # "n'importe quel labo ?": no, the one the text names
    if not HOST_REQUIRED.search(asked) and not any_host:
        return None
    host = next((c for c in verdicts[0].criteria if c.kind == "host" and c.sources), None)
    if host is None:
        return None
    said = " ".join(quote(s) for s in host.sources)
    if host.note is not None:
        said += f"; except: {quote(host.note)}" if query.lang == "en" else f" ; sauf : {quote(host.note)}"
    if any_host:
        return f"No, the text requires: {said}" if query.lang == "en" else f"Non, le texte exige : {said}"
    return f"Yes, the text requires it: {said}" if query.lang == "en" else f"Oui, le texte l’exige : {said}"


def _window_first(query: Query, verdicts: tuple[Eligibility, ...]) -> str | None:
    """ "No: the call is closed." before a verdict asked as "can I still apply?" of one call not open: the yes of a
    profile that fits is no yes to applying today."""
    if len(verdicts) != 1 or (d := verdicts[0].deadline) is None or d.state is State.OPEN:
        return None
    folded = fold(query.read)
    if not STILL_OR_YET.search(folded) or polarity(folded, "deadline") != "open":
        return None
    return polar_lead("open", (d,), query.lang)


def _phrase_covered(own: set[str], extra: set[str], found: set[str]) -> bool:
    """Whether a sentence holds a question's word (any of its terms or its equivalents'), or all of a phrase, in
    the question's words or in its equivalent's ("support letter": « lettre d'appui », not any « lettre »)."""
    if len(own) == 1:
        return _covers(own | extra, found)
    return all(_covers({t}, found) for t in own) or bool(extra) and all(_covers({t}, found) for t in extra)


def _covered(wanted: list[tuple[set[str], float]], text: str, heading: str) -> float:
    """The share of a question's weighted words and phrases (``wanted``) a sentence holds, read under its heading
    (with the words of their call-text equivalents); 1.0 when the question has none."""
    found = set(analyze(f"{heading}\n{text}")) | set(analyze(expand(text, {})))
    total = sum(weight for _, weight in wanted)
    return sum(weight for terms, weight in wanted if _covers(terms, found)) / total if total else 1.0


def _covers(terms: set[str], found: set[str]) -> bool:
    """Whether a sentence's terms cover a question's: the same stem, or, for a short stem, a longer form of it
    ("them" for "thématiques", "labo" for "laboratoire": the stemmer cuts them differently). A long stem is a word
    of its own: "benefic" (bénéfices) is not "beneficiair" (bénéficiaire)."""
    return bool(terms & found) or any(f.startswith(t) for t in terms if 4 <= len(t) <= 5 for f in found)


def refusal_reason(
    reason: RefusalReason, lang: Literal["fr", "en"], editions: tuple[str, ...] = (), names: tuple[str, ...] = ()
) -> str:
    """The one line that says why the texts cannot answer; ``names``: the bodies or calls asked about that no text
    covers ("ATIP-Avenir", "FRM"), said by name."""
    if reason == "outside" and names:
        listed = ", ".join(f"« {n} »" for n in names)
        if lang == "en":
            return f"The texts I have do not cover {listed}: they {_SCOPE_EN}."
        return f"Les textes dont je dispose ne traitent pas de {listed} : ils {_SCOPE_FR}."
    if reason == "year":
        listed = ", ".join(editions)
        if lang == "en":
            return f"The texts I have only cover the {listed} call: they give no dates for another year."
        return f"Les textes dont je dispose ne portent que sur l’appel {listed} : ils ne donnent pas les dates d’une autre année."
    fr, en = _REASONS[reason]
    return en if lang == "en" else fr


_LIST_ITEM = re.compile(r"\n+[-*] [^\n]*")


def _with_list(body: str, start: int, end: int) -> int:
    """Where a quote ends: a sentence that introduces a list (« ... suivants : ») takes the list's items along."""
    text = body[start:end].rstrip()
    last_line = text[text.rfind("\n") + 1 :]
    # Also a quote that already holds the introduction and the first items: the rest of the list comes too.
    if not (text.endswith(":") or (last_line.startswith(("- ", "* ")) and ":\n" in text)):
        return end
    while item := _LIST_ITEM.match(body, end):
        end = item.end()
    return end


def _list_span(body: str, start: int, end: int) -> tuple[int, int]:
    """The span to quote for a sentence: an item of a list introduced by « ... : » brings the introduction and the
    whole list (« Il ouvre le droit à : - … - … »); a sentence ending in ":" brings its items."""
    line = body.rfind("\n", 0, start) + 1
    if body.startswith(("- ", "* "), line):
        cursor = line
        while cursor > 0:
            previous = body.rfind("\n", 0, cursor - 1) + 1
            text = body[previous : cursor - 1].strip()
            if text and not text.startswith(("- ", "* ")):
                if text.endswith(":"):
                    # From the sentence that ends in ":" (not the whole paragraph) to the end of the list.
                    paragraph = body[previous : cursor - 1]
                    stop = max(paragraph.rstrip().rfind(". "), paragraph.rstrip().rfind(".\n"))
                    intro = previous + (stop + 2 if stop >= 0 else len(paragraph) - len(paragraph.lstrip()))
                    return intro, max(end, _with_list(body, intro, cursor - 1))
                break
            cursor = previous
    return start, _with_sequel(body, start, _with_list(body, start, end))


# A sentence that speaks of the one before it: « Tout manquement à cette règle… », « Cette durée… », « Il permet… »
# (not « Il faut… », nor « cet appel », which speaks of the call), up to its end (« cf. » or « M. » is no end).
_SEQUEL = re.compile(
    r" +(?:(?:\S+ ){0,3}(?:[Cc]e|[Cc]et|[Cc]ette|[Cc]es) (?!appel|document|texte|programme|dispositif)"
    r"|(?:Il|Elle|Ils|Elles) (?!faut|est |y a|convient|importe|s'agit|appartient|existe)"
    # (or one that adds to it: « Une possibilité d'intégration l'année suivante est également proposée. »)
    r"|(?=[A-ZÀ-Ý][^\n.!?]*\b(?:est|sont|sera|seront|serait|seraient) (?:également|aussi)\b))"
    r"[^\n]*?[.!?](?=\s+[A-ZÀ-Ý«]|\s*\n|\s*$)"
)


# A sentence that announces how many things it speaks of (« … présentent deux difficultés principales »), and the
# sentences after it that take them one by one (« La première est… La deuxième est… »).
_COUNTED = re.compile(r"\b(?:deux|trois|quatre|cinq|two|three|four|five)\b")
_ORDINAL = re.compile(
    r" +(?:(?:La|Le|Les|L[’']) ?(?:premi[eè]re?|deuxi[eè]me|seconde?|troisi[eè]me|quatri[eè]me|derni[eè]re?)\b"
    r"|Enfin\b|D[’']une part\b|D[’']autre part\b)"
    r"[^\n]*?[.!?](?=\s+[A-ZÀ-Ý«]|\s*\n|\s*$)"
)


def _with_sequel(body: str, start: int, end: int) -> int:
    """Where a quote ends: a sentence is not cut from the next one of its paragraph when that one speaks of it
    (« … pour une durée similaire. Tout manquement à cette règle entraînera le remboursement des sommes versées. »),
    nor from those that take one by one the things it counts (« … deux difficultés principales. La première est…
    La deuxième est… »)."""
    if body[end - 1 : end] not in (".", "!", "?"):
        return end
    sequel = _SEQUEL.match(body, end)
    end = sequel.end() if sequel else end
    if _COUNTED.search(body[start:end]):
        while item := _ORDINAL.match(body, end):
            end = item.end()
    return end


QUARANTINED = "[…]"


def _masked(body: str, spans: list[tuple[int, int]]) -> str:
    """The body with each quarantined span replaced by a mark and NULs: the same length, so positions stay valid
    (the NULs are dropped from what is shown)."""
    for start, end in spans:
        body = body[:start] + (QUARANTINED + "\0" * (end - start))[: end - start] + body[end:]
    return body


def _section(doc: Document, quote: str) -> str:
    section = _section_at(doc, doc.body.find(quote))
    return " > ".join(section.path) if section else ""


def _section_at(doc: Document, position: int) -> Section | None:
    """The section of the body that holds a position."""
    return next((s for s in sections(doc.body) if s.start <= position < s.end), None)
