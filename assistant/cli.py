"""The ``assistant`` command: build the index, search it, ask interactively.

Every expected failure is an ``AssistantError``: it is printed as one line on
standard error and the command exits 1. Heavy libraries are imported only
after the settings have fixed the thread count and offline mode.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from assistant import runtime
from assistant.errors import AssistantError, InputError
from assistant.settings import Settings, load_settings

app = typer.Typer(
    name="assistant",
    help="Cited answers about Inserm care/research programmes, from the call texts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Do nothing when an up-to-date index exists for these settings.")
    ] = False,
) -> None:
    """Build (or rebuild) the index of the corpus for the current settings."""
    with _reported():
        settings = _settings()
        from tqdm import tqdm

        from assistant.index import build_index, is_current

        if if_missing and is_current(settings):
            typer.echo("index is up to date")
            return

        bar = tqdm(total=0, unit="text", desc="embedding", disable=quiet or None, file=sys.stderr)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            report = build_index(settings, progress)
        finally:
            bar.close()
        typer.echo(
            f"indexed {report.documents} documents into {report.chunks} chunks "
            f"in {report.seconds:.1f} s -> {report.path}"
        )


@app.command("search")
def search_command(
    question: Annotated[str, typer.Argument(help="The question or keywords to search for.")],
    k: Annotated[
        int | None, typer.Option("--k", "-k", min=1, max=100, help="How many chunks (default: setting).")
    ] = None,
    programme: Annotated[
        str | None, typer.Option("--programme", "-p", help="Only chunks about this programme id.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of the ranked chunks.")] = False,
) -> None:
    """Print the chunks of the corpus that best match a question."""
    with _reported():
        settings = _settings()
        retriever = _retriever(settings)
        if programme is not None:
            _check_programme(retriever, programme)
        hits = retriever.search(question, k=k, programme=programme)
        if as_json:
            typer.echo(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        else:
            _print_hits(hits)


@app.command("shell")
def shell_command() -> None:
    """Ask questions one after another; an empty line or Ctrl-D quits."""
    with _reported():
        settings = _settings()
        retriever = _retriever(settings)
        typer.echo("Posez votre question (ligne vide pour quitter). Ask in French or English.")
        while True:
            try:
                question = input("? ").strip()
            except (EOFError, KeyboardInterrupt):
                typer.echo("")
                return
            if not question:
                return
            _print_hits(retriever.search(question, k=3))


rules_app = typer.Typer(help="The rules drawn from the call texts.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("check")
def rules_check_command() -> None:
    """Verify every rules file against the corpus: each quote must be found verbatim in its document."""
    with _reported():
        settings = _settings()
        from assistant.corpus import load_corpus
        from assistant.programmes import load_programmes
        from assistant.rules.loader import RULES_DIR, check_rules, parse_rules

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

        from assistant.programmes import mentioned
        from assistant.rules.ical import calendar
        from assistant.rules.loader import load_rulebook

        book = load_rulebook(settings.paths.corpus_dir)
        wanted = None
        if programme is not None:
            ids = [p.id for p in book.programmes]
            wanted = {programme} if programme in ids else set(mentioned(programme, list(book.programmes)))
            if not wanted:
                raise InputError("PROGRAMME", f"unknown programme {programme!r} (known: {', '.join(ids)})")
        files = [f for f in book.files.values() if wanted is None or any(f.programme_of(e) in wanted for e in f.events)]
        if wanted is not None:
            files = [
                f.model_copy(update={"events": tuple(e for e in f.events if f.programme_of(e) in wanted)})
                for f in files
            ]
        day = settings.runtime.today or dt.date.today()
        stamp = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
        sys.stdout.write(calendar(files, {p.id: p.name for p in book.programmes}, stamp))


@app.command("settings")
def settings_command() -> None:
    """Print the effective settings as JSON (set them with ASSISTANT_* variables)."""
    with _reported():
        typer.echo(load_settings().model_dump_json(indent=2))


def _retriever(settings: Settings) -> Any:
    from assistant.index import read_manifest, stale_documents
    from assistant.retrieval import Retriever

    _, manifest = read_manifest(settings)
    stale = stale_documents(settings, manifest)
    if stale:
        typer.echo(
            f"warning: the corpus changed since the index was built ({', '.join(stale)}): run `assistant index`",
            err=True,
        )
    return Retriever(settings)


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
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
