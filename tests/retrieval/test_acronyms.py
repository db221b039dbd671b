"""Acronym definitions mined from the text itself, in both directions, plurals and two meanings included."""

from __future__ import annotations

from retrieval.acronyms import mine_acronyms


def meanings(texts: list[str], token: str) -> list[str]:
    table = mine_acronyms(texts)
    return [table.texts[form].casefold() for form, _ in table.meanings(token)]


def test_long_form_then_acronym_and_plural_acronym() -> None:
    text = "We study graph neural networks (GNNs) and train a GNN on molecules."
    assert meanings([text], "gnn") == ["graph neural networks"]


def test_acronym_then_long_form() -> None:
    assert meanings(["Our NMT (neural machine translation) system is fast."], "nmt") == ["neural machine translation"]


def test_initials_win_over_letters_found_inside_words() -> None:
    text = "We combine it with the proximal policy optimization (PPO) algorithm."
    assert meanings([text], "ppo") == ["proximal policy optimization"]


def test_lowercase_start_and_hyphenated_words() -> None:
    texts = ["A bidirectional language model (biLM) is pretrained.", "A long short-term memory (LSTM) network."]
    assert meanings(texts, "bilm") == ["bidirectional language model"]
    assert meanings(texts, "lstm") == ["long short-term memory"]


def test_an_acronym_with_two_meanings_keeps_both_with_their_shares() -> None:
    texts = [
        "Deep reinforcement learning (RL) agents explore.",
        "Methods for reinforcement learning (RL) scale.",
        "Unsupervised representation learning (RL) of images.",
    ]
    table = mine_acronyms(texts)
    shares = {table.texts[form].casefold(): round(share, 2) for form, share in table.meanings("rl")}
    assert shares == {"reinforcement learning": 0.67, "representation learning": 0.33}


def test_no_definitions_in_plain_parentheses() -> None:
    table = mine_acronyms(["Accuracy improves (by 3%) over the baseline (ours) in 2020 (n = 12)."])
    assert not table
    assert table.meanings("ours") == []


def test_latex_and_long_or_odd_input_never_raise() -> None:
    texts = ["((((", ")" * 50, "(" + "A" * 500 + ")", r"a $\times$ (MoE)", "x (Y) (Z", "(GNN)", "GNN ()"]
    mine_acronyms(texts)
