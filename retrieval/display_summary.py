"""The summary a reader sees under a paper's title: a TL;DR line and two or three key points.

Built from the abstract's own words only (cuts of sentences and joins of whole clauses; an acronym's long form is
copied from where the abstract defines it), by the sentence roles of retrieval/roles.py:

* **TL;DR** (at most 40 words): the contribution — what it is and, when the sentence says so, how it works — then,
  where the abstract states one, the headline result ("... MetaMath-7B achieves 66.4% on GSM8K ..."). A
  contribution that only restates the title ("We propose X.") gets the mechanism or a result added.
* **Key points**: the problem, a method step, a result — each at most once, none repeating the TL;DR (compared by
  content words), none pointing back to a sentence that is not shown ("this issue", "They ..."), background only
  when nothing better is left; two or three whenever the abstract has four sentences or more.
* **Acronyms** keep their expansion where they first appear in the view ("Diffusion Mamba (DiM)").

The scored TL;DR (what `paperbot summarize` prints and ROUGE measures) is chosen by the ranker in
retrieval/summarize.py; its sentence is this module's `preferred` contribution when cues do not decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from retrieval import acronyms, roles
from retrieval import tokens as search_tokens
from retrieval.clauses import (
    _INTRO,
    _capitalise,
    _end,
    _top_level_comma,
    article_agrees,
    cap_words,
    dangling,
    for_display,
    fragment,
    strip_lead_clause,
    tight_cuts,
    tokens,
    trailing_cuts,
)

MAX_TLDR_WORDS = 40
MAX_POINT_WORDS = 30
MAX_EXPANDED_POINT_WORDS = 38  # a point may grow past MAX_POINT_WORDS by an acronym's long form
MAX_POINTS = 3
REPEAT_SHARE = 0.6  # a point whose content words are this much in the TL;DR (or an earlier point) repeats it
MIN_NEW_WORDS = 3  # a contribution adding fewer content words than this to the title only restates it

# Words that say "this is a contribution" without saying what it is.
_GENERIC = frozenset(
    tokens(
        "we our us propose proposes proposed present presents introduce introduces develop develops design designs "
        "paper work study article method methods approach approaches framework frameworks model models technique "
        "algorithm system novel new simple effective efficient called named dubbed termed here this that which a an "
        "the of to in for and or on with by is are be as from at it its can also both via into than"
    )
)
_RESULT_LEAD = re.compile(
    r"^(?:[^,;]*?\b(?:results?|experiments?|evaluations?|studies|analys[ie]s|validation|ablations?|tests?|"
    # the reporting verb is the authors', not part of a phrase ("an easy-to-verify condition for verifying that")
    r"simulations?|we)\b[^;]*?(?<!-)\b(?:show|shows|showed|demonstrate|demonstrates|demonstrated|indicate|indicates|"
    r"reveal|reveals|confirm|confirms|verify|verifies|suggest|suggests|illustrate|illustrates|find|found|observe)"
    # "We show how to build agents that act ...": after how/what/to ..., "that" opens a relative clause
    r"(?:\s+(?!(?:how|what|why|whether|when|where|which|who|to)\b)[\w-]+){0,12}?,?\s+that,?\s+)",
    re.I,
)
# "We conduct experiments showing that X": the participle leads to the claim only in the first clause ("...,
# suggesting that Y" is a consequence of the claim before it).
_PARTICIPLE_LEAD = re.compile(
    r"^(?:[^,;]*?\b(?:results?|experiments?|evaluations?|studies|analys[ie]s|simulations?|we)\b[^,;]*?\b"
    # after a preposition the participle names an activity ("a condition for verifying that X"), no claim
    r"(?<!\bfor )(?<!\bof )(?<!\bin )(?<!\bto )(?<!\bwithout )"
    r"(?:showing|demonstrating|indicating|revealing|confirming|verifying)"
    r"(?:\s+(?!(?:how|what|why|whether|when|where|which|who|to)\b)[\w-]+){0,6}?\s+that,?\s+)",
    re.I,
)
_LEAD_ADVERB = re.compile(
    r"^(?:notably|remarkably|particularly|especially|impressively|importantly|more importantly|crucially|"
    r"in particular|in addition|additionally|besides|moreover|furthermore|further|finally|overall|specifically|"
    r"concretely|also|empirically|experimentally|in practice|as a result|consequently|thus|therefore|next|then|"
    r"first|second|third|lastly|critically|meanwhile|ultimately|in summary|in short|in sum|to summari[sz]e|"
    r"for example|for instance|yet|more specifically|in doing so|on the one hand|as (?:a|an) (?:first )?(?:example|"
    r"illustration|case study|proof of concept))\s*,\s*",
    re.I,
)
_PARENTHETICAL = re.compile(r"\s+\(([^()]*)\)")
# "Then we propose X", "Next we show Y": a sequence word before "we" (without a comma) points at the sentence before.
_SEQUENCE_LEAD = re.compile(r"^(?:then|next|first|second|third|finally|lastly|further|subsequently)\s+(?=we\b)", re.I)
# "And the shared encoder is proposed ...": a conjunction that joins the sentence to the one before it; "(b) We
# investigate ...", "In this paper: (a) We perform ...": an enumeration's label and the lead before it.
_LEAD_CONJUNCTION = re.compile(
    r"^(?:(?:in this (?:paper|work|study)|here)\s*:\s*)?(?:\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})\)\s+)?"
    r"(?:(?:and|but|so|or|nor|plus)\s+(?=\w))?",
    re.I,
)
_APPOSITIVE = re.compile(r",\s+(?:a|an)\s+[^,;]{3,90}?,\s+(?!and\b|or\b)")


@dataclass
class View:
    """What the reader sees: the TL;DR and the key points, and the sentences each came from."""

    tldr: str | None
    key_points: list[str]
    tldr_sentences: tuple[int, ...] = ()
    point_sentences: tuple[int, ...] = ()
    note: str | None = None


_STOP_WORDS = search_tokens.STOPWORDS
_STOP = frozenset(tokens(" ".join(_STOP_WORDS))) | _GENERIC


@lru_cache(maxsize=16384)
def content(text: str) -> frozenset[str]:
    """Content-word stems of a text (ROUGE's tokens without stopwords and contribution boilerplate). Cached: the
    repeat and vacuity checks compare the same points many times."""
    return frozenset(t for t in tokens(text) if t not in _STOP and (not t.isdigit() or len(t) > 1))


def repeats(point: str, shown: str) -> bool:
    """True when most of `point`'s content words are already in `shown`."""
    words = content(point)
    return bool(words) and len(words & content(shown)) / len(words) >= REPEAT_SHARE


# Words about evaluating or describing a contribution, in any field: "Extensive experiments demonstrate the
# effectiveness of our method" says nothing with them taken out.
_BOILERPLATE = frozenset(
    tokens(
        "experiment experiments experimental result results evaluation evaluate evaluated show shows showed "
        "demonstrate demonstrates demonstrated verify verified illustrate effect effectiveness efficiency "
        "superiority improvement improvements extensive thorough several various multiple many different two three "
        "benchmark benchmarks dataset datasets data sets task tasks competing existing baseline baselines "
        "state-of-the-art performance better good well empirically experimentally conducted present presented "
        "related based instantiations encouraging substantial idea intuition"
    )
)


# "Our main contributions are two-fold.", "The method works as follows:": the sentence announces what comes next.
_ANNOUNCES = re.compile(r"\b(?:is|are)\s+(?:\w+-?fold|\d+\s?-?fold|as follows)\s*[.:]?$", re.I)


def vacuous(text: str) -> bool:
    """Fewer than two content words outside contribution and evaluation boilerplate, and no figure: 'We
    evaluate our method on two tasks.', 'Our experimental results demonstrate the effectiveness of ...'; or only
    an announcement of what follows ('Our main contributions are two-fold.')."""
    return (len(content(text) - _BOILERPLATE) < 2 and not roles.figures(text)) or _announces(text)


def _announces(text: str) -> bool:
    return ("fold" in text or "follows" in text) and _ANNOUNCES.search(text) is not None


MIN_POINT_WORDS = 8


def short(point: str) -> bool:
    """Too little to stand as a key point while another is left: fewer than MIN_POINT_WORDS words and no figure
    ("We study the role of normalization."; a claim such as "Our approach has good privacy guarantees." is one)."""
    return len(point.split()) < MIN_POINT_WORDS and not roles.figures(point) and not roles.states_claim(point)


def restates_title(text: str, title: str, names: set[str]) -> bool:
    """The text adds fewer than MIN_NEW_WORDS content words to the title (acronyms of it do not count)."""
    new = content(text) - set(tokens(title)) - names
    return len(new) < MIN_NEW_WORDS


# --------------------------------------------------------------------------------------------------------------
# Shortening one sentence


# A parenthetical this short qualifies the words around it ("(non-Bayesian)", "(mean-field)"): dropping it would
# widen or narrow the claim, so it stays; longer asides and examples go.
MAX_QUALIFIER_WORDS = 1  # "(a math benchmark)" explains; "(sometimes outperforms)" is a claim of its own
_LABEL = re.compile(r"[ivx]{1,4}|\d{1,2}|[a-h]")
_ANY_DIGIT = re.compile(r"\d")
_EXAMPLE_ASIDE = re.compile(r"(?:e\.g\.|i\.e\.|see|cf\.)", re.I)
# "(a math benchmark)", "(like X)", "(ex. Y)", "(versus low)", "(state, action)": an explanation, an example or a
# list, not a qualifier
_EXPLAINS = re.compile(r"(?:a|an|the|like|ex|or|versus|vs|such|for|including|and)\b|.*[,:;]", re.I)


def _keep_parenthetical(inside: str, defined: set[str], name: str) -> bool:
    """Numbers ("(66.4%)"), acronym definitions ("(DiM)", "(Test-time ... Learning)"), the paper's own name
    ("(abbreviated as AlgoFormer)") and short qualifiers ("(non-Bayesian)") stay; other asides ("(e.g., LLaMA-2)",
    "(and way before they are ready for actual classification)") go."""
    inside = inside.strip()
    if _LABEL.fullmatch(inside):
        return True  # an enumeration's label: without it the list's items run together
    if _ANY_DIGIT.search(inside) and not _EXAMPLE_ASIDE.match(inside):
        return True
    explains = _EXAMPLE_ASIDE.match(inside) or _EXPLAINS.match(inside) or "et al" in inside
    if len(inside.split()) <= MAX_QUALIFIER_WORDS and not explains:
        return True  # a qualifier: "(non-Bayesian) deep classification", "a factorized Gaussian (mean-field)"
    return inside in defined or bool(name and name.lower() in inside.lower())


def _drop_asides(sentence: str, defined: set[str], name: str) -> str:
    shorter = _PARENTHETICAL.sub(
        lambda m: m.group(0) if _keep_parenthetical(m.group(1), defined, name) else "", sentence
    )
    return shorter if len(shorter.split()) >= 4 else sentence


# "a novel kind of posterior approximation" -> "a kind of ..." says nothing: after a word that only classifies,
# the praise word carries the claim and stays.
_CLASSIFIER = frozenset(
    ["kind", "kinds", "type", "types", "form", "forms", "class", "classes", "family", "families", "variant",
     "variants", "sort", "sorts", "set", "sets", "way", "ways"]
)
def _drop_praise(sentence: str) -> str:
    """'a novel method' -> 'a method' only where the sentence still reads and says the same: the article still
    agrees ("a novel RND-based detector" stays: "a RND-based"), and the next word names the thing ("a novel kind of
    X" stays). 'simple yet effective' goes under the same conditions."""

    def drop(match: re.Match[str]) -> str:
        article, following = match.group("article"), match.group("next")
        bare = article.strip().lower()
        empties = following.lower() in _CLASSIFIER and match.group().lower().split()[1] == "novel"
        if empties or (bare in ("a", "an") and not article_agrees(bare, following)):
            return match.group(0)
        return article + following

    return _PRAISE.sub(drop, sentence)


_PRAISE = re.compile(
    r"(?P<article>\b(?:a|an|the|our|this)\s+)(?:novel|simple (?:yet|but|and) effective)\s+(?P<next>[\w-]+)", re.I
)


def _drop_inner_appositive(sentence: str) -> str:
    """', a sequence model based on X, with ...' -> ' with ...': an aside about a noun deep in the sentence.

    The appositive right after the contribution's name ("We propose X, a method that ...") says what X is, and
    is kept: only one that starts after the first eight words goes, and only a noun phrase (no verb of its own).
    """
    for match in _APPOSITIVE.finditer(sentence):
        if _AUXILIARY.search(match.group()) or roles.RESULT.search(match.group()):
            continue  # ", a model trained on X is more robust to Y, ": a clause, not an aside
        if re.search(r"\b(?:that|which|who)\b", match.group()):
            continue  # ", a model that integrates A, B, and C": what follows may be the rest of its list
        if _INTRO.match(sentence[: match.start()].rsplit(",", 1)[-1].strip()):
            continue  # "X can develop, out of raw pixels, a language with Y, given Z": the object, not an aside
        if len(sentence[: match.start()].split()) > 8:
            return sentence[: match.start()] + " " + sentence[match.end() :]
    return sentence


# A leading phrase may go only when what follows starts like a clause: "Token-by-token manner, DoT ..." does not.
_CLAUSE_START = re.compile(
    r"(?:[A-Z0-9]|(?:we|our|the|a|an|each|all|both|most|many|some|no|existing|current|prior|previous)\b)"
)


def drop_intro(text: str) -> str:
    """'Across these scales, UniPool reduces X.' -> 'UniPool reduces X.' (else unchanged).

    Only a phrase that opens like one ("Across", "With", "When", "To ...") goes, and only when a clause follows
    ("..., most notably in X", "..., and develop Y", "..., token-by-token manner, DoT" are not one)."""
    comma = _top_level_comma(text)
    if comma <= 0 or len(text[:comma].split()) > 20:
        return text
    lead = text[:comma]
    if not _INTRO.match(lead):
        return text
    rest_head = text[comma + 1 :].split(",")[0]
    has_verb = _AUXILIARY.search(rest_head) or roles.RESULT.search(rest_head)
    # ("In our experiments, X enables Y": "our" alone is no subject)
    if re.search(r"\bwe\b", lead, re.I) and not has_verb:
        return text  # "To address this we propose X, a method ...": the main clause is before the comma
    rest = text[comma + 1 :].strip()
    if len(rest.split()) < 4 or dangling(_capitalise(rest)):
        return text
    first_piece = rest.split(",")[0]
    if not first_piece.split():  # "By this , , propose …": nothing before the next comma
        return text
    first_word = first_piece.split()[0].lower()
    lowercase_subject = (
        first_word not in _CONNECTIVES
        and not first_word.endswith(("ing", "ly"))
        and len(first_piece.split()) >= 3
        and _VERB_LIKE.search(first_piece)
    )
    if not (_CLAUSE_START.match(rest) or lowercase_subject):
        return text
    return _capitalise(rest)


_CONNECTIVE_TEXT = (
    "and or but nor yet so then thus which that who whom whose where when while whereas as than to of in on at by "
    "for with from into"
)
_CONNECTIVES = frozenset(_CONNECTIVE_TEXT.split())
# A word that may be a finite verb: "models suffer", "it is"; "token-by-token manner" has none.
_VERB_LIKE = re.compile(
    r"\b(?:is|are|was|were|be|been|can|could|may|might|will|would|should|must|has|have|had|do|does|did|"
    r"[a-z]{3,}(?:s|ed))\b"
)
# "We evaluate X on A, B and C benchmarks, achieving 2.2% ...": the setting before a participle that carries the
# result can go (it has no figure); the claim stays.
_SETTING = re.compile(
    r",?\s(?:on|across)\s[^;()]{8,160}?(?=,\s*(?:achieving|obtaining|yielding|reaching|improving|"
    r"outperforming|surpassing|showing|demonstrating|resulting|leading|reducing|with(?! respect))\b)",
    re.I,
)


def drop_setting(text: str) -> str:
    match = _SETTING.search(text)
    if match is None or re.search(r"\d", match.group()) or match.group().count("(") != match.group().count(")"):
        return text
    return text[: match.start()] + text[match.end() :]


# "We propose X to address this issue by modifying Y" -> "We propose X by modifying Y".
_PURPOSE_BACK = re.compile(
    r"\s+to (?:address|tackle|solve|overcome|mitigate|alleviate|remedy|resolve|handle|fix|bridge|fill|close) "
    r"(?:(?:this|these|those|such|the above|the aforementioned|that)(?: [\w-]+){0,3}?|it|them)(?=\s+(?:by|via|through|"
    r"using|with|which|that)\b|,|\.$)",
    re.I,
)


# "We propose to address this issue by discriminative detection of X": the verb takes the purpose as its object,
# so dropping the purpose alone leaves "We propose by ..."; dropping "to address this issue by" reads "We propose
# discriminative detection of X" (same claim). After "we aim/seek/try to address this by" nothing can go.
_INFINITIVE_VERB = re.compile(
    r"\b(?:propos|present|aim|seek|sought|tr(?:y|ie)|attempt|plan|intend|want|need|strive|choos|chose|decid|opt|"
    r"set out|hope|wish)\w*\s*$",
    re.I,
)
_OBJECT_VERB = re.compile(r"\b(?:propos|present)\w*\s*$", re.I)
_MEANS = re.compile(r"\s+(?:by|via|through|using)\s+")


def _drop_purpose_back(text: str) -> str:
    """'We propose X to address this issue by Y' -> 'We propose X by Y'; 'We propose to address this issue by Y'
    -> 'We propose Y'; 'We aim to address this by Y' unchanged (no cut leaves it grammatical)."""
    match = _PURPOSE_BACK.search(text)
    if match is None:
        return text
    before, after = text[: match.start()], text[match.end() :]
    if after.strip() in ("", ".") and re.search(r"[;:]\s", before):
        return text  # "...; we use OE to mitigate this issue.": the purpose is the point of its clause
    if not _INFINITIVE_VERB.search(before):
        return text[: match.start()] + after
    means = _MEANS.match(after)
    if _OBJECT_VERB.search(before) and means and len(after[means.end() :].split()) >= 2:
        return f"{before} {after[means.end() :]}"
    return text


# "To address this we propose X" (no comma, so not a lead-in for retrieval.clauses): the purpose points back.
_PURPOSE_LEAD = re.compile(
    r"^to (?:address|tackle|solve|overcome|mitigate|alleviate|remedy|resolve|handle|fix|bridge|fill|close) "
    r"(?:this|these|those|such|that|the above|the aforementioned)(?: [\w-]+){0,3}?\s+(?=we\b)",
    re.I,
)


# "We aim to fill this gap and introduce X": the first verb phrase points back; "We introduce X" says it all.
# "We report experiments supporting this hypothesis, and use X to derive Y": "We use X to derive Y" reads alone.
_JOINED_LEAD = re.compile(
    r"^(We)\s+((?:[\w-]+,?\s+){1,10}?)and\s+(?=(?:then\s+|also\s+|further\s+)?(?:propose|present|introduce|develop|"
    r"design|devise|use|derive|build|construct|apply|provide|leverage|exploit|train|learn)\b)"
)


def _drop_joined_lead(text: str) -> str:
    match = _JOINED_LEAD.match(text)
    if match is None or not (dangling(f"We {match.group(2)}") or refers_back(f"We {match.group(2)}")):
        return text
    second = "We " + text[match.end() :]
    # "We learn a model on this space and apply it to X" -> "We apply it to X" points back still
    points_back = dangling(second) or refers_back(second) or re.search(r"\b(?:it|them|its|their)\b", second[3:])
    return text if points_back else second


# "In both tasks, M improves Y": the tasks were named in an earlier sentence the point does not show
_BOTH_LEAD = re.compile(
    r"^(?:in|on|for|across|under) (?:both|all (?:two|three|four|five|six|\d+)|each of the (?:two|three|\d+)) "
    r"[\w-]+(?: [\w-]+)?,\s+(?=[A-Z]|the\b|our\b|we\b)",
    re.I,
)


def readable(sentence: str, defined: set[str], name: str = "") -> str:
    """The sentence as shown on its own: lead-ins, asides and a purpose phrase that points back dropped; an
    introductory phrase that points back ("Across these scales,") dropped too."""
    text = for_display(_capitalise(_SEQUENCE_LEAD.sub("", _PURPOSE_LEAD.sub("", sentence))))
    text = _capitalise(_LEAD_CONJUNCTION.sub("", _LEAD_ADVERB.sub("", text)))
    text = _drop_joined_lead(_drop_purpose_back(text))
    text = _capitalise(_BOTH_LEAD.sub("", text))
    text = _drop_praise(_drop_asides(text, defined, name))
    if not stands_alone(text):
        shorter = drop_intro(text)
        if stands_alone(shorter):
            text = shorter
        else:
            # "X may assign higher likelihoods to Y; we use OE to mitigate this issue.": the clause before ';'
            # (never at ':', where the content follows: "Both approaches have shortcomings: the former ...")
            heads = [c for c in colon_cuts(text) if stands_alone(c) and finished(c) and ":" not in text[: len(c)]]
            text = heads[-1] if heads else text
    return text


# "..., traditional solutions incur an overhead, whereas low-communication alternatives." (cut before ", such as
# ... are unstable"): a contrast clause of a few words left without its verb
_OPEN_CONTRAST = re.compile(r",\s+(?:whereas|although|though)\s+(?:\S+\s+){0,3}\S+\.?$", re.I)


def _open_contrast(cut: str) -> bool:
    return ("though" in cut or "whereas" in cut) and _OPEN_CONTRAST.search(cut) is not None


# A concession or condition that opens the sentence (or its "that" clause) and whose main clause has not begun.
_OPEN_SUBORDINATE = re.compile(r"(?:^|\bthat\s*,?\s+)(?:while|although|though|whereas)\b(?![^;]*,)", re.I)


def _open_subordinate(cut: str) -> bool:
    return ("hough" in cut or "while" in cut or "whereas" in cut) and bool(
        _OPEN_SUBORDINATE.search(cut)
    )


def splits_list(cut: str, text: str) -> bool:
    """The cut ends inside an enumeration of `text`: "models both (1) A." of "models both (1) A, and (2) B"."""
    if "(" not in cut or ")" not in cut:
        return False
    return 0 < len(_ENUMERATION.findall(cut)) < len(_ENUMERATION.findall(text))


def shorten(text: str, limit: int, keep: tuple[str, ...] = ()) -> str | None:
    """`text` in at most `limit` words, by the least damaging cut that keeps every string of `keep`.

    Tries, in order: the leading clause before the subject, an introductory phrase, an inner appositive, the
    longest trailing-clause cut, the longest comma-less cut. None when no cut fits and keeps `keep` (a hard cut
    in mid-clause would drop the informative half).
    """

    def fits(candidate: str) -> bool:
        # a cut inside an enumeration ("(1) A, (2) B" of three items) drops items silently; a cut after a
        # function word ("... accuracy when.") leaves a clause unfinished
        inside_list = splits_list(candidate, text)
        last = re.findall(r"[\w-]+", candidate)[-1:] or [""]
        unfinished = (last[0].lower() in _STOP_WORDS or _open_contrast(candidate)) and candidate != text
        # "We confirm that while in some scenarios A approaches B." of "..., with careful tuning C outperforms B":
        # the cut keeps the concession and drops the claim it concedes to
        unfinished = unfinished or (candidate != text and _open_subordinate(candidate))
        if inside_list or unfinished:
            return False
        return len(candidate.split()) <= limit and all(k in candidate for k in keep)

    if fits(text):
        return text
    for step in (strip_lead_clause, drop_intro, drop_setting, _drop_inner_appositive):
        shorter = step(text)
        if shorter != text and all(k in shorter for k in keep) and not fragment(shorter):
            text = shorter
            if fits(text):
                return text
    comma_cuts = sorted((c for c in trailing_cuts(text) + colon_cuts(text) if fits(c)), key=len)
    if comma_cuts:
        return comma_cuts[-1]
    # "the key result that distilling into a model with an architecture that matches Y, can lead to X" must not
    # end "... with an architecture.": the clause after "that" needs its verb
    tight = [c for c in tight_cuts(text) if not _verbless_that_clause(c)]
    tight += verb_phrase_cuts(text) + comparison_cuts(text)
    fitting = sorted((c for c in tight if fits(c)), key=len)
    return fitting[-1] if fitting else None


def finished(cut: str) -> bool:
    """A cut that ends a clause: not after a function word ("the point on the trajectory after."), not inside a
    "that" clause before its verb."""
    last = re.findall(r"[\w-]+", cut)[-1:] or [""]
    return last[0].lower() not in _STOP_WORDS and not _verbless_that_clause(cut)


def _verbless_that_clause(text: str) -> bool:
    """'We establish the result that distilling into a model with an architecture.': the text ends inside a
    'that' clause that has no verb yet."""
    parts = re.split(r"\bthat\b", text)
    if len(parts) < 2:
        return False
    tail = parts[-1]
    return not (_AUXILIARY.search(tail) or _VERB_LIKE.search(tail) or roles.RESULT.search(tail))


def colon_cuts(sentence: str, min_words: int = 6) -> list[str]:
    """The sentence cut at a top-level ':' or ';' ("X shows the properties that matter: in particular, ...")."""
    cuts, depth = [], 0
    for k, char in enumerate(sentence):
        depth += (char == "(") - (char == ")")
        if depth == 0 and char in ";:" and len(sentence[:k].split()) >= min_words:
            cuts.append(_end(sentence[:k]))
    return cuts


_COMPARISON = re.compile(r"\s(?:compared (?:to|with)|relative to|in comparison (?:to|with))\s")


def comparison_cuts(sentence: str, min_words: int = 6) -> list[str]:
    """'X achieves 12x saving compared to the baseline design.' -> 'X achieves 12x saving.'"""
    heads = [sentence[: m.start()] for m in _COMPARISON.finditer(sentence)]
    return [_end(head) for head in heads if len(head.split()) >= min_words]


# "X shortens the time by 20% and improves accuracy by 1.2 points" -> "X shortens the time by 20%."
_SECOND_VERB = re.compile(
    r"\s+and\s+(?=(?:also\s+)?[a-z]{3,}(?:es|s)\s|[a-z]{4,}(?<!ing)(?<!ed)(?<!al)\s+(?:this|these|it|them|its)\b)"
)


def verb_phrase_cuts(sentence: str, min_words: int = 6) -> list[str]:
    """The sentence cut before a second coordinated verb phrase (' and improves ...'), head of >= 6 words."""
    cuts = []
    for match in _SECOND_VERB.finditer(sentence):
        head = sentence[: match.start()]
        if len(head.split()) >= min_words and head.count("(") == head.count(")"):
            cuts.append(_end(head))
    return cuts


def result_claim(sentence: str, defined: set[str], name: str = "") -> str:
    """A result sentence reduced to its claim: 'Experiments on X show that M outperforms Y.' -> 'M outperforms Y.'"""
    text = readable(sentence, defined, name)
    match = _RESULT_LEAD.match(text) or _PARTICIPLE_LEAD.match(text)
    if match:
        claim = _capitalise(text[match.end() :])
        # "We find that noise increases with X, and seek ways to overcome it": the second verb is the lead's
        claim = _WE_AGAIN.split(claim, maxsplit=1)[0] if _WE_AGAIN.search(claim) else claim
        claim = _end(claim)
        if match.group().rstrip().endswith(","):  # "... show that, on a range of tasks, TDMs provide ..."
            claim = drop_intro(claim)
        claim = _drop_concession(claim)
        # "... reveal insights that may be useful": "that" opened a relative clause, not the claim
        verb_first = _AUXILIARY.match(claim) is not None
        # "We show that it is possible to X" stays whole: "It is possible to X" would read as a pronoun
        pronoun_first = _PRONOUN_START.match(claim) is not None
        if len(claim.split()) >= 4 and not (dangling(claim) or is_fragment(claim) or verb_first or pronoun_first):
            text = claim
    return text


_CONCESSION = re.compile(r"^(?:while|although|though|whereas|even though)\b", re.I)


def _drop_concession(claim: str) -> str:
    """'While in some settings A approaches B, with tuning C outperforms B.' -> 'With tuning C outperforms B.': the
    claim the concession gives way to, whole (a concession alone would say the opposite)."""
    if not _CONCESSION.match(claim):
        return claim
    comma = _top_level_comma(claim)
    rest = claim[comma + 1 :].strip() if comma > 0 else ""
    if len(rest.split()) < 6 or not (_AUXILIARY.search(rest) or roles.RESULT.search(rest)):
        return claim
    return _capitalise(rest)


_WE_AGAIN = re.compile(
    r",?\s+and\s+(?:then\s+|also\s+|further\s+)?(?:seek|propose|develop|introduce|present|provide|use|apply|study|"
    r"analy[sz]e|design|discuss|explore|investigate|describe|derive|suggest|evaluate|release|conclude|connect|relate|"
    r"link|explain|argue|compare|identify|highlight|offer|validate|verify|hypothesi[sz]e|attribute|trace)\b"
)


def stands_alone(text: str, context: str = "") -> bool:
    """Shown on its own line: no reference back to an unshown sentence, not a fragment without a main clause.
    `context` is what the reader has seen just before (the TL;DR above a key point)."""
    return not _dangles(_named_before(text, context)) and not is_fragment(text) and not refers_back(text, context)


_OPENING_DEMONSTRATIVE = re.compile(r"^(?:This|These)\s+(?=([\w-]+)(?:\s+([\w-]+))?)")
# "This produces the ...", "This leads to ...": the demonstrative is a pronoun for a whole earlier sentence
_VERB_AFTER_DEMONSTRATIVE = re.compile(
    r"^(?:This|These)\s+[a-z]+(?:s|ed)\s+(?:the|a|an|to|that|it|them|us|our|its|their|in|on|from|by)\b"
)


def _named_before(text: str, context: str) -> str:
    """'This new structure uses dense modules ...' under a TL;DR that proposed 'a new network structure': the
    demonstrative points to what the reader has just read, so it reads like 'The new structure ...'."""
    match = _OPENING_DEMONSTRATIVE.match(text)
    if not context or match is None or _VERB_AFTER_DEMONSTRATIVE.match(text):
        return text
    following = [t for w in match.groups() if w for t in tokens(w) if t not in _STOP]
    if following and following[0] in set(tokens(context)):
        return "The " + text[match.end() :]
    return text


# "... on A, B and C, with 8% improvement on the former two": the referent is in the same sentence.
_FORMER_AFTER_LIST = re.compile(r"(?:,|\band\b)[^.]*\bthe (?:former|latter)\b", re.I)
# "While the former paradigm is well-resolved, the latter is not.": the first one comes before any list
_FORMER_FIRST = re.compile(r"^[^,]*?\bthe (?:former|latter)\b", re.I)
_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|be|been|being|can|could|may|might|will|would|should|must|has|have|had|does|do|did)\b",
    re.I,
)


