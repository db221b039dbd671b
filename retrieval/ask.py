"""Answer a question in plain words from the profile alone — no language model, nothing made up.

`answer_question(parts, question)` classifies the question (`retrieval.questions`) and answers it:

* **fact** — BM25 over every abstract sentence, combined with the sentence's paper's own BM25 score, and the
  1–3 best sentences quoted with their paper as the source;
* **list** — the papers whose text covers the topic, each with its TL;DR;
* **stats** — read from the profile's record (`Library.stats()`), or a stated fact about one named paper;
* **not_found** — when nothing supports an answer, said plainly, with a /papers search to try.

The decline rule is one principled measure, not per-question tuning: the *idf-weighted coverage* of the
question's content words. Each word of the question is a concept weighted by its inverse document frequency
over the papers (a word no paper uses gets the highest weight). A sentence (read together with its paper's
title) or a paper supports the answer only when the concepts it contains carry at least `FACT_COVERAGE` /
`LIST_COVERAGE` of the question's total weight. So "protein folding" or "the capital of France", whose rare
words appear nowhere, are declined; "reinforcement learning for robotics" is declined because "robotics",
its rarest word, is missing even though "reinforcement learning" occurs. Generic question words ("reach",
"paper", the owner's name) carry no topic and are left out of the measure; a few comparatives ("faster")
count as covered by their nouns ("speed-up").
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import OSA

from retrieval.answers import AskAnswer, AskContext, ListedPaper, PaperRef, Quote, StatsAnswer
from retrieval.bm25 import BM25
from retrieval.cleaning import MAX_QUESTION_CHARS
from retrieval.index import PaperIndex
from retrieval.lookup import TitleLookup
from retrieval.models import Paper, Profile
from retrieval.names import same_name
from retrieval.questions import Question, classify
from retrieval.sentences import split_sentences
from retrieval.summarize import Summary
from retrieval.tokens import normalize, stem, strip_latex, tokenize, words

FACT_COVERAGE = 0.64
"""Share of the question's idf weight a quoted sentence (with its paper's title) must contain. Calibrated once on
the calibration questions: the middle of the gap between the best-covered unanswerable question (0.60, "What
accuracy does MetaMath reach on ImageNet?") and the worst-covered answerable one (0.68)."""
LIST_COVERAGE = 0.64
"""Share of the topic's idf weight a listed paper (title and abstract) must contain."""
PAPER_WEIGHT = 0.5
"""How much the paper's own BM25 score (normalised to the best paper) adds to a sentence's (normalised) score."""
PHRASE_WEIGHT = 0.25
"""Bonus for a sentence that has the question's adjacent words next to each other, as a phrase."""
QUOTE_RATIO = 0.75
"""A second or third quote must score (sentence, paper and phrase score) at least this share of the first."""
QUOTE_OWN_RATIO = 0.5
"""...and its own sentence score at least this share of the first quote's: the paper's score cannot carry it."""
MAX_QUOTES = 3
MAX_LISTED = 10
LISTED_RATIO = 0.2
"""A listed paper must score at least this share of the best paper's BM25 score (drops stray matches)."""
VAGUE_WEIGHT = 2.0
"""A fact question whose concepts weigh less than this in total (only common words) is answered with a list."""
PIECE_CREDIT = 0.5
"""Credit for a compound word ("MetaMath-13B") found only through its pieces ("metamath")."""


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(normalize(word)) for word in text.split())


FILLER: frozenset[str] = _stems(
    """
    paper papers publication publications article articles work works research researcher author authors
    publish published tell know mean means meaning explain describe description reach reaches reached get gets
    got obtain obtains much many number result results exactly really main idea ideas key contribution
    contributions propose proposes proposed introduce introduces introduced call called name named kind type
    summary summarize summarise brief briefly overview happen happens help helps say says said claim claims
    please thank thanks hi hello hey bot find show give list like wonder curious anything something someone
    stand stands problem problems solve solves solved address addresses tackle tackles need needs needed read
    known report reports reported state states stated use uses used using achieve achieves achieved
    make makes made
    """
)
"""Generic question words: they say what is asked, not what it is about, so coverage ignores them."""

