# ruff: noqa: E501, E701, E702, RUF005  (a data table: one question a line)
"""Write the probe question sets (tests/data/probes/*.json): questions written from the abstracts by the second
question-engine engineer before the rules were changed for them; counts, year and co-author lists are computed
here from the parsed profile, as the data README says the other sets' were.

    python tests/data/probes/make_probes.py
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from retrieval.names import same_name  # noqa: E402
from retrieval.profile import parse_profile  # noqa: E402

REF = dt.date(2026, 11, 29)

def prof(path):
    return parse_profile(ROOT / path, reference_date=REF)

def years(p, a, b=None):
    b = a if b is None else b
    return [x.id for x in p.papers if a <= x.year <= b]

def cat(p, c):
    return [x.id for x in p.papers if x.category == c]

def coauthor(p, name):
    return [x.id for x in p.papers if any(same_name(a, name) for a in x.authors)]

def first(p):
    return [x.id for x in p.papers if x.authors and same_name(x.authors[0], p.name)]

def code(p, ids=None):
    return [x.id for x in p.papers if x.has_code and (ids is None or x.id in ids)]

def F(q, sources, contains, cls, context=None):
    d = {"q": q, "type": "fact", "sources": sources, "contains": contains, "class": cls, "set": "dev"}
    if context: d["context"] = context; d["class"] = cls + ["followup"]
    return d

def L(q, sources, cls, allowed=None, context=None):
    d = {"q": q, "type": "list", "sources": sources, "class": cls, "set": "dev"}
    if allowed: d["allowed"] = allowed
    if context: d["context"] = context; d["class"] = cls + ["followup"]
    return d

def C(q, sources, cls, context=None):
    d = {"q": q, "type": "count", "value": len(sources), "sources": sources, "class": cls, "set": "dev"}
    if context: d["context"] = context; d["class"] = cls + ["followup"]
    return d

def M(q, contains, cls, context=None):
    d = {"q": q, "type": "metric", "contains": contains, "class": cls, "set": "dev"}
    if context: d["context"] = context; d["class"] = cls + ["followup"]
    return d

def P(q, source, cls):
    return {"q": q, "type": "paper", "sources": [source], "class": cls, "set": "dev"}

def CMP(q, a, b, cls):
    return {"q": q, "type": "compare", "sources": [a, b], "class": cls + ["compare"], "set": "dev"}

def H(q, cls=()):
    return {"q": q, "type": "howto", "class": ["howto", *cls], "set": "dev"}

def N(q, cls, context=None):
    d = {"q": q, "type": "not_found", "class": cls, "set": "dev"}
    if context: d["context"] = context; d["class"] = cls + ["followup"]
    return d

SECOND = ("Probe questions written by the second question-engine engineer (issue 9) from the abstracts, before "
          "changing the rules for them, in the classes of tests/data/README.md; counts computed by a script from the "
          "parsed profile. Development data, not a blind set.")


def write(slug, profile_path, questions, about=SECOND):
    data = {"about": about,
            "profile": profile_path, "reference_date": REF.isoformat(), "questions": questions}
    (ROOT / "tests/data/probes" / f"{slug}.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")

def main():
    # ------------------------------------------------------------------ jonas-eriksen
    jp = "tests/data/profiles/jonas-eriksen.profile.txt"
    j = prof(jp)
    atari = ["large-scale-study", "disagreement-regularized", "count-based-exploration", "reinforcement-learning-with-perturbed",
             "fast-task-inference", "recurrent-experience-replay"]
    jonas = [
        F("how many atari games did the perturbed rewards paper use", ["reinforcement-learning-with-perturbed"], ["five Atari games"], ["named-paper"]),
        F("what does the recurrent replay distributed dqn do on dmlab-30", ["recurrent-experience-replay"], ["DMLab-30"], ["dataset-specific", "named-paper"]),
        F("what did the curiosity paper find about random features", ["large-scale-study"], ["random features are sufficient"], ["named-paper"]),
        F("which algorithm is the model ensemble intrinsic reward combined with", ["model-ensemble-based"], ["proximal policy optimization (PPO)"], ["named-paper"]),
        F("what does diayn stand for", ["diversity-is-all"], ["Diversity is All You Need"], ["plain"]),
        F("what does HiDe combine", ["learning-functionally-decomposed"], ["image-based planning policy"], ["named-paper"]),
        F("how many extensions to ddpg did they introduce for dexterous manipulation", ["data-efficient-deep"], ["two straightforward extensions"], ["named-paper"]),
        F("which skills emerge with diayn", ["diversity-is-all"], ["walking and jumping"], ["named-paper"]),
        F("what does neurcomm reduce", ["multi-agent-reinforcement-learning-for-networked"], ["information loss and non-stationarity"], ["named-paper"]),
        F("what kind of environments was the causal influence reward tested in", ["intrinsic-social-motivation"], ["social dilemma environments"], ["named-paper"]),
        F("which platform did the coordinated exploration paper scale up to", ["coordinated-exploration"], ["VizDoom"], ["named-paper"]),
        F("what does IRL stand for", ["understanding-the-relation", "few-shot-intent"], ["Inverse Reinforcement Learning", "Inverse reinforcement learning"], ["plain"]),
        F("what robots did the koopman paper control", ["learning-compositional-koopman"], ["soft robots"], ["named-paper"]),
        F("how many states does the abstract mdp have in the long horizon exploration paper", ["learning-abstract-models"], ["10^5"], ["named-paper"]),
        F("what could the humanoid do in meta learning shared hierarchies", ["meta-learning-shared"], ["walk and crawl"], ["named-paper"]),
        F("what does vins correct", ["learning-self-correctable"], ["mistakes of the behavioral cloning policy"], ["named-paper"]),
        F("what bound does he prove for disagreement regularized imitation learning", ["disagreement-regularized"], ["regret bound"], ["named-paper", "pronoun"]),
        L("which papers are about inverse rl", ["learning-robust-rewards", "understanding-the-relation", "few-shot-intent"], ["multiword-topic"]),
        L("which papers use mujoco", ["one-demonstration"], ["dataset-specific"]),
        L("any papers on humanoids", ["hierarchical-visuomotor", "meta-learning-shared"], ["plain"]),
        L("what has he done on model-based rl", ["temporal-difference-models", "model-augmented-actor-critic", "learning-to-adapt"], ["multiword-topic", "pronoun"],
          allowed=["learning-compositional-koopman", "learning-abstract-models", "model-ensemble-based"]),
        L("papers on behavioural cloning", ["disagreement-regularized", "understanding-the-relation", "learning-self-correctable"], ["multiword-topic"]),
        L("which of his papers are about safety", ["leave-no-trace"], ["pronoun"]),
        C("how many papers did he publish in twenty twenty-five", years(j, 2025), ["year-words", "publish-verb"]),
        C("how many AI papers does jonas have", cat(j, "AI"), ["field-alias"]),
        C("how many papers did he do with noor haddad", coauthor(j, "Noor Haddad"), ["coauthor"]),
        C("how many papers between 2019 and 2021", years(j, 2019, 2021), ["preposition"]),
        M("whats jonas' citation count", ["2,874", "2874"], ["metric-spelling"]),
        M("h-idx?", ["21"], ["metric-spelling"]),
        P("what's the f-max paper about", "understanding-the-relation", ["named-paper"]),
        P("tell me about VISR", "fast-task-inference", ["named-paper"]),
        P("whats the ssoc paper", "ssoc-learning", ["named-paper"]),
        CMP("hac vs hippo, which one trains all levels simultaneously", "learning-multi-level", "sub-policy-adaptation", ["named-paper"]),
        H("how do i see his stats"),
        H("can i filter papers by year"),
        F("what skills does it learn", ["diversity-is-all"], ["walking and jumping"], ["pronoun"], context=["what is DIAYN"]),
        C("and in 2021?", years(j, 2021), ["preposition"], context=["how many papers did he put out in 2022"]),
        L("which of those are from before 2020", [x for x in atari if any(p.id.startswith(x) and p.year < 2020 for p in j.papers)], ["preposition"], context=["which papers use atari"]),
        F("what does it use to encode the state", ["learning-compositional-koopman"], ["graph neural networks"], ["pronoun"], context=["tell me about the koopman paper"]),
        N("what gpu did they use for diayn", ["dataset-specific"]),
        N("how many robots did the particle dynamics paper use", ["named-paper"]),
        N("what accuracy does AIRL get on mujoco", ["dataset-specific"]),
        N("any papers on speech recognition", ["out-of-scope"]),
        N("whats jonas's phone number", ["out-of-scope"]),
        N("who won the world cup", ["out-of-scope"]),
        N("how much faster is OPIQ than DQN", ["named-paper"]),
        N("what learning rate did ic3net use", ["named-paper"]),
    ]
    write("jonas-eriksen", jp, jonas)

    # ------------------------------------------------------------------ han-shi
    hp = "seeds/han-shi.profile.txt"
    h = prof(hp)
    han = [
        F("how much storage does difffit need", ["difffit"], ["0.12%"], ["named-paper"]),
        F("what fid does difffit get on imagenet 512", ["difffit"], ["3.02"], ["dataset-specific"]),
        F("how much does growclip improve zero-shot classification", ["growclip"], ["2.3%"], ["named-paper"]),
        F("whats growclip's recall gain on flickr30k", ["growclip"], ["1.2%"], ["dataset-specific"]),
        F("how many production pipelines was avh evaluated on", ["auto-validate"], ["2000 production data pipelines"], ["named-paper"]),
        F("how long does quickllama take to read harry potter", ["quickllama"], ["30s"], ["named-paper"]),
        F("how much does sepllm cut the kv cache", ["sepllm"], ["50%"], ["named-paper"]),
        F("what gpu does poet-x pretrain on", ["poet-x"], ["H100"], ["named-paper"]),
        F("how much inference time does vistog save", ["efficient-multi-modal"], ["27%"], ["named-paper"]),
        F("how much of the original performance does vistog keep", ["efficient-multi-modal"], ["98.1%"], ["named-paper"]),
        F("whats the consistency of grpo on mmvu", ["answer-consistent"], ["79.7%"], ["dataset-specific"]),
        F("what does ticl stand for", ["test-time-learning"], ["Test-time Interventional Causal Learning"], ["plain"]),
        F("what does fobar combine", ["forward-backward"], ["FOrward and BAckward Reasoning"], ["named-paper"]),
        F("how many spreadsheets are in the sheetdesigner dataset", ["sheetdesigner"], ["3,326"], ["named-paper"]),
        F("what did the over-smoothing paper find plays a key role", ["revisiting-over-smoothing"], ["layer normalization"], ["named-paper"]),
        F("which elements of the attention map are least important according to sparsebert", ["sparsebert"], ["diagonal elements"], ["attribution", "named-paper"]),
        F("what benchmarks was fastcode evaluated on", ["fastcode"], ["SWE-QA", "LongCodeQA"], ["named-paper"]),
        F("what does bonas use as a surrogate model", ["bridging-the-gap"], ["Graph Convolutional Network predictor"], ["named-paper"]),
        F("what tasks did diffusion of thoughts try", ["diffusion-of-thoughts"], ["multi-digit multiplication"], ["named-paper"]),
        F("how many tokens was unipool trained on", ["unipool"], ["30B tokens"], ["named-paper"]),
        F("how big were the models in the self-adjust softmax experiments", ["self-adjust-softmax"], ["2.7 billion parameters"], ["named-paper"]),
        F("which datasets did dape use", ["dape"], ["Arxiv, Books3, and CHE"], ["named-paper"]),
        L("papers about mixture of experts", ["unipool"], ["multiword-topic"]),
        L("which papers are on neural architecture search", ["autobert-zero", "bridging-the-gap"], ["multiword-topic"]),
        L("any papers on theorem proving", ["lego-prover"], ["multiword-topic"]),
        L("what has he done on positional encoding", ["dape"], ["multiword-topic", "pronoun"], allowed=["self-adjust-softmax"]),
        L("papers on chain of thought", ["diffusion-of-thoughts", "answer-consistent"], ["multiword-topic"]),
        L("list his autoregressive image generation papers", ["sjdpp", "speculative-jacobi-denoising"], ["multiword-topic", "pronoun"]),
        L("which papers did he write with chuanyang zheng", coauthor(h, "Chuanyang Zheng"), ["coauthor"]),
        C("how many papers did han publish in twenty twenty five", years(h, 2025), ["year-words", "publish-verb"]),
        C("how many nlp papers does he have", cat(h, "CL"), ["field-alias"]),
        C("how many papers between 2021 and 2023", years(h, 2021, 2023), ["preposition"]),
        C("how many papers has he got with code", code(h), ["pronoun"]),
        C("how many papers with enze xie", coauthor(h, "Enze Xie"), ["coauthor"]),
        M("h index pls", ["26"], ["metric-spelling", "filler"]),
        M("total citations?", ["1,567", "1567"], ["metric-spelling"]),
        P("what's the vistog paper about", "efficient-multi-modal", ["named-paper"]),
        P("tell me about acre", "answer-consistent", ["named-paper"]),
        P("whats the triad decoder paper", "effective-decoding", ["named-paper"]),
        CMP("compare metamath and logits-based finetuning on math benchmarks", "metamath", "logits-based", ["named-paper"]),
        H("how do i get the bibtex for a paper"),
        H("what commands are there"),
        F("what backbone did it use", ["sepllm"], ["Llama-3-8B"], ["pronoun"], context=["what is sepllm"]),
        C("what about 2025", years(h, 2025), ["preposition"], context=["how many papers in 2024"]),
        F("how much faster does it train", ["difffit"], ["2×"], ["pronoun"], context=["whats difffit"]),
        N("what bleu does sepllm get", ["named-paper"]),
        N("how many gpus did metamath use", ["named-paper"]),
        N("whats han's twitter", ["out-of-scope"]),
        N("papers on quantum computing", ["out-of-scope"]),
        N("what is dim's fid on imagenet 256", ["dataset-specific"]),
        N("how much does lego-prover improve on putnam", ["dataset-specific"]),
        N("what's the capital of france", ["out-of-scope"]),
    ]
    write("han-shi", hp, han)

    # ------------------------------------------------------------------ ines-marlow
    ip = "tests/data/profiles/ines-marlow.profile.txt"
    i = prof(ip)
    umt = ["word-translation-without", "unsupervised-neural-machine", "unsupervised-machine-translation"]
    ines = [
        F("what does define do to transformer-xl on wikitext-103", ["define"], ["by half"], ["dataset-specific"]),
        F("how much faster is mobilebert than bert base", ["mobilebert"], ["4.0×"], ["named-paper"]),
        F("how much glue does mobilebert lose", ["mobilebert"], ["0.6 GLUE score"], ["dataset-specific"]),
        F("what's the f1 of the dcn+ ensemble", ["dcnp"], ["86.0%"], ["named-paper"]),
        F("how much does word2ket reduce storage", ["word2ket"], ["hundred-fold"], ["named-paper"]),
        F("how many parallel sentences did the meta-learning nmt paper need for romanian", ["meta-learning-for-low"], ["600 parallel sentences"], ["named-paper"]),
        F("what bleu does unsupervised nmt get on german-english", ["unsupervised-neural-machine"], ["10.21"], ["dataset-specific"]),
        F("what did the hallucinations paper find reduces hallucinations", ["hallucinations"], ["data augmentation"], ["named-paper"]),
        F("what's the perplexity of adaptive inputs on billion word", ["adaptive-input"], ["23.02"], ["dataset-specific"]),
        F("what f1 does the common sense paper get on conceptnet", ["do-language-models"], ["0.912"], ["dataset-specific"]),
        F("how does the cost of dynamic convolutions scale with input length", ["pay-less-attention"], ["linearly"], ["named-paper"]),
        F("what norm did she use to measure sparsity", ["sparsity-emerges"], ["Taxi-Euclidean norm"], ["pronoun"]),
        F("which decoding methods lead to degeneration", ["the-curious-case"], ["beam search"], ["plain"]),
        F("how many movie plot pairs are in duorc", ["duorc"], ["7680"], ["named-paper"]),
        F("what does PPLM stand for", ["plug-and-play"], ["Plug and Play Language Model"], ["plain"]),
        F("what does NAT stand for", ["understanding-knowledge-distillation"], ["Non-autoregressive machine translation"], ["plain"]),
        F("what does the skt model keep track of", ["sequential-latent"], ["prior and posterior distribution over knowledge"], ["named-paper"]),
        F("what translation tasks was the fully quantized transformer evaluated on", ["fully-quantized"], ["WMT14 EN-FR"], ["named-paper"]),
        F("how much faster are adaptive embeddings to train than the character cnn", ["adaptive-input"], ["twice as fast"], ["named-paper"]),
        F("which datasets does asgen improve", ["asgen"], ["SQuAD-v1.1"], ["named-paper"]),
        F("where did the reasoning chains paper get state of the art", ["multi-hop"], ["WikiHop"], ["named-paper"]),
        F("how much inference speedup do binary/ternary lstms give", ["learning-recurrent-binary"], ["10x"], ["named-paper"]),
        L("any papers on quantization", ["fully-quantized", "compressing-word-embeddings"], ["plain"], allowed=["learning-recurrent-binary"]),
        L("which papers use wikitext-103", ["define", "adaptive-input"], ["dataset-specific"]),
        L("papers on unsupervised machine translation", umt, ["multiword-topic"]),
        L("which papers use gpt-2", ["towards-holistic"], ["dataset-specific"], allowed=["extreme-language-model"]),
        L("what did she do on summarization", ["a-deep-reinforced", "distilling-the-knowledge", "pay-less-attention"], ["pronoun"], allowed=["residual-energy"]),
        L("which papers did she write with lucia ferrand", coauthor(i, "Lucia Ferrand"), ["coauthor"]),
        C("how many papers did she publish in twenty eighteen", years(i, 2018), ["year-words", "publish-verb"]),
        C("how many nlp papers does she have", cat(i, "CL"), ["field-alias"]),
        C("how many papers between 2020 and 2022", years(i, 2020, 2022), ["preposition"]),
        C("how many papers with kenji moreau", coauthor(i, "Kenji Moreau"), ["coauthor"]),
        C("on how many papers is ines first author", first(i), ["plain"]),
        M("what's her citation count", ["2,874", "2874"], ["metric-spelling"]),
        M("h-index?", ["23"], ["metric-spelling"]),
        P("whats asgen", "asgen", ["named-paper"]),
        P("tell me about word2ket", "word2ket", ["named-paper"]),
        P("what's the nucleus sampling paper about", "the-curious-case", ["named-paper"]),
        CMP("fusionnet vs dcn+, which got a higher f1", "fusionnet", "dcnp", ["named-paper"]),
        H("how do i ask about one paper"),
        H("what can u do"),
        F("how much space does it save", ["word2ket"], ["hundred-fold"], ["pronoun"], context=["what is word2ket"]),
        C("and in 2021?", years(i, 2021), ["preposition"], context=["how many papers did she put out in 2020"]),
        L("which of them have code", code(i, {p.id for p in i.papers if any(p.id.startswith(x) for x in umt)}), ["plain"], context=["papers on unsupervised machine translation"]),
        F("how much smaller is it", ["mobilebert"], ["4.3×"], ["pronoun"], context=["tell me about mobilebert"]),
        N("what bleu does the weighted transformer get on iwslt", ["dataset-specific"]),
        N("how many gpus did albert train on", ["named-paper"]),
        N("what is ines's favourite food", ["out-of-scope"]),
        N("any papers on image classification", ["out-of-scope"]),
        N("what accuracy does elmo get on squad", ["dataset-specific"]),
        N("how many layers does mobilebert have", ["named-paper"]),
        N("what perplexity does on-lstm get", ["named-paper"]),
    ]
    write("ines-marlow", ip, ines)
    print(len(jonas), len(han), len(ines))


if __name__ == "__main__":
    main()