# "Little is known about how they represent language": a plural pronoun with no plural noun before it.
_PLURAL_PRONOUN = re.compile(r"\b(?:they|them|their)\b", re.I)
_PLURAL_NOUN = re.compile(r"\b[a-z][a-z-]{2,}(?<!ss)(?<!ous)(?<!is)s\b|\b[A-Z][A-Za-z]*[A-Z]s\b")
# "The other strategy learns ...": one of several things the sentence before named.
_OTHER_START = re.compile(r"^the other\b(?!\s+hand)", re.I)


def _dangles(text: str) -> bool:
    if _OTHER_START.match(text):
        return True
    pronoun = _PLURAL_PRONOUN.search(text)
    if pronoun and pronoun.start() > 0 and not _PLURAL_NOUN.search(text[: pronoun.start()]):
        return True
    if not dangling(text):
        return False
    if _FORMER_FIRST.search(text) and not re.search(r"\band\b", text[: _FORMER_FIRST.search(text).end()]):
        return True
    return not (_FORMER_AFTER_LIST.search(text) and not dangling(re.sub(r"\bthe (?:former|latter)\b", "the", text)))


_SUBORDINATE = re.compile(r"^(?:while|although|though|whereas|if|unless|because|since|once|whether)\b", re.I)


# "Combined with a recent technique to sample sequences.": a participle phrase without its main clause.
_PARTICIPLE_PHRASE = re.compile(r"^[A-Z][a-z]+ed\s+(?:with|by|on|in|to|from|for|at|through|via|into|as)\b")


