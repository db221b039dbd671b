"""Answer a question in plain words from the profile alone — no language model, nothing made up.

`answer_question(parts, question)` reads the question (`retrieval.questions`: intent and slots), resolves a
follow-up against the previous answer (`retrieval.conversation`), and answers by intent:

* **fact** — abstract sentences ranked by BM25 (the sentence's own score plus its paper's), each weighed by
  how much of the question it covers; the 1–3 best are quoted with their paper;
* **list** — the papers the search index ranks for the topic (`PaperIndex.search`, the same analysis as
  /papers) that also cover the topic, under the question's filters; **count** — how many, listing them all;
* **paper**, **compare** — one named paper in short; two named papers quoted side by side on what was asked;
* **metric**, **record**, **meta** — read from the profile's record (`retrieval.record`);
* **howto** — what the bot can do, with examples from this profile.

The answer policy never states a wrong answer:

* a quote must cover at least `FACT_COVERAGE` of the question's idf-weighted topic words, a listed paper
  `LIST_COVERAGE`: "protein folding" or the capital of France are declined, and a topic word no paper uses
  (a *missing* word) carries the highest weight, so a question about something absent is declined too;
* when the question names a paper, only that paper's sentences are quoted — or the answer says its abstract
  does not state it;
* a dataset, a metric name or a number the question names (a word written as a name, "GSM8K", "MuJoCo",
  "10%") must be in the quoted sentence itself: a near miss is declined, not quoted;
* a count names its filters and lists every paper it counted.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from retrieval.answers import AskAnswer, AskContext, PaperRef, Quote, SearchFilters, StatsAnswer
from retrieval.cleaning import MAX_QUESTION_CHARS
from retrieval.conversation import follow_up, same_question_about
from retrieval.index import PaperIndex
from retrieval.instances import enumerates, names_in, names_instance
from retrieval.lookup import TitleLookup
from retrieval.models import Paper, Profile
from retrieval.papernames import PaperNames
from retrieval.quantities import numbers_in, states_value
from retrieval.questions import FRAME, QuestionReader, Reading
from retrieval.record import (
    Record,
    by_date,
    count_answer,
    declined,
    filters_phrase,
    meta_answer,
    metric_answer,
    passes,
    record_answer,
    short_title,
)
from retrieval.roles import contribution_sentence, releases
from retrieval.sentence_index import AskIndex, Concept, coverage
from retrieval.summarize import Summary
from retrieval.tokens import STOPWORDS, strip_latex, tokenize, words
from retrieval.topicality import is_generic
from retrieval.wordstats import zipf

FACT_COVERAGE = 0.64
"""Share of the question's weighted topic words a quoted sentence (with its paper's title) must contain."""
LIST_COVERAGE = 0.64
"""Share of the topic's weighted words a listed paper (title and abstract) must contain."""
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
VAGUE_WEIGHT = 2.0
"""A fact question whose concepts weigh less than this in total (only common words) is answered with a list."""
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?%?$")
_HAS_NUMBER = re.compile(r"\d|(?<![\w-])(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                         r"thirty|hundreds?|thousands?|millions?|billions?|twice|double[sd]?|triple[sd]?|half|dozens?)"
                         r"(?![\w-])", re.IGNORECASE)
NAMES_BONUS = 0.5
"""A question that asks which datasets, environments or tasks prefers a sentence that names some."""
CONTRIBUTION_BONUS = 0.5
"""A question that asks what a paper proposes prefers the sentence that says so ("we propose …")."""
_PROPOSES = re.compile(r"\b(?:we|this\s+paper|this\s+work|our\s+work)\s+(?:\w+\s+)?(?:propose|introduce|present|"
                       r"develop|design|devise|call|suggest)\w*\b|\b(?:called|named|dubbed)\b", re.IGNORECASE)
_RELEASE_ASKED = re.compile(r"\b(?:release[sd]?|releasing|open[\s-]?sourced?|make\s+available|made\s+available|"
                            r"build|built|create[sd]?|construct(?:s|ed)?)\b", re.IGNORECASE)
"""A question about what a paper produced ("what dataset did they build/release") prefers the sentence releasing it."""
NAMED_BONUS = 0.25
"""A question that names a paper's system ("AWD-LSTM perplexity on PTB") prefers the sentence stating the result
of that name over one of a variant ("… with a neural cache …") that does not name it."""
PROBLEM_BONUS = 1.0
"""A question about a problem or drawback prefers the sentence that names one ("shortcomings", "fails")."""
_PROBLEMS = re.compile(r"\b(?:problems?|issues?|shortcomings?|limitations?|drawbacks?|suffers?|fail\w*|challeng\w*|"
                       r"difficult\w*|unstable|instabilit\w*|prone|lack\w*|costly|expensive|bottleneck\w*|"
                       r"however|unfortunately|lazy|selfish|bias\w*)\b", re.IGNORECASE)
_FLAWS = re.compile(r"\b(?:shortcomings?|limitations?|drawbacks?|downsides?|weakness\w*|suffers?|fail\w*|unstable|"
                    r"instabilit\w*|prone|lack\w*|costly|bottleneck\w*|lazy|selfish|degrad\w*|brittle|vulnerab\w*|ignor(?:e|es|ed|ing)|"
                    r"neglect\w*|overlook\w*)\b",
                    re.IGNORECASE)
"""Words that state a flaw. "Problem", "issue" and "challenge" often name a task instead ("the reward design
problem"), so they earn a question about a problem less than a stated flaw does."""
_EVALUATES = re.compile(r"\b(?:experiment\w*|evaluat\w*|benchmark\w*|tested|results?\s+(?:on|in)|(?:demonstrat|show)\w*"
                        r"\b.*\b(?:on|in|across)\b)", re.IGNORECASE)
