"""The automatic rubric of the `/paper` view: checks issue 10's rules on every paper of the given profiles.

    python bench/rubric.py                                  the seed and every tests/data/profiles/*.profile.txt
    python bench/rubric.py --profile PATH [--profile PATH]  other profiles
    python bench/rubric.py --scitldr dev                    SciTLDR dev abstracts as a profile (no related papers)
    python bench/rubric.py --show repeats                   also print the papers that fail one check

Counts, per profile (a rule broken is counted once per paper or per key point, as named):

* title-only TL;DR     — the displayed TL;DR adds fewer than 3 content words to the title
* long TL;DR           — more than 40 words
* untraceable words    — a displayed word (TL;DR or key point) that is not in the abstract
* repeats              — a key point whose content words are >= 60% in the TL;DR (or in an earlier point)
* near repeats         — the same at >= 50%
* dangling starts      — a TL;DR or point that points back ("this issue", "They ...", "these segments") to
                         something not shown before it (a point may name what the TL;DR above it says: "This
                         new structure ..." under a TL;DR that proposed one), or starts like a fragment
                         (lowercase, "And ...", an introductory phrase without its clause); also "Based on the
                         observation, ..." and, in the TL;DR, "an analogous/similar X" with no comparand
* headline figure      — of the abstracts whose result sentences state a figure (roles.states_figure), how many
                         show one of those figures in the TL;DR or a key point
* points               — how many papers show 0 / 1 / 2 / 3 key points; "few points" = abstracts of >= 4
                         sentences with fewer than 2
* background point     — a background sentence shown while a method or result sentence goes unshown
* vacuous part         — a TL;DR or point that says nothing specific (display_summary.vacuous: fewer than two
                         content words outside contribution and evaluation boilerplate, no figure)
* acronym unexplained  — a defined acronym whose first use in the view comes without its long form
* related hubs         — the most related-paper lists one paper appears in, and how many papers appear in more
                         than 6 (twice what full lists of 3 average)
* related reasons      — how the shown relatives are justified: a shared topic and co-authors, a topic only,
                         co-authors only; and how many named topics are not written out in both papers' text
                         (checked apart from retrieval/topics.py: the topic's letters, plural s optional, in the
                         letters of each paper's title and abstract; an acronym the paper spells out counts as a
                         miss here)
* time                 — summary CPU time per paper (process_time, best of 3 runs; mean and max)

The sentence roles come from retrieval/roles.py (the summariser reads them the same way), so the background and
headline checks share its reading; the hand-read in bench/SUMMARIES.md is the independent check.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from retrieval import acronyms, roles  # noqa: E402
from retrieval.clauses import dangling  # noqa: E402
from retrieval.display_summary import content, is_fragment, refers_back, stands_alone, vacuous  # noqa: E402
from retrieval.models import Paper  # noqa: E402
from retrieval.sentences import split_sentences  # noqa: E402
from retrieval.service import Library  # noqa: E402
from retrieval.summarize import summarize  # noqa: E402
from retrieval.text import clean_text  # noqa: E402

SEED = ROOT / "seeds" / "han-shi.profile.txt"
BUILT = sorted((ROOT / "tests" / "data" / "profiles").glob("*.profile.txt"))
SCITLDR = ROOT.parent / "shared" / "data" / "scitldr"
CHECKS = (
    "title-only TL;DR",
    "long TL;DR",
    "untraceable words",
    "repeats",
    "near repeats",
    "dangling starts",
    "few points",
    "background point",
    "vacuous part",
    "acronym unexplained",
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.lower()))


def _share(point: str, shown: str) -> float:
    words = content(point)
    return len(words & content(shown)) / len(words) if words else 0.0


# "We derive an analogous equivalence for CNNs": analogous to what, when no comparand follows. Counted here, not
# avoided by the summariser: the sentence that names the comparand rarely fits beside the contribution, and the
# alternative (a side contribution) reads worse than a mild reference back.
_COMPARISON_BACK = re.compile(r"\ban? (?:analogous|similar) [\w-]+\b(?![^,.;]{0,40}?\b(?:to|as|with)\b)", re.I)
_BAD_START = re.compile(r"^(?:[a-z]|(?:and|or|but|nor|which|that|resulting|leading|while|whereas)\b)", re.I)


def _bad_start(text: str, context: str = "") -> bool:
    return (
        not stands_alone(text, context)  # a reference back to nothing shown before, or a fragment
        or (dangling(text) and not context)
        or refers_back(text, context)
        or bool(_COMPARISON_BACK.search(text) and not context)
        or is_fragment(text)
        or bool(_BAD_START.match(text) and not text[:1].isupper())
        or bool(re.match(r"(?:and|or|but|nor|which)\b", text, re.I))
    )


@dataclass
class Tally:
    papers: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    points: Counter[int] = field(default_factory=Counter)
    figure_stated: int = 0
    figure_shown: int = 0
    seconds: list[float] = field(default_factory=list)
    failures: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, check: str, title: str) -> None:
        self.counts[check] += 1
        self.failures.setdefault(check, []).append(title)


def check_paper(title: str, abstract: str, tally: Tally) -> None:
    """Every rule of the rubric on one paper's displayed summary."""
    best = float("inf")
    for _ in range(3):  # CPU time, best of three (the machine is shared)
        start = time.process_time()
        summary = summarize(title, abstract)
        best = min(best, time.process_time() - start)
    tally.seconds.append(best)
    tally.papers += 1
    sentences = split_sentences(abstract)
    tldr, points = summary.tldr_body or "", summary.key_points
    view = [part for part in [tldr, *points] if part]
    tally.points[len(points)] += 1
    if not tldr:
        return
    if len(content(tldr) - content(title)) < 3:
        tally.fail("title-only TL;DR", title)
    if len(tldr.split()) > 40:
        tally.fail("long TL;DR", title)
    allowed = _words(abstract)
    if any(not _words(part) <= allowed for part in view):
        tally.fail("untraceable words", title)
    for k, point in enumerate(points):
        share = max(_share(point, tldr), max((_share(point, p) for p in points[:k]), default=0.0))
        if share >= 0.6:
            tally.fail("repeats", f"{title} :: {point}")
        if share >= 0.5:
            tally.fail("near repeats", f"{title} :: {point}")
    if _bad_start(tldr) or any(_bad_start(point, tldr) for point in points):
        tally.fail("dangling starts", title)
    if len(sentences) >= 4 and len(points) < 2:
        tally.fail("few points", title)
    if any(vacuous(part) for part in view):
        tally.fail("vacuous part", title)
    reading = roles.read(sentences, title)
    figure_sentences = [s for s in sentences if roles.states_figure(s)]
    if figure_sentences:
        tally.figure_stated += 1
        joined = " ".join(view)
        if any(figure in joined for s in figure_sentences for figure in roles.figures(s)):
            tally.figure_shown += 1
        else:
            tally.failures.setdefault("headline figure missing", []).append(title)
    shown_sentences = {i for i, s in enumerate(sentences) for part in view if _share(part, s) >= 0.8}
    unshown_work = [i for i, r in enumerate(reading.roles) if r in ("method", "result") and i not in shown_sentences]
    backgrounds = [i for i in shown_sentences if reading.roles[i] == "background"]
    if backgrounds and unshown_work and any(_share(p, sentences[i]) >= 0.8 for p in points for i in backgrounds):
        tally.fail("background point", title)
    joined = " ".join(view)
    for short, definition in acronyms.definitions(sentences).items():
        match = acronyms.mention(short).search(joined)
        if match and definition.long not in joined[: match.start() + 200] and f"({short})" not in joined:
            tally.fail("acronym unexplained", f"{title} :: {short}")
            break


