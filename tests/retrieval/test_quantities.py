"""What kind of value a question asks for, and whether a sentence states one (retrieval.quantities)."""

from __future__ import annotations

import pytest

from retrieval.quantities import AskedValue, asked_value, numbers_in, states_value


@pytest.mark.parametrize(("question", "kind"), [
    ("how many environments did they use", "count"),
    ("how much faster does it train", "margin"),
    ("by how much does it beat the baseline", "margin"),
    ("how much memory does it save", "amount"),
    ("what's mobilebert's latency", "amount"),
    ("how big were the models", "size"),
    ("how long does it take to read a book", "duration"),
    ("how fast is it on a phone", "speed"),
])
def test_the_kind_of_value_a_question_asks_for(question, kind):
    assert asked_value(question).kind == kind


def test_a_question_without_a_value_asks_none():
    assert asked_value("which papers use atari") is None


def test_digits_inside_names_are_no_numbers():
    assert numbers_in("word2ket runs on an H100 and GSM8K") == set()
    assert numbers_in("it reaches 66.4% on GSM8K in 2023") == {"66.4", "2023"}


def test_an_amount_is_a_new_number_not_a_count_of_things():
    amount = AskedValue("amount")
    assert states_value("We propose two related methods, word2ket and word2ketXS.", amount) is False
    assert states_value("It achieves a hundred-fold or more reduction in space.", amount) is True
    assert states_value("It improves F1 by 1.6%.", amount, given={"1.6"}) is False


def test_a_margin_is_a_difference_not_any_number():
    margin = AskedValue("margin")
    assert states_value("It is difficult to learn an MDP in high dimensions (e.g., over 10^100 states).",
                        margin) is False
    assert states_value("Our approach outperforms the previous state-of-the-art by over a factor of 2.", margin)
    assert states_value("SheetDesigner outperforms five baselines by at least 22.6%.", margin)
    assert states_value("It achieves a hundred-fold or more reduction in space.", margin)
    assert states_value("DiffFit achieves 2× training speed-up.", margin)
    assert states_value("It beats the previous best by 14 points.", margin, given={"14"}) is False


def test_a_size_a_duration_and_a_speed_need_their_units():
    assert states_value("experiments with models of up to 2.7 billion parameters", AskedValue("size"))
    assert not states_value("modifying softmax(x) to x · softmax(x) and min(x, 0)", AskedValue("size"))
    assert states_value("it can read the book within 30s", AskedValue("duration"))
    assert not states_value("pretraining billion-parameter models on a single H100 GPU", AskedValue("duration"),
                            given={"billion"})
    assert states_value("367 ms latency on a phone", AskedValue("speed"))
    assert not states_value("the agent quadruples the previous state of the art on Atari-57", AskedValue("duration"))


def test_a_count_needs_a_number_that_counts_the_asked_noun():
    environments = AskedValue("count", frozenset({"environ"}))
    assert states_value("across 54 standard benchmark environments", environments)
    parameters = AskedValue("count", frozenset({"paramet"}))
    assert not states_value("we present two parameter-reduction techniques", parameters)
    assert states_value("a much smaller number of states (e.g., 10^5)", AskedValue("count", frozenset({"state"})))


def test_a_year_in_a_name_is_no_value():
    assert not states_value("We evaluate on WMT 2014 English-German.", AskedValue("amount"))


def test_what_the_x_is_like_asks_for_no_value_of_x():
    assert asked_value("what's the ood score from input complexity akin to") is None
    assert asked_value("what is the new loss built on") is None
    assert asked_value("what's the score on the hard split") is not None
