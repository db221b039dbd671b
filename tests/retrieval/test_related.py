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


def test_a_topic_most_of_the_profile_shares_is_never_named_a_specific_one_is() -> None:
    field = [
        ("Reinforcement Learning of Walking Skills", "Our reinforcement learning agents learn motor primitives that "
         "walk. The motor primitives are reused."),
        ("Reinforcement Learning of Motor Programs", "We recompose motor primitives with reinforcement learning."),
        ("Reinforcement Learning for Trading", "Reinforcement learning (RL) agents trade shares on stock exchanges. "
         "Deep RL agents trade faster."),
        ("Reinforcement Learning in Games", "Reinforcement learning agents play board games against humans. "
         "Our deep RL agents win."),
        ("Reinforcement Learning for Chemistry", "Reinforcement learning designs molecules with target properties."),
        ("Reinforcement Learning for Traffic", "Reinforcement learning times traffic lights at busy crossings."),
    ]
    papers = [_paper(title, abstract, [OWNER]) for title, abstract in field]
    related = _related(papers)
    assert related.shared_topic(0, 1) == "motor primitives"
    # what every paper is about says nothing about why two of them go together: no reason, so not listed
    assert related.shared_topic(2, 3) == ""  # nor "deep RL agents": RL is reinforcement learning, deep is everyday
    assert all(item.paper.id != papers[3].id for item in related.related(papers[2].id))


def _field(pairs: list[tuple[str, str]], authors: list[list[str]] | None = None) -> RelatedPapers:
    filler = [
        ("Protein Folding with Attention", "Attention layers predict protein folding contacts from amino acids."),
        ("Speech Recognition with Transducers", "We study transducer models for speech recognition in noisy rooms."),
        ("Crop Yield Forecasting", "Satellite images forecast crop yield for smallholder farms in dry seasons."),
        ("Traffic Light Timing", "We time traffic lights at busy crossings from camera counts."),
    ]
    rows = pairs + filler
    people = authors or [[OWNER]] * len(rows)
    papers = [_paper(t, a, people[i] if i < len(people) else [OWNER]) for i, (t, a) in enumerate(rows)]
    return _related(papers)


def test_a_reason_is_a_phrase_both_papers_use_whole_not_words_scattered_over_one() -> None:
    related = _field([
        ("Large Language Models for Tables", "We prompt large language models to answer questions about tables."),
        ("Merging Fine-Tuned Models", "Merged models suffer a large drop; we test on natural language tasks and "
         "vision models."),
    ])
    assert related.shared_topic(0, 1) == ""


def test_a_verb_is_no_topic_and_a_title_verb_shares_no_stem_with_a_noun() -> None:
    related = _field([
        ("Mixup Inference to Defend Adversarial Attacks", "We defend adversarial attacks at inference time. Models "
         "trained with mixup can defend adversarial attacks better when we mix inputs."),
        ("Ensemble Adversarial Training", "Ensembles defend adversarial attacks. We show that ensembles can defend "
         "adversarial attacks, and the adversarial attacks transfer."),
        ("Exploring Architecture Search for Language", "We explore architecture search for translation."),
        ("Workflow-Guided Exploration for Web Agents", "Exploration with workflows finds rewards. Our exploration "
         "policy learns workflows."),
    ])
    assert related.shared_topic(0, 1) == "adversarial attacks"
    assert related.shared_topic(2, 3) == ""


def test_a_phrase_said_once_in_passing_by_both_names_nothing() -> None:
    related = _field([
        ("Separator Tokens Compress Context", "Models have high computational demands. We compress each segment "
         "into its separator token."),
        ("Visual Token Grouping", "Multimodal models have high computational demands. We group visual tokens by "
         "semantic similarity."),
    ])
    assert related.shared_topic(0, 1) == ""


def test_a_coined_phrase_and_its_spellings_and_acronym_match() -> None:
    related = _field([
        ("Few-Shot Learning with Prototypes", "We study few-shot learning (FSL) with class prototypes."),
        ("Negative Transfer in Few-shot Learning", "We show that negative transfer hurts FSL. Benchmarks are easy."),
        ("Sliced Wasserstein Auto-Encoders", "We train auto-encoders with a sliced Wasserstein distance."),
        ("Sliced-Wasserstein Autoencoder Priors", "Sliced-Wasserstein autoencoders shape the latent prior."),
    ])
    assert related.shared_topic(0, 1) in ("few-shot learning", "FSL")
    assert "wasserstein" in related.shared_topic(2, 3).lower()


def test_a_co_author_alone_on_an_unrelated_paper_is_not_listed_but_on_a_close_one_is() -> None:
    related = _field(
        [
            ("Graph Neural Networks for Molecules", "We train graph neural networks on molecular graphs."),
            ("Message Passing over Molecular Graphs", "Message passing predicts toxicity of molecular graphs."),
            ("Weather Radar Nowcasting", "Radar echoes are extrapolated to forecast rain an hour ahead."),
        ],
        [[OWNER, "Bo Chen"], [OWNER, "Bo Chen"], [OWNER, "Bo Chen"]],
    )
    listed = {item.paper.title: item.reason for item in related.related(related.papers[0].id)}
    assert "Message Passing over Molecular Graphs" in listed
    assert "Weather Radar Nowcasting" not in listed


def test_a_duplicate_record_of_the_paper_is_not_its_relative() -> None:
    twin = ("Rethinking Network Pruning", "We prune networks and retrain them from scratch with pruning masks.")
    related = _field([twin, twin, ("Pruning at Initialization", "We prune networks at initialization with "
                                   "connection sensitivity, a pruning criterion for network pruning.")])
    related.papers[1] = related.papers[1].model_copy(update={"id": "the-same-paper-again"})
    related.position = {paper.id: i for i, paper in enumerate(related.papers)}
    listed = [item.paper.id for item in related.related(related.papers[0].id)]
    assert "the-same-paper-again" not in listed and related.papers[2].id in listed
