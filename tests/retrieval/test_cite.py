"""BibTeX from a paper's record: nothing guessed, what is missing said in comments, special characters
escaped, acronyms protected, keys unique within the profile."""

from __future__ import annotations

import datetime as dt

from retrieval.cite import base_key, bibtex_entry, bibtex_title, citation_keys, escape
from retrieval.models import Paper, Profile
from retrieval.service import Library


def paper(title: str = "A Study", *, authors: tuple[str, ...] = ("Ada Lovelace",), truncated: bool = False,
          year_given: bool = True, number: int = 0) -> Paper:
    return Paper(id=f"p{number}", title=title, authors=list(authors), authors_truncated=truncated, category="LG",
                 category_name="Machine Learning", date=dt.date(2024, 5, 3), year_given=year_given)


def test_seed_entry_is_complete_and_notes_the_truncated_author_list(library: Library) -> None:
    answer = library.cite("MetaMath")
    assert answer.status == "found" and answer.key == "yu2023metamath"
    lines = answer.bibtex.splitlines()
    assert lines[0] == "% Author list truncated (et al.) in the profile after 3: 'and others' stands for the rest."
    assert lines[1:] == [
        "@misc{yu2023metamath,",
        "  title  = {{MetaMath}: Bootstrap Your Own Mathematical Questions for Large Language Models},",
        "  author = {Longhui Yu and Weisen Jiang and Han Shi and others},",
        "  year   = {2023},",
        "  month  = sep,",
        "}",
    ]
    assert answer.notes and "et al." in answer.notes[0]


def test_a_paper_without_a_year_gets_no_year_field_and_a_comment() -> None:
    entry = bibtex_entry(paper(year_given=False), "lovelacestudy")
    assert "% The profile gives no year for this paper" in entry
    assert "year" not in entry.split("@misc", 1)[1] and "month" not in entry
    assert base_key(paper(year_given=False)) == "lovelacestudy"


def test_latex_specials_are_escaped_and_acronyms_kept_in_braces() -> None:
    assert escape("50% of R&D_x {a} #1 $5 ~ ^ \\") == (
        r"50\% of R\&D\_x \{a\} \#1 \$5 \textasciitilde{} \textasciicircum{} \textbackslash{}")
    assert bibtex_title("LLMs: GSM8K and High-Resolution MetaMath-7B") == \
        "{LLMs}: {GSM8K} and High-Resolution {MetaMath-7B}"


def test_names_with_accents_make_ascii_keys_and_clashing_keys_get_letters() -> None:
    first = paper("On Learning", authors=("José Müller",), number=1)
    second = paper("On Learning Again", authors=("José Müller",), number=2)
    keys = citation_keys([first, second, paper("Other", authors=(), number=3)])
    assert keys == {"p1": "muller2024learninga", "p2": "muller2024learningb", "p3": "anonymous2024other"}


def test_no_author_is_said_and_an_unknown_paper_is_not_cited() -> None:
    entry = bibtex_entry(paper(authors=()), "anonymous2024study")
    assert "% The profile lists no authors" in entry and "author" not in entry.split("@misc", 1)[1]
    library = Library(Profile(name="X", papers=[paper()]))
    missing = library.cite("completely different words")
    assert missing.status == "not_found" and missing.bibtex == "" and "can't cite" in (missing.message or "")
    assert library.cite("").status == "not_found"
