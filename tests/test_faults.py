"""Faults: the Chroma server dying under a running chat and coming back; a full or read-only disk during a
re-index. (The kill -9 crash tests of the re-index are in test_reindex.py.)

The disk faults are real when this process may mount (root in a container that allows it, checked once): the
index folder on a small tmpfs that fills up, or remounted read-only. Otherwise the same errors are injected
into the re-index's writes and the same things are checked (FAULTS_NO_MOUNT=1 forces that, to test it).
"""

from __future__ import annotations

import asyncio
import errno
import gc
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.corpus import load_corpus
from assistant.errors import IndexStoreError
from assistant.index import (
    BUILDS,
    CHROMA_READ_TIMEOUT,
    POINTER,
    STAGING,
    VECTORS,
    _release,
    build_index,
    current_build,
    index_path,
)
from assistant.settings import Settings, load_settings
from tests.chatclient import ChatClient, Reply
from tests.chatserver import chat_server
from tests.chromaserver import ChromaRun
from tests.conftest import CORPUS, free_port, settings_for
from tests.test_index import _touch
from tests.test_reindex import _answers

pytestmark = pytest.mark.slow

RETRIEVED = "Quel est le rôle du laboratoire d'accueil ?"  # answered from the index (route "retrieval")
RULED = "Qui contacter pour les contrats d'interface ?"  # answered by the rules: no index server needed
UNAVAILABLE = {
    "fr-FR": "L'index des textes est momentanément inaccessible : réessayez dans quelques instants.",
    "en-US": "The index of the texts cannot be reached right now: please try again in a moment.",
}
CHANGED = "contrats-interface-2026"  # the document a re-index finds changed


# --- the Chroma server dies and comes back ---------------------------------------------------------------------


