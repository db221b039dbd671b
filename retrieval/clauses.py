"""Sentence surgery for summaries: compressions that only cut, and checks that a cut reads on its own.

Every function here returns text made of the input's own words (only the first letter may be capitalised):
lead-ins dropped ("In this paper, we propose" -> "We propose"), parentheticals and praise words dropped, a
sentence cut before a trailing clause. `dangling` tells whether a text points back to something it does not
contain ("this issue", "They ..."), `fragment` whether it is an introductory phrase without its main clause.
Shared by the TL;DR ranker (retrieval/summarize.py) and the displayed summary (retrieval/display_summary.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

# --------------------------------------------------------------------------------------------------------------
# Tokens (the same normalisation ROUGE uses: lower case, alphanumeric runs, Porter stems for words over 3 letters)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_STEMMER = Stemmer.Stemmer("porter")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word) if len(word) > 3 else word


def tokens(text: str) -> list[str]:
    return list(_tokens(text))


@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[str, ...]:
    """Cached: the ranker and the display compare the same sentences and cuts many times over."""
    return tuple(_stem(t) for t in _NON_ALNUM.sub(" ", text.lower()).split())


# --------------------------------------------------------------------------------------------------------------
# Compressions. Each returns a shorter readable sentence made of the same words, or the input unchanged.

_LEAD_PHRASES = (
    r"(?:(?:in|within) (?:this|the present|our) (?:[\w-]+ )?(?:paper|work|study|article|note)|here|"
    r"to (?:this|that) end|"
    r"to (?:address|tackle|solve|overcome|alleviate|mitigate|bridge|fill|remedy|handle|resolve) (?:this|these|that|"
    r"the|such)(?: (?:[\w-]+ ){0,3}?[\w-]+)?|specifically|concretely|in particular|moreover|furthermore|additionally|"
    r"in addition|finally|also|thus|therefore|hence|consequently|first|firstly|second|secondly|third|lastly|"
    r"instead|however|unfortunately|motivated by [^,]+|inspired by [^,]+|as a result|overall|to do so|to this aim|"
    r"towards this goal|with this in mind|in contrast|by contrast|on the other hand|in this regard|as such|namely|"
    r"intuitively|importantly|crucially|surprisingly|interestingly|empirically|theoretically|experimentally)"
)
_LEAD_WITH_COMMA = re.compile(r"^" + _LEAD_PHRASES + r"\s*,\s*", re.I)
_LEAD_BARE = re.compile(r"^(?:in this (?:paper|work)|here)\s+(?=we\b)", re.I)
# A parenthetical after a space ("models (LLMs)"), not an argument list glued to a word ("softmax(x)").
_PARENTHETICAL = re.compile(r"\s+\([^()]*\)")
# A leading clause before the subject: "Different from previous works ..., in this work, we present ..." -> "we ...".
_SUBJECT = r"(?:we|this (?:paper|work|study|article)|our (?:\w+ )?(?:method|approach|work|model|framework|results?))\b"
_LEAD_CLAUSE = re.compile(r"^[^()]{3,200}?,\s+(?=" + _SUBJECT + ")", re.I)
_TRAILING_CLAUSE = re.compile(
    r"(?:,|;|:| -+| —)\s*(?:which|where|while|whereas|achieving|resulting|leading|yielding|allowing|enabling|"
    r"making|thereby|and thus|thus|as well as|including|such as|e\.g\.|i\.e\.|but|using|by|with|without|based|"
    r"outperforming|improving|reducing|showing|demonstrating|providing|obtaining|requiring|given|since|because|"
    r"so that|in order|especially|particularly|compared|than|for)\b",
    re.I,
)
_AND_CLAUSE = re.compile(r",\s*and\b")
# Cut points without a comma: a relative clause or a means/manner phrase after the main clause.
_TIGHT_CLAUSE = re.compile(
    r"\s(?:that|which|by|using|via|through|based on|in order to|without|whereby|so that|such that|"
    r"leading to|resulting in|achieving|while|"
    r"to (?:address|tackle|solve|overcome|mitigate|alleviate|remedy|resolve|handle) (?:this|these|the|such|that))\s",
    re.I,
)
_CLAUSE_BOUNDARY = re.compile(r"[,;:]\s|\s[-—–]+\s")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def strip_lead(sentence: str) -> str:
    """'In this paper, we propose X.' -> 'We propose X.'; 'To address this issue, we ...' -> 'We ...'."""
    for _ in range(3):
        shorter = _LEAD_BARE.sub("", _LEAD_WITH_COMMA.sub("", sentence))
        removed = sentence[: len(sentence) - len(shorter)]
        # "Motivated by X (e.g., shape) for Y, we propose": the comma inside the brackets ends no lead-in
        if shorter == sentence or removed.count("(") != removed.count(")"):
            break
        sentence = shorter
    return _capitalise(sentence)


_FILLER = re.compile(
    r"(?P<article>\b(?:a|an|the|our|this|these|its|their)\s+)"
    r"(?:novel|new|simple(?: yet| but)? effective|simple|effective|efficient|general|generic|principled|powerful|"
    r"unified|flexible|elegant|straightforward|well-known|so-called|promising|extensive|comprehensive|various|"
    r"several)\s+(?P<next>(?!(?:and|or|but|yet|as|to|than)\b)[\w-]+)",
    re.I,
)


# Letters whose names start with a vowel sound: "an RND-based detector", "a GAN".
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")


def article_agrees(article: str, word: str) -> bool:
    """'a'/'an' before `word` as it is read: by its first letter's name for an acronym ("an RND", "a GAN")."""
    acronym = re.match(r"[A-Z][A-Z0-9]", word) is not None
    wants_an = word[0] in _VOWEL_LETTERS if acronym else word[:1].lower() in "aeiou"
    return (article == "an") == wants_an


