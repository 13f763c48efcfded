"""Time as people say it: the moment a question asks about, resolved against ``now`` in Paris time.

"il est 18h" on the day a call closes at 17h means it is closed; so does "ce soir". "demain", "la semaine
prochaine", "dans 3 jours", "en octobre", "dès septembre", "l'an prochain" move the moment the rules judge a
deadline at. Only the question's own words count: a moment is never taken from a date the user states as a fact
about a call ("la date limite est le 31 décembre" is no moment of theirs; the rules never read user dates).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from assistant.text import EITHER_OR, PAST_ACT, question_sentences

Precision = Literal["time", "day", "month", "year"]


class Moment(BaseModel):
    """The moment a question asks about."""

    model_config = ConfigDict(frozen=True)

    words: str
    at: dt.datetime
    precision: Precision


_MONTHS = {
    "janvier": 1, "january": 1, "fevrier": 2, "february": 2, "mars": 3, "march": 3, "avril": 4, "april": 4,
    "mai": 5, "may": 5, "juin": 6, "june": 6, "juillet": 7, "july": 7, "aout": 8, "august": 8,
    "septembre": 9, "september": 9, "octobre": 10, "october": 10, "novembre": 11, "november": 11,
    "decembre": 12, "december": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "il est 18h", "il est déjà 17h30", "it's 6pm", "now 5:30 pm": the time it is now ("à 17h" asks about the call).
_CLOCK = re.compile(
    # "it's 6:30 pm" before "it's 6:30": the half of the day is part of the reading.
    r"\b(?:il est|it'?s|it is|now)\s+(?:already\s+)?(?P<h12>\d{1,2})(?::(?P<m12>\d{2}))?\s*(?P<half>am|pm)\b"
    r"|\b(?:il est|it'?s|it is|now|maintenant|la)\s+(?:deja\s+|already\s+)?(?P<h>\d{1,2})\s*(?:h|:|heures?\b)\s*"
    r"(?P<m>\d{2})?"
)
# "6:30 pm Paris time", "heure de Paris": the clock is already Paris's, wherever the user is.
_PARIS_TIME = re.compile(
    r"\bparis time\b|\bheure de paris\b|\bheure (?:francaise|de france)\b|\bfrench time\b|\bin paris\b"
)
_PARTS = (
    (re.compile(r"\bce soir\b|\btonight\b|\bthis evening\b|\bcette nuit\b"), dt.time(20, 0)),
    (re.compile(r"\bcet apres-midi\b|\bcet aprem\b|\bthis afternoon\b"), dt.time(15, 0)),
    (re.compile(r"\bce matin\b|\bthis morning\b"), dt.time(9, 0)),
    (re.compile(r"\ba midi\b|\bat noon\b|\bce midi\b"), dt.time(12, 0)),
)
_DAYS = (
    (re.compile(r"\bapres-demain\b|\bday after tomorrow\b"), 2),
    (re.compile(r"\bdemain\b|\btomorrow\b"), 1),
    (re.compile(r"\bla semaine prochaine\b|\bnext week\b"), 7),
    (re.compile(r"\ble mois prochain\b|\bnext month\b"), 30),
)
# "I'm in New York and it's 12:00 here", "il est 8h à la Réunion": a clock read where the user is. Overseas France
# and the places applicants write from most; a deadline is at a Paris hour.
_ZONES = tuple(
    (re.compile(rf"\b(?:{words})\b"), ZoneInfo(zone))
    for words, zone in (
        (r"la reunion|reunion island|saint-denis de la reunion", "Indian/Reunion"),
        (r"mayotte", "Indian/Mayotte"),
        (r"guadeloupe|martinique|saint-martin|saint-barthelemy", "America/Martinique"),
        (r"guyane|french guiana|cayenne", "America/Cayenne"),
        (r"nouvelle-caledonie|new caledonia|noumea", "Pacific/Noumea"),
        (r"polynesie|french polynesia|tahiti|papeete", "Pacific/Tahiti"),
        (r"saint-pierre-et-miquelon", "America/Miquelon"),
        (r"new york|new-york|boston|washington|montreal|quebec|toronto", "America/New_York"),
        (r"chicago", "America/Chicago"),
        (r"san francisco|los angeles|californie|california|seattle", "America/Los_Angeles"),
        (r"londres|london|dublin|lisbonne|lisbon", "Europe/London"),
        (r"tokyo|japon|japan", "Asia/Tokyo"),
        (r"utc|gmt", "UTC"),
    )
)
_WEEKDAYS = {
    "lundi": 0, "monday": 0, "mardi": 1, "tuesday": 1, "mercredi": 2, "wednesday": 2, "jeudi": 3, "thursday": 3,
    "vendredi": 4, "friday": 4, "samedi": 5, "saturday": 5, "dimanche": 6, "sunday": 6,
}  # fmt: skip
# "mardi prochain", "next Tuesday", "ce vendredi", "on Friday": that day, the next one to come ("next" the same
# weekday as today: a week on). "Today is Thursday", "on est jeudi" say what today is, not a moment asked about.
_WEEKDAY = re.compile(
    rf"(?<!today is )(?<!it's )(?<!it is )(?<!on est )(?<!nous sommes )(?<!aujourd'hui c'est )(?<!aujourd'hui )"
    rf"\b(?P<next>next |this |ce |on )?(?P<day>{'|'.join(_WEEKDAYS)})\b(?P<after> prochain)?"
)
_IN_DAYS = re.compile(r"\b(?:dans|in)\s+(\d{1,3})\s*(?:jours?|days?)\b")
# "il est 16h, c'est bon si je dépose dans 30 min ?": minutes or hours from the clock said (or from now).
_IN_TIME = re.compile(
    r"\b(?:dans|in)\s+(?:(?P<n>\d{1,3})|(?P<one>une?|an|one)|(?P<two>deux|two))\s*"
    r"(?:(?P<min>min(?:ute)?s?|mn)\b|(?:h|heures?|hours?)(?:\s*(?P<m>\d{2})\b)?)"
)
# "ferme dans 2h ?" asks when the call closes, not when the user acts.
_CALL_DOES = re.compile(r"\b(?:ferme|fermera|close|closes|cloture|ouvre|ouvrira|opens?|finit|ends?|termine)\W+$")
# "en octobre", "dès septembre", "in October", "from September": the month's first day, this year or the next.
_IN_MONTH = re.compile(rf"\b(?:en|des|a partir de|debut|fin|mi-|in|from|by|early|late|mid-?)\s*({_MONTH})\b(?!\s+\d)")
_THIS_YEAR = re.compile(r"\bcette annee\b|\bthis year\b|\bcette fois\b")
_NEXT_YEAR = re.compile(r"\bl'an(?:nee)? prochaine?\b|\bnext year\b|\bl'annee suivante\b|\bthe following year\b")


# What someone else said is no moment of the user's: "un collègue m'a dit que ça n'ouvrait qu'en septembre".
_REPORTED = re.compile(
    r"\b(?:m'a dit|m'ont dit|m'a affirme|m'a explique|j'ai (?:entendu|lu)|il parait|i was told|i heard|i read"
    r"|(?:told|said to) me|(?:says|said|claims|claimed) (?:that )?)\b[^?.!,]*"
)


# A day said as a date of the call, checked: "le CI ferme bien le 27 mai ?", "the deadline is October 31, right?":
# the date follows a word of the call's closing or opening, and the question asks to confirm it.
# (the words between the call's verb or noun and its date: "la date limite est bien le 27 mai")
_BETWEEN = r"est|is|sera|will be|c'est|bien|est-elle|on|le|the|au|still|really"
_CALL_DAY = re.compile(
    r"\b(?:ferme|fermera|ferment|fermeture|cloture|clotures|date limite|deadline|closes?|closing|ends?|due|ouvre"
    rf"|ouvrent|ouvrira|opens?|ouverture|jusqu'au|until|limite)\b(?:\s+(?:{_BETWEEN}))*\s+"
    rf"(?:(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({_MONTH})|({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?)(?:,?\s+((?:19|20)\d{{2}}))?\b"
)
_CHECKED = re.compile(
    r"\b(?:c'est bien|bien le|bien au|bien jusqu'|est-ce bien|confirmer|confirm|right|correct|exact|vrai|true"
    r"|la meme date|the same date|is it (?:still |really )?(?:on )?)\b|\bn'est-ce pas\b|\bhein\b|\bbien\b"
)
_ASKS_DAY = re.compile(r"\bquand\b|\bwhen\b|\bquel(?:le)? (?:jour|date)\b|\b(?:what|which) (?:day|date)\b")
_CLOCK_SAID = re.compile(r"\b\d{1,2}\s*(?:h|:\d{2}|heures?\b|am\b|pm\b)")
_MONTH_DAY = re.compile(rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{_MONTH})\b|\b(?:{_MONTH})\s+\d{{1,2}}\b")


# ... or a month only: "the deadline is at the end of June", "la clôture c'est bien fin juin ?".
_CALL_MONTH = re.compile(
    r"\b(?:fermeture|cloture|date limite|deadline|closing date|limite de depot)\b"
    rf"(?:\s+(?:{_BETWEEN}|at|in|en|a|la|fin|end|of|debut|early|late|mi|mid|vers|around|towards?)){{0,6}}\s+({_MONTH})\b"
    r"(?!\s+\d)"
)


# Months said of a call's steps, asked to confirm: "auditions PA en juin et auditions CI en novembre, c'est bien ça
# ?", "the CI interviews are in November, right?" (a step's word before each month, no one's own plans).
_STEP_WORD = re.compile(
    r"\b(?:auditions?|preselections?|selections?|resultats?|results?|entretiens?|interviews?|jury|comites?"
    r"|committees?|publications?|shortlist\w*)\b"
)
_PART_OF_MONTH = re.compile(rf"\b(?:debut|fin|mi-?|early|late|mid-?|end of|beginning of|start of)\s*(?:{_MONTH})\b")
_YEAR_SAID = re.compile(rf"\b(?:19|20)\d\d\b|{_NEXT_YEAR.pattern}|{_THIS_YEAR.pattern}")
_STEP_MONTH = re.compile(rf"\b(?:en|in|au mois de|le mois de|debut|fin|mi-|early|late|mid-?)\s*({_MONTH})\b(?!\s+\d)")


def checked_months(text: str) -> tuple[int, ...] | None:
    """The months a folded question says its steps fall in and asks to confirm, in the order said; None when it asks
    no such confirmation, asks when, or says a month of no step."""
    if not _CHECKED.search(text) or _ASKS_DAY.search(text) or EITHER_OR.search(text) or _MONTH_DAY.search(text):
        return None
    if _PART_OF_MONTH.search(text) or _YEAR_SAID.search(text):
        return None  # "fin juin", "en décembre l'an prochain": more than a month to check; the periods say it
    months: list[int] = []
    start = 0
    for m in _STEP_MONTH.finditer(text):
        steps = list(_STEP_WORD.finditer(text, start, m.start()))
        if not steps or _ASKER.search(text, steps[-1].end(), m.start()):
            return None  # "je pars en juin" is the asker's month, not a step's
        months.append(_MONTHS[m.group(1)])
        start = m.end()
    return tuple(months) or None


# The asker, as the one who acts: "je pars en juin", "je peux déposer demain", "I'll submit tomorrow".
_ASKER = re.compile(r"\b(?:je|j'|moi|on|nous|i|i'll|i'm|we|we'll)\b")
_SOMEONE_ELSES = re.compile(r"\b(?:mon|ma|mes|my|our|notre|nos|son|sa|ses|his|her|leur|their)\s+[\w-]+\s*$")


def checked_day(text: str) -> tuple[int, int | None, int | None] | None:
    """(month, day or None, year or None) of the one date of the call a folded question asks to confirm ("la date
    limite c'est bien le 20 février ?", "the deadline is at the end of June, right?"); None when it asks no confirmation, asks when, says an hour, or says another date
    (the asker's plans, "je pars le 15 mai", are no date of the call)."""
    if not _CHECKED.search(text) or _ASKS_DAY.search(text) or _CLOCK_SAID.search(text) or EITHER_OR.search(text):
        return None
    found = list(_CALL_DAY.finditer(text))
    if not found and len(months := _CALL_MONTH.findall(text)) == 1:
        return _MONTHS[months[0]], None, None  # a month only: the call's, asked to confirm
    if len(found) != 1 or len(_MONTH_DAY.findall(text)) != 1:
        return None
    m = found[0]
    if _SOMEONE_ELSES.search(text[max(0, m.start() - 30) : m.start()]):
        return None  # "mon service ferme le 15 août": a date of the asker's, not the call's
    year = int(m.group(5)) if m.group(5) else None
    return _MONTHS[m.group(2) or m.group(3)], int(m.group(1) or m.group(4)), year


# Today, or a day from it, asked to be the call's opening or last day: "c'est bien aujourd'hui que ça ouvre ?",
# "dernier jour c bien aujourd'hui ?", "today is the deadline, right?", "the deadline is tomorrow, correct?".
_DAY_WORD = r"(aujourd'?hui|today|apres-demain|(?:the )?day after tomorrow|demain|tomorrow)"
_DAY_OFFSETS = (("apres", 2), ("after", 2), ("demain", 1), ("tomorrow", 1))
_DAY_CHECKED = re.compile(
    rf"\b(?:c'est|c|est-ce|is it|it's|is) (?:bien |really |actually )?{_DAY_WORD}\b"
    rf"|\b{_DAY_WORD}\b,? (?:c'est|is) (?:bien |really )?(?:le|la|the)\b"
    rf"|\b{_DAY_WORD}\b[^?]{{0,25}}\b(?:right|correct|n'est-ce pas|hein|c'est (?:bien )?ca|non|true)\s*\?"
    rf"|\b(?:ferme|ouvre|cloture|closes|opens|ends|finit|se termine)\s+(?:bien\s+|really\s+)?{_DAY_WORD}\s*\?"
)
_OWN_DAY = re.compile(
    r"\b(?:mon|ma|mes|my|notre|our|son|sa|his|her)\s+(?:\w+\s+)?(?:dernier|premier|last|first)\s+(?:jour|day)\b"
    r"|\b(?:dernier|premier|last|first) (?:jour|day) (?:de|d'|du|of|at) (?:mon|ma|mes|my|notre|our|son|sa|his|her)\b"
)
_MIDNIGHT = re.compile(r"\bminuit\b|\bmidnight\b")
_OPENING_CHECKED = re.compile(r"\b(?:ouvre|ouvrent|ouverture|opens?|opening|commencent|start)\b")
_CLOSING_CHECKED = re.compile(r"\b(?:dernier jour|last day|date limite|deadline|ferme|closes?|cloture|closing)\b")


def day_checked(text: str) -> tuple[Literal["opening", "deadline"], int] | None:
    """Which of the call's days a folded question asks to confirm is today or a day to come, and how many days from
    today ("c'est bien aujourd'hui que ça ouvre ?": its opening, 0; "the deadline is tomorrow, correct?": its last
    day, 1); None when it asks no such thing."""
    found = next((m for q in question_sentences(text) if (m := _DAY_CHECKED.search(q))), None)
    if found is None:
        return None
    asked = found.string
    if _ASKS_DAY.search(asked) or EITHER_OR.search(asked):
        return None  # ("… aujourd'hui ? je m'inscris par où ?": the other question's "où" is no choice)
    clause = re.split(r"[,;:]", asked[: found.start()])[-1] + re.split(r"[,;:]", asked[found.start() :])[0]
    if _OWN_DAY.search(asked) or _ASKER.search(clause):
        # "c'est aujourd'hui mon dernier jour de CDD", "je peux déposer demain avant la date limite, non ?": the
        # asker's day, not the call's
        return None
    if _CLOCK_SAID.search(asked) or _MIDNIGHT.search(asked):
        return None  # "le CI ferme aujourd'hui à minuit, c'est bien ça ?": a time to check, not only a day
    said = next(d for d in found.groups() if d)
    offset = next((n for word, n in _DAY_OFFSETS if word in said), 0)
    if _OPENING_CHECKED.search(asked) and not _CLOSING_CHECKED.search(asked):
        return "opening", offset
    if _CLOSING_CHECKED.search(asked) and not _OPENING_CHECKED.search(asked):
        return "deadline", offset
    return None


def moment(text: str, now: dt.datetime) -> Moment | None:
    """The moment a folded question (``text.fold``) asks about, or None when it names none."""
    text = PAST_ACT.sub(" ", _REPORTED.sub(" ", text))  # (nor what the asker already did: "j'ai déposé en février")
    day = now
    words: list[str] = []
    precision: Precision | None = None
    # ("the deadline is tomorrow, correct?": tomorrow is the call's day asked about, the user asks today)
    for pattern, offset in () if day_checked(text) else _DAYS:
        if m := pattern.search(text):
            day = now + dt.timedelta(days=offset)
            day = day.replace(hour=0, minute=0, second=0, microsecond=0)
            words.append(m.group(0))
            precision = "day"
            break
    if precision is None and (m := _WEEKDAY.search(text)):
        ahead = (_WEEKDAYS[m.group("day")] - now.weekday()) % 7
        if ahead == 0 and (m.group("after") or m.group("next") == "next "):
            ahead = 7
        day = (now + dt.timedelta(days=ahead)).replace(hour=0, minute=0, second=0, microsecond=0)
        words.append(m.group(0).strip())
        precision = "day"
    if m := _IN_DAYS.search(text):
        day = (now + dt.timedelta(days=int(m.group(1)))).replace(hour=0, minute=0, second=0, microsecond=0)
        words.append(m.group(0))
        precision = "day"
    clock = _clock(text)
    if clock is not None:
        time, said = clock
        words.append(said)
        at = day.replace(hour=time.hour, minute=time.minute)
        zone = None if _PARIS_TIME.search(text) else next(((m, z) for p, z in _ZONES if (m := p.search(text))), None)
        if zone is not None and at.tzinfo is not None:  # the clock is the user's: the same reading, in Paris
            words.append(zone[0].group(0))
            at = dt.datetime.combine(at.date(), at.time(), tzinfo=zone[1]).astimezone(at.tzinfo)
        later = _later(text)
        if later is not None:
            words[-1] += ","  # « il est 16h, dans 30 min »
            words.append(later[1])
            at += later[0]
        return Moment(words=" ".join(words), at=at, precision="time")
    if precision is None and (later := _later(text)) is not None:
        return Moment(words=later[1], at=now + later[0], precision="time")
    if precision is not None:
        return Moment(words=" ".join(words), at=day, precision=precision)
    if m := _IN_MONTH.search(text):
        number = _MONTHS[m.group(1)]
        year = now.year if number >= now.month else now.year + 1
        at = now if (year, number) == (now.year, now.month) else now.replace(year, number, 1, 0, 0, 0, 0)
        return Moment(words=m.group(0), at=at, precision="month")
    if m := _NEXT_YEAR.search(text):
        return Moment(words=m.group(0), at=now.replace(now.year + 1, 1, 1, 0, 0, 0, 0), precision="year")
    if m := _THIS_YEAR.search(text):
        return Moment(words=m.group(0), at=now, precision="year")
    return None


def _clock(text: str) -> tuple[dt.time, str] | None:
    for pattern, time in _PARTS:
        if m := pattern.search(text):
            return time, m.group(0)
    m = _CLOCK.search(text)
    if m is None:
        return None
    if m.group("h") is not None:
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
    else:
        hour, minute = int(m.group("h12")) % 12 + (12 if m.group("half") == "pm" else 0), int(m.group("m12") or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute), m.group(0)


def _later(text: str) -> tuple[dt.timedelta, str] | None:
    """The time from now a question says ("dans 30 min", "in two hours")."""
    m = _IN_TIME.search(text)
    if m is None or _CALL_DOES.search(text[: m.start()]):
        return None
    count = int(m.group("n")) if m.group("n") else 2 if m.group("two") else 1
    if m.group("min"):
        return dt.timedelta(minutes=count), m.group(0)
    return dt.timedelta(hours=count, minutes=int(m.group("m") or 0)), m.group(0)
