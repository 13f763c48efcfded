"""The Chainlit chat: a thin layer over the answer engine, for applicants and helpdesk staff.

Started by `assistant chat` (see cli.py), which points Chainlit at this module. Applicants ask questions
(answers stream in, each citation opens its passage), run the guided eligibility check, and see the
upcoming dates with their .ics files. Staff, once logged in, also draft replies to pasted emails and
export the feedback and the refused questions.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import uuid
from typing import Any, Literal

import chainlit as cl
from chainlit.server import app as _chainlit_app
from chainlit.types import ThreadDict

from assistant import guided, serving, socketguard, staff, web
from assistant.answer import Answer, Citation
from assistant.errors import IndexUnavailable, OverBudget
from assistant.guard import MAX_QUESTION_CHARS, QuestionRejected, check_question
from assistant.rules.eligibility import Eligibility, Profile, evaluate

ELIGIBILITY = "Éligibilité"
DATES = "Dates"
EXPORT = "Exports"
DRAFT_PROFILE = "Brouillon de réponse"
ASK_PROFILE = "Questions"


def _text_limit(session: Any) -> tuple[int, str]:
    """The longest text a session may send: a pasted email in the helpdesk's draft profile, else a question."""
    from assistant.draft import MAX_EMAIL_CHARS

    user = getattr(session, "user", None)
    staff_user = user is not None and web.role_of(user.identifier, user.metadata) == web.STAFF
    if staff_user and getattr(session, "chat_profile", None) == DRAFT_PROFILE:
        return MAX_EMAIL_CHARS, "email"
    return MAX_QUESTION_CHARS, "question"


web.install(_chainlit_app)
socketguard.install(
    limit_for=_text_limit,
    commands={ELIGIBILITY, DATES, EXPORT},
    step_exists=web.step_exists,
    sessions_dir=web.settings().chat.sessions_dir,
)
web.engine()  # load the models and the index before the first question, not during it
web.start_purging()  # conversations older than chat.retention_days: deleted now, then every hour
ASK_TIMEOUT = 600  # seconds a guided question waits for its answer
HISTORY = 3  # earlier questions a follow-up may lean on (as in `assistant shell`)

_TEXT = {
    "fr": {
        "sources": "Sources",
        "edition": "Édition",
        "official": "Page officielle",
        "which": "Pour quel dispositif voulez-vous vérifier votre éligibilité ?",
        "years_hint": "Tapez un nombre d'années (par exemple 4), ou « je ne sais pas ».",
        "no_answer": "Sans réponse, la vérification s'arrête ici.",
        "criterion": "Critère",
        "verdict": "Verdict",
        "clause": "Ce que dit le texte",
        "met": "✅ rempli",
        "not_met": "❌ non rempli",
        "unknown": "❓ inconnu",
        "eligible": "éligible d'après les textes",
        "not_eligible": "non éligible d'après les textes",
        "to_confirm": "à confirmer",
        "eligible_if": "à confirmer : vos critères personnels sont remplis, reste le projet (laboratoire, accords)",
        "proposal": "ce n'est pas un appel ouvert (proposition)",
        "result": "Résultat pour",
        "open_questions": "Pour conclure, il faudrait savoir",
        "upcoming": "Prochaines dates",
        "step": "Étape",
        "programme": "Dispositif",
        "date": "Date",
        "in": "Dans",
        "today": "aujourd'hui",
        "ongoing": "en cours",
        "days": "jours",
        "day": "jour",
        "none_upcoming": "Les textes ne donnent aucune date à venir.",
        "ics": "Calendrier (.ics) à importer dans votre agenda",
        "unavailable": "L'index des textes est momentanément inaccessible : réessayez dans quelques instants.",
    },
    "en": {
        "sources": "Sources",
        "edition": "Edition",
        "official": "Official page",
        "which": "Which programme do you want to check your eligibility for?",
        "years_hint": "Type a number of years (for example 4), or “I don't know”.",
        "no_answer": "Without an answer, the check stops here.",
        "criterion": "Criterion",
        "verdict": "Verdict",
        "clause": "What the text says",
        "met": "✅ met",
        "not_met": "❌ not met",
        "unknown": "❓ unknown",
        "eligible": "eligible according to the texts",
        "not_eligible": "not eligible according to the texts",
        "to_confirm": "to be confirmed",
        "eligible_if": "to be confirmed: your personal criteria are met, the project remains (host, approvals)",
        "proposal": "not an open call (a proposal)",
        "result": "Result for",
        "open_questions": "To conclude, we would need to know",
        "upcoming": "Upcoming dates",
        "step": "Step",
        "programme": "Programme",
        "date": "Date",
        "in": "In",
        "today": "today",
        "ongoing": "under way",
        "days": "days",
        "day": "day",
        "none_upcoming": "The texts give no upcoming date.",
        "ics": "Calendar (.ics) to import into your agenda",
        "unavailable": "The index of the texts cannot be reached right now: please try again in a moment.",
    },
}