_MAIN_CLAUSE = re.compile(r"\b(?:we|our|they|it|this|these)\b", re.I)


def is_fragment(text: str) -> bool:
    """No main clause: a subordinate clause alone ("While it is possible to train X."), or an introductory
    phrase alone ("Across five scales trained on 30B tokens."). An introductory phrase with a verb of its own
    ("On WMT'14 dynamic convolutions achieve 29.7 BLEU.") is a sentence."""
    if _SUBORDINATE.match(text) and _top_level_comma(text) < 0:
        return True
    if _PARTICIPLE_PHRASE.match(text) and _top_level_comma(text) < 0 and not _MAIN_CLAUSE.search(text):
        return True  # "Combined with X." (but "Inspired by X we propose Y." has its main clause)
    return fragment(text) and not roles.RESULT.search(text) and not _AUXILIARY.search(text)


# "those" mostly opens a noun phrase of its own ("those offered by X", "those of Y"): not counted.
_DEMONSTRATIVE = re.compile(r"\b(?:this|these|such)\s+(?!as\b|that\b)([\w-]+)(?:\s+([\w-]+))?", re.I)
_SELF_NOUNS = frozenset(tokens("paper work study article survey way end regard case point time"))


def refers_back(text: str, context: str = "") -> bool:
    """'... by compressing these segments ...': a demonstrative neither of whose next two words the text (or the
    `context` shown before it) named before (`dangling` catches pronouns and "this issue"; this catches any noun)."""
    seen = set(tokens(context))
    for match in _DEMONSTRATIVE.finditer(text):
        following = [t for w in match.groups() if w for t in tokens(w)]
        earlier = seen | set(tokens(text[: match.start()]))
        if following and following[0] in _SELF_NOUNS and match.group().lower().startswith("this"):
            continue  # "this work", "this paper" (not "these work remarkably well", "such cases")
        if following and not any(t in earlier for t in following if t not in _STOP):
            return True
    return False


