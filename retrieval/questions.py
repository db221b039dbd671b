"""Read a chat question as one parse: an intent plus slots, the way a person would read it.

`QuestionReader` is built once per profile from what the profile itself says (its researcher, co-authors,
categories, paper names and titles, vocabulary) and reads each message in the same fixed steps:

1. **clean** (`retrieval.cleaning`): mentions, code fences, URLs; too long, empty and non-English messages
   stop here;
2. **normalise**: years and small numbers written in words become digits (`retrieval.when`);
3. **slots**, each marking the words it used so that no word is read twice:
   researcher and co-author (`retrieval.people`; he/she/they/his/her/their refer to the researcher),
   paper names (`retrieval.papernames`), time (`retrieval.when`), profile metric ("h index", "hindex",
   "citations", "novelty", "ai-score"), code, first authorship, newest/oldest, category (its code, name or a
   common alias, `retrieval.categories`, when used as one: "NLP papers", "papers in vision", "the CV
   category"), follow-up references ("it", "them", "which of them", "and in 2024?");
4. **the remaining words**, each either a question word (what is asked: "how", "paper", "reach", ...), a chat
   word (`retrieval.topicality`: discourse words, everyday English the papers do not use), or a topic word.
   Topic words are kept whole and in order ("state space models"); a typo of a profile word is corrected
   (`retrieval.spelling`); a topic word no paper uses is kept as *missing*, so the answer declines;
5. **intent**, from the cues and slots: how-to, count, list, comparison, paper (in short), profile metric or
   record fact, stated fact of one paper (date, authors, code, category), fact (quoted sentences), decline.

The result (`Reading`) is what `retrieval.ask` answers from, and `Reading.parse()` is the public view
(`QuestionParse`, shown by `--json`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from retrieval.answers import QuestionParse
from retrieval.categories import category_words
from retrieval.cleaning import clean_question
from retrieval.instances import asked_noun
from retrieval.models import Paper
from retrieval.papernames import PaperNames
from retrieval.people import People
from retrieval.quantities import DIMENSIONS, AskedValue, asked_value
from retrieval.sentence_index import EXPANSIONS
from retrieval.spelling import Speller
from retrieval.tokens import STOPWORDS, normalize, stem, tokenize
from retrieval.topicality import DISCOURSE, chat_spelling, is_generic, restore_apostrophe, verb_like
from retrieval.when import read_time, spell_numbers
from retrieval.wordstats import zipf

# Function words of languages the bot may be asked in by mistake (Latin script), used to notice a question
# that is not English. Words that are also English ("de", "a", "la" in names) are left out.
_FOREIGN_TEXT = """
    qué que cuál cuáles cuántos cuántas cómo dónde los las una unos por para sobre del es está alcanza
    quel quelle quels quelles combien comment où les des une est sont avec sur dans pour qui
    wie viele welche welcher ist sind der das und mit über für ein eine hat haben erreicht
    quanti quante quale quali sono della delle degli gli il
    quais quantos quantas como são uma qual é dele dela
"""
_FOREIGN_WORDS = frozenset(_FOREIGN_TEXT.split())

_FRAME_TEXT = """
    paper papers publication publications article articles work works research researcher author authors
    study studies preprint preprints method methods approach approaches model models framework frameworks
    publish published publishes tell know mean means meaning explain describe description reach reaches reached
    get gets got obtain obtains much many number result results really main idea ideas key contribution
    contributions propose proposes proposed introduce introduces introduced call called name named kind type
    summary summarize summarise brief briefly overview happen happens help helps say says said claim claims
    thank thanks find show give list like wonder anything something everything someone stand stands solve solves solved
    address addresses tackle tackles need needs needed read known report reports reported use uses used using
    achieve achieves achieved make makes made does did do done doing put came come comes tried try tries
    release released write wrote written thing things compare comparison versus vs difference differ differs
    test tests tested testing evaluate evaluates evaluated evaluating run runs ran cover covers covered include
    worked working publishing writing releasing build builds built create creates created construct constructs
    constructed filed listed categorized categorised
    includes included discuss discusses discussed examine examines consider considers focus focuses deal deals
"""
FRAME_WORDS: frozenset[str] = frozenset(_FRAME_TEXT.split())
"""Question words, as written: they say what is asked, not what it is about ("reach", "paper", "propose"). Listed
word by word, not by stem, so "summarization" (a topic) is not "summarize" (a request)."""
FRAME: frozenset[str] = frozenset(stem(normalize(word)) for word in FRAME_WORDS)
"""Their stems, for telling a title's topic words from question words."""

_PAPER_NOUN_TEXT = ("paper papers publication publications pub pubs article articles work works preprint preprints "
                    "research stuff")
PAPER_NOUNS = frozenset(_PAPER_NOUN_TEXT.split())
_PAPER_NOUN = r"(?:papers?|publications?|pubs?|articles?|works?|preprints?|research|stuff|ones)"
_CUE_NOUN = r"(?:paper|study|method|approach|agent|model|framework|algorithm|work|one|technique|system|network)"
_PRONOUN_TEXT = "he she him his her hers they them their theirs"
PRONOUNS = frozenset(_PRONOUN_TEXT.split())
_SINGULAR_REF = re.compile(r"\b(?:was|is|did|does|do|were|are)\s+that\b|\bthat\s+(?:with|on|for|from|in)\s*\??$"
                           r"|\bthat(?:'s)?\s*\??$|"
                           r"\b(?:it|its|this paper|that paper|this one|that one|the paper|the same paper|"
                           r"this work|that work|the first one|the second one|the last one|the former|the latter)\b")
_PLURAL_REF = re.compile(r"\b(?:of them|of those|of these|them|those|these|which ones?|the ones|ones|each|both)\b")
_CONTINUE = re.compile(r"^(?:and|but|also|ok(?:ay)?|so)\b|^(?:what|how)\s+about\b|^same\s+(?:for|with|in)\b")

_METRICS: list[tuple[str, re.Pattern[str]]] = [
    ("h_index", re.compile(r"\bh[\s-]*(?:index|idx)\b|\bhindex\b|\bhirsch(?:\s+index)?\b")),
    ("citations", re.compile(r"\bcitation\s+count\b|\bcitations?\b|\bcited\b|\bcites\b")),
    ("novelty", re.compile(r"\bnovelty(?:\s+score)?\b")),
    ("ai_score", re.compile(r"\bai[\s-]*score\b|\baiscore\b")),
]
_RECORD: list[tuple[str, re.Pattern[str]]] = [
    ("coauthors", re.compile(r"\bco-?authors?\b|\bcollaborat\w*|\bco-?workers?\b"
                             r"|\bwho\b.*\b(?:publish\w*|work\w*|writ\w*|wrote|team\w*)\b.*\bwith\b"
                             r"(?:\s+(?:most|the\s+most|often|most\s+often))?\s*\??$")),
    ("affiliations", re.compile(r"\baffiliat\w*|\binstitut\w*|\buniversit\w*|\bwhere\s+(?:does|do|did)\b.*\bwork\b"
                                r"|\bemployer\b")),
    ("per_year", re.compile(r"\b(?:per|each|every|by)\s+year\b|\byearly\b|\bover\s+the\s+years\b|\bper-year\b"
                            r"|\ba\s+year\b")),
    ("best_year", re.compile(r"\b(?:which|what)\s+year\b.*\b(?:most|productive|busiest)\b|\bmost\s+productive\s+year\b"
                             r"|\bbusiest\s+year\b")),
    ("areas", re.compile(r"\b(?:research\s+)?(?:areas?|fields?|categor(?:y|ies)|disciplines?|topics)\b"
                         r"(?!.*\b(?:papers?)\b.*\babout\b)|\b(?:per|each|by)\s+(?:category|field|area)\b")),
]
_VENUE = re.compile(
    r"\b(?:venues?|conferences?|journals?|proceedings|neurips|nips|icml|iclr|cvpr|iccv|eccv|acl|emnlp|naacl|aaai|"
    r"ijcai|kdd|tpami|jmlr|nature|science)\b|\b(?:published|accepted|appeared?|presented)\s+(?:in|at)\s+(?!\d)[a-z]"
)
_YEAR_SHIFT = re.compile(r"\b(?:the\s+)?(?:year|yr)\s+(?:before|after|earlier|later)\b"
                         r"|\b(?:the\s+)?(?:previous|next|following|prior)\s+year\b")
