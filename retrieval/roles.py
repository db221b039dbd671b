"""What each sentence of an abstract does: background, problem, contribution, method, result, release.

Transparent rules, no model: cue phrases that any field's abstracts use ("however", "we propose", "experiments
show", "outperforms", "code is available"), and the sentence's place relative to the contribution. The displayed
summary (retrieval/display_summary.py) picks its TL;DR and key points by these roles, and bench/rubric.py checks
them with the same reading.

A *headline figure* is a number that reports a result: a percentage ("66.4%"), a factor ("2×", "3-fold"), a
score with decimals ("FID of 3.02"), or an amount of change ("by 11.5", "from 48.0 to 57.0", "2.4 points"), in a
sentence that also says what was achieved. Sizes and settings are not results: "7B", "2.7 billion parameters",
"512×512", "8 datasets", "GPT-3.5", years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from retrieval.clauses import dangling, tokens

_COMMON = frozenset(tokens("the and for with from into via using towards toward our this that are its their"))

Role = Literal["background", "problem", "contribution", "method", "result", "release"]

CONTRIBUTION = re.compile(
    r"\b(?:we|this (?:paper|work|study|article|thesis|report)|the present (?:paper|work|study)|here we)\s+"
    r"(?:\w+\s+)?(?:propose|proposes|present|presents|introduce|introduces|develop|develops|design|designs|devise|"
    r"devises|describe|describes|formulate|formulates|build|builds|construct|constructs|contribute|contributes|"
    r"offer|offers|put forward|puts forward|establish|establishes|derive|derives|create|creates|release|releases)\b",
    re.I,
)
# "We aim to fill this gap and introduce X", "we take a step back and propose Y": the verb after "and" states it.
JOINED_CONTRIBUTION = re.compile(
    r"\bwe\s+(?:[\w-]+,?\s+){1,10}?and\s+(?:then\s+|also\s+|further\s+)?(?:propose|present|introduce|develop|design|"
    r"devise)\b",
    re.I,
)
# "we study/investigate/analyze X": a contribution only when no sentence proposes anything.
WEAK_CONTRIBUTION = re.compile(
    r"\b(?:we|this (?:paper|work|study|article))\s+(?:\w+\s+)?(?:stud(?:y|ies)|investigates?|analy[sz]es?|explores?|"
    r"performs?|conducts?|carry out|carries out|"
    r"examines?|revisits?|show|shows|demonstrates?|make the attempt|aims?|focus(?:es)?|address(?:es)?|tackles?|"
    r"consider|considers|provide|provides|survey|surveys|review|reviews|report|reports|evaluate|evaluates|"
    r"attempt to|seek to|aim to)\b",
    re.I,
)
# "In this work, we exploit ...", "Here we use ...": whatever the verb, the paper says what it does.
SELF_LEAD = re.compile(r"^(?:in this (?:paper|work|study|article)|here)\s*,?\s*we\s+[a-z]", re.I)
PROBLEM = re.compile(
    r"\b(?:however|unfortunately|despite|drawbacks?|shortcomings?|inefficien\w*|insufficient|cannot|can't|unable|"
    r"gap|challeng\w*|problem\w*|remains?|limit(?:s|ed|ation|ations)?|suffer\w*|difficult\w*|lack\w*|costly|incur\w*|"
    r"expensive|bottleneck\w*|fail\w*|struggle\w*|unclear|open question|hinder\w*|issue\w*|prohibitive\w*|"
    r"impractical|infeasible|poorly|vulnerab\w*|bias(?:es|ed)?|degrad\w*|deteriorat\w*|ill-suited|unsolved|"
    r"little is known|not well understood|overlook\w*|neglect\w*|ignor(?:e|es|ed|ing)|restrict\w*)\b",
    re.I,
)
# A claim of what was achieved; a purpose ("to improve", "to further reduce") is not one.
_PURPOSE = r"(?<!\bto )(?<!\bto further )(?<!\bto significantly )"
_CLAIM_VERBS = (
    r"outperform\w*|achieve[sd]?|improve[sd]?|improvements?|surpass(?:es|ed)?|exceed(?:s|ed)?|beats?|yield(?:s|ed)?|"
    r"attain(?:s|ed)?|obtain(?:s|ed)?|reach(?:es|ed)?|reduce[sd]?|reductions?|boost(?:s|ed)?|gains?|speed-?ups?|"
    r"accelerate[sd]?|sets? (?:a )?new|state-of-the-art|sota|competitive|comparable|superior|"
    r"(?:better|higher|lower|faster|fewer|smaller|larger) than|accuracy|"
    r"(?:results?|experiments?|evaluations?|analys[ie]s|studies|simulations?|tests?|ablations?|validation) "
    r"(?:[\w,()-]+ ){0,12}?(?:show|shows|showed|demonstrate|demonstrates|demonstrated|indicate|indicates|confirm|"
    r"confirms|reveal|reveals|suggest|suggests|verify|verifies|validate|validates|illustrate|illustrates)|"
    r"we (?:\w+ )?(?:show|find|found|observe|demonstrate|prove|establish|verify|confirm)|"
    r"(?:find|finds|found|show|shows|prove|proves|observe|reveal|reveals) that|(?:results?|findings?) (?:is|are) that"
)
RESULT = re.compile(_PURPOSE + r"\b(?:" + _CLAIM_VERBS + r")\b", re.I)
# A claim of its own, not a frame that reports one ("results show", "we find"): what is left when a result says
# "... demonstrate the effectiveness of our method" and nothing else.
_SUBSTANTIVE = re.compile(
    _PURPOSE + r"\b(?:outperform\w*|achieve[sd]?|improve[sd]?|improvements?|surpass(?:es|ed)?|exceed(?:s|ed)?|beats?|"
    r"yield(?:s|ed)?|attain(?:s|ed)?|reach(?:es|ed)?|reduce[sd]?|reductions?|boost(?:s|ed)?|gains?|speed-?ups?|"
    r"accelerate[sd]?|sets? (?:a )?new|state-of-the-art|sota|competitive|comparable|superior|"
    r"(?:(?!other\b|rather\b|whether\b)[a-z]{2,}er|(?:more|less) (?!than\b)[a-z]+|fewer) than)\b",
    re.I,
)
# With a figure, a participle reports a result too: "..., achieving 2.2% higher accuracy".
_FIGURE_CLAIM = re.compile(
    _PURPOSE + r"\b(?:" + _CLAIM_VERBS + r"|achieving|improving|reducing|outperforming|surpassing|exceeding|"
    r"yielding|attaining|obtaining|reaching|boosting|accelerating|maintaining|retaining|preserving|higher|lower|"
    r"better|faster|fewer|smaller|up to|speeds? up)\b",
    re.I,
)
RELEASE = re.compile(
    r"https?://|\bgithub\b|\b(?:code|codes|data|dataset|datasets|models?|implementation|benchmark|checkpoints?|"
    r"weights|software|tool(?:kit)?|library)\b[^.]{0,80}\b(?:is|are|will be|has been|have been|be) "
    r"(?:made )?(?:publicly |freely |openly )?(?:available|released|open-?sourced|accessible)\b|"
    r"\bwe (?:will )?(?:publicly )?(?:release|open-?source)\b[^.]{0,80}\b(?:code|data|dataset|models?|weights|"
    r"checkpoints?|benchmark)\b|\bwe make\b[^.]{0,60}\b(?:publicly |freely |openly )?available\b",
    re.I,
)

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_PERCENT = _NUMBER + r"\s?(?:%|percent\b|percentage points?\b|pp\b)"
_FACTOR = (
    _NUMBER + r"\s?(?:×|x\b|X\b|-fold\b|fold\b|times\b)(?!\s?\d)"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|thousand)-?fold\b"
)
_DECIMAL = r"(?<![\w.-])\d+\.\d+(?!\.?\d)(?!\s?(?:billion|million|thousand|[BMK]\b|[kK]?[mM]?[bB]?\s?params))"
_CHANGE = (
    r"\bfrom \d+(?:\.\d+)? to \d+(?:\.\d+)?(?![\w.])"
    r"|\bby (?:over |about |around |approximately |nearly |up to |at least |more than )?\d+(?:\.\d+)?(?![\w.])"
    r"(?!\s?(?:billion|million|thousand|datasets?|tasks?|languages?|benchmarks?|models?|layers?|tokens?))"
    r"|\b\d+(?:\.\d+)?\s?(?:points?|BLEU|dB|FID|mAP|AP|F1|pts)\b"
)
_FIGURE = re.compile(rf"(?:{_PERCENT})|(?:{_FACTOR})|(?:{_DECIMAL})|(?:{_CHANGE})", re.I)
# Dimensions ("512×512", "256 x 256") and versions ("GPT-3.5", "v2.1") are never figures.
_NOT_FIGURE = re.compile(
    r"\d\s?[×x]\s?\d|[A-Za-z]-?\d+\.\d+|\bv\d+(?:\.\d+)+|\b(?:19|20)\d\d\b"
    # "Our contributions are two-fold." counts the parts of the paper, not a result
    r"|\b(?:contributions?|aims?|goals?|objectives?|purposes?|benefits?|advantages?|challenges?|reasons?|parts?)"
    r"\s+(?:of [\w ]{1,30}?)?(?:is|are|was|were)\s+(?:\w+-?fold|\d+\s?-?fold)\b",
    re.I,
)
# A factor ("60×", "two-fold") or an amount of change ("by more than 60") says what was achieved by itself:
# "Our method is able to compress the model by more than 60×" has no claim verb and states a result.
_SELF_CLAIMING = re.compile(r"×|\bfold\b|-fold\b|^by\b", re.I)


# The paper's own voice as the subject: "We study ...", "In this work, we find ...", "Our analysis shows ...".
_OWN_WORK = re.compile(r"^(?:[^,]{0,60},\s*)?(?:we|our)\b(?! all know)(?!\s+know)", re.I)


# A finding stated before the contribution sentence: "A surprising result is that ...", "We find that ...".
_FINDING = re.compile(r"\b(?:results?|findings?|observations?) (?:is|are|was|were) that\b", re.I)
# A result that says only that the method works: "Experiments demonstrate the effectiveness of our method."
_MERITS = (
    r"(?:effectiveness|efficacy|superiority|effect|efficiency|advantages?|benefits?|merits?|usefulness|"
    r"feasibility|validity|potential|flexibility|versatility|utility|applicability|generality|power)"
)
GENERIC_RESULT = re.compile(
    rf"\b{_MERITS}\s+(?:and \w+ )?of\s+(?:our|the proposed|the|this|these)\b"
    # "We demonstrate the increased potential for analysis." (what was left of "... by applying X to Y")
    rf"|\b(?:demonstrate|show|illustrate|highlight)[sd]?\s+(?:the\s+)?(?:[\w-]+\s+)?{_MERITS}\s+for\b"
    # "... demonstrate SepLLM's effectiveness", "... show our method's superiority"
    rf"|\b[\w-]+['’]s\s+{_MERITS}(?:\s+and\s+\w+)?\b",
    re.I,
)


_EVALUATION_TEXT = (
    "method methods approach approaches algorithm algorithms model models framework frameworks technique "
    "system proposed competing baseline baselines various many several different extensive multiple "
    "datasets dataset data sets tasks task benchmarks benchmark settings experiments results over on in "
    "across and the a an of our its their this these both well state-of-the-art existing"
)
_EVALUATION_WORDS = frozenset(_EVALUATION_TEXT.split())


@lru_cache(maxsize=16384)
def generic(sentence: str) -> bool:
    """A result claim with no content of its own ("demonstrate the effectiveness of our method over many competing
    algorithms"): no figure, and fewer than two words after the claim that are not evaluation boilerplate."""
    match = GENERIC_RESULT.search(sentence)
    if match is None or figures(sentence):
        return False
    rest = re.findall(r"[\w-]+", sentence[match.end() :].lower())
    return sum(word not in _EVALUATION_WORDS for word in rest) < 2


@lru_cache(maxsize=16384)
def states_claim(sentence: str) -> bool:
    """The sentence claims something was achieved or found ("outperforms", "has good privacy guarantees" is not
    one; "we show that", "improves" are)."""
    return RESULT.search(sentence) is not None or _SUBSTANTIVE.search(sentence) is not None


@lru_cache(maxsize=16384)
def merit_only(sentence: str) -> bool:
    """A result that claims only that the method works: `generic`, with no claim of its own before the merit
    phrase ("Experiments on X demonstrate SepLLM's effectiveness", not "AFLAC is superior to baselines,
    supporting the efficacy of ...")."""
    match = GENERIC_RESULT.search(sentence)
    return generic(sentence) and match is not None and not _SUBSTANTIVE.search(sentence[: match.start()])


def figures(sentence: str) -> list[str]:
    """The result figures a sentence states ("66.4%", "2×", "3.02", "by 11.5"), in order."""
    return list(_figures(sentence))


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=16384)
def _figures(sentence: str) -> tuple[str, ...]:
    """Cached: the roles, the TL;DR and the key points ask about the same sentences and cuts of them."""
    if _DIGIT.search(sentence) is None and "fold" not in sentence:
        return ()
    masked = _NOT_FIGURE.sub(lambda m: "#" * len(m.group()), sentence)
    return tuple(sentence[m.start() : m.end()].strip() for m in _FIGURE.finditer(masked))