_NAMED_YEAR = re.compile(r"\b[A-Z][\w'’-]*[A-Z][\w'’-]*\s+((?:19|20)\d\d)\b")
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*|(?<![\w-])(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"twenty|thirty|hundreds?|thousands?|millions?|billions?|twice|double[sd]?|half|dozens?)(?![\w-])")
_NUMBER_WORD = (r"(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                r"twenty|thirty|forty|fifty|hundred|thousand)")
COMPARE_COVERAGE = 0.5
"""A comparison quotes each paper's best sentence on the aspect asked when it covers at least this share."""
CONTEXT_CREDIT = 0.75
"""When the question names a paper, a word found elsewhere in that paper's abstract (not in the quoted sentence)
counts this much: it describes the paper's setting ("on how many Atari games does VISR reach human level")."""


@dataclass(frozen=True)
class AskParts:
    """What the question engine reads: the profile, its indexes, the titles, stats, summaries and the reader.

    The facade (`retrieval.service.Library`) builds these once and hands them down; the engine never calls
    back into it."""

    profile: Profile
    search: PaperIndex
    sentences: AskIndex
    titles: TitleLookup
    stats: Callable[[], StatsAnswer]
    summary: Callable[[Paper], Summary]
    reader: QuestionReader

    @cached_property
    def record(self) -> Record:
        return Record(self.profile, self.stats, self.summary)

    @cached_property
    def by_id(self) -> dict[str, Paper]:
        return {paper.id: paper for paper in self.profile.papers}

    @cached_property
    def owner_stems(self) -> frozenset[str]:
        return frozenset(tokenize(self.profile.name))


def build_reader(profile: Profile, sentences: AskIndex, search: PaperIndex, names: PaperNames) -> QuestionReader:
    """The question reader for one profile: its researcher, co-authors, categories, names and vocabulary."""
    categories = {paper.category: paper.category_name for paper in profile.papers}
    coauthors = [author for paper in profile.papers for author in paper.authors]
    return QuestionReader([profile.name], coauthors, categories, names, search.speller, sentences.doc_freq,
                          profile.reference_date or dt.date.today())


# --- helpers ---------------------------------------------------------------------------------------------------


def search_suggestion(words_: Sequence[str]) -> str:
    shown = list(words_)[:6]
    if not shown:
        return "Try /papers with a few keywords, or /help to see what I can answer."
    return f"Try a keyword search: /papers {' '.join(shown)}"


def not_found(parts: AskParts, reading: Reading, what: str = "that") -> AskAnswer:
    """The plain decline; a question asked of one paper ("Ask about this paper") names that paper."""
    if reading.restricted and reading.papers:
        return _silent(reading, reading.papers[0])
    return declined(reading, f"I couldn't find {what} in {parts.profile.name}'s papers.",
                    search_suggestion(reading.topic_words))


def topic_concepts(parts: AskParts, reading: Reading) -> list[Concept]:
    """The topic words as weighted concepts; a named paper's own title words are left out (they name it)."""
    ignore = parts.owner_stems | reading.title_matched if reading.papers else parts.owner_stems
    return parts.sentences.concepts(" ".join(reading.topic_words), ignore)


def _required(concepts: Sequence[Concept]) -> list[Concept]:
    """Concepts a quote must contain itself: names of datasets, metrics or systems, and numbers."""
    return [c for c in concepts if _NUMBER.match(c.surface) or _name_like(c.surface)]


def _stated(concept: Concept, wholes: frozenset[str], own: frozenset[str], title: frozenset[str],
            asked: frozenset[str] = frozenset()) -> bool:
    """The sentence itself (or its title) has the name or number as a word: 'GSM8K', 'WMT'14' for 'wmt14', but
    not 'MATH' inside 'MetaMath-70B'."""
    if concept.whole in wholes or concept.whole in title or (concept.whole.isdigit() and concept.whole in own):
        return True  # a number may be part of a written quantity: "512" in "512×512"
    if any(len(whole) > len(concept.whole) and whole.startswith(concept.whole) and whole[len(concept.whole):] in own
           and whole[len(concept.whole):] in asked for whole in wholes):
        return True  # "minif2f valid" stated as "miniF2F-valid" (a compound of words asked; not "math" in "MetaMath")
    return bool(concept.pieces) and all(piece in own for piece in concept.pieces)


def _name_like(surface: str) -> bool:
    letters = [char for char in surface if char.isalpha()]
    if len(letters) < 2:
        return False
    inner_capitals = sum(char.isupper() for char in surface[1:])
    return inner_capitals >= 1 or any(char.isdigit() for char in surface)


# --- answers by intent --------------------------------------------------------------------------------------------


def matching_papers(parts: AskParts, reading: Reading, concepts: Sequence[Concept]) -> list[Paper]:
    """Papers that pass the filters and cover the topic, ranked by the search index (or by date when asked); for
    "X or Y", the papers on either."""
    if reading.alternatives and concepts:
        found: dict[str, Paper] = {}
        for words_ in reading.alternatives:
            part = parts.sentences.concepts(" ".join(words_), parts.owner_stems)
            found.update((paper.id, paper) for paper in _matching(parts, reading, part))
        papers = list(found.values())
        return by_date(papers, reading.sort) if reading.sort != "relevance" else papers
    found = _matching(parts, reading, concepts)
    if reading.conjuncts and concepts:  # "math reasoning with LLMs": about each part, not the words in any mix
        index = parts.sentences
        groups = [parts.sentences.concepts(" ".join(words_), parts.owner_stems) for words_ in reading.conjuncts]
        found = [paper for paper in found
                 if all(_about(index, group, index.position(paper.id)) for group in groups if group)]
    return found


