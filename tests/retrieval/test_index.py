"""PaperIndex on the seed profile: researcher queries land on the right papers; bad input never raises."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.answers import SearchAnswer, SearchFilters
from retrieval.index import PaperIndex
from retrieval.models import Paper, Profile
from retrieval.tokens import tokenize


@pytest.fixture(scope="module")
def index(seed_profile: Profile) -> PaperIndex:
    return PaperIndex(seed_profile.papers)


def titles(answer: SearchAnswer) -> list[str]:
    return [hit.title for hit in answer.hits]


def make_paper(title: str, abstract: str, year: int = 2024, category: str = "LG", code: bool = False) -> Paper:
    return Paper(
        id=title.lower().replace(" ", "-"),
        title=title,
        authors=["A. Author"],
        authors_truncated=False,
        category=category,
        category_name=category,
        date=dt.date(year, 1, 1),
        year_given=True,
        has_code=code,
        abstract=abstract,
    )


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("CLIP", "GrowCLIP:"),
        ("Mamba", "DiM:"),
        ("theorem proving", "LEGO-Prover:"),
        ("MetaMath", "MetaMath:"),
        ("LLaMA-2", "MetaMath:"),
        ("GSM8K", "MetaMath:"),
    ],
)
def test_query_finds_the_paper_first(index: PaperIndex, query: str, expected_first: str) -> None:
    answer = index.search(query, k=5)
    assert titles(answer)[0].startswith(expected_first), titles(answer)


def test_bert_finds_the_bert_papers_including_compound_names(index: PaperIndex) -> None:
    top = titles(index.search("BERT", k=3))
    assert any(t.startswith("AutoBERT-Zero") for t in top)
    assert any(t.startswith("SparseBERT") for t in top)


@pytest.mark.parametrize("query", ["512×512", "512x512", "512$\\times$512"])
def test_resolution_stays_findable(index: PaperIndex, query: str) -> None:
    top = titles(index.search(query, k=2))
    assert {t.split(":")[0] for t in top} == {"DiffFit", "DiM"}


def test_diffusion_ranks_diffusion_titles_first(index: PaperIndex) -> None:
    answer = index.search("diffusion", k=4)
    assert answer.total >= 4
    assert all("diffusion" in t.lower() for t in titles(answer))


def test_speculative_decoding_finds_both_jacobi_papers(index: PaperIndex) -> None:
    top = titles(index.search("speculative decoding", k=2))
    assert all("Jacobi" in t for t in top)


@pytest.mark.parametrize(
    ("query", "corrected", "expected_first"),
    [("difusion", "diffusion", "diffusion"), ("theorm proving", "theorem proving", "LEGO-Prover")],
)
def test_typo_is_corrected_and_said(index: PaperIndex, query: str, corrected: str, expected_first: str) -> None:
    answer = index.search(query)
    assert answer.corrected and answer.searched_query == corrected
    assert answer.message == f"showing results for “{corrected}”"
    assert expected_first.lower() in answer.hits[0].title.lower()
    assert answer.suggestions[query.split()[0]][0] == corrected.split()[0]


@pytest.mark.parametrize(
    ("query", "corrected"),
    [("continual learniing", "continual learning"), ("SparseBRET", "sparsebert"), ("GrowCLPI", "growclip")],
)
def test_a_typo_that_stems_to_a_known_word_is_corrected_too(index: PaperIndex, query: str, corrected: str) -> None:
    # "learniing" stems into the family of "learn" and the papers never write it; "SparseBRET" has a known part
    # ("sparse") but a part no paper has
    answer = index.search(query)
    assert answer.corrected and answer.searched_query == corrected


@pytest.mark.parametrize("query", ["oversmoothing", "pretrained", "optimisation", "behaviour", "LLMs"])
def test_words_the_search_already_reads_are_not_corrected(index: PaperIndex, query: str) -> None:
    assert not index.search(query).corrected


def test_a_plural_acronym_typed_in_capitals_is_its_singular(index: PaperIndex) -> None:
    assert titles(index.search("LLMS", k=3)) == titles(index.search("LLMs", k=3))


def test_suggest_returns_words_a_user_would_type(index: PaperIndex) -> None:
    assert index.suggest("difusion")[0] == "diffusion"
    assert index.suggest("speculatve") == ["speculative"]
    assert index.suggest("zzzzzz") == []


def test_hit_has_snippet_with_highlighted_matches(index: PaperIndex) -> None:
    answer = index.search("speculative decoding", k=3)
    for hit in answer.hits:
        assert hit.snippet and hit.highlights
        for span in hit.highlights:
            marked = hit.snippet[span.start : span.end]
            assert set(tokenize(marked)) & {"specul", "decod"}, marked
        assert hit.matched_terms
    assert answer.hits[0].matched_terms == ["speculative", "decoding"]


def test_highlight_marks_the_name_piece_inside_a_compound(index: PaperIndex) -> None:
    hit = index.search("BERT", k=5).hits
    sparse = next(h for h in hit if h.title.startswith("SparseBERT"))
    assert {sparse.snippet[s.start : s.end] for s in sparse.highlights} == {"BERT"}


def test_category_filter_accepts_code_and_human_name(index: PaperIndex) -> None:
    by_code = index.search("diffusion", k=10, filters=SearchFilters(category="cv"))
    by_name = index.search("diffusion", k=10, filters=SearchFilters(category="Computer Vision"))
    assert titles(by_code) == titles(by_name)
    assert by_code.hits and all(h.paper.category == "CV" for h in by_code.hits)


def test_unknown_category_is_explained(index: PaperIndex) -> None:
    answer = index.search("diffusion", filters=SearchFilters(category="Astrophysics"))
    assert answer.hits == [] and "no category" in (answer.message or "")


def test_year_and_code_filters(index: PaperIndex) -> None:
    answer = index.search("language models", k=50, filters=SearchFilters(year_from=2024, year_to=2024, has_code=True))
    assert answer.hits
    assert all(h.paper.year == 2024 and h.paper.has_code for h in answer.hits)
    assert answer.total == len(answer.hits)


def test_sort_newest_and_oldest_keep_the_matches(index: PaperIndex) -> None:
    relevance = index.search("diffusion", k=10)
    newest = index.search("diffusion", k=10, sort="newest")
    oldest = index.search("diffusion", k=10, sort="oldest")
    dates = [h.paper.date for h in newest.hits]
    assert dates == sorted(dates, reverse=True)
    assert [h.paper.date for h in oldest.hits] == sorted(dates)
    assert relevance.total == newest.total == oldest.total
    assert set(titles(relevance)) == set(titles(newest))


def test_total_counts_matches_before_the_k_cut(index: PaperIndex) -> None:
    answer = index.search("language models", k=2)
    assert len(answer.hits) == 2 and answer.total > 2


@pytest.mark.parametrize("query", ["", "   ", "*"])
def test_empty_query_lists_papers_newest_first(index: PaperIndex, seed_profile: Profile, query: str) -> None:
    answer = index.search(query, k=5)
    assert answer.total == len(seed_profile.papers)
    dates = [h.paper.date for h in answer.hits]
    assert len(dates) == 5 and dates == sorted(dates, reverse=True)
    assert dates[0] == max(p.date for p in seed_profile.papers)
    assert answer.sort == "newest"


@pytest.mark.parametrize(
    "query",
    [
        "the of and",
        "x" * 6000,
        ("diffusion models for theorem proving " * 200)[:6000],
        "🙂🚀",
        "בינה מלאכותית",
        "مرحبا بالعالم",
        "a\x00b\x1b[31m\u202e\u200b",
        r".*+?^$()[]{}|\ **bold** _x_ `code` [link](http://x) <@123> @everyone",
        "*",
        "**",
        "-",
        "$\\frac{1}{2}$",
        "\\",
    ],
)
def test_bad_input_gets_an_answer_never_an_exception(index: PaperIndex, query: str) -> None:
    answer = index.search(query, k=5)
    assert answer.hits or answer.message
    assert len(answer.hits) <= 5
    answer.model_dump_json()


def test_only_stopwords_says_what_to_try(index: PaperIndex) -> None:
    message = index.search("the of and").message or ""
    assert message.startswith("nothing to search") and "try" in message


def test_nonsense_says_nothing_matched(index: PaperIndex) -> None:
    answer = index.search("qwxzv plmokn")
    assert answer.hits == [] and (answer.message or "").startswith("nothing matched")


def test_filters_that_hide_every_match_are_explained(index: PaperIndex) -> None:
    answer = index.search("Mamba", filters=SearchFilters(year_to=2000))
    assert answer.hits == [] and "without them" in (answer.message or "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=80), k=st.integers(min_value=-3, max_value=40))
def test_random_unicode_queries_never_raise(index: PaperIndex, query: str, k: int) -> None:
    answer = index.search(query, k=k)
    assert len(answer.hits) <= max(1, k)
    assert answer.total >= len(answer.hits)
    for hit in answer.hits:
        for span in hit.highlights:
            assert 0 <= span.start < span.end <= len(hit.snippet)


@pytest.mark.parametrize("count", [1, 2])
def test_tiny_profiles_still_find_their_papers(count: int) -> None:
    papers = [
        make_paper("Diffusion Models Beat GANs", "We show diffusion models beat GANs on image synthesis."),
        make_paper("Sparse Attention for BERT", "We sparsify the attention of BERT models."),
    ][:count]
    index = PaperIndex(papers)
    for paper in papers:
        first_word = paper.title.split()[0]
        answer = index.search(first_word)
        assert answer.hits and answer.hits[0].title == paper.title and answer.hits[0].score > 0
    assert index.search("models").total == count


def test_empty_profile_answers_politely() -> None:
    index = PaperIndex([])
    assert index.search("diffusion").hits == []
    assert index.search("").total == 0


def test_long_sentence_snippet_is_cut_around_the_match() -> None:
    abstract = " ".join(["filler words about nothing"] * 40) + " the quantum annealer result " + "tail " * 50 + "."
    index = PaperIndex([make_paper("Some Title", abstract)])
    hit = index.search("annealer").hits[0]
    assert len(hit.snippet) <= 302
    assert [hit.snippet[s.start : s.end] for s in hit.highlights] == ["annealer"]


def test_feedback_on_a_large_profile_reorders_but_never_adds_matches() -> None:
    topics = ["graph neural networks", "protein folding", "speech recognition", "image segmentation"]
    papers = [
        make_paper(f"Paper {i} on {topics[i % 4]}", f"We study {topics[i % 4]} with method {i}.", year=2000 + i % 25)
        for i in range(1000)
    ]
    papers[7] = make_paper("Zebra stripes in protein folding", "Zebra patterns guide protein folding.")
    index = PaperIndex(papers)
    assert index.ranker.feedback
    answer = index.search("zebra", k=10)
    assert answer.total == 1 and answer.hits[0].title.startswith("Zebra")


def test_a_typo_in_a_part_of_a_compound_is_corrected_not_dropped() -> None:
    papers = [
        make_paper("Quantization for small models", "Quantization-aware training keeps accuracy at low precision."),
        make_paper("Sparse training", "We prune weights during training of image models."),
        make_paper("Aware agents", "Agents aware of each other coordinate in games."),
    ]
    answer = PaperIndex(papers).search("quantizaton-aware training", k=3)
    assert titles(answer)[0] == "Quantization for small models"
    assert answer.corrected and answer.message == "showing results for “quantization-aware training”"


def test_a_typo_of_a_form_only_the_stem_knows_is_corrected_to_that_form() -> None:
    """The papers write 'quantized' and 'binarized', never 'quantization': no surface word is one edit from
    'quantizaton', but one edit reaches a word with the papers' stem, so it is corrected and said."""
    papers = [
        make_paper("Quantized networks on small devices", "We train quantized networks with few bits."),
        make_paper("Binarized layers", "Binarized weights make layers cheap."),
        make_paper("Sparse training", "We prune weights during training, with normalization and regularization."),
    ]
    index = PaperIndex(papers)
    answer = index.search("quantizaton", k=3)
    assert titles(answer) == ["Quantized networks on small devices"]
    assert answer.message == "showing results for “quantization”"
    assert titles(index.search("binarizaton", k=3)) == ["Binarized layers"]


def test_a_long_unknown_word_no_edit_brings_near_a_stem_is_left_alone() -> None:
    papers = [make_paper("Quantized networks", "We train quantized networks with few bits.")]
    answer = PaperIndex(papers).search("zebrafishes", k=3)
    assert answer.hits == [] and not answer.corrected
