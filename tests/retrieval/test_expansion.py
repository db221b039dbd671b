"""Query analysis learnt from the served papers: acronyms, families, compounds, spellings, phrases, units."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from retrieval.index import PaperIndex
from retrieval.models import Paper

SEED_QUERIES = Path(__file__).resolve().parents[1] / "data" / "queries" / "han-shi.json"


def paper(title: str, abstract: str) -> Paper:
    return Paper(
        id=title.lower().replace(" ", "-")[:40],
        title=title,
        authors=["A. Author"],
        authors_truncated=False,
        category="LG",
        category_name="LG",
        date=dt.date(2024, 1, 1),
        year_given=True,
        has_code=False,
        abstract=abstract,
    )


PAPERS = [
    paper("Message passing on molecules", "Graph neural networks (GNNs) learn on molecules. Our GNN is fast."),
    paper("Deep learning on graphs", "We train graph neural networks for citation graphs."),
    paper("Citation analysis", "A graph of citations and a neural model of text, with a network view."),
    paper("Pruning language models", "We study sparsity in large models and prune weights."),
    paper("Sparse attention", "A sparse attention pattern for long documents."),
    paper("Efficient fine-tuning", "Parameter-efficient fine-tuning of pretrained models."),
    paper("Behaviour cloning from video", "We learn policies by behaviour cloning from demonstrations."),
    paper("Low-resource pairs", "We study machine translation with little data."),
    paper("Reading manuals", "A machine reads manuals; we study the translation of their text."),
    paper("Low-bit inference", "We quantize weights to 8-bit integers and run 4x faster."),
    paper("Reinforcement learning for robots", "Deep reinforcement learning (RL) controls robot arms."),
    paper("Representation learning of images", "Self-supervised representation learning (RL) of images."),
]


@pytest.fixture(scope="module")
def index() -> PaperIndex:
    return PaperIndex(PAPERS)


def top(index: PaperIndex, query: str, k: int = 3) -> list[str]:
    return [hit.title for hit in index.search(query, k=k).hits]


def test_an_acronym_finds_papers_that_only_spell_it_out(index: PaperIndex) -> None:
    found = top(index, "GNN", k=2)
    assert set(found) == {"Message passing on molecules", "Deep learning on graphs"}


def test_the_long_form_finds_the_paper_that_uses_the_acronym(index: PaperIndex) -> None:
    assert "Message passing on molecules" in top(index, "graph neural networks", k=2)


def test_lowercase_and_plural_acronyms_search_alike(index: PaperIndex) -> None:
    assert top(index, "gnns", k=2) == top(index, "GNN", k=2)


def test_an_acronym_with_two_meanings_finds_both(index: PaperIndex) -> None:
    found = top(index, "RL", k=2)
    assert set(found) == {"Reinforcement learning for robots", "Representation learning of images"}


def test_word_family_is_found_below_the_exact_word(index: PaperIndex) -> None:
    found = top(index, "sparsity", k=2)
    assert found == ["Pruning language models", "Sparse attention"]


def test_a_noun_in_ery_finds_its_verb_below_the_exact_word() -> None:
    papers = [
        paper("Skill discovery for agents", "Agents learn skills; the discovery of skills needs no reward."),
        paper("Discovering motor programs", "Agents discover motor skills from demonstrations."),
        paper("Motor control", "Skills for humanoid motor control."),
    ]
    found = top(PaperIndex(papers), "skill discovery", k=2)
    assert found == ["Skill discovery for agents", "Discovering motor programs"]


def test_a_compound_piece_written_alone_counts_more_than_a_bound_prefix() -> None:
    papers = [
        paper("Self-attention for vision", "We study self-attention layers for images."),
        paper("Self-supervised pretraining", "Self-supervised learning with self-training and self-distillation."),
        paper("Where transformers look", "Maps of attention in transformers are sparse."),
        paper("Attention and memory", "Attention as memory: attention over the inputs of recurrent models."),
    ]
    found = top(PaperIndex(papers), "self-attention", k=4)
    assert found[0] == "Self-attention for vision" and found[-1] == "Self-supervised pretraining"


@pytest.mark.parametrize("query", ["fine-tuning", "finetuning", "fine tuning", "Fine-Tuning"])
def test_compound_spellings_keep_the_top_hit(index: PaperIndex, query: str) -> None:
    assert top(index, query, k=1) == ["Efficient fine-tuning"]


@pytest.mark.parametrize("query", ["behavior cloning", "behaviour cloning", "behavioral cloning"])
def test_british_and_american_spellings_search_alike(index: PaperIndex, query: str) -> None:
    assert top(index, query, k=1) == ["Behaviour cloning from video"]


def test_a_compound_query_finds_the_paper_that_writes_it_spaced() -> None:
    papers = [
        paper("Real world robot learning", "Robots learn in the real world."),
        paper("Real-world data", "Real-world benchmarks for robot learning are scarce; a world model helps."),
        paper("Robot learning in simulation", "A real simulator; the world of games; robot learning."),
    ]
    found = top(PaperIndex(papers), "real-world robot learning", k=3)
    assert found == ["Real world robot learning", "Real-world data", "Robot learning in simulation"]


def test_a_phrase_outranks_its_words_apart(index: PaperIndex) -> None:
    assert top(index, "machine translation", k=2) == ["Low-resource pairs", "Reading manuals"]


@pytest.mark.parametrize("query", ["8-bit", "8bit", "8 bit", "8-Bit"])
def test_numbers_with_units_are_one_token_in_every_form(index: PaperIndex, query: str) -> None:
    assert top(index, query, k=1) == ["Low-bit inference"]


@pytest.mark.parametrize("query", ["4x", "4×", "4$\\times$"])
def test_times_sign_and_letter_x_match(index: PaperIndex, query: str) -> None:
    assert top(index, query, k=1) == ["Low-bit inference"]


@pytest.mark.parametrize(
    "query",
    ["XYZQ", "12345 678", "8 bit 4x 2× 16", "GNN " * 400, "(((", "RL RL RL", "a" * 2000, "mllms of the"],
)
def test_strange_queries_get_results_or_a_clear_message(index: PaperIndex, query: str) -> None:
    answer = index.search(query, k=5)
    assert answer.hits or answer.message


def test_an_acronym_the_papers_use_but_never_define_finds_the_papers_that_use_it(index: PaperIndex) -> None:
    answer = index.search("GPU", k=5)
    assert not answer.hits and "nothing matched" in (answer.message or "")
    used = PaperIndex([*PAPERS, paper("Fast kernels", "Our GPU kernels run on one GPU.")])
    assert [hit.title for hit in used.search("GPU", k=5).hits] == ["Fast kernels"]


@pytest.mark.parametrize(("query", "found"), [("8-bit", True), ("4x", True), ("16 32", False), ("2024", False)])
def test_a_query_of_only_numbers_and_units_finds_them_or_says_nothing_matched(
    index: PaperIndex, query: str, found: bool
) -> None:
    answer = index.search(query, k=5)
    if found:
        assert [hit.title for hit in answer.hits][:1] == ["Low-bit inference"]
    else:
        assert not answer.hits and "nothing matched" in (answer.message or "")


def test_a_2000_character_query_is_read_like_a_paragraph(index: PaperIndex) -> None:
    text = " ".join(p.abstract for p in PAPERS)
    query = (text * (2000 // len(text) + 1))[:2000]
    answer = index.search(query, k=5)
    assert len(query) == 2000 and len(answer.hits) == 5 and not answer.corrected


def test_an_acronym_no_paper_defines_or_uses_says_nothing_matched(index: PaperIndex) -> None:
    answer = index.search("ZQX", k=5)
    assert not answer.hits
    assert "nothing matched" in (answer.message or "")


def test_a_profile_without_acronym_definitions_still_searches() -> None:
    plain = PaperIndex([paper("Sparse models", "We prune weights (SM)."), paper("Dense models", "We add weights.")])
    assert [hit.title for hit in plain.search("sparse", k=1).hits] == ["Sparse models"]
    assert [hit.title for hit in plain.search("SM", k=1).hits] == ["Sparse models"]  # the word, undefined
    assert not plain.ranker.expander.acronyms.mine_all()


def test_acronyms_mined_for_a_query_are_what_the_whole_corpus_defines(index: PaperIndex) -> None:
    fresh = PaperIndex(PAPERS)
    for query in ("RL", "graph neural networks", "GNNs", "reinforcement learning"):
        before = fresh.ranker.analyse(query)
        assert before == index.ranker.analyse(query)  # this index has answered other queries first
    fresh.ranker.expander.acronyms.mine_all()
    assert fresh.ranker.analyse("RL") == index.ranker.analyse("RL")


def test_seed_queries_read_the_same_whatever_was_searched_before(seed_profile) -> None:
    queries = [item["query"] for item in json.loads(SEED_QUERIES.read_text(encoding="utf-8"))["queries"]]
    forwards = PaperIndex(seed_profile.papers)
    backwards = PaperIndex(seed_profile.papers)
    readings = [forwards.ranker.analyse(query) for query in queries]
    assert [backwards.ranker.analyse(query) for query in reversed(queries)] == readings[::-1]


LONG_FORM_PAPERS = [
    paper("Sequence models", "Long short-term memory (LSTM) networks model sequences."),
    paper("Regularizing LSTM language models", "We regularize LSTM weights; our LSTM beats the baseline."),
    paper("Summarizing long documents", "A memory of the earlier passages helps with long inputs."),
    paper("Model-based control", "Model-based RL learns a dynamics model; we plan with it."),
    paper("Reward shaping", "Reinforcement learning (RL) with shaped rewards; RL agents learn faster."),
    paper("Exploration bonuses", "Deep RL agents explore with bonuses in reinforcement learning."),
]


@pytest.fixture(scope="module")
def long_form_index() -> PaperIndex:
    return PaperIndex(LONG_FORM_PAPERS)


def test_a_long_form_query_finds_a_paper_that_only_writes_the_acronym(long_form_index: PaperIndex) -> None:
    found = top(long_form_index, "long short-term memory", k=3)
    assert found == ["Sequence models", "Regularizing LSTM language models", "Summarizing long documents"]


def test_a_long_form_inside_a_query_is_also_searched_contracted(long_form_index: PaperIndex) -> None:
    assert top(long_form_index, "model-based reinforcement learning", k=1) == ["Model-based control"]


def test_a_long_form_in_a_sentence_query_adds_its_acronym_lightly(long_form_index: PaperIndex) -> None:
    analysed = long_form_index.ranker.analyse("agents trained with reinforcement learning explore with shaped bonuses")
    assert not analysed.synonyms
    assert 0 < analysed.terms["rl"] < 1


def test_searches_in_parallel_threads_read_as_one_at_a_time(seed_profile) -> None:
    queries = [item["query"] for item in json.loads(SEED_QUERIES.read_text(encoding="utf-8"))["queries"]]
    alone = PaperIndex(seed_profile.papers)
    expected = {query: alone.ranker.analyse(query) for query in queries}
    shared = PaperIndex(seed_profile.papers)
    orders = [queries[i:] + queries[:i] for i in range(0, len(queries), len(queries) // 4 or 1)][:4]
    with ThreadPoolExecutor(max_workers=4) as pool:
        readings = list(pool.map(lambda order: [(q, shared.ranker.analyse(q)) for q in order], orders))
    assert all(reading == expected[query] for found in readings for query, reading in found)


SPELLING_PAPERS = [
    paper("Optimism in exploration", "Optimism under uncertainty drives exploration; optimism bonuses help."),
    paper("Stochastic optimization", "We study optimization of deep networks with noisy gradients."),
    paper("Color constancy", "We analyze color in images and stabilize the color center of a scene."),
    paper("Scene analysis", "A center-surround model of scene images."),
]


@pytest.mark.parametrize(
    ("british", "american"),
    [("optimisation", "optimization"), ("colour", "color"), ("analyse colour", "analyze color"),
     ("stabilise", "stabilize"), ("centre", "center")],
)
def test_a_british_spelling_searches_exactly_like_the_papers_american_one(british: str, american: str) -> None:
    index = PaperIndex(SPELLING_PAPERS)
    assert [(hit.title, hit.score) for hit in index.search(british, k=4).hits] == [
        (hit.title, hit.score) for hit in index.search(american, k=4).hits
    ]
    assert top(index, "optimisation", k=1) == ["Stochastic optimization"]


GP_PAPERS = [
    paper("Scalable Gaussian processes", "Gaussian processes (GPs) give calibrated uncertainty; we scale GPs."),
    paper("Kernel regression", "A Gaussian kernel process for regression, without priors over functions."),
    paper("Deep ensembles", "Ensembles of networks estimate uncertainty."),
    paper("Bayesian optimization", "Surrogates built from Gaussian processes pick the next experiment."),
]


@pytest.mark.parametrize("query", ["gps", "GPs", "GP", "gp", "Gaussian processes"])
def test_a_lowercase_plural_acronym_finds_what_its_written_case_finds(query: str) -> None:
    index = PaperIndex(GP_PAPERS)
    assert top(index, query, k=2) == ["Scalable Gaussian processes", "Bayesian optimization"]
    assert index.search(query, k=3).message is None


MT_PAPERS = [
    paper("Low-resource translation", "Machine translation (MT) with little data; MT for rare languages."),
    paper("Translating speech", "We study machine translation of spoken language."),
    paper("Mountain weather", "Forecasts for Everest and the acts of climbers; the Olympic Games Act."),
    paper("Acting agents", "Agents act in games; the act of planning."),
]


@pytest.mark.parametrize("query", ["mt", "MT", "Mt"])
def test_a_common_word_the_papers_only_write_as_their_acronym_reads_as_it(query: str) -> None:
    assert top(PaperIndex(MT_PAPERS), query, k=2) == ["Low-resource translation", "Translating speech"]


def test_a_word_the_papers_also_write_in_lower_case_stays_a_word() -> None:
    index = PaperIndex([*MT_PAPERS, paper("Policy", "The Affordable Care Act (ACT) changed coverage.")])
    assert top(index, "act", k=1) == ["Acting agents"]
    mountains = PaperIndex([*MT_PAPERS, paper("Summits", "Routes up Mt. Fuji and Mt. Blanc.")])
    assert top(mountains, "mt", k=2) == ["Summits", "Low-resource translation"]


NUMBER_PAPERS = [
    paper("Hyphenated", "We evaluate 5-shot classification of rare classes."),
    paper("Glued", "Results on 5shot classification of images."),
    paper("Spaced", "In the 5 shot setting our classifier wins."),
    paper("Distractor shot", "A one shot learner and a long shot; classification of shots."),
    paper("Distractor five", "We train 5 models for classification in 3 settings."),
    paper("Other", "Image segmentation with transformers."),
]


def test_a_number_joined_to_any_word_is_one_concept_in_every_writing() -> None:
    index = PaperIndex(NUMBER_PAPERS)
    rankings = {query: top(index, query, k=6) for query in ["5-shot", "5shot", "5 shot", "5-Shot"]}
    assert all(set(found[:3]) == {"Hyphenated", "Glued", "Spaced"} for found in rankings.values()), rankings
    assert len({tuple(found) for found in rankings.values()}) == 1, rankings
    assert "Distractor five" not in rankings["5 shot"]  # the lone "5" of other prose matches nothing


def test_a_number_in_prose_keeps_normal_matching() -> None:
    index = PaperIndex(NUMBER_PAPERS)
    assert top(index, "5 models", k=1) == ["Distractor five"]
    assert top(index, "shot learner", k=1) == ["Distractor shot"]
    assert set(top(index, "classification", k=6)) >= {"Hyphenated", "Glued", "Spaced", "Distractor five"}


def test_a_word_followed_by_a_number_is_one_concept_in_every_writing() -> None:
    papers = [
        paper("Glued precision", "Training in FP32 on accelerators."),
        paper("Hyphenated precision", "Accumulators in FP-32 keep accuracy."),
        paper("Spaced precision", "We keep master weights in fp 32 format."),
        paper("Other precision", "An FP format for training with 32 workers."),
    ]
    index = PaperIndex(papers)
    rankings = {query: top(index, query, k=4) for query in ["fp32", "FP-32", "fp 32"]}
    assert all(set(found[:3]) == {"Glued precision", "Hyphenated precision", "Spaced precision"}
               for found in rankings.values()), rankings
