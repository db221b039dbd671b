"""BibTeX profiles: fields, macros, cross-references, names, dates, links, and file:line problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval.bibtex import display_name, name_from_file, parse_bibtex, parse_names
from retrieval.profile import ProfileError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "seeds" / "chuanyang-zheng.bib"

GOOD = r"""@comment{paperbot: name = Jane Q. Doe}
@string{conf = "Conference on Things"}
@string{me = "Doe, Jane Q."}

@inproceedings{doe2023dit,
  title = {The {DiT} of \emph{Things}: Sch{\"o}n $\alpha$-Nets},
  author = me # " and M{\"u}ller, Hans and others",
  booktitle = conf # " 2023",
  year = 2023, month = mar, day = {5},
  abstract = {We show that 50\% fewer things suffice.},
  keywords = {things; nets},
  doi = {10.1234/things.2023},
  eprint = {2301.01234}, archivePrefix = {arXiv}, primaryClass = {cs.LG},
  url = {https://example.org/dit},
}

@article{doe2021,
  title = "Older Work",
  author = {Jane Q. Doe and {Research Group X}},
  journal = {arXiv preprint arXiv:2101.00001},
  year = {2021},
}

@proceedings{volume, title = {Workshop on Nets}, year = {2022}}
@inproceedings{child, title = {Child Paper}, author = {Doe, Jane Q.}, crossref = {volume}}
"""


def test_a_good_file_gives_papers_with_every_field() -> None:
    profile = parse_bibtex(GOOD, source="doe.bib")
    assert profile.name == "Jane Q. Doe"
    titles = [paper.title for paper in profile.papers]
    assert titles == ["The DiT of Things: Schön α-Nets", "Older Work", "Child Paper"]  # the volume is a venue
    first = profile.papers[0]
    assert first.authors == ["Jane Q. Doe", "Hans Müller"] and first.authors_truncated
    assert (first.date, first.date_precision, first.published) == (dt.date(2023, 3, 5), "day", "Mar 5, 2023")
    assert first.venue == "Conference on Things 2023"
    assert first.abstract == "We show that 50% fewer things suffice."
    assert first.keywords == ["things", "nets"]
    assert (first.category, first.category_name) == ("LG", "Machine Learning")
    assert [link.url for link in first.links] == [
        "https://doi.org/10.1234/things.2023", "https://arxiv.org/abs/2301.01234", "https://example.org/dit"]
    assert first.line == 5


def test_year_only_dates_say_only_the_year_and_scholar_arxiv_journals_become_links() -> None:
    older = parse_bibtex(GOOD, source="doe.bib").papers[1]
    assert (older.published, older.date_precision) == ("2021", "year")
    assert older.authors == ["Jane Q. Doe", "Research Group X"]
    assert [link.label for link in older.links] == ["arXiv"]


def test_crossref_fills_missing_fields_from_the_parent() -> None:
    child = parse_bibtex(GOOD, source="doe.bib").papers[2]
    assert child.year == 2022 and child.venue == "Workshop on Nets"


def test_entries_without_abstract_are_served_and_noted() -> None:
    profile = parse_bibtex(GOOD, source="doe.bib")
    assert sum(not paper.abstract for paper in profile.papers) == 2
    assert any("2 of 3 entries have no abstract" in warning for warning in profile.warnings)


BAD = """@article{ok, title = {Good One}, author = {A, B}, year = {2020}}
@article{notitle, author = {A, B}, year = {2020}}
@article{noyear, title = {No Year}}
@article{ok, title = {Duplicate Key}, year = {2021}}
@article{twice, title = {T}, title = {U}, year = {2020}}
@article{broken,
  title = {Never closed
@article{after, title = {After The Break}, year = {2019}}
@article{macro, title = {Macro}, year = {2018}, journal = undefinedmacro}
"""


def test_bad_entries_are_skipped_and_reported_with_their_lines() -> None:
    profile = parse_bibtex(BAD, source="lab.bib")
    assert [paper.title for paper in profile.papers] == ["Good One", "After The Break", "Macro"]
    problems = "\n".join(profile.problems + profile.warnings)
    assert "lab.bib:2: found @article{notitle} without a title, expected a title = {…} field" in problems
    assert "lab.bib:3: found @article{noyear} without a year" in problems
    assert "lab.bib:4: found a second entry with the key 'ok' (the first is at line 1)" in problems
    assert "lab.bib:5: found the field(s) title given twice" in problems
    assert "lab.bib:6: found an entry that cannot be read" in problems
    assert "lab.bib:9: found the undefined macro 'undefinedmacro'" in problems
    lines = [int(problem.split(":")[1]) for problem in profile.problems]
    assert lines == [2, 3, 4, 5, 6]  # every skipped entry, in file order; the macro is only a warning


def test_a_file_with_no_usable_entry_is_a_profile_error() -> None:
    with pytest.raises(ProfileError) as error:
        parse_bibtex("@misc{a, author = {X}}\n@misc{b, note = {no title}}\n", source="empty.bib")
    assert error.value.problems[0].startswith("empty.bib:1: found @misc{a} without a title")
    assert error.value.problems[-1].startswith("empty.bib: found no entry that can be served")
    with pytest.raises(ProfileError, match="found no BibTeX entries"):
        parse_bibtex("just some text, no entries\n", source="prose.bib")


def test_unsafe_or_malformed_links_are_dropped() -> None:
    text = ("@misc{a, title = {A}, year = {2020}, url = {javascript:alert(1)}, doi = {not-a-doi}, "
            "eprint = {12}}\n")
    assert parse_bibtex(text, source="a.bib").papers[0].links == []


def test_names() -> None:
    assert display_name("Shi, Han") == "Han Shi"
    assert display_name("Doe, Jr., John") == "John Doe Jr."
    assert display_name("{Google Brain}") == "Google Brain"
    assert display_name("von Neumann, John") == "John von Neumann"
    assert parse_names("A, B and {Smith and Sons} and others") == (["B A", "Smith and Sons"], True)
    assert name_from_file(Path("/x/han-shi.bib")) == "Han Shi"
    assert name_from_file(Path("/x/McDonald_Lab.bib")) == "McDonald Lab"


def test_five_thousand_entries_parse(tmp_path: Path) -> None:
    entries = "\n".join(
        f"@article{{k{i}, title = {{Paper number {i} on topic {i % 97}}}, author = {{Doe, Jane and Roe, R.}}, "
        f"year = {{{2000 + i % 25}}}, abstract = {{We study topic {i % 97}. It works.}}}}" for i in range(5000)
    )
    profile = parse_bibtex(entries, source="big.bib")
    assert len(profile.papers) == 5000
    assert len({paper.id for paper in profile.papers}) == 5000


def test_the_sample_file_shipped_in_seeds_parses_cleanly() -> None:
    profile = parse_bibtex(SAMPLE.read_text(encoding="utf-8"), source=str(SAMPLE))
    assert profile.name == "Chuanyang Zheng"
    assert len(profile.papers) == 5
    assert profile.problems == [] and [w for w in profile.warnings if "no abstract" not in w] == []
    assert any(paper.links for paper in profile.papers)
