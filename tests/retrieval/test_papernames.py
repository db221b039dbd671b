"""Which paper a question names: names the profile gives its papers, and title words with a cue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval.papernames import PaperNames
from retrieval.profile import parse_profile
from retrieval.tokens import tokenize

ROOT = Path(__file__).resolve().parents[2]
RL = ROOT / "tests" / "data" / "profiles" / "jonas-eriksen.profile.txt"


@pytest.fixture(scope="module")
def names() -> PaperNames:
    return PaperNames(parse_profile(RL, reference_date=dt.date(2026, 11, 29)).papers)


def test_names_are_read_from_titles_and_the_acronyms_abstracts_coin(names):
    for name in ("visr", "opiq", "ic3net", "hippo", "neurcomm", "leave no trace", "diayn"):
        assert name in names.names
    assert "ppo" not in names.names  # defined in one abstract, a general term used in others


@pytest.mark.parametrize(("text", "start"), [("what does hippo stand for lol", "Sub-policy"),
                                              ("on how many atari games does visr reach human level", "Fast Task"),
                                              ("tell me about leave no trace", "Leave no Trace")])
def test_a_name_is_found_in_any_case(names, text, start):
    found = names.find_names(text)
    assert len(found) == 1 and found[0].paper.title.startswith(start)


def test_title_words_name_a_paper_when_they_single_one_title_out(names):
    found = names.by_title(tokenize("koopman"), cue=True)
    assert found is not None and "Koopman" in found[0].title
    assert names.by_title(tokenize("robot"), cue=False) is None  # one common word without a cue names nothing


def test_a_name_introduced_in_two_words_is_the_papers_name():
    from retrieval.models import Paper

    def paper(pid: str, title: str, abstract: str) -> Paper:
        return Paper(id=pid, title=title, authors=["A. Author"], authors_truncated=False, abstract=abstract,
                     category="LG", category_name="Machine Learning", year_given=True,
                     year=2020, date=dt.date(2020, 1, 1), score=1.0)

    papers = [paper("one", "Semi-Supervised Anomaly Detection", "In this work we present Deep SAD, an end-to-end "
                    "method. Deep SAD beats shallow baselines."),
              paper("two", "Another Paper", "We present Fast networks for deep nets.")]
    found = PaperNames(papers)
    assert "deep sad" in found.names and "deep" not in found.names and "fast networks" not in found.names
    assert [mention.paper.id for mention in found.find_names("which datasets was Deep SAD tested on")] == ["one"]