EXPANSIONS: dict[str, tuple[str, ...]] = {
    "faster": ("fast", "speed", "speedup", "acceler", "effici"),
    "quicker": ("fast", "speed", "speedup", "acceler"),
    "quick": ("fast", "speed", "acceler"),
    "speed": ("speedup", "fast", "acceler"),
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
    "big": ("larg", "scale", "size"),
    "math": ("mathemat",),
    "maths": ("mathemat", "math"),
    "larger": ("larg", "scale"),
    "bigger": ("larg", "scale"),
}
"""Stemmed question word -> stems that answer it in abstract language ("faster" is answered by "speed-up")."""


@dataclass(frozen=True)
class Concept:
    """One content word of the question: its index tokens, what else covers it, and its idf weight."""

    surface: str
    whole: str
    pieces: tuple[str, ...]
    alternatives: tuple[str, ...]
    weight: float

    @property
    def query_tokens(self) -> tuple[str, ...]:
        return (self.whole, *self.pieces, *self.alternatives)

    def credit(self, terms: frozenset[str]) -> float:
        """1 when the text has the word (or an accepted alternative), partial credit for pieces alone."""
        if self.whole in terms or any(alt in terms for alt in self.alternatives):
            return 1.0
        if self.pieces:
            return PIECE_CREDIT * sum(piece in terms for piece in self.pieces) / len(self.pieces)
        return 0.0


def coverage(concepts: Sequence[Concept], terms: frozenset[str]) -> float:
    """Idf-weighted share of the concepts the text (as a set of index tokens) covers, in [0, 1]."""
    total = sum(concept.weight for concept in concepts)
    if total <= 0:
        return 0.0
    return sum(concept.weight * concept.credit(terms) for concept in concepts) / total


class AskIndex:
    """Sentence-level and paper-level BM25 over the profile, built once per profile."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = list(papers)
        title_tokens = [tokenize(paper.title) for paper in self.papers]
        abstract_tokens = [tokenize(paper.abstract) for paper in self.papers]
        self.title_terms = [frozenset(tokens) for tokens in title_tokens]
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
        self.sentence_bm25 = BM25(sentence_tokens or [[]])
        self.sentence_pairs = [frozenset(itertools.pairwise(tokens)) for tokens in sentence_tokens]
        # A quote is shown with its paper's title, so the title's words count as covered by the quote.
        self.sentence_terms = [
            frozenset(tokens) | self.title_terms[paper]
            for tokens, paper in zip(sentence_tokens, self.sentence_paper, strict=True)
        ]
        self.sentence_paper_arr = np.asarray(self.sentence_paper, dtype=np.int64)
        self._position = {paper.id: i for i, paper in enumerate(self.papers)}
        self.doc_freq: Counter[str] = Counter(term for terms in self.paper_terms for term in terms)

    def title_terms_of(self, paper_id: str) -> frozenset[str]:
        position = self._position.get(paper_id)
        return self.title_terms[position] if position is not None else frozenset()

    def idf(self, term: str) -> float:
        """Lucene's always-positive idf over the papers; a term no paper has gets the highest value."""
        n = len(self.papers)
        df = self.doc_freq.get(term, 0)
        return math.log1p((n - df + 0.5) / (df + 0.5))

    def concepts(self, text: str, ignore: Iterable[str] = ()) -> list[Concept]:
        """The content words of a question as weighted concepts (generic words and `ignore` stems dropped)."""
        skip = FILLER | frozenset(ignore)
        found: dict[str, Concept] = {}
        for word in words(strip_latex(text)):
            tokens = word.tokens
            whole = tokens[0]
            if whole in skip or whole in found:
                continue
            pieces = tuple(token for token in tokens[1:] if token not in skip)
            found[whole] = Concept(
                surface=word.surface,
                whole=whole,
                pieces=pieces,
                alternatives=EXPANSIONS.get(whole, ()) + self.plural_forms(whole),
                weight=self.idf(whole),
            )
        return list(found.values())

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
        if not pairs:
            return out
        for i, sentence_pairs in enumerate(self.sentence_pairs):
            out[i] = sum(pair in sentence_pairs for pair in pairs)
        return out / len(pairs)


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


