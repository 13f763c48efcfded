"""Extractive, deterministic wording of a rules result, in French or English, around French quotes.

No fact is written that the result does not hold: dates, hours and durations
come from the rules, and every clause is quoted verbatim from its call text.
"""

from __future__ import annotations

import datetime as dt
import re

from assistant.rules.deadlines import DeadlineStatus, Source, State, local
from assistant.rules.eligibility import Eligibility, Overall, Verdict
from assistant.rules.engine import DurationInfo, EventInfo, FactInfo, Intent, RulesResult
from assistant.rules.vocabulary import label
from assistant.text import fold

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
        Overall.ELIGIBLE: "oui, éligible d'après les critères du texte",
        Overall.ELIGIBLE_IF: "oui pour ce qui porte sur vous, vous remplissez les critères du texte qui vous "
        "concernent ; éligibilité à confirmer sur ce qui porte sur le projet (ci-dessous)",
        Overall.NOT_ELIGIBLE: "non éligible",
        Overall.UNKNOWN: "éligibilité à confirmer",
        Overall.PROPOSAL: "proposition, pas un appel ouvert",
    },
    "en": {
        Overall.ELIGIBLE: "yes, eligible on the text's criteria",
        Overall.ELIGIBLE_IF: "yes as far as you are concerned, you meet the text's criteria about you; "
        "eligibility to be confirmed on what concerns the project (below)",
        Overall.NOT_ELIGIBLE: "not eligible",
        Overall.UNKNOWN: "eligibility to be confirmed",
        Overall.PROPOSAL: "a proposal, not an open call",
    },
}

# A group asked about ("ouverts aux pharmaciens ?") whom every criterion said of it fits: the text includes it.
_GROUP = {
    "fr": "oui pour ce profil, le texte l'inclut (ci-dessous) ; chaque candidat doit aussi remplir les autres conditions",
    "en": "yes for this profile, the text includes it (below); each applicant must also meet the other conditions",
}

# A group asked about that the text names among those a programme takes ("un ingénieur peut candidater aux HP ?").
_NAMED = {
    "fr": "oui pour ce profil, le texte le cite : {quote} ; chaque candidat doit aussi remplir les conditions ci-dessous",
    "en": "yes for this profile, the text names it: {quote}; each applicant must also meet the conditions below",
}

# A verdict that fits, for a call not open today: yes for the profile, and the call's state said in the same line
# (its own line follows), so that the "oui" never reads "you can apply today".
_NOT_OPEN = {
    "fr": {
        Overall.ELIGIBLE: "oui pour votre profil, éligible d'après les critères du texte ; mais l'appel n'est pas "
        "ouvert (ci-dessous)",
        Overall.ELIGIBLE_IF: "oui pour ce qui porte sur vous (vous remplissez les critères du texte qui vous "
        "concernent) ; mais l'appel n'est pas ouvert (ci-dessous), et le projet reste à confirmer",
    },
    "en": {
        Overall.ELIGIBLE: "yes for your profile, eligible on the text's criteria; but the call is not open (below)",
        Overall.ELIGIBLE_IF: "yes as far as you are concerned (you meet the text's criteria about you); but the call "
        "is not open (below), and the project is to be confirmed",
    },
}