@lru_cache(maxsize=16384)
def states_figure(sentence: str) -> bool:
    """A result figure in a sentence that says what was achieved (not "we use 8 datasets")."""
    found = _figures(sentence)
    return bool(found) and (bool(_FIGURE_CLAIM.search(sentence)) or any(_SELF_CLAIMING.search(f) for f in found))


# Words one of which every release statement has (a cheap test before the RELEASE expression).
_RELEASE_WORDS = ("http", "github", "availab", "releas", "source", "accessib")


def releases(sentence: str) -> bool:
    """The sentence says where code, data or models are (or will be) available."""
    lowered = sentence.lower()
    return any(word in lowered for word in _RELEASE_WORDS) and RELEASE.search(sentence) is not None


@dataclass
class Reading:
    """The roles of an abstract's sentences, and the sentences a summary is built around."""

    roles: list[Role]
    contribution: int | None
    headline: int | None = None
    figure_sentences: list[int] = field(default_factory=list)

    def of(self, role: Role) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]


_PROPOSE = re.compile(
    r"\b(?:we|this (?:paper|work|study|article))\s+(?:\w+\s+)?(?:propose|proposes|present|presents|introduce|"
    r"introduces)\b",
    re.I,
)


# A sentence that adds to what was said before: "Finally, we ...", "Moreover, ...", "We also ...".
SECONDARY = re.compile(
    r"^(?:finally|moreover|furthermore|additionally|in addition|besides|also|lastly|further)\b|^we (?:also|further)\b",
    re.I,
)


