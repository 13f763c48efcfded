"""One small error hierarchy: every expected failure is an AssistantError.

The CLI prints ``str(error)`` as one line and exits 1; anything else is a bug.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class AssistantError(Exception):
    """Base class of the errors the assistant reports to its user."""


class ConfigError(AssistantError):
    """A setting has a value the assistant cannot use."""

    def __init__(self, setting: str, reason: str) -> None:
        self.setting = setting
        self.reason = reason
        super().__init__(f"setting {setting}: {reason}")


class InputError(AssistantError):
    """A command-line argument or option has a value the assistant cannot use."""

    def __init__(self, what: str, reason: str) -> None:
        self.what = what
        self.reason = reason
        super().__init__(f"{what}: {reason}")


class CorpusError(AssistantError):
    """A corpus file is missing, unreadable or malformed."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class IndexMissing(AssistantError):
    """No index was built for the current settings."""

    def __init__(self, path: Path, hint: str = "") -> None:
        self.path = path
        message = f"no index at {path}: run `assistant index` first"
        super().__init__(f"{message} ({hint})" if hint else message)


class IndexMismatch(AssistantError):
    """An index was built with other settings than the current ones."""

    def __init__(self, path: Path, expected: str, found: str) -> None:
        self.path = path
        self.expected = expected
        self.found = found
        super().__init__(
            f"index {path} was built with {found}, but the settings ask for {expected}: "
            "run `assistant index` to build one for these settings"
        )


class IndexStoreError(AssistantError):
    """The index store failed to read or write."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"index {path}: {reason}")


class IndexUnavailable(IndexStoreError):
    """The Chroma server holding the index cannot be reached (down, restarting, timing out, failing): may pass."""

    def __init__(self, url: str, path: Path, reason: str) -> None:
        self.url = url
        self.path = path  # the build (or staging folder) whose collections were asked for
        self.reason = reason
        AssistantError.__init__(self, f"the index server at {url} is unreachable ({reason}); try again shortly")


class IndexBusy(AssistantError):
    """Another re-index holds the index folder's lock."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        super().__init__(f"index {path}: another `assistant index` is running ({holder}); try again when it ends")


class RulesError(AssistantError):
    """A rules file is malformed or does not hold against the corpus."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class RuleQuoteMissing(AssistantError):
    """A rule's quote is not found verbatim in its document."""

    def __init__(self, rule: str, doc_id: str, quote: str, hint: str = "") -> None:
        self.rule = rule
        self.doc_id = doc_id
        self.quote = quote
        short = quote if len(quote) <= 60 else quote[:57] + "..."
        super().__init__(f"{doc_id}#{rule}: quote not found in {doc_id}: «{short}»" + (f" ({hint})" if hint else ""))


class EvalError(AssistantError):
    """An evaluation file (questions or thresholds) is malformed."""

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = reason
        super().__init__(f"{self.path}{f':{line}' if line else ''}: {reason}")


def first_problem(exc: ValidationError, whole: str) -> tuple[str, str]:
    """The dotted field path and message of a validation error's first problem, for a one-line error."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or whole
    return field, str(first["msg"]).removeprefix("Value error, ")


class OverBudget(AssistantError):
    """A question that was not answered within its time budget (chat.question_seconds): given up."""

    def __init__(self) -> None:
        super().__init__("the question took too long to answer and was given up")


class ChatStoreError(AssistantError):
    """The chat history store (its database or its element files) cannot be used."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
