"""TL;DR benchmark on SciTLDR-A, the fit of the summariser's weights, and sentence-split agreement.

    python bench/summaries.py score [--split dev] [--baselines]   ROUGE-1/2/L F1 (multi-max, stemmed)
    python bench/summaries.py fit                                 refit retrieval/summary_weights.py on train
    python bench/summaries.py fit --cv                            5-fold cross-validation on train (writes nothing)
    python bench/summaries.py splits [--pysbd]                    agreement with SciTLDR's sentence splits

Scoring follows the SciTLDR paper: each TL;DR is scored against every target with rouge-score
(use_stemmer=True) and the target with the best ROUGE-1 F1 is kept ("multi-max"); the numbers are means x 100.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from retrieval import summarize as sm  # noqa: E402
from retrieval.sentences import split_sentences  # noqa: E402
from retrieval.text import clean_text  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "scitldr"
WEIGHTS_FILE = ROOT / "retrieval" / "summary_weights.py"
FOLDS = 5
LEXICON_MIN_COUNT = 30
LEXICON_SMOOTHING = 20.0
L2_GRID = (1e-4, 1e-3)


def load(split: str) -> list[dict]:
    with open(DATA / f"{split}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


# ---------------------------------------------------------------------------------------------------- scoring


def rouge_multimax(predictions: list[str], rows: list[dict]) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = Counter[str]()
    for prediction, row in zip(predictions, rows, strict=True):
        scores = [scorer.score(target, prediction or "") for target in row["target"]]
        best = max(scores, key=lambda s: s["rouge1"].fmeasure)
        for name in ("rouge1", "rouge2", "rougeL"):
            totals[name] += best[name].fmeasure
    return {name: 100 * totals[name] / len(rows) for name in ("rouge1", "rouge2", "rougeL")}


def _first_sentence(row: dict) -> str:
    sentences = split_sentences(clean_text(" ".join(row["source"])))
    return sentences[0] if sentences else ""


def _first_contribution(row: dict) -> str:
    sentences = split_sentences(clean_text(" ".join(row["source"])))
    index = sm.contribution_index(sentences)
    return sentences[index if index is not None else 0] if sentences else ""


def score(split: str, baselines: bool) -> None:
    rows = load(split)
    systems: dict[str, Callable[[list[dict]], list[str]]] = {}
    if baselines:
        systems["first sentence"] = lambda rs: [_first_sentence(r) for r in rs]
        systems["first 'we propose' sentence"] = lambda rs: [_first_contribution(r) for r in rs]
        systems["title"] = lambda rs: [r["title"] for r in rs]
    systems["paperbot"] = lambda rs: [out["tldr"] or "" for out in sm.summarize_rows(rs)]
    for name, system in systems.items():
        start = time.perf_counter()
        predictions = system(rows)
        elapsed = time.perf_counter() - start
        result = rouge_multimax(predictions, rows)
        words = np.mean([len(p.split()) for p in predictions])
        print(
            f"{split:5s} {name:30s} R1 {result['rouge1']:.2f}  R2 {result['rouge2']:.2f}  RL {result['rougeL']:.2f}"
            f"  words {words:.1f}  {elapsed:.2f}s for {len(rows)} papers"
        )


# ---------------------------------------------------------------------------------------------------- fitting


def _fast_r1(candidate: Counter[str], targets: list[Counter[str]]) -> float:
    """ROUGE-1 F1 multi-max on pre-tokenised text (the fit needs it for ~100k candidates; same tokens as ROUGE)."""
    best = 0.0
    size = sum(candidate.values())
    for target in targets:
        overlap = sum((candidate & target).values())
        if overlap:
            p, r = overlap / size, overlap / sum(target.values())
            best = max(best, 2 * p * r / (p + r))
    return best


def _prepared(rows: list[dict]) -> list[tuple[str, list[str]]]:
    out = []
    for row in rows:
        title = clean_text(row["title"])
        sentences = [
            s for s in split_sentences(clean_text(" ".join(row["source"])))[: sm.MAX_SENTENCES] if sm.usable(s)
        ]
        out.append((title, sentences))
    return out


def _lexicon_counts(docs: list[tuple[str, list[str]]], rows: list[dict]) -> tuple[Counter[str], Counter[str]]:
    seen, used = Counter[str](), Counter[str]()
    for (_, sentences), row in zip(docs, rows, strict=True):
        target = set(sm.tokens(row["target"][0]))
        for token in {t for s in sentences for t in sm.tokens(s)}:
            seen[token] += 1
            used[token] += token in target
    return seen, used


def _lexicon(seen: Counter[str], used: Counter[str], prior: float, min_count: int) -> dict[str, float]:
    """Smoothed log-odds that a TL;DR uses a word, given the abstract does; only words seen often enough."""
    table = {}
    for token, count in seen.items():
        if count >= min_count:
            p = (used[token] + LEXICON_SMOOTHING * prior) / (count + LEXICON_SMOOTHING)
            table[token] = round(math.log(p / (1 - p)), 3)
    return table


def _standardise(x: np.ndarray) -> tuple[np.ndarray, list[float], list[float]]:
    mean, scale = x.mean(0), x.std(0)
    scale[scale < 1e-9] = 1.0
    mean[0] = 0.0 if np.allclose(x[:, 0], 1) else mean[0]
    return (x - mean) / scale, [round(float(v), 6) for v in mean], [round(float(v), 6) for v in scale]


def _fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2) -> np.ndarray:
    coef = np.zeros(x.shape[1])
    for _ in range(30):  # Newton steps
        p = 1 / (1 + np.exp(-(x @ coef)))
        gradient = x.T @ (p - y) + l2 * coef
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(coef))
        step = np.linalg.solve(hessian, gradient)
        coef -= step
        if np.abs(step).max() < 1e-8:
            break
    return coef


def _fit_listwise(
    groups: list[tuple[np.ndarray, np.ndarray]], temperature: float, l2: float = 1e-3, start: np.ndarray | None = None
) -> np.ndarray:
    """Maximise the mean expected ROUGE-1 of a softmax choice among each paper's candidates (L-BFGS).

    The objective is smooth but not concave, so the caller tries a few temperatures and keeps the best fit on train.
    """
    from scipy.optimize import minimize

    x = np.vstack([g for g, _ in groups])
    y = np.concatenate([r for _, r in groups])
    starts = np.cumsum([0] + [len(r) for _, r in groups[:-1]])
    sizes = np.array([len(r) for _, r in groups])
    owner = np.repeat(np.arange(len(groups)), sizes)

    def objective(coef: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ coef / temperature
        s -= np.maximum.reduceat(s, starts)[owner]
        e = np.exp(s)
        p = e / np.add.reduceat(e, starts)[owner]
        expected = np.add.reduceat(p * y, starts)
        value = expected.mean() - 0.5 * l2 * coef @ coef
        gradient = x.T @ (p * (y - expected[owner])) / temperature / len(groups) - l2 * coef
        return -value, -gradient

    initial = np.zeros(x.shape[1]) if start is None else start
    return minimize(objective, initial, jac=True, method="L-BFGS-B", options={"maxiter": 500}).x


def _picked(groups: list[tuple[np.ndarray, np.ndarray]], coef: np.ndarray) -> float:
    return float(np.mean([y[int(np.argmax(g @ coef))] for g, y in groups]))


def _fit_ranker(groups: list[tuple[np.ndarray, np.ndarray]], temperatures: list[float]) -> np.ndarray:
    """One fit per (temperature, l2); their unit-norm average is steadier than any single local optimum."""
    fits = [_fit_listwise(groups, t, l2) for t in temperatures for l2 in L2_GRID]
    return sum(coef / np.linalg.norm(coef) for coef in fits)


def fit(temperatures: list[float], cross_validate: bool = False) -> None:
    """Fit the word model and the ranker on train and write the weights (or only report cross-validation)."""
    rows = load("train")
    docs = _prepared(rows)
    seen, used = _lexicon_counts(docs, rows)
    prior = sum(used.values()) / sum(seen.values())
    default = round(math.log(prior / (1 - prior)), 3)
    folds = [_lexicon_counts(docs[k::FOLDS], rows[k::FOLDS]) for k in range(FOLDS)]
    fold_lexicons = [
        _lexicon(seen - fold_seen, used - fold_used, prior, LEXICON_MIN_COUNT) for fold_seen, fold_used in folds
    ]

    # 1. word model, on out-of-fold lexical priors
    xs, ys = [], []
    for k, ((title, sentences), row) in enumerate(zip(docs, rows, strict=True)):
        if not sentences:
            continue
        lexicon = (fold_lexicons[k % FOLDS], default)
        sentence_tokens = [sm.tokens(s) for s in sentences]
        types, features = sm.word_features(title, sentences, sentence_tokens, lexicon)
        target = set(sm.tokens(row["target"][0]))
        xs.append(features)
        ys.append(np.array([t in target for t in types], dtype=float))
    x, word_mean, word_scale = _standardise(np.vstack(xs))
    word_coef = _fit_logistic(x, np.concatenate(ys))
    word_model = (word_mean, word_scale, [round(float(c), 6) for c in word_coef])

    # 2. candidate ranker
    groups_raw = []
    for k, ((title, sentences), row) in enumerate(zip(docs, rows, strict=True)):
        if not sentences:
            continue
        doc = sm.prepare(title, sentences, lexicon=(fold_lexicons[k % FOLDS], default), word_model=word_model)
        cands = sm.candidates(doc)
        targets = [Counter(sm.tokens(t)) for t in row["target"]]
        y = np.array([_fast_r1(Counter(sm.tokens(c.text)), targets) for c in cands])
        groups_raw.append((sm.candidate_features(doc, cands, sm.sentence_features(doc)), y))
    _, rank_mean, rank_scale = _standardise(np.vstack([g[0] for g in groups_raw]))
    mean, scale = np.array(rank_mean), np.array(rank_scale)
    groups = [((g - mean) / scale, y) for g, y in groups_raw]
    n_candidates = sum(len(y) for _, y in groups)
    if cross_validate:
        held_out = []
        for k in range(FOLDS):
            coef = _fit_ranker([g for i, g in enumerate(groups) if i % FOLDS != k], temperatures)
            held_out += [y[int(np.argmax(g @ coef))] for i, (g, y) in enumerate(groups) if i % FOLDS == k]
        print(f"train {FOLDS}-fold cross-validation: fast R1 of held-out picks {100 * np.mean(held_out):.2f}")
        return
    rank_coef = _fit_ranker(groups, temperatures)
    picked = _picked(groups, rank_coef)
    print(f"train: {len(groups)} papers, {n_candidates} candidates, fast R1 of picks {100 * picked:.2f}")

    lexicon = _lexicon(seen, used, prior, LEXICON_MIN_COUNT)
    _write_weights(word_model, lexicon, default, (rank_mean, rank_scale, rank_coef))


def _wrapped(opening: str, values: list[str], closing: str = "]") -> list[str]:
    """`opening v, v, ... closing` wrapped at 120 columns."""
    lines, line = [opening], "   "
    for value in values:
        if len(line) + len(value) + 2 > 118:
            lines.append(line)
            line = "   "
        line += f" {value},"
    return [*lines, line, closing]


def _write_weights(word_model, lexicon: dict[str, float], lexical_default: float, rank_model) -> None:
    def floats(name: str, values) -> list[str]:
        return _wrapped(f"{name} = [", [f"{float(v):.6g}" for v in values])

    lines = [
        '"""Weights of the TL;DR summariser, fit on SciTLDR train. Generated by `python bench/summaries.py fit`."""',
        "",
        "# fmt: off",
        *floats("WORD_MEAN", word_model[0]),
        *floats("WORD_SCALE", word_model[1]),
        *floats("WORD_WEIGHTS", word_model[2]),
        f"LEXICAL_DEFAULT = {lexical_default}",
        *_wrapped("LEXICAL_LOGODDS: dict[str, float] = {", [f"{k!r}: {v}" for k, v in sorted(lexicon.items())], "}"),
        *floats("RANK_MEAN", rank_model[0]),
        *floats("RANK_SCALE", rank_model[1]),
        *floats("RANK_WEIGHTS", rank_model[2]),
        "",
    ]
    WEIGHTS_FILE.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE} ({len(lexicon)} lexicon words)")


# ---------------------------------------------------------------------------------------------------- splits


def _boundaries(sentences: list[str]) -> tuple[str, set[int]]:
    """Sentence-end offsets in the concatenation with all whitespace removed (so both splits align)."""
    text, ends = "", set()
    for sentence in sentences:
        text += "".join(sentence.split())
        ends.add(len(text))
    ends.discard(len(text))
    return text, ends


def split_agreement(split: Callable[[str], list[str]], rows: list[dict], clean_only: bool) -> dict[str, float]:
    tp = fp = fn = exact = n = 0
    elapsed = 0.0
    for row in rows:
        if clean_only and any("\n" in s for s in row["source"]):
            continue  # SciTLDR's splitter broke these at hard line breaks: not a reference worth matching
        gold_text, gold = _boundaries(row["source"])
        start = time.perf_counter()
        ours = split(" ".join(row["source"]))
        elapsed += time.perf_counter() - start
        text, predicted = _boundaries(ours)
        if text != gold_text:
            raise AssertionError(f"splitter lost text in {row['paper_id']}")
        tp, fp, fn = tp + len(gold & predicted), fp + len(predicted - gold), fn + len(gold - predicted)
        exact += gold == predicted
        n += 1
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {
        "abstracts": n,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "exact": exact / max(n, 1),
        "ms_per_abstract": 1000 * elapsed / max(n, 1),
    }


def splits(with_pysbd: bool) -> None:
    rows = load("train") + load("dev")
    splitters: dict[str, Callable[[str], list[str]]] = {"paperbot": split_sentences}
    if with_pysbd:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False)
        splitters["pysbd"] = lambda text: [s.strip() for s in segmenter.segment(text) if s.strip()]
    for name, splitter in splitters.items():
        for clean_only in (False, True):
            result = split_agreement(splitter, rows, clean_only)
            label = "no-line-break abstracts" if clean_only else "all abstracts"
            print(
                f"{name:9s} {label:24s} n={result['abstracts']:4d}"
                f"  P {result['precision']:.3f}  R {result['recall']:.3f}"
                f"  F1 {result['f1']:.3f}  exact {result['exact']:.3f}  {result['ms_per_abstract']:.2f} ms/abstract"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command")
    score_parser = commands.add_parser("score", help="ROUGE on a SciTLDR split")
    score_parser.add_argument("--split", default="dev", choices=["dev", "train"])
    score_parser.add_argument("--baselines", action="store_true")
    fit_parser = commands.add_parser("fit", help="refit the weights on train")
    fit_parser.add_argument("--temperatures", type=float, nargs="+", default=[0.05, 0.1, 0.2])
    fit_parser.add_argument("--cv", action="store_true", help="only report 5-fold cross-validation on train")
    splits_parser = commands.add_parser("splits", help="sentence-split agreement")
    splits_parser.add_argument("--pysbd", action="store_true")
    args = parser.parse_args()
    if args.command == "fit":
        fit(args.temperatures, args.cv)
    elif args.command == "splits":
        splits(args.pysbd)
    else:
        score(getattr(args, "split", "dev"), getattr(args, "baselines", False))


if __name__ == "__main__":
    main()
