"""The programmes of the corpus and how questions name them (``corpus/programmes.yaml``)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import CorpusError
from assistant.text import analyze, fold, question_sentences
from assistant.yamldata import parse_yaml, validate

PROGRAMMES_FILE = "programmes.yaml"


class Programme(BaseModel):
    """A programme: its id, its official name and the other names people use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


def load_programmes(corpus_dir: Path) -> list[Programme]:
    """Read and validate ``programmes.yaml``; a problem is a CorpusError naming the file."""
    path = corpus_dir / PROGRAMMES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CorpusError(path, "programmes file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, f"cannot read as UTF-8 text ({exc.__class__.__name__})") from None
    raw = parse_yaml(text, path, CorpusError)
    if not isinstance(raw, list):
        raise CorpusError(path, "must be a list of programmes")
    programmes = [
        validate(Programme, entry, path, CorpusError, f"programme {number}, ") for number, entry in enumerate(raw, 1)
    ]
    ids = [p.id for p in programmes]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CorpusError(path, f"duplicate programme id {duplicates[0]!r}")
    return programmes


def in_order_of_mention(query: str, programmes: list[Programme]) -> list[str]:
    """Ids of the programmes a question names, in the order it names them ("les auditions du CI, après celles des
    PA ?": the CI first)."""
    words = query.split()
    found: list[str] = []
    for end in range(1, len(words) + 1):
        found += [p for p in mentioned(" ".join(words[:end]), programmes) if p not in found]
    return found


def asked_about(query: str, programmes: list[Programme]) -> list[str]:
    """Ids of the programmes a message asks about: those its questions name, when they name some of those it names
    ("When is the CCA's deadline? I only find the PA's dates." asks of the CCA), else all it names."""
    named = mentioned(query, programmes)
    if len(named) < 2:
        return named
    questions = " ".join(question_sentences(query))
    if _AS_SAID.search(fold(questions)):
        return named  # "Pour HP on envoie le dossier par mail. Pour les PA c'est pareil ?": both, compared
    asked = mentioned(questions, programmes)
    return asked if asked and len(asked) < len(named) else named


# A question that refers to what the message said before it: "c'est pareil ?", "the same?", "aussi ?".
_AS_SAID = re.compile(
    r"\b(?:pareil|pareille|meme|memes|aussi|egalement|idem|comme|autant|same|too|also|as well|likewise|similar"
    r"|different|differente|difference|compare\w*|plus|moins|more|less)\b"
)


def mentioned(query: str, programmes: list[Programme]) -> list[str]:
    """Ids of the programmes a question names, by any of their names."""
    terms = analyze(query)
    found: list[str] = []
    for programme in programmes:
        for name in programme.names():
            needle = list(_name_terms(name))
            if needle and _contains(terms, needle):
                found.append(programme.id)
                break
    return found


@lru_cache(maxsize=256)
def _name_terms(name: str) -> tuple[str, ...]:
    """A programme name's terms, analysed once: ``mentioned`` runs on every sentence a retrieval answer weighs."""
    return tuple(analyze(name))


def _contains(terms: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(terms[i : i + n] == needle for i in range(len(terms) - n + 1))


def subject(question: str, programmes: list[Programme], history: tuple[str, ...] = ()) -> list[str]:
    """The programmes a question is about: those it names, else those of the latest turn that names one."""
    for text in (question, *reversed(history)):  # a follow-up takes its subject from the conversation
        named = mentioned(text, programmes)
        if named:
            return named
    return []