def _stems(text: str) -> set[str]:
    """Content-word stems of longer words, for comparing a sentence with the title ("chains" ~ "chain")."""
    return {t for t in tokens(text) if len(t) > 2 and t not in _COMMON}


# "such overfitting", "these studies", "this gap": a noun phrase that names something said before (unless the
# sentence named it first: "a robotic system ... such a system").
_DEMONSTRATIVE_NOUN = re.compile(
    r"\b(?:such(?: an?)?|these|those|this)\s+(?!as\b|that\b|paper\b|work\b|study\b|article\b)([\w-]+)", re.I
)


def _points_back(sentence: str) -> bool:
    for match in _DEMONSTRATIVE_NOUN.finditer(sentence):
        noun = tokens(match.group(1))
        if noun and noun[0] not in tokens(sentence[: match.start()]):
            return True
    return False


def _self_contained_lead(sentence: str) -> bool:
    """'In this work, we exploit the insight that ...' (not 'In this work, we take a step towards this challenge',
    which says what the paper does only with the sentence before it)."""
    return bool(SELF_LEAD.search(sentence)) and not dangling(sentence) and not _points_back(sentence)


def _joined_back(sentence: str) -> bool:
    """'We aim to fill this gap and introduce X': what comes before 'and' only points back, so the sentence states
    a contribution as plainly as 'We introduce X' (one that says something of its own, 'We outline the challenges
    and propose a pipeline', is a weaker one)."""
    match = JOINED_CONTRIBUTION.search(sentence)
    return bool(match) and bool(_POINTS_BACK.search(match.group()))


