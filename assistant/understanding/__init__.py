"""Question understanding: one step, ``Understander.understand``, reads a question into a ``Query``."""

from assistant.understanding.query import AnswerType, Query, Refusal
from assistant.understanding.understand import Understander

__all__ = ["AnswerType", "Query", "Refusal", "Understander"]