"""'and the year before?': the previous answer's year, shifted (a follow-up)."""
_FIRST_OF_THEM = re.compile(r"\b(?:came\s+out|was\s+(?:published|released|written)|appeared|published|is\s+(?:the\s+)?"
                            r"(?:oldest|newest|latest)|was\s+(?:the\s+)?(?:oldest|newest|latest))\s*"
                            r"(?:first|earliest|last|latest|most\s+recently)?\s*\??$")
_TOTAL = re.compile(r"\bin\s+(?:total|all)\b|\b(?:overall|altogether|all\s+together)\b|\btotal(?=\s+(?:number|count|"
                    r"papers?|publications?)\b|\s*\??$)|^total\b|\bcount\s+of\b|^count\b")
_GREETING = re.compile(r"(?:hi|hey|hello|yo)?\s*(?:what'?s\s+up|wh?assup|sup|how\s+are\s+(?:you|u)|how'?s\s+it\s+going|"
                       r"how\s+do\s+you\s+do|good\s+(?:morning|evening|afternoon))(?:\s+\w+)?")
_REQUEST = re.compile(r"^(?:(?:can|could|would|will)\s+(?:you|u)\s+|(?:please|pls|plz)\s+)?(?:please\s+|pls\s+)?"
                      r"(?:write|draw|generate|compose|create|make|build|implement|code|program|translate|calculate|"
                      r"compute|solve|debug|fix|sing|paint|design|book|order|send|email|call|remind)\b"
                      r"(?!.*\b(?:papers?|publications?|pubs?|articles?|works?|preprints?)\b)")
"""A request to produce or do something ("write me a poem", "can you write code for me"): not a question about
the papers, whatever words it shares with them."""
_FIRST_AUTHOR = re.compile(r"\bfirst[\s-]?author(?:ed|ship|s)?\b|\blead[\s-]author(?:ed|s)?\b")
_CODE = re.compile(
    r"\b(?:with|have|has|had|releas\w*|shar\w*|publish\w*|provid\w*|includ\w*|com\w*\s+with)\s+"
    r"(?:their\s+|the\s+|its\s+|any\s+|public\s+|open[\s-]source\s+|source\s+|released\s+)*code\b"
    r"|\bcode\s+(?:is\s+|was\s+)?(?:release\w*|available|public|out)\b|\bopen[\s-]?sourced?\b|\bgithub\b"
    r"|\b(?:public|released|open)\s+code\b|\bcode\s*\??$"
)
_NO_CODE = re.compile(r"\b(?:without|no|lack\w*)\s+(?:any\s+|public\s+|released\s+)?code\b|\bno\s+code\b"
                      r"|\b(?:don't|doesn't|didn't|do\s+not|does\s+not|did\s+not|haven't|hasn't|never)\s+"
                      r"(?:have|has|had|release\w*|share\w*|come\s+with|provide\w*|publish\w*)\s+(?:any\s+|their\s+)?"
                      r"(?:public\s+|source\s+)?code\b")
_NEWEST = re.compile(r"\b(?:newest|latest|most\s+recent|recent(?:ly)?|newer|lately)\b|\bwhat(?:'s|\s+is)\s+new\b")
_OLDEST = re.compile(r"\b(?:oldest|earliest|first)\b")
_COUNT = re.compile(rf"\b(?:how\s+many|number\s+of|count\s+of|count|total)\s+(?:(?:of\s+)?(?:SUBJ|CAT|TIME|his|her|"
                    rf"their|the|these|those|them)\s+)*(?:\w+\s+){{0,2}}?{_PAPER_NOUN}\b"
                    r"|\bhow\s+many\s*(?:(?:SUBJ|CAT|TIME|SLOT|with|in|from|since|of|them|those|these|are|were|"
                    r"there|do|does|did|has|have|he|she|they)\s*)*\??$")
_LIST = re.compile(
    rf"\b(?:which|what|any|all|some)\s+(?:of\s+)?(?:[\w'’-]+\s+){{0,4}}(?:papers|publications|articles|works|"
    rf"preprints|research|ones)\b|\b(?:which|any)\s+(?:[\w-]+\s+)?(?:paper|publication|article|preprint)\b"
    rf"|\b(?:list|show|find|give|recommend|suggest)\b.*\b{_PAPER_NOUN}\b"
    r"|\b(?:anything|something|stuff)\s+(?:on|about|regarding|related\s+to|with|using)\b"
    r"|\b(?:any|some)\s+(?:[\w-]+\s+)?work\s+(?:on|about|regarding|related\s+to|with|using|in)\b"
    rf"|^{_PAPER_NOUN}\b|\b(?:papers|publications|articles|works|preprints|research)\s*\??$"
    r"|\bstuff(?:\s+(?:pls|plz|please|thanks|thx|ty))?\s*[?!.]*$"
    r"|\b(?:papers|publications|articles|preprints)\s+(?:about|on|that|using|use|uses|with|in|related|"
    r"regarding|mentioning|for|where|which|covering|from|of)\b|\b(?:paper|publication|article)\s+(?:about|on|"
    r"regarding|covering)\b"
    r"|^(?:list|show|find)\b|\bwhich\s+ones?\b|\b[\w-]+\s+(?:papers|publications|articles|preprints)\b"
)
# On the question's *shape* (the researcher, a pronoun for them, a co-author -> SUBJ): "what has Jonas done on
# X", "has she worked on X", "what did he publish in 2019": the researcher's papers.
_OWNER_LIST = re.compile(
    r"\bwhat(?:'s|\s+has|\s+have|\s+did|\s+does|\s+do|\s+is|\s+are|\s+was)\s+SUBJ\s+(?:\w+\s+)?(?:done|do|"
    r"doing|publish\w*|writ\w*|wrote|tried|try|tries|trying|tested|test|evaluated|applied|"
    r"work\w*|put\s+out|release\w*|come\s+out\s+with|came\s+out\s+with)\b"
    r"|\b(?:has|have|did|does|do|is)\s+SUBJ\s+(?:ever\s+)?(?:work\w*|publish\w*|writ\w*|wrote|done|do|put\s+out|"
    r"release\w*)\s*(?:on|about|anything|any|in|with)?\b"
    r"|\bSUBJ\s+(?:work\w*|papers?|research|publications?)\s+(?:on|about|in)\b"
)
_OWNER_COUNT = re.compile(
    r"\bhow\s+many\s+(?:\w+\s+)?(?:has|have|did|does|do)\s+SUBJ\s+(?:\w+\s+)?(?:publish\w*|writ\w*|wrote|put\s+out|"
    r"release\w*|done|do|come\s+out\s+with|came\s+out\s+with|have|has|got)\b"
)
_HOWTO = re.compile(
    r"\bhow\s+(?:do|can|could|should|would|shall)\s+(?:i|we|you|u|one)\b|\bhow\s+to\b"
    r"|^(?:so\s+|and\s+)?(?:can|could|may)\s+(?:i|we|u)\b|\bis\s+(?:there|it\s+possible)\s+(?:a\s+way\s+)?to\b"
    r"|\bwhat\s+(?:else\s+)?can\s+(?:you|u|i|we|this\s+bot|the\s+bot|paperbot|it)\s+(?:do|ask)\b"
    r"|\bwhat\s+(?:do|does)\s+(?:you|u|this\s+bot|the\s+bot|paperbot)\s+do\b|\bwho\s+are\s+(?:you|u)\b"
    r"|\bwhat\s+are\s+(?:you|u)\b|\bhow\s+does\s+(?:this|it|the\s+bot|paperbot)\s+work\b"
    r"|\b(?:help|commands?|usage|instructions)\b|\bwhat\s+(?:are\s+)?(?:your\s+)?(?:features|commands)\b"
)
"""A question about using the bot: "how do I …", "can I …", "what can you do", "help"."""
_COMPARE_CUE = re.compile(r"\b(?:vs\.?|versus|compare[sd]?|comparison|or|and|than|differ\w*|difference)\b")
_COMPARE = re.compile(r"\b(?:vs\.?|versus|compare[sd]?|comparison|differ\w*|difference|better|worse|faster|slower|"
                      r"more|less|fewer|higher|lower|bigger|smaller|than|or)\b")
