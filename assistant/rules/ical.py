"""The dated events of a programme as an iCalendar file (RFC 5545). Pure: text in, text out.

Deadlines with an hour are exact instants (written in UTC, so any agenda shows
the right local time); days and periods are all-day events.
"""

from __future__ import annotations

import datetime as dt

from assistant.rules.book import RuleBook
from assistant.rules.deadlines import UTC, closing_instant
from assistant.rules.models import Event, RulesFile

_LABELS = {
    "registration_opens": "ouverture des inscriptions",
    "application_deadline": "date limite de dépôt des candidatures",
    "preselection": "présélections",
    "auditions": "auditions",
    "results": "résultats",
    "start": "prise de fonction / début du contrat",
    "promotion_launch": "lancement de la promotion",
}


def calendar(files: list[RulesFile], programme_names: dict[str, str], stamp: dt.datetime) -> str:
    """A VCALENDAR with one VEVENT per dated rule of the given files (superseded ones left out)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Inserm passerelles assistant//FR", "CALSCALE:GREGORIAN"]
    for rules in files:
        for event in rules.events:
            if event.superseded_by:
                continue
            programme = rules.programme_of(event) or ""
            lines += _vevent(rules.doc_id, event, programme_names.get(programme, programme), stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def programme_calendar(book: RuleBook, programmes: set[str] | None, stamp: dt.datetime) -> str:
    """The calendar of some programmes' events (all programmes' for None); without events, no VEVENT."""
    files = [
        f.model_copy(update={"events": tuple(e for e in f.events if f.programme_of(e) in programmes)})
        if programmes is not None
        else f
        for f in book.files.values()
    ]
    return calendar([f for f in files if f.events], {p.id: p.name for p in book.programmes}, stamp)


def event_label(kind: str) -> str:
    """The French name of a kind of step (« date limite de dépôt des candidatures »)."""
    return _LABELS[kind]


def _vevent(doc_id: str, event: Event, programme: str, stamp: dt.datetime) -> list[str]:
    summary = f"{programme} : {_LABELS[event.kind]}"
    if event.date is not None and event.time is not None:
        instant = closing_instant(event).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        summary += f" ({event.time.strftime('%H:%M')}, heure de Paris)"
        when = [f"DTSTART:{instant}"]  # an instant: RFC 5545 wants DTEND after DTSTART, or none
    else:
        first = event.date or event.start
        last = event.date or event.end
        assert first is not None and last is not None
        when = [f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}"]
        if event.label:
            summary += f" ({event.label})"
    return [
        "BEGIN:VEVENT",
        f"UID:{doc_id}-{event.id}@passerelles-assistant",
        f"DTSTAMP:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        *when,
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(' / '.join(event.quotes) + f' (source : {doc_id})')}",
        "END:VEVENT",
    ]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not out else 74  # continuation lines start with a space
        if len((current + ch).encode()) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return "\r\n ".join(out)