def _matching(parts: AskParts, reading: Reading, concepts: Sequence[Concept]) -> list[Paper]:
    owner = parts.profile.name
    allowed = [paper for paper in parts.profile.papers if passes(paper, reading, owner, reading.within)]
    if not concepts:
        return by_date(allowed, "oldest" if reading.sort == "oldest" else "newest")
    allowed_ids = {paper.id for paper in allowed}
    filters = SearchFilters(category=reading.category, year_from=reading.year_from, year_to=reading.year_to,
                            has_code=reading.has_code)
    query = " ".join(concept.surface for concept in concepts)
    hits = parts.search.ranked(query, filters)
    index = parts.sentences
    chosen = [
        paper for paper, score in hits
        if paper.id in allowed_ids and score > 0 and _about(index, concepts, index.position(paper.id))
        and (not reading.one_paper or _has_surface_phrase(parts, paper, concepts))
    ]
    return by_date(chosen, reading.sort) if reading.sort != "relevance" else chosen


def _about(index: AskIndex, concepts: Sequence[Concept], position: int) -> bool:
    """The paper is about the topic: its title and abstract cover the topic's weighted words, and a topic of
    several words is used as one (`AskIndex.used_together`), not found word by word in different places."""
    return coverage(concepts, index.paper_terms[position]) >= LIST_COVERAGE and index.used_together(concepts, position)


def _has_surface_phrase(parts: AskParts, paper: Paper, concepts: Sequence[Concept]) -> bool:
    """A description of one paper in several words is a phrase of it as written: "image segmentation" is not
    "image segments" (a stem would conflate them), and "packet routing" is in the title. A stopword may stand
    between the words ("hallucinations in NMT"), and an acronym may be written out ("neural machine
    translation")."""
    if len(concepts) < 2:
        return True
    text = f" {paper.title} {paper.abstract} ".casefold()
    for first, second in itertools.pairwise(concepts):
        a, b = _written(parts, first), _written(parts, second)
        if re.search(rf"\b(?:{a})s?(?:[\s-]+[a-z]+)?[\s-]+(?:{b})s?\b", text):
            return True
    return False


def _written(parts: AskParts, concept: Concept) -> str:
    """A concept as papers may write it, as a regex: its surface (less a plural s) or an acronym's long form."""
    forms = [re.escape(concept.surface.casefold().rstrip("s"))]
    acronyms = parts.search.ranker.expander.acronyms
    meanings = acronyms.meanings(concept.whole)  # mines the documents that define it, then reads the table
    texts = acronyms.table.texts
    forms += [re.escape(texts[form].casefold()) for form, _ in meanings if form in texts]
    return "|".join(forms)


def _topic_text(reading: Reading, concepts: Sequence[Concept]) -> str:
    """The topic as an answer names it, in quotes: “successor features” or “successor representation” for
    alternatives; '' without a topic."""
    if reading.alternatives:
        return " or ".join(f"“{' '.join(words_)}”" for words_ in reading.alternatives)
    if reading.conjuncts and concepts:
        return " and ".join(f"“{' '.join(words_)}”" for words_ in reading.conjuncts)
    return f"“{' '.join(concept.surface for concept in concepts)}”" if concepts else ""


def mention_phrase(topic: str, count: int) -> str:
    """How a list or a count matched its papers, for its text: ' that mention “X”'. Papers are matched by the
    topic's words (their spellings, word families and acronyms), so the answer says so rather than claiming
    every paper on the subject: one phrased in other words is not among them."""
    return f" that {'mentions' if count == 1 else 'mention'} {topic}" if topic else ""


def _none_mention(parts: AskParts, reading: Reading, topic: str, scope: str, among: bool) -> AskAnswer:
    """No paper in scope mentions the topic: "None of Han Shi's papers in 2024 mention “X”." (said the way a
    list is matched, by the topic's words)."""
    if not topic or (reading.restricted and reading.papers):
        return not_found(parts, reading)
    whose = "those papers" if among else f"{parts.profile.name}'s papers"
    return declined(reading, f"None of {whose}{scope} mention {topic}.", search_suggestion(reading.topic_words))


def answer_list(parts: AskParts, reading: Reading, concepts: Sequence[Concept]) -> AskAnswer:
    if reading.missing:
        return not_found(parts, reading, f"papers about {reading.topic}")
    papers = matching_papers(parts, reading, concepts)
    if reading.limit:
        papers = papers[: reading.limit]
    topic = _topic_text(reading, concepts)
    scope = filters_phrase(reading, parts.record)
    among = " among those" if reading.within is not None else ""
    if not papers:
        return _none_mention(parts, reading, topic, scope, among=bool(among))
    count = len(papers)
    noun = "paper" if count == 1 else "papers"
    order = {"newest": ", newest first", "oldest": ", oldest first"}.get(reading.sort, "") if count > 1 else ""
    shown = f" (showing {MAX_LISTED})" if count > MAX_LISTED else ""
    words_ = " ".join(concept.surface for concept in concepts)
    return AskAnswer(
        question=reading.text,
        answer_type="list",
        text=f"{count} {noun}{scope}{mention_phrase(topic, count)}{among}{order}{shown}:",
        papers=parts.record.listed(papers[:MAX_LISTED]),
        suggestion=f"More with /papers {words_}" if topic and count > MAX_LISTED else None,
    )


def answer_count(parts: AskParts, reading: Reading, concepts: Sequence[Concept]) -> AskAnswer:
    if reading.missing:
        return not_found(parts, reading, f"papers about {reading.topic}")
    papers = matching_papers(parts, reading, concepts)
    topic = _topic_text(reading, concepts)
    if not papers and topic:
        return _none_mention(parts, reading, topic, filters_phrase(reading, parts.record),
                             among=reading.within is not None)
    answer = count_answer(parts.record, reading, papers, matched=mention_phrase(topic, len(papers)))
    if reading.within is not None:
        answer.text = answer.text.replace(" has ", " has, among those, ", 1)
    return answer