_DESCRIBED_PAPER = re.compile(r"\b(?:his|her|their|the|that|this)\s+(?:[\w-]+\s+){1,5}?(?:paper|study|article)\b(?!s)")
"""A paper referred to by a description ("the altruism paper"): what the question asks is in that paper."""
_SUMMARY = re.compile(
    r"^(?:so\s+)?(?:what\s+is|what's|whats|what\s+are|what\s+was|who\s+is|tell\s+me\s+about|tell\s+me\s+more\s+about|"
    r"explain|describe|summari[sz]e|give\s+me\s+(?:a\s+)?(?:summary|tl;?dr|overview)\s+of|(?:the\s+)?(?:summary|tl;?\s?dr|"
    r"gist|abstract|overview)\s+(?:of|for)|what\s+does|what\s+do|what\s+about|how\s+about|tl;?\s?dr)\b"
)
_META_DATE = re.compile(r"^(?:so\s+|and\s+)?(?:when|what\s+year|which\s+year|what\s+date|in\s+(?:what|which)\s+year)\b"
                        r".*\b(?:publish\w*|release\w*|post\w*|written|come\s+out|came\s+out|appear\w*|out|from)\b")
_META_AUTHORS = re.compile(r"\bwho\s+(?:wrote|authored|are\s+the\s+authors|were\s+the\s+authors|"
                           r"is\s+the\s+first\s+author|worked\s+on|made)\b|\bauthors?\s+of\b"
                           r"|\bwho\s+(?:is|are)\s+(?:on|behind)\b")
_META_CATEGORY = re.compile(r"\b(?:what|which)\s+(?:category|field|area|subject)\b")
_OVERVIEW = re.compile(r"^(?:who\s+is|tell\s+me\s+about|what\s+about|describe|summari[sz]e)\s+(?P<name>.+?)\s*\??$"
                       r"|^(?:what|which\s+topics?|which\s+areas?)\s+(?:is|does|did|do)\s+(?P<subject>.+?)\s+"
                       r"(?:known\s+for|work\s+on|working\s+on|research|study|do|focus\s+on|publish\s+on)\s*\??$")
_EVALUATION = re.compile(r"\b(?:where|what|which|on\s+what|on\s+which)\b.*\b(?:evaluat\w*|test(?:ed|s)?|tried|try|"
                         r"run|ran|benchmark\w*|experiment\w*|validated?)\b")
_SETTING_NOUNS = frozenset(["dataset", "task", "benchmark", "environ", "domain", "game", "corpus", "corpora",
                            "experi", "evalu"])
_NAMES_ASKED = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:datasets?|benchmarks?|environments?|games?|tasks?|"
                          r"domains?|corpora|corpus|languages?|robots?|models?|baselines?|metrics?|tracks?)\b"
                          r"|\bwhere\b.*\b(?:evaluat\w*|test\w*|tried|run|ran|validated?)\b"
                          r"|\bwhat\s+(?:are|is|were|was)\s+(?:the|its|their|her|his|these|those)\b.*\b(?:called|named|termed|"
                          r"dubbed)\s*\??$")
_SETTING_ASKED = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:datasets?|benchmarks?|environments?|games?|tasks?|"
                            r"domains?|corpora|corpus)\b|\bwhere\b.*\b(?:evaluat\w*|test\w*|tried|run|ran|validated?)\b")
_CONTRIBUTION_ASKED = re.compile(r"\b(?:come|came)\s+up\s+with\b|\bwhat\s+(?:\w+\s+){0,2}(?:did|does|do)\s+\w+"
                                 r"(?:\s+\w+)?\s+(?:propose|introduce|suggest|develop|invent|present)\b|\bwhat\s+fix\b|\bhow\s+"
                                 r"(?:did|does|do)\b.*\b(?:fix|solve|address|tackle|overcome|handle|deal\s+with)\b")
_PROBLEM_ASKED = re.compile(r"\b(?:problems?|issues?|drawbacks?|downsides?|limitations?|weakness\w*|shortcomings?|"
                            r"wrong|fails?|failure|bad)\b")
_WHAT_IS = re.compile(r"^(?:so\s+|and\s+|ok\s+)?(?:what\s+(?:is|are)|what's|whats)\s+(?:an?\s+|the\s+)?[\w.-]+\s*\??$")
"""'what is X' of one word: a definition when the corpus introduces X ('… (X)'), else the papers on X."""
_DEFINITION = re.compile(r"\b(?:stand|stands)\s+for\b|\bshort\s+for\b|\b(?:acronym|abbreviation)\b")
_HOWTO_ACTIONS_TEXT = """
    search searches searching find finding look looking lookup use using ask asking filter filtering sort sorting
    list listing browse see show query type typing mention mentioning message messages dm dms command commands bot
    work works start get getting papers paper question questions help cite citing citation bibtex bib entry
    reference stats statistics chart record profile profiles researcher researchers author authors year years
    date category categories code result results related similar thread threads discuss discussion reply
    replying follow followup follow-up summary summaries tldr abstract title titles single one specific
    particular newest latest oldest page pages next previous more keyword keywords word words option options
    researcher's menu button buttons sorted order ordered
"""
_HOWTO_ACTIONS = frozenset(_HOWTO_ACTIONS_TEXT.split())
_HOWTO_ANY_NOUN = re.compile(r"\b(?:by|a|an|any|some|one|per|each|every|the)\s+(?:topic|subject|area|field)s?\b")
"""'search by topic', 'papers on a topic': a topic in general, a how-to's word ("topic models" is a topic)."""
"""The bot's own features and how it is used (a closed class, the same for every profile): a how-to question's
content words are all among them ("how do I get the BibTeX for a paper"), a research question's are not ("how
can I reduce the KV cache")."""
_LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
              "ro": "Romanian", "cs": "Czech", "ru": "Russian", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
              "ar": "Arabic", "tr": "Turkish", "fi": "Finnish", "nl": "Dutch", "vi": "Vietnamese", "hi": "Hindi",
              "et": "Estonian", "lv": "Latvian", "gu": "Gujarati", "kk": "Kazakh", "lt": "Lithuanian", "si": "Sinhala",
              "ne": "Nepali"}
