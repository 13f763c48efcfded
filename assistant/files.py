"""Atomic file writes: a crash leaves the old file or the new one, never half of one."""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from pathlib import Path

TMP_MARK = ".tmp-"  # temporary siblings are named ``.<name>.tmp-<pid>-<random>``


def write_atomic(path: Path, data: bytes | str, mode: int = 0o644) -> Path:
    """Write a temporary sibling (created with ``mode``), flush it to disk, rename it over ``path``.

    An ``OSError`` propagates (the temporary file removed): callers turn it into their own error.
    """
    content = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}-{secrets.token_hex(3)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with suppress(OSError):  # make the rename itself durable
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    return path