@dataclass
class RelatedTally:
    most: int = 0  # the most lists one paper is in
    many: int = 0  # papers in more than 6 lists
    shown: float = 0.0  # relatives shown per paper
    reasons: Counter[str] = field(default_factory=Counter)  # "topic + co-authors", "topic", "co-authors"
    unwritten: list[str] = field(default_factory=list)  # named topics one of the two papers does not write out


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _writes(paper: Paper, topic: str) -> bool:
    letters = _letters(topic)
    text = _letters(f"{paper.title} {paper.abstract}")
    return letters in text or (letters.endswith("s") and letters[:-1] in text)


def related_hubs(library: Library) -> RelatedTally:
    """Hubs (the most lists one paper is in, papers in more than 6 lists — twice the 3 a paper would average if
    every list were full —, relatives shown per paper) and how the shown relatives are justified."""
    tally = RelatedTally()
    appearances: Counter[str] = Counter()
    papers = {paper.id: paper for paper in library.profile.papers}
    for paper in library.profile.papers:
        answer = library.paper(paper.id)
        if not answer.detail:
            continue
        for ref in answer.detail.related:
            appearances[ref.id] += 1
            topic = ref.reason.split("both on ", 1)[1] if "both on " in ref.reason else ""
            people = "co-author" in ref.reason
            tally.reasons["topic + co-authors" if topic and people else "topic" if topic else "co-authors"] += 1
            if topic and not (_writes(paper, topic) and _writes(papers[ref.id], topic)):
                tally.unwritten.append(f"{paper.title[:50]} -> {ref.title[:50]} :: {topic}")
    if appearances:
        tally.most, tally.many = max(appearances.values()), sum(n > 6 for n in appearances.values())
        tally.shown = sum(appearances.values()) / len(library.profile.papers)
    return tally