_LANGUAGE_PAIR = re.compile(rf"\b({'|'.join(_LANGUAGES)})\s?[-–→>]\s?({'|'.join(_LANGUAGES)})\b", re.IGNORECASE)
"""Language pairs as translation papers write them: "en-de" is "English-German"."""


def _language_pair(match: re.Match[str]) -> str:
    return f"{_LANGUAGES[match.group(1).casefold()]}-{_LANGUAGES[match.group(2).casefold()]}"


_TLDR = re.compile(r"\btl\s*;?\s*dr\b", re.IGNORECASE)
_MORE_FUNCTION_TEXT = """
    besides beside except across along among amongst around behind beyond despite toward towards onto per unlike
    regarding concerning whereas although though however also just even still yet instead rather quite anyway
    ever yes no not according
"""
_MORE_FUNCTION_WORDS = frozenset(_MORE_FUNCTION_TEXT.split())
"""Function words the search stopword list leaves out (they carry no topic in a question either)."""
FUNCTION_ZIPF = 6.0
"""An English word this common ("one", "new", "first": Zipf >= 6) is a determiner or function word in a question:
alone before "paper" it describes no paper ("how do I ask about one paper")."""
CATENATIVE_ZIPF = 4.0
"""A common English word no paper uses, right before "to" and a verb ("manage to", "take to", "try to"), says how
something is asked, not what about."""
_TOKEN = re.compile(r"[\w][\w'’+.\-/×]*[\w+]|[\w]")
_WH = frozenset(["what", "which", "who", "whom", "whose", "when", "where", "why", "how"])
_PHRASE_HEADS = frozenset(["model", "models", "method", "methods", "network", "networks", "approach", "approaches",
                           "framework", "frameworks", "system", "systems"])
_FUNCTION_WORDS = sorted(word for word in STOPWORDS | _WH | {"many", "much", "papers", "paper", "difference",
                                                              "different", "compare", "comparison", "versus",
                                                              "between", "publish", "published", "citations"}
                         if len(word) >= 3)

Intent = str  # count list fact paper compare metric record meta howto empty decline


