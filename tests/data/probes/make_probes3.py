# ruff: noqa: E501  (a data table: one question a line)
"""Write the third-pass probe sets (tests/data/probes/<slug>-3.json): questions written from the abstracts by the
third question-engine engineer (issue 9) before running the engine on them or changing any rule for them, in the
classes of tests/data/README.md; counts, year, category and co-author lists are computed here from the parsed
profile. Development data, not a blind set.

    python tests/data/probes/make_probes3.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_probes import CMP, C, F, H, L, M, N, P, coauthor, code, prof, years
from make_probes import write as write_set


def cat(p, c, since=None):
    return [x.id for x in p.papers if x.category == c and (since is None or x.year >= since)]


def both(p, c, has_code):
    return [x.id for x in p.papers if x.category == c and x.has_code == has_code]


THIRD = ("Probe questions written by the third question-engine engineer (issue 9) from the abstracts, before running "
         "the engine on them or changing any rule for them, in the classes of tests/data/README.md; counts computed by "
         "a script from the parsed profile. Development data, not a blind set.")


def write(slug, path, questions):
    write_set(f"{slug}-3", path, questions, about=THIRD)


# ------------------------------------------------------------------ han-shi (the seed)
hp = "seeds/han-shi.profile.txt"
h = prof(hp)
han = [
    F("metamath 70b accuracy on gsm8k?", ["metamath"], ["82.3%"], ["named-paper", "dataset-specific"]),
    F("what dataset did they build for metamath", ["metamath"], ["MetaMathQA"], ["named-paper"]),
    F("how many downstream datasets did difffit use", ["difffit"], ["8 downstream datasets"], ["named-paper"]),
    F("how many production pipelines was avh evaluated on", ["auto-validate"], ["2000 production data pipelines"], ["named-paper"]),
    F("which benchmarks did rosetta use", ["continual-object"], ["COCO-VOC"], ["named-paper"]),
    F("lego prover pass rate on minif2f valid", ["lego-prover"], ["48.0% to 57.0%"], ["named-paper", "dataset-specific"]),
    F("fobar was tested on how many math data sets", ["forward-backward"], ["six standard mathematical data sets"], ["named-paper"]),
    F("what benchmarks was fastcode evaluated on", ["fastcode"], ["SWE-QA"], ["named-paper"]),
    F("what resolutions can dim generate without finetuning", ["dim-"], ["1024×1024"], ["named-paper"]),
    F("how much latency reduction does sjd++ get", ["sjdpp"], ["2× to 3×"], ["named-paper"]),
    F("how big is the logits dataset they built", ["logits-based"], ["1.2M"], ["named-paper"]),
    F("by how much does sheetdesigner beat the baselines", ["sheetdesigner"], ["22.6%"], ["named-paper"]),
    F("what does ticl stand for", ["test-time-learning"], ["Test-time Interventional Causal Learning"], ["plain"]),
    F("how many instances in the dr.mi-bench dataset", ["dr-mi-bench"], ["200 instances"], ["named-paper"]),
    F("which gpu can poet-x pretrain on", ["poet-x"], ["H100"], ["named-paper"]),
    F("how much of the original performance does vistog keep", ["efficient-multi-modal"], ["98.1%"], ["named-paper"]),
    F("how long can sepllm's streaming sequences get", ["sepllm"], ["4 million tokens"], ["named-paper"]),
    F("what tasks was diffusion of thoughts tried on", ["diffusion-of-thoughts"], ["multi-digit multiplication"], ["named-paper", "publish-verb"]),
    F("whats wrong with the decoder in graph auto-encoders", ["effective-decoding"], ["two nodes at a time"], ["plain"]),
    F("what surrogate model does bonas use", ["bridging"], ["Graph Convolutional Network predictor"], ["named-paper"]),
    F("how many tokens was unipool trained on", ["unipool"], ["30B tokens"], ["named-paper"]),
    F("what does sparsebert find about the diagonal of the attention map", ["sparsebert"], ["least important"], ["named-paper"]),
    F("what plays a key role in over-smoothing", ["revisiting-over"], ["layer normalization plays a key role"], ["plain"]),
    F("which datasets did dape use", ["dape"], ["Arxiv, Books3, and CHE"], ["named-paper"]),
    F("what does growclip use to keep the previous knowledge", ["growclip"], ["parameter inheriting with momentum"], ["named-paper"]),
    F("and what does it get on math", ["metamath"], ["19.4%"], ["pronoun", "dataset-specific"], context=["what does metamath-7b get on gsm8k"]),
    F("how much more training efficient is it than the closest competitor", ["difffit"], ["30×"], ["pronoun"], context=["tell me about difffit"]),
    L("papers on mixture of experts", ["unipool"], ["multiword-topic"]),
    L("which papers are about theorem proving", ["lego-prover"], ["multiword-topic"]),
    L("any work on knowledge distillation?", ["logits-based"], ["multiword-topic"]),
    L("what has he published on speculative decoding", ["sjdpp", "speculative-jacobi-denoising"], ["publish-verb", "pronoun"]),
    L("papers on positional encoding", ["dape"], ["multiword-topic"], allowed=["self-adjust-softmax"]),
    L("which papers are about text to image generation", ["sjdpp", "speculative-jacobi-denoising"], ["multiword-topic"]),
    L("papers with yao teng", coauthor(h, "Yao Teng"), ["coauthor"]),
    L("his 2019 papers", years(h, 2019), ["pronoun"]),
    C("how many papers did he put out in 2026", years(h, 2026), ["publish-verb"]),
    C("how many cv papers does han have", cat(h, "CV"), ["field-alias"]),
    C("how many papers have code", code(h), ["plain"]),
    C("how many papers did han write with yihang gao", coauthor(h, "Yihang Gao"), ["coauthor"]),
    C("how many papers between 2021 and 2023", years(h, 2021, 2023), ["preposition"]),
    C("and the year after?", years(h, 2025), ["relative-time"], context=["how many papers in 2024"]),
    M("hindex pls", ["26"], ["metric-spelling", "filler"]),
    M("total citations?", ["1,567", "1567"], ["metric-spelling"]),
    P("what is bonas", "bridging", ["named-paper"]),
    P("tell me about the triadic closure paper", "effective-decoding", ["named-paper"]),
    P("whats the spreadsheet layout paper about", "sheetdesigner", ["named-paper"]),
    CMP("difffit vs diffflow", "difffit", "diffflow", ["named-paper"]),
    H("what can i ask you"),
    H("how do i see his stats"),
    N("what fid does dim get on imagenet", ["dataset-specific"]),
    N("does he have papers on speech synthesis", ["out-of-scope"]),
    N("whats han's office number", ["out-of-scope"]),
    N("how many gpus did metamath use", ["named-paper"]),
    N("what bleu does sepllm get on wmt", ["dataset-specific"]),
    N("wie viele paper hat er 2024 geschrieben", ["other-language"]),
    N("what accuracy does it get on mmlu", ["dataset-specific"], context=["tell me about unipool"]),
    N("recommend me a good movie lol", ["out-of-scope"]),
]
write("han-shi", hp, han)

# ------------------------------------------------------------------ ines-marlow
ip = "tests/data/profiles/ines-marlow.profile.txt"
i = prof(ip)
ines = [
    F("how much f1 does adversarial training add in the minimal context selection paper", ["on-the-effectiveness"], ["22 points"], ["named-paper"]),
    F("what norm did they use to measure sparsity", ["sparsity-emerges"], ["Taxi-Euclidean norm"], ["plain"]),
    F("which datasets did the reasoning chains paper test on", ["multi-hop-question"], ["WikiHop and HotpotQA"], ["named-paper"]),
    F("how much do you gain if exposure bias is removed", ["quantifying-exposure"], ["3% performance gain"], ["plain"]),
    F("bert wears gloves beats which embeddings", ["bert-wears-gloves"], ["Word2Vec and GloVe"], ["named-paper"]),
    F("what translation tasks was the fully quantized transformer evaluated on", ["fully-quantized"], ["WMT14 EN-FR"], ["named-paper"]),
    F("what improvement does evidence aggregation get on quasar-t", ["evidence-aggregation"], ["8% improvement"], ["named-paper", "dataset-specific"]),
    F("which benchmarks does group-transformer use", ["group-transformer"], ["enwik8 and text8"], ["named-paper"]),
    F("what does skt stand for", ["sequential-latent"], ["sequential knowledge transformer"], ["plain"]),
    F("which benchmark did the knowledge selection paper get sota on", ["sequential-latent"], ["Wizard of Wikipedia"], ["named-paper"]),
    F("how much did sdnet's ensemble improve f1", ["sdnet"], ["2.7%"], ["named-paper"]),
    F("what reduces hallucination frequency", ["hallucinations"], ["data augmentation significantly reduces hallucination frequency"], ["plain"]),
    F("what does pplm stand for", ["plug-and-play"], ["Plug and Play Language Model"], ["plain"]),
    F("how many european languages were used as source tasks for low resource nmt", ["meta-learning-for-low"], ["eighteen European languages"], ["plain"]),
    F("how fast do adaptive input embeddings train compared to the character cnn", ["adaptive-input"], ["twice as fast"], ["named-paper"]),
    F("how much higher is the accuracy of language models on winograd", ["do-language-models"], ["11% higher"], ["dataset-specific"]),
    F("how many movie plot pairs does duorc have", ["duorc"], ["7680 pairs"], ["named-paper"]),
    F("awd-lstm perplexity on penn treebank", ["regularizing-and-optimizing"], ["57.3"], ["dataset-specific"]),
    F("how much faster does the weighted transformer converge", ["weighted-transformer"], ["15-40% faster"], ["named-paper"]),
    F("what does npmt use to model phrase structures", ["towards-neural-phrase"], ["Sleep-WAke Networks"], ["named-paper"]),
    F("by how much does word2ket shrink the embeddings", ["word2ket"], ["hundred-fold"], ["named-paper"]),
    F("how many points does it improve awd-lstm by on penn treebank", ["define"], ["4 points"], ["pronoun", "dataset-specific"], context=["tell me about define"]),
    F("what problem does it address", ["the-curious-case"], ["degeneration"], ["pronoun"], context=["what's the nucleus sampling paper about"]),
    L("papers about quantization", ["fully-quantized", "compressing-word-embeddings"], ["plain"], allowed=["learning-recurrent-binary"]),
    L("anything on common sense", ["do-language-models"], ["multiword-topic"]),
    L("which papers are about summarization", ["a-deep-reinforced"], ["plain"], allowed=["distilling-the-knowledge", "residual-energy", "pay-less-attention"]),
    L("papers on cross-lingual embeddings", ["word-translation-without"], ["multiword-topic"], allowed=["unsupervised-neural-machine", "meta-learning-for-low"]),
    L("which papers are about lstms", ["regularizing-and-optimizing", "ordered-neurons", "learning-recurrent-binary"], ["plain"], allowed=["group-transformer", "define"]),
    L("what did she write with yara haddad", coauthor(i, "Yara Haddad"), ["coauthor"]),
    L("her papers from 2017", years(i, 2017), ["preposition", "pronoun"]),
    C("how many papers did she publish in 2021", years(i, 2021), ["publish-verb"]),
    C("how many papers with code", code(i), ["plain"]),
    C("how many papers with kenji moreau", coauthor(i, "Kenji Moreau"), ["coauthor"]),
    C("how many nlp papers since 2024", cat(i, "CL", since=2024), ["field-alias", "preposition"]),
    C("and in 2020?", years(i, 2020), ["preposition"], context=["how many papers did she put out in 2019"]),
    C("how many machine learning papers", cat(i, "LG"), ["field-alias"]),
    M("citations?", ["2,874", "2874"], ["metric-spelling"]),
    M("ines h-index", ["23"], ["metric-spelling"]),
    P("tell me about fusionnet", "fusionnet", ["named-paper"]),
    P("what's the ordered neurons paper about", "ordered-neurons", ["named-paper"]),
    CMP("albert vs mobilebert", "albert", "mobilebert", ["named-paper"]),
    H("how do i search by year"),
    H("what can u do"),
    N("what accuracy does pplm get on sst", ["dataset-specific"]),
    N("any papers on image segmentation", ["out-of-scope"]),
    N("whats ines's twitter handle", ["out-of-scope"]),
    N("wie viele artikel hat sie 2019 veröffentlicht", ["other-language"]),
    N("how many gpus did mobilebert use", ["named-paper"]),
    N("what perplexity does group-transformer get on wikitext-103", ["dataset-specific"]),
    N("what rouge does it get", ["dataset-specific"], context=["tell me about albert"]),
]
write("ines-marlow", ip, ines)

# ------------------------------------------------------------------ jonas-eriksen
jp = "tests/data/profiles/jonas-eriksen.profile.txt"
j = prof(jp)
jonas = [
    F("what does the curiosity study use as the reward signal", ["large-scale-study"], ["prediction error"], ["named-paper"]),
    F("what does hac stand for", ["learning-multi-level"], ["Hierarchical Actor-Critic"], ["plain"]),
    F("what tasks did the real world robotic rl paper demonstrate on", ["the-ingredients"], ["dexterous robotic manipulation tasks"], ["named-paper"]),
    F("which starcraft scenarios did ic3net use", ["learning-when-to-communicate"], ["StarCraft BroodWars"], ["named-paper"]),
    F("what kind of reward functions does airl recover", ["learning-robust-rewards"], ["portable reward functions"], ["named-paper"]),
    F("what does asn stand for", ["action-semantics"], ["Action Semantics Network"], ["plain"]),
    F("what task can the minimal adversary agent solve", ["visual-imitation"], ["block stacking"], ["named-paper"]),
    F("what does hippo stand for", ["sub-policy"], ["Hierarchical Proximal Policy Optimization"], ["plain"]),
    F("what does tdm stand for", ["temporal-difference"], ["temporal difference models"], ["plain"]),
    F("what does vins stand for", ["learning-self-correctable"], ["Value Iteration with Negative Sampling"], ["plain"]),
    F("what camera does the humanoid use", ["hierarchical-visuomotor"], ["egocentric RGB camera"], ["plain"]),
    F("how does the recurrent replay agent do on atari-57", ["recurrent-experience"], ["quadruples the previous state of the art"], ["named-paper", "dataset-specific"]),
    F("what are isds", ["evolving-intrinsic"], ["intertemporal social dilemmas"], ["plain"]),
    F("which organisms does the altruism paper say can collaborate", ["evolving-intrinsic"], ["bacteria"], ["named-paper"]),
    F("what does disagreement-regularized imitation use as a cost", ["disagreement-regularized"], ["variance of their predictions"], ["named-paper"]),
    F("what does leave no trace learn besides the forward policy", ["leave-no-trace"], ["forward and backward policy"], ["named-paper"]),
    F("what starcraft benchmark does asn use", ["action-semantics"], ["StarCraft II micromanagement"], ["named-paper"]),
    F("how many atari games does the recurrent replay agent beat humans on", ["recurrent-experience"], ["52 of the 57"], ["named-paper"]),
    F("what kind of environments was it tested in", ["intrinsic-social-motivation"], ["social dilemma environments"], ["pronoun"], context=["tell me about the causal influence paper"]),
    F("and VINS?", ["learning-self-correctable"], ["Value Iteration with Negative Sampling"], ["named-paper"], context=["what does hac stand for"]),
    L("which papers are about intrinsic motivation", ["scheduled-intrinsic-drive", "evolving-intrinsic"], ["multiword-topic"],
      allowed=["optimistic-exploration", "intrinsic-social-motivation", "large-scale-study", "model-ensemble-based", "coordinated-exploration", "fast-task-inference"]),
    L("papers about communication between agents", ["learning-when-to-communicate", "ssoc-learning", "multi-agent-reinforcement-learning-for-networked"], ["multiword-topic"],
      allowed=["intrinsic-social-motivation"]),
    L("which papers use ppo", ["model-ensemble-based", "reinforcement-learning-with-perturbed"], ["plain"], allowed=["sub-policy"]),
    L("papers with tomas novak", coauthor(j, "Tomas Novak"), ["coauthor"]),
    L("his robotics papers with code", [x for x in code(j) if x in cat(j, "RO")], ["field-alias", "pronoun"]),
    L("which papers did he write in 2017", years(j, 2017), ["publish-verb"]),
    L("any imitation learning papers", ["disagreement-regularized", "visual-imitation", "support-guided", "one-demonstration", "self-imitation"], ["multiword-topic"],
      allowed=["learning-robust-rewards", "learning-self-correctable", "large-scale-study", "understanding-the-relation", "few-shot-intent", "discovering-motor"]),
    C("how many papers did jonas publish in 2019", years(j, 2019), ["publish-verb"]),
    C("how many multiagent papers", cat(j, "MA"), ["field-alias"]),
    C("number of papers with lena hoffmann", coauthor(j, "Lena Hoffmann"), ["coauthor"]),
    C("how many ai papers since 2021", cat(j, "AI", since=2021), ["field-alias", "preposition"]),
    C("and without code?", both(j, "RO", False), ["followup"], context=["how many robotics papers"]),
    M("jonas h index?", ["21"], ["metric-spelling"]),
    M("how many citations does he have", ["2,874", "2874"], ["metric-spelling", "pronoun"]),
    P("what's vins about", "learning-self-correctable", ["named-paper"]),
    P("explain hippo", "sub-policy", ["named-paper"]),
    P("whats the particle dynamics paper about", "learning-particle-dynamics", ["named-paper"]),
    CMP("diayn vs visr", "diversity-is-all", "fast-task-inference", ["named-paper"]),
    H("can i get papers sorted by newest"),
    H("how do i ask about one paper"),
    N("what win rate does asn get on starcraft", ["dataset-specific"]),
    N("has he done anything on protein design", ["out-of-scope"]),
    N("where is jonas based", ["out-of-scope"]),
    N("how many robots did leave no trace use", ["named-paper"]),
    N("what reward does diayn get on montezuma's revenge", ["dataset-specific"]),
    N("quantos artigos ele escreveu em 2020", ["other-language"]),
    N("how many gpus did it need", ["named-paper"], context=["tell me about hippo"]),
]
write("jonas-eriksen", jp, jonas)
