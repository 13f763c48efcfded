"""The ``assistant`` command: build the index, search it, ask interactively.

Every expected failure is an ``AssistantError``: it is printed as one line on
standard error and the command exits 1. Heavy libraries are imported only
after the settings have fixed the thread count and offline mode.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant import runtime
from assistant.errors import AssistantError, CorpusError, InputError
from assistant.settings import Settings, load_settings

app = typer.Typer(
    name="assistant",
    help="Cited answers about Inserm care/research programmes, from the call texts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


TodayOption = Annotated[
    str | None, typer.Option("--today", metavar="YYYY-MM-DD", help="Take this day (00:00, Paris time) as now.")
]
HistoryOption = Annotated[
    list[str] | None, typer.Option("--history", help="An earlier user turn (repeatable), for follow-ups.")
]


@contextmanager
def _reported() -> Iterator[None]:
    """Turn an AssistantError into one line on stderr and exit code 1."""
    try:
        yield
    except AssistantError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _settings(**overrides: Any) -> Settings:
    settings = load_settings(**overrides)
    runtime.configure(settings)
    return settings


@app.command("index")
def index_command(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no line per document.")] = False,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Do nothing when an up-to-date index exists for these settings.")
    ] = False,
    rollback: Annotated[
        bool, typer.Option("--rollback", help="Serve the previous build again (the current one becomes 'previous').")
    ] = False,
) -> None:
    """Re-index the corpus: embed only added or changed documents, verify the new build, then switch to it.

    The served build is never written: the new one is built aside, checked in a fresh process, and
    switched in one atomic step; a running chat picks it up on its next question. One re-index at a time.
    """
    with _reported():
        settings = _settings()
        from tqdm import tqdm

        from assistant.index import build_index, is_current
        from assistant.index import rollback as roll_back

        if rollback:
            pointer = roll_back(settings)
            typer.echo(f"now serving build {pointer.build} (was {pointer.previous}; `--rollback` again to undo)")
            return
        if if_missing and is_current(settings):
            typer.echo("index is up to date")
            return

        bar = tqdm(total=0, unit="text", desc="embedding", disable=quiet or None, file=sys.stderr)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        def say(line: str) -> None:
            if not quiet:
                bar.clear()
                typer.echo(line, err=True)

        try:
            report = build_index(settings, progress, say)
        finally:
            bar.close()
        if not quiet:
            for action in report.actions:
                typer.echo(f"  {action.describe()}")
        if not report.switched:
            typer.echo(f"nothing changed: still serving build {report.build} ({report.chunks} chunks)")
            return
        typer.echo(
            f"indexed {report.documents} documents into {report.chunks} chunks "
            f"({report.embedded} texts embedded) in {report.seconds:.1f} s -> {report.path}, now served"
        )


@app.command("search")
def search_command(
    question: Annotated[str, typer.Argument(help="The question or keywords to search for.")],
    k: Annotated[
        int | None, typer.Option("--k", "-k", min=1, max=100, help="How many chunks (default: setting retrieval.k, 5).")
    ] = None,
    programme: Annotated[
        str | None, typer.Option("--programme", "-p", help="Only chunks about this programme id.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of the ranked chunks.")] = False,
) -> None:
    """Print the chunks of the corpus that best match a question."""
    with _reported():
        question = _question(question)
        settings = _settings()
        retriever = _retriever(settings)
        if programme is not None:
            _check_programme(retriever, programme)
        hits = retriever.search(question, k=k, programme=programme)
        if as_json:
            typer.echo(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        else:
            _print_hits(hits)


@app.command("ask")
def ask_command(
    question: Annotated[str, typer.Argument(help="The question, in French or English.")],
    today: TodayOption = None,
    history: HistoryOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer contract as JSON.")] = False,
) -> None:
    """Answer a question with verbatim citations: from the rules when they recognise it, else from retrieval."""
    with _reported():
        question = _question(question)
        settings = _settings(**({"runtime": {"today": today}} if today else {}))
        result = _engine(settings).ask(question, history=tuple(history or ()))
        if as_json:
            typer.echo(result.model_dump_json(indent=2))
            return
        _print_answer(result)


def _print_answer(result: Any) -> None:
    typer.echo(result.answer)
    if result.citations:
        typer.echo("")
        for n, c in enumerate(result.citations, start=1):
            where = f"{c.title} — {c.section}" if c.section and c.section != c.title else c.title
            typer.echo(f"[{n}] {where} ({c.doc_id}){f' {c.url}' if c.url else ''}")


@app.command("eval")
def eval_command(
    questions: Annotated[
        Path,
        typer.Option("--questions", help="JSON Lines file: one {id, question, today?, history?, expected?} a line."),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write each answer (the --json contract plus its id) here, in order.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write report.md, report.html and chart.svg into this folder.")
    ] = None,
    thresholds: Annotated[
        Path | None,
        typer.Option(
            "--thresholds", help="Minimums to hold (TOML). Default: thresholds.toml beside the questions, if present."
        ),
    ] = None,
    today: TodayOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Answer a question file, judge the answers, print the metrics; exit 1 when a threshold is missed."""
    with _reported():
        from assistant.evals import Thresholds, load_questions, load_thresholds, missed, run

        items = load_questions(questions)
        if thresholds is None and (questions.parent / "thresholds.toml").is_file():
            thresholds = questions.parent / "thresholds.toml"
        minimums = load_thresholds(thresholds) if thresholds else Thresholds()
        settings = _settings(**({"runtime": {"today": today}} if today else {}))
        from tqdm import tqdm

        from assistant.evalreport import metric_rows, write_atomically, write_report

        engine = _engine(settings)
        with tqdm(total=len(items), unit="question", disable=quiet or None, file=sys.stderr) as bar:
            result = run(engine, items, progress=lambda: bar.update(1))
        misses = missed(result.metrics, minimums)
        if out is not None:
            lines = [json.dumps(a, ensure_ascii=False) for a in result.answers]
            write_atomically(out, "\n".join(lines) + "\n")
        m = result.metrics
        typer.echo(f"{m.questions} questions, {m.judged} with an expected answer")
        for name, value, limit, verdict in metric_rows(m, minimums):
            bound = "max" if "(max)" in name else "min"
            typer.echo(f"  {name:<45} {value:>7}" + (f"   ({bound} {limit}: {verdict})" if limit else ""))
        for k in m.by_kind:
            wrong = f"   ({k.answered_wrong} answered wrong)" if k.answered_wrong else ""
            typer.echo(f"  kind {k.kind:<40} {k.correct:>3}/{k.questions}{wrong}")
        for row in result.rows:
            if row.correct is False:
                how = "ANSWERED WRONG" if row.status == "answered" else "refused"
                typer.echo(f"  wrong {row.id} ({how}): {'; '.join(row.problems)}")
        if report is not None:
            written = write_report(result, minimums, str(questions), misses, report)
            typer.echo(f"report: {', '.join(str(p) for p in written)}")
        if misses:
            typer.echo(f"error: thresholds missed ({thresholds}): {'; '.join(misses)}", err=True)
            raise typer.Exit(1)