def is_foreign(text: str) -> bool:
    """True when the question is most likely not English: mostly non-Latin letters, or foreign function words
    outnumbering English ones."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    if latin / len(letters) < 0.6:
        return True
    found = re.findall(r"[^\W\d_]+", text.casefold())
    foreign = sum(word in _FOREIGN_WORDS for word in found)
    english = sum(word in STOPWORDS for word in found)
    return (foreign >= 2 and foreign > english) or (foreign >= 1 and english == 0 and len(found) >= 3)


@dataclass
class Tok:
    """One word of the question: as typed, its lower-case form, where it is, and what has claimed it."""

    text: str
    low: str
    start: int
    end: int
    role: str = ""


@dataclass
class Reading:
    """A question as read: intent, slots, topic words, and what the reader noticed on the way."""

    text: str
    intent: Intent = "fact"
    metric: str | None = None
    record: str | None = None
    meta: str | None = None
    meta_cue: str | None = None  # date | authors | code | category: asked of a paper, named or not
    papers: list[Paper] = field(default_factory=list)
    title_matched: frozenset[str] = frozenset()
    year_from: int | None = None
    year_to: int | None = None
    category: str | None = None
    coauthor: str | None = None
    researcher: str | None = None
    has_code: bool | None = None
    first_author: bool = False
    sort: str = "relevance"
    limit: int | None = None
    topic_words: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    refers: str | None = None  # "one" (it, this paper) | "many" (them, which of them)
    reference: str = ""  # the words that refer back ("which of them", "which ones")
    evaluation_asked: bool = False  # "what was X tested on": "evaluation" added to the topic words
    continues: bool = False  # "and in 2024?", "what about …"
    bare: bool = False  # nothing but slots: "in 2024?", "with code?"
    followup: bool = False
    within: frozenset[str] | None = None  # follow-up: only these papers (the previous answer's)
    restricted: bool = False  # asked of one given paper ("Ask about this paper"): answered from it alone
    year_shift: int = 0  # "and the year before?": -1 (after: +1), against the previous answer's year
    alternatives: list[list[str]] = field(default_factory=list)  # "X or Y": the topic words of each
    conjuncts: list[list[str]] = field(default_factory=list)  # "X with Y": the topic words of each, all asked
    unresolved: bool = False  # refers back ("it", "them") with nothing to refer to
    stopped: str | None = None  # too_long | empty | foreign
    wants_number: bool = False  # "how many …", "what score …": the answer must give a number
    wants_names: bool = False  # "which datasets/environments …": the answer names them
    wants_setting: bool = False  # ... and they are where the paper was evaluated
    stand_for: bool = False  # "what does X stand for" (not "what is X")
    wants_contribution: bool = False  # "what did she come up with / propose for …": the paper's proposal
    wants_problem: bool = False  # "what's the problem with …": a shortcoming the abstract states
    counted: list[str] = field(default_factory=list)  # "how many environments": the words a number counts
    asked: AskedValue | None = None  # the kind of value asked for ("how big": a size), see retrieval.quantities
    asked_noun: str | None = None  # "which GPU": the kind of thing asked for, see retrieval.instances
    defines: str | None = None  # "what does X stand for": the name to define
    coined: str | None = None  # the first paper name the question uses that an abstract coins ("OP-NAS")
    one_paper: bool = False  # "his X paper", "the X study": the question is about one paper it describes
    required: list[str] = field(default_factory=list)  # topic words a quote must contain (follow-ups)
    named_as: list[str] = field(default_factory=list)  # how the question wrote the papers it names by name
    length: int = 0
    only_chat: bool = False

    @property
    def topic(self) -> str:
        return " ".join(self.topic_words)

    def drop_evaluation(self) -> None:
        """A list or a count asks for papers, not for the sentence that states a setting: the word added for
        "where was it evaluated" is no part of its topic ("which papers test on VizDoom": papers with VizDoom)."""
        if self.evaluation_asked and "evaluation" in self.topic_words:
            self.topic_words.remove("evaluation")

    @property
    def asks_slot(self) -> bool:
        """The question asks for something a paper states (a number, names, a setting, a proposal, a problem),
        so it is not a request for the paper in short: "what was X tested on", "how fast is X"."""
        return self.wants_number or self.wants_names or self.wants_setting or self.wants_contribution or (
            self.wants_problem or self.evaluation_asked)

    @property
    def filtered(self) -> bool:
        return bool(self.year_from or self.year_to or self.category or self.coauthor or self.has_code is not None
                    or self.first_author)

    def parse(self) -> QuestionParse:
        return QuestionParse(
            intent=self.intent, metric=self.metric or self.record or self.meta, topic=self.topic,
            papers=[paper.id for paper in self.papers], year_from=self.year_from, year_to=self.year_to,
            category=self.category, coauthor=self.coauthor, researcher=self.researcher, has_code=self.has_code,
            first_author=self.first_author, sort=self.sort, limit=self.limit,  # type: ignore[arg-type]
            followup=self.followup, corrections=dict(self.corrections), ignored=list(self.ignored),
        )


class QuestionReader:
    """Reads questions about one profile (see the module docstring)."""

    def __init__(
        self,
        researchers: Sequence[str],
        coauthors: Iterable[str],
        categories: dict[str, str],
        names: PaperNames,
        vocabulary: Speller,
        doc_freq: dict[str, int],
        today: dt.date,
    ) -> None:
        self.researchers = list(researchers)
        self.people = People(self.researchers, coauthors)
        self.categories = categories
        self.names = names
        self.vocabulary = vocabulary
        self.doc_freq = doc_freq
        self.today = today
        aliases: list[tuple[str, str]] = []
        for code, name in categories.items():
            aliases += [(alias, code) for alias in category_words(code, name)]
        self._aliases = sorted(aliases, key=lambda item: -len(item[0]))
        self._by_id = {paper.id.casefold(): paper for paper in names.papers}

    # ---------------------------------------------------------------------------------------------- reading
    def read(self, raw: str) -> Reading:
        cleaned = clean_question(raw)
        reading = Reading(text=cleaned.text, length=cleaned.length)
        if cleaned.too_long:
            reading.stopped = reading.intent = "too_long"
            return reading
        if cleaned.empty:
            reading.stopped = reading.intent = "empty"
            return reading
        if is_foreign(cleaned.text):
            reading.stopped = reading.intent = "foreign"
            return reading
        if (paper := self._by_id.get(cleaned.text.strip(" ?!.").casefold())) is not None:
            reading.papers, reading.intent = [paper], "paper"  # only a paper's id: that paper
            return reading
        if _GREETING.fullmatch(cleaned.text.casefold().strip(" ?!.")):
            reading.stopped = reading.intent = "empty"
            return reading
        if _REQUEST.search(cleaned.text.casefold().strip()):
            reading.stopped = reading.intent = "request"
            return reading
        text = _TLDR.sub("summary", cleaned.text.replace("’", "'"))
        text = self._respell(spell_numbers(text))
        low = text.casefold()

        reading.wants_names = _NAMES_ASKED.search(low) is not None
        reading.asked_noun = asked_noun(low)
        reading.wants_setting = _SETTING_ASKED.search(low) is not None
        reading.stand_for = _DEFINITION.search(low) is not None
        reading.wants_contribution = _CONTRIBUTION_ASKED.search(low) is not None
        reading.wants_problem = _PROBLEM_ASKED.search(low) is not None
        if counted := re.search(r"\bhow\s+many\s+((?:[\w-]+\s+){0,2}?[\w-]+?)(?=\s+(?:do|does|did|are|were|is|was|"
                                r"can|could|has|have|had|will|would|in|on|of|for|with|to|by|from|at|per|across|between|within)\b"
                                r"|\s*$|\s*\?)", low):
            reading.counted = counted.group(1).split()
        reading.asked = asked_value(low, _counted_tokens(reading.counted))
        reading.wants_number = reading.asked is not None
        toks = [Tok(m.group(0), restore_apostrophe(re.sub(r"'s?$", "", m.group(0).casefold()) or m.group(0)),
                    m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self._people(reading, text, toks)
        self._names(reading, text, toks)
        self._time(reading, low, toks)
        self._phrases(reading, low, toks)
        self._category(reading, low, toks)
        self._references(reading, low, toks)
        self._words(reading, toks)
        self._title_mention(reading, low, toks)
        self._intent(reading, low, toks)
        return reading

    def _respell(self, text: str) -> str:
        """Chat spellings and typos of function words ("wat", "teh", "mny") as the words they stand for.

        Only a word that is not the profile's, not a paper's name and not English (Zipf < 3) is respelled,
        and only into a function word one edit away, so "HAC" stays a name and "hat" stays a word."""
        def respell(match: re.Match[str]) -> str:
            word = match.group(0)
            low = word.casefold()
            if (spelled := chat_spelling(low)) is not None:
                return spelled
            if (restored := restore_apostrophe(low)) != low:
                return restored  # "whats" -> "what's", "dont" -> "don't"
            if len(low) < 3 or not low.isalpha() or zipf(low) >= 3.5 or low in self.names.names or (
                low in self.people.name_words
            ):
                return word
            if any(self.doc_freq.get(token) for token in tokenize(low)):
                return word
            close = [f for f in _FUNCTION_WORDS if abs(len(f) - len(low)) <= 1 and OSA.distance(low, f) <= 1]
            dropped = [f for f in close if len(f) == len(low) + 1 and _subsequence(low, f)]
            close = dropped or close  # a typo drops a letter more often than it changes one: "mny" is "many"
            return close[0] if len(close) == 1 else word

        return _LANGUAGE_PAIR.sub(_language_pair, _TOKEN.sub(respell, text))

    # ------------------------------------------------------------------------------------------------ slots
    def _people(self, reading: Reading, text: str, toks: list[Tok]) -> None:
        for mention in self.people.find(text):
            if mention.role == "researcher":
                reading.researcher = reading.researcher or mention.name
            elif reading.coauthor is None:
                reading.coauthor = mention.name
            _mark(toks, (mention.start, mention.end), "person")
        for tok in toks:
            if not tok.role and tok.low in PRONOUNS:
                tok.role = "pronoun"

    def _names(self, reading: Reading, text: str, toks: list[Tok]) -> None:
        for mention in self.names.find_names(text):
            if all(tok.role in ("", "pronoun") for tok in toks if _inside(tok, (mention.start, mention.end))):
                if mention.paper not in reading.papers:
                    reading.papers.append(mention.paper)
                    reading.named_as.append(mention.surface)
                    if mention.coined and reading.coined is None:
                        reading.coined = mention.surface
                _mark(toks, (mention.start, mention.end), "paper")

    def _time(self, reading: Reading, low: str, toks: list[Tok]) -> None:
        slot = read_time(low, self.today)
        if slot is None:
            return
        if slot.phrase.isdigit():  # a bare year right after a name is part of it ("WMT 2014", "coco 2017")
            before = [tok for tok in toks if tok.end <= slot.span[0]]
            if before and not before[-1].role and before[-1].low not in STOPWORDS | PAPER_NOUNS | _WH and (
                self.names.written_together(before[-1].low, slot.phrase)
            ):
                return
        reading.year_from, reading.year_to = slot.year_from, slot.year_to
        _mark(toks, slot.span, "time")

    def _phrases(self, reading: Reading, low: str, toks: list[Tok]) -> None:
        if match := _YEAR_SHIFT.search(low):
            reading.year_shift = -1 if re.search(r"before|earlier|previous|prior", match.group(0)) else 1
            reading.continues = True
            _mark(toks, match.span(), "time")
        if match := _FIRST_OF_THEM.search(low):
            reading.sort, reading.limit = ("oldest" if re.search(r"first|earliest|oldest", match.group(0))
                                           else "newest"), 1
            _mark(toks, match.span(), "slot")  # "which one came out first": the oldest of them
        for match in _TOTAL.finditer(low):
            _mark(toks, match.span(), "frame")  # "in total", "count of": how a count is asked, no topic
        if match := _FIRST_AUTHOR.search(low):
            reading.first_author = True
            _mark(toks, match.span(), "slot")
        if match := _NO_CODE.search(low):
            reading.has_code = False
            _mark(toks, match.span(), "slot")
        elif match := _CODE.search(low):
            reading.has_code = True
            _mark(toks, match.span(), "slot")
        for metric, pattern in _METRICS:
            if match := pattern.search(low):
                reading.metric = metric
                _mark(toks, match.span(), "slot")
                break
        noun = rf"(?:\s+\w+){{0,2}}\s+{_PAPER_NOUN}\b"
        if match := re.search(rf"\b(?:newest|latest|most\s+recent|recent|newer|last)\b(?=(?:\s+\d+)?{noun})", low):
            reading.sort = "newest"
            _mark(toks, match.span(), "slot")
        elif match := re.search(rf"\b(?:oldest|earliest|first)\b(?=(?:\s+\d+)?{noun})", low):
            if not reading.first_author:
                reading.sort = "oldest"
                _mark(toks, match.span(), "slot")
        elif match := re.search(r"\bwhat(?:'s|\s+is)\s+new\b|\b(?:lately|recently|these\s+days|nowadays|currently|"
                                r"right\s+now)\b", low):
            reading.sort = "newest"
            _mark(toks, match.span(), "slot")
        if match := re.search(rf"\b(?:newest|latest|last|oldest|earliest|first|top)\s+(\d{{1,2}})(?={noun})", low):
            reading.limit = int(match.group(1))
            _mark(toks, match.span(), "slot")
        elif match := re.search(r"\b(\d{1,2})\s+(?:newest|latest|most\s+recent|last|oldest|earliest|first)\b", low):
            reading.limit = int(match.group(1))  # "his two latest papers"
            _mark(toks, match.span(), "slot")

    def _category(self, reading: Reading, low: str, toks: list[Tok]) -> None:
        """A category used as one: '<X> papers', 'papers in <X>', 'in <X>', 'the <X> category'."""
        for alias, code in self._aliases:
            word = re.escape(alias)
            patterns = (
                rf"\b{word}(?:[\s-]+related)?(?=(?:\s+\w+)?\s+{_PAPER_NOUN}\b|\s+(?:category|field|area)\b)",
                rf"(?<=^and\s){word}(?=\s*\??$)|(?<=^what\sabout\s){word}(?=\s*\??$)",
                rf"(?<=\bin\s){word}\b(?!\s+\w+\s+(?:paper|model))",
                rf"(?<=\bin\sthe\s){word}\b(?=\s+(?:category|field|area))",
                rf"\b(?:filed|listed|categori[sz]ed|classified)\s+(?:under|in|as)\s+(?P<code>{word})\b",
            )
            for number, pattern in enumerate(patterns):
                match = re.search(pattern, low)
                if match and all(not tok.role for tok in toks if _inside(tok, match.span())):
                    # a bare code must be typed as one ("in CV"), unless it modifies "papers" ("cv papers")
                    if alias == code.casefold() and len(alias) <= 3 and number > 0:
                        typed = [tok.text for tok in toks if _inside(tok, match.span(
                            "code" if "code" in match.re.groupindex else 0))]
                        if typed and not typed[0].isupper():
                            continue
                    reading.category = code
                    _mark(toks, match.span(), "category")
                    if after := re.match(r"\s+(?:category|categories|field|area)\b", low[match.end():]):
                        _mark(toks, (match.end(), match.end() + after.end()), "frame")  # "the ML category"
                    return

    def _references(self, reading: Reading, low: str, toks: list[Tok]) -> None:
        if _CONTINUE.search(low):
            reading.continues = True
        # "in 2024?", "with code?": nothing but slots, so it can only continue the conversation
        reading.bare = bool(toks) and all(tok.role in ("time", "slot", "category", "person") or (
            not tok.role and tok.low in STOPWORDS and tok.low not in _WH) for tok in toks) and any(
            tok.role in ("time", "slot", "category", "person") for tok in toks)
        free = [match for match in _PLURAL_REF.finditer(low) if _unclaimed(toks, match.span())]
        single = [match for match in _SINGULAR_REF.finditer(low) if _unclaimed(toks, match.span())]
        if free:
            reading.refers = "many"
            reading.reference = free[0].group(0)
            _mark(toks, free[0].span(), "ref")
        elif single:
            reading.refers = "one"
            _mark(toks, single[0].span(), "ref")
        elif any(tok.low == "they" for tok in toks):
            reading.refers = "they"

    def _words(self, reading: Reading, toks: list[Tok]) -> None:
        """Sort the unclaimed words into question words, chat words and topic words (module docstring, 4)."""
        chat = 0
        for index, tok in enumerate(toks):
            if tok.role:
                continue
            low = tok.low
            if low in DIMENSIONS and index and toks[index - 1].low == "how":
                tok.role = "slot"  # "how big": the kind of value asked (retrieval.quantities), not a topic
                continue
            if reading.wants_problem and _PROBLEM_ASKED.fullmatch(low):
                tok.role = "slot"  # "what's the problem with X": a problem is what is asked, X the topic
                continue
            if low in STOPWORDS or low in _WH or low in _MORE_FUNCTION_WORDS or (low.isdigit() and len(low) <= 1):
                tok.role = "stop"
                continue
            if low in DISCOURSE or (low in ("q", "question") and index and toks[index - 1].low == "quick"):
                tok.role = "chat"
                chat += 1
                continue
            tokens = tokenize(tok.text)
            if not tokens:
                tok.role = "stop"
                continue
            if low in FRAME_WORDS or low in PAPER_NOUNS:
                previous = toks[index - 1] if index else None
                if low in _PHRASE_HEADS and previous is not None and previous.role == "topic" and any(
                    self.doc_freq.get(token) for token in tokens
                ):
                    tok.role = "topic"  # the head of a topic phrase: "state space models", "diffusion models"
                    continue
                tok.role = "frame"
                continue
            if any(self.doc_freq.get(token) for token in tokens) or any(
                self.doc_freq.get(alternative) for alternative in EXPANSIONS.get(tokens[0], ())
            ) or (len(tokens[0]) > 3 and tokens[0].endswith("s") and self.doc_freq.get(tokens[0][:-1])):
                tok.role = "topic"  # (an acronym's plural typed in lower case, "lstms", is its singular's)
                continue
            following = toks[index + 1].low if index + 1 < len(toks) else ""
            if following == "to" and zipf(low) >= CATENATIVE_ZIPF and index + 2 < len(toks):
                tok.role = "frame"  # "manage to compress", "take to pretrain": a verb of trying or taking
                continue
            if zipf(low) >= CATENATIVE_ZIPF and _before_stranded_preposition(toks, index) and self._written_form(
                tokens[0]
            ):
                tok.role = "frame"  # "what is the loss built on": the verb a question's last preposition hangs on
                continue
            if _papers_verb(toks, index) and verb_like(low):
                tok.role = "frame"  # "which papers mention dropout": what the papers are asked to do, not a topic
                continue
            corrected = self.vocabulary.correct(low)
            if corrected is not None and not is_generic(low):
                reading.corrections[tok.text] = corrected
                tok.role = "topic"
                continue
            if is_generic(low):
                tok.role = "chat"
                reading.ignored.append(tok.text)
                chat += 1
                continue
            tok.role = "missing"
        for tok in toks:
            if tok.role in ("topic", "missing"):
                reading.topic_words.append(reading.corrections.get(tok.text, tok.text))
            if tok.role == "missing":
                reading.missing.append(tok.text)
        stems = {token for word in reading.topic_words for token in tokenize(word)}
        if _EVALUATION.search(" ".join(tok.low for tok in toks)) and not stems & _SETTING_NOUNS:
            reading.topic_words.append("evaluation")  # "where was X evaluated?": asks for the evaluation setting
            reading.evaluation_asked = True
        reading.only_chat = chat > 0 and all(tok.role in ("chat", "stop") for tok in toks)

    def _written_form(self, token: str) -> bool:
        """Some paper writes another form of this verb: an indexed word of about its length with its first four
        letters ("built" / "build"; "funded" has only "fundamental", so it stays a missing topic)."""
        if len(token) < 4:
            return False
        return any(abs(len(known) - len(token)) <= 1 and known[:4] == token[:4] and known != token
                   for known in self.doc_freq)

    def _title_mention(self, reading: Reading, low: str, toks: list[Tok]) -> None:
        """A paper named by its title's words: 'the koopman paper', 'the long horizon exploration paper'.

        The phrases tried are runs of consecutive topic words; a run right before a cue noun ("paper",
        "study", "method") is tried first. Every word of the phrase must be in the title (one may be missing
        from a phrase of three words or more); without a cue, two words at least must match."""
        if len(reading.papers) > 1 or (reading.papers and not _COMPARE_CUE.search(low)):
            return  # a second paper is looked for only in a comparison: "SJD++ vs speculative jacobi ..."
        phrases: list[tuple[list[Tok], bool]] = []
        topical_cues: dict[int, Tok] = {}
        run: list[Tok] = []
        for tok in [*toks, Tok("", "", len(low), len(low), "end")]:
            cue_noun = re.fullmatch(_CUE_NOUN + "s?", tok.low) is not None
            if tok.role in ("topic", "missing") and not cue_noun and not (
                run and re.search(r"[,;:!?()]", low[run[-1].end:tok.start])
            ):
                run.append(tok)
                continue
            if tok.low == "one" and run and tok.role in ("topic", "missing"):
                phrases.append((run, True))  # "the visual token grouping one": a cue noun read as a topic word
                topical_cues[id(run)] = tok
                run = []
                continue
            if tok.role in ("topic", "missing"):  # punctuation ends a phrase: "wmt14 en-de, dynamic convolutions"
                phrases.append((run, False))
                run = [tok]
                continue
            if run:
                phrases.append((run, cue_noun))
            run = []
        wanted = 2 if _COMPARE_CUE.search(low) else 1
        for words, cue in sorted(phrases, key=lambda item: not item[1]):
            if len(reading.papers) >= wanted:
                return
            if len(words) == 1 and zipf(words[0].low) >= FUNCTION_ZIPF:
                continue  # "one paper", "the new paper": a word that common names no paper
            if not cue and reading.refers == "one" and not reading.papers:
                continue  # "how much more training efficient is it": "it" names the paper, these are topic words
            terms = {t.text: tokenize(reading.corrections.get(t.text, t.text)) for t in words}
            found = self.names.by_title([term for tokens in terms.values() for term in tokens], cue=cue,
                                        exclude=frozenset(paper.id for paper in reading.papers))
            if found is None:
                continue
            unmatched = sum(1 for tokens in terms.values() if not set(tokens) & found[1])
            matched = len(words) - unmatched
            if unmatched > (1 if len(words) >= 3 else 0) or (not cue and matched < 2):
                continue
            reading.papers.append(found[0])
            # the phrase's words name the paper (an unmatched one too, "mt" in "the phrase-based mt paper")
            reading.title_matched |= found[1] | frozenset(term for tokens in terms.values() for term in tokens)
            if (cue_tok := topical_cues.get(id(words))) is not None:  # "... one" names the paper: no topic word
                cue_tok.role = "frame"
                reading.topic_words = [word for word in reading.topic_words if word != cue_tok.text]

    # ----------------------------------------------------------------------------------------------- intent
    def _intent(self, reading: Reading, low: str, toks: list[Tok]) -> None:
        shape = _shape(low, toks)
        content = bool(reading.topic_words)
        named = bool(reading.papers)
        reading.meta_cue = self._meta(low)
        if _DEFINITION.search(low):
            reading.defines = self._defined_name(reading, toks)
        generic = {match.group(0).split()[-1] for match in _HOWTO_ANY_NOUN.finditer(low)}
        if _HOWTO.search(low) and not named and not _COUNT.search(shape) and all(
            word.casefold() in _HOWTO_ACTIONS or word.casefold() in generic for word in reading.topic_words
        ):
            reading.intent = "howto"
            reading.topic_words = []
            return
        if reading.only_chat and not named:
            reading.intent = "empty"
            return
        if len(reading.papers) >= 2 and _COMPARE.search(low) and not (reading.title_matched and _LIST.search(low)):
            reading.intent = "compare"  # (not "which papers use X or Y": papers on either topic)
            return
        if reading.metric:
            reading.intent = "metric"
            return
        for record in ("per_year", "best_year"):
            if dict(_RECORD)[record].search(low) and not named:
                reading.intent, reading.record = "record", record
                return
        if named and dict(_RECORD)["coauthors"].search(low):
            reading.intent, reading.meta = "meta", "authors"  # "co-authors on MetaMath": its authors
            return
        if _COUNT.search(shape) or _OWNER_COUNT.search(shape):
            reading.intent = "count"
            reading.drop_evaluation()
            reading.alternatives = _alternatives(toks)
            return
        if _VENUE.search(low):
            reading.intent, reading.record = "record", "venue"
            return
        if named and reading.meta_cue and not (reading.meta_cue == "code" and reading.topic_words):
            reading.intent, reading.meta = "meta", reading.meta_cue
            return
        if not named:
            overview = _OVERVIEW.match(low.rstrip(" .!?"))
            who = overview and ("name" if overview.group("name") else "subject")
            if who and all(tok.role in ("person", "pronoun", "stop", "chat") for tok in toks
                           if _inside(tok, overview.span(who))):
                reading.intent, reading.record = "record", "overview"
                return
            described = _DESCRIBED_PAPER.search(low) is not None and not re.match(r"(?:so\s+|and\s+)?who\b", low)
            for record, pattern in _RECORD:
                if described:
                    break  # "which organisms does the altruism paper say can collaborate": asked of a paper
                if record == "areas" and reading.category:
                    continue
                if record == "coauthors" and reading.coauthor:
                    continue
                if pattern.search(low):
                    reading.intent, reading.record = "record", record
                    return
        # "how many miniature BERTs did she put out": a number a paper states, not her papers
        asks_number = re.match(r"(?:so\s+|and\s+)?how\s+(?:many|much)\b", low) is not None
        listing = _LIST.search(low) or (_OWNER_LIST.search(shape) and not asks_number)
        reading.one_paper = not named and _SUMMARY.search(low) is not None and re.search(
            rf"\b(?:his|her|their|the|that|this)\s+(?:[\w-]+\s+){{1,5}}?{_CUE_NOUN}\b", low) is not None
        if named and reading.title_matched and listing:
            reading.papers, reading.title_matched = [], frozenset()  # "papers on social dilemmas": a topic
            named = False
        if not named and not reading.defines and _WHAT_IS.match(low):
            lone = [tok for tok in toks if tok.role in ("topic", "missing")]
            if len(lone) == 1 and not reading.alternatives:
                reading.defines = lone[0].text  # "what are ISDs": where the corpus writes it out (else a list)
        if reading.defines:
            reading.intent = "fact"
            return
        if named and not reading.missing and _SUMMARY.search(low) and self._only_names(reading, toks) and not (
            reading.asks_slot
        ):
            if reading.coined and len(reading.papers) == 1 and re.match(r"^(?:what|who)\b", low):
                reading.intent, reading.defines = "fact", reading.coined  # "what is OP-NAS?": its definition
                return
            reading.intent = "paper"
            return
        if named and self._only_names(reading, toks) and not _has_wh(toks) and not listing:
            reading.intent = "paper"  # just the name: "SepLLM?", "leave no trace"
            return
        if reading.sort != "relevance" and not content and not reading.limit and not _OWNER_LIST.search(shape):
            plural = re.search(r"\b(?:papers|publications|articles|works|preprints|ones)\b", low)
            if not plural:
                reading.intent, reading.record = "record", reading.sort
                return
        if reading.sort != "relevance" and content and not reading.limit and re.search(
            r"\b(?:newest|latest|most\s+recent|recent|last|oldest|earliest|first)\s+(?:[\w-]+\s+){0,3}"
            r"(?:paper|publication|article|preprint|work)\b(?!s)", low
        ):
            reading.limit = 1  # "her latest translation paper": the one
        if listing or reading.refers == "many" or reading.sort != "relevance" or reading.limit:
            reading.intent = "list"
            reading.drop_evaluation()
            reading.alternatives = _alternatives(toks)
            reading.conjuncts = [] if reading.alternatives else _conjuncts(toks)
            return
        if reading.filtered and (not content or len(reading.topic_words) <= 3) and not named:
            reading.intent = "list"
            return
        if _SUMMARY.search(low) and content and not named and not _has_wh_fact(low):
            reading.intent = "list"  # "tell me about diffusion": the papers on it
            return
        reading.intent = "fact"

    def _defined_name(self, reading: Reading, toks: list[Tok]) -> str | None:
        """The name "what does X stand for" asks about: a paper's name, or a word written as a name."""
        for tok in toks:
            if tok.role == "paper" or (tok.role in ("topic", "missing") and _name_like(tok.text)):
                return tok.text
        words = [tok for tok in toks if tok.role in ("topic", "missing")]
        return words[0].text if len(words) == 1 else None

    def _meta(self, low: str) -> str | None:
        if _META_DATE.search(low):
            return "date"
        if _META_AUTHORS.search(low):
            return "authors"
        if re.search(r"\b(?:code|github|open[\s-]?source\w*|implementation)\b", low) and re.search(
            r"^(?:does|did|is|are|has|have|do|where|any)\b|\?$|\b(?:available|released|public)\b", low
        ):
            return "code"
        if _META_CATEGORY.search(low):
            return "category"
        return None

    def _only_names(self, reading: Reading, toks: list[Tok]) -> bool:
        """Every topic word of the question is part of the named paper's name or title."""
        for tok in toks:
            if tok.role in ("topic", "missing") and not set(tokenize(tok.text)) <= reading.title_matched:
                return False
        return True


