"""Who may apply: a verdict per criterion (met, not met, unknown), each with its clause. Pure.

What the profile does not say stays unknown and becomes the question to ask
back; nothing is guessed. A call's criteria win over the overview's for the
same programme; the overview's differing version is reported beside them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from assistant.rules.book import RuleBook
from assistant.rules.deadlines import DeadlineStatus, Source, deadline_status, local, proposal_source, sources_of
from assistant.rules.models import Criterion, RulesFile
from assistant.rules.vocabulary import STATUSES, find, label
from assistant.text import fold


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Overall(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    ELIGIBLE_IF = "eligible_if"  # every criterion about the applicant is met; the host or the approvals are unknown
    UNKNOWN = "unknown"
    PROPOSAL = "proposal"  # not an open call: nobody can apply, whatever the profile


class Profile(BaseModel):
    """What an applicant says of themselves; None means not said."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: str | None = Field(
        default=None, description="interne, ancien-interne, cca, ahu, ph, phc, phu, pu-ph, mcu-ph..."
    )
    profession: str | None = Field(default=None, description="medecin, pharmacien, odontologiste, veterinaire")
    diplomas: frozenset[str] | None = Field(default=None, description="held (or held by the date the rule says)")
    missing_diplomas: frozenset[str] = Field(default=frozenset(), description="diplomas the applicant says they lack")
    inserm_years: float | None = Field(default=None, ge=0, le=60, description="years as a permanent Inserm employee")
    tenure_years: float | None = Field(
        default=None, ge=0, le=60, description="years as a tenured employee, wherever ('titularisé il y a 2 ans')"
    )
    inserm_since: tuple[dt.date, dt.date] | None = Field(
        default=None,
        description="The earliest and latest day the applicant may have become a permanent Inserm employee "
        "('en janvier 2023': the first and last day of that month).",
    )
    career_breaks: bool | None = Field(default=None, description="interruptions of activity in that period")
    contract: str | None = Field(default=None, description="titulaire, cdi, cdd")
    employer: str | None = Field(default=None, description="chu, crlc, clinique-privee...")
    paid_by_inserm: bool | None = None
    approvals: bool | None = Field(default=None, description="has the approvals the call requires")
    inserm_unit: bool | None = Field(default=None, description="the host laboratory is an Inserm unit")
    diploma_dates: tuple[tuple[str, dt.date, dt.date], ...] = Field(
        default=(),
        description="Diplomas with the first and last day they are (or will be) obtained ('thèse soutenue en "
        "janvier 2027': 2027-01-01 to 2027-01-31).",
    )
    host_elsewhere: bool | None = Field(
        default=None, description="the host is a unit of another organisation (CNRS, a university), not a CIC"
    )
    diploma_before_studies: bool | None = Field(
        default=None,
        description="the doctorate was obtained before the later cycles of medical studies ('avant l'entrée en "
        "DFASM': True) or during or after them ('soutenue pendant mon internat': False)",
    )

    def is_empty(self) -> bool:
        return self == Profile()

    def said(self) -> frozenset[str]:
        """The kinds of criteria this profile says something about ("seniority" for a tenure date)."""
        fields = {
            "status": self.status,
            "profession": self.profession,
            "diploma": self.diplomas or self.missing_diplomas or self.diploma_dates or None,
            "seniority": self.inserm_years or self.tenure_years or self.inserm_since,
            "contract": self.contract,
            "employer": self.employer,
            "paid_by": self.paid_by_inserm,
            "approval": self.approvals,
            "host": self.inserm_unit if self.host_elsewhere is None else True,
        }
        return frozenset(kind for kind, value in fields.items() if value is not None)


class Phrase(BaseModel):
    """A sentence in French and in English; French quotes stay French in both."""

    model_config = ConfigDict(frozen=True)

    fr: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


class CriterionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    criterion: str
    kind: str
    verdict: Verdict
    expected: Phrase = Field(description="What the rule asks, in words.")
    question: Phrase | None = Field(default=None, description="What to ask the applicant when the verdict is unknown.")
    sources: tuple[Source, ...]
    other_sources: tuple[Source, ...] = Field(default=(), description="The overview's differing version, if any.")
    other_verdict: Verdict | None = Field(default=None, description="The verdict under the overview's version.")
    note: Source | None = Field(default=None, description="A verbatim exception that goes with the rule.")
    at: str | None = Field(default=None, description="When the condition is judged, in the text's words.")
    values: tuple[str, ...] = Field(default=(), description="What the condition allows (the diplomas it names).")


class Eligibility(BaseModel):
    """The verdict of one profile for one programme."""

    model_config = ConfigDict(frozen=True)

    programme: str
    overall: Overall
    criteria: tuple[CriterionResult, ...]
    proposal: Source | None = Field(default=None, description="Set when the programme is a proposal: nobody can apply.")
    deadline: DeadlineStatus | None = Field(default=None, description="Where the call's deadline stands, when known.")
    named: Source | None = Field(
        default=None,
        description="The sentence that names the profile's status among those the programme takes, as an open list "
        "(Hauts potentiels' trades): a yes for the status where no criterion settles it.",
    )

    @property
    def questions(self) -> list[Phrase]:
        return [c.question for c in self.criteria if c.verdict is Verdict.UNKNOWN and c.question]

    def status_source(self, status: str | None) -> Source | None:
        """The sentence opening the programme to a status the profile meets ("un MCU-PH ? « 5 ans à temps partiel
        pour les PH, PU-PH, MCU-PH »"): the status criterion's quote naming it, else its first."""
        met = next((c for c in self.criteria if c.kind == "status" and c.verdict is Verdict.MET), None)
        if met is None or not met.sources:
            return None
        return next((s for s in met.sources if status in find(fold(s.quote), STATUSES)), met.sources[0])

    @property
    def failed(self) -> list[CriterionResult]:
        """The criteria the profile does not meet, when it certainly does not fit (none otherwise)."""
        if self.overall is not Overall.NOT_ELIGIBLE:
            return []
        return [c for c in self.criteria if c.verdict is Verdict.NOT_MET]


_QUESTIONS = {
    "status": Phrase(
        fr="Quel est votre statut (interne, CCA, AHU, PH, PHC, PHU, PU-PH, MCU-PH...) ?",
        en="What is your position (interne, CCA, AHU, PH, PHC, PHU, PU-PH, MCU-PH...)?",
    ),
    "profession": Phrase(
        fr="Êtes-vous médecin, pharmacien, odontologiste ou vétérinaire ?",
        en="Are you a physician, pharmacist, dentist or veterinarian?",
    ),
    "contract": Phrase(
        fr="Êtes-vous titulaire (fonctionnaire), en CDI ou en CDD ?",
        en="Are you a tenured civil servant (titulaire), on a permanent contract (CDI) or a fixed-term one (CDD)?",
    ),
    "employer": Phrase(
        fr="Quel est votre établissement (CHU, CRLC, autre) ?",
        en="Which institution employs you (CHU, CRLC, other)?",
    ),
    "paid_by": Phrase(
        fr="Êtes-vous actuellement rémunéré par l'Inserm ?",
        en="Are you currently paid by Inserm?",
    ),
    "approval": Phrase(fr="Avez-vous les accords requis ?", en="Do you have the required approvals?"),
    "host": Phrase(
        fr="Le laboratoire d'accueil est-il une unité de recherche de l'Inserm ?",
        en="Is the host laboratory an Inserm research unit?",
    ),
}


# Criteria on the project rather than on the applicant: the host laboratory, the approvals.
_ABOUT_THE_PROJECT = frozenset({"host", "approval"})


def criteria_for(
    book: RuleBook, programme: str
) -> list[tuple[RulesFile, Criterion, tuple[RulesFile, Criterion] | None]]:
    """The criteria that decide for a programme, each with the overview's version it supersedes."""
    superseded: dict[str, tuple[RulesFile, Criterion]] = {}
    for rules in book.files.values():
        for criterion in rules.criteria:
            if criterion.superseded_by and rules.programme_of(criterion) == programme:
                superseded[criterion.superseded_by] = (rules, criterion)
    chosen = []
    for rules in book.files.values():
        for criterion in rules.criteria:
            if rules.programme_of(criterion) == programme and not criterion.superseded_by:
                chosen.append((rules, criterion, superseded.get(f"{rules.doc_id}#{criterion.id}")))
    return chosen


