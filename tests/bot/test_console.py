"""The console takes the Discord commands as typed and never raises."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from bot.console import Console, run_console
from retrieval.models import Paper, Profile
from retrieval.service import Library


@pytest.fixture
def console(library: Library) -> Console:
    return Console(library)


def test_stats_and_help(console: Console) -> None:
    assert "h-index 26" in console.handle("/stats")
    help_text = console.handle("/help")
    assert all(f"/{name}" in help_text for name in ("papers", "paper", "stats", "ask", "help"))


def test_papers_with_options_and_paging(console: Console) -> None:
    first = console.handle("/papers sort:newest")
    assert "1–5 of 33" in first and "/next for more" in first
    second = console.handle("/next")
    assert "6–10 of 33" in second
    assert "6–10" not in console.handle("/prev")
    filtered = console.handle("/papers diffusion category:CV")
    assert "DiffFit" in filtered or "DiM" in filtered


def test_paper_lookup(console: Console) -> None:
    text = console.handle("/paper metamath")
    assert text.startswith("MetaMath: Bootstrap") and "Related" in text
    related = text.split("Related", 1)[1]
    assert "both on " in related or "shares " in related  # each related paper says why


def test_bad_lines_get_help_not_exceptions(console: Console) -> None:
    assert "Did you mean /stats?" in console.handle("/stat")
    assert "Unknown command" in console.handle("/")
    assert "limit must be" in console.handle("/papers x limit:0")
    assert "sort must be" in console.handle("/papers x sort:sideways")
    assert "Which paper?" in console.handle("/paper")
    assert console.handle("   ") == ""
    assert console.handle('/papers "unbalanced quote') is not None


def test_loop_reads_until_end_of_input(library: Library) -> None:
    out = io.StringIO()
    assert run_console(library, io.StringIO("/stats\n/quit\n/help\n"), out) == 0
    assert "h-index 26" in out.getvalue() and "Commands:" not in out.getvalue()


@pytest.fixture(scope="module")
def lab_console() -> Console:
    from pathlib import Path

    from retrieval.sources import open_shelf

    shelf, _ = open_shelf([Path(__file__).resolve().parents[2] / "seeds"])
    return Console(Library.from_profiles(shelf.served()))


def test_researchers_and_the_researcher_option(lab_console: Console) -> None:
    listing = lab_console.handle("/researchers")
    assert "2 researchers" in listing and "Chuanyang Zheng" in listing
    theirs = lab_console.handle('/papers researcher:"Chuanyang Zheng" sort:newest')
    assert "1–5 of 5" in theirs
    assert "Han Shi · Machine Learning" in lab_console.handle("/stats researcher:'han shi'")
    assert "Members" in lab_console.handle("/stats")
    assert "DAPE" in lab_console.handle("/paper dape researcher:zheng")


def test_an_unknown_researcher_is_one_clear_line(lab_console: Console) -> None:
    reply = lab_console.handle("/papers diffusion researcher:nobody")
    assert reply.startswith("No researcher named “nobody” is served here") and "\n" not in reply


def test_a_paper_without_a_summary_says_so_plainly() -> None:
    paper = Paper(
        id="link-only",
        title="Link Only",
        authors=["A. Author"],
        authors_truncated=False,
        category="LG",
        category_name="Machine Learning",
        date=dt.date(2024, 1, 1),
        year_given=True,
        abstract="https://github.com/example/repo",
    )
    console = Console(Library(Profile(name="A. Author", papers=[paper])))
    text = console.handle("/paper Link Only")
    assert "No summary: the abstract has no sentence in words." in text
