"""Crafted 2,000-character questions: how long the engine takes on each family, against ordinary questions.

    .venv/bin/python benchmarks/crafted.py [--variants 3] [--json OUT.json]

Each family holds ``--variants`` questions (seeded, so two runs ask the same ones) of at most 2,000 characters,
the chat's limit. Prints a Markdown table of per-family p50 and max latency of ``Engine.ask`` and the statuses it
gave. A benchmark, not a test: the figures depend on the machine and its load (tests/test_redteam_load.py
asks some of these questions to the real server and checks only that they are answered).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import string
import time
from collections.abc import Callable
from pathlib import Path

LIMIT = 2000  # the chat's and the API's question limit (assistant.guard.MAX_QUESTION_CHARS)

ORDINARY = [
    "Quelle est la date limite des postes d'accueil ?",
    "Combien de temps dure un contrat d'interface ?",
    "Who can apply to the CCA Inserm-Bettencourt programme?",
    "Quels documents faut-il fournir pour le programme Hauts potentiels ?",
]
PROGRAMMES = "CCA Inserm-Bettencourt, postes d'accueil, contrats d'interface, Hauts potentiels : "
OTHER_SCRIPTS = "研究申请截止日期 исследование заявка срок 🧪🔬📅 البحث موعد "


def fill(words: list[str], rng: random.Random, shuffle: bool = True, sep: str = " ") -> str:
    """Words drawn in turn (shuffled once) until the next would pass the limit."""
    words = list(words)
    if shuffle:
        rng.shuffle(words)
    out: list[str] = []
    size = 0
    for n in range(100_000):
        word = words[n % len(words)]
        if size + len(word) + len(sep) > LIMIT:
            break
        out.append(word)
        size += len(word) + len(sep)
    return sep.join(out)


def _random_word(rng: random.Random, letters: str, length: int) -> str:
    return "".join(rng.choice(letters) for _ in range(length))


def families(texts: list[str]) -> dict[str, Callable[[random.Random], str]]:
    """Question makers by family, from the corpus's texts (its words, pairs and acronyms)."""
    from assistant.glossary import LEXICON, mine_acronyms

    words = [w for text in texts for w in re.findall(r"[^\W\d_]{3,}", text)]
    counts: dict[str, int] = {}
    for w in words:
        counts[w.lower()] = counts.get(w.lower(), 0) + 1
    rare = sorted(w for w, c in counts.items() if c == 1)
    pairs = sorted({f"{a} {b}" for a, b in zip(words, words[1:]) if len(a) > 3 and len(b) > 3})
    acronyms = sorted(set(mine_acronyms(texts)) | {m for t in texts for m in re.findall(r"\b[A-Z]{2,}\b", t)})
    gibberish = string.ascii_lowercase[:16]
    return {
        "ordinary question": lambda rng: rng.choice(ORDINARY),
        "distinct rare corpus words": lambda rng: fill(rare, rng),
        "one word repeated": lambda rng: fill([rng.choice(rare)], rng),
        "corpus word pairs": lambda rng: fill(pairs, rng),
        "all the acronyms": lambda rng: fill(acronyms, rng),
        "numbers and dates": lambda rng: fill(
            [str(rng.randint(1, 99_999)) for _ in range(200)]
            + [f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/20{rng.randint(10, 30)}" for _ in range(100)],
            rng,
        ),
        "one 2,000-char token": lambda rng: rng.choice(string.ascii_lowercase) * LIMIT,
        "long random words": lambda rng: fill([_random_word(rng, "abcdefghij", 40) for _ in range(60)], rng),
        "short random words": lambda rng: fill([_random_word(rng, gibberish, 7) for _ in range(300)], rng),
        "other scripts and emoji": lambda rng: fill(OTHER_SCRIPTS.split(), rng),
        "English domain words": lambda rng: fill(list(LEXICON), rng),
        "four programmes + random words": lambda rng: (
            PROGRAMMES + fill([_random_word(rng, gibberish, 7) for _ in range(300)], rng)[: LIMIT - len(PROGRAMMES)]
        ),
    }


def crafted(texts: list[str], variants: int = 3) -> dict[str, list[str]]:
    """Each family's questions (``variants`` of them, seeded by family and number)."""
    made = {}
    for name, make in families(texts).items():
        made[name] = [make(random.Random(f"{name}:{n}"))[:LIMIT] for n in range(variants)]
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=3, help="questions per family")
    parser.add_argument("--json", type=Path, help="also write the raw timings here")
    args = parser.parse_args()

    from assistant import runtime
    from assistant.answer import Engine
    from assistant.settings import load_settings

    settings = load_settings()
    runtime.configure(settings)
    engine = Engine(settings)
    engine.ask(ORDINARY[0])  # warm-up: the first question loads what is loaded lazily
    questions = crafted([d.body for d in engine.documents.values()], args.variants)
    rows: dict[str, list[tuple[float, str]]] = {}
    for family, asked in questions.items():
        for question in asked:
            started = time.perf_counter()
            answer = engine.ask(question)
            rows.setdefault(family, []).append((time.perf_counter() - started, answer.status))
    print(f"{args.variants} question(s) a family, embedding {settings.embedding.backend}\n")
    print("| family | chars | p50 (ms) | max (ms) | statuses |")
    print("|---|---:|---:|---:|---|")
    for family, timings in rows.items():
        seconds = [s for s, _ in timings]
        statuses = ", ".join(sorted({st for _, st in timings}))
        chars = max(len(q) for q in questions[family])
        print(
            f"| {family} | {chars} | {1000 * statistics.median(seconds):.0f} | {1000 * max(seconds):.0f} | {statuses} |"
        )
    if args.json:
        args.json.write_text(json.dumps({f: [s for s, _ in t] for f, t in rows.items()}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
