"""The sentence index questions are answered from, and how a question's topic words are weighed against it.

`AskIndex` holds every abstract sentence (BM25 over sentences, and over papers with the title counted twice),
the index terms of each sentence and paper, and the document frequencies the weights come from.

A question's topic words become *concepts*: each has its index tokens (the whole word and, for a compound such
as "MetaMath-13B", its pieces), the abstract wordings that answer it ("faster" is answered by "speed-up"), and a
weight — its idf over the papers times its specificity in everyday English (`retrieval.topicality`), so "mamba"
weighs more than "results". *Coverage* is the weighted share of the concepts a text contains: the measure every
decline decision uses.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.bm25 import BM25
from retrieval.expansion import QueryExpander
from retrieval.expansion import _reads_as_acronym as reads_as_acronym  # the search's one rule for it
from retrieval.models import Paper
from retrieval.phrases import PhraseIndex
from retrieval.sentences import split_sentences
from retrieval.tokens import strip_latex, tokenize, whole_tokens, words
from retrieval.topicality import specificity

_LETTERS_DIGITS = re.compile(r"[a-z]{2,}\d+|\d+[a-z]{2,}")
PERCENT = "%percent"
"""A pseudo-term every sentence with a percentage has: it answers "what fraction" and "what percentage"."""
PIECE_CREDIT = 0.5
TOGETHER = 4
"""Two words of a topic are used together when they stand at most this many index tokens apart (stopwords are
not tokens: "communication between agents" is two apart, "compressing the word embeddings ... models" four)."""
SPECIFIC_SHARE = 20
"""A word in at most one paper in this many (two at least) is specific: it needs no neighbour to name a topic."""
DERIVATION_MIN_STEM = 5
"""Derivations are looked for from stems of this length ("use" is not "user")."""
DERIVATION_MIN_BASE = 4
DERIVATION_ENDINGS = ("t", "ag", "enc", "anc", "at", "ion", "ment", "ur", "al")
"""Derivational endings Snowball leaves on a stem, so that two words of one family stem apart: "reduc" + "t"
(reduce, reduction), "stor(e)" + "ag" (store, storage), "emerg" + "enc" (emerge, emergence)."""
"""Credit for a compound word ("MetaMath-13B") found only through its pieces ("metamath")."""


EXPANSIONS: dict[str, tuple[str, ...]] = {
    "faster": ("fast", "speed", "speedup", "acceler", "effici", "latenc"),
    "fast": ("speed", "speedup", "acceler", "latenc", "faster"),
    "quicker": ("fast", "speed", "speedup", "acceler"),
    "quick": ("fast", "speed", "acceler"),
    "speed": ("speedup", "fast", "acceler"),
    "speedup": ("speed", "acceler", "fast", "faster"),
    "better": ("improv", "outperform", "superior", "better"),
    "cheaper": ("cost", "effici", "reduc"),
    "smaller": ("small", "reduc", "compress"),
    "accur": ("accuraci",),
    "accuraci": ("accur",),
    "slower": ("slow",),
    "save": ("reduc", "reduct", "sav"),
    "cut": ("reduc", "reduct"),
    "lower": ("reduc", "reduct", "low"),
    "decreas": ("reduc", "reduct"),
    "big": ("larg", "scale", "size", "paramet"),
    "math": ("mathemat",),
    "maths": ("mathemat", "math"),
    "larger": ("larg", "scale"),
    "bigger": ("larg", "scale"),
    "beat": ("outperform", "surpass", "exceed", "better", "improv"),
    "beats": ("outperform", "surpass", "exceed", "better", "improv"),
    "lose": ("loss", "drop", "degrad", "lower"),
    "hurt": ("degrad", "harm", "drop", "wors", "hurt"),
    "sota": ("stateoftheart", "state", "art"),
    "param": ("paramet",),
    "params": ("paramet",),
    "fix": ("allevi", "address", "mitig", "solv", "overcom", "remedi", "resolv", "tackl"),
    "fixes": ("allevi", "address", "mitig", "solv", "overcom", "remedi", "resolv", "tackl"),
    "gpus": ("gpu",),
    "improv": ("increas", "boost", "enhanc", "outperform", "gain", "better"),
    "increas": ("improv", "boost", "gain", "higher"),
    "keep": ("maintain", "retain", "preserv"),
    "need": ("requir",),
    "shrink": ("compress", "reduc", "smaller"),
    "help": ("improv", "benefit"),
    # What a paper was evaluated on is named in many ways: one asked for may be answered by any of them.
    "dataset": ("benchmark", "task", "experi", "experiment", "evalu", "corpus", "corpora"),
    "task": ("dataset", "benchmark", "experi", "experiment", "evalu"),
    "benchmark": ("dataset", "task", "experi", "experiment", "evalu"),
    "environ": ("benchmark", "task", "domain", "game", "experi", "experiment", "evalu"),
    "domain": ("benchmark", "task", "environ", "experi", "experiment"),
    "fraction": (PERCENT, "ratio", "proport", "share"),
    "percentag": (PERCENT, "ratio", "proport"),
    "percent": (PERCENT, "ratio", "proport"),
    "proport": (PERCENT, "ratio", "fraction"),
    "evalu": ("experi", "experiment", "benchmark", "dataset", "task", "environ", "test"),
    "perf": ("perform",),
    "acc": ("accuraci",),
    "env": ("environ", "benchmark", "task", "domain", "game", "experi", "experiment", "evalu"),
    "envs": ("environ", "benchmark", "task", "domain", "game", "experi", "experiment", "evalu"),
    "eval": ("evalu", "experi", "experiment", "benchmark", "dataset", "task", "environ", "test"),
    "evals": ("evalu", "experi", "experiment", "benchmark", "dataset", "task", "environ", "test"),
}
"""Stemmed question word -> stems that answer it in abstract language ("faster" is answered by "speed-up")."""


@dataclass(frozen=True)
class Concept:
    """One content word of the question: its index tokens, what else covers it, and its idf weight.

    `alternatives` are other tokens that say the same (an answer wording, the other spelling, a word of the
    same family: "reduce" / "reduction"); `long_forms` are what an acronym stands for in these papers ("rl" ->
    reinforcement learning), each as its words' whole tokens."""

    surface: str
    whole: str
    pieces: tuple[str, ...]
    alternatives: tuple[str, ...]
    weight: float
    long_forms: tuple[tuple[str, ...], ...] = ()

    @property
    def query_tokens(self) -> tuple[str, ...]:
        return (self.whole, *self.pieces, *self.alternatives, *(token for form in self.long_forms for token in form))

    @property
    def firsts(self) -> frozenset[str]:
        """Tokens the concept starts with in a text: itself, an alternative, a long form's first word."""
        return frozenset((self.whole, *self.alternatives, *self.pieces[:1], *(form[0] for form in self.long_forms)))

    @property
    def lasts(self) -> frozenset[str]:
        """Tokens the concept ends with in a text: itself, an alternative, a long form's last word."""
        return frozenset((self.whole, *self.alternatives, *self.pieces[-1:], *(form[-1] for form in self.long_forms)))

    def credit(self, terms: frozenset[str]) -> float:
        """1 when the text has the word (or an accepted alternative, or an acronym's long form), partial credit
        for pieces alone."""
        if self.whole in terms or any(alt in terms for alt in self.alternatives):
            return 1.0
        if any(all(token in terms for token in form) for form in self.long_forms):
            return 1.0
        if self.pieces:
            return PIECE_CREDIT * sum(piece in terms for piece in self.pieces) / len(self.pieces)
        return 0.0


