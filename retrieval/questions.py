"""Read a plain-words question: clean it, then decide by transparent rules what kind of answer fits.

Cleaning removes what a chat message carries besides the question: Discord mention syntax (users, roles,
channels, @everyone/@here, so nothing is ever echoed as a ping), code fences and backticks (their content
is kept as text) and runs of whitespace.

Classification is a short list of regular-expression rules, checked in order:

* **stats** — the profile's header and record: h-index, citations, novelty, AI score, co-authors,
  first-author papers, papers with code, newest/oldest paper, affiliations, research areas, the most
  productive year, and "how many papers" (optionally per year, per category, with code, first-author);
* **meta** — a fact about one named paper that the export states (when it appeared, who wrote it, whether
  it has code, its category): "When was MetaMath published?";
* **list** — "which papers …", "papers about …", "what has Han Shi done on …": the matching papers;
* **fact** — everything else: answered by quoting abstract sentences.

A year ("in 2024", "since 2023", "before 2022") and a category name ("computer vision papers") become
filters; what is left after removing the rule's cue words is the *topic*, searched in the papers' text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from retrieval.cleaning import clean_question
from retrieval.names import name_key
from retrieval.tokens import STOPWORDS

Kind = Literal["empty", "too_long", "foreign", "stats", "meta", "list", "fact"]


# Function words of languages the bot may be asked in by mistake (Latin script), used to notice a question
# that is not English. Words that are also English ("de", "a", "la" in names) are left out.
_FOREIGN_TEXT = """
    qué que cuál cuáles cuántos cuántas cómo dónde los las una unos por para sobre del es está alcanza
    quel quelle quels quelles combien comment où les des une est sont avec sur dans pour qui
    wie viele welche welcher ist sind der das und mit über für ein eine hat haben erreicht
    quanti quante quale quali sono della delle degli gli il
    quais quantos quantas como são uma
"""
_FOREIGN_WORDS = frozenset(_FOREIGN_TEXT.split())


@dataclass
class Question:
    """A classified question: what kind of answer fits and the parts the answer engine needs."""

    text: str
    kind: Kind
    topic: str = ""
    stat: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    category: str | None = None
    has_code: bool | None = None
    first_author: bool = False
    coauthor: str | None = None
    sort: Literal["relevance", "newest", "oldest"] = "relevance"
    title: str = ""
    other: str = ""
    paper_ids: frozenset[str] | None = None
    notes: list[str] = field(default_factory=list)


def is_foreign(text: str) -> bool:
    """True when the question is most likely not English: mostly non-Latin letters, or foreign function words
    outnumbering English ones."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    if latin / len(letters) < 0.6:
        return True
    words = re.findall(r"[^\W\d_]+", text.casefold())
    foreign = sum(word in _FOREIGN_WORDS for word in words)
    english = sum(word in STOPWORDS for word in words)
    return (foreign >= 2 and foreign > english) or (foreign >= 1 and english == 0 and len(words) >= 3)


# --- stats rules: (name, pattern). Checked in order; the first match decides. ---------------------------------
_STATS_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("h_index", re.compile(r"\bh[\s-]?index\b|\bhirsch\b")),
    ("citations", re.compile(r"\bcitations?\b|\bcited\b|\bcitation count\b")),
    ("novelty", re.compile(r"\bnovelty\b")),
    ("ai_score", re.compile(r"\bai[\s-]?score\b")),
    (
        "coauthors",
        re.compile(
            r"\bco-?authors?\b|\bcollaborat\w*|\bco-?work\w*"
            r"|\bwho\b.*\b(publish\w*|work\w*|writ\w*|wrote|team\w*)\b.*\bwith\b"
        ),
    ),
    ("affiliations", re.compile(r"\baffiliat\w*|\binstitut\w*|\buniversit\w*|\bwhere does\b.*\bwork\b|\bemployer\b")),
    ("per_year", re.compile(r"\b(per|each|every|by)\s+year\b|\byearly\b|\bover the years\b|\bper-year\b")),
    ("best_year", re.compile(r"\b(which|what) year\b.*\b(most|productive|busiest)\b|\bmost productive year\b")),
    ("areas", re.compile(r"\b(research )?(areas?|fields?|categor(y|ies)|disciplines?)\b(?!.*\bpapers?\b.*\babout\b)"
                         r"|\b(per|each|by)\s+(category|field|area)\b")),
]
_HEADER_STATS = frozenset({"h_index", "citations", "novelty", "ai_score"})
# Words a question about a header metric may contain besides cue words; anything else names something else.
_HEADER_TEXT = """
    h index h-index hindex hirsch citations citation cited count novelty score percent percentage ai ai-score
    most total overall profile value number my your current
"""
_HEADER_WORDS = frozenset(_HEADER_TEXT.split())
_VENUE = re.compile(
    r"\b(venues?|conferences?|journals?|proceedings|neurips|nips|icml|iclr|cvpr|iccv|eccv|acl|emnlp|naacl|aaai|ijcai|"
    r"kdd|tpami|jmlr)\b|\b(published|accepted|appeared?|presented)\s+(in|at)\s+(?!\d)[a-z]"
)
_FIRST_AUTHOR = re.compile(r"\bfirst[\s-]?author\w*|\blead author\b")
_WITH_CODE = re.compile(
    r"\b(with|have|has|had|release[sd]?|share[sd]?|publish(ed)?|provide[sd]?|includ\w*)\s+(their\s+|the\s+|its\s+|"
    r"public\s+|open[\s-]source\s+|source\s+)*code\b|\bcode\s+(is\s+|was\s+)?(release\w*|available|public)\b"
    r"|\bopen[\s-]sourced?\b|\bgithub\b"
)
_NEWEST = re.compile(r"\b(newest|latest|most recent|last|recent)\b|\bwhat(['’]s| is) new\b")
_WHATS_NEW = re.compile(r"\bwhat(['’]s| is) new\b")
_OLDEST = re.compile(r"\b(oldest|earliest|first)\b")
_PAPER_WORD = r"(papers?|publications?|articles?|works?|preprints?|research)"
_HOW_MANY = re.compile(rf"\b(how many|number of|count)\b.*\b({_PAPER_WORD}|publish\w*)\b")
_OVERVIEW = re.compile(
    r"^(who is|tell me about|what about|describe|summari[sz]e)\s+(?P<name>.+?)\s*\??$"
    r"|^(what|which topics?|which areas?)\s+(is|does|did|do)\s+(?P<subject>.+?)\s+"
    r"(known for|work on|working on|research|study|do|focus on|publish on)\s*\??$"
)