# A verdict that depends only on what the applicant has not said (some criteria met, none failed): a conditional
# yes, whose conditions are the criteria marked « à confirmer » below.
_CONDITIONAL = {
    "fr": "éligibilité à confirmer : oui si vous remplissez aussi les points « à confirmer » ci-dessous",
    "en": "eligibility to be confirmed: yes if you also meet the points marked « unknown » below",
}
_CONDITIONAL_NOT_OPEN = {
    "fr": "éligibilité à confirmer : oui pour votre profil si vous remplissez aussi les points « à confirmer » "
    "ci-dessous ; mais l'appel n'est pas ouvert (ci-dessous)",
    "en": "eligibility to be confirmed: yes for your profile if you also meet the points marked « unknown » below; "
    "but the call is not open (below)",
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
    verdicts = {e.proposal for e in result.eligibility}
    for proposal in result.proposals:
        if proposal not in verdicts:  # a verdict on a proposal says it is one in its own place
            parts.append(proposal_notice(proposal, lang))
    if result.compared:
        return "\n\n".join([*parts, *_comparison(result, names, lang)])
    aims = {f.programme: f.sources[0] for f in result.facts if f.kind == "aim"}
    sections = [
        # "Lequel est ouvert ?": the open calls first, then those to come, then the closed ones.
        [_deadline(d, names, lang) for d in sorted(result.deadlines, key=lambda d: _STATE_ORDER[d.state])],
        [_event(e, names, lang) for e in result.events] + _undated_steps(result, names, lang),
        [_duration(d, names, lang) for d in result.durations],
        [_eligibility(e, names, lang, aims.get(e.programme), result.intent) for e in result.eligibility],
        _facts(result.facts, names, lang),
    ]
    if result.alternatives:
        sections[3].append(_alternatives(result, names, lang))
    if result.excluded:
        sections[3].append(_excluded(result.excluded, names, lang))
    if result.intent.kind in ("eligibility", "suggest"):
        sections.insert(0, sections.pop(3))  # the verdict first, then what the message also asked
    elif result.intent.kind in ("documents", "funding", "contact") or (
        result.intent.kind == "selection" and "event" not in result.intent.also
    ):
        sections.insert(0, sections.pop(4))  # "sur quoi est-on jugé ?": the criteria, then when
    if result.intent.statuses and result.durations:
        sections.insert(0, [_compared_lengths(result, lang)])  # "Non : 3 ans pour..., 5 ans pour..."
    elif result.intent.relation in ("longer", "shorter") and len(result.intent.programmes) == 2:
        sections.insert(0, [_longer_programme(result, names, lang)])  # "Oui : jusqu'à 5 ans..., 3 ans..."
    parts += [p for section in sections for p in section]
    return "\n\n".join(p for p in parts if p)


def _alternatives(result: RulesResult, names: dict[str, str], lang: str) -> str:
    """Where a profile no programme asked about fits may turn: the programmes open to its status, each with the
    sentence that opens it."""
    status = result.intent.profile.status
    listed = "; ".join(
        f"**{_name(e.programme, names)}**" + (f" — {quote(source)}" if (source := e.status_source(status)) else "")
        for e in result.alternatives
    )
    if lang == "en":
        return f"Programmes open to your status: {listed} (ask about one for its other criteria and its deadline)."
    return f"Programmes ouverts à votre statut : {listed} (demandez-moi ses autres critères et sa date limite)."


def _excluded(verdicts: tuple[Eligibility, ...], names: dict[str, str], lang: str) -> str:
    """The programmes a profile does not fit, each with the first criterion it fails and the text saying it."""
    sep = ":" if lang == "en" else " :"
    lines = ["Not for your profile:" if lang == "en" else "Pas pour votre profil :"]
    for e in verdicts:
        c = e.failed[0]
        said = " ".join(quote(s) for s in c.sources)
        lines.append(
            f"- **{_name(e.programme, names)}**{sep} {_VERDICT[lang][c.verdict]}{sep} {c.expected(lang)} — {said}"
        )
    return "\n".join(lines)


_ASPECTS = {
    "aim": ("What for", "Objet"),
    "audience": ("For whom", "Pour qui"),
    "duration": ("Duration", "Durée"),
    "deadline": ("Deadline", "Date limite"),
    "contact": ("Contact", "Contact"),
}
_AUDIENCE = ("status", "profession", "employer", "contract", "seniority", "paid_by")


def _comparison(result: RulesResult, names: dict[str, str], lang: str) -> list[str]:
    """Programmes side by side: a table of durations, deadlines and contacts, then each one's funding and the
    quotes the table stands on."""
    en = lang == "en"
    programmes = result.compared
    cells: dict[str, dict[str, str]] = {a: {} for a in _ASPECTS}
    for d in result.durations:
        text = _length(d, lang) + _for_whom(d, lang)
        cells["duration"][d.programme] = "; ".join(filter(None, [cells["duration"].get(d.programme), text]))
    for dl in result.deadlines:
        state = {State.OPEN: ("open", "ouvert"), State.NOT_YET_OPEN: ("not yet open", "pas encore ouvert")}.get(
            dl.state, ("closed", "clos")
        )
        cells["deadline"][dl.programme] = f"{_when(dl, lang)} ({state[0 if en else 1]})"
    for e in result.eligibility:
        who = [c.expected(lang) for c in e.criteria if c.kind in _AUDIENCE]
        cells["audience"][e.programme] = "; ".join(who)
    for f in result.facts:
        if f.kind == "contact":
            cells["contact"][f.programme] = ", ".join(filter(None, [cells["contact"].get(f.programme), f.value]))
        elif f.kind == "aim":
            cells["aim"][f.programme] = quote(f.sources[0])
    header = "| | " + " | ".join(_name(p, names) for p in programmes) + " |"
    rows = [header, "|---|" + "---|" * len(programmes)]
    for aspect, (label_en, label_fr) in _ASPECTS.items():
        values = [cells[aspect].get(p, "—") for p in programmes]
        rows.append(f"| {label_en if en else label_fr} | " + " | ".join(v.replace("|", "/") for v in values) + " |")
    parts = ["\n".join(rows)]
    for e in result.proposed:  # "CER ou PA, quel public ?": whom the proposal's text is for, beside the table
        said = " ".join(quote(s) for c in e.criteria for s in c.sources)
        if said:
            parts.append(
                f"**{_name(e.programme, names)}**, "
                + ("for whom (its proposal): " if en else "pour qui (sa proposition) : ")
                + said
            )
    parts += _facts(tuple(f for f in result.facts if f.kind == "funding"), names, lang)
    if not result.intent.profile.is_empty():  # a verdict for each, when the question says who is asking
        parts += [_eligibility(e, names, lang) for e in result.eligibility]
    sources = [s for e in result.eligibility for c in e.criteria if c.kind in _AUDIENCE for s in c.sources]
    sources += [s for e in result.proposed for c in e.criteria for s in c.sources]
    sources += [s for d in result.durations for s in d.sources] + [s for d in result.deadlines for s in d.sources]
    sources += [s for f in result.facts if f.kind in ("contact", "aim") for s in f.sources]
    parts.append(("Sources:\n" if en else "Sources :\n") + "\n".join(f"- {quote(s)}" for s in dict.fromkeys(sources)))
    return parts


# The yes or no a question asks of one call's window, said first ("c'est encore ouvert ?": "Oui : …").
_POLAR = {
    ("open", State.OPEN): ("Oui : l’appel est ouvert.", "Yes: the call is open."),
    ("open", State.CLOSED): ("Non : l’appel est clos.", "No: the call is closed."),
    ("open", State.NOT_YET_OPEN): (
        "Non, pas encore : les inscriptions ne sont pas ouvertes.",
        "No, not yet: registration is not open.",
    ),
    ("closed", State.OPEN): ("Non : l’appel est encore ouvert.", "No: the call is still open."),
    ("closed", State.CLOSED): ("Oui : l’appel est clos.", "Yes: the call is closed."),
    ("closed", State.NOT_YET_OPEN): ("Non : l’appel n’est pas encore ouvert.", "No: the call is not open yet."),
}


def polar_lead(polarity: str, deadlines: tuple[DeadlineStatus, ...], lang: str) -> str | None:
    """The yes or no a question asks of one call's window, from where that call stands; None for several."""
    if len(deadlines) != 1:
        return None
    d = deadlines[0]
    if d.state is State.OPEN and _last_day_unsaid(d):
        return None  # the last day of a call that gives no hour: its line says so, no bare "oui"
    fr, en = _POLAR[(polarity, d.state)]
    return en if lang == "en" else fr


# Two calls' windows set side by side: "ferment à la même heure ?", "same deadline day?", "same time?" (an
# instant), "ouvrent à la même date ?" (their openings).
_SAME_HOUR = re.compile(
    r"\b(?:meme|same) (?:heure|horaire|hour)\b"
    # "l'heure limite de dépôt est la même pour les PA et les CI ?"
    r"|\b(?:heure|horaire|hour)s?(?: limites?)?(?: de (?:depot|cloture))? (?:est|sont|is|are) (?:la |the )?(?:meme|same)\b"
)
_SAME_INSTANT = re.compile(r"\b(?:meme moment|same time|same moment)\b")
_SAME_DAY = re.compile(r"\b(?:meme|same) (?:jour|date|day|deadline|date limite)\b")


def _yes_no(yes: bool, lang: str) -> str:
    """The yes or no a lead starts with: "Oui :", "Non :", "Yes:", "No:"."""
    if lang == "en":
        return "Yes:" if yes else "No:"
    return "Oui :" if yes else "Non :"


def _each(parts: list[str], lang: str) -> str:
    """Parts said one after the other, the way each language separates them ("…; …", "… ; …")."""
    return ("; " if lang == "en" else " ; ").join(parts)


def same_lead(
    question: str, kind: str, deadlines: tuple[DeadlineStatus, ...], names: dict[str, str], lang: str
) -> str | None:
    """The yes or no a folded question asks of two calls' closing (or, for an opening question, opening) hour,
    instant or day ("PA et CI ferment à la même heure ?"), each said; None when it asks none of them, a call gives
    no hour, or an opening is unknown."""
    if len(deadlines) != 2 or " ou " in question or " or " in question:
        return None
    if kind == "opening":
        opens = [d.opens_at for d in deadlines]
        if None in opens or not _SAME_DAY.search(question):
            return None
        same = len({local(o).date() for o in opens if o is not None}) == 1
        each = [f"{_name(d.programme, names)}, {day(local(o).date(), lang)}" for d, o in zip(deadlines, opens) if o]
    else:
        hours = all(d.hour_stated for d in deadlines)
        if _SAME_INSTANT.search(question) and hours:
            same = deadlines[0].closes_at == deadlines[1].closes_at
        elif _SAME_HOUR.search(question) and hours:
            same = local(deadlines[0].closes_at).time() == local(deadlines[1].closes_at).time()
        elif _SAME_DAY.search(question):
            same = deadlines[0].last_day == deadlines[1].last_day
        else:
            return None
        each = [f"{_name(d.programme, names)}, {_when(d, lang)}" for d in deadlines]
    return f"{_yes_no(same, lang)} {_each(each, lang)}."


# Which of several calls opens or closes first: "which one opens first, PA or CI?", "lequel ferme en premier ?".
_FIRST = re.compile(r"\b(?:first|en premier|le premier|la premiere|earlier|earliest|plus tot)\b")
_OTHER_STEP = re.compile(
    r"\b(?:auditions?|interviews?|preselections?|shortlist\w*|resultats?|results?|jury|etapes?|steps?|stages?|selection"
    r"|prise de fonction|start(?:ing)? date|apres|after)\b"
)


def first_lead(
    question: str, kind: str, deadlines: tuple[DeadlineStatus, ...], names: dict[str, str], lang: str
) -> str | None:
    """ "D'abord Postes d'accueil : 20 janvier 2026 ; puis Contrats d'interface : 8 avril 2026." for a folded question
    asking which call opens (an opening question) or closes first; None when it does not, or a day is unknown."""
    if len(deadlines) < 2 or not _FIRST.search(question) or _OTHER_STEP.search(question):
        return None  # ("the CI deadline or the PA interviews?", "la première étape après la date limite ?")
    opening = kind == "opening"
    if opening and any(d.opens_at is None for d in deadlines):
        return None
    ordered = sorted(deadlines, key=lambda d: d.opens_at if opening and d.opens_at else d.closes_at)
    sep = ":" if lang == "en" else " :"
    each = [
        f"{_name(d.programme, names)}{sep} {day(local(d.opens_at).date(), lang) if opening and d.opens_at else _when(d, lang)}"
        for d in ordered
    ]
    return f"First {'; then '.join(each)}." if lang == "en" else f"D’abord {' ; puis '.join(each)}."


# One programme's step set before or after another's: "les auditions PA ont lieu avant celles du CI ?".
_BEFORE = re.compile(r"\b(?:avant|before|plus tot|earlier|(?P<after>apres|after|plus tard|later))\b")
_CHOICE_OR_WHEN = re.compile(
    r"\b(?:ou|or|quand|when|quel|quelle|quels|quelles|what|which|lequel|laquelle|lesquels|lesquelles)\b"
)


def order_lead(
    question: str, events: tuple[EventInfo, ...], named: list[str], names: dict[str, str], lang: str
) -> str | None:
    """The yes or no a folded question asks of two programmes' same step, one before or after the other ("do the PA
    auditions happen before the CI ones?"), each said, in the order ``named`` (the question's); None unless two
    dated steps of two programmes are set so."""
    order = _BEFORE.search(question)
    if (
        order is None
        or len(events) != 2
        or events[0].programme == events[1].programme
        or events[0].kind != events[1].kind
        or _CHOICE_OR_WHEN.search(question)
    ):
        return None  # "quand ont lieu les auditions ? je pars après le 15 juin", "before or after?": no yes or no
    if not {e.programme for e in events} <= set(named):
        return None
    events = tuple(sorted(events, key=lambda e: named.index(e.programme)))
    ends = [(e.date or e.end, e.date or e.start) for e in events]
    if any(end is None or start is None for end, start in ends):
        return None
    (first_end, first_start), (second_end, second_start) = ends
    assert first_end and first_start and second_end and second_start  # (checked above)
    if first_end < second_start:
        before = True
    elif second_end < first_start:
        before = False
    else:
        return None  # periods that overlap: neither before the other
    yes = not before if order.group("after") else before
    each = [f"{_name(e.programme, names)}, {_event_when(e, lang)}" for e in events]
    return f"{_yes_no(yes, lang)} {_each(each, lang)}."


def months_lead(
    months: tuple[int, ...], events: tuple[EventInfo, ...], named: list[str], names: dict[str, str], lang: str
) -> str | None:
    """ "Oui : Postes d'accueil, … juin ; Contrats d'interface, novembre 2026." for steps a question says fall in
    ``months`` (one per step, in the order ``named``, the question's) and asks to confirm; None unless each step
    asked is one programme's, dated."""
    if len(months) != len(events) or len({e.programme for e in events}) != len(events):
        return None
    if len(events) > 1:
        if not {e.programme for e in events} <= set(named):
            return None
        events = tuple(sorted(events, key=lambda e: named.index(e.programme)))
    held = []
    for month, e in zip(months, events):
        first, last = (e.date, e.date) if e.date else (e.start, e.end)
        if first is None or last is None:
            return None
        held.append(
            first.month <= month <= last.month if first.year == last.year else month in (first.month, last.month)
        )
    each = [f"{_name(e.programme, names)}, {_event_when(e, lang)}" for e in events]
    return f"{_yes_no(all(held), lang)} {_each(each, lang)}."


# Two programmes' same step asked to be in one place: "publiés sur le même site ?", "same website?".
# (not "le même site que les inscriptions ?": another step's place, not the other call's)
_SAME_PLACE = re.compile(
    r"\b(?:meme|same) (?:site|website|web ?site|endroit|place|plateforme|platform|page|portail)\b(?!\s+(?:que|qu'|than|as)\b)"
)


def place_lead(question: str, events: tuple[EventInfo, ...], names: dict[str, str], lang: str) -> str | None:
    """ "Non : Postes d'accueil, site Eva ; Contrats d'interface, site Inserm pro." for a folded question asking
    whether two programmes' same step happens in the same place; None unless both texts say where."""
    if not _SAME_PLACE.search(question) or len(events) != 2 or events[0].programme == events[1].programme:
        return None
    if events[0].kind != events[1].kind or not (events[0].place and events[1].place):
        return None
    yes = fold(events[0].place) == fold(events[1].place)
    return f"{_yes_no(yes, lang)} {_each([f'{_name(e.programme, names)}, {e.place}' for e in events], lang)}."


# A share of time a yes or no states to be checked: "le CI c'est plein temps ?", "is the PA part-time?".
_FULL_WORDS = r"temps plein|plein temps|full[- ]time|a 100 ?%"
_PART_WORDS = r"temps partiel|part[- ]time"
_HALF_WORDS = r"mi-?temps|half[- ]time"
_FULL_TIME = re.compile(rf"\b(?:{_FULL_WORDS})")
_PART_TIME = re.compile(rf"\b(?:{_PART_WORDS}|(?P<half>{_HALF_WORDS}))\b")
# ... or the asker's own: "je suis PH à temps partiel".
_OWN_TIME = re.compile(
    r"\b(?:je suis|j'suis|je bosse|je travaille|je serai|i am|i'm|i work|je suis employee?|mon poste est)\b[^?.]{0,40}"
    rf"\b(?:{_FULL_WORDS}|{_PART_WORDS}|{_HALF_WORDS})"
)
_LENGTH_SAID = re.compile(r"\b\d+ (?:ans?|annees?|years?|mois|months?)\b")
_BUT = re.compile(r"\b(?:mais|but|et pour|and for|what about)\b")
_LIKE = re.compile(r"\b(?:comme|like|as)\b")
_TIMES = {
    "full": ("full time", "à temps plein"),
    "part": ("part time", "à temps partiel"),
    "half": ("half research, half clinical", "mi-temps recherche"),
}


def time_lead(
    question: str, durations: tuple[DurationInfo, ...], named: list[str], names: dict[str, str], lang: str
) -> str | None:
    """ "Non : Contrats d'interface, à temps partiel ; Postes d'accueil, à temps plein." for a folded yes or no
    question stating a share of time ("le CI c'est plein temps comme le PA ?"): the first programme named is the one
    checked, each one's said; None when the question states both shares (a choice), or a programme's lengths differ
    in time, or a part time is checked as a half time."""
    full, part = _FULL_TIME.search(question), _PART_TIME.search(question)
    if bool(full) == bool(part) or not durations or _OWN_TIME.search(question) or _LENGTH_SAID.search(question):
        return None  # ("je suis PH à temps partiel, le CI dure 3 ou 5 ans ?": the asker's time, and a length asked)
    if _BUT.search(question):
        return None  # "en PA on est à temps plein, mais en CI ?": the second asked, after the first said
    order = [p for p in named if any(d.programme == p for d in durations)] or list(
        dict.fromkeys(d.programme for d in durations)
    )
    times: dict[str, str] = {}
    for programme in order:
        kinds = {d.time for d in durations if d.programme == programme}
        if len(kinds) != 1:
            return None
        times[programme] = kinds.pop()
    # "le CI c'est plein temps comme le PA ?" checks the first; "le PA et le CI sont à temps plein ?" both.
    checked = [times[order[0]]] if _LIKE.search(question) else list(times.values())
    if full:
        yes = all(t == "full" for t in checked)
    elif part and part.group("half"):
        if "part" in checked:
            return None  # a part time may or may not be a half time
        yes = all(t == "half" for t in checked)
    else:
        yes = all(t in ("part", "half") for t in checked)
    each = [f"{_name(p, names)}, {_TIMES[t][0 if lang == 'en' else 1]}" for p, t in times.items()]
    return f"{_yes_no(yes, lang)} {_each(each, lang)}."


def checked_lead(
    checked: tuple[int, int | None, int | None], kind: str, deadlines: tuple[DeadlineStatus, ...], lang: str
) -> str | None:
    """ "Oui"/"Non" to a date of one call a question asks to confirm ((month, day, year or None)), with the call's
    own date: its opening for an opening question, its last day otherwise."""
    if len(deadlines) != 1:
        return None
    d = deadlines[0]
    if kind == "opening":
        if d.opens_at is None:
            return None
        actual = local(d.opens_at).date()
        said = day(actual, lang)
    else:
        actual, said = d.last_day, _when(d, lang)
    month, dom, year = checked
    if dom is None and month == actual.month:
        return None  # "fin juin" of a call closing on 30 June: no day was said to check
    same = (actual.month, actual.day) == (month, dom) and year in (None, actual.year)
    return f"{_yes_no(same, lang)} {said if lang == 'en' else 'le ' + said}."


def moment_note(words: str, at: dt.datetime, precision: str, lang: str) -> str:
    """The moment a question gives, said before an answer judged at it ("la semaine prochaine": 29 mai 2026)."""
    at = local(at)
    when = day(at.date(), lang)
    if precision == "time":
        when += f", {at:%H:%M} ({'Paris time' if lang == 'en' else 'heure de Paris'})"
    if lang == "en":
        return f"At the moment you give (“{words}”: {when}):"
    return f"Au moment que vous indiquez (« {words} » : {when}) :"


def _name(programme: str, names: dict[str, str]) -> str:
    return names.get(programme, programme)


def proposal_notice(source: Source, lang: str, denied: bool = False) -> str:
    """What is said whenever a proposal's text is quoted: nobody can apply to it (after a "Non :" when ``denied``,
    for "c'est un appel ?")."""
    if lang == "en":
        notice = (
            f"The Contrat Engagement Recherche (CER) is a proposal by a students' association (AMPS), not an open "
            f"call: nobody can apply to it today. {quote(source)}"
        )
    else:
        notice = (
            f"Le Contrat Engagement Recherche (CER) est une proposition d'une association étudiante (AMPS), pas un "
            f"appel ouvert : il n'est pas possible d'y candidater aujourd'hui. {quote(source)}"
        )
    return f"{_yes_no(False, lang)} {notice[0].lower()}{notice[1:]}" if denied else notice


def _when(d: DeadlineStatus, lang: str) -> str:
    if not d.hour_stated:
        return f"{day(d.last_day, lang)} ({'no time of day is given' if lang == 'en' else 'le texte ne précise pas d’heure'})"
    hour = d.closes_at.strftime("%H:%M")
    return f"{day(d.last_day, lang)}, {hour} ({'Paris time' if lang == 'en' else 'heure de Paris'})"


def _deadline(d: DeadlineStatus, names: dict[str, str] | None, lang: str) -> str:
    """Where a call stands, with its clauses; ``names`` None: without the programme's name (under a verdict)."""
    when = _when(d, lang)
    opens = day(d.opens_at.date(), lang) if d.opens_at else None
    if d.opens_at is not None and d.state is State.NOT_YET_OPEN:  # "in 9 days": how long to wait
        wait = (d.opens_at.date() - local(d.now).date()).days
        if wait == 1:  # "in 1 day" reads as a count; the day after today is "tomorrow"
            opens = f"{opens} ({'tomorrow' if lang == 'en' else 'demain'})"
        else:
            opens = (
                f"{opens} ({'in' if lang == 'en' else 'dans'} {plural(wait, 'day' if lang == 'en' else 'jour', lang)})"
            )
    if lang == "en":
        if d.state is State.NOT_YET_OPEN:
            body = f"registration is not open yet: it opens on {opens}; the application deadline is {when}."
        elif d.state is State.OPEN and _last_day_unsaid(d):
            body = f"the application deadline is today, {when}: this is the last day."
        elif d.state is State.OPEN:
            body = f"the application deadline is {when}. Applications are open until then: {_remaining(d, lang)} left."
        else:
            body = f"the application deadline was {when}; this call is closed."
    else:
        if d.state is State.NOT_YET_OPEN:
            body = (
                f"les inscriptions ne sont pas encore ouvertes : elles ouvrent le {opens} ; la date limite de dépôt "
                f"est le {when}."
            )
        elif d.state is State.OPEN and _last_day_unsaid(d):
            body = f"la date limite de dépôt est aujourd’hui, le {when} : c’est le dernier jour."
        elif d.state is State.OPEN:
            body = f"la date limite de dépôt est le {when}. L’appel est ouvert jusqu’à cette date : il reste {_remaining(d, lang)}."
        else:
            body = f"la date limite de dépôt était le {when} ; cet appel est clos."
    sep = ":" if lang == "en" else " :"
    text = f"**{_name(d.programme, names)}**{sep} {body}" if names is not None else body[0].upper() + body[1:]
    return text + " " + " ".join(quote(s) for s in d.sources)


def _last_day_unsaid(d: DeadlineStatus) -> bool:
    """Today is the last day of a call that gives no hour: no count of hours left, which would be a guess."""
    return not d.hour_stated and not d.days_left


def _remaining(d: DeadlineStatus, lang: str) -> str:
    """ "10 jours (257 heures)"; on the last day, the hours alone: "8 heures"."""
    if not d.days_left:
        return _left(d, lang)
    return f"{plural(d.days_left, 'day' if lang == 'en' else 'jour', lang)} ({_left(d, lang)})"


def _left(d: DeadlineStatus, lang: str) -> str:
    if d.hours_left:
        return plural(d.hours_left, "hour" if lang == "en" else "heure", lang)
    return plural(d.minutes_left or 0, "minute", lang)


def plural(n: int, word: str, lang: str) -> str:
    """ "3 jours", "1 jour", "0 jour" (French: singular below 2); "1 day", "0 days"."""
    return f"{n} {word}" if (n == 1 if lang == "en" else n < 2) else f"{n} {word}s"


_STATE_ORDER = {State.OPEN: 0, State.NOT_YET_OPEN: 1, State.CLOSED: 2}


def _undated_steps(result: RulesResult, names: dict[str, str], lang: str) -> list[str]:
    """The steps a message asked beside others that have dates ("la présélection et les entretiens ?"), for a
    programme whose call dates only some: said to be undated, not left out."""
    if result.intent.kind != "event" or len(result.intent.events) < 2:
        return []
    dated = {(e.programme, e.kind) for e in result.events}
    lines = []
    for programme in dict.fromkeys(e.programme for e in result.events):
        for step in result.intent.events:
            if (programme, step) not in dated:
                what = (_EVENT_EN if lang == "en" else _EVENT_FR)[step]
                said = "the call text gives no date" if lang == "en" else "le texte de l’appel n’en donne pas la date"
                lines.append(f"**{_name(programme, names)}**, {what}{':' if lang == 'en' else ' :'} {said}.")
    return lines


def _event_when(e: EventInfo, lang: str) -> str:
    """When a step is, as its call says it ("1ère quinzaine du mois de juin 2026", "20 janvier 2026, 17:00")."""
    if e.date is not None:
        when = day(e.date, lang) + (f", {e.time.strftime('%H:%M')}" if e.time else "")
        if e.label and not e.time:
            when = e.label if lang == "fr" else f"{when} ({e.label})"
        return when
    return e.label or f"{day(e.start, lang)} – {day(e.end, lang)}"  # type: ignore[arg-type]


def _event(e: EventInfo, names: dict[str, str], lang: str) -> str:
    what = (_EVENT_EN if lang == "en" else _EVENT_FR)[e.kind]
    when = _event_when(e, lang)
    past = (" (passé)" if lang == "fr" else " (past)") if e.past else ""
    sep = ":" if lang == "en" else " :"
    return f"**{_name(e.programme, names)}**, {what}{sep} {when}{past}. " + " ".join(quote(s) for s in e.sources)


def _length(d: DurationInfo, lang: str) -> str:
    """ "5 ans à temps partiel", "2 or 3 years full time", "18 mois", "1 an, renouvelable jusqu'à 3 ans au total"."""
    unit_years = "years" if lang == "en" and d.years != (1,) else "year" if lang == "en" else "ans"
    if lang == "fr" and d.years == (1,):
        unit_years = "an"
    length = " or ".join(str(y) for y in d.years) if lang == "en" else " ou ".join(str(y) for y in d.years)
    if d.months:
        length, unit_years = ", ".join(str(m) for m in d.months), ("months" if lang == "en" else "mois")
    if d.up_to_years:
        unit_years += (
            f", renewable up to {d.up_to_years} years in all"
            if lang == "en"
            else f", renouvelable jusqu’à {d.up_to_years} ans au total"
        )
    return f"{length} {unit_years} {_TIMES[d.time][0 if lang == 'en' else 1]}"


def _compared_lengths(result: RulesResult, lang: str) -> str:
    """ "Non : 3 ans à temps partiel pour PHC, 5 ans à temps partiel pour MCU-PH." for positions compared."""
    en = lang == "en"
    lengths: dict[str, str] = {}
    for status in result.intent.statuses:
        found = [d for d in result.durations if not d.statuses or status in d.statuses]
        if found:
            lengths[status] = " / ".join(_length(d, lang) for d in found)
    each = ", ".join(f"{length} {'for' if en else 'pour'} {label(s, lang)}" for s, length in lengths.items())
    if len(lengths) < len(result.intent.statuses):
        silent = [label(s, lang) for s in result.intent.statuses if s not in lengths]
        return (
            f"The texts give no length for {', '.join(silent)}"
            if en
            else f"Les textes ne donnent pas de durée pour {', '.join(silent)}"
        ) + (f" ({each})." if each else ".")
    relation = result.intent.relation
    if relation != "same":
        # "plus long pour un PU-PH que pour un PHC ?": yes or no when each position has a single length in years;
        # "qui a le plus long ?": each one's.
        years = [{y for d in result.durations if not d.statuses or s in d.statuses for y in d.years} for s in lengths]
        if relation == "each" or len(years) != 2 or any(len(y) != 1 for y in years):
            return f"{each[0].upper()}{each[1:]}."
        first, second = (next(iter(y)) for y in years)
        yes = first > second if relation == "longer" else first < second
        return f"{_yes_no(yes, lang)} {each}."
    if len(set(lengths.values())) == 1:
        return f"Yes, the same length: {each}." if en else f"Oui, la même durée : {each}."
    return f"No: {each}." if en else f"Non : {each}."


def _longer_programme(result: RulesResult, names: dict[str, str], lang: str) -> str:
    """ "Oui : jusqu'à 5 ans (Contrats d'interface), jusqu'à 3 ans (Postes d'accueil)." for "le CI peut-il durer plus
    longtemps qu'un PA ?": each programme's longest length, the first set against the second."""
    en = lang == "en"
    longest: list[tuple[float, str]] = []
    for programme in result.intent.programmes:
        lengths = [
            (float(y), f"{y} {'years' if en else 'ans'}")
            for d in result.durations
            if d.programme == programme
            for y in d.years
        ]
        lengths += [
            (m / 12, f"{m} {'months' if en else 'mois'}")
            for d in result.durations
            if d.programme == programme
            for m in d.months
        ]
        if not lengths:
            return ""
        longest.append(max(lengths))
    first, second = longest[0][0], longest[1][0]
    yes = first > second if result.intent.relation == "longer" else first < second
    up_to = "up to" if en else "jusqu’à"
    each = ", ".join(
        f"{up_to} {said} ({_name(p, names)})" for p, (_, said) in zip(result.intent.programmes, longest, strict=True)
    )
    return f"{_yes_no(yes, lang)} {each}."


def _for_whom(d: DurationInfo, lang: str) -> str:
    """ " pour : praticien hospitalier (PH), ..." when a length is for some positions only."""
    if not d.statuses:
        return ""
    statuses = ", ".join(label(s, lang) for s in d.statuses)
    return f" for {statuses}" if lang == "en" else f" pour : {statuses}"


def _duration(d: DurationInfo, names: dict[str, str], lang: str) -> str:
    sep = ":" if lang == "en" else " :"
    text = f"**{_name(d.programme, names)}**{sep} {_length(d, lang)}{_for_whom(d, lang)}. " + " ".join(
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


def _group_fits(e: Eligibility, said: frozenset[str]) -> bool:
    """Whether a group asked about is one the text names (its status or profession met) and every condition said
    of it is met ("les PH titulaires" for Hauts potentiels is not: a titulaire is no Inserm agent)."""
    named = e.named is not None or any(
        c.kind in ("status", "profession") and c.verdict is Verdict.MET for c in e.criteria
    )
    return named and all(c.verdict is Verdict.MET for c in e.criteria if c.kind in said)


# When a text judges a condition, from its words ("à la date de prise de fonction", "à la date de clôture de l'appel").
_AT_KINDS = (("start", re.compile(r"prise de fonction")), ("closing", re.compile(r"cloture")))


def _judged_when(e: Eligibility, asked: Intent, lang: str) -> str | None:
    """ "Non : la condition de diplôme est jugée « à la date de prise de fonction » (ci-dessous)." for a condition asked
    to be held at a moment ("dois-je avoir mon M2 au moment du dépôt ?"): the moment the text says, after a yes or no
    when the question asks it as a requirement at one moment the text's is or is not (a deposit is before a closing
    day, which is no yes or no)."""
    held = [c for c in e.criteria if c.kind == asked.criterion and c.at]
    if len(held) != 1 or not asked.asked_at or asked.criterion not in _CRITERION_LABEL:
        return None
    values = held[0].values
    if asked.criterion == "diploma" and not (
        asked.diplomas_asked and all(any(v == d or v.startswith(f"{d}-") for v in values) for d in asked.diplomas_asked)
    ):
        return None  # "faut-il un doctorat à la prise de poste ?" of a call asking an M2 ("M2": its M2 recherche)
    at = held[0].at or ""
    label = _CRITERION_LABEL[asked.criterion][0 if lang == "en" else 1]
    said = f"{label} is judged « {at} » (below)." if lang == "en" else f"{label} est jugée « {at} » (ci-dessous)."
    text_at = next((kind for kind, pattern in _AT_KINDS if pattern.search(fold(at))), None)
    if not asked.must_hold or len(asked.asked_at) != 1 or text_at is None:
        return said
    if {asked.asked_at[0], text_at} == {"deposit", "closing"}:
        return said
    return f"{_yes_no(asked.asked_at[0] == text_at, lang)} {said[0].lower()}{said[1:]}"


def _diploma_required(e: Eligibility, asked: Intent, lang: str) -> str | None:
    """ "Oui, le texte l'exige : …" for diplomas asked to be required at no moment ("faut-il un M2 recherche pour le
    PA ?"), when one diploma condition of the text names each (a text requires every diploma it names); None
    otherwise (a diploma it does not name is not said to be a no, nor is anyone's own diploma judged here)."""
    wanted = asked.diplomas_asked
    if asked.criterion != "diploma" or not asked.must_hold or asked.asked_at or not wanted:
        return None
    if asked.profile.said() - {"diploma"} or set(asked.profile.diplomas or ()) - set(wanted):
        return None  # "interne avec un M1, faut-il un M2 ?": the applicant's verdict
    held = [
        c
        for c in e.criteria
        if c.kind == "diploma" and all(any(v == d or v.startswith(f"{d}-") for v in c.values) for d in wanted)
    ]
    return _required_by_text(held[0].expected(lang), lang) if len(held) == 1 else None


def _required_by_text(required: str, lang: str) -> str:
    return f"Yes, the text requires it: {required}." if lang == "en" else f"Oui, le texte l’exige : {required}."


def _criterion_verdict(e: Eligibility, criterion: str, lang: str) -> str | None:
    """The verdict on the one condition a question names, when the profile settles it."""
    verdicts = {c.verdict for c in e.criteria if c.kind == criterion}
    if criterion not in _CRITERION_LABEL and criterion not in ("approval", "paid_by"):
        return None  # "le labo peut être un CIC ?" asks of an option, not of the applicant (see answer._allowed)
    if criterion in ("approval", "paid_by") and verdicts == {Verdict.UNKNOWN}:
        # "Faut-il l'accord de mon hôpital ?", "faut-il être payé par l'Inserm ?": what the text requires, whoever
        # asks (one requirement, not a choice among values).
        return _required_by_text("; ".join(c.expected(lang) for c in e.criteria if c.kind == criterion), lang)
    if not verdicts or Verdict.UNKNOWN in verdicts:
        return None
    met = verdicts == {Verdict.MET}
    label = _CRITERION_LABEL[criterion][0 if lang == "en" else 1]
    if lang == "en":
        return f"{label}: {'yes, you meet it' if met else 'no, you do not meet it'} (below)."
    return f"{label} : {'oui, vous la remplissez' if met else 'non, vous ne la remplissez pas'} (ci-dessous)."


_CRITERION_LABEL = {
    "seniority": ("The seniority condition", "La condition d’ancienneté"),
    "diploma": ("The diploma condition", "La condition de diplôme"),
    "status": ("The status condition", "La condition de statut"),
    "profession": ("The profession condition", "La condition de profession"),
    "employer": ("The institution condition", "La condition d’établissement"),
    "paid_by": ("The pay condition", "La condition de rémunération"),
    "approval": ("The approvals condition", "La condition d’accords"),
}


def _eligibility(
    e: Eligibility, names: dict[str, str], lang: str, aim: Source | None = None, asked: Intent | None = None
) -> str:
    """A verdict and its criteria; ``asked``: the question's intent, when what it asks of the verdict (a group's,
    one condition's) is said first."""
    sep = ":" if lang == "en" else " :"
    overall = _OVERALL[lang][e.overall]
    if asked is not None and asked.of_a_group and e.overall is Overall.UNKNOWN and _group_fits(e, asked.profile.said()):
        overall = _GROUP[lang] if e.named is None else _NAMED[lang].format(quote=quote(e.named))
    open_now = e.deadline is None or e.deadline.state is State.OPEN
    if e.overall is Overall.UNKNOWN and overall == _OVERALL[lang][e.overall] and _conditional(e):
        overall = _CONDITIONAL[lang] if open_now else _CONDITIONAL_NOT_OPEN[lang]
    elif not open_now:
        overall = _NOT_OPEN[lang].get(e.overall, overall)
    if e.overall is Overall.PROPOSAL and any(c.verdict is Verdict.NOT_MET for c in e.criteria):
        # A criterion of the proposal's text the profile fails: said with the verdict, not only in the list.
        overall += "; by its text, not eligible" if lang == "en" else " ; d’après son texte, non éligible"
    elif e.overall is Overall.PROPOSAL and e.criteria and all(c.verdict is Verdict.MET for c in e.criteria):
        # Every condition of the proposal's text met: said with the verdict ("je fais partie du public du CER ?").
        overall += "; by its text, yes, eligible" if lang == "en" else " ; d’après son texte, oui, éligible"
    lines = [f"**{_name(e.programme, names)}**{sep} {overall}."]
    if e.named is not None and quote(e.named) not in overall:  # "cheffe d'équipe, DR2 : les HP ?": the trade listed
        lines.append(
            f"The text names this trade among those it takes: {quote(e.named)}"
            if lang == "en"
            else f"Le texte cite ce métier parmi ceux qu’il réunit : {quote(e.named)}"
        )
    if (
        asked is not None
        and asked.criterion is not None
        and (
            verdict := _judged_when(e, asked, lang)
            or _diploma_required(e, asked, lang)
            or _criterion_verdict(e, asked.criterion, lang)
        )
    ):
        lines.insert(0, verdict)  # "la condition d'ancienneté ?": that condition first
    if aim is not None:  # what the programme is for, when choosing among several
        lines.append(f"{'What for' if lang == 'en' else 'Objet'}{sep} {quote(aim)}")
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


def _conditional(e: Eligibility) -> bool:
    """Whether a verdict to be confirmed is a yes on conditions: none failed, and the position met (any criterion
    when the programme names none): a profession alone ("médecin libéral") is no yes on a call for hospital
    practitioners."""
    verdicts = {c.verdict for c in e.criteria}
    status = [c.verdict for c in e.criteria if c.kind == "status"]
    return Verdict.NOT_MET not in verdicts and (Verdict.MET in status if status else Verdict.MET in verdicts)


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