_SHAPES = {"person": "SUBJ", "pronoun": "SUBJ", "category": "CAT", "time": "TIME", "paper": "PAPER", "slot": "SLOT"}


_STRANDED = frozenset(["on", "upon", "from", "by", "with", "to", "for", "in", "of", "against", "at"])


def _before_stranded_preposition(toks: list[Tok], index: int) -> bool:
    """Token `index` comes right before the preposition that ends a wh-question ("what technique is the new loss
    built on", "which data was it trained with"): in English that preposition belongs to the question's verb."""
    return index + 2 == len(toks) and toks[-1].low in _STRANDED and _has_wh(toks) and any(
        tok.role == "topic" for tok in toks[:index]
    )  # and the question has a topic of its own: "what is X funded by" is not "what is X"


def _papers_verb(toks: list[Tok], index: int) -> bool:
    """Token `index` is the verb of a question whose subject is papers ("which of her papers mention X", "papers
    that talk about X", "any work mentioning X"): right after a paper noun, or after "that/which" following one,
    with the topic still to come."""
    if index == 0 or all(tok.low in STOPWORDS or tok.low in _WH for tok in toks[index + 1:]):
        return False  # the topic is still to come: not "the X paper funded by"
    previous = toks[index - 1].low
    if previous in ("that", "which", "who") and index >= 2:
        previous = toks[index - 2].low
    return previous in PAPER_NOUNS or previous == "ones"