# --- list rules ---------------------------------------------------------------------------------------------
_LIST = re.compile(
    rf"\b(which|what|any|all|some)\s+(of\s+)?([\w'’-]+\s+){{0,3}}{_PAPER_WORD}\b"
    rf"|\b(list|show|find|give|recommend)\b.*\b{_PAPER_WORD}\b"
    rf"|^{_PAPER_WORD}\b"
    r"|\b(papers?|publications?|articles?|preprints?)\s+(about|on|that|using|use|with|in|related|regarding|"
    r"mentioning|for|where|which|covering)\b"
    r"|^(list|show|find)\b"
)
# "Has Han Shi worked on …", "What has she done on …": the subject is the researcher (filled in per profile).
_OWNER_LIST = (
    r"\b(has|have|did|does|do)\s+({subject})\b.*\b(work(ed|s)?|done|do|publish(ed)?|written|wrote|write|"
    r"research(ed)?|stud(y|ied))\b"
)

# --- meta rules: a stated fact about one named paper --------------------------------------------------------
_META_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(r"^(when|in what year|in which year|what year)\s+(was|is|did|were)\s+(?P<title>.+?)\s+"
                        r"(published|released|posted|written|come out|appear(ed)?|out)\s*\??$")),
    ("date", re.compile(r"^(when|what year)\s+(was|is)\s+(?P<title>.+?)\s+from\s*\??$")),
    ("authors", re.compile(r"^who\s+(wrote|authored|are the authors of|is the first author of|were the authors of)"
                           r"\s+(?P<title>.+?)\s*\??$")),
    ("code", re.compile(r"^(does|did|is there|is)\s+(?P<title>.+?)\s+(have|has|release|come with|provide)\s+"
                        r"(public\s+|open[\s-]source\s+|source\s+)*code\s*\??$")),
    ("code", re.compile(r"^is\s+(the\s+)?code\s+(of|for)\s+(?P<title>.+?)\s+(available|public|released)\s*\??$")),
    ("code", re.compile(r"^is\s+(?P<title>.+?)\s+(open[\s-]?sourced?|available on github|on github)\s*\??$")),
    ("category", re.compile(r"^(what|which)\s+(category|field|area)\s+is\s+(?P<title>.+?)\s+(in|from)?\s*\??$")),
    ("summary", re.compile(r"^(what is |what's |give me |show me )?(the )?(tl;?\s?dr|summary|gist|abstract)\s+"
                           r"(of|for)\s+(?P<title>.+?)\s*\??$")),
    ("summary", re.compile(r"^(summari[sz]e|tl;?\s?dr|tell me about|describe|what about)\s*:?\s+"
                           r"(?P<title>.+?)\s*\??$")),
    ("summary", re.compile(r"^(what is|what's)\s+(?P<title>.+?)\s+about\s*\??$")),
    ("compare", re.compile(r"^(compare|contrast)\s+(?P<title>.+?)\s+(and|with|to|vs\.?|versus)\s+"
                           r"(?P<other>.+?)\s*\??$")),
    ("compare", re.compile(r"^(what is |what's )?(the )?differences?\s+between\s+(?P<title>.+?)\s+and\s+"
                           r"(?P<other>.+?)\s*\??$")),
    ("compare", re.compile(r"^how (does|do|is)\s+(?P<title>.+?)\s+(differ|different)\s+(from|to)\s+"
                           r"(?P<other>.+?)\s*\??$")),
    ("compare", re.compile(r"^(?P<title>\S+(?: \S+)?)\s+(vs\.?|versus)\s+(?P<other>.+?)\s*\??$")),
]

