"""Every test runs on its own copy of the corpus and its own index folder."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from assistant import runtime
from assistant.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
DEV_SET = REPO / "evals" / "dev.jsonl"
SOURCES = REPO.parent / "shared" / "corpus-sources"


def free_port() -> int:
    """A loopback TCP port free right now, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def settings_for(corpus_dir: Path, index_dir: Path, **overrides: object) -> Settings:
    return load_settings(paths={"corpus_dir": corpus_dir, "index_dir": index_dir}, **overrides)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the settings at a temporary corpus copy and index folder; no test writes into the repo."""
    for name in list(os.environ):
        if name.startswith("ASSISTANT_"):
            monkeypatch.delenv(name)
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    monkeypatch.setenv("ASSISTANT_PATHS__CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_PATHS__INDEX_DIR", str(tmp_path / "index"))
    return tmp_path


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real corpus indexed once with the default (real) embedding model."""
    from assistant.index import build_index

    settings = settings_for(CORPUS, tmp_path_factory.mktemp("built") / "index")
    runtime.configure(settings)
    build_index(settings)
    return settings


@pytest.fixture(scope="session")
def retriever(built: Settings):
    from assistant.retrieval import Retriever

    return Retriever(built)
