"""Process-wide set-up (offline mode, thread counts, applied before heavy imports) and the clock."""

from __future__ import annotations

import datetime as dt
import os

from assistant.settings import Settings

_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def configure(settings: Settings) -> None:
    """Force offline mode and the thread count; call before numpy or torch is imported."""
    os.environ.update(_OFFLINE)
    for name in _THREAD_VARS:
        os.environ[name] = str(settings.runtime.threads)


def now(day: dt.date | None = None) -> dt.datetime:
    """The start of ``day`` in Paris time when one is given (``--today``), else the current time there."""
    from assistant.rules.deadlines import PARIS

    if day is not None:
        return dt.datetime.combine(day, dt.time(0, 0), tzinfo=PARIS)
    return dt.datetime.now(PARIS)
