"""Fair use of the one answer engine: a per-client limit on questions, and a time budget per question.

The engine answers one question at a time (web.run), so one client sending questions without pause, or
questions that are slow to answer, holds up everyone else. Two limits apply to each question:

- token buckets (``Limiter``), one per signed-in identity (the chat) and one per network address (the chat
  and `POST /api/ask`, which has no login): an applicant's identity is a new anonymous one at each page load,
  the address is what bounds them; the identity's limit keeps users who share an address (a hospital's
  network) from starving each other. A refused question costs nothing and counts against neither.
- a deadline (``DEADLINE``) that the engine checks between its stages (``check_deadline``): a question over
  its budget stops there, and the engine's thread is free for the next one.

Pure apart from the clock, which is injected (tests use their own).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from assistant.errors import OverBudget

Clock = Callable[[], float]
MAX_KEYS = 50_000  # buckets kept per limiter: each page load is a new anonymous identity, so the oldest go

# The monotonic time by which the question being answered must be done (None: no budget). Set by the caller
# (web.run) in the context the engine runs in; read at the engine's checkpoints.
DEADLINE: ContextVar[float | None] = ContextVar("question_deadline", default=None)


def check_deadline(clock: Clock = time.monotonic) -> None:
    """Raise OverBudget when the question being answered is past its deadline."""
    deadline = DEADLINE.get()
    if deadline is not None and clock() > deadline:
        raise OverBudget()


@dataclass
class _Bucket:
    tokens: float
    updated: float


class Limiter:
    """Token buckets by key: ``per_minute`` questions a minute, in bursts of up to as many (0: no limit)."""

    def __init__(self, per_minute: int, clock: Clock = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def wait(self, key: str) -> float:
        """Seconds before ``key`` may ask again (0: now); nothing is taken."""
        if self.per_minute <= 0:
            return 0.0
        tokens = self._refilled(key).tokens
        return 0.0 if tokens >= 1 else (1 - tokens) * 60 / self.per_minute

    def take(self, key: str) -> None:
        """Count one question for ``key`` (after ``wait`` said 0)."""
        if self.per_minute <= 0:
            return
        bucket = self._refilled(key)
        bucket.tokens = max(0.0, bucket.tokens - 1)

    def _refilled(self, key: str) -> _Bucket:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.per_minute), now)
            while len(self._buckets) > self.max_keys:  # the least recently seen: a new bucket if it comes back
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            elapsed = max(0.0, now - bucket.updated)  # a clock that steps back refills nothing
            bucket.tokens = min(float(self.per_minute), bucket.tokens + elapsed * self.per_minute / 60)
            bucket.updated = max(bucket.updated, now)
        return bucket


class QuestionLimits:
    """The limits a question passes: its identity's (if signed in) and its address's (if known)."""

    def __init__(self, per_identity: int, per_address: int, clock: Clock = time.monotonic) -> None:
        self.identities = Limiter(per_identity, clock)
        self.addresses = Limiter(per_address, clock)

    def admit(self, identity: str | None, address: str | None) -> float:
        """0 when the question may go to the engine (then counted on both limits), else the seconds to wait
        before asking again (then counted on neither)."""
        checks = [(limiter, key) for limiter, key in ((self.identities, identity), (self.addresses, address)) if key]
        wait = max((limiter.wait(key) for limiter, key in checks), default=0.0)
        if wait > 0:
            return wait
        for limiter, key in checks:
            limiter.take(key)
        return 0.0


def retry_after(wait: float) -> int:
    """A wait as the whole seconds of a Retry-After header (at least 1)."""
    return max(1, math.ceil(wait))


def limit_message(wait: float, lang: Literal["fr", "en"]) -> str:
    """What the user reads when a limit is hit: how long to wait."""
    seconds = retry_after(wait)
    if lang == "en":
        unit = "second" if seconds == 1 else "seconds"
        return f"Too many questions in a short time: please wait {seconds} {unit} before asking the next one."
    unit = "seconde" if seconds == 1 else "secondes"
    return f"Trop de questions en peu de temps : attendez {seconds} {unit} avant de poser la suivante."


def budget_message(seconds: float, lang: Literal["fr", "en"]) -> str:
    """What the user reads when a question took longer than its budget."""
    if lang == "en":
        return (
            f"This question took too long to answer (over {seconds:g} s) and was given up: "
            "please ask it again in a shorter form, or in a moment."
        )
    return (
        f"Cette question prenait trop de temps (plus de {seconds:g} s) et a été abandonnée : "
        "reformulez-la plus brièvement, ou réessayez dans un instant."
    )
