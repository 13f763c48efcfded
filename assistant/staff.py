"""Helpdesk staff accounts: user names with bcrypt password hashes, from the settings and a local file.

The file (``chat.staff_path``, JSON ``{"name": "<bcrypt hash>"}``) is written by ``assistant staff add``;
it never holds a password, and it lives in the chat's data folder, which is not committed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path

import bcrypt

from assistant.errors import ConfigError, InputError
from assistant.files import write_atomic
from assistant.settings import ChatSettings

_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MIN_PASSWORD = 10
MAX_PASSWORD_BYTES = 72


def hash_password(password: str) -> str:
    """A bcrypt hash of a password of 10 characters to 72 bytes (bcrypt's limit)."""
    if len(password) < MIN_PASSWORD:
        raise InputError("password", f"too short: at least {MIN_PASSWORD} characters")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise InputError("password", f"too long: at most {MAX_PASSWORD_BYTES} bytes (bcrypt's limit)")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def accounts(chat: ChatSettings) -> dict[str, str]:
    """Every account: the staff file's, then the settings' (which win on a shared name)."""
    found = _read(chat.staff_path)
    found.update(chat.staff_accounts)
    return found


def verify(chat: ChatSettings, name: str, password: str) -> bool:
    """Whether the name is an account and the password is its password; the same work either way."""
    hashed = accounts(chat).get(name)
    if hashed is None:
        bcrypt.checkpw(b"timing", _DUMMY)  # an unknown name costs as much as a wrong password
        return False
    try:
        return bcrypt.checkpw(password.encode("utf-8")[:MAX_PASSWORD_BYTES], hashed.encode("ascii"))
    except ValueError:  # not a bcrypt hash
        return False


def add(chat: ChatSettings, name: str, password: str) -> Path:
    """Add or replace an account in the staff file (written whole, then moved in place); returns the file."""
    if not _NAME.match(name):
        raise InputError("NAME", f"{name!r}: use 1-64 letters, digits, '.', '_', '@' or '-'")
    path = chat.staff_path
    found = _read(path)
    found[name] = hash_password(password)
    _write_private(path, json.dumps(found, indent=2, sort_keys=True) + "\n")
    return path


def remove(chat: ChatSettings, name: str) -> Path:
    """Remove an account from the staff file."""
    path = chat.staff_path
    found = _read(path)
    if name not in found:
        raise InputError("NAME", f"no account {name!r} in {path}")
    del found[name]
    _write_private(path, json.dumps(found, indent=2, sort_keys=True) + "\n")
    return path


def auth_secret(chat: ChatSettings) -> str:
    """The secret that signs login tokens: CHAINLIT_AUTH_SECRET, else one generated once in the data folder."""
    if os.environ.get("CHAINLIT_AUTH_SECRET"):
        return os.environ["CHAINLIT_AUTH_SECRET"]
    path = chat.data_dir / "auth-secret"
    try:
        secret = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        secret = ""
    except OSError as exc:
        raise ConfigError("chat.data_dir", f"cannot read {path}: {exc.strerror}") from None
    if len(secret) < 32:
        secret = secrets.token_urlsafe(48)
        _write_private(path, secret + "\n")
    return secret


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError("chat.staff_file", f"{path}: not a readable JSON file ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ConfigError("chat.staff_file", f"{path}: expected a JSON object of user name -> bcrypt hash")
    return data


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, atomically: a crash leaves the old file or the new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text, mode=0o600)
    except OSError as exc:
        raise ConfigError("chat.data_dir", f"cannot write {path}: {exc.strerror}") from None


_DUMMY = bcrypt.hashpw(b"timing", bcrypt.gensalt())
