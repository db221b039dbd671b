"""Which paper a question names: by its name ("SepLLM", "OPIQ", "leave no trace") or by its title's words
("the koopman paper", "his packet routing paper", "the long horizon exploration paper").

A paper's *names* are read from the profile, never listed by hand:

* the short name its title gives before a colon ("LEGO-Prover: Neural Theorem Proving ..." -> "LEGO-Prover");
* the names its abstract coins: an acronym it defines in parentheses after words of its own title ("Fast Task
  Inference with Variational Intrinsic Successor Features": "... Successor FeatuRes (VISR)"; a general term
  such as "Markov decision process (MDP)" shares no title word and names nothing), or a name it introduces
  ("called NeurComm", "named ASN", "we propose AIRL", "presenting f-MAX"). A coined name is the paper's own
  only when at most one other paper uses it, less often, and it has three characters or more.

A name matches in any case and with the `retrieval.spelling` typo allowance ("ic3net", "hippo", "difffit").

A *title mention* is weaker evidence. It is read from one phrase of the question: the words before a cue
("the koopman paper", "the curiosity study", "the online adaptation method"), or two or more consecutive
content words ("perturbed rewards"). Each title word weighs its idf over the profile's titles (a word in one
title weighs most, "learning" next to nothing). The phrase names a paper when the words it shares with that
title outweigh every other title's by a clear margin and, without a cue, when at least two of its words are
in the title, weigh as much as one word unique to a title, and no other title has them all.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.models import Paper
from retrieval.names import name_key
from retrieval.spelling import Speller
from retrieval.tokens import tokenize
from retrieval.wordstats import zipf

MAX_NAME_WORDS = 6
ORDINARY_ZIPF = 4.3
"""A one-word name at least this common in English ("mass", "hide", "define") must be typed with a capital."""
TITLE_MARGIN = math.log(2)
"""The named title must outweigh the next one by at least this much (a word in half as many titles)."""

_NAME_LIKE = re.compile(r"^(?=.*[A-Za-z])(?:(?=(?:.*[A-Z]){2})|(?=.*\d))[\w+.\-]{2,24}$")
_DEFINED = re.compile(r"\(\s*([^\s()]{2,24})\s*\)")
_INTRODUCED = re.compile(
    r"\b(?:called|named|dubbed|termed|coined|entitled|we\s+(?:propose|introduce|present|develop|call)|presenting|"
    r"introducing)\s+[`'\"“‘]*([A-Za-z][\w+.\-]*[\w+](?:\s+[A-Za-z][\w+.\-]*[A-Z0-9][\w+.\-]*){0,2})"
)
"""A name introduced: one word, or a word and up to two more written as names ("we present Deep SAD")."""
_OWN_WORK = re.compile(r"\b(?:we|this paper|this work|our)\s+(?:\w+\s+){0,2}?(?:propose|introduce|present|develop|"
                       r"call|name|design|devise|build)\w*\b", re.IGNORECASE)
_WORD = re.compile(r"[\w][\w+.'’\-]*[\w+]|[\w]")
_RUN = re.compile(r"[\w-]+")
_CASE_TWINS = re.compile("[\u212a\u017f\u0130\u0131]")


@dataclass(frozen=True)
class NameMention:
    paper: Paper
    start: int
    end: int
    surface: str
    coined: bool  # a name the abstract coins ("OP-NAS"), not the paper's own title name ("AutoBERT-Zero")


def _is_name(token: str) -> bool:
    """A coined name: two capitals or a digit among letters ('VISR', 'IC3Net', 'f-MAX', 'SAIL')."""
    return bool(_NAME_LIKE.match(token))


def short_title_name(title: str) -> str:
    """The name a title gives before a colon, when it is short ('LEGO-Prover', 'DCN+'); '' otherwise (an
    all-capitals title of several words names nothing by its first half)."""
    head, sep, _ = title.partition(":")
    head = head.strip()
    if not sep or len(head.split()) > 4 or (head.isupper() and len(head.split()) > 1):
        return ""
    return head


def coined_names(paper: Paper, title_stems: frozenset[str] = frozenset()) -> set[str]:
    """Names the paper gives itself: its title's short name and the names its abstract coins. An acronym
    defined in parentheses counts when the words before it share a stem with `title_stems`."""
    found: set[str] = set()
    if short := short_title_name(paper.title):
        found.add(short)
    for match in _DEFINED.finditer(paper.abstract):
        token = match.group(1).strip(".,;:")
        if not _is_name(token):
            continue
        letters = max(2, min(6, sum(char.isupper() for char in token)))
        lead = paper.abstract[max(0, match.start() - 200) : match.start()]
        before = _WORD.findall(lead)[-letters:]
        sentence = re.split(r"[.!?]\s", lead)[-1]
        if set(tokenize(" ".join(before))) & title_stems or _OWN_WORK.search(sentence):
            found.add(token)
    for match in _INTRODUCED.finditer(paper.abstract):
        token = match.group(1).strip(".,;:")
        first, *rest = token.split()
        if rest and first[0].isupper() and all(_is_name(word.strip(".,;:")) for word in rest):
            found.add(" ".join([first, *(word.strip(".,;:") for word in rest)]))  # "Deep SAD"
            continue
        if _is_name(first) or (first[0].isupper() and first[1:].islower() is False and zipf(first) < 3.0):
            found.add(first)
    return found


class PaperNames:
    """The names and title words of a profile's papers, ready to be found in questions."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = list(papers)
        self._index_texts()
        self.title_terms = [frozenset(tokenize(paper.title)) for paper in self.papers]
        self.title_df = Counter(term for terms in self.title_terms for term in terms)
        common = max(2, len(self.papers) // 4)  # a stem in a quarter of the titles ("learning") says nothing
        coiners: dict[str, dict[int, str]] = {}
        for index, paper in enumerate(self.papers):
            own = frozenset(term for term in self.title_terms[index] if self.title_df[term] <= common)
            for name in coined_names(paper, own):
                if key := name_key(name):
                    coiners.setdefault(key, {})[index] = name
        # A name two papers coin ("IRL", defined by each) is a term of the field, nobody's name.
        self.names: dict[str, int] = {
            key: index for key, found in coiners.items() if len(found) == 1
            for index, name in found.items()
            if name == short_title_name(self.papers[index].title) or self._own(name, index)
        }
        ordinary = {word for paper in self.papers for word in re.findall(r"\b[a-z][a-z-]+\b", paper.abstract)}
        self.ordinary = frozenset(key for key in self.names if key in ordinary or zipf(key) >= ORDINARY_ZIPF)
        """Names that are also ordinary words, in these papers or in everyday English ("MASS" / "mass"): they count
        only typed with a capital."""
        self.title_names = frozenset(name_key(short_title_name(paper.title)) for paper in self.papers) - {""}
        one_word = Counter({key: 1 for key in self.names if " " not in key and len(key) >= 5})
        self.speller = Speller(one_word)

    def _index_texts(self) -> None:
        """Each paper's title and abstract, and how often each ASCII text has each run of word characters and
        hyphens (lower case), so that `_own` counts a name in the papers that contain it without a regex scan
        of every paper for every name (a lab of 2,000 papers made that 30 s, then 0.45 s with a word index).
        A name of word characters and hyphens only ("NeurComm", "f-MAX") is such a run wherever it occurs on
        its own; any other name ("DCN+", "GPT-3.5") is looked for only in the texts that have its first run.
        A text with a character that matches an ASCII letter only when case is ignored (the Kelvin sign, the
        long s, dotted and dotless i) is searched for every name."""
        self._texts = [f"{paper.title} {paper.abstract}" for paper in self.papers]
        self._runs: dict[str, dict[int, int]] = {}
        self._unindexed: set[int] = set()
        for position, text in enumerate(self._texts):
            if not text.isascii() and _CASE_TWINS.search(text):
                self._unindexed.add(position)
                continue
            for run, times in Counter(_RUN.findall(text.lower())).items():
                self._runs.setdefault(run, {})[position] = times

    def _uses(self, name: str) -> dict[int, int]:
        """How many times each paper's text uses `name` as a whole word (case ignored); papers without it may
        be left out."""
        first = _RUN.search(name)
        if first is None or not name.isascii():
            candidates: Iterable[int] = range(len(self.papers))
        else:
            found = self._runs.get(first.group(0).lower(), {})
            if first.group(0) == name and not self._unindexed:
                return found
            candidates = set(found) | self._unindexed
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
        return {position: len(pattern.findall(self._texts[position])) for position in candidates}

    def _own(self, name: str, index: int) -> bool:
        """The coined name is this paper's: three characters or more, and used by at most one other paper,
        less often than here."""
        if len(name) < 3:
            return False
        uses = self._uses(name)
        others = [count for position, count in uses.items() if position != index and count]
        return len(others) <= 1 and sum(others) <= max(uses.get(index, 0), 1)

    def find_names(self, text: str) -> list[NameMention]:
        """Papers named in `text` by one of their names, longest first, without overlaps."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        found: list[NameMention] = []
        taken: set[int] = set()
        for size in range(min(MAX_NAME_WORDS, len(tokens)), 0, -1):
            for i in range(len(tokens) - size + 1):
                if taken.intersection(range(i, i + size)):
                    continue
                key = name_key(" ".join(token[2] for token in tokens[i : i + size]))
                key = re.sub(r"\s+s$", "", key)  # "SAIL's"
                index = self.names.get(key)
                if index is not None and key in self.ordinary and text[tokens[i][0]:tokens[i + size - 1][1]].islower():
                    index = None  # "dot product" is not DoT
                if index is None and size == 1 and key not in self.speller and len(key) >= 5:
                    corrected = self.speller.correct(key)
                    index = self.names.get(corrected) if corrected else None
                if index is not None:
                    start, end = tokens[i][0], tokens[i + size - 1][1]
                    coined = name_key(short_title_name(self.papers[index].title)) != self._key_of(key, index)
                    found.append(NameMention(self.papers[index], start, end, text[start:end], coined))
                    taken.update(range(i, i + size))
        return sorted(found, key=lambda mention: mention.start)

    def _key_of(self, key: str, index: int) -> str:
        """The stored name `key` matched (itself, or the name a typo of it was corrected to)."""
        return key if key in self.names else (self.speller.correct(key) or key)

    def written_together(self, word: str, following: str) -> bool:
        """Whether some paper writes `word` right before `following` ("WMT 2014", "COCO 2017"), case ignored."""
        first, second = self._runs.get(word.lower(), {}), self._runs.get(following.lower(), {})
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}[\s'’-]{{0,2}}{re.escape(following)}(?![\w-])",
                             re.IGNORECASE)
        candidates = (set(first) & set(second)) | self._unindexed
        return any(pattern.search(self._texts[position]) for position in candidates)

    def names_of(self, paper: Paper) -> frozenset[str]:
        """The names `paper` goes by, lower case ("diayn", "lego-prover"): its own, never an instance of anything."""
        if not hasattr(self, "_by_paper"):
            by_paper: dict[str, set[str]] = {}
            for key, index in self.names.items():
                by_paper.setdefault(self.papers[index].id, set()).add(key)
            self._by_paper = {paper_id: frozenset(keys) for paper_id, keys in by_paper.items()}
        return self._by_paper.get(paper.id, frozenset())

    def idf(self, term: str) -> float:
        df = self.title_df.get(term, 0)
        return math.log(len(self.papers) / df) if df else 0.0

    def by_title(self, terms: Iterable[str], cue: bool = False, exclude: frozenset[str] = frozenset()
                 ) -> tuple[Paper, frozenset[str]] | None:
        """The paper whose title a phrase's index terms describe (see the module docstring), with the terms
        that matched, or None. Papers in `exclude` (already named) are not candidates."""
        wanted = frozenset(terms)
        if not wanted or len(self.papers) < 2:
            return None
        scored = []
        for index, title in enumerate(self.title_terms):
            if self.papers[index].id in exclude:
                continue
            matched = wanted & title
            if matched:
                scored.append((sum(self.idf(term) for term in matched), index, matched))
        if not scored:
            return None
        scored.sort(key=lambda item: (-item[0], item[1]))
        best_score, best, matched = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if best_score - runner_up < TITLE_MARGIN:
            return None
        distinct = not any(matched <= self.title_terms[other] for _, other, _ in scored[1:])  # none has them all
        unique_weight = math.log(len(self.papers))
        if cue and best_score >= 0.5 * unique_weight:
            return self.papers[best], matched
        if distinct and len(matched) >= 2 and best_score >= unique_weight:
            return self.papers[best], matched
        return None