_ENUMERATION = re.compile(r"(?:(?<=\s)|^)\(?(?:[ivx]{1,4}|\d{1,2}|[a-h])\)\s+")


def first_item(sentence: str) -> str | None:
    """'We show that our approach (i) is faster, (ii) matches Y, and (iii) scales.' -> 'We show that our approach
    is faster.': the sentence up to the end of its first enumerated item, the label dropped."""
    marks = list(_ENUMERATION.finditer(sentence))
    if len(marks) < 2:
        return None
    head = sentence[: marks[0].start()].rstrip()
    item = sentence[marks[0].end() : marks[1].start()].strip().rstrip(";,").strip()
    item = re.sub(r"(?:[;,]\s*)?\band\s*$", "", item).strip().rstrip(";,")
    if head.endswith(":") or len(item.split()) < 3:
        return None
    return _end(f"{head} {item}")


def enumeration_items(sentence: str) -> list[str]:
    """'We show that: i) A; ii) B; iii) C.' -> ['A.', 'B.', 'C.'] (items of six words or more, as sentences).

    Only when the items are clauses: the text before the first one ends with ':' or 'that'."""
    marks = list(_ENUMERATION.finditer(sentence))
    if len(marks) < 2 or not re.search(r"(?::|\bthat)\s*$", sentence[: marks[0].start()]):
        return []
    items = []
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(sentence)
        item = sentence[mark.end() : end].strip().rstrip(";,").strip()
        item = re.sub(r"(?:[;,]\s*)?\band\s*$", "", item).strip().rstrip(";,")
        first = item.split()[0].lower() if item.split() else ""
        clause = not first.endswith(("ing", "ed")) and first not in _CONNECTIVES and _VERB_LIKE.search(item)
        if len(item.split()) >= 6 and item.count("(") == item.count(")") and clause:
            items.append(_end(_capitalise(item)))
    return items


