"""Re-indexing while the assistant serves: incremental, verified, switched atomically, safe to kill."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import IndexBusy, IndexMissing, IndexStoreError
from assistant.index import (
    BUILDS,
    POINTER,
    VECTORS,
    build_index,
    current_build,
    index_lock,
    index_path,
    read_manifest,
    read_pointer,
    rollback,
)
from assistant.settings import Settings, load_settings
from tests.conftest import CORPUS
from tests.test_index import _touch

QUESTIONS = (
    "Quelle est la date limite de candidature aux postes d'accueil ?",
    "Combien de temps dure un contrat d'interface pour un PH ?",
    "Qui peut candidater au programme Hauts potentiels ?",
    "Quel est le salaire d'un poste d'accueil ?",
)


@pytest.fixture()
def warm(isolated: Path, built: Settings) -> Settings:
    """Settings on a corpus copy whose document vectors are already cached (copied from the session's build)."""
    settings = load_settings()
    target = index_path(settings) / VECTORS
    shutil.copytree(index_path(built) / VECTORS, target)
    return settings


def _answers(settings: Settings) -> list[dict[str, object]]:
    """What the engine answers now, from a fresh engine (as a freshly started server would)."""
    import datetime as dt

    from assistant.answer import Engine
    from assistant.index import _release

    _release()
    engine = Engine(settings)
    return [engine.ask(q, today=dt.date(2026, 1, 15)).model_dump(mode="json") for q in QUESTIONS]


def test_only_changed_documents_are_embedded(warm: Settings) -> None:
    first = build_index(warm)
    assert first.switched and first.embedded == 0  # every vector came from the cache
    assert {a.action for a in first.actions} == {"added"}

    _touch(warm)
    (warm.paths.corpus_dir / "contrat-engagement-recherche-amps.md").unlink()
    (warm.paths.corpus_dir / "rules" / "contrat-engagement-recherche-amps.yaml").unlink()
    second = build_index(warm)
    actions = {a.doc_id: a for a in second.actions}
    assert actions["postes-accueil-2026"].action == "changed" and actions["postes-accueil-2026"].embedded > 0
    assert actions["contrat-engagement-recherche-amps"].action == "removed"
    unchanged = [a for a in second.actions if a.action == "unchanged"]
    assert len(unchanged) == 3 and all(a.embedded == 0 and a.chunks > 0 for a in unchanged)
    assert second.embedded == actions["postes-accueil-2026"].embedded

    path, manifest = read_manifest(warm)
    assert manifest.build == second.build and "contrat-engagement-recherche-amps" not in manifest.documents
    assert read_pointer(warm).previous == first.build  # type: ignore[union-attr]

    third = build_index(warm)
    assert not third.switched and third.build == second.build and third.embedded == 0


def test_the_previous_build_is_kept_for_rollback_and_older_ones_dropped(warm: Settings) -> None:
    builds = []
    for n in range(3):
        _touch(warm, sentence=f"Phrase {n}.")
        builds.append(build_index(warm).build)
    kept = sorted(p.name for p in (index_path(warm) / BUILDS).iterdir())
    assert kept == sorted(builds[1:])
    # Only the vectors the two kept builds use stay cached.
    assert len(list((index_path(warm) / VECTORS).glob("*.npy"))) == 5 + 1

    pointer = rollback(warm)
    assert (pointer.build, pointer.previous) == (builds[1], builds[2])
    assert read_manifest(warm)[1].build == builds[1]
    assert rollback(warm).build == builds[2]  # rolling back a rollback restores


def test_rollback_without_a_previous_build(warm: Settings) -> None:
    with pytest.raises(IndexMissing):
        rollback(warm)
    build_index(warm)
    with pytest.raises(IndexStoreError, match="no previous build"):
        rollback(warm)


def test_a_second_reindex_is_refused_while_one_runs(warm: Settings) -> None:
    build_index(warm)
    _touch(warm)
    with index_lock(warm):
        with pytest.raises(IndexBusy, match=f"pid {os.getpid()}"):
            build_index(warm)
        cli = subprocess.run(
            [str(Path(sys.executable).parent / "assistant"), "index", "-q"], capture_output=True, text=True, timeout=300
        )
    assert cli.returncode == 1
    assert cli.stderr.strip().count("\n") == 0 and "another `assistant index` is running" in cli.stderr
    assert "Traceback" not in cli.stderr
    assert build_index(warm).switched  # the lock is released with the block


def test_a_build_failing_its_check_is_never_served(warm: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store missing chunks is caught by the fresh-process check; the served build stays."""
    import assistant.index as index

    served = build_index(warm).build
    _touch(warm)
    original = index.write_collections

    def lossy(client, names, chunks, vectors, units, unit_vectors) -> None:  # type: ignore[no-untyped-def]
        original(client, names, chunks[:-1], vectors[:-1], units, unit_vectors)

    monkeypatch.setattr(index, "write_collections", lossy)
    with pytest.raises(IndexStoreError, match="failed its check: .*chunks stored, the manifest says"):
        build_index(warm)
    assert current_build(warm) == served
    assert not list(index_path(warm).glob(".staging-*"))
    monkeypatch.setattr(index, "write_collections", original)
    assert build_index(warm).switched


def test_check_queries_must_find_their_document(warm: Settings) -> None:
    checks = warm.paths.corpus_dir / "index-checks.yaml"
    checks.write_text(
        '- query: "Quel est le montant de la bourse des Hauts potentiels ?"\n  expect: no-such-document\n'
        '- query: "xyzzy plugh"\n  expect: postes-accueil-2026\n',
        encoding="utf-8",
    )
    (warm.paths.corpus_dir / "postes-accueil-2026.md").unlink()  # its check is skipped, not failed
    (warm.paths.corpus_dir / "rules" / "postes-accueil-2026.yaml").unlink()
    assert build_index(warm).switched
    checks.write_text("- {query: 1, nonsense: true}\n", encoding="utf-8")
    _touch(warm, "contrats-interface-2026")
    with pytest.raises(IndexStoreError, match="index-checks.yaml"):
        build_index(warm)


def test_a_running_server_picks_up_the_new_build(warm: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import web

    build_index(warm)
    web.settings.cache_clear()
    monkeypatch.setitem(web._served, "engine", None)
    first = web.engine()
    assert web.engine() is first  # nothing changed: no reload

    doc = warm.paths.corpus_dir / "postes-accueil-2026.md"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("postesdaccueil.siege@inserm.fr", "postesdaccueil.nouveau@inserm.fr"), encoding="utf-8")
    rules = warm.paths.corpus_dir / "rules" / "postes-accueil-2026.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("postesdaccueil.siege", "postesdaccueil.nouveau"))
    new = build_index(warm).build
    second = web.engine()
    assert second is not first and second.retriever.build == new
    answer = second.ask("Quel est l'email de contact des postes d'accueil ?")
    assert "postesdaccueil.nouveau@inserm.fr" in answer.answer

    rollback(warm)  # the maintainer rolls back: the server follows
    assert web.engine().retriever.build == first.retriever.build
    web.settings.cache_clear()


# --- kill -9 during a re-index ------------------------------------------------------------------------------

# Each pause point patches one step of the re-index to print a marker and wait to be killed.
_PAUSES = {
    "embedding": """
import assistant.index as index
original = index._embed
def paused(*args, **kwargs):
    vectors = original(*args, **kwargs)  # computed, not yet cached, staging already created
    print("PAUSED", flush=True); time.sleep(600)
index._embed = paused
""",
    "write": """
from llama_index.vector_stores.chroma import ChromaVectorStore
original = ChromaVectorStore.add
def paused(self, nodes, **kwargs):
    ids = original(self, nodes, **kwargs)  # the chunks are in the staging store, the sentences not yet
    print("PAUSED", flush=True); time.sleep(600)
ChromaVectorStore.add = paused
""",
    "switch": """
import os
original = os.replace
def paused(src, dst, *args, **kwargs):
    if str(dst).endswith("CURRENT"):  # the new pointer is written and synced, not yet in place
        print("PAUSED", flush=True); time.sleep(600)
    return original(src, dst, *args, **kwargs)
os.replace = paused
""",
}


def _kill_reindex_at(point: str) -> None:
    code = (
        "import sys, time\n"
        + _PAUSES[point]
        + "\nfrom assistant.cli import main\nsys.argv = ['assistant', 'index', '-q']\nmain()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.strip() == "PAUSED", (line, proc.stderr.read() if proc.poll() is not None else "")  # type: ignore[union-attr]
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.slow
@pytest.mark.parametrize("point", list(_PAUSES))
def test_kill_9_during_a_reindex_leaves_the_served_index_as_it_was(warm: Settings, point: str) -> None:
    build_index(warm)
    served, before = current_build(warm), _answers(warm)
    pointer_before = (index_path(warm) / POINTER).read_bytes()

    _touch(warm, "contrats-interface-2026", "Une phrase ajoutée pendant le test.")
    started = time.perf_counter()
    _kill_reindex_at(point)
    assert time.perf_counter() - started < 300

    assert (index_path(warm) / POINTER).read_bytes() == pointer_before
    assert current_build(warm) == served
    assert _answers(warm) == before  # byte-identical answers from the served build

    # The next re-index cleans up after the dead one and succeeds.
    cli = subprocess.run(
        [str(Path(sys.executable).parent / "assistant"), "index"], capture_output=True, text=True, timeout=600
    )
    assert cli.returncode == 0, cli.stderr
    assert "changed    contrats-interface-2026" in cli.stdout
    assert current_build(warm) != served
    assert not list(index_path(warm).glob(".staging-*")) and not list(index_path(warm).glob(".*.tmp-*"))
    assert json.loads((index_path(warm) / POINTER).read_text())["previous"] == served


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:60])  # cut inside the front matter


def _latin1(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", "replace"))


def _wrong_types(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^year: .*$", "year: deux mille", text, count=1), encoding="utf-8")


def _not_yaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\n: [unclosed\n", 1), encoding="utf-8")


def _binary(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02 not a markdown file\xff\xfe")


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (_truncated, "front matter"),
        (_latin1, "UTF-8"),
        (_wrong_types, "year"),
        (_not_yaml, "YAML"),
        (_binary, "UTF-8"),
    ],
)
def test_a_damaged_corpus_file_is_one_error_naming_it_and_the_served_index_is_untouched(
    warm: Settings, damage: Any, said: str
) -> None:
    """Corpus side of hostile input: each damage is one line naming the file, exit 1, and the served build's
    files and answers stay as they were."""
    from typer.testing import CliRunner

    from assistant.cli import app
    from assistant.index import _release

    build_index(warm)
    answers = _answers(warm)
    _release()  # opening a store writes its header: the snapshot is taken with none open
    served = index_path(warm)
    before = {p: p.read_bytes() for p in served.rglob("*") if p.is_file() and VECTORS not in p.parts}
    target = warm.paths.corpus_dir / "postes-accueil-2026.md"
    damage(target)
    result = CliRunner().invoke(app, ["index", "--quiet"])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "postes-accueil-2026.md" in lines[0] and said.lower() in lines[0].lower(), lines[0]
    after = {p: p.read_bytes() for p in served.rglob("*") if p.is_file() and VECTORS not in p.parts}
    assert after == before
    (warm.paths.corpus_dir / "postes-accueil-2026.md").write_bytes((CORPUS / "postes-accueil-2026.md").read_bytes())
    assert _answers(warm) == answers