def _lang() -> Literal["fr", "en"]:
    return web.ui_lang(getattr(cl.context.session, "language", None))


def _t(key: str, lang: str | None = None) -> str:
    return _TEXT[lang or _lang()][key]


def _role() -> str:
    user = cl.user_session.get("user")
    return (web.role_of(user.identifier, user.metadata) or web.APPLICANT) if user else web.APPLICANT


# --- sign-in, profiles, starters -----------------------------------------------------------------------------


@cl.password_auth_callback
async def password_login(username: str, password: str) -> cl.User | None:
    """Helpdesk staff: accounts from the settings and the staff file, bcrypt-hashed."""
    if await asyncio.to_thread(staff.verify, web.settings().chat, username, password):
        return cl.User(identifier=username, display_name=username, metadata={"role": web.STAFF})
    return None


@cl.data_layer
def data_layer() -> Any:
    from assistant.chatstore import open_data_layer

    return open_data_layer(web.settings().chat)


@cl.set_chat_profiles  # type: ignore[arg-type]  # Chainlit also passes the UI language
async def chat_profiles(user: cl.User | None, language: str | None = None) -> list[cl.ChatProfile] | None:
    if not user or (user.metadata or {}).get("role") != web.STAFF:
        return None
    return [
        cl.ChatProfile(
            name=ASK_PROFILE,
            markdown_description="Poser des questions comme un candidat : réponses citées, éligibilité, dates.",
            default=True,
        ),
        cl.ChatProfile(
            name=DRAFT_PROFILE,
            markdown_description=(
                "Collez le courriel d'un candidat : chaque question reçoit une réponse citée, et un brouillon de "
                "réponse en français formel est proposé (les points non tranchés sont marqués « À confirmer »)."
            ),
        ),
    ]


@cl.set_starters
async def starters(user: cl.User | None, language: str | None = None) -> list[cl.Starter]:
    if web.ui_lang(language) == "en":
        return [
            cl.Starter(label="Host positions deadline", message="When is the deadline for the postes d'accueil?"),
            cl.Starter(label="Am I eligible?", message="Check my eligibility", command=ELIGIBILITY),
            cl.Starter(label="Interface contract duration", message="How long does a contrat d'interface last?"),
            cl.Starter(label="Whom to contact", message="Whom should I contact about the contrats d'interface?"),
            cl.Starter(label="Upcoming dates", message="Upcoming dates", command=DATES),
        ]
    return [
        cl.Starter(
            label="Date limite des postes d'accueil", message="Quelle est la date limite des postes d'accueil ?"
        ),
        cl.Starter(label="Suis-je éligible ?", message="Vérifier mon éligibilité", command=ELIGIBILITY),
        cl.Starter(label="Durée d'un contrat d'interface", message="Quelle est la durée d'un contrat d'interface ?"),
        cl.Starter(label="Qui contacter ?", message="Qui contacter pour les contrats d'interface ?"),
        cl.Starter(label="Prochaines dates", message="Prochaines dates", command=DATES),
    ]


@cl.on_chat_start
async def start() -> None:
    cl.user_session.set("history", [])
    await _set_commands()


