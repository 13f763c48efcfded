"""Extractive, deterministic wording of a rules result, in French or English, around French quotes.

No fact is written that the result does not hold: dates, hours and durations
come from the rules, and every clause is quoted verbatim from its call text.
"""

from __future__ import annotations

import datetime as dt

from assistant.rules.deadlines import DeadlineStatus, Source, State
from assistant.rules.eligibility import Eligibility, Overall, Verdict
from assistant.rules.engine import DurationInfo, EventInfo, FactInfo, RulesResult
from assistant.rules.vocabulary import label

MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_EVENT_FR = {
    "registration_opens": "ouverture des inscriptions",
    "application_deadline": "date limite de dépôt",
    "preselection": "présélections",
    "auditions": "auditions",
    "results": "résultats",
    "start": "prise de fonction / début du contrat",
    "promotion_launch": "lancement de la promotion",
}
_EVENT_EN = {
    "registration_opens": "registration opens",
    "application_deadline": "application deadline",
    "preselection": "preselection",
    "auditions": "interviews (auditions)",
    "results": "results",
    "start": "start of the contract / taking up the post",
    "promotion_launch": "launch of the promotion",
}
_VERDICT = {
    "fr": {Verdict.MET: "rempli", Verdict.NOT_MET: "non rempli", Verdict.UNKNOWN: "à confirmer"},
    "en": {Verdict.MET: "met", Verdict.NOT_MET: "not met", Verdict.UNKNOWN: "unknown"},
}
_OVERALL = {
    "fr": {
        Overall.ELIGIBLE: "éligible d'après les critères du texte",
        Overall.NOT_ELIGIBLE: "non éligible",
        Overall.UNKNOWN: "éligibilité à confirmer",
        Overall.PROPOSAL: "proposition, pas un appel ouvert",
    },
    "en": {
        Overall.ELIGIBLE: "eligible on the text's criteria",
        Overall.NOT_ELIGIBLE: "not eligible",
        Overall.UNKNOWN: "eligibility to be confirmed",
        Overall.PROPOSAL: "a proposal, not an open call",
    },
}


