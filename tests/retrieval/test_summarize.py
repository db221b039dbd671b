"""summarize / summarize_rows: an extractive TL;DR and key points that only use the paper's own words."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.summarize import MAX_TLDR_WORDS, Summary, summarize, summarize_rows
from retrieval.text import clean_text

SCITLDR_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "scitldr" / "dev.jsonl"

TITLE = "Adaptive Loss Scaling for Mixed Precision Training"
ABSTRACT = (
    "Mixed precision training (MPT) is becoming a practical technique to improve the speed and energy efficiency "
    "of training deep neural networks. MPT is typically used in combination with a technique called loss scaling. "
    "Unfortunately, existing methods make this loss scale value a hyperparameter that needs to be tuned per-model. "
    "In this paper, we introduce a loss scaling-based training method called adaptive loss scaling that makes MPT "
    "easier and more practical to use, by removing the need to tune a model-specific loss scale hyperparameter. "
    "We achieve this by introducing layer-wise loss scale values which are automatically computed during training. "
    "Experiments show that our approach shortens the time to convergence by 20% and improves accuracy by 1.2 points."
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def test_tldr_states_the_contribution_without_the_leading_discourse_phrase() -> None:
    summary = summarize(TITLE, ABSTRACT)
    assert summary.tldr is not None
    assert "adaptive loss scaling" in summary.tldr.lower()
    assert not summary.tldr.lower().startswith("in this paper")
    assert len(summary.tldr.split()) <= MAX_TLDR_WORDS


def test_tldr_and_key_points_only_use_words_of_the_title_and_abstract() -> None:
    summary = summarize(TITLE, ABSTRACT)
    allowed = _words(TITLE) | _words(ABSTRACT)
    for text in [summary.tldr, *summary.key_points]:
        assert _words(text) <= allowed, text


def test_displayed_tldr_is_the_contribution_then_the_headline_result() -> None:
    summary = summarize(TITLE, ABSTRACT)
    assert summary.tldr_body is not None
    assert summary.tldr_body.startswith("We introduce a loss scaling-based training method called adaptive loss")
    assert "20%" in summary.tldr_body
    assert len(summary.tldr_body.split()) <= 40


def test_result_in_the_tldr_keeps_numbers_in_parentheses_but_drops_other_asides() -> None:
    abstract = (
        "Large language models (LLMs) are poor at arithmetic. We propose CalcNet, a model for arithmetic. "
        "CalcNet achieves the best accuracy (66.4%) on GSM8K (a math benchmark), improving by 11.5 points."
    )
    body = summarize("CalcNet", abstract).tldr_body
    assert body is not None and "CalcNet achieves the best accuracy (66.4%) on GSM8K" in body
    assert "a math benchmark" not in body


def test_summary_is_deterministic() -> None:
    assert summarize(TITLE, ABSTRACT) == summarize(TITLE, ABSTRACT)


@pytest.mark.parametrize("abstract", ["", "   "])
def test_no_abstract_gives_no_tldr(abstract: str) -> None:
    assert summarize(TITLE, abstract) == Summary(tldr=None, key_points=[])


@pytest.mark.parametrize("abstract", ["$$ x^2 $$", "∑ ∫ ≤ 3.0"])
def test_an_abstract_without_words_says_so_plainly(abstract: str) -> None:
    summary = summarize(TITLE, clean_text(abstract))
    assert summary.tldr is None and summary.tldr_body is None and summary.key_points == []
    assert summary.note and "no sentence in words" in summary.note


def test_one_sentence_abstract_is_its_own_summary() -> None:
    summary = summarize("Tiny", "We propose a tiny method for sorting lists quickly.")
    assert summary.tldr is not None and "tiny method for sorting lists" in summary.tldr
    assert summary.tldr_body == "We propose a tiny method for sorting lists quickly."
    assert summary.key_points == []
    assert summary.note and "single sentence" in summary.note


def test_huge_abstract_is_summarised_quickly_within_the_word_limit() -> None:
    abstract = " ".join(f"We propose method number {i} for problem {i} which works well." for i in range(300))
    abstract += " " + "word " * 3000  # ~20,000+ characters, including one enormous unpunctuated sentence
    start = time.perf_counter()
    summary = summarize("Many methods", abstract)
    assert time.perf_counter() - start < 3.0
    assert summary.tldr is not None and len(summary.tldr.split()) <= MAX_TLDR_WORDS
    assert all(len(point.split()) <= 30 for point in summary.key_points)


def test_a_single_endless_sentence_is_cut_to_the_word_limit() -> None:
    summary = summarize("", "we study " + "very " * 200 + "long things")
    assert summary.tldr is not None and len(summary.tldr.split()) <= MAX_TLDR_WORDS


@pytest.mark.parametrize(
    "raw",
    [
        r"We propose $\alpha$-nets with unbalanced { braces and a lone $ dollar.",
        "We propose Q&amp;A models &lt;fast&gt; that answer questions. They work.",
        r"\begin{itemize} \item We propose X. \item It works \end{itemize}",
    ],
)
def test_messy_input_gives_a_clean_tldr(raw: str) -> None:
    summary = summarize("A title", clean_text(raw))
    assert summary.tldr is not None
    assert "\\" not in summary.tldr and "&amp;" not in summary.tldr


def test_seed_papers_all_get_a_short_tldr_and_at_most_three_points(seed_profile) -> None:
    for paper in seed_profile.papers:
        summary = summarize(paper.title, paper.abstract)
        assert summary.tldr, paper.title
        assert len(summary.tldr.split()) <= MAX_TLDR_WORDS
        assert 1 <= len(summary.key_points) <= 3
        allowed = _words(paper.title) | _words(paper.abstract)
        assert _words(summary.tldr) <= allowed


def test_rows_of_both_shapes_come_back_in_order() -> None:
    rows = [
        {"id": "a", "title": TITLE, "abstract": ABSTRACT},
        {"paper_id": "b", "title": "Sets", "source": ["Outputs are sets.", "We present a set predictor."]},
        {"id": "c", "title": "Empty", "abstract": ""},
    ]
    out = list(summarize_rows(rows))
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert set(out[0]) == {"id", "tldr", "key_points"}
    assert "set predictor" in out[1]["tldr"]
    assert out[2]["tldr"] is None and out[2]["key_points"] == []


def test_rows_are_cleaned_of_latex() -> None:
    rows = [{"id": "x", "title": r"\emph{Fast} nets", "abstract": r"We propose nets that are 2$\times$ faster."}]
    assert next(summarize_rows(rows))["tldr"].count("2×") == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"title": "t", "abstract": "a"}, "line 2: missing 'id'"),
        ({"id": "x", "title": "t"}, "line 2: missing 'abstract'"),
        ({"id": "x", "title": "t", "abstract": 3}, "line 2: 'abstract' must be a string"),
        ({"id": "x", "title": "t", "source": "not a list"}, "line 2: 'source' must be a list of strings"),
        (["not", "an", "object"], "line 2: expected a JSON object"),
    ],
)
def test_malformed_row_names_its_line(row, message: str) -> None:
    rows = [{"id": "ok", "title": "t", "abstract": "We propose things."}, row]
    with pytest.raises(ValueError, match=re.escape(message)):
        list(summarize_rows(rows))


def test_line_numbers_can_be_supplied_by_the_reader() -> None:
    with pytest.raises(ValueError, match="line 7: missing 'id'"):
        list(summarize_rows([(7, {"title": "t", "abstract": "a"})]))


@pytest.mark.skipif(not SCITLDR_DEV.exists(), reason="SciTLDR dev split not available")
def test_beats_the_first_sentence_baseline_on_a_dev_slice() -> None:
    from rouge_score import rouge_scorer

    rows = [json.loads(line) for line in SCITLDR_DEV.read_text(encoding="utf-8").splitlines()[:60]]
    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)

    def r1(prediction: str, targets: list[str]) -> float:
        return max(scorer.score(t, prediction)["rouge1"].fmeasure for t in targets)

    ours = [r1(o["tldr"], r["target"]) for o, r in zip(summarize_rows(rows), rows, strict=True)]
    first = [r1(r["source"][0], r["target"]) for r in rows]
    assert sum(ours) / len(ours) > sum(first) / len(first) + 0.05


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(max_size=40), abstract=st.text(alphabet=st.sampled_from(list("ab We.,;:()$\\{}%&0\n")), max_size=300)
)
def test_never_raises_and_respects_the_word_limit(title: str, abstract: str) -> None:
    summary = summarize(clean_text(title), clean_text(abstract))
    assert summary.tldr is None or 0 < len(summary.tldr.split()) <= MAX_TLDR_WORDS
    assert len(summary.key_points) <= 3


def test_displayed_tldr_drops_a_purpose_phrase_that_points_back() -> None:
    abstract = (
        "The softmax function can face a gradient vanishing issue when attention scores approach extreme values. "
        "We propose Self-Adjust Softmax to address this issue."
    )
    summary = summarize("Self-Adjust Softmax", abstract)
    assert summary.tldr_body == "We propose Self-Adjust Softmax."


def test_displayed_tldr_drops_a_leading_clause_that_points_back() -> None:
    abstract = (
        "Separator tokens carry most of the information of their segments. "
        "Guided by this insight, we introduce SepLLM, a plug-and-play framework that accelerates inference."
    )
    body = summarize("SepLLM: Accelerate Large Language Models", abstract).tldr_body
    assert body is not None and body.startswith("We introduce SepLLM")


def test_key_points_skip_problem_sentences_that_start_with_a_dangling_pronoun() -> None:
    abstract = (
        "Chain-of-thought prompting is popular. "
        "It is based on forward reasoning and cannot improve when saturated. "
        "We introduce backward reasoning to verify candidate answers. "
        "Experiments on six data sets show that FOBAR achieves state-of-the-art accuracy of 90%."
    )
    summary = summarize("Forward-Backward Reasoning", abstract)
    assert not any(p.startswith("It ") for p in [summary.tldr_body or "", *summary.key_points])
    assert (summary.tldr_body or "").startswith("We introduce backward reasoning")


def test_result_point_is_a_full_clause_not_an_introductory_phrase() -> None:
    abstract = (
        "Mixture-of-Experts layers each own their experts, which wastes parameters. "
        "We propose UniPool, an architecture with a single shared expert pool. "
        "Across five LLaMA-architecture model scales (182M, 469M, 650M, 830M, and 978M parameters) trained on 30B "
        "tokens from the Pile, UniPool consistently improves validation loss and perplexity over the matched vanilla "
        "MoE baselines."
    )
    body = summarize("UniPool", abstract).tldr_body
    assert body is not None and body.endswith(
        "UniPool consistently improves validation loss and perplexity over the matched vanilla MoE baselines."
    )


def test_a_reference_back_counts_as_dangling_only_without_its_noun_in_the_sentence() -> None:
    from retrieval.summarize import dangling

    assert dangling("We incorporate this to the graph auto-encoder.")
    assert dangling("Their sizes pose challenges.")
    assert not dangling("Models are slow because these models require many passes.")
    assert not dangling("In this paper we propose X.")
    assert not dangling("It is impractical to limit the model capacity.")


def test_displayed_tldr_drops_a_sequence_adverb_after_the_subject() -> None:
    from retrieval.summarize import for_display

    assert for_display("We then introduce SheetDesigner, a framework.") == "We introduce SheetDesigner, a framework."
    assert for_display("In this paper, we also propose X.") == "We propose X."