def report(name: str, tally: Tally, hubs: RelatedTally | None, show: str | None) -> None:
    n = tally.papers
    seconds = tally.seconds or [0.0]
    print(f"\n{name}: {n} papers")
    for check in CHECKS:
        print(f"  {check:22s} {tally.counts[check]:4d}")
    pct = 100 * tally.figure_shown / tally.figure_stated if tally.figure_stated else 100.0
    print(f"  {'headline figure':22s} {tally.figure_shown}/{tally.figure_stated} shown ({pct:.0f}%)")
    print(f"  {'points 0/1/2/3':22s} {'/'.join(str(tally.points[k]) for k in range(4))}")
    if hubs:
        print(f"  {'related hubs':22s} most lists {hubs.most}, papers in > 6 lists {hubs.many}"
              f" ({hubs.shown:.1f} shown per paper)")
        reasons = ", ".join(f"{kind} {hubs.reasons[kind]}" for kind in ("topic + co-authors", "topic", "co-authors"))
        print(f"  {'related reasons':22s} {reasons}; topic not written out in both {len(hubs.unwritten)}")
        if show == "unwritten":
            for item in hubs.unwritten:
                print(f"    - {item}")
    mean, peak = 1000 * sum(seconds) / len(seconds), 1000 * max(seconds)
    print(f"  {'time per paper':22s} mean {mean:.2f} ms, max {peak:.2f} ms")
    if show:
        for item in tally.failures.get(show, []):
            print(f"    - {item}")


def _scitldr_papers(split: str) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in (SCITLDR / f"{split}.jsonl").open(encoding="utf-8")]
    return [(clean_text(row["title"]), clean_text(" ".join(row["source"]))) for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", type=Path, action="append", help="a profile to check (repeatable)")
    parser.add_argument("--scitldr", choices=["dev", "train"], help="check SciTLDR abstracts instead")
    parser.add_argument("--show", help="print the papers failing this check (e.g. repeats, 'headline figure missing')")
    args = parser.parse_args()
    if args.scitldr:
        tally = Tally()
        for title, abstract in _scitldr_papers(args.scitldr):
            check_paper(title, abstract, tally)
        report(f"SciTLDR {args.scitldr}", tally, None, args.show)
        return
    for path in args.profile or [SEED, *BUILT]:
        library = Library.from_path(path)
        tally = Tally()
        papers: list[Paper] = library.profile.papers
        for paper in papers:
            check_paper(paper.title, paper.abstract, tally)
        report(path.name, tally, related_hubs(library), args.show)


if __name__ == "__main__":
    main()
