"""Process-wide set-up: offline mode and thread counts, applied before heavy imports."""

from __future__ import annotations

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