@dataclass(frozen=True)
class AskParts:
    """What the question engine reads: the profile, its indexes, the titles, stats and summaries.

    The facade (`retrieval.service.Library`) builds these once and hands them down; the engine never calls
    back into it."""

    profile: Profile
    search: PaperIndex
    sentences: AskIndex
    titles: TitleLookup
    stats: Callable[[], StatsAnswer]
    summary: Callable[[Paper], Summary]


def ask_index(parts: AskParts) -> AskIndex:
    return parts.sentences


# --- helpers ---------------------------------------------------------------------------------------------------


def short_title(paper: Paper | PaperRef) -> str:
    """'MetaMath' for 'MetaMath: Bootstrap …'; the full title when it has no short name."""
    head, sep, _ = paper.title.partition(":")
    return head.strip() if sep and len(head.split()) <= 4 else paper.title


def author_list(paper: Paper) -> str:
    """'A, B, C et al.' or 'A, B and C.', ending with exactly one full stop."""
    if paper.authors_truncated:
        return ", ".join(paper.authors) + " et al."
    if len(paper.authors) > 1:
        return ", ".join(paper.authors[:-1]) + f" and {paper.authors[-1]}."
    return (paper.authors[0] if paper.authors else "unknown authors") + "."


def tldr_of(parts: AskParts, paper: Paper) -> str | None:
    return parts.summary(paper).tldr_body


def listed(parts: AskParts, papers: Iterable[Paper]) -> list[ListedPaper]:
    return [ListedPaper(paper=PaperRef.of(paper), tldr=tldr_of(parts, paper)) for paper in papers]


def owner_stems(owner: str) -> frozenset[str]:
    return frozenset(token for token in tokenize(owner))


def search_suggestion(concepts: Sequence[Concept]) -> str:
    words_ = [concept.surface for concept in concepts][:6]
    if not words_:
        return "Try /papers with a few keywords, or /help to see what I can answer."
    return f"Try a keyword search: /papers {' '.join(words_)}"


def categories_of(parts: AskParts) -> dict[str, str]:
    return {paper.category: paper.category_name for paper in parts.profile.papers}


def passes_filters(paper: Paper, question: Question, owner: str) -> bool:
    if question.year_from is not None and paper.year < question.year_from:
        return False
    if question.year_to is not None and paper.year > question.year_to:
        return False
    if question.category is not None and paper.category != question.category:
        return False
    if question.has_code and not paper.has_code:
        return False
    if question.coauthor and not any(same_name(author, question.coauthor) for author in paper.authors):
        return False
    if question.paper_ids is not None and paper.id not in question.paper_ids:
        return False
    return not question.first_author or bool(paper.authors and same_name(paper.authors[0], owner))


def filters_phrase(question: Question, parts: AskParts) -> str:
    """The filters in words: ' from 2024', ' in Computer Vision with code', for answer texts."""
    words_: list[str] = []
    if question.category:
        words_.append(f"in {categories_of(parts).get(question.category, question.category)}")
    if question.year_from is not None and question.year_from == question.year_to:
        words_.append(f"from {question.year_from}")
    elif question.year_from is not None and question.year_to is not None:
        words_.append(f"from {question.year_from} to {question.year_to}")
    elif question.year_from is not None:
        words_.append(f"since {question.year_from}")
    elif question.year_to is not None:
        words_.append(f"up to {question.year_to}")
    if question.has_code:
        words_.append("with code")
    if question.first_author:
        words_.append(f"with {parts.profile.name} as first author")
    if question.coauthor:
        words_.append(f"with {question.coauthor}")
    return (" " + " ".join(words_)) if words_ else ""


def not_found(question: Question, parts: AskParts, concepts: Sequence[Concept], what: str = "that") -> AskAnswer:
    return AskAnswer(
        question=question.text,
        answer_type="not_found",
        text=f"I couldn't find {what} in {parts.profile.name}'s papers.",
        suggestion=search_suggestion(concepts),
    )