def _drop_filler(match: re.Match[str]) -> str:
    article, following = match.group("article"), match.group("next")
    bare = article.strip().lower()
    if bare in ("a", "an") and not article_agrees(bare, following):
        return match.group(0)  # "a novel approach" would become "a approach": keep it
    return article + following


def drop_fillers(sentence: str) -> str:
    """'We propose a novel method' -> 'We propose a method': praise words a TL;DR rarely keeps (after a determiner)."""
    return _capitalise(_FILLER.sub(_drop_filler, sentence))


def strip_lead_clause(sentence: str) -> str:
    """Everything before the subject "we" / "this paper" / "our method" when a comma-ended clause precedes it."""
    return _capitalise(_LEAD_CLAUSE.sub("", sentence, count=1))


def drop_parentheticals(sentence: str, keep_numbers: bool = False) -> str:
    """'large language models (LLMs) work' -> 'large language models work'; with keep_numbers, '(66.4%)' stays."""
    if keep_numbers:
        shorter = _PARENTHETICAL.sub(lambda m: m.group() if re.search(r"\d", m.group()) else "", sentence)
    else:
        shorter = _PARENTHETICAL.sub("", sentence)
    return shorter if len(shorter.split()) >= 4 else sentence


def _end(text: str) -> str:
    text = text.rstrip(" ,;:-—–")
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def trailing_cuts(sentence: str, min_words: int = 6) -> list[str]:
    """The sentence cut before each trailing clause (', which ...', ', achieving ...'), longest head kept >= 6 words."""
    cuts = []
    for match in _TRAILING_CLAUSE.finditer(sentence):
        head = sentence[: match.start()]
        if len(head.split()) >= min_words and head.count("(") == head.count(")"):
            cuts.append(_end(head))
    # ", and ..." ends a clause only when the head is not itself a list ("A, B, and C").
    for match in _AND_CLAUSE.finditer(sentence):
        head = sentence[: match.start()]
        if len(head.split()) >= min_words and "," not in head and head.count("(") == head.count(")"):
            cuts.append(_end(head))
    return sorted(set(cuts), key=len)


# Words after which "that" opens the object of the sentence, not a relative clause: "We show that ..." must not
# become "We show.", nor "fair in the sense that ..." become "fair in the sense.".
_COMPLEMENT_THAT = re.compile(
    r"\b(?:show|demonstrate|prove|find|found|observe|reveal|verify|establish|indicate|suggest|argue|claim|note|"
    r"hypothesi[sz]e|conjecture|believe|know|assume|ensure|impl(?:y|ies)|mean|sense|fact|so|such|way|given|"
    r"guarantee|state|confirm|illustrate|empirically|theoretically|experimentally|also|further|formally|"
    r"rigorously|provably|analytically|here)(?:s|es|ed|d|n|ing)?\s*$"
    # "based on the idea that ...", "the observation that ...": a noun that takes its content as a "that" clause
    r"|\b(?:idea|intuition|observation|insight|hypothesis|assumption|notion|premise|principle|evidence|finding|"
    r"conclusion|belief|view|argument|claim|result|conjecture|possibility|expectation)s?\s*$"
    # "in which it is crucial that ...", "it is not clear that ...": an adjective after a copula takes "that"
    r"|\b(?:is|are|was|were|be|been|becomes?)\s+(?:not\s+|very\s+|also\s+)?[a-z]+\s*$",
    re.I,
)


