"""The summary a reader sees: a TL;DR of what the paper does and achieved, key points that add to it, only the
abstract's words, and the best it can do (or a plain note) on strange input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import roles
from retrieval.clauses import dangling, for_display
from retrieval.display_summary import (
    MAX_TLDR_WORDS,
    build,
    content,
    readable,
    refers_back,
    repeats,
    restates_title,
    result_claim,
    shorten,
)
from retrieval.sentences import split_sentences
from retrieval.summarize import summarize
from retrieval.text import clean_text

ABSTRACT = (
    "Large language models (LLMs) have shown strong language understanding. "
    "However, most open models are still far from satisfactory at solving math problems. "
    "To bridge this gap, we propose CalcLM, a fine-tuned language model that specializes in arithmetic reasoning. "
    "Specifically, we bootstrap arithmetic questions by rewriting each question from several perspectives. "
    "Then we fine-tune the base models on the rewritten questions. "
    "Experiments on two benchmarks show that CalcLM outperforms open models by a wide margin. "
    "Our CalcLM-7B model achieves 61.2% on MathQA, exceeding the best model of the same size by 9.5%. "
    "We release the data and the code."
)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _view(title: str, abstract: str) -> list[str]:
    summary = summarize(title, abstract)
    return [part for part in [summary.tldr_body, *summary.key_points] if part]


def test_tldr_states_the_contribution_and_the_headline_figure() -> None:
    summary = summarize("CalcLM: Rewritten Questions for Arithmetic", ABSTRACT)
    assert summary.tldr_body is not None
    assert summary.tldr_body.startswith("We propose CalcLM, a fine-tuned language model")
    assert "61.2%" in summary.tldr_body
    assert len(summary.tldr_body.split()) <= MAX_TLDR_WORDS


def test_a_contribution_that_only_restates_the_title_gets_its_mechanism() -> None:
    abstract = (
        "Attention softmax saturates when scores grow large. "
        "We propose Scaled Softmax. "
        "It multiplies every score by a learned temperature before normalising the row. "
        "Scaled Softmax trains stably on long sequences."
    )
    body = summarize("Scaled Softmax", abstract).tldr_body
    assert body is not None and not restates_title(body, "Scaled Softmax", set())
    assert "temperature" in body or "trains stably" in body


def test_key_points_add_problem_method_and_result_without_repeating_the_tldr() -> None:
    summary = summarize("CalcLM: Rewritten Questions for Arithmetic", ABSTRACT)
    points = summary.key_points
    assert 2 <= len(points) <= 3
    assert not any(repeats(point, summary.tldr_body or "") for point in points)
    assert any("far from satisfactory" in point for point in points)  # the problem
    assert any("rewriting each question" in point for point in points)  # the method
    assert not any(point.startswith("Large language models") for point in points)  # no background


def test_repeats_compares_content_words_not_strings() -> None:
    tldr = "We propose CalcLM, a fine-tuned language model that specializes in arithmetic reasoning."
    assert repeats("CalcLM is a language model fine-tuned to specialize in arithmetic reasoning.", tldr)
    assert not repeats("CalcLM-7B achieves 61.2% on MathQA.", tldr)
    assert "calclm" in content(tldr) and "propos" not in content(tldr)


def test_an_acronym_keeps_its_expansion_where_it_first_appears() -> None:
    abstract = (
        "Transformers are slow on long images. "
        "We propose Diffusion Mamba (DiM), which combines state space models with diffusion models. "
        "We pretrain on small images and fine-tune on large images to save compute. "
        "Experiments show that DiM generates 1024-pixel images 3× faster than transformer baselines."
    )
    view = " ".join(_view("DiM", abstract))
    assert view.index("Diffusion Mamba (DiM)") < view.replace("Diffusion Mamba (DiM)", "", 1).find("DiM") + 30
    abstract = (
        "Mixed precision training (MPT) speeds up training. "
        "Loss scaling keeps small gradients representable. "
        "We propose Auto Scale, a scaling rule for training with half precision numbers. "
        "Auto Scale makes MPT robust across models, removing a hyperparameter."
    )
    points = _view("Auto Scale", abstract)
    first = next(part for part in points if "MPT" in part)
    assert "Mixed precision training (MPT)" in first or "mixed precision training (MPT)" in first


def test_a_reference_to_an_unshown_sentence_is_cut_from_the_tldr() -> None:
    abstract = (
        "Separator tokens carry the information of the segments between them. "
        "Guided by this insight, we introduce SepNet, a framework that accelerates inference by compressing these "
        "segments into separators. "
        "SepNet reduces the key-value cache by over 50% while keeping accuracy."
    )
    body = summarize("SepNet", abstract).tldr_body
    assert body is not None and "these segments" not in body and "this insight" not in body
    assert body.startswith("We introduce SepNet, a framework that accelerates inference")
    assert "50%" in body


def test_a_dangling_pronoun_sentence_is_not_a_key_point() -> None:
    abstract = (
        "Voting over sampled chains is popular. "
        "It is based on forward reasoning and cannot improve when saturated. "
        "We propose BackCheck to verify candidate answers by predicting a masked number. "
        "Experiments on six data sets show that BackCheck achieves 90% accuracy."
    )
    parts = _view("BackCheck", abstract)
    assert not any(part.startswith(("It ", "They ", "This ")) for part in parts)


def test_enumerated_findings_become_points() -> None:
    abstract = (
        "Two families of generative models exist. "
        "Each family has limits in sampling speed. "
        "We propose a unified framework for both families. "
        "We show that: i) the learning dynamics of both families follow one stochastic equation with a drift term; "
        "ii) adjusting the relative weights of score terms gives a smooth transition between the two families."
    )
    summary = summarize("A Unified Framework", abstract)
    assert any("learning dynamics" in point or "smooth transition" in point for point in summary.key_points)


# ----------------------------------------------------------------------------------------------- bad input

_BAD_INPUTS = {
    "one sentence": ("Tiny", "We propose a tiny method for sorting lists quickly."),
    "eighty sentences": ("Many", " ".join(f"We measure quantity {i} with probe {i} on day {i}." for i in range(80))),
    "only a URL": ("Link", "https://github.com/example/repo"),
    "only LaTeX": ("Math", clean_text(r"$$\frac{a}{b} = \sum_{i=1}^{n} x_i^2$$")),
    "another language": (
        "Ein Modell",
        "Wir schlagen ein neues Modell vor. Es verbessert die Genauigkeit um 5%. Der Code ist verfügbar.",
    ),
    "acronym-only title": ("GPT", ABSTRACT),
    "duplicated sentences": ("Dup", "We propose Dup, a deduplicator. " * 6 + "Dup removes 40% of the copies."),
    "no result": (
        "Survey",
        "Graph learning is popular. This survey reviews graph neural networks. We group methods by their "
        "message passing scheme. We discuss open problems in scalability.",
    ),
}


@pytest.mark.parametrize("case", list(_BAD_INPUTS), ids=list(_BAD_INPUTS))
def test_bad_input_gets_the_best_summary_it_allows_and_only_abstract_words(case: str) -> None:
    title, abstract = _BAD_INPUTS[case]
    summary = summarize(title, abstract)
    allowed = set(_words(abstract))
    for part in [summary.tldr_body, *summary.key_points]:
        if part:
            assert set(_words(part)) <= allowed, (case, part)
            assert len(part.split()) <= MAX_TLDR_WORDS
    if summary.tldr_body is None or not summary.key_points:
        assert summary.note or summary.tldr_body  # an empty part is said plainly, or the TL;DR is all there is
    assert len(set(summary.key_points)) == len(summary.key_points)
    assert not any(repeats(point, summary.tldr_body or "") for point in summary.key_points)


def test_a_url_only_abstract_gets_no_invented_words() -> None:
    summary = summarize("Link", "https://github.com/example/repo")
    assert summary.tldr_body is None and summary.note


_VOCABULARY = (
    "we propose method model this these it however results show that achieves improves by 12.5% 3× "
    "(ABC) data (e.g., x) which and , ; : i) ii) novel task outperforms baseline the a of"
)


@settings(max_examples=200, deadline=None)
@given(
    title=st.text(max_size=30),
    sentences=st.lists(
        st.lists(
            st.sampled_from(_VOCABULARY.split()),
            min_size=1,
            max_size=25,
        ).map(lambda words: " ".join(words).capitalize() + "."),
        max_size=12,
    ),
)
def test_every_displayed_word_is_traceable_to_the_abstract(title: str, sentences: list[str]) -> None:
    abstract = " ".join(sentences)
    summary = summarize(clean_text(title), clean_text(abstract))
    allowed = set(_words(clean_text(abstract)))
    for part in [summary.tldr_body, *summary.key_points]:
        if part:
            assert set(_words(part)) <= allowed, part
            assert len(part.split()) <= MAX_TLDR_WORDS


def test_build_on_no_sentences_says_so() -> None:
    view = build("Title", [])
    assert view.tldr is None and view.key_points == [] and view.note


# ----------------------------------------------------------------------------------------------- the seed


def test_seed_views_follow_the_rules(seed_profile) -> None:
    stated = shown = 0
    for paper in seed_profile.papers:
        sentences = split_sentences(paper.abstract)
        summary = summarize(paper.title, paper.abstract)
        assert summary.tldr_body, paper.title
        assert len(summary.tldr_body.split()) <= MAX_TLDR_WORDS
        assert not restates_title(summary.tldr_body, paper.title, set()), paper.title
        assert not any(repeats(point, summary.tldr_body) for point in summary.key_points), paper.title
        if len(sentences) >= 4:
            assert 2 <= len(summary.key_points) <= 3, paper.title
        allowed = set(_words(paper.abstract))
        for part in [summary.tldr_body, *summary.key_points]:
            assert set(_words(part)) <= allowed, (paper.title, part)
        figure_sentences = [s for s in sentences if roles.states_figure(s)]
        if figure_sentences:
            stated += 1
            view = " ".join([summary.tldr_body, *summary.key_points])
            shown += any(figure in view for s in figure_sentences for figure in roles.figures(s))
    assert stated and shown / stated >= 0.9


# ------------------------------------------------------------------------------------------- cuts that keep sense


def test_a_clause_between_commas_is_not_dropped_as_an_aside() -> None:
    sentence = (
        "We demonstrate through extensive systematic experiments that, as a result of learning a more general "
        "classification function, a model trained on encoded input features is significantly more robust to common "
        "corruptions, e.g., Gaussian and shot noise, as well as adversarial perturbations, than the model trained on "
        "uncoded input features."
    )
    cut = shorten(sentence, 30)
    assert cut is None or ("function e.g." not in cut and "Gaussian" not in cut), cut


def test_show_how_to_is_not_read_as_show_that() -> None:
    sentence = "We show how to modify learning methods to build agents that act in ways that are nice and forgiving."
    assert result_claim(sentence, set()) == sentence
    assert result_claim("Experiments on two tasks show that X beats Y by 3%.", set()) == "X beats Y by 3%."


# ------------------------------------------------------------------------------------ the contribution and room


def test_a_contribution_after_a_phrase_that_points_back_reads_we_introduce() -> None:
    abstract = (
        "Sampling methods lag behind optimisation for large networks. "
        "We aim to fill this gap and introduce NoiseSampler, an adaptive noise sampler for network posteriors. "
        "NoiseSampler adjusts momentum and noise for every parameter update. "
        "On two image benchmarks NoiseSampler outperforms a strong optimisation baseline."
    )
    body = summarize("Posterior Sampling at Scale", abstract).tldr_body
    assert body is not None and body.startswith("We introduce NoiseSampler, an adaptive noise sampler")


def test_a_contribution_that_points_back_follows_the_sentence_it_points_to() -> None:
    abstract = (
        "Recurrent networks track information at several time scales. "
        "The standard cell has no explicit bias towards modelling nested constituents. "
        "This paper proposes to add such inductive bias by ordering the neurons of the cell, which ensures that when "
        "a given neuron is updated all the neurons that follow it in the ordering are also updated. "
        "The ordered cell performs well on language modelling and parsing."
    )
    body = summarize("Ordered Cells", abstract).tldr_body
    assert body is not None
    assert body.index("explicit bias towards modelling nested constituents") < body.index("This paper proposes")


def test_the_main_finding_gets_room_when_the_contribution_lists_examples() -> None:
    abstract = (
        "Agents usually learn from rewards that the environment provides. "
        "We perform the first large study of purely curiosity-driven learning without any extrinsic rewards across "
        "54 standard benchmark environments, including the classic arcade game suite and several simulated robot "
        "control tasks. "
        "Our results show surprisingly good performance on many games. "
        "We also demonstrate limitations of prediction-based rewards in stochastic setups."
    )
    body = summarize("A Large Study of Curiosity", abstract).tldr_body
    assert body is not None and "surprisingly good performance" in body
    assert "limitations" not in body  # the finding that adds to another ("We also ...") comes after


def test_the_claim_of_a_sentence_is_its_second_verb_phrase_when_only_that_one_claims() -> None:
    abstract = (
        "Multi-hop questions need facts from several sentences. "
        "We propose ChainFinder, a method that extracts a chain of sentences leading to the answer. "
        "We test ChainFinder on two recently released large multi-hop question answering datasets built from "
        "encyclopedic articles and from web pages, and achieve state-of-the-art accuracy on both datasets."
    )
    body = summarize("ChainFinder", abstract).tldr_body
    assert body is not None and "We achieve state-of-the-art accuracy on both datasets." in body


def test_a_point_that_names_nothing_or_points_to_an_unnamed_plural_is_not_shown() -> None:
    abstract = (
        "Deep convolutional networks work well on language tasks. "
        "Little is known about how they represent language in their layers. "
        "We propose UnitAlign, a method that aligns single units with morphemes and phrases by replicating text. "
        "One strategy compares raw activations across inputs. "
        "The other strategy learns formal specifications from the data. "
        "We evaluate our method on two tasks. "
        "Units respond selectively to specific morphemes and phrases in all eight models."
    )
    summary = summarize("UnitAlign", abstract)
    for part in [summary.tldr_body, *summary.key_points]:
        assert part is not None
        assert not part.startswith(("Little is known", "The other strategy", "We evaluate our method")), part


@pytest.mark.parametrize("lead", ["For example, ", "For instance, ", "As a case study, ", "More specifically, "])
def test_a_lead_in_is_not_shown(lead: str) -> None:
    abstract = (
        "Image models are large. "
        "We propose ThinNet, a network that shares filters across layers. "
        f"{lead}ThinNet reaches 76.1% accuracy on a large image benchmark with a quarter of the parameters. "
        "ThinNet also trains twice as fast."
    )
    for part in _view("ThinNet", abstract):
        assert lead.strip(", ") not in part, part


def test_a_sequence_word_before_we_is_not_shown() -> None:
    abstract = (
        "Adaptive methods are poorly understood for min-max problems. "
        "We analyse optimistic gradient descent for a class of min-max problems. "
        "Then we propose OptiAda, an adaptive variant with an improved complexity bound. "
        "In experiments OptiAda trains adversarial networks faster than its non-adaptive counterpart."
    )
    for part in _view("OptiAda", abstract):
        assert not part.startswith("Then we"), part


def test_a_claim_keeps_only_what_was_found() -> None:
    sentence = "We find that gradient noise increases with reduced precision, and seek ways to overcome this noise."
    assert result_claim(sentence, set()) == "Gradient noise increases with reduced precision."


def test_a_factor_in_words_is_a_figure() -> None:
    sentence = "Our approach achieves a hundred-fold reduction in the space required to store the embeddings."
    assert roles.figures(sentence) == ["hundred-fold"] and roles.states_figure(sentence)


def test_the_contribution_gives_up_clauses_one_by_one_for_the_headline_figure() -> None:
    abstract = (
        "Language models trained on public data fit private messages poorly. "
        "We propose a technique that significantly improves prediction quality on private messages compared to a "
        "general model and outperforms gradient compression methods in terms of communication efficiency. "
        "The proposed procedure is fast and leads to an almost 70% perplexity reduction and 8.7 percentage point "
        "improvement in keystroke saving rate on informal texts. "
        "Finally, we show that our approach has good privacy guarantees."
    )
    body = summarize("Private Fine-tuning", abstract).tldr_body
    assert body is not None and "70%" in body and len(body.split()) <= MAX_TLDR_WORDS


def test_the_former_and_the_latter_of_an_earlier_sentence_are_not_shown() -> None:
    abstract = (
        "White-box attacks come in two paradigms, fixed-perturbation and zero-confidence attacks. "
        "While the former paradigm is well-resolved, the latter is not. "
        "Existing zero-confidence attacks either introduce large approximation errors or are too slow. "
        "We propose MarginFind, a zero-confidence attack that computes the margin accurately and fast. "
        "MarginFind computes a smaller margin than the best zero-confidence attacks."
    )
    assert all("the former" not in part for part in _view("MarginFind", abstract))


def test_a_result_that_only_says_the_method_works_is_no_key_point_while_a_finding_is_left() -> None:
    abstract = (
        "Large language models are slow on long inputs. "
        "We find that separator tokens receive most of the attention scores compared to other tokens. "
        "We propose SepNet, which compresses each segment into its separator token. "
        "Experimental results across training-free and post-training settings demonstrate SepNet's effectiveness. "
        "In streaming settings, SepNet processes sequences of four million tokens with stable perplexity."
    )
    points = summarize("SepNet", abstract).key_points
    assert points and not any("effectiveness" in point for point in points)
    assert any("four million tokens" in point or "separator tokens receive" in point for point in points)


def test_a_lead_in_ends_outside_brackets() -> None:
    abstract = (
        "Convolutional networks are vulnerable to adversarial examples and distribution shift. "
        "Motivated by the finding that humans attend to global structure (e.g., shape) for recognition while "
        "networks are biased towards texture, we propose EdgeRob, which classifies robust edge maps. "
        "EdgeRob improves robustness to adversarial examples at a small cost in clean accuracy. "
        "It also transfers to distribution shift."
    )
    body = summarize("EdgeRob", abstract).tldr_body
    assert body is not None and not body.startswith("Shape)") and "EdgeRob" in body


def test_a_contribution_based_on_earlier_findings_is_shown_without_the_lead() -> None:
    abstract = (
        "Flow models have worse likelihoods than autoregressive models. "
        "We investigate three design choices of earlier flow models: uniform dequantization, affine couplings "
        "and convolutional conditioning. "
        "Based on our findings, we propose FlowPlus, a flow model with variational dequantization. "
        "FlowPlus is the best non-autoregressive model for density estimation on image benchmarks."
    )
    body = summarize("FlowPlus", abstract).tldr_body
    assert body is not None and body.startswith("We propose FlowPlus")


def test_a_result_in_the_tldr_keeps_the_figure_it_states() -> None:
    abstract = (
        "Designing accurate networks for diverse hardware is hard because hardware designs differ. "
        "We propose GaleNAS, which searches a much larger hardware-aware space with a multistep search scheme in a "
        "coordinate ascent framework to generate models tailored to each type of hardware it is deployed on. "
        "GaleNAS reaches higher accuracy than the best mobile models on three types of hardware with lower latency "
        "according to extensive measurements on many different devices and settings of every kind. "
        "GaleNAS also reduces the training time by 54.7% on average compared to one-shot search."
    )
    body = summarize("GaleNAS", abstract).tldr_body
    assert body is not None
    assert "54.7%" in body or "reduces the training time" not in body


def test_a_second_verb_of_the_authors_is_not_part_of_their_finding() -> None:
    sentence = ("We find that picking the right value for momentum is critical for fine-tuning performance and "
                "connect it with previous theoretical findings.")
    claim = "Picking the right value for momentum is critical for fine-tuning performance."
    assert result_claim(sentence, set()) == claim


def test_a_point_may_name_what_the_tldr_above_it_introduced() -> None:
    abstract = (
        "Dense cross-layer connections raise accuracy while sparse networks lower the cost. "
        "We propose a network structure with locally dense yet externally sparse connections. "
        "This structure uses dense modules as building blocks and connects them sparsely during training. "
        "This produces networks that are both accurate and small. "
        "Experiments show that the structure reaches competitive accuracy on three benchmarks with a slim network."
    )
    points = summarize("Dense Inside, Sparse Outside", abstract).key_points
    assert any(point.startswith("This structure uses dense modules") for point in points)
    assert not any(point.startswith("This produces") for point in points)


def test_a_factor_without_a_claim_verb_is_a_headline_result() -> None:
    abstract = (
        "Acoustic models for speech recognition are too large for hearing aids. "
        "Pruning shrinks them but loses accuracy on rare words. "
        "We introduce a pruning schedule that keeps the weights rare words depend on. "
        "Specifically, we rank weights by their gradient on a held-out set of rare words. "
        "Our method is able to compress the acoustic model by more than 40×, with only a minor drop in word "
        "error rate. "
        "Experimental results also demonstrate higher accuracy than other pruning schedules."
    )
    sentences = split_sentences(abstract)
    assert roles.states_figure(sentences[4])
    body = summarize("Rare-Word-Aware Pruning", abstract).tldr_body
    assert body is not None and "40×" in body


def test_an_announcement_of_the_contributions_is_no_key_point() -> None:
    abstract = (
        "Crop yield forecasts from satellite images fail when clouds cover the fields. "
        "Existing gap-filling methods ignore the growth stage of the crop. "
        "In this work, we propose a forecasting model that fills cloudy observations with a crop growth prior. "
        "Our main contributions are two-fold. "
        "First, we derive a growth prior from weather records alone. "
        "Second, we fuse the prior with the images through a learned gate."
    )
    sentences = split_sentences(abstract)
    assert not roles.figures(sentences[3]) and not roles.states_figure(sentences[3])
    points = summarize("Cloud-Robust Yield Forecasting", abstract).key_points
    assert points and not any("two-fold" in point for point in points)


def test_a_result_point_loses_an_evaluation_lead_with_our_in_it() -> None:
    abstract = (
        "Training large graph models needs several accelerators because of their memory use. "
        "Checkpointing saves memory but doubles the compute. "
        "We introduce SlimGraph, a memory-efficient variant of message passing that recomputes only cheap messages. "
        "SlimGraph keeps the accuracy of full message passing while improving throughput. "
        "In our experiments, SlimGraph enables the training of billion-edge graph models on a single accelerator "
        "with sixteen gigabytes, and in contrast, standard trainers run out of memory under the same settings."
    )
    points = summarize("SlimGraph", abstract).key_points
    assert any(point.startswith("SlimGraph enables the training of billion-edge") for point in points)


def test_a_result_cut_down_to_a_merit_says_nothing() -> None:
    full = ("Further, we demonstrate the increased potential for analysis by applying existing probes for "
            "measuring gender bias in sentence encoders.")
    assert roles.generic("We demonstrate the increased potential for analysis.")
    assert not roles.generic(full)
    # a problem that names a merit is no result claim
    assert not roles.generic("The deficiencies of learned models have limited their utility for planning.")


def test_a_cut_keeps_a_gerund_its_verb_needs_and_no_contrast_without_verb() -> None:
    sentence = ("We argue that a better scheme can be built by letting each dispatcher have its own view of the "
                "queues and keep using the shortest queue, rather than trying to avoid starvation at every step.")
    cut = shorten(sentence, 30)
    assert cut is None or not cut.endswith("and keep.")
    sentence = ("In large clusters, classic dispatchers, such as round robin, incur a growing communication cost, "
                "whereas cheap alternatives, such as random routing, are either unstable or slow.")
    cut = shorten(sentence, 20)
    assert cut is None or not cut.endswith("whereas cheap alternatives.")


def test_a_participle_after_a_preposition_reports_no_claim() -> None:
    sentence = ("We establish the stability of every such policy and provide an easy-to-verify condition for "
                "verifying that a policy is loosely shortest.")
    assert not result_claim(sentence, set()).startswith("A policy is")


def test_a_contribution_is_not_cut_inside_its_enumeration() -> None:
    abstract = (
        "We introduce a new kind of soil moisture map that captures both (1) the fine texture of the terrain "
        "(e.g., ridges and gullies), and (2) how these patterns vary across seasons (i.e., to model drought). "
        "Our maps are learned functions of the hidden states of a deep recurrent model of satellite images. "
        "We show that the maps can be added to existing crop models and improve their forecasts in six regions. "
        "We also present an analysis showing that the hidden states of the pretrained model are crucial."
    )
    body = summarize("Seasonal Soil Moisture Maps", abstract).tldr_body
    assert body is not None
    assert "(1)" not in body or "(2)" in body


def test_a_point_loses_a_lead_that_points_back_to_both_settings() -> None:
    abstract = (
        "Storing word embeddings takes most of the memory of a small translation model. "
        "We propose to build each embedding from a few shared basis vectors chosen by a learned hash code. "
        "The codes are learned end to end with a relaxation of the discrete choice. "
        "Experiments show the embeddings shrink by 98% in a tagging task and by 95% in translation without loss. "
        "In both tasks, the proposed method can improve the model quality by slightly lowering the compression rate."
    )
    points = summarize("Hashed Basis Embeddings", abstract).key_points
    assert not any(point.startswith("In both tasks") for point in points)


def test_a_lead_inspired_by_unnamed_observations_is_dropped() -> None:
    abstract = (
        "Shared rewards make some agents lazy in cooperative traffic control, and local rewards make them selfish. "
        "We study reward design for cooperative traffic signal control. "
        "Then, inspired by some observations and considerations, we design mixed reward signals that weigh the "
        "local and the shared reward. "
        "Finally, we make the mixed rewards adaptive, which gives the shortest waiting times in our experiments."
    )
    view = summarize("Reward Design for Traffic Control", abstract)
    parts = [view.tldr_body or "", *view.key_points]
    assert not any(part.startswith(("Inspired by", "Then, inspired")) for part in parts)


def test_a_praise_word_stays_where_dropping_it_breaks_the_article_or_the_sense() -> None:
    assert readable("We build a novel GAN-based detector that uses noisy inputs.", set()).startswith(
        "We build a GAN-based detector"
    )
    # "a RND-based" would not agree; "a kind of posterior" says nothing
    assert "a novel RND-based detector" in readable("We build a novel RND-based detector from noisy inputs.", set())
    kind = readable("We show how a novel kind of prior improves the fit of sparse models.", set())
    assert "a novel kind of prior" in kind


def test_a_one_word_qualifier_in_parentheses_stays_and_an_explanation_goes() -> None:
    text = readable("We study calibration in the context of (non-Bayesian) deep classifiers (a common setting).", set())
    assert "(non-Bayesian) deep classifiers" in text and "a common setting" not in text
    assert "(e.g." not in readable("We fit a factorized prior (e.g., Gaussian) to every layer of the network.", set())


def test_dropping_a_purpose_that_points_back_keeps_the_sentence_grammatical() -> None:
    # the verb takes the purpose as its object: "We propose by ..." would be no sentence
    assert readable("We propose to address this issue by contrastive detection of unknown pixels.", set()) == (
        "We propose contrastive detection of unknown pixels."
    )
    assert readable("We aim to tackle this problem by training a second model.", set()).startswith("We aim to tackle")
    assert readable("We propose FlowNet to address this issue.", set()) == "We propose FlowNet."
    # after ';' the purpose is the point of its clause: the clause before ';' is shown instead of "...; we use X."
    point = readable("Deep models may rank noise above clean data; we use ShiftReg to mitigate this issue.", set())
    assert point == "Deep models may rank noise above clean data."


def test_a_cut_never_keeps_a_concession_without_the_claim_it_concedes_to() -> None:
    sentence = (
        "We confirm that while in some settings small networks approach the kernel limit as the width grows, "
        "with careful tuning trained networks can clearly outperform the corresponding kernel machines."
    )
    cut = shorten(sentence, 22)
    assert cut is None or "while" not in cut


def test_references_to_an_unshown_hypothesis_or_observation_dangle() -> None:
    assert refers_back("We report experiments supporting this hypothesis.")
    assert dangling("Based on the observation, we build a detector.")
    assert not dangling("Based on the observation that detectors fail on blur, we build a detector.")
    assert for_display("Based on the observation, we build a detector from blurred images.") == (
        "We build a detector from blurred images."
    )


def test_a_contribution_whose_first_verb_phrase_points_back_shows_its_second() -> None:
    abstract = (
        "Generative models are used to flag unusual inputs. "
        "However, their likelihoods favour simple inputs over complex ones. "
        "We argue that this problem is due to the influence of input complexity on likelihoods. "
        "We report experiments supporting this hypothesis, and use a compression estimate of complexity to derive "
        "a parameter-free anomaly score. "
        "The score performs comparably to or better than existing detectors on many data sets."
    )
    body = summarize("Complexity and anomaly scores", abstract).tldr_body
    assert body is not None and body.startswith("We use a compression estimate of complexity")


def test_the_tldr_adds_a_result_that_continues_the_contribution_with_it() -> None:
    abstract = (
        "Sparse priors have been used to prune the weights of neural networks. "
        "We apply and further develop this approach for gated recurrent networks. "
        "Specifically, we propose to sparsify the gate preactivations of recurrent cells. "
        "It makes some gates constant, speeds up the forward pass and improves compression. "
        "The resulting gate structure is interpretable and depends on the task."
    )
    body = summarize("Sparse gated recurrent networks", abstract).tldr_body
    assert body is not None and "speeds up the forward pass" in body


def test_a_result_without_a_claim_verb_may_lose_its_consequence_clause() -> None:
    abstract = (
        "We present local committees, a method for detecting extrapolation at test time in a pre-trained model "
        "of any architecture. "
        "We focus on underdetermination as a key part of extrapolation. "
        "Our method uses local curvature information to approximate the spread of predictions of a committee. "
        "Experimentally, we show that our method is capable of detecting when a pre-trained model is "
        "extrapolating on test data, with applications to shift detection, detecting spurious correlates, and "
        "active learning in many settings."
    )
    body = summarize("Detecting extrapolation with local committees", abstract).tldr_body
    assert body is not None and "capable of detecting when a pre-trained model is extrapolating" in body


def test_a_result_that_concedes_first_shows_the_claim_it_concedes_to() -> None:
    sentence = (
        "We confirm experimentally, that while in some settings small networks approach the kernel limit as the "
        "width grows, with careful tuning trained networks can clearly outperform the corresponding kernel machines."
    )
    assert result_claim(sentence, set()) == (
        "With careful tuning trained networks can clearly outperform the corresponding kernel machines."
    )


def test_an_overlong_contribution_ends_before_a_where_clause_rather_than_with_an_ellipsis() -> None:
    abstract = (
        "Learning in kernel models occurs through the adaptation of hyperparameters. "
        "This work considers two approximations to the intractable hyperparameter posterior, 1) Hamiltonian Monte "
        "Carlo (HMC) yielding a sampling based approximation and 2) Variational Inference (VI) where the posterior "
        "over hyperparameters is approximated by a factorized Gaussian or a full rank Gaussian accounting for "
        "correlations between hyperparameters. "
        "We analyse the predictive performance on a range of benchmark data sets."
    )
    body = summarize("Approximate inference for kernel hyperparameters", abstract).tldr_body
    assert body is not None and "…" not in body and body.endswith("2) Variational Inference (VI).")