def _sorted_papers(papers: list[Paper], sort: str) -> list[Paper]:
    if sort == "newest":
        return sorted(papers, key=lambda paper: paper.date, reverse=True)
    if sort == "oldest":
        return sorted(papers, key=lambda paper: paper.date)
    return papers


# --- answers by kind ---------------------------------------------------------------------------------------------


def matching_papers(parts: AskParts, question: Question, concepts: Sequence[Concept]) -> list[Paper]:
    """Papers that pass the filters and cover the topic, best BM25 first (or by date when asked)."""
    index = ask_index(parts)
    owner = parts.profile.name
    if not concepts:
        chosen = [paper for paper in index.papers if passes_filters(paper, question, owner)]
        return _sorted_papers(chosen, "newest" if question.sort == "relevance" else question.sort)
    scores = index.paper_scores(concepts)
    best = float(scores.max()) if len(scores) else 0.0
    chosen_ids = [
        i
        for i in np.argsort(-scores, kind="stable")
        if scores[i] > 0
        and scores[i] >= LISTED_RATIO * best
        and coverage(concepts, index.paper_terms[i]) >= LIST_COVERAGE
        and passes_filters(index.papers[i], question, owner)
    ]
    return _sorted_papers([index.papers[i] for i in chosen_ids], question.sort)


def answer_list(parts: AskParts, question: Question, concepts: Sequence[Concept]) -> AskAnswer:
    papers = matching_papers(parts, question, concepts)
    topic = " ".join(concept.surface for concept in concepts)
    scope = filters_phrase(question, parts)
    if not papers:
        what = f"papers about {topic}{scope}" if topic else f"papers{scope}"
        return not_found(question, parts, concepts, what)
    count = len(papers)
    noun = "paper" if count == 1 else "papers"
    about = f" about {topic}" if topic else ""
    order = {"newest": ", newest first", "oldest": ", oldest first"}.get(question.sort, "") if count > 1 else ""
    shown = f" (showing {MAX_LISTED})" if count > MAX_LISTED else ""
    if question.stat == "count":
        text = f"{parts.profile.name} has {count} {noun}{about}{scope}{order}{shown}."
    else:
        text = f"{count} {noun}{about}{scope}{order}{shown}:"
    return AskAnswer(
        question=question.text,
        answer_type="list",
        text=text,
        papers=listed(parts, papers[:MAX_LISTED]),
        suggestion=f"More with /papers {topic}" if topic and count > MAX_LISTED else None,
    )


def answer_vague(parts: AskParts, question: Question, concepts: Sequence[Concept]) -> AskAnswer:
    """A question made of common words only: a short list when few papers match, else a request to narrow."""
    papers = matching_papers(parts, question, concepts)
    if not papers:
        return not_found(question, parts, concepts)
    if len(papers) <= MAX_LISTED:
        return answer_list(parts, question, concepts)
    topic = " ".join(concept.surface for concept in concepts)
    answer = not_found(question, parts, concepts)
    answer.text = (
        f"“{topic}” is too general to answer from {parts.profile.name}'s papers ({len(papers)} papers use it). "
        "Ask about a method, dataset or result by name."
    )
    return answer


