"""Paper search: BM25 over title + abstract, with snippets, filters, sorting and typo correction.

The ranking itself (fields, weights, feedback) is :mod:`retrieval.ranking`, shared with ``paperbot eval``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from retrieval.answers import PaperRef, SearchAnswer, SearchFilters, SearchHit, SortOrder, Span
from retrieval.categories import CATEGORY_NAMES
from retrieval.models import Paper
from retrieval.ranking import DocumentRanker, query_weights  # noqa: F401 (query_weights: re-exported)
from retrieval.sentences import split_sentences
from retrieval.spelling import Speller, surface_vocabulary
from retrieval.tokens import STOPWORDS, Word, normalize, strip_latex, tokenize, words

MAX_SNIPPET = 300
MAX_SUGGESTED_WORDS = 10


@dataclass
class _Sentence:
    text: str
    words: list[Word]
    is_title: bool


class PaperIndex:
    """Search over a profile's papers (title + clean abstract)."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = list(papers)
        self._abstracts = [paper.abstract or strip_latex(paper.abstract_raw) for paper in self.papers]
        self.ranker = DocumentRanker([p.title for p in self.papers], self._abstracts)
        self.bm25 = self.ranker.bm25
        self._doc_terms = [frozenset(doc) for doc in self.ranker.docs]
        self._position = {paper.id: i for i, paper in enumerate(self.papers)}
        self._sentences: dict[int, list[_Sentence]] = {}

    # ----------------------------------------------------------------- vocabulary and typo suggestions
    @cached_property
    def _surface_vocabulary(self) -> dict[str, int]:
        """Surface words (normalised, as a user types them) -> number of occurrences, parts of names included."""
        return surface_vocabulary(text for paper, abstract in zip(self.papers, self._abstracts, strict=True)
                                  for text in (paper.title, abstract))

    @cached_property
    def speller(self) -> Speller:
        """Typo correction against this index's vocabulary (the policy is `retrieval.spelling`'s)."""
        return Speller(self._surface_vocabulary, tokens=tokenize)

    def suggest(self, term: str, limit: int = 3) -> list[str]:
        """Vocabulary words closest to ``term`` by edit distance (transpositions count 1), most frequent first."""
        return self.speller.suggest(term, limit=limit)

    def _known(self, word: Word) -> bool:
        return self.ranker.expander.known(word)

    def _stem_fixed(self, word: Word) -> list[str]:
        """A typo of a form the papers do not write but the search knows by its stem ("quantizaton" when they
        write "quantized"): no surface word is near it, one edit reaches the stem."""
        fix = self.speller.stem_fix(word.surface, self.ranker.expander.knows_stem)
        return [fix] if fix else []

    def _corrected_parts(self, word: Word) -> list[str]:
        """A compound with a typo in a part ("quantizaton-aware"), with each unknown part corrected to the
        profile's word: the compound as a whole has no near word in the vocabulary, and searching it as typed
        would silently drop the misspelt part."""
        if len(word.pieces) < 2:
            return []
        vocab = self.bm25.vocab
        surface, changed = word.surface, False
        for piece in sorted(word.pieces[1:], key=lambda piece: -piece.start):
            part = word.surface[piece.start - word.start : piece.end - word.start]
            if piece.kind != "part" or piece.token in vocab or not part.isalpha() or part in self.speller:
                continue
            options = self.suggest(part, limit=1)
            if options:
                start, end = piece.start - word.start, piece.end - word.start
                surface, changed = surface[:start] + options[0] + surface[end:], True
        return [surface] if changed else []

    def _reads_as(self, surface: str, other: str) -> bool:
        """Whether the search already reads ``surface`` as ``other`` (a compound written whole, a British
        spelling): correcting it would change nothing but the message."""
        def read(text: str) -> set[str]:
            analysed = self.ranker.analyse(text)
            read = {term for term, weight in analysed.terms.items() if weight >= 1}
            read |= {phrase[0][0] for phrase, weight in analysed.phrases.items() if len(phrase) == 1 and weight >= 1}
            return read | {stem for stem, _ in analysed.forms}

        return bool(read(surface) & read(other))

    # ----------------------------------------------------------------------------------------- search
    def search(
        self, query: str, k: int = 5, filters: SearchFilters | None = None, sort: SortOrder = "relevance"
    ) -> SearchAnswer:
        """Ranked hits for ``query``; an empty query (or ``*``) lists the papers newest first."""
        filters = filters or SearchFilters()
        query = query if isinstance(query, str) else ""
        k = max(1, int(k))
        if sort not in ("relevance", "newest", "oldest"):
            sort = "relevance"
        answer = SearchAnswer(query=query, searched_query=query, filters=filters, sort=sort)
        allowed, filter_problem = self._allowed(filters)
        if query.strip() in ("", "*"):
            return self._listing(answer, allowed, k, filter_problem)

        text = strip_latex(query)
        query_words = words(text)
        if not query_words:
            answer.message = (
                "nothing to search: the query has only common words or symbols — try a topic word such as "
                f"{self._examples}"
            )
            return answer

        unknown = [w for w in query_words if not self._known(w) and any(c.isalpha() for c in w.surface)]
        for word in unknown[:MAX_SUGGESTED_WORDS]:
            options = self.suggest(word.surface) or self._corrected_parts(word) or self._stem_fixed(word)
            if options:
                answer.suggestions[word.surface] = options
        for word in query_words[:MAX_SUGGESTED_WORDS]:
            if word not in unknown and word.surface.isalpha() and word.surface not in self.speller:
                # The papers never write it, though it stems to something they have ("hierarchial" to
                # "hierarchy", "learniing" to "learn"): corrected only when the speller is sure.
                fix = self.speller.correct(word.surface)
                if fix and not self._reads_as(word.surface, fix):
                    answer.suggestions[word.surface] = [fix]

        searched_text, searched_words = text, query_words
        if answer.suggestions:
            searched_text = _replace_words(text, query_words, {w: o[0] for w, o in answer.suggestions.items()})
            searched_words = words(searched_text)
            answer.corrected = True
            answer.searched_query = searched_text

        analysed = self.ranker.analyse_words(searched_words, searched_text)
        plain = self.ranker.query_scores(analysed)
        # A match has a query word (or its acronym, long form, family, spelling); feedback (on very large
        # profiles) only reorders the matches.
        matched = np.flatnonzero((plain > 0) & allowed)
        scores = self.ranker.rescore(analysed, plain)
        weights = analysed.highlight_weights
        answer.total = len(matched)
        if answer.corrected:
            answer.message = f"showing results for “{_shorten(searched_text)}”"
        if not len(matched):
            answer.message = self._nothing_matched(query, plain, allowed, filter_problem, answer)
            return answer

        chosen = self._order(matched, scores, sort)[:k]
        answer.hits = [self._hit(int(i), float(scores[i]), searched_words, weights) for i in chosen]
        return answer

    def ranked(self, query: str, filters: SearchFilters | None = None) -> list[tuple[Paper, float]]:
        """Every paper that matches ``query`` under ``filters``, best first, with its score: `search`'s ranking
        without typo correction, snippets or a page size, for callers that weigh every match (questions)."""
        allowed, _ = self._allowed(filters or SearchFilters())
        text = strip_latex(query)
        query_words = words(text)
        if not query_words:
            return []
        analysed = self.ranker.analyse_words(query_words, text)
        plain = self.ranker.query_scores(analysed)
        matched = np.flatnonzero((plain > 0) & allowed)
        scores = self.ranker.rescore(analysed, plain)
        return [(self.papers[i], float(scores[i])) for i in self._order(matched, scores, "relevance")]

    # --------------------------------------------------------------------------------------- internals
    def _allowed(self, filters: SearchFilters) -> tuple[np.ndarray, str | None]:
        allowed = np.ones(len(self.papers), dtype=bool)
        problem = None
        if filters.category and filters.category.strip():
            codes = self._category_codes(filters.category)
            if not codes:
                known = sorted({(p.category, p.category_name) for p in self.papers})
                listed = ", ".join(f"{code} ({name})" if name != code else code for code, name in known)
                problem = f"no category “{filters.category.strip()}” — categories here: {listed}"
            allowed &= np.array([p.category.casefold() in codes for p in self.papers], dtype=bool)
        if filters.year_from is not None:
            allowed &= np.array([p.year >= filters.year_from for p in self.papers], dtype=bool)
        if filters.year_to is not None:
            allowed &= np.array([p.year <= filters.year_to for p in self.papers], dtype=bool)
        if filters.has_code is not None:
            allowed &= np.array([p.has_code == filters.has_code for p in self.papers], dtype=bool)
        if not len(self.papers):
            allowed = np.zeros(0, dtype=bool)
        return allowed, problem

    def _category_codes(self, wanted: str) -> set[str]:
        """Category codes (case-folded) named by a code or a human name, case-insensitively."""
        key = " ".join(wanted.split()).casefold()
        names = {code.casefold(): name.casefold() for code, name in CATEGORY_NAMES.items()}
        for paper in self.papers:
            names.setdefault(paper.category.casefold(), paper.category_name.casefold())
        return {code for code, name in names.items() if key in (code, name)}

    def _listing(self, answer: SearchAnswer, allowed: np.ndarray, k: int, problem: str | None) -> SearchAnswer:
        ids = np.flatnonzero(allowed)
        answer.sort = "oldest" if answer.sort == "oldest" else "newest"  # no query, no relevance: say the real order
        order = self._order(ids, np.zeros(len(self.papers)), answer.sort)
        answer.total = len(ids)
        answer.hits = [self._hit(int(i), 0.0, [], {}) for i in order[:k]]
        if problem:
            answer.message = problem
        elif not len(ids):
            answer.message = "no papers match these filters — try removing some"
        return answer

    def _order(self, ids: np.ndarray, scores: np.ndarray, sort: SortOrder) -> list[int]:
        if sort == "relevance":
            return sorted(ids.tolist(), key=lambda i: (-scores[i], i))
        sign = -1 if sort == "newest" else 1
        return sorted(ids.tolist(), key=lambda i: (sign * self.papers[i].date.toordinal(), -scores[i], i))

    def _nothing_matched(
        self, query: str, scores: np.ndarray, allowed: np.ndarray, problem: str | None, answer: SearchAnswer
    ) -> str:
        if problem:
            return problem
        shown = _shorten(query)
        if (scores > 0).any():
            return f"nothing matched “{shown}” with these filters — {int((scores > 0).sum())} papers match without them"
        if answer.suggestions:
            options = ", ".join(f"“{o[0]}”" for o in answer.suggestions.values())
            return f"nothing matched “{shown}” — try {options}"
        return f"nothing matched “{shown}” — try a broader word such as {self._examples}"

    @cached_property
    def _examples(self) -> str:
        """A few frequent title words of this profile, as search ideas."""
        counts: Counter[str] = Counter()
        for paper in self.papers:
            for word in set(normalize(w.surface) for w in words(paper.title)):
                if word not in STOPWORDS and len(word) > 3 and word.isalpha():
                    counts[word] += 1
        common = max(2, len(self.papers) // 5)  # skip words in a fifth of the titles or more: too generic
        picked = [w for w, n in counts.most_common() if n < common][:3] or [w for w, _ in counts.most_common(3)]
        picked = picked or ["diffusion", "language"]
        return ", ".join(f"“{w}”" for w in picked)

    def _sentences_of(self, position: int) -> list[_Sentence]:
        if position not in self._sentences:
            paper = self.papers[position]
            abstract = self._abstracts[position]
            found = [_Sentence(s, words(s), False) for s in split_sentences(abstract) if s.strip()]
            found.append(_Sentence(paper.title, words(paper.title), True))
            self._sentences[position] = found
        return self._sentences[position]

    def _hit(self, position: int, score: float, query_words: list[Word], weights: dict[str, float]) -> SearchHit:
        paper = self.papers[position]
        sentence, spans = self._snippet(position, weights)
        doc_terms = self._doc_terms[position]
        matched: list[str] = []
        for word in query_words:
            if word.surface not in matched and doc_terms.intersection(word.tokens):
                matched.append(word.surface)
        return SearchHit(
            paper=PaperRef.of(paper),
            title=paper.title,
            score=round(score, 4),
            snippet=sentence,
            highlights=spans,
            matched_terms=matched,
        )

    def _snippet(self, position: int, weights: dict[str, float]) -> tuple[str, list[Span]]:
        """The best-matching sentence (the title only when it beats every abstract sentence) and its matches."""
        best: _Sentence | None = None
        best_score = 0.0
        for sentence in self._sentences_of(position):
            present = {piece.token for word in sentence.words for piece in word.pieces}
            score = sum(weights[t] * self.bm25.idf[self.bm25.vocab[t]] for t in present.intersection(weights))
            if score > best_score:
                best, best_score = sentence, score
        if best is None:
            sentences = self._sentences_of(position)
            best = sentences[0]
        spans = _merge(
            [(p.start, p.end) for word in best.words for p in word.pieces if weights and p.token in weights]
        )
        return _window(best.text, spans)


def _shorten(text: str, limit: int = 80) -> str:
    """Text for a message: whitespace collapsed, cut at ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _replace_words(text: str, found: Sequence[Word], replacements: dict[str, str]) -> str:
    out: list[str] = []
    last = 0
    for word in found:
        if word.surface in replacements:
            out.append(text[last : word.start])
            out.append(replacements[word.surface])
            last = word.end
    out.append(text[last:])
    return " ".join("".join(out).split())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[Span]]:
    """Cut a long sentence to MAX_SNIPPET characters around its first match, shifting the spans."""
    if len(text) <= MAX_SNIPPET:
        return text, [Span(start=a, end=b) for a, b in spans]
    first = spans[0][0] if spans else 0
    start = max(0, first - 80)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + MAX_SNIPPET)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + MAX_SNIPPET // 2 else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    kept = [Span(start=a + shift, end=b + shift) for a, b in spans if a >= start and b <= end]
    return prefix + text[start:end] + suffix, kept

