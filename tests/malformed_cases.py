"""Generated hostile inputs: what a pasted email, a broken client or a curious applicant sends.

``questions(n)`` gives ``n`` strings (seeded, the same on every run) across the categories below; ``bodies()``
gives raw `POST /api/ask` bodies that are not a valid request. Each string keeps its category for the report.
"""

from __future__ import annotations

import json
import random

from assistant.guard import MAX_QUESTION_CHARS

BASE = [
    "Quelle est la date limite des postes d'accueil ?",
    "How long does a contrat d'interface last?",
    "Qui contacter pour le CCA ?",
    "Je suis interne, suis-je éligible ?",
    "Comment candidater aux Hauts potentiels ?",
    "quelle est la capitale de la France",
]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u200e"]
OUTSIDE = "http://203.0.113.7"  # TEST-NET-3: documentation addresses, never routed
MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    f'<img src="{OUTSIDE}/pixel.png">',
    f"![pixel]({OUTSIDE}/pixel.png)",
    f"![]({OUTSIDE}/a.gif 'title')",
    f"[cliquez ici]({OUTSIDE}/phish)",
    "[x](javascript:alert(1))",
    f'<iframe src="{OUTSIDE}"></iframe>',
    "<style>body{display:none}</style>",
    f'<link rel="stylesheet" href="{OUTSIDE}/x.css">',
    "<svg onload=alert(1)>",
    "$$\\begin{x}$$",
    "```\ncode\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "<!-- comment -->",
    f"{OUTSIDE}/bare-link",
]
ODD = [
    "\x00",
    "\x00\x00\x00",
    "\ud800",
    "\udfff",
    "a\ud83dz",
    "\x1b[31mrouge\x1b[0m",
    "\x07\x08\x7f",
    "\r\n\r\n",
    "\t\t",
    "🙂" * 50,
    "e\u0301" * 200,
    "Ω≈ç√∫˜µ≤≥÷",
    "田中さんにあげて下さい",
    "مرحبا بالعالم",
    "'; DROP TABLE threads; --",
    "{0} {1} %s %d %(x)s {{x}}",
    "../../../../etc/passwd",
    "null",
    "undefined",
    "NaN",
    "true",
    "[]",
    "{}",
    '{"question": "x"}',
    "\\u0000",
    "%00%2e%2e%2f",
    "A" * 300,
    "?" * 50,
    "date limite " * 150,
]
WHITESPACE = ["", " ", "   ", "\n", "\t", "\u00a0", "\u3000", "\u2028", " \n \t ", "\u200b\u200b", "\u202e"]


def questions(n: int = 1100, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` (category, text) pairs: every fixed case once, then seeded mixes of a question and hostile parts."""
    rng = random.Random(seed)
    cases: list[tuple[str, str]] = [("whitespace", w) for w in WHITESPACE]
    cases += [("markup", m) for m in MARKUP] + [("odd", o) for o in ODD]
    cases += [
        ("length", "x" * MAX_QUESTION_CHARS),
        ("length", "x" * (MAX_QUESTION_CHARS + 1)),
        ("length", "é" * 100_000),
        ("length", BASE[0] + " " * 100_000),
        ("length", "\u200b" * 100_000 + BASE[1]),
        ("length", (BASE[0] + " ") * 200),
    ]
    while len(cases) < n:
        question = rng.choice(BASE)
        kind = rng.choice(["invisible", "bidi", "markup", "odd", "nul", "surrogate", "whitespace", "repeat"])
        if kind == "invisible":
            text = "".join(ch + (rng.choice(INVISIBLE) if rng.random() < 0.3 else "") for ch in question)
        elif kind == "bidi":
            text = rng.choice(BIDI) + question[:: -1 if rng.random() < 0.3 else 1] + rng.choice(BIDI)
        elif kind == "markup":
            text = f"{rng.choice(MARKUP)} {question} {rng.choice(MARKUP)}"
        elif kind == "odd":
            cut = rng.randrange(len(question))
            text = question[:cut] + rng.choice(ODD) + question[cut:]
        elif kind == "nul":
            text = question.replace(" ", "\x00", rng.randint(1, 3))
        elif kind == "surrogate":
            cut = rng.randrange(len(question))
            text = question[:cut] + chr(rng.randint(0xD800, 0xDFFF)) + question[cut:]
        elif kind == "whitespace":
            text = rng.choice(WHITESPACE) * rng.randint(1, 40) + question + rng.choice(WHITESPACE) * rng.randint(1, 40)
        else:
            text = " ".join([question] * rng.randint(2, 30))
        cases.append((kind, text))
    return cases[:n]


def bodies() -> list[tuple[str, bytes]]:
    """(what, raw body) for `POST /api/ask` bodies that are not a valid request: each must get a 4xx."""
    out: list[tuple[str, bytes]] = [
        ("empty body", b""),
        ("truncated JSON", b'{"question": "x'),
        ("trailing garbage", b'{"question": "x"} trailing'),
        ("single quotes", b"{'question': 'x'}"),
        ("latin-1 bytes", '{"question": "été"}'.encode("latin-1")),
        ("invalid UTF-8", b'{"question": "\xff\xfe"}'),
        ("NUL bytes", b'{"question": "x"}\x00\x00'),
        ("a bare string", b'"question"'),
        ("a number", b"42"),
        ("null", b"null"),
        ("a list", b'[{"question": "x"}]'),
        ("deep nesting", b"[" * 100_000 + b"]" * 100_000),
        ("huge body", json.dumps({"question": "x" * 300_000}).encode()),
        ("NaN", b'{"question": NaN}'),
    ]
    wrong = [
        {},
        {"question": None},
        {"question": 3},
        {"question": 3.5},
        {"question": True},
        {"question": ["x"]},
        {"question": {"text": "x"}},
        {"question": "x", "history": "y"},
        {"question": "x", "history": [1, 2]},
        {"question": "x", "history": [None]},
        {"question": "x", "history": ["h"] * 51},
        {"question": "x", "history": ["x" * (MAX_QUESTION_CHARS + 1)]},
        {"question": "x", "today": "hier"},
        {"question": "x", "today": "2026-13-01"},
        {"question": "x", "today": 20260101},
        {"question": "x", "extra": 1},
        {"Question": "x"},
        {"question": ""},
        {"question": "   "},
        {"question": "\u200b"},
        {"question": "x" * (MAX_QUESTION_CHARS + 1)},
    ]
    out += [(f"wrong type {json.dumps(w)[:40]}", json.dumps(w).encode()) for w in wrong]
    return out