def _api_ask(base: str, question: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = httpx.post(f"{base}/api/ask", json={"question": question}, timeout=120)
    return response, time.monotonic() - started


def _chat(base: str, turns: list[tuple[str, str]]) -> list[Reply]:
    """Each (language, question) asked by a new chat user over the websocket, as a browser would."""

    async def run() -> list[Reply]:
        replies = []
        for language, question in turns:
            async with ChatClient(base, language=language) as chat:
                replies.append(await chat.ask(question))
        return replies

    return asyncio.run(run())


def test_the_chat_survives_the_chroma_server_dying_and_answers_again_when_it_returns(
    isolated: Path, built: Settings
) -> None:
    (isolated / "chroma").mkdir()
    chroma = ChromaRun(isolated / "chroma")
    chroma.start()
    try:
        index_dir = isolated / "server-index"  # a build made in server mode, on the corpus the chat serves
        settings = settings_for(CORPUS, index_dir, chroma_url=chroma.url)
        shutil.copytree(index_path(built) / VECTORS, index_path(settings) / VECTORS)
        build_index(settings)
        # A question budget longer than Chroma's read timeout (15 s): the hung server's own error is what is tested.
        env = {"ASSISTANT_CHROMA_URL": chroma.url, "ASSISTANT_CHAT__QUESTION_SECONDS": "60"}
        with chat_server(index_dir, isolated / "chat", env) as server:
            answered, _ = _api_ask(server.base, RETRIEVED)
            assert answered.status_code == 200 and answered.json()["route"] == "retrieval", answered.text
            ruled, _ = _api_ask(server.base, RULED)
            assert ruled.status_code == 200 and ruled.json()["route"] == "rules", ruled.text
            chatted = _chat(server.base, [("fr-FR", RETRIEVED)])[0]
            assert chatted.status == "answered" and not chatted.errors

            chroma.kill()
            down, failed_in = _api_ask(server.base, RETRIEVED)
            assert down.status_code == 503, down.text
            assert down.headers["retry-after"] == "5"
            message = down.json()["error"]
            assert message.startswith(f"the index server at {chroma.url} is unreachable (ConnectError")
            assert message.endswith("; try again shortly") and "\n" not in message
            assert failed_in < 5, failed_in
            assert server.process.poll() is None  # no crash
            # What the rules answer needs no index server: still answered, as before.
            still, _ = _api_ask(server.base, RULED)
            assert still.status_code == 200 and still.json() == ruled.json()
            # The chat says it in the user's language, and goes on.
            for reply, language in zip(_chat(server.base, [("fr-FR", RETRIEVED), ("en-US", RETRIEVED)]), UNAVAILABLE):
                assert reply.content == UNAVAILABLE[language], reply
                assert reply.status == "unavailable" and not reply.errors
            assert server.process.poll() is None
            # A command-line question, a chat start and a re-index while the server is down: one line, exit 1.
            environ = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")} | {
                "ASSISTANT_PATHS__CORPUS_DIR": str(CORPUS),
                "ASSISTANT_PATHS__INDEX_DIR": str(index_dir),
                "ASSISTANT_CHROMA_URL": chroma.url,
                "ASSISTANT_CHAT__DATA_DIR": str(isolated / "chat-data"),
            }
            assistant = str(Path(sys.executable).parent / "assistant")
            pointer = (index_path(settings) / POINTER).read_bytes()
            commands = (
                [assistant, "ask", RETRIEVED],
                [assistant, "chat", "--port", str(free_port())],
                [assistant, "index"],
            )
            for command in commands:
                cli = subprocess.run(command, capture_output=True, text=True, timeout=300, env=environ)
                assert cli.returncode == 1, (command, cli.stdout, cli.stderr)
                assert "Traceback" not in cli.stderr and cli.stderr.strip().count("\n") == 0, cli.stderr
                assert f"the index server at {chroma.url} is unreachable" in cli.stderr
            assert (index_path(settings) / POINTER).read_bytes() == pointer and not _leftovers(settings)

            # The server comes back on the same data and port: the next question is answered as before.
            up_in = chroma.start()
            again, recovered_in = _api_ask(server.base, RETRIEVED)
            assert again.status_code == 200, again.text
            assert again.json() == answered.json()
            back = _chat(server.base, [("fr-FR", RETRIEVED)])[0]
            assert back.status == "answered" and back.content == chatted.content
            assert server.process.poll() is None

            # A hung server (stopped, its port still accepting): the question fails after the read timeout.
            chroma.signal(signal.SIGSTOP)
            try:
                hung, timed_out_in = _api_ask(server.base, RETRIEVED)
            finally:
                chroma.signal(signal.SIGCONT)
            assert hung.status_code == 503 and "(ReadTimeout" in hung.json()["error"], hung.text
            assert CHROMA_READ_TIMEOUT <= timed_out_in < CHROMA_READ_TIMEOUT + 10, timed_out_in
            resumed, _ = _api_ask(server.base, RETRIEVED)
            assert resumed.status_code == 200 and resumed.json() == answered.json()
        print(
            f"\nchroma down: /api/ask failed in {failed_in:.3f} s; chroma restarted in {up_in:.2f} s, "
            f"first answer after it in {recovered_in:.3f} s; chroma hung: failed in {timed_out_in:.1f} s"
        )
    finally:
        chroma.stop()


def test_what_counts_as_an_unreachable_server() -> None:
    """Refused, reset, timed out, a 5xx (as chromadb raises them): unavailable, a retry may work; a 4xx is not."""
    from chromadb.api.base_http_client import BaseHTTPClient
    from chromadb.errors import InternalError, NotFoundError, VersionMismatchError

    from assistant.index import _unreachable

    def raised(status: int, body: str) -> Exception:
        response = httpx.Response(status, text=body, request=httpx.Request("POST", "http://127.0.0.1:1/api/v2/x"))
        try:
            BaseHTTPClient._raise_chroma_error(response)
        except Exception as exc:
            return exc
        raise AssertionError("no error raised")

    for status, body in (
        (500, "oops"),
        (502, "Bad Gateway"),
        (503, ""),
        (500, '{"error": "InternalError", "message": "x"}'),
    ):
        assert _unreachable(raised(status, body)), (status, body)
    for status, body in ((404, '{"error": "NotFoundError", "message": "no such collection"}'), (400, "bad")):
        assert not _unreachable(raised(status, body)), (status, body)
    try:
        try:
            raise httpx.ConnectError("[Errno 111] Connection refused")
        except httpx.ConnectError:
            raise ValueError("Could not connect to a Chroma server. Are you sure it is running?")  # noqa: B904
    except ValueError as wrapped:  # what chromadb's client raises when it cannot connect
        assert _unreachable(wrapped)
    assert _unreachable(httpx.ReadTimeout("timed out")) and _unreachable(ConnectionResetError())
    assert _unreachable(InternalError("x")) and not _unreachable(VersionMismatchError("x"))
    assert not _unreachable(NotFoundError("x")) and not _unreachable(KeyError("doc_id"))


