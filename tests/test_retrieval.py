"""Retrieval quality on the development set, with the real index and the real embedding model."""

from assistant.corpus import load_corpus
from assistant.evals import load_questions, passage_rank, retrieval_report
from tests.conftest import CORPUS, DEV_SET

QUESTIONS = load_questions(DEV_SET)
BODIES = {d.id: d.body for d in load_corpus(CORPUS)}


def test_dev_set_is_large_bilingual_and_verbatim() -> None:
    assert len(QUESTIONS) >= 60
    langs = {q.lang for q in QUESTIONS}
    assert langs == {"fr", "en"}
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    for q in QUESTIONS:
        assert q.expected and q.expected.passages, q.id
        for ref in q.expected.passages:
            assert ref.quote in BODIES[ref.doc_id], f"{q.id}: quote not verbatim in {ref.doc_id}"
    assert {ref.doc_id for q in QUESTIONS for ref in q.expected.passages} == set(BODIES)


def test_hit_at_3_and_5_on_the_dev_set(retriever) -> None:
    ranks = [
        (q, passage_rank([h.chunk for h in retriever.search(q.question, k=5)], q.expected, BODIES)) for q in QUESTIONS
    ]
    report = retrieval_report(ranks)
    misses = [(r.id, r.rank, r.question) for r in report.misses(3)]
    assert report.hit_at[3] >= 0.95, misses
    assert report.hit_at[5] == 1.0, [(r.id, r.rank, r.question) for r in report.misses(5)]


def test_programme_filter_keeps_only_that_programme(retriever) -> None:
    hits = retriever.search("Quelle est la date limite ?", k=10, programme="hauts-potentiels")
    assert hits and all("hauts-potentiels" in h.chunk.programmes for h in hits)
    assert retriever.search("date limite", programme="programme-inconnu") == []


def test_overview_is_filtered_in_for_each_of_its_programmes(retriever) -> None:
    hits = retriever.search("Programme CCA Inserm-Bettencourt", k=3, programme="cca-inserm-bettencourt")
    assert hits and {h.chunk.doc_id for h in hits} == {"passerelles-overview"}


def test_search_is_deterministic_and_scores_decrease(retriever) -> None:
    first = retriever.search("durée du contrat pour un PHC", k=5)
    second = retriever.search("durée du contrat pour un PHC", k=5)
    assert [h.chunk.id for h in first] == [h.chunk.id for h in second]
    scores = [h.score for h in first]
    assert scores == sorted(scores, reverse=True)
    assert first[0].chunk.doc_id == "contrats-interface-2026"


def test_empty_and_stopword_queries_do_not_crash(retriever) -> None:
    for query in ["", "   ", "le la les de", "?!", "x" * 5000]:
        hits = retriever.search(query, k=3)
        assert len(hits) <= 3


def test_hit_json_has_the_documented_fields(retriever) -> None:
    hit = retriever.search("contact postes d'accueil", k=1)[0].as_json()
    assert {"doc_id", "title", "section", "text", "score", "start", "end", "url"} <= set(hit)
    assert BODIES[hit["doc_id"]][hit["start"] : hit["end"]] == hit["text"]


def test_programme_filter_holds_even_when_the_question_names_another(retriever) -> None:
    hits = retriever.search("Hauts potentiels", k=10, programme="contrats-interface")
    assert hits and all("contrats-interface" in h.chunk.programmes for h in hits)


def test_queries_without_words_return_nothing(retriever) -> None:
    assert retriever.search("?!.,;:") == [] and retriever.search("") == []
    assert retriever.search("caf\udce9 date limite", k=1)  # an undecodable byte does not break a search