def evaluate(book: RuleBook, programme: str, profile: Profile, now: dt.datetime | None = None) -> Eligibility:
    """The per-criterion and overall verdicts of a profile for a programme (with the call's state at ``now``)."""
    chosen = criteria_for(book, programme)
    today = local(now).date() if now is not None else None
    results = tuple(_judge(rules, criterion, other, profile, today) for rules, criterion, other in chosen)
    verdicts = {r.verdict for r in results}
    if Verdict.NOT_MET in verdicts:
        overall = Overall.NOT_ELIGIBLE
    elif all(rules.programme is None for rules, _, _ in chosen) or not results:
        # Only the overview page describes this programme: no call in the corpus settles who may apply.
        overall = Overall.UNKNOWN
    elif Verdict.UNKNOWN in verdicts:
        # "CCA, M2 and thesis: eligible?": all that is about the applicant is met; where they would work and
        # who approves is a condition to check, not a doubt on the applicant.
        about_them = {r.verdict for r in results if r.kind not in _ABOUT_THE_PROJECT}
        overall = Overall.ELIGIBLE_IF if about_them == {Verdict.MET} else Overall.UNKNOWN
    else:
        overall = Overall.ELIGIBLE
    proposal = None
    for rules in book.files.values():
        if rules.programme == programme and (found := proposal_source(rules)):
            proposal = found
            overall = Overall.PROPOSAL
    deadline = None
    if now is not None:
        deadline = next(
            (d for f in book.files.values() if f.programme == programme and (d := deadline_status(f, now))), None
        )
    named = next(
        (
            sources_of(f.doc_id, fact)[0]
            for f in book.files.values()
            for fact in f.selection
            if profile.status is not None and profile.status in fact.open_to and f.programme_of(fact) == programme
        ),
        None,
    )
    return Eligibility(
        programme=programme, overall=overall, criteria=results, proposal=proposal, deadline=deadline, named=named
    )


def suggest(book: RuleBook, profile: Profile, now: dt.datetime | None = None) -> list[Eligibility]:
    """The programmes a profile may fit, best first.

    A programme the profile certainly does not fit is left out, unless the overview page says
    otherwise on a failed criterion (a vétérinaire, an ancien interne): that one stays, last.
    """
    results = [evaluate(book, p.id, profile, now) for p in book.programmes]

    def disputed(r: Eligibility) -> bool:
        return any(c.verdict is Verdict.NOT_MET and c.other_verdict is Verdict.MET for c in r.criteria)

    kept = [r for r in results if r.overall is not Overall.NOT_ELIGIBLE or disputed(r)]

    def rank(r: Eligibility) -> tuple[int, int, int, int, int]:
        met = sum(c.verdict is Verdict.MET for c in r.criteria)
        order = {
            Overall.ELIGIBLE: 0,
            Overall.ELIGIBLE_IF: 1,
            Overall.UNKNOWN: 2,
            Overall.NOT_ELIGIBLE: 3,
            Overall.PROPOSAL: 4,
        }
        return (order[r.overall], r.proposal is not None, -met, len(r.questions), 0)

    return sorted(kept, key=rank)