def answer_one_paper(parts: AskParts, reading: Reading, concepts: Sequence[Concept]) -> AskAnswer:
    """'Tell me about his image segmentation paper': the one paper the description fits, or a plain miss."""
    if reading.missing:
        return not_found(parts, reading, f"a paper about {reading.topic}")
    papers = matching_papers(parts, reading, concepts)
    if len(papers) == 1:
        reading.papers, reading.intent = [papers[0]], "paper"  # the answer (and a follow-up) is about it
        return answer_paper(parts, reading, papers[0])
    if not papers:
        return not_found(parts, reading, f"a paper about {' '.join(c.surface for c in concepts)}")
    return answer_list(parts, reading, concepts)


def answer_vague(parts: AskParts, reading: Reading, concepts: Sequence[Concept]) -> AskAnswer:
    """A question made of common words only: a short list when few papers match, else a request to narrow."""
    papers = matching_papers(parts, reading, concepts)
    if not papers:
        return not_found(parts, reading)
    if len(papers) <= MAX_LISTED:
        return answer_list(parts, reading, concepts)
    topic = " ".join(concept.surface for concept in concepts)
    answer = not_found(parts, reading)
    answer.text = (f"“{topic}” is too general to answer from {parts.profile.name}'s papers ({len(papers)} papers "
                   "use it). Ask about a method, dataset or result by name.")
    return answer


def ranked_sentences(parts: AskParts, reading: Reading, concepts: Sequence[Concept],
                     only: frozenset[str] | None = None, *, strict: bool = True,
                     threshold: float = FACT_COVERAGE) -> list[tuple[float, int, float]]:
    """Sentences that cover the question, best first, as (score, sentence index, the sentence's own score).

    With `strict`, a named dataset or number must be in the sentence itself and a question that asks for a
    quantity needs a sentence that gives one."""
    index = parts.sentences
    sentence_scores = index.sentence_scores(concepts)
    paper_scores = index.paper_scores(concepts)
    top_sentence, top_paper = float(sentence_scores.max(initial=0.0)), float(paper_scores.max(initial=0.0))
    if top_sentence <= 0 and not (only is not None and len(only) == 1):
        return []
    combined = sentence_scores / max(top_sentence, 1e-9)
    if top_paper > 0:
        combined = combined + PAPER_WEIGHT * paper_scores[index.sentence_paper_arr] / top_paper
    combined = combined + PHRASE_WEIGHT * index.phrase_scores(concepts)
    owner = parts.profile.name
    required = _required(concepts) + [c for c in concepts if c.surface in reading.required] if strict else []
    context_credit = CONTEXT_CREDIT if only is not None and len(only) == 1 else 0.0
    given = numbers_in(reading.text)
    asked_wholes = frozenset(concept.whole for concept in concepts)
    kind = _kind_tokens(parts, reading) if strict else None
    question_words = {word.casefold() for word in re.findall(r"[\w][\w+.'’-]*", reading.text)}
    paper_names = {word.casefold() for paper in reading.papers for word in re.findall(r"[\w-]+", paper.title)}
    paper_names |= {word.casefold() for word in reading.text.split()}
    asked_names = _asked_names(parts, reading) if only is not None and len(only) == 1 else None
    one_named = only is not None and len(only) == 1 and bool(reading.papers)
    made = _names_pattern(parts.reader.names.names_of(reading.papers[0])) if (
        one_named and _RELEASE_ASKED.search(reading.text)) else None  # its own names: what it built or released
    ranked: list[tuple[float, int, float]] = []
    sole_value = sole_value_sentence(parts, reading, only) if strict else None
    candidates = np.flatnonzero(sentence_scores > 0)
    if context_credit:  # one named paper: a sentence may answer through the rest of its abstract alone
        own = np.flatnonzero(index.sentence_paper_arr == index.position(next(iter(only or ()))))
        candidates = np.union1d(candidates, own)
    for i in candidates:
        position = index.sentence_paper[i]
        paper = index.papers[position]
        if only is not None and paper.id not in only:
            continue
        share = coverage(concepts, _terms_read(index, int(i)), index.paper_terms[position], context_credit,
                         kind or frozenset())
        if share < threshold or not passes(paper, reading, owner, reading.within):
            continue
        if sentence_scores[i] <= 0 and not (reading.wants_contribution and _PROPOSES.search(index.sentences[i])) and (
            i != sole_value
        ):
            continue  # nothing asked is in the sentence itself: only a stated proposal (or the paper's one
            # sentence with the asked kind of value) may answer that way
        if not all(_stated(concept, index.sentence_wholes(i), index.sentence_own_terms[i], index.title_wholes[position],
                           asked_wholes) for concept in required):
            continue  # the asked dataset or number is in neither the sentence nor its title: a near miss
        if strict and reading.asked is not None and not states_value(index.sentences[i], reading.asked, given):
            continue  # "how big …" answered by a sentence without a size (retrieval.quantities): a near miss
        made_here = made is not None and made.search(index.sentences[i]) is not None
        if kind and not made_here and not names_instance(index.sentences[i], kind, question_words,
                                       paper_names | parts.reader.names.names_of(paper), index.specific_token,
                                       reading.asked_noun or "", setting=reading.wants_setting):
            continue  # "which GPU …" answered by a sentence with GPUs in general (retrieval.instances)
        score = float(combined[i]) * share
        if kind and enumerates(index.sentences[i], kind):
            score *= 1 + NAMES_BONUS  # "what are the three methods called": the sentence that lists them
        if reading.wants_names:
            names = set(names_in(index.sentences[i], paper_names | parts.reader.names.names_of(paper)))
            if made is not None:
                names = {"own"} if made_here else set()  # "what dataset did they build": theirs, not a benchmark
            if strict and reading.wants_setting and not names and not _EVALUATES.search(index.sentences[i]):
                continue  # "what environments …" answered by a sentence that names none and reports no evaluation
            score *= 1 + NAMES_BONUS * min(len(names), 4) / 4
        if reading.wants_contribution and _PROPOSES.search(index.sentences[i]):
            score *= 1 + CONTRIBUTION_BONUS
        if _RELEASE_ASKED.search(reading.text) and releases(index.sentences[i]):
            score *= 1 + CONTRIBUTION_BONUS  # "what dataset did they release": the sentence that releases one
        if asked_names is not None and asked_names.search(index.sentences[i]):
            score *= 1 + NAMED_BONUS
        if reading.wants_problem and _FLAWS.search(index.sentences[i]):
            score *= 1 + PROBLEM_BONUS
        elif reading.wants_problem and _PROBLEMS.search(index.sentences[i]):
            score *= 1 + PROBLEM_BONUS / 4
        elif strict and reading.wants_problem and reading.intent == "fact":
            continue  # "what's the problem with X" answered by a sentence that states no problem
        ranked.append((score, int(i), float(sentence_scores[i])))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    if reading.wants_contribution and only is not None:
        proposals = [item for item in ranked if _PROPOSES.search(index.sentences[item[1]])]
        ranked = proposals or ranked  # "what did she come up with": the sentence that says what they propose
    return ranked