def test_a_server_that_is_not_a_chroma_server_is_a_store_error(isolated: Path) -> None:
    """An address answering 404 to the heartbeat is a wrong setting, not a passing outage; a 503 is an outage."""
    import http.server
    import threading

    from assistant.errors import IndexUnavailable
    from assistant.index import load_chunks

    class Handler(http.server.BaseHTTPRequestHandler):
        status = 404

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            self.send_response(Handler.status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = load_settings(chroma_url=f"http://127.0.0.1:{server.server_address[1]}")
        path = index_path(settings) / BUILDS / "b"
        with pytest.raises(IndexStoreError, match="cannot use the Chroma server at http://127.0.0.1") as error:
            load_chunks(settings, path)
        assert not isinstance(error.value, IndexUnavailable)
        Handler.status = 503
        with pytest.raises(IndexUnavailable, match=r"is unreachable \(HTTPStatusError"):
            load_chunks(settings, path)
    finally:
        server.shutdown()
        server.server_close()


def test_a_new_build_not_loaded_while_the_server_is_down_is_loaded_once_it_is_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The chat server keeps its engine through an outage and loads a build switched in meanwhile afterwards."""
    from types import SimpleNamespace

    import assistant.answer
    import assistant.index
    from assistant import web
    from assistant.errors import IndexUnavailable

    state: dict[str, Any] = {"build": "b1", "down": False, "loads": 0}

    class FakeEngine:
        def __init__(self, settings: Settings) -> None:
            state["loads"] += 1
            if state["down"]:
                raise IndexUnavailable("http://127.0.0.1:1", Path(str(state["build"])), "ConnectError: refused")
            self.retriever = SimpleNamespace(build=state["build"])

    monkeypatch.setattr(assistant.answer, "Engine", FakeEngine)
    monkeypatch.setattr(assistant.index, "current_build", lambda settings: state["build"])
    monkeypatch.setitem(web._served, "engine", None)
    monkeypatch.setitem(web._served, "failed", None)
    web.settings.cache_clear()
    try:
        first = web.engine()
        state.update(build="b2", down=True)  # a re-index switched builds while the server is out of reach
        assert web.engine() is first and web.engine() is first and state["loads"] == 3  # tried at each question
        state["down"] = False
        assert web.engine().retriever.build == "b2"
    finally:
        web.settings.cache_clear()


# --- a full or read-only disk during a re-index ---------------------------------------------------------------


@pytest.fixture(scope="module")
def can_mount(tmp_path_factory: pytest.TempPathFactory) -> bool:
    """Whether this process may mount: checked once. If not, the disk faults are injected instead."""
    if os.environ.get("FAULTS_NO_MOUNT") or shutil.which("mount") is None:
        return False
    probe = tmp_path_factory.mktemp("mount-probe")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True)
    if done.returncode != 0:
        print(f"\ncannot mount ({done.stderr.decode().strip()}): the disk faults are injected into the writes")
        return False
    subprocess.run(["umount", str(probe)], check=True)
    return True


@contextmanager
def _mounted(target: Path, *how: list[str]) -> Iterator[None]:
    """Mount something on target (each of how: one `mount` call's arguments before the target); unmount it."""
    done = 0
    try:
        for args in how:
            subprocess.run(["mount", *args, str(target)], check=True, capture_output=True, timeout=30)
            done += 1
        yield
    finally:
        _release()  # Chroma's clients of this process let go of the store's files
        gc.collect()
        if done and subprocess.run(["umount", str(target)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(target)], check=True)  # still busy: detached now, gone when free


def _shrink(target: Path, free: int) -> None:
    """Resize the tmpfs at target so that only ``free`` bytes are left."""
    stats = os.statvfs(target)
    used = (stats.f_blocks - stats.f_bfree) * stats.f_frsize
    subprocess.run(["mount", "-o", f"remount,size={used + free}", str(target)], check=True, capture_output=True)


def _served(settings: Settings) -> dict[str, bytes]:
    """The served build as bytes: the pointer and every file of builds/<current>/.

    Chroma writes to a store it opens, even to read (sqlite's change counter moves): this process's clients are
    closed first, and the snapshot taken before is compared with one taken before any reader opens it again.
    """
    _release()
    gc.collect()
    root = index_path(settings)
    build = root / BUILDS / str(current_build(settings))
    files = {POINTER: (root / POINTER).read_bytes()}
    files |= {str(f.relative_to(root)): f.read_bytes() for f in sorted(build.rglob("*")) if f.is_file()}
    return files


def _leftovers(settings: Settings) -> list[Path]:
    root = index_path(settings)
    return [*root.glob(f"{STAGING}*"), *root.glob(".*.tmp-*"), *(root / VECTORS).glob(".*.tmp-*")]


# Injected faults (when mounting is not permitted): the same errors at the same places.
_NO_SPACE = {
    "vector cache": """
import errno, os
import assistant.index as index
original = index.write_atomic
def full(path, *args, **kwargs):
    if str(path).endswith(".npy"):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return original(path, *args, **kwargs)
index.write_atomic = full
""",
    "store": """
from chromadb.errors import InternalError
from llama_index.vector_stores.chroma import ChromaVectorStore
def full(self, nodes, **kwargs):  # what chromadb's sqlite reports on a full disk
    raise InternalError("Database error: error returned from database: (code: 13) database or disk is full")
ChromaVectorStore.add = full
""",
}
_READ_ONLY = """
import builtins, errno, os
ROOT = {root!r}
def _refuse(path):
    if os.path.abspath(os.fspath(path)).startswith(ROOT):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
_open, _os_open, _mkdir, _rename, _replace = builtins.open, os.open, os.mkdir, os.rename, os.replace
def open_(file, mode="r", *args, **kwargs):
    if isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wax+"):
        _refuse(file)
    return _open(file, mode, *args, **kwargs)
def os_open(path, flags, *args, **kwargs):
    if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC):
        _refuse(path)
    return _os_open(path, flags, *args, **kwargs)
def mkdir(path, *args, **kwargs):
    _refuse(path)
    return _mkdir(path, *args, **kwargs)
def rename(src, dst, *args, **kwargs):
    _refuse(dst)
    return _rename(src, dst, *args, **kwargs)
def replace(src, dst, *args, **kwargs):
    _refuse(dst)
    return _replace(src, dst, *args, **kwargs)
builtins.open, os.open, os.mkdir, os.rename, os.replace = open_, os_open, mkdir, rename, replace
"""


def _reindex(prelude: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m assistant.cli index` (after prelude, the injected fault, if any)."""
    if not prelude:
        command = [sys.executable, "-m", "assistant.cli", "index"]
    else:
        code = f"import sys\n{prelude}\nfrom assistant.cli import main\nsys.argv = ['assistant', 'index']\nmain()\n"
        command = [sys.executable, "-c", code]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def _one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def _first_build(built: Settings, settings: Settings) -> None:
    """A good build served in settings' index folder: the session's, copied (the corpus copy is the same)."""
    shutil.copytree(index_path(built), index_path(settings), dirs_exist_ok=True)
    assert current_build(settings) == current_build(built)


@pytest.mark.parametrize("fills_at", ["vector cache", "store"])
def test_a_full_disk_during_a_reindex_is_one_line_and_the_served_build_is_untouched(
    isolated: Path, built: Settings, can_mount: bool, fills_at: str
) -> None:
    index_dir = isolated / "index"
    index_dir.mkdir()
    settings = load_settings()
    mount = [["-t", "tmpfs", "-o", "size=32m", "tmpfs"]] if can_mount else []
    with _mounted(index_dir, *mount):
        _first_build(built, settings)
        served, answers = current_build(settings), _answers(settings)
        before = _served(settings)
        builds = sorted(p.name for p in (index_path(settings) / BUILDS).iterdir())
        _touch(settings, CHANGED, "Une phrase ajoutée pendant le test.")
        changed = next(d for d in load_corpus(settings.paths.corpus_dir) if d.id == CHANGED)
        cached = index_path(settings) / VECTORS / f"{changed.content_hash}.npy"
        if can_mount:  # room for the lock file; then for the new vectors (~36 KB) too, not for the new store
            _shrink(index_dir, 8 * 1024 if fills_at == "vector cache" else 256 * 1024)

        started = time.monotonic()
        line = _one_line_error(_reindex("" if can_mount else _NO_SPACE[fills_at]))
        took = time.monotonic() - started
        assert line == f"error: index {index_path(settings)}: cannot write: No space left on device"
        assert cached.exists() == (fills_at == "store")  # where the disk filled up
        assert _served(settings) == before  # CURRENT and builds/<id>/, byte for byte
        assert sorted(p.name for p in (index_path(settings) / BUILDS).iterdir()) == builds
        assert _leftovers(settings) == []  # the staging folder was removed, no temporary file left
        if can_mount and fills_at == "vector cache":
            # The disk is still full (the test filled it, the re-index freed what it wrote): Chroma writes to a
            # store it opens (sqlite's journal), so a fresh engine cannot start until there is a little room.
            with pytest.raises(IndexStoreError, match="cannot open the store: No space left on device"):
                _answers(settings)
            _shrink(index_dir, 256 * 1024)
        assert _answers(settings) == answers  # a fresh engine answers as before

        # With room again, the next re-index goes through.
        if can_mount:
            subprocess.run(["mount", "-o", "remount,size=32m", str(index_dir)], check=True)
        report = build_index(settings)
        assert report.switched and current_build(settings) != served
    print(f"\ndisk full at the {fills_at} ({'tmpfs' if can_mount else 'injected'}): failed in {took:.1f} s")


@pytest.mark.parametrize("read_only", ["index folder", "identity folder"])
def test_a_read_only_index_is_one_line_and_the_served_build_is_untouched(
    isolated: Path, built: Settings, can_mount: bool, read_only: str
) -> None:
    index_dir = isolated / "index"
    settings = load_settings()
    _first_build(built, settings)
    answers = _answers(settings)
    before = _served(settings)
    _touch(settings, CHANGED, "Une phrase ajoutée pendant le test.")
    target = index_dir if read_only == "index folder" else index_path(settings)
    mount = [["--bind", str(target)], ["-o", "remount,bind,ro"]] if can_mount else []
    with _mounted(target, *mount):
        if can_mount:
            with pytest.raises(OSError) as refused:
                (target / "probe").write_text("x")
            assert refused.value.errno == errno.EROFS
        line = _one_line_error(_reindex("" if can_mount else _READ_ONLY.format(root=str(target))))
        assert line == f"error: index {target}: cannot write: Read-only file system"
        assert _served(settings) == before
        assert _leftovers(settings) == []
    assert _answers(settings) == answers


def test_a_failed_switch_leaves_no_unserved_build(
    isolated: Path, built: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up at the very last write, the pointer's: the new build, already moved in, is removed."""
    import assistant.index

    settings = load_settings()
    _first_build(built, settings)
    before = _served(settings)
    builds = sorted(p.name for p in (index_path(settings) / BUILDS).iterdir())
    _touch(settings, CHANGED, "Une phrase ajoutée pendant le test.")

    def full(settings: Settings, pointer: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(assistant.index, "_switch", full)
    with pytest.raises(IndexStoreError, match="cannot write: No space left on device"):
        build_index(settings)
    assert _served(settings) == before
    assert sorted(p.name for p in (index_path(settings) / BUILDS).iterdir()) == builds
    assert _leftovers(settings) == []
