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
from dataclasses import dataclass

from retrieval import acronyms, roles
from retrieval import tokens as search_tokens
from retrieval.clauses import (
    _INTRO,
    _capitalise,
    _end,
    _top_level_comma,
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
    r"simulations?|we)\b[^;]*?\b(?:show|shows|showed|demonstrate|demonstrates|demonstrated|indicate|indicates|"
    r"reveal|reveals|confirm|confirms|verify|verifies|suggest|suggests|illustrate|illustrates|find|found|observe)"
    r"\s+that\s+)",
    re.I,
)
_LEAD_ADVERB = re.compile(
    r"^(?:notably|remarkably|particularly|especially|impressively|importantly|more importantly|crucially|"
    r"in particular|in addition|additionally|besides|moreover|furthermore|further|finally|overall|specifically|"
    r"concretely|also|empirically|experimentally|in practice|as a result|consequently|thus|therefore)\s*,\s*",
    re.I,
)
_PARENTHETICAL = re.compile(r"\s+\(([^()]*)\)")
_APPOSITIVE = re.compile(r",\s+(?:a|an)\s+[^,;]{3,90}?,\s+(?!and\b|or\b)")


@dataclass
class View:
    """What the reader sees: the TL;DR and the key points, and the sentences each came from."""

    tldr: str | None
    key_points: list[str]
    tldr_sentences: tuple[int, ...] = ()
    point_sentences: tuple[int, ...] = ()
    note: str | None = None


_STOP = frozenset(tokens(" ".join(search_tokens.STOPWORDS))) | _GENERIC


def content(text: str) -> set[str]:
    """Content-word stems of a text (ROUGE's tokens without stopwords and contribution boilerplate)."""
    return {t for t in tokens(text) if t not in _STOP and (not t.isdigit() or len(t) > 1)}


def repeats(point: str, shown: str) -> bool:
    """True when most of `point`'s content words are already in `shown`."""
    words = content(point)
    return bool(words) and len(words & content(shown)) / len(words) >= REPEAT_SHARE


def restates_title(text: str, title: str, names: set[str]) -> bool:
    """The text adds fewer than MIN_NEW_WORDS content words to the title (acronyms of it do not count)."""
    new = content(text) - set(tokens(title)) - names
    return len(new) < MIN_NEW_WORDS


# --------------------------------------------------------------------------------------------------------------
# Shortening one sentence


def _keep_parenthetical(inside: str, defined: set[str], name: str) -> bool:
    """Numbers ("(66.4%)"), acronym definitions ("(DiM)", "(Test-time ... Learning)") and the paper's own name
    ("(abbreviated as AlgoFormer)") stay; other asides ("(e.g., LLaMA-2)") go."""
    inside = inside.strip()
    if re.search(r"\d", inside) and not re.match(r"(?:e\.g\.|i\.e\.|see|cf\.)", inside, re.I):
        return True
    return inside in defined or bool(name and name.lower() in inside.lower())


def _drop_asides(sentence: str, defined: set[str], name: str) -> str:
    shorter = _PARENTHETICAL.sub(
        lambda m: m.group(0) if _keep_parenthetical(m.group(1), defined, name) else "", sentence
    )
    return shorter if len(shorter.split()) >= 4 else sentence


def _drop_praise(sentence: str) -> str:
    """'a novel method' -> 'a method', 'a simple yet effective approach' -> 'an approach' never: the article must
    still agree, so only 'novel' and 'simple yet/but/and effective' go, and only where it does."""

    def drop(match: re.Match[str]) -> str:
        article, following = match.group("article"), match.group("next")
        if article.strip().lower() in ("a", "an") and (article.strip().lower() == "an") != (
            following[:1].lower() in "aeiou"
        ):
            return match.group(0)
        return article + following

    return _PRAISE.sub(drop, sentence)


_PRAISE = re.compile(
    r"(?P<article>\b(?:a|an|the|our|this)\s+)(?:novel|simple (?:yet|but|and) effective)\s+(?P<next>[\w-]+)", re.I
)