_POINTS_BACK = re.compile(r"\bthe\s+(?:former|latter)\b", re.IGNORECASE)


def _terms_read(index: AskIndex, i: int) -> frozenset[str]:
    """Sentence `i`'s terms, with the previous sentence's when it names them only as "the former" / "the
    latter" ("... the former might encourage lazy agents": the former is the global reward named before)."""
    terms = index.sentence_terms(i)
    if i and index.sentence_paper[i - 1] == index.sentence_paper[i] and _POINTS_BACK.search(index.sentences[i]):
        return terms | index.sentence_terms(i - 1)
    return terms


def _asked_names(parts: AskParts, reading: Reading) -> re.Pattern[str] | None:
    """The named paper's own names the question writes ("awd-lstm"), as a pattern for whole words; None if
    it names the paper otherwise (by its title's words)."""
    if not reading.papers:
        return None
    written = " " + " ".join(re.findall(r"[^\W_]+", reading.text.casefold())) + " "
    return _names_pattern(name for name in parts.reader.names.names_of(reading.papers[0]) if f" {name} " in written)


def _names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Names ("awd lstm") as one pattern of whole words, hyphens or spaces between their words; None for none."""
    forms = [r"[\s-]+".join(re.escape(word) for word in name.split()) for name in sorted(names)]
    if not forms:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(forms) + r")(?![\w-])", re.IGNORECASE)


def _kind_tokens(parts: AskParts, reading: Reading) -> frozenset[str] | None:
    """The asked noun of a "which X" question as index tokens with its other spellings and derivations, or None
    when the question asks no instance (a value, a proposal or a problem instead)."""
    noun = reading.asked_noun
    if not noun or reading.asked is not None or reading.wants_contribution or reading.wants_problem:
        return None
    tokens = tokenize(noun)
    if not tokens:
        return None
    return frozenset((*tokens, *parts.sentences.variants(noun, tokens[0]), *parts.sentences.plural_forms(tokens[0])))


def sole_value_sentence(parts: AskParts, reading: Reading, only: frozenset[str] | None) -> int | None:
    """The one sentence of the one named paper that states the kind of value asked ("What speed-up does X
    achieve?" when a single sentence gives a figure), or None when there are none or several to choose from."""
    if reading.asked is None or only is None or len(only) != 1:
        return None
    index = parts.sentences
    position = index.position(next(iter(only)))
    given = numbers_in(reading.text)
    found = [int(i) for i in np.flatnonzero(index.sentence_paper_arr == position)
             if states_value(index.sentences[i], reading.asked, given)]
    return found[0] if len(found) == 1 else None


_ADDRESSES = re.compile(r"^(?:to|in\s+order\s+to)\s+(?:address|tackle|overcome|solve|remedy|alleviate|mitigate|"
                        r"resolve|fix|counter)\s+(?:this|these|that|those|such|the\s+(?:above|aforementioned))\b",
                        re.IGNORECASE)
"""A sentence that answers the one before it: "To address this, we propose …" follows the problem's statement."""


def problem_sentence(parts: AskParts, paper: Paper) -> int | None:
    """The sentence of `paper` that states the problem it addresses: the one before "To address this …", else
    the first that states a flaw; None when the abstract states neither."""
    index = parts.sentences
    own = [int(i) for i in np.flatnonzero(index.sentence_paper_arr == index.position(paper.id))]
    for before, after in itertools.pairwise(own):
        if _ADDRESSES.match(index.sentences[after].lstrip()):
            return before
    return next((i for i in own if _FLAWS.search(index.sentences[i])), None)


def _problem_answer(parts: AskParts, reading: Reading, paper: Paper) -> AskAnswer:
    found = problem_sentence(parts, paper)
    if found is None:
        return _silent(reading, paper)
    quote = Quote(sentence=parts.sentences.sentences[found], paper=PaperRef.of(paper), score=1.0)
    return AskAnswer(question=reading.text, answer_type="fact", text=_from_text([quote]), quotes=[quote])


def quotes_of(parts: AskParts, ranked: list[tuple[float, int, float]], limit: int = MAX_QUOTES) -> list[Quote]:
    index = parts.sentences
    if not ranked:
        return []
    best_score, _, first_own = ranked[0]
    quotes: list[Quote] = []
    for score, i, own in ranked:
        if score < QUOTE_RATIO * best_score:
            break
        if quotes and own < QUOTE_OWN_RATIO * first_own:
            continue  # carried by its paper's score alone: adds nothing to the first quote
        paper = index.papers[index.sentence_paper[i]]
        quotes.append(Quote(sentence=index.sentences[i], paper=PaperRef.of(paper), score=round(score, 4)))
        if len(quotes) == limit:
            break
    return quotes


def _from_text(quotes: Sequence[Quote]) -> str:
    sources = list(dict.fromkeys((quote.paper.id, short_title(quote.paper), quote.paper.year) for quote in quotes))
    return "From " + ", ".join(f"{name} ({year})" for _, name, year in sources) + ":"


def answer_definition(parts: AskParts, reading: Reading) -> AskAnswer:
    """'What does X stand for?': the sentence where X is introduced — written out before '(X)', or '(…)' after it."""
    name = reading.defines or ""
    only = frozenset({reading.papers[0].id}) if reading.papers else None
    single = name[:-1] if len(name) > 3 and name.endswith("s") and not name[-2:].isupper() else name
    word = re.escape(single) + "s?"  # "ISDs" is defined as "(ISD)" or "(ISDs)", "TDM" as "(TDMs)"
    spelled_out = rf"\(\s*{word}\s*\)|(?<![\w-]){word}\s*\(|\b(?:called|named|dubbed|termed)\s+[`'\"“]*{word}(?![\w-])"
    introduced = (rf"\b(?:propose|introduce|present)\w*\s+{word}\s*,\s*(?:a|an|the)\b"
                  rf"|(?<![\w-]){word}\s+(?:is|are)\s+(?:a|an)\b")
    # "stand for" needs the name written out; "what is X" may also be answered by the sentence introducing it;
    # "what is X" of a word no paper is named by needs X defined: "… (X)", "X, a …", "X is a …", "called X"
    if not reading.stand_for and not reading.papers:
        spelled_out = (rf"\(\s*{word}\s*\)|(?<![\w-]){word}\s*,\s*(?:a|an)\b"
                       rf"|\b(?:called|named|dubbed|termed)\s+[`'\"“]*{word}(?![\w-])")
    pattern = re.compile(spelled_out if reading.stand_for else f"{spelled_out}|{introduced}", re.IGNORECASE)
    index = parts.sentences
    found = [i for i, sentence in enumerate(index.sentences) if _defines(pattern, sentence, name)
             and (only is None or index.papers[index.sentence_paper[i]].id in only)]
    if not found:
        if reading.papers and not reading.stand_for:
            return answer_paper(parts, reading, reading.papers[0])  # "what is X?": the paper that names it
        if not reading.stand_for and not reading.papers:
            reading.defines, reading.intent = None, "list"  # "what are transformers": the papers using the word
            return answer_list(parts, reading, topic_concepts(parts, reading))
        return not_found(parts, reading, f"what {name} stands for")
    quotes = [Quote(sentence=index.sentences[i], paper=PaperRef.of(index.papers[index.sentence_paper[i]]), score=1.0)
              for i in found[:1]]
    return AskAnswer(question=reading.text, answer_type="fact", text=_from_text(quotes), quotes=quotes)


def _defines(pattern: re.Pattern[str], sentence: str, name: str) -> bool:
    """Whether `sentence` introduces `name` by `pattern`. "X (...)" introduces X only where the sentence writes X
    as a name ("MDP (Markov decision process)"), not a plain word before a remark in brackets ("through
    targeted exploration (possible due to ...)")."""
    for match in pattern.finditer(sentence):
        written = match.group(0)
        if not written.rstrip().endswith("(") or _name_like(written.rstrip(" (")):
            return True
    return False


def answer_fact(parts: AskParts, reading: Reading, concepts: Sequence[Concept]) -> AskAnswer:
    if reading.defines:
        return answer_definition(parts, reading)
    if reading.missing:
        return not_found(parts, reading)  # a word no paper uses: the question is about something else
    named = reading.papers[0] if reading.papers else None
    if not concepts:
        if named is not None and reading.asked is not None:
            sole = sole_value_sentence(parts, reading, frozenset({named.id}))  # "how big is X?"
            if sole is None:
                return _silent(reading, named)
            quote = Quote(sentence=parts.sentences.sentences[sole], paper=PaperRef.of(named), score=1.0)
            return AskAnswer(question=reading.text, answer_type="fact", text=_from_text([quote]), quotes=[quote])
        if named is not None and reading.wants_problem:
            return _problem_answer(parts, reading, named)  # "what problem does it address?"
        if named is not None:
            return answer_paper(parts, reading, named)
        return not_found(parts, reading)
    if named is None and sum(concept.weight for concept in concepts) < VAGUE_WEIGHT and not reading.missing:
        return answer_vague(parts, reading, concepts)
    only = frozenset({named.id}) if named is not None else None
    quotes = quotes_of(parts, ranked_sentences(parts, reading, concepts, only))
    if not quotes:
        if named is not None:
            return _silent(reading, named)
        return not_found(parts, reading)
    return AskAnswer(question=reading.text, answer_type="fact", text=_from_text(quotes), quotes=quotes)


def _silent(reading: Reading, paper: Paper) -> AskAnswer:
    """The named paper's abstract does not state what was asked."""
    name = short_title(paper)
    return declined(reading, f"The abstract of {name} ({paper.year}) doesn't say that.",
                    f"/paper {name} shows its abstract and key points.")


def answer_paper(parts: AskParts, reading: Reading, paper: Paper) -> AskAnswer:
    name = short_title(paper)
    return AskAnswer(question=reading.text, answer_type="list", text=f"{name} ({paper.year}) in short:",
                     papers=parts.record.listed([paper]), suggestion=f"/paper {name} shows the key points and "
                     "related papers.")


def _proposal(parts: AskParts, paper: Paper) -> Quote | None:
    """The sentence where the paper says what it contributes (`retrieval.roles`, as its summary reads it)."""
    index = parts.sentences
    own = [int(i) for i in np.flatnonzero(index.sentence_paper_arr == index.position(paper.id))]
    found = contribution_sentence([index.sentences[i] for i in own], paper.title)
    if found is None:  # no contribution verb: the first sentence that names the paper ("... (SSoC) learning scheme")
        names = parts.reader.names.names_of(paper)
        found = next((n for n, i in enumerate(own)
                      if {word.casefold() for word in re.findall(r"[\w+.-]+", index.sentences[i])} & names), None)
    if found is None:
        return None
    return Quote(sentence=index.sentences[own[found]], paper=PaperRef.of(paper), score=1.0)


def answer_compare(parts: AskParts, reading: Reading, concepts: Sequence[Concept]) -> AskAnswer:
    """Two named papers side by side: each one's best sentence on what was asked, or each in short."""
    first, second = reading.papers[0], reading.papers[1]
    names = f"{short_title(first)} ({first.year}) and {short_title(second)} ({second.year})"
    aspect = [concept for concept in concepts if concept.whole not in parts.sentences.title_terms_of(first.id)
              and concept.whole not in parts.sentences.title_terms_of(second.id) and not is_generic(concept.surface)]
    # ("the training-free one": a word as common as "one" is no aspect to compare them on)
    if not aspect:
        proposals = [_proposal(parts, paper) for paper in (first, second)]
        if all(proposals):
            return AskAnswer(question=reading.text, answer_type="fact", quotes=[q for q in proposals if q],
                             papers=parts.record.listed([first, second]),
                             text=f"{names} side by side — what each contributes, in its abstract's own words "
                             "(the abstracts do not compare them directly):")
        return AskAnswer(question=reading.text, answer_type="list", papers=parts.record.listed([first, second]),
                         text=f"{names}, each in short — the abstracts do not compare them directly:")
    found = {paper.id: quotes_of(parts, ranked_sentences(parts, reading, aspect, frozenset({paper.id}), strict=False,
                                                        threshold=COMPARE_COVERAGE), limit=1)
             for paper in (first, second)}
    silent = [paper for paper in (first, second) if not found[paper.id]]
    if len(silent) == 2:
        return declined(reading, f"Neither abstract says that ({names}).", f"/paper {short_title(first)}")
    if not silent:
        return AskAnswer(question=reading.text, answer_type="fact", quotes=found[first.id] + found[second.id],
                         text=f"{names} side by side — each abstract's own words; they are not compared directly:")
    # One abstract is silent on what was asked: still side by side (a comparison shows both), the silent one by
    # what it contributes, and the text says which abstract speaks to the question and which does not.
    mute = silent[0]
    proposal = _proposal(parts, mute)
    speaking = second if mute is first else first
    text = f"{names}: only {short_title(speaking)}'s abstract speaks to that ({short_title(mute)}'s does not)"
    if proposal is None:
        return AskAnswer(question=reading.text, answer_type="fact", text=text + ":", quotes=found[speaking.id])
    quotes = [proposal, *found[speaking.id]] if mute is first else [*found[speaking.id], proposal]
    return AskAnswer(question=reading.text, answer_type="fact", quotes=quotes,
                     text=text + f"; next to it, what {short_title(mute)} contributes, in its own words — they are "
                     "not compared directly:")


EXAMPLE_MAX_ZIPF = 5.0
"""A word this common in everyday English ("towards", "simple", "using") makes no example topic."""


def example_topic(parts: AskParts) -> str | None:
    """A topic of this profile's titles that several papers share but not most: a phrase of two title words
    when one recurs ("machine translation", "diffusion models"), else one word ("imitation")."""
    papers = parts.profile.papers
    common = max(2, len(papers) // 4)
    phrases: Counter[str] = Counter()
    singles: Counter[str] = Counter()
    for paper in papers:
        run = [word.surface for word in words(strip_latex(paper.title))]
        usable = [_example_word(word) for word in run]
        singles.update(dict.fromkeys((word.casefold() for word, ok in zip(run, usable, strict=True)
                                     if ok and len(word) >= 5), 1))
        phrases.update(dict.fromkeys((f"{a} {b}".casefold() for (a, ok_a), (b, ok_b)
                                     in itertools.pairwise(zip(run, usable, strict=True)) if ok_a and ok_b), 1))
    for counts in (phrases, singles):
        fitting = [topic for topic, n in counts.items() if 2 <= n <= common]
        if fitting:
            return max(fitting, key=lambda topic: (counts[topic], -len(topic), topic))
    return None


def _example_word(word: str) -> bool:
    """A title word that can be a topic: a content word, not a question word, not everyday English."""
    tokens = tokenize(word)
    return bool(tokens) and word.casefold() not in STOPWORDS and tokens[0] not in FRAME and (
        zipf(word) < EXAMPLE_MAX_ZIPF) and any(char.isalpha() for char in word)


def example_questions(parts: AskParts) -> list[str]:
    """Three questions this profile can answer, built from its own papers (a named paper, a topic, a year)."""
    papers = sorted(parts.profile.papers, key=lambda paper: paper.date, reverse=True)
    if not papers:
        return ["How many papers are there?", "What is the h-index?"]
    named = next((short_title(p) for p in papers if short_title(p) != p.title), None)
    examples = [f"What is the {named or papers[0].title} paper about?"]  # reads right for any name, plural too
    if topic := example_topic(parts):
        examples.append(f"Which papers are about {topic}?")
    examples.append(f"How many papers in {papers[0].year}?")
    return examples


def how_to(parts: AskParts, reading: Reading | None = None, *, howto: bool = False) -> AskAnswer:
    examples = ", ".join(f"“{example}”" for example in example_questions(parts))
    name = parts.profile.name
    if howto:
        text = (f"I know {name}'s papers. Ask in plain words, for example: {examples}. Commands: /papers <words> "
                "searches titles and abstracts (filters: year_from, year_to, category, has_code; sort: newest or "
                "oldest), /paper <title> shows one paper — its TL;DR, key points and related papers, with buttons "
                "to Cite it (BibTeX), Ask about it alone or Discuss it in a thread — /stats the record (h-index, "
                "citations, papers per year), /ask a question; mention me or send a direct message to ask without "
                "a command, and reply to one of my answers to follow up.")
    else:
        text = f"Ask me about {name}'s papers in plain words, for example: {examples}."
    return AskAnswer(question=reading.text if reading else "", answer_type="howto" if howto else "empty", text=text,
                     suggestion="/help lists every command.")


def answer_reading(parts: AskParts, reading: Reading, question: str) -> AskAnswer:
    """The answer for a question already read (see the module docstring)."""
    match reading.stopped:
        case "empty":
            return how_to(parts)
        case "too_long":
            return declined(reading, f"That message is too long to be one question ({reading.length:,} characters). "
                            f"Ask in a sentence or two (under {MAX_QUESTION_CHARS} characters).",
                            "Try a short question, or /papers with a few keywords.")
        case "request":
            return declined(reading, f"I only answer questions about {parts.profile.name}'s papers — I can't do "
                            "that.", "Try /help to see what I can answer.")
        case "foreign":
            known = [word for word in reading.text.split() if any(parts.sentences.doc_freq.get(t) for t in
                                                                   tokenize(word))]
            return declined(reading, "I can only read questions in English. Please ask again in English.",
                            search_suggestion([w.strip("¿?¡!.,") for w in known]) if known
                            else "Try /papers with a few English keywords.")
    if reading.intent == "scope":
        name = short_title(reading.papers[0]) if reading.papers else "this paper"
        return declined(reading, f"Here I answer from {name} alone; that question is about all of "
                        f"{parts.profile.name}'s papers.", "Ask it with /ask.")
    if reading.unresolved:
        return declined(reading, "I'm not sure which paper you mean: there is no earlier answer of mine to go on "
                        "here. Ask again with the paper's name.", "/papers finds a paper by its words.")
    if not parts.profile.papers and reading.intent not in ("howto", "metric", "record"):
        return declined(reading, f"{parts.profile.name}'s profile has no papers yet.")
    concepts = topic_concepts(parts, reading)
    match reading.intent:
        case "howto":
            return how_to(parts, reading, howto=True)
        case "empty":
            answer = how_to(parts, reading)
            return answer
        case "metric":
            return metric_answer(parts.record, reading)
        case "record":
            return record_answer(parts.record, reading)
        case "meta":
            return meta_answer(parts.record, reading, reading.papers[0])
        case "paper":
            return answer_paper(parts, reading, reading.papers[0])
        case "compare":
            return answer_compare(parts, reading, concepts)
        case "count":
            return answer_count(parts, reading, concepts)
        case "list":
            if not concepts and not reading.filtered and reading.within is None and reading.sort == "relevance":
                return not_found(parts, reading, f"papers about {reading.topic}" if reading.topic else "that")
            if reading.one_paper:
                return answer_one_paper(parts, reading, concepts)
            return answer_list(parts, reading, concepts)
    return answer_fact(parts, reading, concepts)



def answer_question(
    parts: AskParts, question: str, *, paper_id: str | None = None, context: AskContext | None = None
) -> AskAnswer:
    """The /ask answer for a plain-words question (see the module docstring).

    `context` is the previous answer's (`AskAnswer.context`): a follow-up continues it. With `paper_id` the
    answer comes from that paper alone (or says its abstract does not state it)."""
    reading = parts.reader.read(question)
    if paper_id is not None:
        paper = parts.by_id.get(paper_id)
        if paper is None:
            answer = declined(reading, "I don't know that paper.", "Try /paper with its title.")
            answer.parse = reading.parse()
            return answer
        reading = about_paper(reading, paper)
    else:
        reading = same_question_about(reading, context, parts.reader.names, parts.reader.read)
        reading = follow_up(reading, context, parts.by_id)
    answer = answer_reading(parts, reading, question)
    answer.parse = reading.parse()
    if reading.corrections and answer.answer_type not in ("not_found", "empty"):
        read_as = ", ".join(f"“{typed}” as “{meant}”" for typed, meant in reading.corrections.items())
        answer.text = f"(Reading {read_as}.) {answer.text}"
    return answer


def about_paper(reading: Reading, paper: Paper) -> Reading:
    """A question asked about one given paper ("Ask about this paper"): every answer comes from it."""
    if reading.stopped:
        return reading
    if reading.intent == "record" and reading.record == "coauthors":
        reading.meta_cue = "authors"  # "who are the co-authors?": this paper's authors
    if reading.intent in ("count", "record") and not reading.meta_cue:
        reading.unresolved, reading.intent = False, "scope"  # about the whole profile: not this paper's to answer
    reading.papers = [paper]
    reading.refers = None
    reading.within = frozenset({paper.id})
    reading.restricted = True
    if reading.intent == "record" and reading.record == "coauthors":
        reading.meta_cue = "authors"
    if reading.meta_cue and not (reading.meta_cue == "code" and reading.topic_words):
        reading.intent, reading.meta = "meta", reading.meta_cue
    elif reading.intent not in ("fact", "paper", "metric", "howto", "scope"):
        reading.intent = "fact" if reading.topic_words else "paper"
    return reading