@app.command("shell")
def shell_command() -> None:
    """Ask questions one after another (follow-ups keep the conversation's subject); an empty line or Ctrl-D quits."""
    with _reported():
        settings = _settings()
        engine = _engine(settings)
        typer.echo("Posez votre question (ligne vide pour quitter). Ask in French or English.")
        history: list[str] = []
        while True:
            try:
                question = input("? ").strip()
            except (EOFError, KeyboardInterrupt):
                typer.echo("")
                return
            if not question:
                return
            try:
                _print_answer(engine.ask(_question(question), history=tuple(history[-3:])))
                history.append(question)
            except InputError as exc:
                typer.echo(f"error: {exc}", err=True)
            typer.echo("")


@app.command("chat")
def chat_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Start the chat (Chainlit) at http://HOST:PORT/: applicants there, helpdesk staff at /login."""
    with _reported():
        settings = _settings()
        import os
        import socket

        from assistant import staff, web

        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: old connections don't count
            try:
                probe.bind((host, port))
            except OSError as exc:
                raise InputError("--port", f"cannot listen on {host}:{port}: {exc.strerror}") from None
        # Everything the server writes is its owner's only (issue 15, finding 11): Chainlit 2.12.0 writes a live
        # session's files (uploads, elements' JSON: a draft quoting a pasted email) with the process's umask.
        os.umask(0o077)
        os.environ["CHAINLIT_AUTH_SECRET"] = staff.auth_secret(settings.chat)
        web.configure_logging()
        web.engine()  # a missing or stale index is reported here, in one line, before the server starts
        names = staff.accounts(settings.chat)
        root = Path(__file__).resolve().parents[1]
        os.environ.setdefault("CHAINLIT_APP_ROOT", str(root if (root / ".chainlit").is_dir() else Path.cwd()))
        os.environ["CHAINLIT_HOST"], os.environ["CHAINLIT_PORT"] = host, str(port)
        typer.echo(f"Assistant: http://{host}:{port}/  (helpdesk: http://{host}:{port}/login, {len(names)} account(s))")
        if not names:
            typer.echo("No helpdesk account yet: `assistant staff add NAME` creates one.")
        import chainlit.cli
        from chainlit.config import config

        from assistant import serving

        config.run.headless = True
        chainlit.cli.uvicorn = serving.uvicorn_module(settings.chat)  # type: ignore[attr-defined]  # see there
        chainlit.cli.run_chainlit(str(Path(__file__).with_name("chat.py")))