def _alternatives(toks: list[Tok]) -> list[list[str]]:
    """The topics of "papers on X or Y", each as its words; [] when the topic has no "or" between topic words."""
    parts: list[list[str]] = [[]]
    for tok in toks:
        if tok.low == "or" and parts[-1]:
            parts.append([])
        elif tok.role in ("topic", "missing"):
            parts[-1].append(tok.text)
    parts = [part for part in parts if part]
    return parts if len(parts) >= 2 else []


_CONNECTIVES = frozenset(["with", "using", "via", "for", "w", "w/"])
"""Words that join two topics into one asked about together ("math reasoning with LLMs"): each must be covered."""


def _conjuncts(toks: list[Tok]) -> list[list[str]]:
    """The topics of "papers on X with Y" (also using, via, for), each as its words; [] without such a
    connective between topic words. A paper must be about each part, not about the words in any mix."""
    parts: list[list[str]] = [[]]
    for tok in toks:
        if tok.low in _CONNECTIVES and tok.role in ("stop", "") and parts[-1]:
            parts.append([])
        elif tok.role in ("topic", "missing"):
            parts[-1].append(tok.text)
    parts = [part for part in parts if part]
    return parts if len(parts) >= 2 else []


def _counted_tokens(words: Sequence[str]) -> frozenset[str]:
    """The counted noun of "how many X" (its last word of three letters or more) as index tokens, with the
    words that answer it ("params" is counted by "parameters")."""
    nouns = [word for word in words if len(word) >= 3]
    stems = tokenize(nouns[-1])[:1] if nouns else []
    return frozenset(stems + [alternative for stem in stems for alternative in EXPANSIONS.get(stem, ())])


