"""Inserm care/research programmes assistant: cited answers from the call texts."""

__version__ = "0.1.0"