_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_SINCE = re.compile(r"\b(since|after|from)\s+(19[89]\d|20\d\d)\b")
_BEFORE = re.compile(r"\b(before|until|through|up to|prior to)\s+(19[89]\d|20\d\d)\b")
_BETWEEN = re.compile(r"\bbetween\s+(19[89]\d|20\d\d)\s+and\s+(19[89]\d|20\d\d)\b")

# Cue words removed from the topic once the rule they signal has been read.
_CUES = re.compile(
    r"\b(what(['’]s| is) new|how many|how much|number of|which|what|any|all|some|list|show( me)?|find|give( me)?|"
    r"recommend|tell me|"
    r"papers?|publications?|articles?|works?|preprints?|research(ed)?|stud(y|ied)|has|have|had|did|does|do|done|"
    r"worked|working|published|publish(es)?|written|wrote|write|about|on|regarding|related to|related|"
    r"released?|came out|appeared?|posted|"
    r"mention(s|ed|ing)?|covering|using|use|uses|in|from|since|after|before|until|through|between|and|the|a|an|of|"
    r"with|as|who|where|when|how|"
    r"there|are|is|was|were|by|he|she|they|his|her|their|me|please|total|count|newest|latest|most recent|recent|"
    r"last|oldest|earliest|first|ever|so far|with( their)?( public| source| open[\s-]source)* code|code available|"
    r"open[\s-]sourced?|github|first[\s-]?author\w*|lead author|category|categories|field|area)\b",
    re.IGNORECASE,
)


def _years(text: str) -> tuple[int | None, int | None, str]:
    """Year filters read from the text, and the text with them removed."""
    if match := _BETWEEN.search(text):
        low, high = sorted((int(match.group(1)), int(match.group(2))))
        return low, high, text.replace(match.group(0), " ")
    if match := _SINCE.search(text):
        year = int(match.group(2))
        return (year + 1 if match.group(1) == "after" else year), None, text.replace(match.group(0), " ")
    if match := _BEFORE.search(text):
        year = int(match.group(2))
        return None, (year - 1 if match.group(1) in ("before", "prior to") else year), text.replace(match.group(0), " ")
    if match := _YEAR.search(text):
        year = int(match.group(1))
        return year, year, text.replace(match.group(0), " ")
    return None, None, text


def _category(text: str, categories: dict[str, str]) -> tuple[str | None, str]:
    """A category named in the text (its human name, or its code in capitals), and the text without it.

    `categories` maps the profile's category codes to their names; only categories that occur can match.
    """
    lowered = text.casefold()
    for code, name in sorted(categories.items(), key=lambda item: -len(item[1])):
        if re.search(rf"\b{re.escape(name.casefold())}\b", lowered):
            return code, re.sub(rf"(?i)\b{re.escape(name)}\b", " ", text)
        if re.search(rf"\b{re.escape(code)}\b", text) and len(code) >= 2:
            return code, re.sub(rf"\b{re.escape(code)}\b", " ", text)
    if "CL" in categories and re.search(r"\bNLP\b", text):
        return "CL", re.sub(r"\bNLP\b", " ", text)
    return None, text


def _strip_owner(text: str, owner: str) -> str:
    """Remove the profile owner's name (and possessives) from the text: it names the library, not a topic."""
    names = [owner, *owner.split()]
    for name in sorted(set(names), key=len, reverse=True):
        if len(name) >= 2:
            text = re.sub(rf"(?i)\b{re.escape(name)}(['’]s)?\b", " ", text)
    return text


def topic_of(text: str) -> str:
    """What remains of the question once the cue words are removed: the words to search."""
    text = re.sub(r"['’]s\b", " ", _CUES.sub(" ", text))
    text = re.sub(r"[?!.,;:]+(\s|$)", " ", text)
    return " ".join(text.split())


def _coauthor(text: str, authors: Iterable[str]) -> tuple[str | None, str]:
    """A co-author named in full in the text ("with Yao Teng"), and the text without the name."""
    for name in sorted(set(authors), key=len, reverse=True):
        pattern = rf"(?i)(?<!\w){re.escape(name)}(['’]s)?(?!\w)"
        if len(name.split()) >= 2 and re.search(pattern, text):
            return name, re.sub(pattern, " ", text)
    return None, text