# --------------------------------------------------------------------------------------------------------------
# The view


def _figures_of(sentence: str) -> tuple[str, ...]:
    return tuple(roles.figures(sentence)[:1])


def _title_name(title: str) -> str:
    """The paper's own name when the title gives one ("DiM: Diffusion Mamba ..." -> "DiM")."""
    head, colon, _ = title.partition(":")
    return head.strip() if colon and 0 < len(head.split()) <= 3 else ""


@dataclass
class _Paper:
    """Everything the view is built from, computed once."""

    title: str
    sentences: list[str]
    reading: roles.Reading
    definitions: dict[str, acronyms.Definition]
    defined: set[str]
    names: set[str]
    name: str

    cache: dict[tuple[str, int], str] = field(default_factory=dict)

    def readable(self, i: int) -> str:
        key = ("readable", i)
        if key not in self.cache:
            self.cache[key] = readable(self.sentences[i], self.defined, self.name)
        return self.cache[key]

    def claim(self, i: int) -> str:
        key = ("claim", i)
        if key not in self.cache:
            self.cache[key] = result_claim(self.sentences[i], self.defined, self.name)
        return self.cache[key]


def build(title: str, sentences: list[str], preferred: int | None = None) -> View:
    """TL;DR and key points of an abstract (already split into sentences)."""
    if not sentences:
        return View(tldr=None, key_points=[], note="No abstract to summarise.")
    # A sentence repeated word for word (a copy-paste slip in the export) is read once.
    unique = list(dict.fromkeys(sentences))
    if len(unique) < len(sentences):
        preferred = unique.index(sentences[preferred]) if preferred is not None else None
        sentences = unique
    definitions = acronyms.definitions(sentences)
    paper = _Paper(
        title=title,
        sentences=sentences,
        reading=roles.read(sentences, title, preferred),
        definitions=definitions,
        defined={d.short for d in definitions.values()} | {d.long for d in definitions.values()},
        names={t for d in definitions.values() for t in tokens(d.short)},
        name=_title_name(title),
    )
    reading = paper.reading
    main = reading.contribution if reading.contribution is not None else (preferred or 0)
    tldr, shown = _tldr(paper, main)
    points, point_sentences = _key_points(paper, tldr, shown)
    view_parts = _explain_once([tldr, *points], paper)
    note = None
    if not points:
        note = (
            "The abstract is a single sentence: the TL;DR is all of it."
            if len(sentences) < 2
            else "No key points beyond the TL;DR: the other sentences repeat it or do not read on their own."
        )
    return View(
        tldr=view_parts[0],
        key_points=view_parts[1:],
        tldr_sentences=tuple(i for i, _ in shown),
        point_sentences=point_sentences,
        note=note,
    )


def _contribution_text(paper: _Paper, main: int) -> str:
    """The contribution sentence as shown: a reference back cut off when a cut can do it, at most 40 words."""
    text = paper.readable(main)
    if refers_back(text) or dangling(text):  # "... by compressing these segments and ..."
        cuts = [
            c
            for c in trailing_cuts(text) + tight_cuts(text)
            if stands_alone(c) and finished(c) and not splits_list(c, text)
        ]
        if cuts:
            text = max(cuts, key=len)
    text = expand_acronyms(text, paper, set(), MAX_TLDR_WORDS + 10)  # shortened below with its long forms
    figures = tuple(roles.figures(text)[:1])
    fitted = shorten(text, MAX_TLDR_WORDS, figures) or shorten(text, MAX_TLDR_WORDS)
    return fitted or _before_where(text) or cap_words(text, MAX_TLDR_WORDS)


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")")