staff_app = typer.Typer(
    help="Helpdesk staff accounts (bcrypt-hashed, in the chat's data folder).", no_args_is_help=True
)
app.add_typer(staff_app, name="staff")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise InputError("password", "no terminal to ask it at: pass --password-stdin and pipe it in")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@staff_app.command("add")
def staff_add_command(
    name: Annotated[str, typer.Argument(help="The account's user name.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
) -> None:
    """Add a helpdesk account, or change its password (asked twice at a terminal)."""
    with _reported():
        from assistant import staff

        settings = _settings()
        path = staff.add(settings.chat, name, _password(password_stdin))
        typer.echo(f"account {name!r} saved in {path}")


@staff_app.command("remove")
def staff_remove_command(name: Annotated[str, typer.Argument(help="The account's user name.")]) -> None:
    """Remove a helpdesk account from the staff file."""
    with _reported():
        from assistant import staff

        path = staff.remove(_settings().chat, name)
        typer.echo(f"account {name!r} removed from {path}")


@staff_app.command("list")
def staff_list_command() -> None:
    """The helpdesk accounts' names (the staff file's and the settings')."""
    with _reported():
        from assistant import staff

        for name in sorted(staff.accounts(_settings().chat)):
            typer.echo(name)


@staff_app.command("hash")
def staff_hash_command(
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
) -> None:
    """Print the bcrypt hash of a password, for ASSISTANT_CHAT__STAFF_ACCOUNTS='{"name": "<hash>"}'."""
    with _reported():
        from assistant import staff

        typer.echo(staff.hash_password(_password(password_stdin)))


@app.command("export")
def export_command(
    what: Annotated[str, typer.Argument(help="'feedback' (thumbs and comments) or 'refused' (refused questions).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the CSV here (default: stdout).")] = None,
) -> None:
    """Export the chat's feedback, or the questions it refused (what the corpus is missing), as CSV for a French
    spreadsheet (UTF-8 with a BOM, ';' between cells, ratings as 👍 / 👎)."""
    with _reported():
        from assistant.chatstore import csv_rows, feedback_csv, refused_csv

        exports = {"feedback": feedback_csv, "refused": refused_csv}
        if what not in exports:
            raise InputError("WHAT", f"unknown export {what!r} (expected: feedback, refused)")
        text = exports[what](_settings().chat.db_path)
        if out is None:  # UTF-8 whatever the terminal's locale: the same bytes as the staff route and --out
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
            return
        try:
            out.write_bytes(text.encode("utf-8"))
        except OSError as exc:
            raise InputError("--out", f"cannot write {out}: {exc.strerror}") from None
        # Rows, not lines: a quoted cell (an answer, a comment) may hold line breaks.
        typer.echo(f"{len(csv_rows(text)) - 1} row(s) written to {out}")


@app.command("chat-purge")
def chat_purge_command() -> None:
    """Delete the conversations older than chat.retention_days (the chat also does it hourly while it runs)."""
    with _reported():
        from assistant.chatstore import purge

        chat = _settings().chat
        conversations, files = purge(chat)
        typer.echo(f"{conversations} conversation(s) and {files} file(s) older than {chat.retention_days} days deleted")


corpus_app = typer.Typer(help="Add call texts to the corpus and check it whole.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("add")
def corpus_add_command(
    file: Annotated[Path, typer.Argument(help="The call text: .md, .markdown, .txt, .html, .htm or .pdf.")],
    doc_id: Annotated[
        str | None, typer.Option("--id", help="Document id, e.g. postes-accueil-2027 (default: from the file name).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title (default: the first heading or line).")] = None,
    programme: Annotated[
        list[str] | None,
        typer.Option("--programme", "-p", help="Programme id or name (repeatable; default: those the text names)."),
    ] = None,
    edition: Annotated[str | None, typer.Option(help="Edition or promotion: 2027, 2027-2028.")] = None,
    year: Annotated[int | None, typer.Option(min=1900, max=2200, help="Year the text was published.")] = None,
    url: Annotated[str | None, typer.Option(help="Official page (default: the text's first https:// address).")] = None,
    kind: Annotated[str | None, typer.Option(help="call, overview or proposal (default: call).")] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it (default: Inserm).")] = None,
    language: Annotated[str | None, typer.Option(help="fr or en (default: guessed from the text).")] = None,
    join_lines: Annotated[
        bool | None,
        typer.Option(
            "--join-lines/--keep-lines",
            help="Repair a PDF extraction's hard line breaks (default: for .pdf, and .txt that looks hard-wrapped).",
        ),
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite the document with this id.")] = False,
) -> None:
    """Add a call text to the corpus as <id>.md, its metadata inferred where not given; nothing is written on error."""
    with _reported():
        settings = _settings()
        from assistant.ingest import Overrides, add_document

        given = Overrides(
            id=doc_id,
            title=title,
            programmes=programme or None,
            edition=edition,
            year=year,
            url=url,
            kind=kind,
            publisher=publisher,
            language=language,
        )
        result = add_document(file, settings.paths.corpus_dir, given, replace=replace, join_lines=join_lines)
        typer.echo(f"wrote {result.path}")
        if result.origins["id"] == "file name":
            typer.echo(f"(no --id given: the id {result.meta.id!r} is a slug of the file name)")
        for name, value in result.meta.model_dump(mode="json").items():
            shown = ", ".join(value) if isinstance(value, list) else ("null" if value is None else value)
            typer.echo(f"  {name + ':':<12} {shown}  ({result.origins.get(name, 'given')})")
        for line in result.missing:
            typer.echo(f"not inferred: {line}")
        for line in result.notes:
            typer.echo(f"note: {line}")
        typer.echo("next: run `assistant corpus check`, then `assistant index`")


@corpus_app.command("check")
def corpus_check_command() -> None:
    """Check every document, programme, duplicate and rules quote; show what changed since each previous edition."""
    with _reported():
        settings = _settings()
        from assistant.corpuscheck import check_corpus
        from assistant.editions import render

        report = check_corpus(settings.paths.corpus_dir)
        for programme, diff in report.diffs.items():
            typer.echo(f"{programme}: what changed since the previous edition")
            typer.echo(render(diff))
            typer.echo("")
        for doc_id in report.without_rules:
            typer.echo(f"note: {doc_id} has no rules file: the rules answer none of its dates or eligibility yet")
        if report.problems:
            for problem in report.problems:
                typer.echo(f"error: {problem}", err=True)
            typer.echo(f"{len(report.problems)} problem(s) in the corpus {settings.paths.corpus_dir}", err=True)
            raise typer.Exit(1)
        typer.echo(
            f"{len(report.documents)} documents, {report.programmes} programmes, "
            f"{report.rules} rules in {report.rules_files} files: no problem"
        )


rules_app = typer.Typer(help="The rules drawn from the call texts.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("check")
def rules_check_command() -> None:
    """Verify every rules file against the corpus: each quote must be found verbatim in its document."""
    with _reported():
        settings = _settings()
        from assistant.corpus import load_corpus
        from assistant.programmes import load_programmes
        from assistant.rulebook import RULES_DIR, parse_rules
        from assistant.rules.book import check_rules

        rules_dir = settings.paths.corpus_dir / RULES_DIR
        files = {p.stem: parse_rules(p) for p in sorted(rules_dir.glob("*.yaml"))}
        if not files:
            from assistant.errors import CorpusError

            raise CorpusError(rules_dir, "no rules files (*.yaml)")
        corpus_dir = settings.paths.corpus_dir
        problems = check_rules(files, load_corpus(corpus_dir), load_programmes(corpus_dir))
        count = sum(len(f.rules()) for f in files.values())
        if problems:
            for problem in problems:
                typer.echo(f"error: {problem}", err=True)
            typer.echo(f"{len(problems)} problem(s) in {count} rules of {len(files)} files", err=True)
            raise typer.Exit(1)
        typer.echo(f"{count} rules in {len(files)} files: every quote found verbatim in its document")


@rules_app.command("query")
def rules_query_command(
    question: Annotated[str, typer.Argument(help="A question about deadlines, durations, eligibility, contacts...")],
    today: TodayOption = None,
    history: HistoryOption = None,
) -> None:
    """Show how the rules understand a question and what they answer, as JSON (for maintainers)."""
    with _reported():
        settings = _settings(**({"runtime": {"today": today}} if today else {}))
        from assistant.corpus import load_corpus
        from assistant.rulebook import load_rulebook
        from assistant.rules.book import years_named
        from assistant.rules.engine import answer
        from assistant.rules.parser import corpus_acronyms, parse

        book = load_rulebook(settings.paths.corpus_dir)
        bodies = [d.body for d in load_corpus(settings.paths.corpus_dir)]
        intent = parse(question, list(book.programmes), tuple(history or ()), corpus_acronyms(bodies))
        if intent is None:
            typer.echo(json.dumps({"recognised": False, "route": "retrieval"}))
            return
        result = answer(book, intent, _now(settings), years_named(question))
        typer.echo(json.dumps({"recognised": True, **result.model_dump(mode="json")}, ensure_ascii=False, indent=2))


@app.command("eligibility")
def eligibility_command(
    programme: Annotated[
        str | None, typer.Option("--programme", "-p", help="Programme id or name (default: suggest).")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="interne, ancien-interne, cca, ahu, ph, phc, phu, pu-ph, mcu-ph...")
    ] = None,
    profession: Annotated[str | None, typer.Option(help="medecin, pharmacien, odontologiste, veterinaire")] = None,
    diploma: Annotated[
        list[str] | None, typer.Option(help="A diploma held: master2-recherche, these-exercice, doctorat.")
    ] = None,
    no_diploma: Annotated[list[str] | None, typer.Option(help="A diploma not held.")] = None,
    years: Annotated[float | None, typer.Option(min=0, max=60, help="Years as a permanent Inserm employee.")] = None,
    breaks: Annotated[
        bool | None, typer.Option("--breaks/--no-breaks", help="Interruptions of activity in those years.")
    ] = None,
    contract: Annotated[str | None, typer.Option(help="titulaire, cdi, cdd")] = None,
    employer: Annotated[str | None, typer.Option(help="chu, crlc, clinique-privee")] = None,
    paid_by_inserm: Annotated[bool | None, typer.Option("--paid-by-inserm/--not-paid-by-inserm")] = None,
    approvals: Annotated[
        bool | None, typer.Option("--approvals/--no-approvals", help="Has the approvals the call requires.")
    ] = None,
    inserm_unit: Annotated[
        bool | None, typer.Option("--inserm-unit/--no-inserm-unit", help="Host lab is an Inserm unit.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdicts as JSON.")] = False,
    ask: Annotated[
        bool | None,
        typer.Option(
            "--ask/--no-ask",
            help="Ask the profile questions one by one (default: at a terminal, with no profile option).",
        ),
    ] = None,
) -> None:
    """The per-criterion verdict (met / not met / unknown) of a profile, each with its clause.

    Without a programme, the programmes the profile may fit, best first. Without any profile option
    and at a terminal, it asks the questions one by one.
    """
    with _reported():
        settings = _settings()
        from assistant.rulebook import load_rulebook
        from assistant.rules.eligibility import Profile, evaluate, suggest

        book = load_rulebook(settings.paths.corpus_dir).latest()
        fields = {
            "status": _term(status, "--status", "STATUSES"),
            "profession": _term(profession, "--profession", "PROFESSIONS"),
            "diplomas": frozenset(_term(d, "--diploma", "DIPLOMAS") for d in diploma) if diploma else None,
            "missing_diplomas": frozenset(_term(d, "--no-diploma", "DIPLOMAS") for d in (no_diploma or [])),
            "inserm_years": years,
            "career_breaks": breaks,
            "contract": _term(contract, "--contract", "CONTRACTS"),
            "employer": _term(employer, "--employer", "EMPLOYERS"),
            "paid_by_inserm": paid_by_inserm,
            "approvals": approvals,
            "inserm_unit": inserm_unit,
        }
        profile = Profile(**fields)
        if ask or (ask is None and profile.is_empty() and sys.stdin.isatty() and not as_json):
            profile = _ask_profile()
        wanted = _programme(book, programme) if programme else None
        now = _now(settings)
        results = [evaluate(book, wanted, profile, now)] if wanted else suggest(book, profile, now)
        if as_json:
            typer.echo(json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2))
            return
        names = {p.id: p.name for p in book.programmes}
        if not results:
            typer.echo("Aucun dispositif ne correspond à ce profil d'après les textes.")
        for result in results:
            _print_eligibility(result, names)


def _term(value: str | None, option: str, group: str) -> str | None:
    """A vocabulary id given on the command line (an id or a phrase such as 'PU-PH')."""
    if value is None:
        return None
    from assistant.rules import vocabulary
    from assistant.text import fold

    terms = getattr(vocabulary, group)
    ids = [t.id for t in terms]
    if value in ids:
        return value
    found = vocabulary.find(fold(value), terms)
    if len(found) != 1:
        raise InputError(option, f"unknown value {value!r} (expected one of: {', '.join(ids)})")
    return found[0]


def _programmes(book: Any, value: str, what: str) -> list[str]:
    """The programme ids a command-line value names: an id, or a name or alias."""
    from assistant.programmes import mentioned

    ids = [p.id for p in book.programmes]
    found = [value] if value in ids else mentioned(value, list(book.programmes))
    if not found:
        raise InputError(what, f"unknown programme {value!r} (known: {', '.join(ids)})")
    return found


def _programme(book: Any, value: str) -> str:
    """The one programme ``--programme`` names."""
    found = _programmes(book, value, "--programme")
    if len(found) != 1:
        ids = [p.id for p in book.programmes]
        raise InputError("--programme", f"unknown programme {value!r} (known: {', '.join(ids)})")
    return found[0]


def _ask_profile() -> Any:
    """The guided check: one question per profile field; an empty answer stays unknown."""
    from assistant.rules.eligibility import Profile

    typer.echo("Répondez aux questions (Entrée pour « je ne sais pas / non concerné »).")

    def ask(prompt: str, option: str, group: str) -> str | None:
        while True:
            answer = typer.prompt(prompt, default="", show_default=False).strip()
            try:
                return _term(answer, option, group) if answer else None
            except InputError as exc:
                typer.echo(f"  {exc.reason}")

    def yes_no(prompt: str) -> bool | None:
        answer = typer.prompt(prompt + " (o/n)", default="", show_default=False).strip().lower()
        return {"o": True, "oui": True, "y": True, "yes": True, "n": False, "non": False, "no": False}.get(answer)

    status = ask(
        "Statut (interne, CCA, AHU, PH, PHC, PHU, PU-PH, MCU-PH, ingénieur, chercheur...)", "--status", "STATUSES"
    )
    profession = ask("Profession (médecin, pharmacien, odontologiste, vétérinaire)", "--profession", "PROFESSIONS")
    held = typer.prompt(
        "Diplômes obtenus (master 2, thèse d'exercice, doctorat ; séparés par des virgules)",
        default="",
        show_default=False,
    )
    diplomas = frozenset(
        d for part in held.split(",") if part.strip() and (d := _term(part.strip(), "--diploma", "DIPLOMAS"))
    )
    contract = ask("Contrat (titulaire, CDI, CDD)", "--contract", "CONTRACTS")
    years_text = typer.prompt("Années comme titulaire à l'Inserm", default="", show_default=False).strip()
    employer = ask("Établissement (CHU, CRLC, clinique privée)", "--employer", "EMPLOYERS")
    return Profile(
        status=status,
        profession=profession,
        diplomas=diplomas or None,
        inserm_years=float(years_text.replace(",", ".")) if re.fullmatch(r"\d+(?:[.,]\d+)?", years_text) else None,
        contract=contract,
        employer=employer,
        paid_by_inserm=yes_no("Êtes-vous rémunéré par l'Inserm ?"),
    )


_VERDICTS = {"met": "rempli", "not_met": "NON rempli", "unknown": "inconnu"}
_OVERALL = {
    "eligible": "ÉLIGIBLE",
    "not_eligible": "NON ÉLIGIBLE",
    "eligible_if": "À CONFIRMER : CRITÈRES PERSONNELS REMPLIS, CONDITIONS DU PROJET À VÉRIFIER",
    "unknown": "À CONFIRMER",
    "proposal": "PROPOSITION, PAS UN APPEL OUVERT",
}


def _print_eligibility(result: Any, names: dict[str, str]) -> None:
    typer.echo(f"{names.get(result.programme, result.programme)} : {_OVERALL[result.overall]}")
    if result.proposal:
        typer.echo(
            f"  Attention : ce n'est pas un appel ouvert. « {result.proposal.quote} » ({result.proposal.doc_id})"
        )
    if result.deadline is not None and result.deadline.state == "closed":
        closed = result.deadline.closes_at.strftime("%d/%m/%Y %H:%M")
        typer.echo(f"  Attention : cet appel est clos (fin des candidatures : {closed}, heure de Paris).")
    for c in result.criteria:
        typer.echo(f"  - [{_VERDICTS[c.verdict]}] {c.expected('fr')}")
        for source in (*c.sources, *([c.note] if c.note else [])):
            typer.echo(f"      « {source.quote} » ({source.doc_id})")
        for source in c.other_sources:
            typer.echo(
                f"      (la page de présentation dit autrement : « {source.quote} » ({source.doc_id}) ;"
                " l'appel, plus précis, prévaut)"
            )
    for question in result.questions:
        typer.echo(f"  ? {question('fr')}")
    typer.echo("")


def _now(settings: Settings) -> Any:
    """Now, or the start of the day the settings (``--today``) give, in Paris time."""
    return runtime.now(settings.runtime.today)


@app.command("calendar")
def calendar_command(
    programme: Annotated[str | None, typer.Argument(help="Programme id or name (default: all programmes).")] = None,
    today: Annotated[
        str | None, typer.Option("--today", metavar="YYYY-MM-DD", help="The date to stamp the file with.")
    ] = None,
) -> None:
    """Print the dated events of a programme as an iCalendar (.ics) file: `assistant calendar X > x.ics`."""
    with _reported():
        settings = _settings(**({"runtime": {"today": today}} if today else {}))
        import datetime as dt

        from assistant.rulebook import load_rulebook
        from assistant.rules.ical import programme_calendar

        book = load_rulebook(settings.paths.corpus_dir).latest()
        wanted = None if programme is None else set(_programmes(book, programme, "PROGRAMME"))
        day = settings.runtime.today or dt.date.today()
        stamp = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
        text = programme_calendar(book, wanted, stamp)
        if "BEGIN:VEVENT" not in text:
            proposal = any(f.proposal for f in book.files.values() if f.programme in (wanted or set()))
            raise InputError(
                "PROGRAMME",
                "the texts give no dates for it" + (": it is a proposal, not an open call" if proposal else ""),
            )
        sys.stdout.write(text)


@app.command("settings")
def settings_command() -> None:
    """Print the effective settings as JSON (set them with ASSISTANT_* variables), secrets masked."""
    with _reported():
        typer.echo(json.dumps(_without_secrets(load_settings()), indent=2, ensure_ascii=False))


def _without_secrets(settings: Settings) -> dict[str, Any]:
    """The settings as JSON data, the generation API key and the staff password hashes masked (a printout
    ends up in terminals, CI logs and bug reports)."""
    data = settings.model_dump(mode="json")
    if data["generation"]["api_key"] not in ("", "none"):
        data["generation"]["api_key"] = "********"
    data["chat"]["staff_accounts"] = dict.fromkeys(data["chat"]["staff_accounts"], "<bcrypt hash>")
    return data


def _question(text: str) -> str:
    """A question fit to search: valid text with at least one letter or digit, within the length cap."""
    from assistant.guard import check_question

    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise InputError("QUESTION", "not valid UTF-8 text (check the terminal's encoding)")
    return check_question(text, what="QUESTION")


def _retriever(settings: Settings) -> Any:
    from assistant.retrieval import Retriever

    _warn_if_stale(settings)
    return Retriever(settings)


def _engine(settings: Settings) -> Any:
    """The answer engine, after checking the index is there and current (as ``_retriever`` does)."""
    from assistant.answer import Engine

    _warn_if_stale(settings)
    return Engine(settings)


def _warn_if_stale(settings: Settings) -> None:
    """Check the index exists for these settings, and warn when the corpus changed since it was built."""
    from assistant.index import read_manifest, stale_documents

    _, manifest = read_manifest(settings)
    try:
        stale = stale_documents(settings, manifest)
    except CorpusError as exc:
        typer.echo(f"warning: {exc}; serving the index built {manifest.built_at}", err=True)
        stale = []
    if stale:
        typer.echo(
            f"warning: the corpus changed since the index was built ({', '.join(stale)}): run `assistant index`",
            err=True,
        )


def _check_programme(retriever: Any, programme: str) -> None:
    known = [p.id for p in retriever.programmes]
    if programme not in known:
        raise InputError("--programme", f"unknown programme {programme!r} (known: {', '.join(known)})")


def _print_hits(hits: list[Any]) -> None:
    if not hits:
        typer.echo("(no passage found)")
        return
    for n, hit in enumerate(hits, start=1):
        c = hit.chunk
        typer.echo(f"[{n}] {c.heading}  ({c.doc_id}, chars {c.start}-{c.end}, score {hit.score:.3f})")
        for line in c.text.splitlines():
            typer.echo(textwrap.fill(line, width=100, initial_indent="    ", subsequent_indent="    ") if line else "")
        typer.echo("")


def main() -> None:
    """Console-script entry point: usage errors too are one line on stderr and exit code 1."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        typer.echo("", err=True)
        code = 1
    except typer.TyperException as exc:  # typer 0.29 vendors click: its usage errors derive from this
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help())
            code = 0
        else:
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
            typer.echo(f"error: {message}{hint}", err=True)
            code = 1
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