def _judge(
    rules: RulesFile,
    criterion: Criterion,
    other: tuple[RulesFile, Criterion] | None,
    profile: Profile,
    today: dt.date | None,
) -> CriterionResult:
    # Seniority is judged on the call's closing day when it has one, else today.
    closing = next((e.date for e in rules.events if e.kind == "application_deadline" and e.date), None)
    day = closing or today
    # A diploma held "at the date of taking up the post" is judged on the call's window for taking it up.
    taking_up = next((e for e in rules.events if e.kind == "start"), None)
    start = (taking_up.start or taking_up.date, taking_up.end or taking_up.date) if taking_up else None
    on_taking_up = criterion.kind == "diploma" and "prise de fonction" in (criterion.at or "")
    window = start if on_taking_up and start and start[0] and start[1] else None
    # "À la date de prise de fonction": which dates those are, quoted beside the condition.
    said_when = sources_of(rules.doc_id, taking_up) if window and taking_up else ()
    verdict, expected, question = _verdict(criterion, profile, day, window)  # type: ignore[arg-type]
    return CriterionResult(
        criterion=criterion.id,
        kind=criterion.kind,
        verdict=verdict,
        expected=expected,
        question=question if verdict is Verdict.UNKNOWN else None,
        sources=sources_of(rules.doc_id, criterion) + said_when,
        other_sources=sources_of(other[0].doc_id, other[1]) if other else (),
        other_verdict=_verdict(other[1], profile, day, window)[0] if other else None,  # type: ignore[arg-type]
        note=Source(doc_id=rules.doc_id, rule_id=criterion.id, quote=criterion.note) if criterion.note else None,
        at=criterion.at,
        values=tuple(criterion.values or ()),
    )


def _join(values: tuple[str, ...], lang: str, word: dict[str, str]) -> str:
    labels = [label(v, lang) for v in values]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + word[lang] + labels[-1]


_OR = {"fr": " ou ", "en": " or "}
_AND = {"fr": " et ", "en": " and "}


def _at(c: Criterion, lang: str) -> str:
    """When the condition is judged, in the text's own (French) words."""
    if not c.at:
        return ""
    return f" ({c.at})" if lang == "fr" else f" (« {c.at} »)"


# What each kind of criterion asks, around the allowed values.
_ASKS = {
    "status": ("avoir l'un de ces statuts : {}", "hold one of these positions: {}"),
    "profession": ("être {}", "be a {}"),
    "contract": ("être {}", "have one of these employment statuses: {}"),
    "employer": ("venir d'un établissement : {}", "come from one of these institutions: {}"),
    "paid_by": ("être rémunéré par {}", "be paid by {}"),
    "approval": ("avoir {}", "have {}"),
    "host": ("être accueilli dans {}", "be hosted in {}"),
}


def _de(words: str) -> str:
    """French "de" before words, elided before a vowel: "d'une thèse", "de master 2"."""
    return ("d'" if words[:1].lower() in "aeiouéèh" and words[:1] else "de ") + words