_GERUND_VERB = re.compile(
    r"\b(?:keep|start|stop|avoid|continue|consider|recommend|suggest|resume|finish|quit)(?:s|ed|ing)?\s*$|\bkept\s*$",
    re.I,
)


def tight_cuts(sentence: str, min_words: int = 6) -> list[str]:
    """The sentence cut before a comma-less relative clause or means phrase ('... that ...', '... by ...')."""
    cuts = []
    for match in _TIGHT_CLAUSE.finditer(sentence):
        head = sentence[: match.start()]
        # "..., supported by X" must not become "..., supported.": the head's last comma piece needs some words
        last_piece = head.rsplit(",", 1)[-1] if "," in head else head
        if match.group().strip().lower() == "that" and _COMPLEMENT_THAT.search(head):
            continue
        # "a pool accessed by routers" must not become "a pool accessed.": a passive needs its agent
        if match.group().strip().lower() in ("by", "via", "through", "using") and re.search(r"\w{3,}ed$", head):
            continue
        # "... and keep using X" must not become "... and keep.": a verb that takes a gerund needs it
        if match.group().strip().lower() == "using" and _GERUND_VERB.search(head):
            continue
        if len(head.split()) >= min_words and len(last_piece.split()) > 2 and head.count("(") == head.count(")"):
            cuts.append(_end(head))
    return cuts


def cap_words(text: str, limit: int) -> str:
    """At most `limit` words, cut at the last clause boundary inside the limit (a hard cut with '…' otherwise)."""
    words = text.split()
    if len(words) <= limit:
        return text
    head = " ".join(words[:limit])
    boundaries = [
        m.start()
        for m in _CLAUSE_BOUNDARY.finditer(head)
        if head[: m.start()].count("(") == head[: m.start()].count(")")
    ]
    if boundaries and len(head[: boundaries[-1]].split()) >= limit // 2:
        return _end(head[: boundaries[-1]])
    return head.rstrip(" ,;:") + "…"


# A reference back to something the TL;DR does not contain: "to address this issue", "We incorporate this into",
# "Their sizes pose ...", "the above analysis". Self-references ("this paper", "this work") are fine.
_SELF = r"(?:paper|work|study|article|note|manuscript|thesis|chapter|report|letter|submission|survey|review|tutorial)"
# "this"/"these" as a pronoun ("We incorporate this to ...", "To address this,"), or before a noun that only
# names something said earlier ("this issue", "these limitations"); "this loss scale value" reads fine alone.
_BARE_DEMONSTRATIVE = re.compile(
    r"\b(?:this|these|those)(?=\s*(?:[,.;:)]|$)|\s+(?:to|by|in|into|with|for|on|as|at|from|is|are|was|were|can|"
    r"could|will|would|may|might|has|have|had|and|or|through|via|we|our|allows?|enables?|leads?|makes?|means?|"
    r"requires?|results?|yields?|gives?|shows?|suggests?|motivates?|remains?|poses?|hinders?|limits?)\b)",
    re.I,
)
_ANAPHORIC_NOUN = re.compile(
    r"\b(?:this|these|those|such)\s+(?:[\w-]+\s+)?(issues?|problems?|limitations?|challenges?|phenomen(?:on|a)|"
    r"gaps?|drawbacks?|shortcomings?|questions?|insights?|observations?|findings?|ideas?|difficult(?:y|ies)|"
    r"bottlenecks?|concerns?|weakness(?:es)?|deficienc(?:y|ies)|obstacles?|rules?|redundanc(?:y|ies)|facts?|"
    r"directions?|trends?|paradigms?|reasons?|effects?|properties|property|settings?|cases?|costs?|ways?|"
    r"divides?|results?|models?|methods?|approach(?:es)?|techniques?|frameworks?|algorithms?|tasks?)\b",
    re.I,
)
_DEMONSTRATIVE_START = re.compile(r"^(?:this|these|those)\s+(?!" + _SELF + r"\b)([\w-]+)", re.I)
_DANGLING = re.compile(
    r"\bthe (?:above|aforementioned|latter|former)\b|"
    # "Based on the observation, we ...": which observation was said before
    r"^(?:based on|building on|building upon|guided by|inspired by|motivated by|following|given|in light of) the "
    r"(?:observations?|findings?|hypothes[ie]s|insights?|analys[ie]s|results?|intuitions?)\s*,|"
    r"^(?:it(?!\s+(?:is|was|remains|has been)\s+(?:[\w-]+\s+){1,2}(?:to|that|whether)\b)|its|they|them|their|he|"
    r"she|his|her|such)\b",
    re.I,
)
_PURPOSE_END = re.compile(
    r"\s+to (?:address|tackle|solve|overcome|mitigate|alleviate|remedy|resolve|handle|fix|bridge|fill|close) "
    r"(?:this|these|those|such|the above|the aforementioned|that)(?: [\w-]+){0,3}\s*\.?$",
    re.I,
)
# "We then introduce X", "We also propose Y": the adverb points at an earlier sentence.
_SEQUENCE_ADVERB = re.compile(
    r"^((?:We|This (?:paper|work))\s+)(?:then|also|further|additionally|next|finally|thus|therefore|hence|"
    r"subsequently|first|second|third|lastly)\s+(?=[a-z])"
)
# A leading clause that itself refers back ("Guided by this insight, we introduce ..."): dropped for display.
_DANGLING_LEAD = re.compile(r"^([^()]{3,200}?),\s+(?=" + _SUBJECT + ")", re.I)
# "Based on our findings, we propose X": what it builds on was said before
_OWN_FINDINGS_LEAD = re.compile(
    r"^(?:(?:then|next|finally),?\s+)?(?:based on|building on|building upon|guided by|inspired by|motivated by|"
    r"following|given|in light of|with) "
    r"(?:our|these|those|this|such|some|the above|the) (?:[\w-]+ )?(?:findings?|observations?|analys[ie]s|results?|"
    r"insights?|intuitions?|ideas?|principles?)(?: and (?:[\w-]+ )?(?:considerations|insights|analys[ie]s|"
    r"results|experiments))?$",
    re.I,
)