def day(date: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{date.day} {MONTHS_EN[date.month - 1]} {date.year}"
    return f"{'1er' if date.day == 1 else date.day} {MONTHS_FR[date.month - 1]} {date.year}"


def quote(source: Source) -> str:
    return f"« {source.quote} »"


def compose(result: RulesResult, names: dict[str, str], lang: str) -> str:
    """The answer's Markdown text for a rules result."""
    parts: list[str] = []
    for proposal in result.proposals:
        parts.append(proposal_notice(proposal, lang))
    parts += [_deadline(d, names, lang) for d in result.deadlines]
    parts += [_event(e, names, lang) for e in result.events]
    parts += [_duration(d, names, lang) for d in result.durations]
    parts += [_eligibility(e, names, lang) for e in result.eligibility]
    parts += _facts(result.facts, names, lang)
    return "\n\n".join(p for p in parts if p)


def _name(programme: str, names: dict[str, str]) -> str:
    return names.get(programme, programme)


def proposal_notice(source: Source, lang: str) -> str:
    """What is said whenever a proposal's text is quoted: nobody can apply to it."""
    if lang == "en":
        return (
            f"The Contrat Engagement Recherche (CER) is a proposal by a students' association (AMPS), not an open "
            f"call: nobody can apply to it today. {quote(source)}"
        )
    return (
        f"Le Contrat Engagement Recherche (CER) est une proposition d'une association étudiante (AMPS), pas un "
        f"appel ouvert : il n'est pas possible d'y candidater aujourd'hui. {quote(source)}"
    )


def _when(d: DeadlineStatus, lang: str) -> str:
    closes = d.closes_at
    if not d.hour_stated:
        last = (closes - dt.timedelta(days=1)).date()
        return f"{day(last, lang)} ({'no time of day is given' if lang == 'en' else 'le texte ne précise pas d’heure'})"
    hour = closes.strftime("%H:%M")
    return f"{day(closes.date(), lang)}, {hour} ({'Paris time' if lang == 'en' else 'heure de Paris'})"


def _deadline(d: DeadlineStatus, names: dict[str, str] | None, lang: str) -> str:
    """Where a call stands, with its clauses; ``names`` None: without the programme's name (under a verdict)."""
    when = _when(d, lang)
    opens = day(d.opens_at.date(), lang) if d.opens_at else None
    if lang == "en":
        if d.state is State.NOT_YET_OPEN:
            body = f"registration opens on {opens}; the application deadline is {when}."
        elif d.state is State.OPEN:
            body = f"the application deadline is {when}. Applications are open: {d.days_left} day(s) left ({_left(d, lang)})."
        else:
            body = f"the application deadline was {when}; this call is closed."
    else:
        if d.state is State.NOT_YET_OPEN:
            body = f"les inscriptions ouvrent le {opens} ; la date limite de dépôt est le {when}."
        elif d.state is State.OPEN:
            body = (
                f"la date limite de dépôt est le {when}. L’appel est ouvert : il reste "
                f"{d.days_left} jour(s) ({_left(d, lang)})."
            )
        else:
            body = f"la date limite de dépôt était le {when} ; cet appel est clos."
    sep = ":" if lang == "en" else " :"
    text = f"**{_name(d.programme, names)}**{sep} {body}" if names is not None else body[0].upper() + body[1:]
    return text + " " + " ".join(quote(s) for s in d.sources)


def _left(d: DeadlineStatus, lang: str) -> str:
    if d.hours_left:
        return f"{d.hours_left} hour(s)" if lang == "en" else f"{d.hours_left} heure(s)"
    return f"{d.minutes_left} minute(s)"


def _event(e: EventInfo, names: dict[str, str], lang: str) -> str:
    what = (_EVENT_EN if lang == "en" else _EVENT_FR)[e.kind]
    if e.date is not None:
        when = day(e.date, lang) + (f", {e.time.strftime('%H:%M')}" if e.time else "")
        if e.label and not e.time:
            when = e.label if lang == "fr" else f"{when} ({e.label})"
    else:
        when = e.label or f"{day(e.start, lang)} – {day(e.end, lang)}"  # type: ignore[arg-type]
    past = (" (passé)" if lang == "fr" else " (past)") if e.past else ""
    sep = ":" if lang == "en" else " :"
    return f"**{_name(e.programme, names)}**, {what}{sep} {when}{past}. " + " ".join(quote(s) for s in e.sources)


def _duration(d: DurationInfo, names: dict[str, str], lang: str) -> str:
    unit_years = "year(s)" if lang == "en" else "ans"
    length = " or ".join(str(y) for y in d.years) if lang == "en" else " ou ".join(str(y) for y in d.years)
    if d.months:
        length, unit_years = ", ".join(str(m) for m in d.months), ("months" if lang == "en" else "mois")
    if d.up_to_years:
        unit_years += (
            f", renewable up to {d.up_to_years} years in all"
            if lang == "en"
            else f", renouvelable jusqu’à {d.up_to_years} ans au total"
        )
    time = {
        "full": ("full time", "à temps plein"),
        "part": ("part time", "à temps partiel"),
        "half": ("half research, half clinical", "mi-temps recherche"),
    }[d.time][0 if lang == "en" else 1]
    who = ""
    if d.statuses:
        statuses = ", ".join(label(s, lang) for s in d.statuses)
        who = f" for {statuses}" if lang == "en" else f" pour : {statuses}"
    sep = ":" if lang == "en" else " :"
    text = f"**{_name(d.programme, names)}**{sep} {length} {unit_years} {time}{who}. " + " ".join(
        quote(s) for s in d.sources
    )
    for other in d.other_sources:
        if lang == "en":
            text += f" The overview page says it less precisely, {quote(other)}; the call, more specific, prevails."
        else:
            text += (
                f" La page de présentation le dit moins précisément, {quote(other)} ; l’appel, plus précis, prévaut."
            )
    return text


def _eligibility(e: Eligibility, names: dict[str, str], lang: str) -> str:
    sep = ":" if lang == "en" else " :"
    lines = [f"**{_name(e.programme, names)}**{sep} {_OVERALL[lang][e.overall]}."]
    if e.proposal:
        lines.append(proposal_notice(e.proposal, lang))
    if e.deadline is not None:
        lines.append(_deadline(e.deadline, None, lang))
    for c in e.criteria:
        clauses = " ".join(quote(s) for s in c.sources)
        if c.note:
            clauses += " " + quote(c.note)
        line = f"- {_VERDICT[lang][c.verdict]}{sep} {c.expected(lang)} — {clauses}"
        for other in c.other_sources:
            line += (
                f" (the overview page differs: {quote(other)}; the call prevails)"
                if lang == "en"
                else f" (la page de présentation diffère : {quote(other)} ; l’appel prévaut)"
            )
        lines.append(line)
    if e.questions:
        lines.append(
            ("To settle what is unknown: " if lang == "en" else "Pour conclure : ")
            + " ".join(q(lang) for q in e.questions)
        )
    return "\n".join(lines)


def _facts(facts: tuple[FactInfo, ...], names: dict[str, str], lang: str) -> list[str]:
    parts: list[str] = []
    headings = {
        "contact": ("Contact", "Contact"),
        "document": ("Application file", "Dossier de candidature"),
        "funding": ("Funding", "Financement"),
        "selection": ("Selection", "Sélection"),
    }
    for kind in headings:
        group = [f for f in facts if f.kind == kind]
        for programme in dict.fromkeys(f.programme for f in group):
            heading = headings[kind][0 if lang == "en" else 1]
            sep = ":" if lang == "en" else " :"
            items = [f for f in group if f.programme == programme]
            if kind == "contact":
                emails = ", ".join(f.value for f in items)
                parts.append(
                    f"**{_name(programme, names)}**, {heading.lower()}{sep} {emails}. "
                    + " ".join(quote(s) for f in items for s in f.sources)
                )
            else:
                bullets = "\n".join(f"- {quote(s)}" for f in items for s in f.sources)
                parts.append(f"**{_name(programme, names)}**, {heading.lower()}{sep}\n{bullets}")
    return parts