_POINTS_BACK = re.compile(r"\b(?:this|these|those|such|it|them)\b", re.I)


def contribution_sentence(sentences: list[str], title: str = "", preferred: int | None = None) -> int | None:
    """The sentence that states what the paper contributes.

    Among sentences with a contribution verb ("we propose", "this paper introduces"), the one sharing most words
    with the title (a name it defines counts double), earlier on ties; `preferred` (the TL;DR ranker's choice)
    wins ties. Without one, a "we study/show" sentence; else `preferred`.
    """
    ranked = contribution_candidates(sentences, title, preferred)
    return ranked[0] if ranked else preferred


def contribution_candidates(sentences: list[str], title: str = "", preferred: int | None = None) -> list[int]:
    """The sentences that state a contribution, best first (see `contribution_sentence`)."""
    strong = [i for i, s in enumerate(sentences) if CONTRIBUTION.search(s) or _joined_back(s)]
    # "Finally, we develop ..." adds to the paper; when every strong sentence is such an addition, the
    # "we show/study" sentences compete too
    adds_only = bool(strong) and all(SECONDARY.match(sentences[i]) for i in strong)
    weak = [] if strong and not adds_only else [
        i
        for i, s in enumerate(sentences)
        if (WEAK_CONTRIBUTION.search(s) or JOINED_CONTRIBUTION.search(s) or _self_contained_lead(s)) and i not in strong
    ]
    pool = strong + weak if adds_only else strong or weak
    if not pool:
        return []
    title_words = _stems(title)
    name = title.partition(":")[0].strip().lower() if ":" in title else ""

    def score(i: int) -> tuple[float, int, int]:
        overlap = len(_stems(sentences[i]) & title_words) + (2 if name and name in sentences[i].lower() else 0)
        # a verb deep inside a long sentence ("We show that: i) ... iv) we introduce ...") is not its main clause
        match = (CONTRIBUTION if i in strong else WEAK_CONTRIBUTION).search(sentences[i])
        match = match or JOINED_CONTRIBUTION.search(sentences[i])
        buried = 3 if match and match.start() > 150 else 0
        # "we propose/present/introduce" names the contribution more often than "we derive/build", and the first
        # sentence that states one usually states the main one
        headline_verb = 1.0 if _PROPOSE.search(sentences[i]) else 0.0
        first = 1.0 if i == min(pool) else 0.0
        secondary = 2.0 if SECONDARY.match(sentences[i]) else 0.0
        own = 1.0 if SELF_LEAD.search(sentences[i]) else 0.0
        return (min(overlap, 4) + headline_verb + first + own - buried - secondary, i == preferred, -i)

    return sorted(pool, key=score, reverse=True)


