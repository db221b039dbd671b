"""Word forms the stemmer conflates: siblings of a query word count less, its own forms fully."""

from __future__ import annotations

import datetime as dt

import pytest

from retrieval.index import PaperIndex
from retrieval.models import Paper
from retrieval.word_forms import light_form, related


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


@pytest.mark.parametrize(
    ("word", "light"),
    [("optimizing", "optimiz"), ("optimized", "optimiz"), ("applied", "appli"), ("applying", "appli"),
     ("apply", "appli"), ("studies", "studi"), ("controlled", "control"), ("effectively", "effectiv"),
     ("optimism", "optimism"), ("experiments", "experiment"), ("focus", "focus"), ("uses", "us")],
)
def test_light_form_drops_inflection_only(word: str, light: str) -> None:
    assert light_form(word) == light


@pytest.mark.parametrize(
    ("first", "second"),
    [("optimize", "optimization"), ("compress", "compression"), ("distilled", "distillation"),
     ("efficient", "efficiency"), ("communicative", "communication"), ("adaptive", "adaptation"),
     ("available", "availability"), ("use", "using"), ("model", "modeling")],
)
def test_forms_of_one_word_are_related(first: str, second: str) -> None:
    assert related(light_form(first), light_form(second))


@pytest.mark.parametrize(
    ("first", "second"),
    [("optimism", "optimization"), ("experience", "experiment"), ("continual", "continuous"),
     ("transformer", "transformation"), ("university", "universal"), ("operator", "operation")],
)
def test_words_that_only_share_a_stem_are_siblings(first: str, second: str) -> None:
    assert not related(light_form(first), light_form(second))


PAPERS = [
    paper("Optimization of deep networks", "Gradient optimization with optimal step sizes; optimization is fast."),
    paper("Optimism under uncertainty", "Exploration with optimism; an optimistic agent."),
    paper("Experience replay at scale", "Agents store experience in a replay buffer."),
    paper("Replay in experiments", "Our experiments replay logged data; experiments on three tasks."),
    paper("Model compression", "We compress models; compression keeps accuracy."),
    paper("Compressing embeddings", "Compressed embeddings for small devices."),
]


@pytest.fixture(scope="module")
def index() -> PaperIndex:
    return PaperIndex(PAPERS)


def top(index: PaperIndex, query: str, k: int = 2) -> list[str]:
    return [hit.title for hit in index.search(query, k=k).hits]


def test_a_word_ranks_its_own_form_above_a_sibling_that_shares_its_stem(index: PaperIndex) -> None:
    assert top(index, "optimism") == ["Optimism under uncertainty", "Optimization of deep networks"]
    assert top(index, "experience replay", k=1) == ["Experience replay at scale"]


def test_the_sibling_still_matches(index: PaperIndex) -> None:
    assert index.search("optimism", k=5).total == 2


def test_related_forms_count_fully(index: PaperIndex) -> None:
    analysed = index.ranker.analyse("compressing")
    assert not analysed.forms and analysed.terms == {"compress": 1.0}


def test_a_typo_that_stems_right_is_not_read_as_a_form(index: PaperIndex) -> None:
    assert not index.ranker.analyse("optimisim").forms


def test_sentence_queries_keep_the_plain_stem(index: PaperIndex) -> None:
    assert not index.ranker.analyse("agents explore with optimism about the value of unseen states").forms


def test_the_snippet_highlights_the_word_searched_with_its_forms(index: PaperIndex) -> None:
    hit = index.search("optimism", k=1).hits[0]
    assert [hit.snippet[span.start : span.end].lower() for span in hit.highlights] == ["optimism"]
