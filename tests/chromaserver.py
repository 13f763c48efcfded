"""`chroma run` (a real Chroma server) for the tests of server mode: on a free loopback port with its own data
folder, stopped, killed or restarted on the same data and port as an operator's server would be."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port


class ChromaRun:
    """`chroma run` on a fixed data folder and port, killed and restarted as an operator's server would be."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Start it (on the same data and port as before); the seconds until it answers its heartbeat."""
        started = time.monotonic()
        with (self.folder / "server.log").open("a") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(self.folder / "db"),
                 "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2).read()
                return time.monotonic() - started
            except OSError:
                if self.process.poll() is not None or time.monotonic() > started + 60:
                    self.stop()
                    pytest.fail(f"chroma run did not start: {(self.folder / 'server.log').read_text()[-2000:]}")
                time.sleep(0.1)

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def signal(self, number: int) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, number)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