def _verdict(
    c: Criterion, p: Profile, day: dt.date | None = None, window: tuple[dt.date, dt.date] | None = None
) -> tuple[Verdict, Phrase, Phrase]:
    if c.kind == "seniority":
        return _seniority(c, p, day)
    if c.kind == "diploma":
        expected = Phrase(
            fr="être titulaire " + _de(_join(c.values, "fr", _AND)) + _at(c, "fr"),
            en="hold " + _join(c.values, "en", _AND) + _at(c, "en"),
        )
        question = Phrase(
            fr="Êtes-vous (ou serez-vous) titulaire " + _de(_join(c.values, "fr", _AND)) + _at(c, "fr") + " ?",
            en="Do you hold (or will you hold) " + _join(c.values, "en", _AND) + _at(c, "en") + "?",
        )
        needed = {canonical_diploma(v) for v in c.values}
        if needed & set(p.missing_diplomas):
            return Verdict.NOT_MET, expected, question
        dated = {d: (first, last) for d, first, last in p.diploma_dates if d in needed}
        if window is not None and dated:
            # "Thèse soutenue en janvier 2027" for a post taken up by 15 December 2026: too late. In October 2026:
            # in time. Between the window's first and last day: it depends on the day the post is taken up.
            if any(first > window[1] for first, _ in dated.values()):
                return Verdict.NOT_MET, expected, question
            if any(last > window[0] for _, last in dated.values()):
                return Verdict.UNKNOWN, expected, question
            # "M2 validé, thèse d'exercice en septembre 2026" for a post taken up from November: held by then.
            if needed <= set(p.diplomas or ()) | set(dated):
                return Verdict.MET, expected, question
        if p.diplomas is None:
            return Verdict.UNKNOWN, expected, question
        held = needed <= set(p.diplomas)
        if not held and c.excludes and set(p.diplomas) <= set(c.excludes):
            # "Ma thèse d'exercice compte pour le CER ?": the only diploma said is one the text rules out.
            return Verdict.NOT_MET, expected, question
        if held and fold(c.at or "").startswith("avant"):
            # "Un doctorat avant l'entrée en DFASM": holding one says nothing of when, unless the question does.
            if p.diploma_before_studies is False:
                return Verdict.NOT_MET, expected, question
            if p.diploma_before_studies is None:
                return Verdict.UNKNOWN, expected, question
        return (Verdict.MET if held else Verdict.UNKNOWN), expected, question
    value = {
        "status": p.status,
        "profession": p.profession,
        "contract": p.contract,
        "employer": p.employer,
        "paid_by": None if p.paid_by_inserm is None else ("inserm" if p.paid_by_inserm else "autre"),
        "approval": None if p.approvals is None else ("all" if p.approvals else "none"),
        "host": None if p.inserm_unit is None else ("unite-inserm" if p.inserm_unit else "autre"),
    }[c.kind]
    joiner = _AND if c.kind == "approval" else _OR
    fr, en = _ASKS[c.kind]
    expected = Phrase(
        fr=fr.format(_join(c.values, "fr", joiner)) + _at(c, "fr"),
        en=en.format(_join(c.values, "en", joiner)) + _at(c, "en"),
    )
    question = _QUESTIONS[c.kind]
    if value is None and _implied(c, p):
        return Verdict.MET, expected, question
    if value is None:
        return Verdict.UNKNOWN, expected, question
    if c.kind == "approval":
        return (Verdict.MET if value == "all" else Verdict.NOT_MET), expected, question
    if c.kind == "host" and value != "unite-inserm" and len(c.values) > 1 and not p.host_elsewhere:
        # Not an Inserm unit: another place the text allows (a CIC, on conditions) may still do.
        others = tuple(v for v in c.values if v != "unite-inserm")
        return (
            Verdict.UNKNOWN,
            expected,
            Phrase(
                fr="Le lieu d'accueil est-il un "
                + _join(others, "fr", {"fr": " ou un "})
                + " remplissant les conditions du texte ?",
                en="Is the host a " + _join(others, "en", {"en": " or a "}) + " meeting the text's conditions?",
            ),
        )
    return (Verdict.MET if value in c.values else Verdict.NOT_MET), expected, question


# Hospital positions only physicians, pharmacists and dentists hold; of them, the hospital-university ones are
# held in a university hospital (CHU) by statute.
_PRACTITIONERS = frozenset({"cca", "ahu", "ph", "phc", "phu", "pu-ph", "mcu-ph"})
_IN_A_CHU = frozenset({"cca", "ahu", "phu", "pu-ph", "mcu-ph"})
_HEALTH_PROFESSIONS = frozenset({"medecin", "pharmacien", "odontologiste"})


def _implied(c: Criterion, p: Profile) -> bool:
    """Whether the applicant's position settles a criterion they did not speak of: a PH is a physician,
    pharmacist or dentist; an MCU-PH works in a CHU."""
    if c.kind == "profession":
        return p.status in _PRACTITIONERS and set(c.values) >= _HEALTH_PROFESSIONS
    if c.kind == "employer":
        return p.status in _IN_A_CHU and "chu" in c.values
    return False