# "What is SepLLM?", "What does DiffFit do?": the name of one paper asks for that paper in short.
_WHAT_IS_NAME = re.compile(
    r"^(what is|what's|what are|what does|explain|describe)\s+(?P<name>.+?)(\s+(do|does|about))?\s*[?.!]*$"
)


def classify(
    raw: str,
    owner: str,
    categories: dict[str, str],
    authors: Iterable[str] = (),
    paper_names: Iterable[str] = (),
) -> Question:
    """Clean and classify a question (see the module docstring for the rules).

    `categories` maps the profile's category codes to names; `authors` are the co-authors' names, so that
    "papers with Yao Teng" filters by co-author; `paper_names` are the papers' short names ("SepLLM"), so
    that "What is SepLLM?" asks for that paper in short rather than for a sentence that mentions it.
    """
    cleaned = clean_question(raw)
    text = cleaned.text
    if cleaned.too_long:
        return Question(text=text, kind="too_long")
    if cleaned.empty:
        return Question(text=text, kind="empty")
    if is_foreign(text):
        return Question(text=text, kind="foreign", topic=text)

    lowered = text.casefold()
    if (named := _WHAT_IS_NAME.match(lowered)) and name_key(named["name"]) in {name_key(n) for n in paper_names}:
        title = text[named.start("name"):named.end("name")]
        return Question(text=text, kind="meta", stat="summary", title=title)
    for stat, pattern in _META_RULES:
        if match := pattern.match(lowered.rstrip(" .!")):
            title = text[match.start("title"):match.end("title")]
            if re.search(rf"\b{_PAPER_WORD}\b", title.casefold()) or not _strip_owner(title, owner).strip(" '’s"):
                break  # "When was Han Shi's first paper published?" names no title: the rules below read it
            other = text[match.start("other"):match.end("other")] if "other" in pattern.groupindex else ""
            return Question(text=text, kind="meta", stat=stat, title=title, other=other)

    without_owner = _strip_owner(text, owner)
    year_from, year_to, rest = _years(without_owner)
    category, rest = _category(rest, categories)
    coauthor, rest = _coauthor(rest, authors)
    rest_lower = rest.casefold()
    question = Question(
        text=text, kind="fact", year_from=year_from, year_to=year_to, category=category, coauthor=coauthor
    )
    question.first_author = bool(_FIRST_AUTHOR.search(rest_lower))
    question.has_code = True if _WITH_CODE.search(rest_lower) else None
    if (_NEWEST.search(rest_lower) and re.search(rf"\b{_PAPER_WORD}\b", rest_lower)) or _WHATS_NEW.search(rest_lower):
        question.sort = "newest"
    elif _OLDEST.search(rest_lower) and re.search(rf"\b{_PAPER_WORD}\b", rest_lower) and not question.first_author:
        question.sort = "oldest"
    question.topic = topic_of(re.sub(_WITH_CODE.pattern, " ", re.sub(_FIRST_AUTHOR.pattern, " ", rest, flags=re.I),
                                     flags=re.I))

    overview = _OVERVIEW.match(lowered.rstrip(" .!?"))
    who = overview and (overview.group("name") or overview.group("subject"))
    if who and _strip_owner(who, owner).strip(" ?'’s") in ("", "he", "she", "they"):
        question.kind, question.stat = "stats", "overview"
        return question
    for stat, pattern in _STATS_RULES:
        if (stat == "areas" and category is not None) or (stat == "coauthors" and coauthor is not None):
            continue  # "papers in the Databases category" is a list of that category
        if pattern.search(lowered):
            if stat in _HEADER_STATS and set(question.topic.casefold().split()) - _HEADER_WORDS:
                break  # "the novelty of DiffFit": about a paper, not the profile's header
            question.kind, question.stat = "stats", stat
            return question
    if _VENUE.search(rest_lower):
        question.kind, question.stat = "stats", "venue"
        return question
    filtered = question.first_author or question.has_code or year_from or year_to or category or coauthor
    if _HOW_MANY.search(lowered):
        question.kind = "list" if question.topic else "stats"
        question.stat = "count"
        return question
    plural = re.search(r"\b(papers|publications|articles|works|preprints)\b", lowered)
    if question.sort != "relevance" and not question.topic and not plural and not _WHATS_NEW.search(rest_lower):
        question.kind, question.stat = "stats", question.sort
        return question
    subject = "|".join([re.escape(owner.casefold()), *(re.escape(part.casefold()) for part in owner.split()),
                        "he", "she", "they", "the author", "the researcher"])
    owner_list = re.search(_OWNER_LIST.format(subject=subject), lowered)
    if _LIST.search(lowered) or owner_list or (filtered and not question.topic) or question.sort != "relevance":
        question.kind = "list"
        return question
    if filtered and len(question.topic.split()) <= 3:
        question.kind = "list"
    return question