@cl.on_chat_resume
async def resume(thread: ThreadDict) -> None:
    """A conversation reopened from the history: its questions are context again for follow-ups."""
    asked = [s.get("output") or "" for s in thread.get("steps", []) if s.get("type") == "user_message"]
    cl.user_session.set("history", [q for q in asked if q][-HISTORY:])
    await _set_commands()


async def _set_commands() -> None:
    lang = _lang()
    commands: list[Any] = [
        {
            "id": ELIGIBILITY,
            "icon": "list-checks",
            "description": "Vérification guidée de l'éligibilité" if lang == "fr" else "Guided eligibility check",
            "button": True,
            "persistent": False,
        },
        {
            "id": DATES,
            "icon": "calendar-days",
            "description": "Prochaines dates et calendriers .ics" if lang == "fr" else "Upcoming dates and .ics files",
            "button": True,
            "persistent": False,
        },
    ]
    if _role() == web.STAFF:
        commands.append(
            {
                "id": EXPORT,
                "icon": "file-down",
                "description": "Exporter les retours et les questions refusées (CSV)",
                "button": True,
                "persistent": False,
            }
        )
    await cl.context.emitter.set_commands(commands)


# --- messages ------------------------------------------------------------------------------------------------


@cl.on_message
@serving.contained  # an unexpected exception: one log line and a plain message, not its text (finding 14)
async def on_message(message: cl.Message) -> None:
    command = getattr(message, "command", None)
    refused = socketguard.refusal(message.metadata)
    if refused is not None:  # too long: the boundary stored a one-line note instead of the text
        lang = "fr" if _text_limit(cl.context.session)[1] == "email" else _lang()  # the helpdesk works in French
        await cl.Message(content=refused.message(lang), metadata={"status": "rejected", "route": "none"}).send()
    elif command == ELIGIBILITY:
        await guided_check()
    elif command == DATES:
        await upcoming_dates()
    elif command == EXPORT and _role() == web.STAFF:
        await export()
    elif _role() == web.STAFF and cl.user_session.get("chat_profile") == DRAFT_PROFILE:
        await draft(message.content)
    else:
        await answer(message.content)


async def answer(question: str) -> None:
    """Answer a question with the engine; the answer streams in, each citation opens its passage."""
    try:
        question = check_question(question)
    except QuestionRejected as exc:  # said, not cut silently
        await cl.Message(content=exc.message(_lang()), metadata={"status": "rejected", "route": "none"}).send()
        return
    if await _rate_limited(_lang()):
        return
    history: list[str] = cl.user_session.get("history") or []
    try:
        result = await web.ask(question, web.settings().runtime.today, tuple(history))
    except IndexUnavailable as exc:  # the Chroma server is down or restarting: said, and the chat goes on
        web.log.error("question not answered: %s", exc)
        await cl.Message(content=_t("unavailable"), metadata={"status": "unavailable", "route": "none"}).send()
        return
    except OverBudget:  # logged by web.run
        await _over_budget(_lang())
        return
    cl.user_session.set("history", [*history, question][-HISTORY:])
    await send_answer(result)


# --- limits on questions (finding 7 of issue 15; see ratelimit.py) ---------------------------------------------


async def _rate_limited(lang: Literal["fr", "en"]) -> bool:
    """Whether this session's identity or address has hit its question limit; if so, says how long to wait."""
    from assistant.ratelimit import limit_message

    user = cl.user_session.get("user")
    address = (getattr(cl.context.session, "environ", None) or {}).get("REMOTE_ADDR")
    wait = web.admit(user.identifier if user else None, address)
    if wait <= 0:
        return False
    await cl.Message(content=limit_message(wait, lang), metadata={"status": "rate_limited", "route": "none"}).send()
    return True


async def _over_budget(lang: Literal["fr", "en"], seconds: float | None = None) -> None:
    """Say that a question took longer than its time budget and was given up."""
    from assistant.ratelimit import budget_message

    seconds = seconds or web.settings().chat.question_seconds
    await cl.Message(content=budget_message(seconds, lang), metadata={"status": "timed_out", "route": "none"}).send()


# --- answers ---------------------------------------------------------------------------------------------------