def _drop_inner_appositive(sentence: str) -> str:
    """', a sequence model based on X, with ...' -> ' with ...': an aside about a noun deep in the sentence.

    The appositive right after the contribution's name ("We propose X, a method that ...") says what X is, and
    is kept: only one that starts after the first eight words goes.
    """
    for match in _APPOSITIVE.finditer(sentence):
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
    if not _INTRO.match(text[:comma]):
        return text
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
    r"\s(?:on|across|over|in|using|with|for)\s[^,;]{8,140}?(?=,\s*(?:achieving|obtaining|yielding|reaching|improving|"
    r"outperforming|surpassing|showing|demonstrating|resulting|leading|reducing|with)\b)",
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
    r"(?:this|these|those|such|the above|the aforementioned|that)(?: [\w-]+){0,3}?(?=\s+(?:by|via|through|using|with|"
    r"which|that)\b|,)",
    re.I,
)


def readable(sentence: str, defined: set[str], name: str = "") -> str:
    """The sentence as shown on its own: lead-ins, asides and a purpose phrase that points back dropped; an
    introductory phrase that points back ("Across these scales,") dropped too."""
    text = for_display(sentence)
    text = _capitalise(_LEAD_ADVERB.sub("", text))
    text = _PURPOSE_BACK.sub("", text)
    text = _drop_asides(text, defined, name)
    text = _drop_praise(text)
    if not stands_alone(text):
        shorter = drop_intro(text)
        if stands_alone(shorter):
            text = shorter
    return text


def shorten(text: str, limit: int, keep: tuple[str, ...] = ()) -> str | None:
    """`text` in at most `limit` words, by the least damaging cut that keeps every string of `keep`.

    Tries, in order: the leading clause before the subject, an introductory phrase, an inner appositive, the
    longest trailing-clause cut, the longest comma-less cut. None when no cut fits and keeps `keep` (a hard cut
    in mid-clause would drop the informative half).
    """

    def fits(candidate: str) -> bool:
        return len(candidate.split()) <= limit and all(k in candidate for k in keep)

    if fits(text):
        return text
    for step in (strip_lead_clause, drop_intro, drop_setting, _drop_inner_appositive):
        shorter = step(text)
        if shorter != text and all(k in shorter for k in keep) and not fragment(shorter):
            text = shorter
            if fits(text):
                return text
    comma_cuts = sorted((c for c in trailing_cuts(text) if fits(c)), key=len)
    if comma_cuts:
        return comma_cuts[-1]
    tight = sorted((c for c in tight_cuts(text) + verb_phrase_cuts(text) if fits(c)), key=len)
    return tight[-1] if tight else None


# "X shortens the time by 20% and improves accuracy by 1.2 points" -> "X shortens the time by 20%."
_SECOND_VERB = re.compile(r"\s+and\s+(?=(?:also\s+)?[a-z]{3,}(?:es|s|ed)\s)")


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
    match = _RESULT_LEAD.match(text)
    if match:
        claim = _capitalise(text[match.end() :])
        if len(claim.split()) >= 4 and not dangling(claim):
            text = claim
    return text


def stands_alone(text: str, context: str = "") -> bool:
    """Shown on its own line: no reference back to an unshown sentence, not a fragment without a main clause.
    `context` is what the reader has seen just before (the TL;DR above a key point)."""
    return not dangling(text) and not fragment(text) and not refers_back(text, context)


_DEMONSTRATIVE = re.compile(r"\b(?:this|these|those|such)\s+([\w-]+)(?:\s+([\w-]+))?", re.I)
_SELF_NOUNS = frozenset(tokens("paper work study article survey way end regard case point time"))


def refers_back(text: str, context: str = "") -> bool:
    """'... by compressing these segments ...': a demonstrative neither of whose next two words the text (or the
    `context` shown before it) named before (`dangling` catches pronouns and "this issue"; this catches any noun)."""
    seen = set(tokens(context))
    for match in _DEMONSTRATIVE.finditer(text):
        following = [t for w in match.groups() if w for t in tokens(w)]
        earlier = seen | set(tokens(text[: match.start()]))
        if following and following[0] in _SELF_NOUNS:
            continue
        if following and not any(t in earlier for t in following if t not in _STOP):
            return True
    return False