def answer_fact(parts: AskParts, question: Question, concepts: Sequence[Concept]) -> AskAnswer:
    index = ask_index(parts)
    if sum(concept.weight for concept in concepts) < VAGUE_WEIGHT:
        return answer_vague(parts, question, concepts)
    sentence_scores = index.sentence_scores(concepts)
    paper_scores = index.paper_scores(concepts)
    top_sentence, top_paper = float(sentence_scores.max()), float(paper_scores.max())
    if top_sentence <= 0:
        return not_found(question, parts, concepts)
    combined = sentence_scores / top_sentence
    if top_paper > 0:
        combined = combined + PAPER_WEIGHT * paper_scores[index.sentence_paper_arr] / top_paper
    combined = combined + PHRASE_WEIGHT * index.phrase_scores(concepts)
    owner = parts.profile.name
    # Rank by relevance times completeness: a short sentence with the paper's name alone must not beat the
    # sentence that also has what was asked ("parameters" in "How many parameters does UniPool have?").
    ranked: list[tuple[float, int]] = []
    for i in np.flatnonzero(sentence_scores > 0):
        share = coverage(concepts, index.sentence_terms[i])
        if share >= FACT_COVERAGE and passes_filters(index.papers[index.sentence_paper[i]], question, owner):
            ranked.append((float(combined[i]) * share, int(i)))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    quotes: list[Quote] = []
    if ranked:
        first = ranked[0][1]
        for score, i in ranked:
            if combined[i] < QUOTE_RATIO * combined[first]:
                continue
            if sentence_scores[i] < QUOTE_OWN_RATIO * sentence_scores[first]:
                continue  # carried by its paper's score alone: adds nothing to the first quote
            paper = index.papers[index.sentence_paper[i]]
            quotes.append(Quote(sentence=index.sentences[i], paper=PaperRef.of(paper), score=round(score, 4)))
            if len(quotes) == MAX_QUOTES:
                break
    if not quotes:
        return not_found(question, parts, concepts)
    sources = list(dict.fromkeys((quote.paper.id, short_title(quote.paper), quote.paper.year) for quote in quotes))
    if len(sources) == 1:
        text = f"From {sources[0][1]} ({sources[0][2]}):"
    else:
        text = "From " + ", ".join(f"{name} ({year})" for _, name, year in sources) + ":"
    return AskAnswer(question=question.text, answer_type="fact", text=text, quotes=quotes)


def answer_meta(parts: AskParts, question: Question) -> AskAnswer | None:
    """A stated fact about one named paper, or None when the title does not name exactly one paper."""
    if not parts.profile.papers:
        return None
    match = parts.titles.match(question.title)
    if match.status != "found":
        return None
    paper = match.papers[0]
    name = short_title(paper)
    if question.stat == "compare":
        other = parts.titles.match(question.other)
        if other.status != "found" or other.papers[0].id == paper.id:
            return None
        second = other.papers[0]
        return AskAnswer(
            question=question.text,
            answer_type="list",
            text=f"{name} ({paper.year}) and {short_title(second)} ({second.year}), each in short — the abstracts "
            "do not compare them directly:",
            papers=listed(parts, [paper, second]),
        )
    if question.stat == "summary":
        return AskAnswer(
            question=question.text,
            answer_type="list",
            text=f"{name} ({paper.year}) in short:",
            papers=listed(parts, [paper]),
            suggestion=f"/paper {name} shows the key points and related papers.",
        )
    if question.stat == "date":
        on = "on" if paper.date_precision == "day" else "in"  # a BibTeX export may give only a year or a month
        text = f"{name} was published {on} {paper.published}."
    elif question.stat == "authors":
        authors = author_list(paper)
        text = f"{name} is by {authors}"
    elif question.stat == "code":
        text = f"Yes, {name} has code released." if paper.has_code else f"The profile lists no code for {name}."
    else:
        text = f"{name} is in {paper.category_name} ({paper.category})."
    return AskAnswer(question=question.text, answer_type="stats", text=text, papers=listed(parts, [paper]))


_COAUTHOR_WORDS = re.compile(
    r"\b(co-?authors?|collaborat\w*|co-?work\w*|most|often|frequent\w*|publish\w*|work\w*|writ\w*|wrote|"
    r"team\w*|who|with|on|for|of|in|the|are|is|were|was|did|does)\b",
    re.IGNORECASE,
)


def _named_paper(parts: AskParts, topic: str) -> Paper | None:
    """The one paper a co-author question names ("co-authors on MetaMath"), if any."""
    name = " ".join(_COAUTHOR_WORDS.sub(" ", topic).split())
    if not name or not parts.profile.papers:
        return None
    match = parts.titles.match(name)
    return match.papers[0] if match.status == "found" else None


def _names(counts: Sequence, limit: int = 5) -> str:
    return ", ".join(f"{count.label} ({count.count})" for count in counts[:limit])


