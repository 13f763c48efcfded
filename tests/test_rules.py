import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import RulesError
from assistant.rulebook import load_rulebook, parse_rules
from assistant.rules.deadlines import PARIS, UTC, State, closing_instant, deadline_status
from assistant.rules.ical import calendar
from assistant.rules.models import Event, RulesFile
from tests.conftest import CORPUS

BOOK = load_rulebook(CORPUS)
runner = CliRunner()


def test_every_rules_file_loads_and_every_quote_is_verbatim() -> None:
    assert set(BOOK.files) == {
        "postes-accueil-2026",
        "contrats-interface-2026",
        "passerelles-overview",
        "hauts-potentiels-2026-2027",
        "contrat-engagement-recherche-amps",
    }
    bodies = {p.stem: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md")}
    for doc_id, rules in BOOK.files.items():
        for rule in rules.rules():
            for quote in rule.quotes:
                assert quote in bodies[doc_id], f"{doc_id}#{rule.id}"


def test_the_cer_is_a_proposal_with_no_dates() -> None:
    cer = BOOK.files["contrat-engagement-recherche-amps"]
    assert cer.proposal is not None and cer.events == ()
    assert deadline_status(cer, dt.datetime(2026, 11, 24)) is None


def test_overview_disagreements_point_to_the_calls() -> None:
    overview = BOOK.files["passerelles-overview"]
    superseded = {r.id: r.superseded_by for r in overview.rules() if r.superseded_by}
    assert superseded["postes-accueil-profession"] == "postes-accueil-2026#profession"
    assert superseded["contrats-interface-duration"] == "contrats-interface-2026#duration-3-years"
    vets = next(r for r in overview.criteria if r.id == "postes-accueil-profession")
    call = BOOK.rule("postes-accueil-2026#profession")[1]
    assert "veterinaire" in vets.values and "veterinaire" not in call.values  # the call wins


def test_changed_call_text_makes_rules_check_fail_naming_the_rule(isolated: Path) -> None:
    doc = isolated / "corpus" / "contrats-interface-2026.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("27 mai 2026 - 17h", "29 mai 2026 - 12h"), encoding="utf-8")
    result = runner.invoke(app, ["rules", "check"])
    assert result.exit_code == 1
    assert "contrats-interface-2026#deadline: quote not found in contrats-interface-2026" in result.stderr
    with pytest.raises(RulesError, match="contrats-interface-2026#deadline"):
        load_rulebook(isolated / "corpus")


def test_rules_check_passes_on_the_corpus() -> None:
    result = runner.invoke(app, ["rules", "check"])
    assert result.exit_code == 0, result.output
    assert "every quote found verbatim" in result.stdout


def test_quote_differing_by_a_non_breaking_space_gets_a_hint(isolated: Path) -> None:
    path = isolated / "corpus" / "rules" / "contrat-engagement-recherche-amps.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("NB\\u00a0:", "NB :"), encoding="utf-8")
    result = runner.invoke(app, ["rules", "check"])
    assert result.exit_code == 1
    assert "non-breaking space" in result.stderr and "#no-practice-thesis" in result.stderr


BASE = "doc_id: {stem}\nprogramme: postes-accueil\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("events:\n  - {id: a, kind: results, quote: q}\n", "either a 'date', or a 'start' and an 'end'"),
        ("events:\n  - {id: a, kind: results, start: 2026-01-02, end: 2026-01-01, quote: q}\n", "'start' is after"),
        (
            "events:\n  - {id: a, kind: results, start: 2026-01-01, end: 2026-01-02, time: '17:00', quote: q}\n",
            "'time' needs a 'date'",
        ),
        ("events:\n  - {id: a, kind: party, date: 2026-01-01, quote: q}\n", "field events.0.kind"),
        ("events:\n  - {id: a, kind: results, date: 2026-01-01, place: site Eva, quote: q}\n", "'place' 'site Eva'"),
        ("criteria:\n  - {id: a, kind: status, quote: q}\n", "needs 'values'"),
        ("criteria:\n  - {id: a, kind: seniority, quote: q}\n", "needs 'min_years' or 'max_years'"),
        ("durations:\n  - {id: a, time: full, quote: q}\n", "needs 'years' or 'months'"),
        ("contacts:\n  - {id: a, email: not-an-email, quote: q}\n", "field contacts.0.email"),
        ("documents:\n  - {id: a, quote: q}\n  - {id: a, quote: r}\n", "rule id 'a' is used twice"),
        ("documents:\n  - {id: a}\n", "field documents.0.quotes"),
        ("documents:\n  - {id: a, quote: q, quotes: [r]}\n", "not both"),
        ("funding:\n  - {id: a, quote: q, payments: [{payee: lab, clause: r}]}\n", "payment clause not in"),
        ("funding:\n  - {id: a, quote: q, other_funding: {combinable: false, clause: r}}\n", "other-funding clause"),
        ("selection:\n  - {id: a, quote: chercheurs, open_to: [astronaute]}\n", "unknown status 'astronaute'"),
        ("selection:\n  - {id: a, quote: chercheurs, open_to: [ingenieur]}\n", "'ingenieur' is not named"),
        ("colour: blue\n", "field colour"),
    ],
)
def test_malformed_rules_files_are_named_errors(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(BASE.format(stem="doc") + body, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        parse_rules(path)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)


def test_rules_file_named_after_another_document(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(BASE.format(stem="other"), encoding="utf-8")
    with pytest.raises(RulesError, match="must equal the file stem"):
        parse_rules(path)


# --- deadlines ---------------------------------------------------------------------------------

PA, CI, HP = (BOOK.files[k] for k in ("postes-accueil-2026", "contrats-interface-2026", "hauts-potentiels-2026-2027"))


@pytest.mark.parametrize(
    ("rules", "now", "state", "days_left", "hours_left"),
    [
        (PA, "2026-01-19T23:59", State.NOT_YET_OPEN, 32, 761),
        (PA, "2026-01-20T00:00", State.OPEN, 31, 761),
        (PA, "2026-02-19T17:00", State.OPEN, 1, 24),
        (PA, "2026-02-20T00:00", State.OPEN, 0, 17),
        (PA, "2026-02-20T16:59:59", State.OPEN, 0, 0),
        (PA, "2026-02-20T17:00", State.CLOSED, None, None),
        (PA, "2026-11-24T10:00", State.CLOSED, None, None),
        (CI, "2026-04-07T12:00", State.NOT_YET_OPEN, 50, 1205),
        (CI, "2026-05-27T16:30", State.OPEN, 0, 0),
        (CI, "2026-05-27T15:00:00+00:00", State.CLOSED, None, None),  # 17:00 in Paris (summer time)
        (CI, "2026-05-27T14:59:59+00:00", State.OPEN, 0, 0),
        (HP, "2025-10-30T23:59", State.OPEN, 0, 0),  # no hour stated: open until the end of the day
        (HP, "2025-10-31T00:00", State.CLOSED, None, None),
    ],
)
def test_deadline_status_by_programme(
    rules: RulesFile, now: str, state: State, days_left: int | None, hours_left: int | None
) -> None:
    status = deadline_status(rules, dt.datetime.fromisoformat(now))
    assert status is not None
    assert (status.state, status.days_left, status.hours_left) == (state, days_left, hours_left)
    assert status.hour_stated is (rules is not HP)
    assert status.sources and all(s.doc_id == rules.doc_id for s in status.sources)


def _call(deadline: dt.date, hour: dt.time | None, opens: dt.date) -> RulesFile:
    return RulesFile(
        doc_id="doc",
        programme="p",
        events=(
            Event(id="open", kind="registration_opens", date=opens, quotes=("q",)),
            Event(id="deadline", kind="application_deadline", date=deadline, time=hour, quotes=("q",)),
        ),
    )


# Days around the daylight-saving changes and the year ends, and anywhere else.
_SPECIAL = [dt.date(y, m, d) for y in range(2024, 2031) for m, d in ((3, 31), (10, 27), (12, 31), (1, 1))]
_days = st.one_of(st.sampled_from(_SPECIAL), st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)))
_hours = st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0)))


