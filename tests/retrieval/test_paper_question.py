"""A question about one paper is answered with that paper's sentences, or declined; never from another paper."""

from __future__ import annotations

from retrieval.service import Library


def paper_id(library: Library, title: str) -> str:
    answer = library.paper(title)
    assert answer.detail is not None
    return answer.detail.paper.id


def test_a_question_the_paper_answers_quotes_only_that_paper(library: Library) -> None:
    metamath = paper_id(library, "MetaMath")
    answer = library.ask_about(metamath, "What accuracy does it reach on GSM8K?")
    assert answer.answer_type == "fact" and answer.text == "From MetaMath (2023):"
    assert answer.quotes and all(quote.paper.id == metamath for quote in answer.quotes)
    assert "82.3%" in answer.quotes[0].sentence


def test_what_another_paper_says_is_not_found_in_this_one(library: Library) -> None:
    # DiffFit reports a 2x training speed-up; MetaMath does not.
    answer = library.ask_about(paper_id(library, "MetaMath"), "How much faster does training get with DiffFit?")
    assert answer.answer_type == "not_found" and answer.quotes == []
    assert answer.text == "I couldn't find that in MetaMath."


def test_empty_questions_and_unknown_papers_get_plain_answers(library: Library) -> None:
    assert library.ask_about(paper_id(library, "MetaMath"), "  ").answer_type == "empty"
    assert library.ask_about("no-such-paper", "anything?").answer_type == "not_found"
