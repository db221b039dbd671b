"""Related papers: text similarity with hubs damped, shared co-authors (never the owner), and a reason for each."""

from __future__ import annotations

from collections import Counter

from test_index import make_paper

from retrieval.index import PaperIndex
from retrieval.models import Paper, Profile
from retrieval.related import RelatedPapers, topical
from retrieval.service import Library

OWNER = "Ada Owner"


def _paper(title: str, abstract: str, authors: list[str], year: int = 2022, category: str = "LG") -> Paper:
    return make_paper(title, abstract, year=year, category=category).model_copy(update={"authors": authors})


PAPERS = [
    _paper(
        "Graph Neural Networks for Molecules",
        "We train graph neural networks on molecular graphs to predict toxicity of molecules.",
        [OWNER, "Bo Chen"],
    ),
    _paper(
        "Scaling Graph Neural Networks",
        "Graph neural networks are slow on large graphs; we sample neighbourhoods of molecular graphs.",
        ["Cara Diaz", OWNER],
    ),
    _paper(
        "Speech Recognition with Transducers",
        "We study transducer models for speech recognition of accented speech in noisy rooms.",
        [OWNER, "Dan Eze"],
    ),
    _paper(
        "Streaming Speech Transducers",
        "A streaming transducer lowers the latency of speech recognition for accented speakers.",
        ["Dan Eze", OWNER, "Eve Fox"],
    ),
    _paper(
        "Protein Folding with Attention",
        "Attention layers predict protein folding contacts from amino acid sequences.",
        [OWNER, "Fay Gu"],
    ),
    _paper(
        "Attention for Protein Contacts",
        "We predict residue contacts of protein folding with attention over amino acid sequences.",
        ["Fay Gu", OWNER],
    ),
    _paper(
        "A Survey of Everything",
        "We survey graph neural networks, molecular graphs, speech recognition, transducer models, protein "
        "folding, attention, amino acid sequences, toxicity and latency in one place.",
        [OWNER],
    ),
]


def _related(papers: list[Paper] = PAPERS) -> RelatedPapers:
    return RelatedPapers(papers, PaperIndex(papers).bm25, owners=[OWNER])


def test_each_paper_finds_its_partner_first_not_the_paper_similar_to_everything() -> None:
    related = _related()
    for a, b in ((0, 1), (2, 3), (4, 5)):
        assert related.related(PAPERS[a].id)[0].paper == PAPERS[b]
        assert related.related(PAPERS[b].id)[0].paper == PAPERS[a]


def test_a_paper_similar_to_everything_is_damped() -> None:
    related = _related()
    hub = PAPERS[-1]
    appearances = Counter(r.paper.id for p in PAPERS[:-1] for r in related.related(p.id, k=1))
    assert appearances[hub.id] == 0
    assert related.text.hubness[PAPERS.index(hub)] == max(related.text.hubness)


def test_reason_names_the_shared_co_author_and_topic_never_the_owner() -> None:
    related = _related()
    found = related.related(PAPERS[2].id)[0]
    assert found.paper == PAPERS[3]
    assert "shares co-author Dan Eze" in found.reason
    assert "both on speech" in found.reason or "both on transducers" in found.reason
    for paper in PAPERS:
        for item in related.related(paper.id):
            assert OWNER not in item.reason
            assert item.reason  # nothing is shown without a reason a reader can check


def test_shared_topic_prefers_the_specific_phrase() -> None:
    related = _related()
    assert related.shared_topic(0, 1) == "graph neural networks"


def test_topics_are_not_adjectives_or_evaluation_boilerplate() -> None:
    assert topical("diffusion models", from_title=True)
    assert topical("BERT")
    assert not topical("simple", from_title=True)
    assert not topical("extensive experiments")
    assert not topical("consistently outperforms")
    assert not topical("shown great")


def test_unknown_ids_and_tiny_profiles_give_nothing() -> None:
    related = _related()
    assert related.related("no-such-paper") == []
    assert related.related(PAPERS[0].id, k=0) == []
    assert _related(PAPERS[:1]).related(PAPERS[0].id) == []
    assert RelatedPapers([], PaperIndex([]).bm25).related("x") == []


def test_seed_lists_have_reasons_and_no_paper_is_in_most_lists(seed_profile: Profile) -> None:
    library = Library(seed_profile)
    appearances: Counter[str] = Counter()
    for paper in seed_profile.papers:
        detail = library.paper(paper.id).detail
        assert detail is not None
        assert all(ref.reason and ref.id != paper.id for ref in detail.related)
        appearances.update(ref.id for ref in detail.related)
    assert max(appearances.values()) <= 8


def test_the_seed_pair_of_decoding_papers_find_each_other(seed_profile: Profile) -> None:
    library = Library(seed_profile)
    first = next(p for p in seed_profile.papers if p.title.startswith("SJD++"))
    second = next(p for p in seed_profile.papers if p.title.startswith("Speculative Jacobi-Denoising"))
    assert library.paper(first.id).detail.related[0].id == second.id
    assert library.paper(second.id).detail.related[0].id == first.id


def test_a_topic_most_of_the_profile_shares_gives_way_to_a_specific_one() -> None:
    field = [
        ("Reinforcement Learning of Walking Skills", "Reinforcement learning agents learn motor primitives that walk."),
        ("Reinforcement Learning of Motor Programs", "We recompose motor primitives with reinforcement learning."),
        ("Reinforcement Learning for Trading", "Reinforcement learning agents trade shares on stock exchanges."),
        ("Reinforcement Learning in Games", "Reinforcement learning agents play board games against humans."),
        ("Reinforcement Learning for Chemistry", "Reinforcement learning designs molecules with target properties."),
        ("Reinforcement Learning for Traffic", "Reinforcement learning times traffic lights at busy crossings."),
    ]
    papers = [_paper(title, abstract, [OWNER]) for title, abstract in field]
    related = _related(papers)
    assert related.shared_topic(0, 1) == "motor primitives"
    assert related.shared_topic(2, 3) == "reinforcement learning"  # nothing more specific: still a checkable reason