@settings(max_examples=2000, deadline=None)
@given(deadline=_days, hour=_hours, offset_minutes=st.integers(-3 * 24 * 60, 3 * 24 * 60))
def test_open_closed_flips_exactly_at_the_deadline(
    deadline: dt.date, hour: dt.time | None, offset_minutes: int
) -> None:
    rules = _call(deadline, hour, deadline - dt.timedelta(days=30))
    closes = closing_instant(rules.events[1])
    now = (closes.astimezone(UTC) + dt.timedelta(minutes=offset_minutes)).astimezone(PARIS)
    status = deadline_status(rules, now)
    assert status is not None
    assert (status.state is State.CLOSED) == (offset_minutes >= 0)
    if status.state is State.OPEN:
        assert status.days_left is not None and status.hours_left is not None
        assert status.days_left >= 0 and status.hours_left >= 0
        assert (status.days_left == 0) == (now.date() == deadline)
        assert status.hours_left == (-offset_minutes - 1) // 60 or status.hours_left == -offset_minutes // 60


@settings(max_examples=500, deadline=None)
@given(deadline=_days, seconds_before=st.integers(1, 59))
def test_the_last_seconds_are_open_and_the_deadline_second_is_closed(deadline: dt.date, seconds_before: int) -> None:
    rules = _call(deadline, dt.time(17, 0), deadline - dt.timedelta(days=1))
    at_deadline = dt.datetime.combine(deadline, dt.time(17, 0), tzinfo=PARIS)
    assert deadline_status(rules, at_deadline).state is State.CLOSED
    just_before = at_deadline - dt.timedelta(seconds=seconds_before)
    status = deadline_status(rules, just_before)
    assert status.state is State.OPEN and status.days_left == 0 and status.hours_left == 0


