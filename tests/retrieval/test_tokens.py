"""The tokenizer: names stay findable whole and by their parts; noise never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.tokens import (
    analyse,
    camel_pieces,
    clear_caches,
    compound_pieces,
    normalize,
    strip_latex,
    tokenize,
    words,
)


def test_camel_case_name_yields_whole_and_pieces() -> None:
    assert tokenize("AutoBERT-Zero") == ["autobertzero", "autobert", "auto", "bert", "zero"]
    assert {"bert", "sparsebert"} <= set(tokenize("SparseBERT"))
    assert {"clip", "growclip", "grow"} <= set(tokenize("GrowCLIP"))


def test_names_with_digits_stay_whole() -> None:
    assert tokenize("GSM8K") == ["gsm8k"]
    assert tokenize("MetaMath") == ["metamath", "meta", "math"]
    assert tokenize("LLaMA-2") == ["llama2", "llama", "2"]
    assert tokenize("GPT-3.5-Turbo") == ["gpt3.5turbo", "gpt", "3.5", "turbo"]


def test_mixed_case_acronym_is_not_shredded() -> None:
    assert tokenize("QuickLLaMA") == ["quickllama", "quick", "llama"]
    assert tokenize("DiM") == ["dim"]
    assert camel_pieces("mRNA") == [(0, 4)]


def test_resolution_matches_whether_typed_with_times_sign_letter_or_latex() -> None:
    expected = tokenize("512x512")
    assert expected == ["512x512"]
    assert "512x512" in tokenize("512×512")
    assert "512x512" in tokenize(r"ImageNet 512$\times$512 benchmark")


def test_stopwords_dropped_and_words_stemmed() -> None:
    assert tokenize("The models are proving theorems") == ["model", "prove", "theorem"]
    assert tokenize("the of and") == []


def test_unicode_case_folding_and_diacritics() -> None:
    assert tokenize("Schrödinger") == tokenize("SCHRODINGER")
    assert tokenize("ﬁne-tuning") == tokenize("fine-tuning")
    assert normalize("Straße") == "strasse"


def test_non_latin_scripts_are_kept_as_words() -> None:
    assert tokenize("שלום مرحبا 中文") == ["שלום", "مرحبا", "中文"]


def test_strip_latex_keeps_text_and_symbols() -> None:
    assert strip_latex(r"\textbf{Fast} $\alpha$-decay 0.12\%") == " Fast α-decay 0.12%"


def test_word_offsets_point_at_the_surface_text() -> None:
    text = "We fine-tune AutoBERT-Zero."
    found = words(text)
    for word in found:
        assert text[word.start : word.end] == word.surface
        for piece in word.pieces:
            assert word.start <= piece.start < piece.end <= word.end
    bert = [p for w in found for p in w.pieces if p.token == "bert"]
    assert [text[p.start : p.end] for p in bert] == ["BERT"]


def test_possessive_is_dropped() -> None:
    assert tokenize("the model's output") == ["model", "output"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text_tokenizes_to_nonempty_strings(text: str) -> None:
    tokens = tokenize(text)
    assert all(isinstance(t, str) and t for t in tokens)
    for word in words(text):
        assert text[word.start : word.end] == word.surface


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAbBzZ09-._/×'’s $\\{}()ÄéﬁLMx ,;:\u2013\u2011\n")), max_size=80))
def test_tokenize_is_the_tokens_of_words(text: str) -> None:
    assert tokenize(text) == [token for word in words(strip_latex(text)) for token in word.tokens]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAbBmMrRzZ0159")), min_size=1, max_size=12))
def test_plain_word_fast_path_equals_the_full_analysis(surface: str) -> None:
    assert analyse(surface) == compound_pieces(surface)


def test_cached_and_cold_analysis_agree() -> None:
    text = "We fine-tune LLaMA-2 and AutoBERT-Zero on GSM8K; the models' 512×512 outputs (e.g., FID 3.02)."
    warm = [tokenize(text), [(w.surface, w.start, w.end, w.pieces) for w in words(text)]]
    clear_caches()
    cold = [tokenize(text), [(w.surface, w.start, w.end, w.pieces) for w in words(text)]]
    assert warm == cold
    assert tokenize(text) == warm[0]