_ENUMERATION = re.compile(r"(?:(?<=\s)|^)\(?(?:[ivx]{1,4}|\d{1,2}|[a-h])\)\s+")


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
        if len(item.split()) >= 6 and item.count("(") == item.count(")"):
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

    def readable(self, i: int) -> str:
        return readable(self.sentences[i], self.defined, self.name)

    def claim(self, i: int) -> str:
        return result_claim(self.sentences[i], self.defined, self.name)


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
    view_parts = _expand_acronyms([tldr, *points], paper)
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
        cuts = [c for c in trailing_cuts(text) + tight_cuts(text) if stands_alone(c)]
        if cuts:
            text = max(cuts, key=len)
    return shorten(text, MAX_TLDR_WORDS) or cap_words(text, MAX_TLDR_WORDS)


def _tldr(paper: _Paper, main: int) -> tuple[str, list[tuple[int, str]]]:
    """The contribution, its mechanism when it only restates the title, and the headline result, in <= 40 words."""
    contribution = _contribution_text(paper, main)
    parts = [(main, contribution)]
    if restates_title(contribution, paper.title, paper.names):
        mechanism = _mechanism(paper, main)
        if mechanism is not None:
            parts.append(mechanism)
    result = _headline_result(paper, main)
    if result is not None and result[0] not in {i for i, _ in parts}:
        parts.append(result)
    return _fit(paper, parts)


def _fit(paper: _Paper, parts: list[tuple[int, str]]) -> tuple[str, list[tuple[int, str]]]:
    """Join the parts in at most MAX_TLDR_WORDS words. A later part is shortened to fit; for a headline figure the
    contribution may give up its trailing clauses (down to 24 words); what still does not fit is left out."""
    head_index, head = parts[0]
    chosen = [(head_index, head)]
    for index, text in parts[1:]:
        keep = _figures_of(paper.sentences[index]) if index == paper.reading.headline else ()
        budget = MAX_TLDR_WORDS - sum(len(t.split()) for _, t in chosen)
        fitted = shorten(text, budget, keep) if budget >= 6 else None
        if fitted is None and len(chosen) == 1:
            # make room: first drop the contribution's leading clause ("Different from previous works ..., we
            # present"); for a headline figure, also its trailing clauses (down to 24 words)
            heads = [strip_lead_clause(head)] + ([shorten(head, 24)] if keep else [])
            for shorter_head in heads:
                if shorter_head is None or shorter_head == head or fragment(shorter_head):
                    continue
                fitted = shorten(text, MAX_TLDR_WORDS - len(shorter_head.split()), keep)
                if fitted is not None:
                    chosen = [(head_index, shorter_head)]
                    break
        if fitted is not None:
            chosen.append((index, fitted))
    return " ".join(_end(t) for _, t in chosen), chosen


def _mechanism(paper: _Paper, main: int) -> tuple[int, str] | None:
    """The first method sentence after the contribution that reads on its own."""
    for i in range(main + 1, len(paper.sentences)):
        if paper.reading.roles[i] == "method":
            text = paper.readable(i)
            if stands_alone(text):
                return i, text
    return None


def _headline_result(paper: _Paper, main: int) -> tuple[int, str] | None:
    """The headline figure's sentence as a claim; without a figure, the first result claim with content of its
    own ("outperforms Y", not "demonstrates the effectiveness of our method") that reads alone."""
    reading = paper.reading
    order = [reading.headline] if reading.headline is not None else []
    order += [i for i in reading.of("result") if i > main and i not in order and not roles.generic(paper.sentences[i])]
    for i in order:
        claim = paper.claim(i)
        if stands_alone(claim):
            return i, claim
    return None


def _point_text(paper: _Paper, i: int, context: str) -> str | None:
    """Sentence `i` as a key point (at most MAX_POINT_WORDS words, reading on its own after `context`), or None."""
    sentence = paper.sentences[i]
    is_result = paper.reading.roles[i] == "result"
    texts = [paper.claim(i) if is_result else paper.readable(i)]
    texts += [readable(item, paper.defined, paper.name) for item in enumeration_items(sentence)]
    for base in texts:
        keep = _figures_of(base) if is_result else ()
        text = shorten(base, MAX_POINT_WORDS, keep) or shorten(base, MAX_POINT_WORDS)
        if text and stands_alone(text, context) and len(text.split()) >= 4:
            return text
    return None