def read(sentences: list[str], title: str = "", preferred: int | None = None) -> Reading:
    """Assign every sentence a role; find the contribution and the headline result."""
    contribution = contribution_sentence(sentences, title, preferred)
    roles: list[Role] = []
    for i, sentence in enumerate(sentences):
        roles.append(_role(i, sentence, contribution))
    figure_sentences = [i for i, s in enumerate(sentences) if roles[i] == "result" and states_figure(s)]
    after = [i for i in figure_sentences if contribution is None or i > contribution]
    headline = (after or figure_sentences or [None])[0]
    return Reading(roles=roles, contribution=contribution, headline=headline, figure_sentences=figure_sentences)


def _role(i: int, sentence: str, contribution: int | None) -> Role:
    if i == contribution:
        return "contribution"
    if releases(sentence) and not states_figure(sentence):
        return "release"
    before = contribution is not None and i < contribution
    if before or (contribution is None and i == 0):
        # the paper's own steps may come before its main contribution sentence ("We study ...", "We find ...")
        if _OWN_WORK.search(sentence):
            return "result" if RESULT.search(sentence) else "method"
        if _FINDING.search(sentence):
            return "result"
        return "problem" if PROBLEM.search(sentence) else "background"
    if states_figure(sentence) or RESULT.search(sentence):
        return "result"
    return "method"