def _before_where(text: str) -> str | None:
    """Rather than a hard cut with '…': the longest head before a ' where ...' clause that fits and ends a whole
    phrase ("... and 2) Variational Inference (VI) where the posterior is ..." -> "... and 2) Variational Inference
    (VI)."), never inside an enumeration's first item."""
    heads = [_end(text[: m.start()]) for m in re.finditer(r"\s+where\s", text)]
    heads = [
        h
        for h in heads
        if 8 <= len(h.split()) <= MAX_TLDR_WORDS and _balanced(_ENUMERATION.sub("", h)) and finished(h)
        and not splits_list(h, text) and not is_fragment(h) and not fragment(h)
    ]
    return heads[-1] if heads else None


def _tldr(paper: _Paper, main: int) -> tuple[str, list[tuple[int, str]]]:
    """The contribution, its mechanism when it only restates the title, and the headline result, in <= 40 words.

    A contribution that still points back after every cut ("We formulate such a problem ...") gives way to
    another sentence that states the contribution and reads on its own; else the sentence it points back to
    comes first; else a side contribution that reads alone ("Finally, we develop ...")."""
    contribution = _contribution_text(paper, main)
    if not stands_alone(contribution):
        main, contribution = _resolved(paper, main, contribution)
    parts: list[tuple[int, list[str]]] = [(main, [contribution])]
    seen: set[str] = set()
    expand_acronyms(contribution, paper, seen, MAX_TLDR_WORDS)

    def expanded(part: tuple[int, list[str]]) -> tuple[int, list[str]]:
        return part[0], [expand_acronyms(t, paper, set(seen), MAX_TLDR_WORDS) for t in part[1]]

    bare = restates_title(contribution, paper.title, paper.names) or vacuous(contribution)
    mechanism = _mechanism(paper, main) if bare else None
    extra = [expanded(mechanism)] if mechanism is not None else []
    text, chosen = _fit(paper, parts + extra)
    # the first result that fits (the headline figure first); the mechanism only if there is room after it
    for result in _headline_results(paper, main):
        if mechanism is not None and result[0] == mechanism[0]:
            continue
        attempt, attempt_chosen = _fit(paper, [*parts, expanded(result), *extra])
        if any(i == result[0] for i, _ in attempt_chosen):
            text, chosen = attempt, attempt_chosen
            break
    if restates_title(text, paper.title, paper.names) or vacuous(text):
        # never the title alone: any later sentence that adds to it and fits (a method step, a result)
        budget = MAX_TLDR_WORDS - len(text.split())
        used = {i for i, _ in chosen}
        for i in range(main + 1, len(paper.sentences)):
            if i in used or paper.reading.roles[i] in ("release", "background"):
                continue
            base = paper.claim(i) if paper.reading.roles[i] == "result" else paper.readable(i)
            extra = shorten(base, budget) if budget >= 6 else None
            if extra and stands_alone(extra, text) and not repeats(extra, text):
                chosen.append((i, extra))
                text = " ".join(_end(t) for _, t in chosen)
                break
    return text, chosen


def _resolved(paper: _Paper, main: int, contribution: str) -> tuple[int, str]:
    """A contribution that reads on its own in place of one that points back (see `_tldr`), or the same one."""
    others = [
        (other, _contribution_text(paper, other))
        for other in roles.contribution_candidates(paper.sentences, paper.title)
        if other != main
    ]
    others = [(other, text) for other, text in others if stands_alone(text) and paper.reading.roles[other] != "release"]
    main_adds = bool(roles.SECONDARY.match(paper.sentences[main]))
    for other, text in others:
        if main_adds or not roles.SECONDARY.match(paper.sentences[other]):
            return other, text
    joined = _after_previous(paper, main, contribution)
    if joined:
        return main, joined
    return others[0] if others else (main, contribution)


_MEANS_OR_SECOND = re.compile(r"[\s,;]*(?:and|by|using|via|through|based on|with)\b", re.I)


def _after_previous(paper: _Paper, main: int, contribution: str) -> str | None:
    """'We address these issues by X.' after the sentence it points back to, both cut to fit 40 words: the
    contribution may lose its trailing clauses (down to 8 words, never the names it gives) to make room."""
    if main == 0:
        return None
    names = [n for n in {*paper.defined, paper.name, _called(contribution)} if n and n in contribution]
    # a clause that qualifies may go (", which ...", "; a vector of gates ..."); neither the means ("by ordering
    # the neurons", "using X") nor a second thing done (", and provide X")
    cuts = [
        c
        for c in trailing_cuts(contribution) + tight_cuts(contribution) + colon_cuts(contribution)
        if not _MEANS_OR_SECOND.match(contribution[len(c.rstrip(".")) :])
    ]
    shorter = [
        c for c in cuts if len(c.split()) >= 8 and not fragment(c) and finished(c) and all(n in c for n in names)
    ]
    heads = [contribution, *sorted(shorter, key=len, reverse=True)]
    previous = paper.readable(main - 1)
    for head in heads:
        before = shorten(previous, MAX_TLDR_WORDS - len(head.split()))
        if before and stands_alone(before) and stands_alone(f"{_end(before)} {head}"):
            return f"{_end(before)} {head}"
    return None


_CALLED = re.compile(r"\b(?:called|named|dubbed|termed|coined)\s+((?:[A-Z][\w-]*\s?){1,4})")


def _called(text: str) -> str:
    """The name a sentence gives its contribution ("... that we call Coherent Gradients" -> "Coherent Gradients")."""
    match = _CALLED.search(text) or re.search(r"\bwe call\s+((?:[A-Z][\w-]*\s?){1,4})", text)
    return match.group(1).strip() if match else ""


def _fit(paper: _Paper, parts: list[tuple[int, list[str]]]) -> tuple[str, list[tuple[int, str]]]:
    """Join the parts in at most MAX_TLDR_WORDS words. Each later part comes as alternatives (the whole claim, then
    the clause that holds the figure); the first that fits after shortening is taken. To make room for it the
    contribution may give up its leading clause, then its trailing clauses (down to 24 words)."""
    head_index, (head,) = parts[0]
    chosen = [(head_index, head)]
    for index, alternatives in parts[1:]:
        # a result that states a figure keeps it ("HURRICANE also reduces the training time." is what is left of
        # "... by 54.7% on average compared to X" otherwise)
        keep = _figures_of(paper.sentences[index]) if index in paper.reading.figure_sentences else ()
        budget = MAX_TLDR_WORDS - sum(len(t.split()) for _, t in chosen)
        fitted = _first_fitting(alternatives, budget, keep)
        if fitted is None and len(chosen) == 1:
            # make room: first drop the contribution's leading clause ("Different from previous works ..., we
            # present"), then its trailing clauses (down to 24 words), never its names nor all it adds to the title
            names = tuple(n for n in {*paper.defined, paper.name, _called(head)} if n and n in head)
            limit = min(24, len(head.split()) - 4)
            # for a headline figure any cut that reads; otherwise only an example or a consequence goes
            # (", including ...", ", achieving ..."), never the means ("by ...", "using ...") nor a second thing done
            heads = [strip_lead_clause(head)]
            heads += _cuts_down(head, limit) if keep else [_aside_cut(head, limit, names)]
            for shorter_head in heads:
                if shorter_head is None or shorter_head == head or fragment(shorter_head):
                    continue
                fitted = _first_fitting(alternatives, MAX_TLDR_WORDS - len(shorter_head.split()), keep)
                if fitted is not None:
                    chosen = [(head_index, shorter_head)]
                    break
        if fitted is not None:
            chosen.append((index, fitted))
    # fitted by priority (contribution, result, mechanism); read in the abstract's order after the contribution
    chosen = chosen[:1] + sorted(chosen[1:])
    return " ".join(_end(t) for _, t in chosen), chosen