def coverage(
    concepts: Sequence[Concept],
    terms: frozenset[str],
    context: frozenset[str] = frozenset(),
    context_credit: float = 0.0,
    own: frozenset[str] = frozenset(),
) -> float:
    """Idf-weighted share of the concepts the text (as a set of index tokens) covers, in [0, 1]. A concept only
    found in `context` (the rest of the paper) earns `context_credit` instead of full credit, unless its token is
    in `own`: what the question asks for ("which GPU") must be in the text itself."""
    total = sum(concept.weight for concept in concepts)
    if total <= 0:
        return 0.0
    earned = 0.0
    for concept in concepts:
        credit = concept.credit(terms)
        if credit < 1 and context_credit and context and concept.whole not in own:
            credit = max(credit, context_credit * concept.credit(context))
        earned += concept.weight * credit
    return earned / total


class AskIndex:
    """Sentence-level and paper-level BM25 over the profile, built once per profile."""

    def __init__(self, papers: Sequence[Paper], expander: QueryExpander | None = None) -> None:
        """`expander` is the search index's query analysis (`retrieval.expansion`): its spellings, word families
        and acronyms widen what covers a question's word, so questions and /papers read words alike."""
        self.papers = list(papers)
        self.expander = expander
        title_tokens = [tokenize(paper.title) for paper in self.papers]
        abstract_tokens = [tokenize(paper.abstract) for paper in self.papers]
        self._streams = list(zip(title_tokens, abstract_tokens, strict=True))
        self._positions: dict[int, tuple[dict[str, list[int]], dict[str, list[int]]]] = {}
        self._variants: dict[str, tuple[str, ...]] = {}
        self.title_terms = [frozenset(tokens) for tokens in title_tokens]
        self.title_wholes = [frozenset(whole_tokens(strip_latex(paper.title))) for paper in self.papers]
        """The title's words as whole words ("metamath", not its piece "math")."""
        pairs = list(zip(title_tokens, abstract_tokens, strict=True))
        self.paper_terms = [frozenset(title) | frozenset(abstract) for title, abstract in pairs]
        # The title counts twice: it names what the paper is about more reliably than any abstract sentence.
        self.paper_bm25 = BM25([title * 2 + abstract for title, abstract in pairs])
        self.sentences: list[str] = []
        self.sentence_paper: list[int] = []
        sentence_tokens: list[list[str]] = []
        for index, paper in enumerate(self.papers):
            for sentence in split_sentences(paper.abstract):
                tokens = tokenize(_URL.sub(" ", sentence))  # a URL's words ("DiffusionMamba") say nothing
                if tokens:
                    self.sentences.append(sentence)
                    self.sentence_paper.append(index)
                    sentence_tokens.append(tokens)
        self.sentence_bm25 = BM25(sentence_tokens or [[]], keep_positions=True)
        self.sentence_phrases = PhraseIndex(self.sentence_bm25)
        """Where the question's adjacent words stand next to each other in a sentence."""
        self._wholes: dict[int, frozenset[str]] = {}
        self.sentence_own_terms = [
            frozenset(tokens) | ({PERCENT} if "%" in sentence or "percent" in sentence.casefold() else frozenset())
            for tokens, sentence in zip(sentence_tokens, self.sentences, strict=True)
        ]
        self.sentence_paper_arr = np.asarray(self.sentence_paper, dtype=np.int64)
        self._position = {paper.id: i for i, paper in enumerate(self.papers)}
        self.doc_freq: Counter[str] = Counter(itertools.chain.from_iterable(self.paper_terms))

    def token_positions(self, position: int) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """Where each token stands in the paper's title and in its abstract (positions in its token stream)."""
        found = self._positions.get(position)
        if found is None:
            found = self._positions[position] = tuple(_positions(stream) for stream in self._streams[position])
        return found

    def used_together(self, concepts: Sequence[Concept], position: int) -> bool:
        """Whether the paper uses a topic of several words as one: two neighbouring words of it (through an
        alternative or an acronym's long form) stand within `TOGETHER` tokens of each other, in either order,
        in the title or in the abstract — every such pair but one for a topic of three words or more, and a
        word few papers use (`specific`) needs no neighbour. "State space models" is not a paper with "search
        space" and "models" apart; "compressing models" is about "model compression" and "compressing the
        models"."""
        if len(concepts) < 2:
            return True
        fields = self.token_positions(position)
        together = sum(self.specific(first) or self.specific(second) or any(_near(first, second, found)
                                                                              for found in fields)
                       for first, second in itertools.pairwise(concepts))
        return together >= max(1, len(concepts) - 2)

    def specific(self, concept: Concept) -> bool:
        """A word few papers use ("parameter-efficient"): it names the topic wherever it stands in a paper."""
        return self.specific_token(concept.whole)

    def specific_token(self, token: str) -> bool:
        return 0 < self.doc_freq.get(token, 0) <= max(2, len(self.papers) // SPECIFIC_SHARE)

    def sentence_wholes(self, i: int) -> frozenset[str]:
        """Sentence `i`'s words as whole words: "MetaMath-70B" is "metamath70b", never its piece "math" (built
        when a question first needs it: only sentences that are candidate quotes ever do)."""
        found = self._wholes.get(i)
        if found is None:
            found = self._wholes[i] = frozenset(whole_tokens(strip_latex(self.sentences[i])))
        return found

    def sentence_terms(self, i: int) -> frozenset[str]:
        """Sentence `i`'s terms with its paper's title terms: a quote is shown with its title, so the title's
        words count as covered by the quote."""
        return self.sentence_own_terms[i] | self.title_terms[self.sentence_paper[i]]

    def position(self, paper_id: str) -> int:
        return self._position[paper_id]

    def title_terms_of(self, paper_id: str) -> frozenset[str]:
        position = self._position.get(paper_id)
        return self.title_terms[position] if position is not None else frozenset()

    def idf(self, term: str) -> float:
        """Lucene's always-positive idf over the papers; a term no paper has gets the highest value."""
        n = len(self.papers)
        df = self.doc_freq.get(term, 0)
        return math.log1p((n - df + 0.5) / (df + 0.5))

    def concepts(self, text: str, ignore: Iterable[str] = ()) -> list[Concept]:
        """The words of a topic as weighted concepts, in order (`ignore` stems dropped, each word once)."""
        skip = frozenset(ignore)
        found: dict[str, Concept] = {}
        for word in words(strip_latex(text)):
            tokens = word.tokens
            whole = tokens[0]
            if whole in skip or whole in found:
                continue
            pieces = tuple(token for token in tokens[1:] if token not in skip)
            if not pieces and _LETTERS_DIGITS.fullmatch(whole):
                pieces = tuple(re.findall(r"[a-z]+|\d+", whole))  # "wmt14" as written "WMT'14"
            found[whole] = Concept(
                surface=word.surface,
                whole=whole,
                pieces=pieces,
                alternatives=tuple(dict.fromkeys(EXPANSIONS.get(whole, ()) + self.plural_forms(whole)
                                                 + self.superlatives(whole) + self.variants(word.surface, whole))),
                weight=self.idf(whole) * specificity(word.surface.casefold()),
                long_forms=self.long_forms(word.surface, whole),
            )
        return list(found.values())

    def variants(self, surface: str, token: str) -> tuple[str, ...]:
        """Indexed tokens of the same word written otherwise: the other spelling ("behaviour"), a word of its
        family ("sparse" / "sparsity", from the search's analysis) or a derivation (`derivations`: "reduce" /
        "reduction", "storage" / "store")."""
        key = f"{surface.casefold()} {token}"
        cached = self._variants.get(key)
        if cached is not None:
            return cached
        found: list[str] = []
        if self.expander is not None:
            found += self.expander.spellings(surface, token) + self.expander.family(token)
        if len(token) >= DERIVATION_MIN_STEM and token.isalpha():
            found += self.derivations(token)
        result = self._variants[key] = tuple(dict.fromkeys(t for t in found if t != token))
        return result

    def derivations(self, token: str) -> list[str]:
        """Indexed stems of the same word with another derivational ending (`DERIVATION_ENDINGS`): "reduc" /
        "reduct", "store" / "storag", "emerg" / "emergenc" (Snowball leaves these apart), not "theorem" /
        "theoret"; one ending swapped for another only on a base longer than four letters ("variat" is not
        "varianc": variational is not variance)."""
        bases = [token, token[:-1]] if token.endswith("e") else [token]
        stripped: set[str] = set()
        for ending in DERIVATION_ENDINGS:
            if token.endswith(ending) and len(token) - len(ending) >= DERIVATION_MIN_BASE:
                bases += [token[: -len(ending)], token[: -len(ending)] + "e"]
                stripped.add(token[: -len(ending)])
        found = []
        for base in dict.fromkeys(bases):
            swap = base not in stripped or len(base) > DERIVATION_MIN_BASE
            for ending in ("", *(DERIVATION_ENDINGS if swap else ())):
                other = base + ending
                if other != token and other in self.doc_freq:
                    found.append(other)
        return found

    def long_forms(self, surface: str, token: str) -> tuple[tuple[str, ...], ...]:
        """What an acronym stands for in these papers ("rl" -> reinforcement learning), as whole tokens; none for
        a word that is everyday English when typed in lower case ("act")."""
        if self.expander is None or not (reads_as_acronym(surface) or self.expander.written_as_acronym(surface, token)):
            return ()
        table = self.expander.acronyms
        return tuple(tuple(word[0] for word in table.words(form) if word) for form, _ in table.meanings(token))

    def superlatives(self, token: str) -> tuple[str, ...]:
        """'hardest' for 'hard', 'biggest' for 'big' when the papers use that form: the stemmer leaves a
        superlative whole, so "the hard games" would never match "the hardest games". (Not "-er": "learner" and
        "transformer" are no degrees of "learn" and "transform".)"""
        if not token.isalpha() or len(token) < 3:
            return ()
        forms = [token + "est", token + token[-1] + "est"]
        return tuple(form for form in forms if form in self.doc_freq)

    def plural_forms(self, token: str) -> tuple[str, ...]:
        """'gpu' for 'gpus' and 'llms' for 'llm' when the papers use that form: the stemmer leaves acronyms'
        plurals alone, so 'LLMs' and 'LLM' would otherwise never match."""
        other = token[:-1] if token.endswith("s") and len(token) > 3 else token + "s"
        return (other,) if other in self.doc_freq and other != token else ()

    def paper_scores(self, concepts: Sequence[Concept]) -> np.ndarray:
        return self.paper_bm25.scores(query_terms(concepts))

    def sentence_scores(self, concepts: Sequence[Concept]) -> np.ndarray:
        return self.sentence_bm25.scores(query_terms(concepts))

    def phrase_scores(self, concepts: Sequence[Concept]) -> np.ndarray:
        """Share of the question's adjacent word pairs ("code reasoning") found adjacent in each sentence."""
        pairs = [(a.whole, b.whole) for a, b in itertools.pairwise(concepts)]
        out = np.zeros(len(self.sentences))
        for pair in pairs:
            ids, _ = self.sentence_phrases.sequence(pair)
            out[ids] += 1
        return out / len(pairs) if pairs else out


def _positions(stream: Sequence[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for at, token in enumerate(stream):
        found.setdefault(token, []).append(at)
    return found


def _near(first: Concept, second: Concept, positions: dict[str, list[int]]) -> bool:
    """Some token of `first` within `TOGETHER` positions of some token of `second`."""
    mine = sorted(at for token in first.query_tokens for at in positions.get(token, ()))
    theirs = sorted(at for token in second.query_tokens for at in positions.get(token, ()))
    if not mine or not theirs:
        return False
    for at in mine:
        index = bisect.bisect_left(theirs, at - TOGETHER)
        if index < len(theirs) and theirs[index] <= at + TOGETHER:
            return True
    return False


def query_terms(concepts: Sequence[Concept]) -> dict[str, float]:
    """BM25 query weights: each concept's own tokens count fully, its alternatives at half weight."""
    weights: dict[str, float] = {}
    for concept in concepts:
        for token in (concept.whole, *concept.pieces):
            weights[token] = max(weights.get(token, 0.0), 1.0)
        for token in concept.alternatives:
            weights[token] = max(weights.get(token, 0.0), 0.5)
    return weights


_URL = re.compile(r"https?://\S+|\bgithub\.com/\S+")