def _key_points(paper: _Paper, tldr: str, shown_parts: list[tuple[int, str]]) -> tuple[list[str], tuple[int, ...]]:
    """Problem, method, result — each at most once, none repeating what is shown already; background last.

    A sentence the TL;DR shows only cut ("... by 20%." of "... by 20% and improves accuracy by 1.2 points.") may
    come back whole as a last resort, when it does not repeat the TL;DR by content words."""
    reading = paper.reading
    in_tldr = dict(shown_parts)
    candidates: dict[int, str] = {}
    for i in range(len(paper.sentences)):
        if reading.roles[i] not in ("release", "contribution"):
            text = _point_text(paper, i, tldr)
            if text is not None and (i not in in_tldr or len(text.split()) >= len(in_tldr[i].split()) + 4):
                candidates[i] = text
    main = reading.contribution if reading.contribution is not None else -1
    problems = [i for i in reversed(reading.of("problem")) if i in candidates]
    methods = [i for i in reading.of("method") if i in candidates and i > main]
    methods += [i for i in reading.of("method") if i in candidates and i < main]
    figures = [i for i in reading.figure_sentences if i in candidates]
    specific = [i for i in reading.of("result") if i in candidates and not roles.generic(paper.sentences[i])]
    results = figures + [i for i in specific if i not in figures]
    results += [i for i in reading.of("result") if i in candidates and i not in results]
    backgrounds = [i for i in reversed(reading.of("background")) if i in candidates and i not in in_tldr]
    again = [i for i in candidates if i in in_tldr]
    problems, methods, results = ([i for i in pool if i not in in_tldr] for pool in (problems, methods, results))
    picked: list[int] = []
    shown = [tldr]

    def take(pool: list[int]) -> bool:
        for i in pool:
            if i not in picked and not any(repeats(candidates[i], s) for s in shown):
                picked.append(i)
                shown.append(candidates[i])
                return True
        return False

    for pool in (problems, methods, results):
        take(pool)
    wanted = min(2 if len(paper.sentences) >= 4 else 1, MAX_POINTS)
    for pool in (results, methods, problems, backgrounds, again):
        while len(picked) < wanted and take(pool):
            pass
    ordered = sorted(picked, key=lambda i: (_ROLE_ORDER[reading.roles[i]], i))
    return [candidates[i] for i in ordered], tuple(ordered)


_ROLE_ORDER = {"background": 0, "problem": 0, "method": 1, "result": 2, "contribution": 1, "release": 3}


def _expand_acronyms(parts: list[str], paper: _Paper) -> list[str]:
    """At the first use of a defined acronym in the view, the long form comes with it ("DiM" -> "Diffusion Mamba
    (DiM)"), unless the view already shows the definition there; the long form is copied from the abstract."""
    out = list(parts)
    for short, definition in paper.definitions.items():
        pattern = acronyms.mention(short)
        for k, part in enumerate(out):
            match = pattern.search(part)
            if match is None:
                continue
            if not _defined_at(part, match, definition):
                expanded = part[: match.start()] + _definition_text(definition, part[: match.start()], paper)
                expanded += part[match.end() :]
                limit = MAX_TLDR_WORDS if k == 0 else MAX_EXPANDED_POINT_WORDS
                if len(expanded.split()) <= limit:
                    out[k] = expanded
            break
    return out


def _defined_at(part: str, match: re.Match[str], definition: acronyms.Definition) -> bool:
    """The acronym at `match` sits inside its definition: "long (ACR)" or "ACR (long)"."""
    before, after = part[: match.start()], part[match.end() :]
    return before.rstrip().endswith("(") or after.lstrip().startswith("(") or definition.long in before[-150:]


def _definition_text(definition: acronyms.Definition, before: str, paper: _Paper) -> str:
    """The definition as the abstract writes it: "long (ACR)", or "ACR (long)" when the abstract put the short
    form first or when an article before it would no longer agree ("an MoE" must not become "an Mixture-...").
    A long form that opened its sentence loses its capital."""
    long = definition.long
    sentence = paper.sentences[definition.sentence]
    first = long.split()[0]
    if sentence.startswith(long) and first[:1].isupper() and first[1:].islower():
        long = long[:1].lower() + long[1:]
    article = re.search(r"\b(a|an)\s*$", before, re.I)
    short_first = f"{definition.short} ({definition.long})" in sentence
    if short_first or (article and (article.group(1).lower() == "an") != (long[:1].lower() in "aeiou")):
        return f"{definition.short} ({long})"
    return f"{long} ({definition.short})"