def _cuts_down(text: str, limit: int, shortest: int = 6) -> list[str]:
    """Ever shorter readable cuts of `text` from `limit` words down to `shortest` (the TL;DR tries each in turn to
    make room for a headline figure: "... quality on users' language compared to a general model" may not leave
    room, "... quality on users' language" may)."""
    cuts: list[str] = []
    while limit >= shortest:
        cut = shorten(text, limit)
        if cut is None or len(cut.split()) < shortest:
            break
        cuts.append(cut)
        limit = len(cut.split()) - 1
    return cuts


_ASIDE_CLAUSE = re.compile(
    r"(?:,|;|:| -+| —)\s*(?:including|such as|e\.g\.|i\.e\.|for example|for instance|especially|particularly|"
    r"achieving|resulting|leading|yielding|thereby|allowing|enabling|making|while|whereas|compared|in order|so that)\b",
    re.I,
)


def _aside_cut(text: str, limit: int, keep: tuple[str, ...]) -> str | None:
    """The longest head of `text` within `limit` words that ends before an example or a consequence clause
    ("..., across 54 environments, including the Atari suite" -> "..., across 54 environments."), keeping `keep`."""
    best = None
    for match in _ASIDE_CLAUSE.finditer(text):
        head = text[: match.start()]
        if head.count("(") != head.count(")") or not 8 <= len(head.split()) <= limit:
            continue
        if all(k in head for k in keep) and not fragment(head):
            best = _end(head)
    return best


def _first_fitting(alternatives: list[str], budget: int, keep: tuple[str, ...]) -> str | None:
    """The first alternative that fits `budget` words once shortened, still holding the figure (or, without one,
    still making a claim: "We test X on A and B." is what is left of "..., and achieve Y" after a bad cut)."""
    if budget < 6:
        return None
    for text in alternatives:
        fitted = shorten(text, budget, tuple(k for k in keep if k in text))
        if fitted is None:
            continue
        if roles.generic(fitted) and not roles.generic(text):
            continue  # "We demonstrate the flexibility of our model." is all that is left of "... by combining it"
        if fitted != text and not stands_alone(fitted):
            continue  # "Tracking X power, we presented Y when this power ..." loses its referent with its lead
        # "M can disentangle A, and perform B" (its "we show that" cut off already) may keep its first verb phrase;
        # a claim with no claim verb ("Our method is capable of detecting X, with applications to Y") may lose a
        # consequence clause or its setting
        first_of_two = re.match(r",?\s+and\s", text[len(fitted.rstrip(".")) :]) is not None
        no_verb = not roles.RESULT.search(text)
        still_claims = roles.RESULT.search(fitted) or (no_verb and (first_of_two or _aside_removed(fitted, text)))
        if any(k in fitted for k in keep) or (not keep and still_claims) or fitted == text:
            return fitted
    return None


_CONSEQUENCE = re.compile(
    r",\s+(?:with|which|where|thereby|leading|resulting|enabling|allowing|making|achieving|yielding)\b", re.I
)


def _aside_removed(fitted: str, text: str) -> bool:
    """`fitted` is `text` without its setting ("on test data, with ...") or without a trailing consequence clause
    (", with applications to ...", ", which ..."): its main clause is whole."""
    without_setting = drop_setting(text)
    if fitted == _end(without_setting) and without_setting != text:
        return True
    head = fitted.rstrip(".")
    return any(base.startswith(head) and _CONSEQUENCE.match(base[len(head) :]) for base in (text, without_setting))


def _mechanism(paper: _Paper, main: int) -> tuple[int, list[str]] | None:
    """The first method sentence after the contribution that reads on its own."""
    for i in range(main + 1, len(paper.sentences)):
        if paper.reading.roles[i] == "method":
            text = paper.readable(i)
            if stands_alone(text) or _continues_contribution(paper, i, main):
                return i, [text]
    return None


def _headline_results(paper: _Paper, main: int) -> list[tuple[int, list[str]]]:
    """Result sentences in the order the TL;DR tries them: the headline figure's first, then every result claim
    with content of its own ("outperforms Y", not "demonstrates the effectiveness of our method"). Each comes with
    its forms: the claim, its clauses that hold a figure ("...: on X, M increases F1 from 46.6% to 51.4%; ..."),
    its first enumerated item ("our approach (i) is faster, (ii) ..." -> "Our approach is faster.")."""
    reading = paper.reading
    order = [reading.headline] if reading.headline is not None and reading.headline != main else []
    specific = [
        i for i in reading.of("result") if i > main and i not in order and not roles.generic(paper.sentences[i])
    ]
    # a finding that adds to another ("Finally, we show ...", "We also find ...") after the main ones
    order += sorted(specific, key=lambda i: bool(roles.SECONDARY.match(paper.sentences[i])))
    found = []
    for i in order:
        claim = paper.claim(i)
        # "We propose to sparsify X. It speeds up the forward pass ...": right after the contribution, the pronoun
        # is the contribution the TL;DR has just shown
        follows = i == main + 1 and _continues_contribution(paper, i, main)
        alone = stands_alone(claim) or (follows and stands_alone(_PRONOUN_START.sub("X", claim)))
        alternatives = [claim] if alone else []
        alternatives += [c for c in figure_clauses(claim) if stands_alone(c) and c not in alternatives]
        first = first_item(paper.sentences[i])
        if first and stands_alone(result_claim(first, paper.defined, paper.name)):
            alternatives.append(result_claim(first, paper.defined, paper.name))
        second = second_claim(claim)
        if second and stands_alone(second) and second not in alternatives:
            alternatives.append(second)
        if alternatives:
            found.append((i, alternatives))
    return found


# "We test our approach on A and B, and achieve state-of-the-art performance on A": the claim is the second verb.
_SECOND_CLAIM = re.compile(
    r"^(?P<subject>We|Our [\w-]+|[A-Z][\w-]*[A-Z][\w-]*)\s+(?P<first>[^;()]+?),?\s+and\s+(?:also\s+)?"
    r"(?P<claim>(?:achieve|achieves|obtain|obtains|outperform|outperforms|improve|improves|reach|reaches|set|sets|"
    r"attain|attains|surpass|surpasses|show|shows|find|finds|demonstrate|demonstrates|observe|yield|yields)\b.+)$"
)


def second_claim(sentence: str) -> str | None:
    """'We test X on A and B, and achieve Y.' -> 'We achieve Y.' when only the second of two verb phrases claims a
    result (every word still the sentence's, in its order)."""
    match = _SECOND_CLAIM.match(sentence)
    if match is None or roles.RESULT.search(match.group("first")) or len(match.group("first").split()) < 3:
        return None
    return _end(f"{match.group('subject')} {match.group('claim')}")


def figure_clauses(text: str) -> list[str]:
    """The clauses between top-level ';' and ':' that state a figure, each as a sentence ("On AddSent, M increases
    F1 from 46.6% to 51.4%" -> "M increases F1 from 46.6% to 51.4%.")."""
    pieces, depth, start = [], 0, 0
    for k, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and char in ";:":
            pieces.append(text[start:k])
            start = k + 1
    pieces.append(text[start:])
    if len(pieces) < 2:
        return []
    clauses = []
    for piece in pieces:
        piece = drop_intro(_capitalise(piece.strip().rstrip(".")))
        if roles.figures(piece) and len(piece.split()) >= 4 and _VERB_LIKE.search(piece):
            clauses.append(_end(piece))
    return clauses


_PRONOUN_START = re.compile(r"^(?:it|its|they|their)\b", re.I)


def _continues_contribution(paper: _Paper, i: int, main: int) -> bool:
    """Sentence `i` opens with "It"/"They" and every sentence back to the contribution does too ("This paper
    introduces X ... First, it puts forward ... Second, it identifies ..."): the pronoun is the contribution."""
    if not (main < i and _PRONOUN_START.match(paper.readable(i))):
        return False
    return all(_PRONOUN_START.match(paper.readable(j)) for j in range(main + 1, i))


