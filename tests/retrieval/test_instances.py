"""Which thing a question asks for, and whether a sentence names one (retrieval.instances)."""

from __future__ import annotations

import pytest

from retrieval.instances import asked_noun, enumerates, names_instance


def _names(sentence: str, question: str, noun_tokens: set[str], own: frozenset[str] = frozenset(), *,
           setting: bool = False) -> bool:
    words = {word.casefold() for word in question.split()}
    return names_instance(sentence, noun_tokens, words, own, lambda token: False, asked_noun(question) or "",
                          setting=setting)


@pytest.mark.parametrize(("question", "noun"), [
    ("which gpu did they train albert on", "gpu"),
    ("what kind of reward functions does airl recover", "functions"),
    ("what tabular domains did jonas try it on", "domains"),
    ("what does define do to transformer-xl", None),
    ("which papers use atari", None),
    ("what are the three training free uncertainty methods called", "methods"),
    ("what is the new loss called", "loss"),
    ("in the segmentation paper what dataset approximates the background distribution", "dataset"),
])
def test_the_asked_noun(question, noun):
    assert asked_noun(question) == noun


def test_a_sentence_using_the_noun_in_general_names_nothing():
    question = "which gpu did they train albert on"
    assert not _names("It becomes harder due to GPU/TPU memory limitations, longer training times, and more.",
                      question, {"gpu"})
    assert _names("It enables pretraining on a single Nvidia H100 GPU.", question, {"gpu"})


def test_an_enumeration_a_specific_modifier_or_a_number_is_an_instance():
    assert _names("It results in the emergence of diverse skills, such as walking and jumping.",
                  "what skills does it learn", {"skill"})
    assert not _names("Creatures can learn useful skills without supervision.", "what skills does it learn",
                      {"skill"})
    assert _names("AIRL is able to recover portable reward functions.", "what kind of reward functions does airl "
                  "recover", {"function"})
    assert _names("We achieve better performance at evaluation sequence length 8192.",
                  "what eval sequence length did it get to", {"length"})


def test_without_the_noun_a_sentence_must_name_or_list_something():
    question = "which tasks did they try the triad decoder on"
    assert _names("Experiments on link prediction, node clustering and graph generation show gains.", question,
                  {"task"})
    assert not _names("We propose to extend meta-learning (MAML, Finn et al., 2017) to translation.",
                      "which languages did they translate to", {"languag"})
    assert _names("In Pitfall!, our approach is the first to achieve superhuman performance.",
                  "which game did it get superhuman on", {"game"})


def test_the_papers_own_name_is_no_instance_unless_it_names_the_noun():
    own = frozenset({"diayn", "metamathqa"})
    assert not _names("We propose DIAYN, a method for learning useful skills.", "what skills does it learn",
                      {"skill"}, own)
    assert _names("We release all the MetaMathQA dataset and the models.", "what dataset did metamath release",
                  {"dataset"}, own)


def test_a_setting_is_named_where_experiments_are_not_in_a_method_name():
    question = "what dataset does the wide cnn paper get state of the art on"
    assert not _names("With careful tuning SGD-trained CNNs outperform the corresponding kernels, compared to "
                      "fully Bayesian estimation.", question, {"dataset"}, setting=True)
    assert _names("We derive the kernel and achieve state of the art results on CIFAR10.", question, {"dataset"},
                  setting=True)
    assert _names("Generative models may assign higher likelihoods to SVHN images.", "which dataset do the "
                  "models prefer", {"dataset"}, setting=True)


def test_settings_coordinated_before_the_noun_are_instances():
    assert _names("Our method gives good estimates on contextual bandit and few-shot learning benchmarks.",
                  "on which benchmarks did it do well", {"benchmark"}, setting=True)
    assert not _names("Our method is simple and gives good estimates on standard benchmarks.",
                      "on which benchmarks did it do well", {"benchmark"}, setting=True)
    assert _names("Based on experiments in realistic scenarios of signal control and cruise control, it works.",
                  "which tasks did they use", {"task"}, setting=True)


def test_an_enumeration_after_the_noun_lists_what_is_called():
    assert enumerates("We propose three simple methods to probe a network: infer-noise and infer-dropout.",
                      {"method"})
    assert not enumerates("Our methods produce comparable or better estimates than state-of-the-art methods.",
                          {"method"})
    assert not _names("It is competitive with state-of-the-art methods.", "what are the methods called",
                      {"method"})