# --- calendar ----------------------------------------------------------------------------------

STAMP = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
NAMES = {p.id: p.name for p in BOOK.programmes}


def test_calendar_writes_deadlines_as_exact_instants() -> None:
    ics = calendar([PA, CI], NAMES, STAMP)
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    unfolded = ics.replace("\r\n ", "")
    assert "DTSTART:20260220T160000Z" in unfolded  # 17:00 in Paris, winter time
    assert "DTSTART:20260527T150000Z" in unfolded  # 17:00 in Paris, summer time
    assert "DTSTART;VALUE=DATE:20260601\r\nDTEND;VALUE=DATE:20260616" in unfolded  # 1ère quinzaine de juin
    assert unfolded.count("BEGIN:VEVENT") == len(PA.events) + len(CI.events)
    for line in ics.split("\r\n"):
        assert len(line.encode()) <= 75


def test_calendar_leaves_out_superseded_dates() -> None:
    assert "BEGIN:VEVENT" not in calendar([BOOK.files["passerelles-overview"]], NAMES, STAMP)


def test_calendar_command(isolated: Path) -> None:
    result = runner.invoke(app, ["calendar", "Hauts potentiels", "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("BEGIN:VEVENT") == len(HP.events)
    assert "DTSTAMP:20261124T000000Z" in result.stdout
    bad = runner.invoke(app, ["calendar", "nope"])
    assert bad.exit_code == 1 and bad.stderr.startswith("error: PROGRAMME: unknown programme 'nope'")


def test_event_model_rejects_time_on_a_period() -> None:
    with pytest.raises(ValidationError):
        Event(
            id="a", kind="results", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2), time=dt.time(17), quotes=("q",)
        )


def test_calendar_of_a_proposal_is_a_clear_error() -> None:
    result = runner.invoke(app, ["calendar", "CER"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: PROGRAMME: the texts give no dates for it: it is a proposal")


def test_deadline_instants_have_no_zero_length_dtend() -> None:
    unfolded = calendar([PA], NAMES, STAMP).replace("\r\n ", "")
    assert "DTEND:20260220T160000Z" not in unfolded


def test_minutes_left_in_the_last_hour() -> None:
    status = deadline_status(PA, dt.datetime(2026, 2, 20, 16, 35))
    assert status is not None and (status.hours_left, status.minutes_left) == (0, 25)
