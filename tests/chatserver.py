"""The real chat server (`assistant chat`) on a free loopback port, for the tests that need one: the browser
tests, the load test, the hostile-input and security suites. Each server has its own copy of the app files
and its own data folder; the index is a build the test session made.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CORPUS, REPO, free_port

STAFF_NAME = "agent.test"
STAFF_PASSWORD = "un-mot-de-passe-de-test"
TODAY = "2026-02-01"  # the postes d'accueil call is open (until 20 February 2026), the interface call not yet


@dataclass
class ChatServer:
    base: str
    data: Path
    log: Path
    process: subprocess.Popen[bytes]

    def rss_kib(self) -> int:
        """The server process's resident memory, in KiB (from /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


@contextmanager
def chat_server(index_dir: Path, root: Path, env: dict[str, str] | None = None) -> Iterator[ChatServer]:
    """Start the chat server on index_dir's build (TODAY as today, one staff account); stop it on exit."""
    from assistant.staff import hash_password

    app_root = root / "app"
    app_root.mkdir(parents=True)
    for name in (".chainlit", "public", "chainlit.md", "chainlit_fr-FR.md"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, app_root / name)
    data = root / "data"
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CHAINLIT_"))}
    environ |= {
        "ASSISTANT_PATHS__CORPUS_DIR": str(CORPUS),
        "ASSISTANT_PATHS__INDEX_DIR": str(index_dir),
        "ASSISTANT_CHAT__DATA_DIR": str(data),
        "ASSISTANT_CHAT__STAFF_ACCOUNTS": json.dumps({STAFF_NAME: hash_password(STAFF_PASSWORD)}),
        "ASSISTANT_RUNTIME__TODAY": TODAY,
        # Every test client comes from 127.0.0.1, many suites ask in quick succession: the question limits are
        # lifted, except for the suites that test them (tests/test_redteam_load.py passes its own).
        "ASSISTANT_CHAT__QUESTIONS_PER_MINUTE": "100000",
        "ASSISTANT_CHAT__QUESTIONS_PER_MINUTE_PER_ADDRESS": "100000",
        "CHAINLIT_APP_ROOT": str(app_root),
    }
    environ |= env or {}
    log_path = root / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "chat", "--port", str(port)],
            cwd=app_root,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process, log_path)
            yield ChatServer(base=base, data=data, log=log_path, process=process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the chat server did not start: {log.read_text()[-3000:]}")
        time.sleep(0.5)
