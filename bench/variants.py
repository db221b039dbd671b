"""Variant probes (not a test): do other writings of a profile's own words keep their top hit in /papers?

    python bench/variants.py PROFILE...

For every profile named, each probe writes words of the profile another way, searches both through
``PaperIndex.search`` (the /papers path, typo correction included) and counts the variants whose top hit differs
from the word's as the papers write it ("lost") or that find nothing ("none"):

* ``british`` — every -ize/-yze/-or/-ter/-og word respelt British (-ise, -yse, -our, -tre, -ogue);
* ``acronym case`` — every acronym written in capitals, searched in lower case;
* ``compound typo`` — a letter dropped from the longer part of every hyphenated compound;
* ``typo`` — one random edit (deletion, substitution, transposition, insertion; any position) of every word of
  5+ letters that is no word of the profile nor common English.

Seeded, so a run is repeatable. Name only profiles you may look at (never a fresh or held-out one).
"""

from __future__ import annotations

import argparse
import random
import re
import string
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.index import PaperIndex  # noqa: E402
from retrieval.profile import parse_profile  # noqa: E402
from retrieval.wordstats import zipf  # noqa: E402

BRITISH = [(re.compile(pattern), replacement) for pattern, replacement in [
    (r"iz(?=e$|es$|ed$|ing$|ation$|ations$|er$|ers$)", "is"), (r"yz(?=e$|es$|ed$|ing$)", "ys"),
    (r"(?<=[a-z])or(?=s?$|ed$|ing$|al$)", "our"), (r"(?<=[^aeiou])ter(?=s?$)", "tre"), (r"og(?=s?$)", "ogue"),
]]


def probe(index: PaperIndex, pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Count variants (word, variant) whose top hit differs from the word's, and those that find nothing."""
    def top(query: str) -> str | None:
        hits = index.search(query, k=1).hits
        return hits[0].paper.id if hits else None

    counts = {"variants": 0, "lost": 0, "none": 0}
    for word, variant in pairs:
        expected = top(word)
        if expected is None:
            continue
        found = top(variant)
        counts["variants"] += 1
        counts["lost"] += found != expected
        counts["none"] += found is None
    return counts


def british(index: PaperIndex, text: str) -> Iterable[tuple[str, str]]:
    known = index.speller.counts
    for word in sorted(w for w in known if w.isalpha() and len(w) >= 5):
        for pattern, replacement in BRITISH:
            variant = pattern.sub(replacement, word)
            if variant != word and variant not in known:
                yield word, variant


def acronym_case(index: PaperIndex, text: str) -> Iterable[tuple[str, str]]:
    for acronym in sorted(set(re.findall(r"\b[A-Z]{2,}s?\b", text))):
        yield acronym, acronym.lower()


def compound_typo(index: PaperIndex, text: str) -> Iterable[tuple[str, str]]:
    rng = random.Random(0)
    for compound in sorted({m.lower() for m in re.findall(r"\b[A-Za-z]{3,}-[A-Za-z]{3,}\b", text)}):
        first, second = compound.split("-", 1)
        part = first if len(first) >= len(second) else second
        if len(part) < 6:
            continue
        cut = rng.randrange(1, len(part) - 1)
        typo = part[:cut] + part[cut + 1:]
        if typo not in index.speller.counts:
            yield compound, compound.replace(part, typo, 1)


def typo(index: PaperIndex, text: str) -> Iterable[tuple[str, str]]:
    rng = random.Random(7)
    known = index.speller.counts
    for word in sorted(w for w in known if w.isalpha() and len(w) >= 5):
        at, kind, letter = rng.randrange(len(word)), rng.randrange(4), rng.choice(string.ascii_lowercase)
        variant = [word[:at] + word[at + 1:], word[:at] + letter + word[at + 1:],
                   word[:at] + word[at + 1:at + 2] + word[at] + word[at + 2:], word[:at] + letter + word[at:]][kind]
        if variant != word and variant not in known and zipf(variant) < 3:
            yield word, variant


PROBES: dict[str, Callable[[PaperIndex, str], Iterable[tuple[str, str]]]] = {
    "british": british, "acronym case": acronym_case, "compound typo": compound_typo, "typo": typo,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.profiles:
        index = PaperIndex(parse_profile(path).papers)
        text = " ".join(f"{paper.title} {paper.abstract or ''}" for paper in index.papers)
        rows = [f"{name} {c['lost']}/{c['variants']} lost ({c['none']} none)"
                for name, make in PROBES.items() for c in [probe(index, make(index, text))]]
        print(f"{path.name:<28} " + "; ".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