def _seniority(c: Criterion, p: Profile, day: dt.date | None) -> tuple[Verdict, Phrase, Phrase]:
    low, high = c.min_years, c.max_years
    fr: list[str] = []
    en: list[str] = []
    if low is not None:
        fr.append(f"plus de {low:g} ans" if c.exclusive else f"au moins {low:g} ans")
        en.append(f"more than {low:g} years" if c.exclusive else f"at least {low:g} years")
    if high is not None:
        fr.append(f"moins de {high:g} ans" if c.exclusive else f"au plus {high:g} ans")
        en.append(f"less than {high:g} years" if c.exclusive else f"at most {high:g} years")
    expected = Phrase(
        fr="ancienneté de titulaire à l'Inserm : " + " et ".join(fr) + _at(c, "fr"),
        en="seniority as a tenured Inserm employee: " + " and ".join(en) + _at(c, "en"),
    )
    question = Phrase(
        fr="Depuis combien d'années êtes-vous titulaire à l'Inserm (à la date de clôture de l'appel) ?",
        en="For how many years have you been a tenured Inserm employee (at the call's closing date)?",
    )
    if p.inserm_years is None and (p.inserm_since is None or day is None):
        if p.tenure_years is not None and _out_of_bounds(c, p.tenure_years)[0]:
            return Verdict.NOT_MET, expected, question  # tenured 2 years in all: not 3 at Inserm either
        return Verdict.UNKNOWN, expected, question
    if p.contract == "cdi":
        # The call is open to CDI staff but counts seniority "titulaire": the text does not settle it.
        return (
            Verdict.UNKNOWN,
            expected,
            Phrase(
                fr="La condition parle d'ancienneté de titulaire : l'êtes-vous, et depuis quand ?",
                en="The condition counts seniority as a tenured employee (titulaire): are you one, and since when?",
            ),
        )
    if p.inserm_years is not None:
        too_low, too_high = _out_of_bounds(c, p.inserm_years)
    else:
        assert p.inserm_since is not None and day is not None
        # Judged from the first and the last day the applicant may have started: unknown when they differ.
        ends = {_out_of_bounds_since(c, since, day) for since in p.inserm_since}
        if len(ends) > 1:
            return Verdict.UNKNOWN, expected, question
        too_low, too_high = ends.pop()
    if too_low:
        return Verdict.NOT_MET, expected, question
    if too_high:
        # The text allows the bound to be raised for interruptions of activity: only a "no" settles it.
        if c.note and p.career_breaks is not False:
            ask = Phrase(
                fr="Avez-vous eu des interruptions d'activité pendant cette période ?",
                en="Did you have interruptions of activity during that period?",
            )
            if p.career_breaks:  # said: by how much they raise the bound, the text does not say
                ask = Phrase(
                    fr="De combien vos interruptions d'activité allongent-elles cette durée ? Le texte ne le dit pas : "
                    "c'est au programme de le confirmer.",
                    en="By how much do your interruptions of activity raise that bound? The text does not say: the "
                    "programme must confirm it.",
                )
            return Verdict.UNKNOWN, expected, ask
        return Verdict.NOT_MET, expected, question
    return Verdict.MET, expected, question


def _out_of_bounds(c: Criterion, years: float) -> tuple[bool, bool]:
    """(too few years, too many years) for a number of years."""
    low, high = c.min_years, c.max_years
    too_low = low is not None and (years <= low if c.exclusive else years < low)
    too_high = high is not None and (years >= high if c.exclusive else years > high)
    return too_low, too_high


def _out_of_bounds_since(c: Criterion, since: dt.date, day: dt.date) -> tuple[bool, bool]:
    """(too few years, too many years) on ``day`` for someone in post since ``since``, by calendar anniversaries."""
    low, high = c.min_years, c.max_years
    too_low = too_high = False
    if low is not None:
        mark = _plus_years(since, low)
        too_low = day <= mark if c.exclusive else day < mark
    if high is not None:
        mark = _plus_years(since, high)
        too_high = day >= mark if c.exclusive else day > mark
    return too_low, too_high


def _plus_years(day: dt.date, years: float) -> dt.date:
    """``day`` plus a number of years (whole years by the calendar, the rest in days; 29 February -> 28)."""
    whole = int(years)
    try:
        moved = day.replace(year=day.year + whole)
    except ValueError:
        moved = day.replace(year=day.year + whole, day=28)
    return moved + dt.timedelta(days=round((years - whole) * 365.25))


def canonical_diploma(value: str) -> str:
    # The CER's "thèse de recherche" is a doctorate.
    return "doctorat" if value == "these-recherche" else value