def _point_texts(paper: _Paper, i: int, context: str, main: int) -> list[str]:
    """Sentence `i` as a key point (at most MAX_POINT_WORDS words, reading on its own after `context`): the
    sentence itself when it can be one, else each item of its enumeration that can; possibly none."""
    sentence = paper.sentences[i]
    is_result = paper.reading.roles[i] == "result"
    whole = paper.claim(i) if is_result else paper.readable(i)
    items = [readable(item, paper.defined, paper.name) for item in enumeration_items(sentence)]
    first = first_item(sentence)
    if first:
        items.insert(0, result_claim(first, paper.defined, paper.name) if is_result else readable(first, paper.defined))
    pronoun_ok = _continues_contribution(paper, i, main)
    found = []
    for base in [whole, *items]:
        keep = _figures_of(base) if is_result else ()
        # a result point never loses its figure, and may run longer to keep it
        text = shorten(base, MAX_POINT_WORDS, keep) or (shorten(base, MAX_EXPANDED_POINT_WORDS, keep) if keep else None)
        if text is None or len(text.split()) < 4:
            continue
        if stands_alone(text, context) or (pronoun_ok and stands_alone(_PRONOUN_START.sub("X", text), context)):
            if base is whole:
                return [text]
            found.append(text)
    return found


def _key_points(paper: _Paper, tldr: str, shown_parts: list[tuple[int, str]]) -> tuple[list[str], tuple[int, ...]]:
    """Problem, method, result — each at most once, none repeating what is shown already; background last.

    A sentence the TL;DR shows only cut ("... by 20%." of "... by 20% and improves accuracy by 1.2 points.") may
    come back whole as a last resort, when it does not repeat the TL;DR by content words."""
    reading = paper.reading
    in_tldr = dict(shown_parts)
    main = reading.contribution if reading.contribution is not None else -1
    in_view: set[str] = set()
    expand_acronyms(tldr, paper, in_view, len(tldr.split()))  # only records the acronyms the TL;DR uses
    texts: dict[int, list[str]] = {}

    def options(i: int) -> list[str]:
        """Sentence `i` as points, computed only when a pool reaches it (most sentences never are)."""
        if i not in texts:
            found = [
                expand_acronyms(t, paper, set(in_view), MAX_EXPANDED_POINT_WORDS)
                for t in _point_texts(paper, i, tldr, main)
            ]
            if i in in_tldr:  # back whole only when clearly more than the TL;DR showed of it
                found = [t for t in found if len(t.split()) >= len(in_tldr[i].split()) + 4]
            texts[i] = found
        return texts[i]

    work = [i for i, r in enumerate(reading.roles) if r not in ("release", "contribution")]
    fresh = [i for i in work if i not in in_tldr]
    problems = [i for i in reversed(reading.of("problem")) if i in fresh]
    methods = [i for i in reading.of("method") if i in fresh and i > main]
    methods += [i for i in reading.of("method") if i in fresh and i < main]
    figures = [i for i in reading.figure_sentences if i in fresh]
    specific = [i for i in reading.of("result") if i in fresh and not roles.generic(paper.sentences[i])]
    results = figures + [i for i in specific if i not in figures]
    results += [i for i in reading.of("result") if i in fresh and i not in results]
    backgrounds = [i for i in reversed(reading.of("background")) if i in fresh]
    again = [i for i in work if i in in_tldr]
    picked: list[tuple[int, int]] = []
    shown = [tldr]

    def take(pool: list[int], level: int = 0) -> bool:
        """The first point of the pool not yet shown and not repeating. Level 0 takes only points that name their
        subject and say enough; level 1 also a short one ("Our approach has good privacy guarantees."); level 2,
        the last resort, one opening with "It" or one that says nothing specific ("We evaluate our method on two
        tasks.", "Experiments demonstrate SepLLM's effectiveness.")."""
        for i in pool:
            for k, point in enumerate(options(i)):
                if level < 2 and (_PRONOUN_START.match(point) or vacuous(point) or roles.merit_only(point)):
                    continue
                if level < 1 and short(point):
                    continue
                if (i, k) not in picked and not any(repeats(point, s) for s in shown):
                    picked.append((i, k))
                    shown.append(point)
                    return True
        return False

    for pool in (problems, methods, results):
        take(pool)
    wanted = min(2 if len(paper.sentences) >= 4 else 1, MAX_POINTS)
    everything = (results, methods, problems, backgrounds, again)
    for level, pools in ((0, everything), (1, everything), (2, everything)):
        for pool in pools:
            while len(picked) < wanted and take(pool, level):
                pass
    ordered = sorted(picked, key=lambda ik: (_ROLE_ORDER[reading.roles[ik[0]]], ik))
    return [texts[i][k] for i, k in ordered], tuple(i for i, _ in ordered)


_ROLE_ORDER = {"background": 0, "problem": 0, "method": 1, "result": 2, "contribution": 1, "release": 3}


def expand_acronyms(text: str, paper: _Paper, seen: set[str], limit: int) -> str:
    """`text` with the first use of each defined acronym not in `seen` given its long form ("DiM" -> "Diffusion
    Mamba (DiM)"), when the text does not define it there already and stays within `limit` words; every acronym
    the text uses is added to `seen`. The long form is copied from where the abstract defines it."""
    for short, definition in paper.definitions.items():
        match = acronyms.mention(short).search(text)
        if match is None:
            continue
        if short not in seen and not _defined_at(text, match, definition):
            written = _definition_text(definition, text[: match.start()], paper)
            expanded = text[: match.start()] + (_capitalise(written) if match.start() == 0 else written)
            expanded += text[match.end() :]
            if len(expanded.split()) <= limit:
                text = expanded
        seen.add(short)
    return text


def _explain_once(parts: list[str], paper: _Paper) -> list[str]:
    """In reading order, an acronym's long form shows once: at its first use (added there when missing and it
    fits); a later definition shrinks to the acronym ("deep reinforcement learning (DRL)" -> "DRL")."""
    out = list(parts)
    for short, definition in paper.definitions.items():
        explained = False
        for k, part in enumerate(out):
            match = acronyms.mention(short).search(part)
            if match is None:
                continue
            if explained:
                for written in (f"{definition.long} ({short})", f"{short} ({definition.long})"):
                    part = re.sub(re.escape(written), short, part, count=1, flags=re.I)
                out[k] = part
                continue
            limit = MAX_TLDR_WORDS if k == 0 else MAX_EXPANDED_POINT_WORDS
            out[k] = expand_acronyms(part, paper, set(), limit) if not _defined_at(part, match, definition) else part
            explained = True
    return out


def _defined_at(part: str, match: re.Match[str], definition: acronyms.Definition) -> bool:
    """The acronym at `match` sits inside its definition: "long (ACR)" or "ACR (long)"."""
    before, after = part[: match.start()], part[match.end() :]
    return before.rstrip().endswith("(") or after.lstrip().startswith("(") or definition.long in before[-150:]


def _sentence_capital(long: str, paper: _Paper) -> bool:
    """The long form's first capital is only the sentence's: the other words are lower case ("Large language
    models", not "Markov Chain Monte Carlo" or "Convolutional Neural Networks") and the abstract never writes the
    word with a capital inside a sentence ("Gaussian process")."""
    first, *rest = long.split()
    if any(word[:1].isupper() for word in rest):
        return False
    inside = re.compile(rf"(?<=[\w,;:] ){re.escape(first)}\b")
    return not any(inside.search(s) for s in paper.sentences)


def _definition_text(definition: acronyms.Definition, before: str, paper: _Paper) -> str:
    """The definition as the abstract writes it: "long (ACR)", or "ACR (long)" when the abstract put the short
    form first or when an article before it would no longer agree ("an MoE" must not become "an Mixture-...").
    A long form that opened its sentence loses a capital that was only the sentence's ("large language models",
    but "Markov Chain Monte Carlo")."""
    long = definition.long
    sentence = paper.sentences[definition.sentence]
    first = long.split()[0]
    if sentence.startswith(long) and first[:1].isupper() and first[1:].islower() and _sentence_capital(long, paper):
        long = long[:1].lower() + long[1:]
    article = re.search(r"\b(a|an)\s*$", before, re.I)
    short_first = f"{definition.short} ({definition.long})" in sentence
    if short_first or (article and (article.group(1).lower() == "an") != (long[:1].lower() in "aeiou")):
        return f"{definition.short} ({long})"
    return f"{long} ({definition.short})"
