"""Several researchers as one catalogue: merged papers with credits, the researcher filter, group stats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval.bibtex import parse_bibtex
from retrieval.lab import UnknownResearcher, build_lab, find_member, mentioned_member, title_key
from retrieval.profile import parse_profile
from retrieval.service import Library

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "han-shi.profile.txt"
BIB = ROOT / "seeds" / "chuanyang-zheng.bib"
REFERENCE = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def seed():
    return parse_profile(SEED, reference_date=REFERENCE)


@pytest.fixture(scope="module")
def sample():
    return parse_bibtex(BIB.read_text(encoding="utf-8"), source=str(BIB))


@pytest.fixture(scope="module")
def lab_library(seed, sample) -> Library:
    return Library.from_profiles([sample, seed])


def other_member(name: str, titles: list[str]):
    entries = "\n".join(f"@article{{k{i}, title = {{{title}}}, author = {{{name}}}, year = {{2024}}}}"
                        for i, title in enumerate(titles))
    return parse_bibtex(f"@comment{{paperbot: name = {name}}}\n{entries}\n", source=f"{name}.bib")


def test_one_profile_is_served_exactly_as_itself(seed) -> None:
    lab = build_lab([seed])
    assert lab.profile is seed and not lab.is_group
    assert all(paper.researchers == [] for paper in lab.profile.papers)
    library = Library.from_profiles([seed])
    assert library.stats() == Library(seed).stats()
    assert library.stats().members == []


def test_a_paper_in_two_profiles_is_one_paper_credited_to_both(lab_library: Library, seed, sample) -> None:
    papers = lab_library.profile.papers
    assert len(papers) == len(seed.papers)  # every sample paper is also in the seed
    assert len({paper.id for paper in papers}) == len(papers)
    shared = [paper for paper in papers if len(paper.researchers) == 2]
    assert len(shared) == len(sample.papers)
    dape = next(paper for paper in papers if paper.title.startswith("DAPE"))
    assert dape.researchers == ["Chuanyang Zheng", "Han Shi"]
    assert dape.links and dape.abstract  # the fuller BibTeX version, with its links
    only_seed = next(paper for paper in papers if title_key(paper.title) not in
                     {title_key(p.title) for p in sample.papers})
    assert only_seed.researchers == ["Han Shi"]


def test_the_researcher_filter_narrows_every_request(lab_library: Library, sample) -> None:
    everyone = lab_library.search("", k=100)
    theirs = lab_library.search("", k=100, researcher="chuanyang zheng")
    assert theirs.total == len(sample.papers) < everyone.total
    assert all("Chuanyang Zheng" in hit.paper.researchers for hit in theirs.hits)
    assert lab_library.paper("AlgoFormer", researcher="Zheng").status == "found"
    only_seed_title = "Effective Decoding in Graph Auto-Encoder using Triadic Closure"
    assert lab_library.paper(only_seed_title, researcher="Chuanyang Zheng").status != "found"
    assert all("Chuanyang Zheng" in ref.researchers
               for ref in lab_library.suggest_titles("", researcher="Chuanyang Zheng"))
    stats = lab_library.stats("han shi")
    assert (stats.name, stats.h_index, stats.members) == ("Han Shi", 26, [])


def test_group_stats_count_members_and_what_they_share(lab_library: Library, seed, sample) -> None:
    stats = lab_library.stats()
    assert stats.name == "Group of 2"
    assert Library.from_profiles([sample, seed], lab_name="Noah Lab").stats().name == "Noah Lab"
    assert [(m.name, m.papers, m.shared) for m in stats.members] == [
        ("Han Shi", len(seed.papers), len(sample.papers)), ("Chuanyang Zheng", len(sample.papers), len(sample.papers))]
    assert stats.shared_papers == len(sample.papers)
    assert [(p.first, p.second, p.count) for p in stats.coauthorship] == [
        ("Chuanyang Zheng", "Han Shi", len(sample.papers))]
    assert stats.h_index is None and stats.citations is None  # per-researcher metrics are not summed
    assert all(c.label not in {"Han Shi", "Chuanyang Zheng"} for c in stats.top_coauthors)
    assert lab_library.researchers().papers == len(seed.papers)


def test_two_profiles_of_one_researcher_are_merged_with_one_line(seed) -> None:
    more = other_member("Han Shi", ["A Paper Only In The Second File"])
    lab = build_lab([seed, more])
    assert len(lab.members) == 1 and len(lab.profile.papers) == len(seed.papers) + 1
    assert any("found 2 profiles of Han Shi" in warning for warning in lab.profile.warnings)


def test_unknown_and_ambiguous_researchers_say_who_is_served(lab_library: Library) -> None:
    with pytest.raises(UnknownResearcher, match="Served: Chuanyang Zheng, Han Shi"):
        lab_library.search("x", researcher="Nobody Atall")
    assert find_member(lab_library.members, "Han Shii").name == "Han Shi"  # a typo
    twins = build_lab([other_member("Ana Lee", ["One"]), other_member("Ana Park", ["Two"])])
    with pytest.raises(UnknownResearcher, match="could be Ana Lee, Ana Park"):
        find_member(twins.members, "ana")


def test_a_question_naming_a_member_is_answered_from_their_papers(lab_library: Library) -> None:
    assert mentioned_member("What has Chuanyang Zheng done on softmax?", lab_library.members).name == \
        "Chuanyang Zheng"
    assert mentioned_member("What about softmax?", lab_library.members) is None
    answer = lab_library.ask("Which papers has Chuanyang Zheng written on positional encoding?")
    assert answer.papers or answer.quotes
    shown = [listed.paper for listed in answer.papers] + [quote.paper for quote in answer.quotes]
    assert all("Chuanyang Zheng" in ref.researchers for ref in shown)


def test_a_follow_up_keeps_the_researcher_its_question_named(lab_library: Library) -> None:
    first = lab_library.ask("Which papers has Chuanyang Zheng written on transformers?")
    follow = lab_library.ask("and in 2024?", context=first.context)
    shown = [listed.paper for listed in follow.papers] + [quote.paper for quote in follow.quotes]
    assert shown and all("Chuanyang Zheng" in ref.researchers and ref.year == 2024 for ref in shown)


def test_a_lab_of_three_fields_routes_each_named_question_to_its_researcher(seed) -> None:
    data = ROOT / "tests" / "data" / "profiles"
    others = [parse_profile(data / f"{name}.profile.txt", reference_date=REFERENCE)
              for name in ("ines-marlow", "jonas-eriksen")]
    library = Library.from_profiles([seed, *others])
    assert [member.name for member in library.members] == ["Han Shi", "Ines Marlow", "Jonas Eriksen"]
    assert all(len(paper.researchers) == 1 for paper in library.profile.papers)  # no paper in two profiles
    for name, question in (("Jonas Eriksen", "Which of Jonas Eriksen's papers are about imitation learning?"),
                           ("Ines Marlow", "what has ines marlow done on question answering")):
        answer = library.ask(question)
        shown = [listed.paper for listed in answer.papers] + [quote.paper for quote in answer.quotes]
        assert shown and all(ref.researchers == [name] for ref in shown), (question, answer.text)
    stats = library.stats()
    assert stats.name == "Group of 3" and stats.shared_papers == 0 and stats.coauthorship == []
    assert library.stats("jonas").name == "Jonas Eriksen"