async def send_answer(result: Answer, prefix: str = "") -> None:
    elements, names = await _passages(result.citations, result.lang)
    text = prefix + result.answer
    if names:
        text += f"\n\n{_t('sources', result.lang)} : " + ", ".join(names)
    message = cl.Message(
        content="",
        metadata={"status": result.status, "route": result.route, "question": result.question},
    )
    for piece in re.findall(r"(?:\S+\s*){1,6}|\s+", text):  # a few words a token: one event per word was the
        await message.stream_token(piece)  # cost of a busy chat (tests/test_load.py)
    message.elements = elements
    await message.send()


async def _passages(citations: list[Citation], lang: str) -> tuple[list[Any], list[str]]:
    """A side element per citation, named « Source n »; the names in the message open them."""
    elements: list[Any] = []
    names: list[str] = []
    for n, citation in enumerate(citations, start=1):
        passage = web.engine().passage(citation)  # string work on the loaded corpus: no model, no lock
        name = f"Source {n}"
        props = passage.model_dump() | {
            "editionLabel": _t("edition", lang),
            "urlLabel": _t("official", lang),
        }
        elements.append(cl.CustomElement(name=name, props=props, display="side"))
        names.append(name)
    return elements, names


# --- guided eligibility check --------------------------------------------------------------------------------


async def guided_check() -> None:
    """One question at a time, only those the chosen programme needs; ends with the cited verdict table."""
    lang = _lang()
    engine = web.engine()
    programmes = [p for p in engine.book.programmes]
    chosen = await _choose(_t("which", lang), [(p.id, engine.names[p.id]) for p in programmes])
    if chosen is None:
        await cl.Message(content=_t("no_answer", lang)).send()
        return
    now = _now()
    profile = Profile()
    asked: frozenset[str] = frozenset()
    while (step := guided.next_step(engine.book, chosen, profile, asked, now)) is not None:
        asked |= {step.key}
        if step.answer == "years":
            reply = await cl.AskUserMessage(
                content=f"{step.question(lang)}\n\n{_t('years_hint', lang)}", timeout=ASK_TIMEOUT
            ).send()
            answer_id: str | None = None if reply is None else str(reply.get("output") or guided.UNKNOWN)
        else:
            answer_id = await _choose(step.question(lang), [(c.id, c.label(lang)) for c in step.choices])
        if answer_id is None:
            await cl.Message(content=_t("no_answer", lang)).send()
            return
        profile = guided.apply(profile, step, answer_id)
    result = evaluate(engine.book, chosen, profile, now)
    await _verdict(result, lang)


async def _choose(question: str, options: list[tuple[str, str]]) -> str | None:
    actions = [cl.Action(name="choice", payload={"value": value}, label=label) for value, label in options]
    reply = await cl.AskActionMessage(content=question, actions=actions, timeout=ASK_TIMEOUT).send()
    payload = reply.get("payload") if isinstance(reply, dict) else None
    value = payload.get("value") if isinstance(payload, dict) else None
    # The browser's answer is the client's word: a value no button offered counts as no answer (the check stops).
    return value if value in {offered for offered, _ in options} else None