def _shape(low: str, toks: list[Tok]) -> str:
    """The question with its slots as placeholders: 'how many papers did SUBJ put out TIME'."""
    out, last = [], 0
    previous = ""
    for tok in toks:
        placeholder = _SHAPES.get(tok.role)
        if placeholder is None:
            continue
        out.append(low[last:tok.start])
        if not (placeholder == previous and not low[last:tok.start].strip()):
            out.append(placeholder)
        previous, last = placeholder, tok.end
    out.append(low[last:])
    return " ".join("".join(out).split())


def _unclaimed(toks: list[Tok], span: tuple[int, int]) -> bool:
    """No slot has claimed the words in `span` ("these days" is time, not "these" papers)."""
    return all(tok.role in ("", "pronoun", "stop") for tok in toks if _inside(tok, span))


def _mark(toks: list[Tok], span: tuple[int, int], role: str) -> None:
    for tok in toks:
        if _inside(tok, span) and tok.role in ("", "pronoun", "stop"):
            tok.role = role


def _inside(tok: Tok, span: tuple[int, int]) -> bool:
    return tok.start < span[1] and tok.end > span[0]


def _name_like(text: str) -> bool:
    """Written as a name: two capitals ('WMT', 'MuJoCo') or letters with digits ('GSM8K')."""
    mixed = any(char.isdigit() for char in text) and any(char.isalpha() for char in text)
    return sum(char.isupper() for char in text) >= 2 or mixed


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(char in letters for char in short)


def _has_wh(toks: list[Tok]) -> bool:
    return any(tok.low in _WH for tok in toks)


def _has_wh_fact(low: str) -> bool:
    """A question asking for a fact ("what is the BLEU gain of …"), not for a topic ("what is diffusion")."""
    return re.search(r"\b(?:how|why|which|when|where|who|what\s+(?:does|did|do|is\s+the|are\s+the|was\s+the)|"
                     r"what's\s+the)\b", low) is not None
