"""A question about one paper (the Ask button under a paper): answered with that paper's own sentences.

The question engine's sentence index (`retrieval/ask.py`) is built over the whole profile, since a word's
weight depends on how many papers use it; here only the asked paper's sentences may answer. A sentence
must cover enough of the question (`ask.FACT_COVERAGE`, the title's words counting as covered), so an
unrelated sentence is never offered as the answer: then the reply says it was not found in that paper.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrieval import ask
from retrieval.answers import AskAnswer, PaperRef, Quote
from retrieval.models import Paper
from retrieval.questions import clean_question

if TYPE_CHECKING:
    from retrieval.service import Library


def answer_about_paper(library: Library, paper: Paper, question: str) -> AskAnswer:
    text = clean_question(question)
    name = ask.short_title(paper)
    if not text:
        return AskAnswer(question="", answer_type="empty", text=f"Ask something about {name}, e.g. what it proposes "
                         "or what it reaches on a benchmark.")
    index = ask.ask_index(library)
    concepts = index.concepts(text, ask.owner_stems(library.profile.name))
    quotes = _quotes(index, paper, concepts) if concepts else []
    if not quotes:
        return AskAnswer(question=text, answer_type="not_found", text=f"I couldn't find that in {name}.",
                         suggestion=f"/ask searches all of {library.profile.name}'s papers.")
    return AskAnswer(question=text, answer_type="fact", text=f"From {name} ({paper.year}):", quotes=quotes)


def _quotes(index: ask.AskIndex, paper: Paper, concepts: list[ask.Concept]) -> list[Quote]:
    position = next((i for i, candidate in enumerate(index.papers) if candidate.id == paper.id), None)
    if position is None:
        return []
    scores = index.sentence_scores(concepts)
    ranked = []
    for i in (i for i, owner in enumerate(index.sentence_paper) if owner == position and scores[i] > 0):
        share = ask.coverage(concepts, index.sentence_terms[i])
        if share >= ask.FACT_COVERAGE:
            ranked.append((float(scores[i]) * share, i))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    if not ranked:
        return []
    best = ranked[0][0]
    return [Quote(sentence=index.sentences[i], paper=PaperRef.of(paper), score=round(score, 4))
            for score, i in ranked[: ask.MAX_QUOTES] if score >= ask.QUOTE_RATIO * best]