def answer_stats(parts: AskParts, question: Question) -> AskAnswer:
    stats = parts.stats()
    profile = parts.profile
    name = profile.name
    papers: list[Paper] = []
    suggestion = None
    match question.stat:
        case "h_index":
            text = f"{name}'s h-index is {stats.h_index}." if stats.h_index is not None else "No h-index is given."
        case "citations":
            text = (
                f"{name}'s papers have {stats.citations:,} citations in total."
                if stats.citations is not None
                else "The profile gives no citation count."
            )
            text += " The export has no per-paper citation counts."
        case "novelty":
            text = (
                f"{name}'s novelty score is {stats.novelty_percent:g}%."
                if stats.novelty_percent is not None
                else "The profile gives no novelty score."
            )
        case "ai_score":
            text = f"{name}'s AI score is {stats.ai_score:g}." if stats.ai_score is not None else "No AI score given."
        case "venue":
            return AskAnswer(
                question=question.text,
                answer_type="not_found",
                text=f"The profile doesn't say where {name}'s papers were published: it has no venues, only dates "
                "and categories.",
                suggestion="Try /paper <title> for a paper's date, authors and category.",
            )
        case "coauthors" if (paper := _named_paper(parts, question.topic)) is not None:
            authors = author_list(paper)
            text = f"{short_title(paper)} is by {authors}"
            papers = [paper]
        case "coauthors":
            if not stats.top_coauthors:
                text = "The profile lists no co-authors."
            else:
                top = stats.top_coauthors[0]
                tied = [c for c in stats.top_coauthors if c.count == top.count]
                lead = " and ".join(c.label for c in tied)
                text = (
                    f"{name} publishes most often with {lead} ({top.count} papers). "
                    f"Frequent co-authors: {_names(stats.top_coauthors, 8)}. {stats.coauthors_note}"
                )
        case "affiliations":
            if stats.affiliations:
                text = f"Affiliations named in the export: {_names(stats.affiliations)} (most papers name none)."
            else:
                text = "The export names no affiliations."
        case "per_year":
            years = ", ".join(f"{count.label}: {count.count}" for count in stats.per_year)
            text = f"{name}'s papers per year: {years}." if years else "The profile has no papers."
        case "best_year":
            busiest = max(stats.per_year, key=lambda count: count.count, default=None)
            tied = [c.label for c in stats.per_year if busiest and c.count == busiest.count]
            text = (
                f"{name}'s most productive year: {' and '.join(tied)} ({busiest.count} papers each)."
                if busiest and len(tied) > 1
                else f"{name}'s most productive year is {busiest.label} with {busiest.count} papers."
                if busiest
                else "The profile has no papers."
            )
        case "areas":
            primary = f"Primary category: {stats.primary_category_name}. " if stats.primary_category_name else ""
            text = f"{primary}Papers per category: {_names(stats.per_category, 8)}."
        case "newest" | "oldest":
            ordered = _sorted_papers(
                [paper for paper in profile.papers if passes_filters(paper, question, name)], question.stat
            )
            if not ordered:
                return not_found(question, parts, [], f"papers{filters_phrase(question, parts)}")
            papers = ordered[:1]
            label = "newest" if question.stat == "newest" else "oldest"
            scope = filters_phrase(question, parts)
            text = f"{name}'s {label} paper{scope} is {short_title(papers[0])} ({papers[0].published})."
        case "overview":
            text = (
                f"{name}: {stats.parsed_papers} papers ({stats.first_date:%Y}–{stats.last_date:%Y}), h-index "
                f"{stats.h_index}, {stats.citations:,} citations, mostly {stats.primary_category_name}. "
                f"Most frequent co-author: {stats.top_coauthors[0].label}."
                if stats.top_coauthors and stats.first_date and stats.last_date
                else f"{name}: {stats.parsed_papers} papers."
            )
            suggestion = "See /stats for the full record."
        case _:
            return answer_count(parts, question)
    return AskAnswer(
        question=question.text,
        answer_type="stats",
        text=text,
        papers=listed(parts, papers),
        suggestion=suggestion,
    )


