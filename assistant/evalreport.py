"""The report of an evaluation run: Markdown and a self-contained HTML page, each with a per-kind bar chart.

Nothing in the page loads from elsewhere: the chart is inline SVG and the
style is inline, so the report opens air-gapped and can be attached to a
ticket as it is.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from assistant.evals import THRESHOLD_METRICS, Metrics, Run, Thresholds, meets
from assistant.files import write_atomic

_LABELS = {
    "correct": "answer correctness (all judged questions)",
    "rules_exact": "exactness on rules questions",
    "citation_precision": "citation precision (verbatim quotes)",
    "refusal_precision": "refusal precision",
    "refusal_recall": "refusal recall",
    "answered_wrong": "answered but wrong (max)",
    "wrongly_refused": "refused though answered (max)",
    "hit_at_1": "retrieval hit@1",
    "hit_at_3": "retrieval hit@3",
    "hit_at_5": "retrieval hit@5",
    "mrr": "retrieval MRR",
}


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def metric_rows(m: Metrics, thresholds: Thresholds) -> list[tuple[str, str, str, str]]:
    """(metric, value, limit, verdict) for each figure of the summary table (a limit is a minimum, or a maximum
    for the figures marked (max))."""
    rows = []
    for name in THRESHOLD_METRICS:
        value, limit = getattr(m, name), getattr(thresholds, name)
        verdict = "" if limit is None or value is None else ("ok" if meets(name, value, limit) else "MISSED")
        rows.append((_LABELS[name], _figure(value), "" if limit is None else f"{limit:g}", verdict))
    rows.append(("latency p50 (ms)", f"{m.latency_p50_ms:.0f}", "", ""))
    rows.append(("latency p95 (ms)", f"{m.latency_p95_ms:.0f}", "", ""))
    return rows


def chart_svg(m: Metrics) -> str:
    """Horizontal bars: the share of right answers for each kind of question."""
    bar_height, gap, label_width, bar_width = 18, 6, 150, 320
    height = max(1, len(m.by_kind)) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 90}" height="{height}" '
        f'role="img" aria-label="Share of right answers per kind of question" '
        f'font-family="sans-serif" font-size="12">'
    ]
    for n, score in enumerate(m.by_kind):
        y = gap + n * (bar_height + gap)
        width = round(bar_width * score.share)
        colour = "#2e7d32" if score.correct == score.questions else "#c62828"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{html.escape(score.kind)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{bar_width}" height="{bar_height}" fill="#eeeeee"/>'
            f'<rect x="{label_width}" y="{y}" width="{width}" height="{bar_height}" fill="{colour}"/>'
            f'<text x="{label_width + bar_width + 6}" y="{y + 13}">{score.correct}/{score.questions}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _failures(result: Run) -> list[tuple[str, str, str]]:
    return [(r.id, r.question, "; ".join(r.problems)) for r in result.rows if r.correct is False]


def markdown(result: Run, thresholds: Thresholds, source: str, misses: list[str]) -> str:
    m = result.metrics
    lines = [
        f"# Evaluation of `{source}`",
        "",
        f"{m.questions} questions, {m.judged} with an expected answer; run "
        f"{dt.datetime.now().astimezone().isoformat(timespec='seconds')}.",
        "",
        "**Thresholds: all reached.**" if not misses else "**Thresholds missed:** " + "; ".join(misses),
        "",
        "| metric | value | limit | |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in metric_rows(m, thresholds)],
        "",
        "## Right answers per kind of question",
        "",
        "![right answers per kind](chart.svg)",
        "",
        "| kind | right | questions | share |",
        "|---|---|---|---|",
        *[f"| {k.kind} | {k.correct} | {k.questions} | {k.share:.0%} |" for k in m.by_kind],
        "",
        "## Wrong answers",
        "",
    ]
    failures = _failures(result)
    if not failures:
        lines.append("None.")
    for id_, question, problems in failures:
        lines.append(f"- `{id_}` {_md(question)} — {_md(problems)}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Question text shown as data: no Markdown or HTML of it is interpreted."""
    return html.escape(text).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


def html_page(result: Run, thresholds: Thresholds, source: str, misses: list[str]) -> str:
    m = result.metrics
    esc = html.escape
    table = "".join(
        f"<tr><td>{esc(a)}</td><td>{esc(b)}</td><td>{esc(c)}</td><td class='{d.lower()}'>{esc(d)}</td></tr>"
        for a, b, c, d in metric_rows(m, thresholds)
    )
    kinds = "".join(
        f"<tr><td>{esc(k.kind)}</td><td>{k.correct}</td><td>{k.questions}</td><td>{k.share:.0%}</td></tr>"
        for k in m.by_kind
    )
    failures = (
        "".join(f"<li><code>{esc(i)}</code> {esc(q)} — {esc(p)}</li>" for i, q, p in _failures(result))
        or "<li>None.</li>"
    )
    status = "Thresholds: all reached." if not misses else "Thresholds missed: " + "; ".join(misses)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Evaluation of {esc(source)}</title>
<style>
body {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
td, th {{ border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; }}
.missed {{ color: #c62828; font-weight: bold; }} .ok {{ color: #2e7d32; }}
.status {{ font-weight: bold; color: {"#2e7d32" if not misses else "#c62828"}; }}
</style></head><body>
<h1>Evaluation of <code>{esc(source)}</code></h1>
<p>{m.questions} questions, {m.judged} with an expected answer.</p>
<p class="status">{esc(status)}</p>
<table><tr><th>metric</th><th>value</th><th>limit</th><th></th></tr>{table}</table>
<h2>Right answers per kind of question</h2>
{chart_svg(m)}
<table><tr><th>kind</th><th>right</th><th>questions</th><th>share</th></tr>{kinds}</table>
<h2>Wrong answers</h2>
<ul>{failures}</ul>
</body></html>
"""


def write_report(result: Run, thresholds: Thresholds, source: str, misses: list[str], folder: Path) -> list[Path]:
    """Write report.md, chart.svg and report.html into ``folder``; each file appears whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "report.md": markdown(result, thresholds, source, misses),
        "chart.svg": chart_svg(result.metrics) + "\n",
        "report.html": html_page(result, thresholds, source, misses),
    }
    written = []
    for name, text in files.items():
        written.append(write_atomically(folder / name, text))
    return written


def write_atomically(path: Path, text: str) -> Path:
    """Write a file through a temporary sibling renamed into place."""
    return write_atomic(path, text)
