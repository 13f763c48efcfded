"""Intent from meaning: a logistic regression over the multilingual-e5 vectors the engine already computes.

It is trained at start-up on ``exemplars.yaml`` (training data only: never an evaluation question), whose
vectors are cached by content hash beside the index (``<index_dir>/exemplars-<hash>.npy``), as the index
caches the corpus's: a start with the cache reads one file, and a changed bank or model is embedded again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from assistant.errors import CorpusError
from assistant.rules.engine import IntentKind
from assistant.text import fold
from assistant.yamldata import parse_yaml

log = logging.getLogger(__name__)

EXEMPLARS = Path(__file__).with_name("exemplars.yaml")
_WORD = re.compile(r"[a-z][a-z'-]*")
# A year or an edition ("2026", "2026-2027", "2026/27"): a slot of its own (Query.years), no sign of what is asked.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?:\s*[-/]\s*(?:19|20)?\d\d)?(?!\d)")

# What a question asks. The rules kinds (assistant.rules.engine.IntentKind) plus: "about" (what a programme is,
# its aims: the texts, by retrieval), "amount" and "count" (a number the texts may or may not give), "outside"
# (another funder, a competition, laureates, general knowledge: not in these texts).
Label = Literal[IntentKind, "about", "amount", "count", "outside"]
LABELS: tuple[Label, ...] = Label.__args__  # type: ignore[attr-defined]


class Guess(BaseModel):
    """The classifier's reading of a question: its best label, how sure, and the runner-up."""

    model_config = ConfigDict(frozen=True)

    label: Label
    confidence: float
    second: Label
    second_confidence: float


class IntentClassifier:
    """Logistic regression (scikit-learn) over e5 query vectors of the exemplar bank."""

    def __init__(
        self,
        embed: Callable[[list[str]], np.ndarray],
        identity: str,
        cache_dir: Path | None,
        path: Path = EXEMPLARS,
    ) -> None:
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        texts, labels = load_exemplars(path)
        key = hashlib.sha256("\n".join([identity, "classified", *texts, *labels]).encode()).hexdigest()[:16]
        vectors = _cached(cache_dir, key, lambda: embed([classified(t) for t in texts]))
        # e5's vectors bunch together (cosines 0.8-0.95): standardised, a strongly regularised regression gives
        # probabilities that mean something. 5-fold cross-validation on the bank, read as `classified` reads it
        # (2026-12-07): accuracy 0.86; at probability >= 0.6, 73% of the phrasings are classified, 95% of them rightly.
        self.model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=3000))
        self.model.fit(_unit(vectors), labels)
        self.classes: list[str] = [str(c) for c in self.model.classes_]
        self._words: dict[str, frozenset[str]] = {}
        for text, label in zip(texts, labels, strict=True):
            self._words[label] = self._words.get(label, frozenset()) | frozenset(_WORD.findall(fold(text)))

    def words(self, label: str) -> frozenset[str]:
        """The folded words the exemplars of an intent use."""
        return self._words.get(label, frozenset())

    def guess(self, vector: Sequence[float]) -> Guess:
        """The best two labels for a question's vector, with their probabilities."""
        probabilities = self.model.predict_proba(_unit(np.asarray([vector], dtype=np.float32)))[0]
        first, second = np.argsort(probabilities)[::-1][:2]
        return Guess(
            label=self.classes[first],
            confidence=float(probabilities[first]),
            second=self.classes[second],
            second_confidence=float(probabilities[second]),
        )


def classified(text: str) -> str:
    """A phrasing as the classifier reads it, in training and in use: without the years it names. The bank has
    few years, so a year pulled a question towards whatever few exemplars hold one ("un CCA peut postuler aux
    postes d'accueil 2026 ?" fell below the confidence floor that the same question without "2026" passes)."""
    stripped = re.sub(r"\s{2,}", " ", _YEAR.sub(" ", text)).strip()
    # ("et pour 2027 ?" without its year is "et pour ?": nothing left to read, the year is the question)
    return stripped if len(re.findall(r"[^\W\d_]{3,}", stripped)) >= 3 else text


def load_exemplars(path: Path = EXEMPLARS) -> tuple[list[str], list[str]]:
    """The exemplar bank as parallel lists of phrasings and labels; a malformed bank is a CorpusError naming the file."""
    raw = parse_yaml(path.read_text(encoding="utf-8"), path, CorpusError)
    if not isinstance(raw, dict):
        raise CorpusError(path, "must map each intent to a list of phrasings")
    texts: list[str] = []
    labels: list[str] = []
    for label, phrasings in raw.items():
        if label not in LABELS:
            raise CorpusError(path, f"unknown intent {label!r} (known: {', '.join(LABELS)})")
        if not isinstance(phrasings, list) or not all(isinstance(p, str) and p.strip() for p in phrasings):
            raise CorpusError(path, f"intent {label!r} must list non-empty phrasings")
        texts += phrasings
        labels += [label] * len(phrasings)
    return texts, labels


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _cached(cache_dir: Path | None, key: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
    """The exemplars' vectors from ``<cache_dir>/exemplars-<key>.npy``, computed and written when absent (a
    cache that cannot be written, a read-only index, only costs the next start the same few seconds)."""
    path = cache_dir / f"exemplars-{key}.npy" if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            loaded: np.ndarray = np.load(path)
            return loaded
        except (OSError, ValueError):
            log.warning("exemplar cache %s unreadable: embedding the exemplars again", path)
    vectors = np.asarray(compute(), dtype=np.float32)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
                np.save(tmp, vectors)
            os.replace(tmp.name, path)
        except OSError as exc:
            log.warning("exemplar cache %s not written: %s", path, exc)
    return vectors
