"""Server mode: the index and search against a real Chroma server (`chroma run`), as when scaling out."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import IndexStoreError
from assistant.index import BUILDS, VECTORS, build_index, current_build, index_path, is_current, rollback
from assistant.settings import Settings, load_settings
from tests.chromaserver import ChromaRun
from tests.conftest import free_port

QUERIES = (
    "date limite postes d'accueil",
    "durée du contrat d'interface pour un PU-PH",
    "qui peut candidater aux Hauts potentiels",
    "contrat engagement recherche AMPS",
)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server on a free loopback port, with its own data folder."""
    chroma = ChromaRun(tmp_path_factory.mktemp("chroma-server"))
    chroma.start()
    yield chroma.url
    chroma.stop()


@pytest.fixture()
def served(isolated: Path, built: Settings, chroma_server: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing at the server, with the session's document vectors cached (no embedding to wait for)."""
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", chroma_server)
    settings = load_settings()
    shutil.copytree(index_path(built) / VECTORS, index_path(settings) / VECTORS)
    return settings


def _server_collections(settings: Settings) -> set[str]:
    from assistant.index import _client

    return {c.name for c in _client(settings, index_path(settings)).list_collections()}


def test_settings_read_the_server_address(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.errors import ConfigError

    monkeypatch.setenv("ASSISTANT_CHROMA_URL", "http://10.0.0.5:8001/")
    assert load_settings().chroma_url == "http://10.0.0.5:8001"
    for bad in ("10.0.0.5:8001", "ftp://host", "http://host:port"):
        monkeypatch.setenv("ASSISTANT_CHROMA_URL", bad)
        with pytest.raises(ConfigError, match="chroma_url"):
            load_settings()


def test_index_and_search_through_the_server_match_the_embedded_store(served: Settings, retriever) -> None:  # type: ignore[no-untyped-def]
    from assistant.retrieval import Retriever

    report = build_index(served)
    assert report.switched and report.chunks == len(retriever.chunks)
    assert not (report.path / "chroma.sqlite3").exists()  # the vectors are on the server
    identity = index_path(served).name
    assert _server_collections(served) >= {f"{identity}-{report.build.lower()}-{n}" for n in ("chunks", "sentences")}
    assert is_current(served)

    remote = Retriever(served)
    for query in QUERIES:
        got = [(h.chunk.id, round(h.score, 4)) for h in remote.search(query)]
        assert got == [(h.chunk.id, round(h.score, 4)) for h in retriever.search(query)], query


def test_reindex_rollback_and_cleanup_on_the_server(served: Settings) -> None:
    builds = []
    for n in range(3):
        doc = served.paths.corpus_dir / "postes-accueil-2026.md"
        doc.write_text(doc.read_text(encoding="utf-8") + f"\nPhrase {n}.\n", encoding="utf-8")
        builds.append(build_index(served).build)
    identity = index_path(served).name
    mine = {n for n in _server_collections(served) if n.startswith(identity + "-")}
    assert mine == {f"{identity}-{b.lower()}-{n}" for b in builds[1:] for n in ("chunks", "sentences")}
    assert sorted(p.name for p in (index_path(served) / BUILDS).iterdir()) == sorted(builds[1:])
    assert rollback(served).build == builds[1] == current_build(served)
    assert is_current(served) is False  # the corpus has the third change; the rolled-back build predates it


def test_an_unreachable_server_is_a_clear_error(served: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(served)
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", f"http://127.0.0.1:{free_port()}")
    gone = load_settings()
    from assistant.retrieval import Retriever

    with pytest.raises(IndexStoreError, match="127.0.0.1"):
        Retriever(gone)
    cli = subprocess.run(
        [str(Path(sys.executable).parent / "assistant"), "search", "date limite"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert cli.stderr.strip().count("\n") == 0 and "127.0.0.1" in cli.stderr
