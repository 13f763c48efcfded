"""How often `assistant ask` answers or refuses, per question file and refusal threshold.

    .venv/bin/python benchmarks/answer_rates.py [--thresholds 0.4,0.55,0.7]

Development and held-out questions are all answerable from the texts; the
out-of-scope ones are not. A figure, not a test: the gate comes with `assistant eval`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from assistant import runtime
from assistant.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
FILES = ("dev.jsonl", "heldout.jsonl", "out-of-scope.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", default="0.4,0.55,0.7", help="comma-separated answer.min_coverage values")
    args = parser.parse_args()
    settings = load_settings()
    runtime.configure(settings)
    from assistant.answer import Engine
    from assistant.evals import load_questions

    engine = Engine(settings)
    sets = {name: load_questions(REPO / "evals" / name) for name in FILES}
    print("| min_coverage | " + " | ".join(f"{n} answered" for n in FILES) + " |")
    print("|---:|" + "---:|" * len(FILES))
    for threshold in (float(t) for t in args.thresholds.split(",")):
        engine.settings = load_settings(answer={"min_coverage": threshold})
        cells = []
        for questions in sets.values():
            answered = sum(engine.ask(q.question, today=dt.date(2026, 2, 18)).status == "answered" for q in questions)
            cells.append(f"{answered}/{len(questions)}")
        print(f"| {threshold} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
