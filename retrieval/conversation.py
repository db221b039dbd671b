"""Follow-up questions: continue the previous answer, and remember answers for the faces that need to.

`follow_up(reading, context, papers)` reads a question against the previous answer's context
(`AskContext`: the earlier question's parse and the papers its answer showed):

* **it / this paper / that one** — the paper the previous answer was about (when it was about one);
* **them / those / which of them / which one** — the papers the previous answer showed: "which of them has
  code?" lists those with code, "which one came out in 2018?" those from 2018;
* **a continuation** — "and in 2024?", "what about with code?", "same for diffusion": the previous question
  again, with the slots the new one states replacing the old ones;
* anything else is a new question (a pronoun for the researcher, "he" or "she", needs no context).

A question that refers back with no context to refer to is marked `unresolved` and declined politely.

`ContextStore` keeps the contexts a chat face needs (Discord: one per bot answer, found again when someone
replies to it, and the latest per channel and user for direct messages) in SQLite, so they survive a restart;
it expires entries and keeps at most `max_entries`.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from retrieval.answers import AskAnswer, AskContext
from retrieval.models import Paper
from retrieval.papernames import PaperNames
from retrieval.questions import Reading
from retrieval.tokens import tokenize

_ONES = re.compile(r"(?:which|the)?\s*ones?")
"""'Which ones', 'the ones': a pro-form for papers, not a pointer back like 'them' or 'those'."""
CONTINUED_SLOTS = ("year_from", "year_to", "category", "coauthor", "has_code", "first_author", "sort", "limit")


def follow_up(reading: Reading, context: AskContext | None, papers: Mapping[str, Paper]) -> Reading:
    """The reading with its references to the previous answer resolved (see the module docstring)."""
    if reading.stopped or reading.intent in ("howto", "empty"):
        return reading
    shown = [papers[paper_id] for paper_id in (context.papers if context else []) if paper_id in papers]
    refers = reading.refers
    if refers == "they" and not reading.researcher and not reading.papers and shown:
        # "do they have code?" after a list: those papers; "how many scales did they test?" after one paper:
        # its authors, so that paper
        refers = "many" if len(shown) >= 2 and reading.intent in ("list", "meta", "count") else "one"
        if refers == "one" and len(shown) >= 2:
            return reading
    if refers == "one" and not reading.papers:
        if context is None or not shown:
            reading.unresolved = True
            return reading
        reading.papers = [shown[0]]
        reading.followup = True
        if reading.meta_cue and not (reading.meta_cue == "code" and reading.topic_words):
            reading.intent, reading.meta = "meta", reading.meta_cue  # "who wrote it?", "when was it published?"
        elif reading.has_code is not None and reading.intent in ("list", "count") and not reading.topic_words:
            reading.intent, reading.meta = "meta", "code"  # "does it have code?": that paper's code
        elif reading.intent in ("list", "count") and not reading.topic_words and not reading.filtered:
            reading.intent = "paper"
        return reading
    if refers == "one" and len(reading.papers) == 1 and reading.named_as and reading.intent == "fact" and shown and (
        len(shown) == 1 or (context is not None and context.parse.papers[:1] == [shown[0].id])
    ) and shown[0].id != reading.papers[0].id:
        # "how much does it improve AWD-LSTM by": "it" is the earlier paper, the one named is what it is measured on
        reading.topic_words = [*reading.topic_words, *reading.named_as]
        reading.required = [*reading.required, *reading.named_as]
        reading.papers, reading.title_matched, reading.followup = [shown[0]], frozenset(), True
        return reading
    if refers == "many" and not reading.papers:
        if (context is None or not shown) and _ONES.fullmatch(reading.reference) and (
            reading.topic_words or reading.filtered
        ):
            reading.refers = None  # "which ones use X" with nothing before: which papers use X
            return reading
        if context is None or not shown:
            reading.unresolved = True
            return reading
        reading.within = frozenset(paper.id for paper in shown)
        reading.followup = True
        if reading.intent not in ("count", "fact", "meta") or (reading.intent == "fact" and reading.filtered):
            reading.intent = "list"
            reading.drop_evaluation()
        if reading.intent == "meta":  # "do they have code?": those of them that do
            reading.intent, reading.has_code = "list", True if reading.meta == "code" else reading.has_code
        return reading
    if context is not None and _continues(reading):
        _inherit(reading, context, papers)
    return reading


def same_question_about(reading: Reading, context: AskContext | None, names: PaperNames,
                        reread: Callable[[str], Reading]) -> Reading:
    """'and VINS?', 'what about HiPPO?' after a question about one paper: the same question about the paper
    named now (the earlier question read again with the new name in place of the old one)."""
    if context is None or not context.parse.papers or len(reading.papers) != 1 or not reading.continues:
        return reading
    if reading.topic_words and not set(tokenize(" ".join(reading.topic_words))) <= reading.title_matched:
        return reading  # more than a name: a question of its own
    if context.parse.intent not in ("fact", "meta", "paper") or reading.papers[0].id in context.parse.papers:
        return reading
    earlier = [mention for mention in names.find_names(context.question)
               if mention.paper.id == context.parse.papers[0]]
    if not earlier:
        return reading
    new = next((mention.surface for mention in names.find_names(reading.text)
                if mention.paper.id == reading.papers[0].id), None)
    if new is None:
        return reading
    old = earlier[0]
    again = reread(context.question[:old.start] + new + context.question[old.end:])
    if again.stopped or [paper.id for paper in again.papers[:1]] != [reading.papers[0].id]:
        return reading
    again.followup = True
    return again


def _continues(reading: Reading) -> bool:
    """'and in 2024?', 'what about with code?': a question that states only new slots or a new topic."""
    if reading.papers or reading.metric or reading.intent in ("record", "meta", "compare"):
        return False
    if reading.continues:
        return True
    return reading.bare and not reading.topic_words


def _inherit(reading: Reading, context: AskContext, papers: Mapping[str, Paper]) -> None:
    before = context.parse
    if before.intent == "paper" and reading.intent == "fact" and before.papers:
        reading.papers = [papers[paper_id] for paper_id in before.papers[:1] if paper_id in papers]
        reading.followup = True  # "what's the X paper about" -> "and how much does it improve at 30%?"
        return
    if before.intent not in ("count", "list", "fact", "metric"):
        return
    stated = {slot: getattr(reading, slot) for slot in CONTINUED_SLOTS}
    if reading.year_shift and before.year_from is not None and before.year_from == before.year_to:
        reading.year_from = reading.year_to = before.year_from + reading.year_shift  # "and the year before?"
    time_given = reading.year_from is not None or reading.year_to is not None
    for slot in CONTINUED_SLOTS:
        if slot in ("year_from", "year_to") and time_given:
            continue
        if slot in ("sort", "limit") or stated[slot] in (None, False):
            previous = getattr(before, slot, None)
            if previous not in (None, False):
                setattr(reading, slot, previous)
    if before.intent == "fact" and reading.topic_words:
        # "what does X get on GSM8K?" -> "and on MATH?": the same question about MATH, which the quote must have
        reading.required = list(reading.topic_words)
        earlier = [word for word in before.topic.split() if word not in reading.topic_words]
        reading.topic_words = earlier + reading.topic_words
    elif not reading.topic_words and before.topic:
        reading.topic_words = before.topic.split()
    if not (reading.intent == "fact" and reading.asks_slot):  # "and how much does it improve?" stays a fact
        reading.intent = before.intent if before.intent != "metric" else reading.intent
    reading.metric = reading.metric or (before.metric if before.intent == "metric" else None)
    if before.papers and reading.intent == "fact":
        reading.papers = [papers[paper_id] for paper_id in before.papers[:1] if paper_id in papers]
    reading.followup = True


class ContextError(ValueError):
    """Text that is neither a previous answer's JSON nor a context's; the message says so in one line."""


def context_from_json(text: str) -> AskContext:
    """The context in a previous answer's JSON (`paperbot ask --json`), or in a bare context's JSON."""
    try:
        answer = AskAnswer.model_validate_json(text)
    except (ValidationError, ValueError):
        pass
    else:
        return answer.context
    try:
        return AskContext.model_validate_json(text)
    except (ValidationError, ValueError):
        raise ContextError("expected the JSON of a previous answer (paperbot ask --json)") from None


@dataclass(frozen=True)
class StoredContext:
    context: AskContext
    channel_id: int
    user_id: int
    created: float


class ContextStore:
    """Answer contexts by message id and the latest per (channel, user), in SQLite, expiring and bounded."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        ttl_seconds: float = 7 * 24 * 3600,
        max_entries: int = 50_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`path` None keeps the store in memory (tests, the console); a file survives restarts."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self.clock = clock
        if path is not None:
            # One append to the write-ahead log per answer, synced at checkpoints: a rollback journal created,
            # synced and deleted on every answer cost each /ask about 1 ms of (mostly system) CPU. A crash may
            # lose the last few contexts (a follow-up then asks again), never the database.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        with self._lock, self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS contexts (message_id INTEGER PRIMARY KEY, channel_id INTEGER NOT NULL, "
                "user_id INTEGER NOT NULL, created REAL NOT NULL, context TEXT NOT NULL)"
            )
            self._db.execute("CREATE INDEX IF NOT EXISTS by_user ON contexts (channel_id, user_id, created)")
            self._db.execute("CREATE INDEX IF NOT EXISTS by_created ON contexts (created)")
            self._count = int(self._db.execute("SELECT COUNT(*) FROM contexts").fetchone()[0])

    def remember(self, message_id: int, channel_id: int, user_id: int, context: AskContext) -> None:
        """Keep `context` under `message_id`. Expired contexts go at once (an index walk over just them); the
        bound is enforced once the store is a tenth over it, so a full store does not sort every row on every
        answer (at 50,000 entries that cost each answer 29 ms of CPU; now 0.3 ms)."""
        now = self.clock()
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO contexts VALUES (?, ?, ?, ?, ?)",
                (message_id, channel_id, user_id, now, context.model_dump_json()),
            )
            self._count += 1  # a replaced id counts twice: the bound is enforced a little early, never late
            self._count -= self._db.execute("DELETE FROM contexts WHERE created < ?", (now - self.ttl,)).rowcount
            if self._count > self.max_entries + self.max_entries // 10:
                self._db.execute(
                    "DELETE FROM contexts WHERE message_id IN (SELECT message_id FROM contexts ORDER BY created "
                    "DESC LIMIT -1 OFFSET ?)", (self.max_entries,),
                )
                self._count = int(self._db.execute("SELECT COUNT(*) FROM contexts").fetchone()[0])

    def by_message(self, message_id: int) -> StoredContext | None:
        """The context of the answer posted as `message_id`, unless it expired."""
        with self._lock:
            row = self._db.execute(
                "SELECT context, channel_id, user_id, created FROM contexts WHERE message_id = ? AND created >= ?",
                (message_id, self.clock() - self.ttl),
            ).fetchone()
        return _stored(row)

    def latest(self, channel_id: int, user_id: int, within_seconds: float) -> StoredContext | None:
        """The most recent context of this user in this channel, if it is at most `within_seconds` old."""
        with self._lock:
            row = self._db.execute(
                "SELECT context, channel_id, user_id, created FROM contexts WHERE channel_id = ? AND user_id = ? "
                "AND created >= ? ORDER BY created DESC LIMIT 1",
                (channel_id, user_id, self.clock() - min(within_seconds, self.ttl)),
            ).fetchone()
        return _stored(row)

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM contexts").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _stored(row: tuple | None) -> StoredContext | None:
    if row is None:
        return None
    try:
        context = AskContext.model_validate_json(row[0])
    except ValueError:
        return None  # written by an incompatible version: no context rather than a wrong one
    return StoredContext(context, int(row[1]), int(row[2]), float(row[3]))
