"""Search benchmark (not a test): our BM25 index vs plain rank-bm25 vs bm25s, on SciFact and a 100k corpus.

    python bench/search.py [--json] [--data ../shared/data/scifact]

Every engine gets the same documents (our tokens: title twice + abstract) and the same tokenized SciFact
queries, one query per call, top 10. Reported per engine and corpus size: index build time (from tokens),
queries/s, p50/p99 latency and peak memory (resident-set growth while building and querying, measured in a
fresh process per engine). The 100k-document corpus is synthesized from SciFact's tokenized documents (each
synthetic document joins the first half of one random document and the second half of another, seed 0), so
the vocabulary and term statistics stay realistic. rank-bm25 scores a query in a Python loop over every
document, so it runs fewer queries (see the ``queries`` column) in one pass; the others run every query three
times and report the fastest pass (other jobs share this 2-core machine).

"eval100k" is ``paperbot eval`` at 100,000 documents: SciFact's 5,183 documents (so its qrels still hold) plus
94,817 distractors spliced from SciFact texts (first half of one abstract's sentences + second half of
another's, seed 0), written as a BEIR corpus.jsonl. It reports the CPU time before the first query (read,
tokenize, index) and the queries/s of the whole evaluation (tokenize, feedback, top 1000, metrics), against
bm25s indexing the same tokens and retrieving the top 1000 per call in the same run.

"bm25s-batch" passes all queries in one call (bm25s's best case; its latency columns are the mean).
Rows "ours+tok" time the whole query path from the query string (tokenize, weights, score, top 10), and
"ours+rm3" adds the pseudo-relevance feedback that ``paperbot eval`` uses on large corpora.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.evaluate import load_corpus, load_queries  # noqa: E402
from retrieval.ranking import TITLE_WEIGHT, DocumentRanker  # noqa: E402
from retrieval.tokens import tokenize  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "scifact"
SYNTH_DOCS = 100_000
ENGINES = ("ours", "ours+tok", "ours+rm3", "bm25s", "bm25s-batch", "rank-bm25")
RANK_BM25_QUERIES = {"scifact": 100, "synth100k": 15}
PASSES = 3


def _rss_kib(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS counter (Linux >= 4.0) so VmHWM measures only what follows."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def synthesize(docs: list[list[str]], size: int, seed: int = 0) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    pairs = rng.integers(0, len(docs), size=(size, 2))
    out = []
    for a, b in pairs:
        first, second = docs[a], docs[b]
        out.append(first[: len(first) // 2] + second[len(second) // 2 :])
    return out


def synthesize_corpus(source: Path, target: Path, size: int = SYNTH_DOCS, seed: int = 0) -> None:
    """A BEIR corpus of ``size`` documents: the source's own, then distractors spliced from its texts."""
    from retrieval.sentences import split_sentences

    records = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    sentences = [split_sentences(record.get("text") or "") for record in records]
    rng = np.random.default_rng(seed)
    with target.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
        for i, (a, b) in enumerate(rng.integers(0, len(records), size=(size - len(records), 2))):
            first, second = sentences[a], sentences[b]
            text = " ".join(first[: len(first) // 2] + second[len(second) // 2 :])
            out.write(json.dumps({"_id": f"synth{i}", "title": records[a].get("title") or "", "text": text}) + "\n")


def run_eval_worker(corpus: Path, data: Path, engine: str) -> dict:
    """``paperbot eval``'s path at 100k documents (ours), or bm25s over the same tokens, timed in CPU seconds."""
    from retrieval.evaluate import evaluate_ranker, load_qrels
    from retrieval.ranking import document_tokens

    queries = load_queries(data / "queries-train.jsonl")
    qrels = load_qrels(data / "qrels-train.tsv")
    start = time.process_time()
    ids, titles, texts = load_corpus(corpus)
    docs = document_tokens(titles, texts)
    tokenized_s = time.process_time() - start
    row: dict = {"engine": engine, "corpus": "eval100k", "docs": len(docs), "tokenize_cpu_s": round(tokenized_s, 2)}
    if engine == "ours":
        ranker = DocumentRanker.from_tokens(docs, sources=(titles, texts))  # the acronyms of the same texts
        row["before_first_query_cpu_s"] = round(time.process_time() - start, 2)
        first = time.process_time()
        ranker.score(next(iter(queries.values())))
        row["first_query_cpu_s"] = round(time.process_time() - first, 2)
        passes = []
        for _ in range(PASSES):
            t0 = time.process_time()
            result = evaluate_ranker(ranker, ids, queries, qrels)
            passes.append(time.process_time() - t0)
        row.update(result)
        row["qps"] = round(result["queries"] / min(passes), 1)
        return row
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(docs, show_progress=False)
    row["before_first_query_cpu_s"] = round(time.process_time() - start, 2)
    query_tokens = [tokenize(queries[qid]) or [""] for qid in qrels if qid in queries]
    passes = []
    for _ in range(PASSES):
        t0 = time.process_time()
        for tokens in query_tokens:
            retriever.retrieve([tokens], k=1000, show_progress=False, n_threads=1)
        passes.append(time.process_time() - t0)
    row["queries"] = len(query_tokens)
    row["qps"] = round(len(query_tokens) / min(passes), 1)
    return row


def run_worker(payload: Path, engine: str, corpus: str) -> dict:
    with payload.open("rb") as handle:
        data = pickle.load(handle)
    docs = data["docs"] if corpus == "scifact" else synthesize(data["docs"], SYNTH_DOCS)
    query_texts: list[str] = data["query_texts"]
    query_tokens: list[list[str]] = data["query_tokens"]
    if engine == "rank-bm25":
        query_texts = query_texts[: RANK_BM25_QUERIES[corpus]]
        query_tokens = query_tokens[: RANK_BM25_QUERIES[corpus]]
    import gc

    gc.collect()
    before = _rss_kib()
    exact_peak = _reset_peak()

    start = time.perf_counter()
    search = _build(engine, docs)
    build_s = time.perf_counter() - start

    inputs = query_texts if engine in ("ours+tok", "ours+rm3") else query_tokens
    passes = [_timed_pass(engine, search, inputs) for _ in range(1 if engine == "rank-bm25" else PASSES)]
    lat = min(passes, key=lambda p: p.sum())  # the least disturbed pass: other jobs share this machine
    peak = _rss_kib("VmHWM")
    return {
        "engine": engine,
        "corpus": corpus,
        "docs": len(docs),
        "queries": len(lat),
        "build_s": round(build_s, 3),
        "qps": round(len(lat) / lat.sum(), 1),
        "p50_ms": round(float(np.percentile(lat, 50)) * 1000, 3),
        "p99_ms": round(float(np.percentile(lat, 99)) * 1000, 3),
        "peak_mib": round(max(0, peak - before) / 1024, 1),
        "peak_exact": exact_peak,
    }


def _timed_pass(engine: str, search, inputs: list) -> np.ndarray:
    if engine == "bm25s-batch":  # bm25s's best case: every query in one call; latency is the mean
        t0 = time.perf_counter()
        search(inputs)
        return np.full(len(inputs), (time.perf_counter() - t0) / len(inputs))
    latencies = []
    for query in inputs:
        t0 = time.perf_counter()
        search(query)
        latencies.append(time.perf_counter() - t0)
    return np.array(latencies)


def _build(engine: str, docs: list[list[str]]):
    if engine in ("ours", "ours+tok", "ours+rm3"):
        ranker = DocumentRanker.from_tokens(docs, feedback=engine == "ours+rm3")
        if engine == "ours":
            return lambda tokens: ranker.bm25.top_k(tokens, 10)
        return lambda text: ranker.rank(text, 10)
    if engine in ("bm25s", "bm25s-batch"):
        import bm25s

        retriever = bm25s.BM25()
        retriever.index(docs, show_progress=False)
        if engine == "bm25s-batch":
            return lambda batch: retriever.retrieve([t or [""] for t in batch], k=10, show_progress=False, n_threads=1)
        return lambda tokens: retriever.retrieve([tokens or [""]], k=10, show_progress=False, n_threads=1)
    if engine == "rank-bm25":
        from rank_bm25 import BM25Okapi

        model = BM25Okapi(docs)

        def search(tokens: list[str]):
            scores = model.get_scores(tokens)
            return np.argsort(scores)[::-1][:10]

        return search
    raise ValueError(engine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--worker", nargs=3, metavar=("PAYLOAD", "ENGINE", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--eval-worker", nargs=2, metavar=("CORPUS", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(run_worker(Path(args.worker[0]), args.worker[1], args.worker[2])))
        return 0
    if args.eval_worker:
        print(json.dumps(run_eval_worker(Path(args.eval_worker[0]), args.data, args.eval_worker[1])))
        return 0

    _, titles, texts = load_corpus(args.data / "corpus.jsonl")
    start = time.process_time()
    ranker = DocumentRanker(titles, texts, feedback=False)
    tokenize_s = time.process_time() - start
    start = time.process_time()
    DocumentRanker(titles, texts, feedback=False)
    tokenize_warm_s = time.process_time() - start
    query_texts = list(load_queries(args.data / "queries-train.jsonl").values())
    payload = {"docs": ranker.docs, "query_texts": query_texts, "query_tokens": [tokenize(q) for q in query_texts]}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "payload.pkl"
        with path.open("wb") as handle:
            pickle.dump(payload, handle)
        for corpus in ("scifact", "synth100k"):
            for engine in ENGINES:
                out = subprocess.run(
                    [sys.executable, __file__, "--worker", str(path), engine, corpus],
                    capture_output=True, text=True, check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
                )
                rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
                if not args.json:
                    print(_format_row(rows[-1]), flush=True)
        corpus_path = Path(tmp) / "corpus100k.jsonl"
        synthesize_corpus(args.data / "corpus.jsonl", corpus_path)
        for engine in ("ours", "bm25s"):
            out = subprocess.run(
                [sys.executable, __file__, "--data", str(args.data), "--eval-worker", str(corpus_path), engine],
                capture_output=True, text=True, check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            if not args.json:
                print(_format_eval_row(rows[-1]), flush=True)
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "tokenize_scifact_cpu_s": round(tokenize_s, 2),
        "tokenize_scifact_warm_cpu_s": round(tokenize_warm_s, 2),
        "rows": rows,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(
            f"tokenizing SciFact (5,183 docs, title x{TITLE_WEIGHT} + abstract, CPU): {tokenize_s:.2f} s cold, "
            f"{tokenize_warm_s:.2f} s with the word cache warm; {report['machine']}"
        )
    return 0


def _format_eval_row(row: dict) -> str:
    quality = f" ndcg@10={row['ndcg@10']:.4f} recall@100={row['recall@100']:.4f}" if "ndcg@10" in row else ""
    first = f"first-query={row['first_query_cpu_s']:>5.2f}s " if "first_query_cpu_s" in row else ""
    return (
        f"{row['corpus']:<10} {row['engine']:<10} docs={row['docs']:>6} queries={row['queries']:>4} "
        f"tokenize={row['tokenize_cpu_s']:>6.2f}s before-first-query={row['before_first_query_cpu_s']:>6.2f}s "
        f"{first}qps={row['qps']:>8.1f}{quality}"
    )


def _format_row(row: dict) -> str:
    return (
        f"{row['corpus']:<10} {row['engine']:<10} docs={row['docs']:>6} queries={row['queries']:>4} "
        f"build={row['build_s']:>7.2f}s qps={row['qps']:>9.1f} p50={row['p50_ms']:>8.3f}ms "
        f"p99={row['p99_ms']:>8.3f}ms peak={row['peak_mib']:>7.1f}MiB"
    )


if __name__ == "__main__":
    raise SystemExit(main())
