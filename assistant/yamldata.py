"""YAML data files read into pydantic models, every problem an error naming the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assistant.errors import AssistantError, first_problem

M = TypeVar("M", bound=BaseModel)
ErrorFactory = Callable[[Path, str], AssistantError]


def parse_yaml(text: str, path: Path, error: ErrorFactory, what: str = "the file") -> Any:
    """The data of a YAML text; a syntax error names the line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise error(path, f"{what} is not valid YAML{where}") from None


def validate(model: type[M], data: Any, path: Path, error: ErrorFactory, where: str = "") -> M:
    """``data`` as a ``model``; the first problem names its field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        field, message = first_problem(exc, "entry")
        raise error(path, f"{where}field {field}: {message}") from None