async def _verdict(result: Eligibility, lang: str) -> None:
    """The verdict table: one line per criterion with its verdict and its clause, each clause a citation."""
    engine = web.engine()
    name = engine.names[result.programme]
    overall = {
        "eligible": _t("eligible", lang),
        "not_eligible": _t("not_eligible", lang),
        "eligible_if": _t("eligible_if", lang),
        "unknown": _t("to_confirm", lang),
        "proposal": _t("proposal", lang),
    }[result.overall.value]
    citations: list[Citation] = []
    rows = []
    for criterion in result.criteria:
        cited = engine.citations(list(criterion.sources))
        numbers = []
        for c in cited:
            if c not in citations:
                citations.append(c)
            numbers.append(citations.index(c) + 1)
        clause = " ".join(f"« {_cell(c.quote)} »" for c in cited)
        refs = ", ".join(f"Source {n}" for n in numbers)
        rows.append(f"| {_cell(criterion.expected(lang))} | {_t(criterion.verdict.value, lang)} | {clause} ({refs}) |")
    lines = [f"**{_t('result', lang)} {name} : {overall}**", ""]
    if result.proposal is not None:
        proposal = engine.citations([result.proposal])
        citations.extend(c for c in proposal if c not in citations)
        lines += [f"« {result.proposal.quote} »", ""]
    if rows and result.proposal is None:  # a proposal: nobody can apply, whatever the criteria say
        lines += [
            f"| {_t('criterion', lang)} | {_t('verdict', lang)} | {_t('clause', lang)} |",
            "|---|---|---|",
            *rows,
        ]
    open_questions = [q(lang) for q in result.questions] if result.proposal is None else []
    if open_questions:
        lines += ["", f"{_t('open_questions', lang)} :", *[f"- {q}" for q in open_questions]]
    elements, names = await _passages(citations, lang)
    if names:
        lines += ["", f"{_t('sources', lang)} : " + ", ".join(names)]
    status = "answered" if result.overall in ("eligible", "not_eligible") else "unsettled"
    await cl.Message(
        content="\n".join(lines),
        elements=elements,
        metadata={"status": status, "route": "rules", "question": f"vérification guidée : {name}"},
    ).send()


def _cell(text: str) -> str:
    """Text that keeps a Markdown table row whole."""
    return text.replace("|", "\\|").replace("\n", " ")


# --- upcoming dates ------------------------------------------------------------------------------------------


async def upcoming_dates() -> None:
    """The steps to come, soonest first, with a countdown, and each programme's calendar as an .ics file."""
    from assistant.compose import day
    from assistant.rules.engine import upcoming
    from assistant.rules.ical import event_label, programme_calendar

    lang = _lang()
    engine = web.engine()
    now = _now()
    events = upcoming(engine.book, now)
    if not events:
        await cl.Message(content=_t("none_upcoming", lang)).send()
        return
    rows = []
    for e in events:
        first = e.date or e.start
        assert first is not None
        when = day(first, lang) if e.date else (e.label or f"{day(first, lang)} – {day(e.end or first, lang)}")
        if e.time is not None:
            when += f", {e.time:%H:%M}"
        left = (first - now.date()).days
        if left > 0:
            countdown = f"J-{left} ({left} {_t('day' if left == 1 else 'days', lang)})"
        else:  # a period under way, or today
            countdown = _t("today" if e.date else "ongoing", lang)
        rows.append(f"| {engine.names[e.programme]} | {event_label(e.kind)} | {when} | {countdown} |")
    stamp = dt.datetime.combine(now.date(), dt.time(0, 0), tzinfo=dt.UTC)
    files = []
    for programme in dict.fromkeys(e.programme for e in events):
        text = programme_calendar(engine.book, {programme}, stamp)
        files.append(
            cl.File(name=f"{programme}.ics", content=text.encode("utf-8"), mime="text/calendar", display="inline")
        )
    content = "\n".join(
        [
            f"**{_t('upcoming', lang)}**",
            "",
            f"| {_t('programme', lang)} | {_t('step', lang)} | {_t('date', lang)} | {_t('in', lang)} |",
            "|---|---|---|---|",
            *rows,
            "",
            _t("ics", lang) + " :",
        ]
    )
    await cl.Message(content=content, elements=files).send()


def _now() -> dt.datetime:
    from assistant import runtime

    return runtime.now(web.settings().runtime.today)


# --- helpdesk ------------------------------------------------------------------------------------------------