@lru_cache(maxsize=16384)
def dangling(text: str) -> bool:
    """True when `text` points back to something outside it ("this issue", "They ...", "the above")."""
    if _DANGLING.search(text) or _BARE_DEMONSTRATIVE.search(text) or _DEMONSTRATIVE_START.search(text):
        return True
    # "a gradient vanishing issue ... to address this issue": the noun was named earlier in the same text
    return any(_stem(m.group(1).lower()) not in tokens(text[: m.start()]) for m in _ANAPHORIC_NOUN.finditer(text))


@lru_cache(maxsize=16384)
def for_display(sentence: str) -> str:
    """The sentence as shown on its own: lead-ins dropped, and a leading clause or a final purpose phrase that
    refers back to an earlier sentence dropped ("Guided by this insight, we introduce X" -> "We introduce X";
    "We propose X to address this issue." -> "We propose X.")."""
    sentence = strip_lead(sentence)
    lead = _DANGLING_LEAD.match(sentence)
    if lead and (dangling(lead.group(1)) or _OWN_FINDINGS_LEAD.match(lead.group(1))):
        sentence = _capitalise(sentence[lead.end() :])
    sentence = _SEQUENCE_ADVERB.sub(r"\1", sentence)
    shorter = _PURPOSE_END.sub("", sentence)
    # "...; we use OE to mitigate this issue." must not become "...; we use OE.": after ';' or ':' the purpose is
    # the point of its clause, so the phrase stays (and the sentence may be cut at the ';' instead)
    if shorter != sentence and len(shorter.split()) >= 3 and not _TOP_SEMICOLON.search(shorter):
        sentence = _end(shorter)
    return sentence


_TOP_SEMICOLON = re.compile(r"[;:]\s")


# --------------------------------------------------------------------------------------------------------------
# Fragments


_INTRO = re.compile(
    r"^(?:across|on|in|with|for|under|compared (?:to|with)|at|from|over|among|after|through|using|based on|beyond|"
    r"despite|given|unlike|by|via|when|while|although|though|as|since|because|if|unless|to|after|before)\b",
    re.I,
)


def _top_level_comma(text: str) -> int:
    """Offset of the first comma outside parentheses, or -1."""
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            return i
    return -1


def fragment(point: str) -> bool:
    """An introductory phrase without its main clause: "Across five model scales trained on 30B tokens."."""
    return bool(_INTRO.match(point)) and _top_level_comma(point) < 0


def _without_intro(point: str) -> str:
    """'Across five scales (...) trained on X, UniPool improves Y.' -> 'UniPool improves Y.' (else unchanged)."""
    comma = _top_level_comma(point)
    rest = _capitalise(point[comma + 1 :].strip())
    if _INTRO.match(point) and comma > 0 and len(rest.split()) >= 4 and not dangling(rest):
        return rest
    return point