def answer_count(parts: AskParts, question: Question) -> AskAnswer:
    """'How many papers …' with no topic: the count under the filters, listing the papers when few."""
    name = parts.profile.name
    stats = parts.stats()
    scope = filters_phrase(question, parts)
    chosen = [paper for paper in parts.profile.papers if passes_filters(paper, question, name)]
    count = len(chosen)
    noun = "paper" if count == 1 else "papers"
    if not scope:
        declared = (
            f" (the profile declares {stats.declared_papers})"
            if stats.declared_papers is not None and stats.declared_papers != count
            else ""
        )
        text = f"{name} has {count} {noun} in this profile{declared}."
        return AskAnswer(question=question.text, answer_type="stats", text=text,
                         suggestion="See /stats for papers per year and category.")
    text = f"{name} has {count} {noun}{scope}."
    shown = _sorted_papers(chosen, "newest")
    return AskAnswer(
        question=question.text,
        answer_type="stats",
        text=text,
        papers=listed(parts, shown) if count <= MAX_LISTED else [],
    )


def example_questions(parts: AskParts) -> list[str]:
    """Three questions this profile can answer, built from its own papers (a named paper, a topic, a year)."""
    papers = sorted(parts.profile.papers, key=lambda paper: paper.date, reverse=True)
    if not papers:
        return ["How many papers are there?", "What is the h-index?"]
    named = next((short_title(p) for p in papers if short_title(p) != p.title), None)
    index = ask_index(parts)
    counts: Counter[str] = Counter()
    for paper in papers:
        for word in dict.fromkeys(w.surface for w in words(paper.title) if len(w.surface) >= 5):
            token = words(word)[0].tokens[0] if words(word) else ""
            if token and token not in FILLER and index.doc_freq.get(token, 0) <= max(2, len(papers) // 4):
                counts[word] += 1
    topic = max(counts, key=lambda word: (counts[word], -len(word)), default=None)
    examples = [f"What is {named}?" if named else f"What is {papers[0].title}?"]
    if topic:
        examples.append(f"Which papers are about {topic}?")
    examples.append(f"How many papers in {papers[0].year}?")
    return examples


def how_to(parts: AskParts) -> AskAnswer:
    examples = ", ".join(f"“{example}”" for example in example_questions(parts))
    return AskAnswer(
        question="",
        answer_type="empty",
        text=f"Ask me about {parts.profile.name}'s papers in plain words, for example: {examples}.",
        suggestion="/help lists every command.",
    )


def answer_question(
    parts: AskParts, question: str, *, paper_id: str | None = None, context: AskContext | None = None
) -> AskAnswer:
    """The /ask answer for a plain-words question (see the module docstring).

    With `paper_id` the answer comes from that paper alone (or says its abstract does not state it)."""
    profile = parts.profile
    authors = {author for paper in profile.papers for author in paper.authors}
    names = [key.short for key in parts.titles.keys if key.short]
    parsed = classify(question, profile.name, categories_of(parts), authors, names)
    if paper_id is not None:
        return answer_about_paper(parts, parsed, paper_id)
    index = ask_index(parts)
    ignore = owner_stems(profile.name)
    if parsed.kind == "empty":
        return how_to(parts)
    if parsed.kind == "too_long":
        return AskAnswer(
            question=parsed.text,
            answer_type="not_found",
            text=(
                f"That message is too long to be one question ({len(question):,} characters). "
                f"Ask in a sentence or two (under {MAX_QUESTION_CHARS} characters)."
            ),
            suggestion="Try a short question, or /papers with a few keywords.",
        )
    if parsed.kind == "foreign":
        known = [c for c in index.concepts(parsed.text, ignore) if index.doc_freq.get(c.whole)]
        return AskAnswer(
            question=parsed.text,
            answer_type="not_found",
            text="I can only read questions in English. Please ask again in English.",
            suggestion=search_suggestion(known) if known else "Try /papers with a few English keywords.",
        )
    if parsed.kind == "meta":
        answer = answer_meta(parts, parsed)
        if answer is not None:
            return answer
        # The title named no single paper: "tell me about diffusion" lists the papers on it, the rest is a fact.
        parsed.kind = "list" if parsed.stat == "summary" else "fact"
        parsed.topic = parsed.title if parsed.stat == "summary" else parsed.text
        parsed.stat = None
    if parsed.kind == "stats":
        return answer_stats(parts, parsed)
    concepts = index.concepts(parsed.topic if parsed.kind == "list" else parsed.topic or parsed.text, ignore)
    concepts, corrections = corrected(parts, concepts, ignore)
    filtered = (
        parsed.year_from or parsed.year_to or parsed.category or parsed.has_code or parsed.first_author
        or parsed.coauthor
    )
    if not concepts and not filtered and parsed.sort == "relevance":
        if index.concepts(parsed.text, ignore):  # "Where did Han Shi study?": a question, just not about papers
            return not_found(parsed, parts, [])
        # Nothing but greetings and question words ("hi", "thanks!", "tell me something").
        answer = how_to(parts)
        answer.question = parsed.text
        return answer
    answer = answer_list(parts, parsed, concepts) if parsed.kind == "list" else answer_fact(parts, parsed, concepts)
    if corrections and answer.answer_type != "not_found":
        read_as = ", ".join(f"“{typed}” as “{meant}”" for typed, meant in corrections.items())
        answer.text = f"(Reading {read_as}.) {answer.text}"
    return answer


def answer_about_paper(parts: AskParts, parsed: Question, paper_id: str) -> AskAnswer:
    """A question about one given paper: its stated facts, or quotes from its abstract only."""
    paper = parts.profile.by_id(paper_id)
    if paper is None:
        return AskAnswer(question=parsed.text, answer_type="not_found", text="I don't know that paper.",
                         suggestion="Try /paper with its title.")
    if parsed.kind in ("empty", "too_long", "foreign"):
        return answer_question(parts, parsed.text)
    name = short_title(paper)
    if parsed.kind == "meta" and parsed.stat != "compare":
        named = parts.titles.match(parsed.title)
        if named.status != "found" or named.papers[0].id != paper.id:
            parsed.title = paper.id
        return answer_meta(parts, parsed) or not_found(parsed, parts, [])
    if parsed.kind == "stats" and parsed.stat == "coauthors":
        parsed.kind, parsed.stat, parsed.title = "meta", "authors", paper.id
        return answer_meta(parts, parsed) or not_found(parsed, parts, [])
    parsed.kind, parsed.paper_ids = "fact", frozenset({paper.id})
    concepts, _ = corrected(parts, ask_index(parts).concepts(parsed.text, owner_stems(parts.profile.name)),
                            owner_stems(parts.profile.name))
    concepts = [concept for concept in concepts if concept.whole not in ask_index(parts).title_terms_of(paper.id)]
    answer = answer_fact(parts, parsed, concepts) if concepts else None
    if answer is None or answer.answer_type != "fact":
        return AskAnswer(
            question=parsed.text,
            answer_type="not_found",
            text=f"The abstract of {name} ({paper.year}) doesn't say that.",
            suggestion=f"/paper {name} shows its abstract and key points.",
        )
    return answer


TYPO_MIN_LENGTH = 6
"""Only words this long are corrected, and only by one edit: short words have too many near neighbours."""


def corrected(
    parts: AskParts, concepts: list[Concept], ignore: Iterable[str]
) -> tuple[list[Concept], dict[str, str]]:
    """Concepts with a typo ("mamaba") replaced by the one vocabulary word one edit away ("mamba").

    A word no paper uses is looked up in the search index's vocabulary (`PaperIndex.suggest`); it is replaced
    only when it is long and the closest word is a single edit (OSA) away, so "France" never becomes "trace".
    The coverage test still decides afterwards whether the corrected question is answered.
    """
    index = ask_index(parts)
    corrections: dict[str, str] = {}
    for concept in concepts:
        if index.doc_freq.get(concept.whole) or len(concept.surface) < TYPO_MIN_LENGTH:
            continue
        options = parts.search.suggest(concept.surface, limit=1)
        if options and OSA.distance(normalize(concept.surface), options[0]) <= 1:
            corrections[concept.surface] = options[0]
    if not corrections:
        return concepts, {}
    fixed: list[Concept] = []
    for concept in concepts:
        if concept.surface in corrections:
            fixed.extend(index.concepts(corrections[concept.surface], ignore))
        else:
            fixed.append(concept)
    return fixed, corrections
