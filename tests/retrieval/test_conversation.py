"""Follow-ups continue the previous answer; contexts are kept in SQLite, expire and are bounded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval.answers import AskContext, QuestionParse
from retrieval.conversation import ContextStore
from retrieval.service import Library

ROOT = Path(__file__).resolve().parents[2]
RL = ROOT / "tests" / "data" / "profiles" / "jonas-eriksen.profile.txt"


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.from_path(RL, reference_date=dt.date(2026, 11, 29))


def test_and_in_another_year_repeats_the_count_for_that_year(library):
    first = library.ask("how many papers did he put out in 2023")
    again = library.ask("and in 2024?", context=first.context)
    assert again.parse.followup and (again.parse.year_from, again.parse.year_to) == (2024, 2024)
    assert again.parse.intent == "count"
    assert {listed.paper.year for listed in again.papers} == {2024}


def test_which_of_them_filters_the_previous_answers_papers(library):
    first = library.ask("which papers use starcraft")
    shown = {listed.paper.id for listed in first.papers}
    with_code = library.ask("which of them has code", context=first.context)
    assert with_code.answer_type == "list" and with_code.papers
    assert {listed.paper.id for listed in with_code.papers} <= shown
    assert all(listed.paper.has_code for listed in with_code.papers)


def test_and_the_year_before_shifts_the_earlier_year(library):
    first = library.ask("how many papers did he put out in 2023")
    again = library.ask("and the year before?", context=first.context)
    assert (again.parse.year_from, again.parse.year_to) == (2022, 2022) and again.parse.intent == "count"


@pytest.mark.parametrize(("question", "expected"), [
    ("does it have code?", "code"), ("who wrote it?", "Tomas Novak"), ("when was it published?", "2020"),
])
def test_a_record_question_about_it_answers_about_that_paper(library, question, expected):
    first = library.ask("what does OPIQ stand for")
    follow = library.ask(question, context=first.context)
    assert follow.answer_type == "stats" and expected in follow.text
    assert [listed.paper.id for listed in follow.papers] == [first.quotes[0].paper.id]


def test_and_another_name_asks_the_same_question_about_that_paper(library):
    first = library.ask("what does OPIQ stand for")
    follow = library.ask("and VINS?", context=first.context)
    assert follow.answer_type == "fact" and "Value Iteration with Negative Sampling" in follow.quotes[0].sentence


def test_which_one_came_out_first_is_the_oldest_of_them(library):
    first = library.ask("which papers use starcraft")
    follow = library.ask("which one came out first", context=first.context)
    shown = [library.profile.by_id(listed.paper.id) for listed in first.papers]
    assert [listed.paper.id for listed in follow.papers] == [min(shown, key=lambda paper: paper.date).id]


def test_it_is_the_paper_the_previous_answer_was_about(library):
    first = library.ask("what does OPIQ stand for")
    follow = library.ask("what does it beat", context=first.context)
    assert follow.quotes and {quote.paper.id for quote in follow.quotes} == {first.quotes[0].paper.id}


def test_what_problem_does_it_address_quotes_the_problem_its_abstract_states(library):
    first = library.ask("tell me about diayn")
    follow = library.ask("what problem does it address", context=first.context)
    assert follow.answer_type in ("fact", "not_found")
    for quote in follow.quotes:
        assert quote.paper.id == follow.parse.papers[0]


def test_it_stays_the_earlier_paper_when_another_is_named_as_its_object():
    nlp = Library.from_path(ROOT / "tests" / "data" / "profiles" / "ines-marlow.profile.txt",
                            reference_date=dt.date(2026, 11, 29))
    first = nlp.ask("tell me about define")
    follow = nlp.ask("how many points does it improve awd-lstm by on penn treebank", context=first.context)
    assert follow.parse.papers == [first.papers[0].paper.id]
    assert "4 points" in follow.quotes[0].sentence and "AWD-LSTM" in follow.quotes[0].sentence


def test_an_acronym_defined_in_the_plural_is_found_in_the_singular(library):
    answer = library.ask("what does tdm stand for")
    assert answer.answer_type == "fact" and "(TDMs)" in answer.quotes[0].sentence


def test_a_follow_up_without_context_is_declined_politely(library):
    answer = library.ask("which of them has code")
    assert answer.answer_type == "not_found" and "earlier answer" in answer.text


def test_a_new_question_ignores_the_context(library):
    first = library.ask("which papers use starcraft")
    fresh = library.ask("whats his h index", context=first.context)
    assert fresh.answer_type == "stats" and not fresh.parse.followup


def _context(question: str) -> AskContext:
    return AskContext(question=question, parse=QuestionParse(intent="list", topic=question), papers=["a", "b"])


def test_the_store_finds_a_context_by_message_and_the_latest_per_user(tmp_path):
    now = [1000.0]
    store = ContextStore(tmp_path / "state" / "contexts.sqlite3", clock=lambda: now[0])
    store.remember(11, channel_id=1, user_id=7, context=_context("first"))
    now[0] += 10
    store.remember(12, channel_id=1, user_id=7, context=_context("second"))
    assert store.by_message(11).context.question == "first"
    assert store.latest(1, 7, within_seconds=60).context.question == "second"
    assert store.latest(1, 8, within_seconds=60) is None
    now[0] += 120
    assert store.latest(1, 7, within_seconds=60) is None  # a DM conversation goes stale after a few minutes


def _answers(store: ContextStore, now: list[float], messages: range) -> None:
    """One answer a second, each kept under its message id, its question the id."""
    for message in messages:
        now[0] += 1
        store.remember(message, channel_id=1, user_id=1, context=_context(str(message)))


def test_the_store_survives_a_restart_expires_and_is_bounded(tmp_path):
    path = tmp_path / "contexts.sqlite3"
    now = [0.0]
    store = ContextStore(path, ttl_seconds=100, max_entries=3, clock=lambda: now[0])
    _answers(store, now, range(5))
    assert len(store) == 3 and store.by_message(0) is None and store.by_message(4) is not None
    store.close()
    reopened = ContextStore(path, ttl_seconds=100, clock=lambda: now[0])
    assert reopened.by_message(4).context.question == "4"
    now[0] += 200
    assert reopened.by_message(4) is None


def test_a_full_store_stays_within_a_tenth_of_its_bound_and_keeps_the_newest(tmp_path):
    path = tmp_path / "contexts.sqlite3"
    now = [0.0]
    store = ContextStore(path, ttl_seconds=10_000, max_entries=20, clock=lambda: now[0])
    _answers(store, now, range(15))
    store.close()
    store = ContextStore(path, ttl_seconds=10_000, max_entries=20, clock=lambda: now[0])  # counts what it holds
    sizes = []
    for message in range(15, 60):
        _answers(store, now, range(message, message + 1))
        sizes.append(len(store))
    assert max(sizes) <= 22 and min(sizes[10:]) >= 20
    assert store.by_message(59) is not None and store.by_message(0) is None


def test_a_file_backed_context_store_writes_through_the_write_ahead_log(tmp_path) -> None:
    """One log append per answer instead of a rollback journal created, synced and deleted each time."""
    from retrieval.conversation import ContextStore
    store = ContextStore(tmp_path / "contexts.sqlite3")
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