async def draft(email: str) -> None:
    """A draft reply to a pasted email: each question answered by the engine, unsettled points marked."""
    from assistant.draft import MAX_EMAIL_CHARS, MAX_QUESTIONS, draft_reply
    from assistant.errors import AssistantError

    # Counted first: a pasted email that gets no draft (too long, no question found) is removed all the same.
    cl.user_session.set("pasted_email", int(cl.user_session.get("pasted_email") or 0) + 1)
    try:
        email = check_question(email, MAX_EMAIL_CHARS, "email")
    except QuestionRejected as exc:
        await cl.Message(content=exc.message("fr")).send()
        return
    if await _rate_limited("fr"):
        return
    budget = web.settings().chat.question_seconds * MAX_QUESTIONS  # each question it may hold gets its budget
    try:
        result = await web.run(lambda: draft_reply(web.engine(), email, web.settings().runtime.today), budget=budget)
    except OverBudget:
        await _over_budget("fr", budget)
        return
    except AssistantError as exc:
        await cl.Message(content=f"Pas de brouillon : {exc}").send()
        return
    unsettled = sum(1 for item in result.items if not item.settled)
    summary = f"**Brouillon de réponse** — {len(result.items)} question(s) trouvée(s)"
    summary += f", dont {unsettled} à confirmer." if unsettled else "."
    element = cl.CustomElement(
        name="Brouillon",
        props={"text": result.text, "id": uuid.uuid4().hex, "copyLabel": "Copier", "copiedLabel": "Copié"},
        display="inline",
    )
    keep = web.settings().chat.keep_emails
    await cl.Message(
        content=summary + "\nModifiez le texte si besoin, puis copiez-le.",
        elements=[element],
        metadata={
            "status": "draft",
            "route": "draft",
            "question": email[:500] if keep else f"courriel collé ({len(email)} caractères)",
        },
    ).send()
    cl.user_session.set("drafts", int(cl.user_session.get("drafts") or 0) + 1)  # its text quotes the email


@cl.on_chat_end
async def end() -> None:
    """The pasted emails of a draft conversation are not kept beyond it, unless chat.keep_emails says so; the
    session's message list is freed (Chainlit 2.12 keeps every session's list for the life of the server)."""
    from chainlit.chat_context import chat_contexts
    from chainlit.data import get_data_layer

    from assistant.chatstore import SQLiteDataLayer

    chat_contexts.pop(cl.context.session.id, None)
    pasted = int(cl.user_session.get("pasted_email") or 0)
    if pasted and not web.settings().chat.keep_emails:
        thread_id = cl.context.session.thread_id
        drafts = int(cl.user_session.get("drafts") or 0)
        layer = get_data_layer()
        if isinstance(layer, SQLiteDataLayer):
            layer.seal(thread_id)  # Chainlit's late writes of the conversation are written redacted
        _background.add(task := asyncio.create_task(_redact_when_written(thread_id, pasted, drafts)))
        task.add_done_callback(_background.discard)


_background: set[asyncio.Task[None]] = set()
REDACT_WAIT = 120  # seconds: Chainlit writes a conversation's rows in background tasks, late on a busy server


async def _redact_when_written(thread_id: str, pasted: int, drafts: int) -> None:
    """Replace the pasted emails once Chainlit has written them: at the chat's end they may not be in the
    database yet (Chainlit 2.12.0 writes each message, run step and element in a task of its own, in no set
    order). Each pasted email is a user message and the input of its run step; each draft sent quotes it. The
    hourly retention pass catches any left behind."""
    from assistant.chatstore import redact_pasted_emails

    chat = web.settings().chat
    messages = inputs = done = 0
    for _ in range(REDACT_WAIT * 2):
        redacted = await asyncio.to_thread(redact_pasted_emails, chat, thread_id)
        messages, inputs, done = messages + redacted.messages, inputs + redacted.inputs, done + redacted.drafts
        if messages >= pasted and inputs >= pasted and done >= drafts and not any(redacted):
            return  # all written and replaced, and a pass after that found nothing left (a write begun before
            # the seal may land after a pass)
        await asyncio.sleep(0.5)
    web.log.warning(
        "draft conversation %s: removed only %d/%d pasted emails, %d/%d run inputs, %d/%d drafts so far",
        thread_id, messages, pasted, inputs, pasted, done, drafts,
    )  # fmt: skip


async def export() -> None:
    """Links to the feedback and refused-questions CSV exports (staff-only routes: no copy is stored)."""
    await cl.Message(
        content=(
            "Exports (CSV, à jour au moment du clic) :\n"
            "- [les retours des utilisateurs (👍 / 👎 et commentaires)](/api/staff/feedback.csv)\n"
            "- [les questions refusées : ce qui manque au corpus](/api/staff/refused.csv)"
        )
    ).send()
