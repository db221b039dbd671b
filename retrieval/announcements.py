"""Which papers have been announced: a small SQLite file under `DATA_DIR`, so each new paper is posted once.

Papers are keyed by their title (compared as `lab.title_key`), so a paper that moves between files, or that a
second member's profile lists later, is not announced again. The rules:

* the very first run (no database yet), and any run after the database went missing or was found corrupt,
  records every current paper without announcing it: only papers that appear later are news;
* a researcher who joins the catalogue is news once ("now serving …"), their existing papers are not;
* a paper is *claimed* before it is posted and *announced* after: a crash in between leaves a claim, which the
  next run posts again with the same message nonce, so Discord drops the repeat (it keeps nonces for a few
  minutes); a claim older than that is not posted again but logged, because twice is worse than late;
* a directory that cannot be written is `StoreUnavailable`: the bot serves on, without announcements.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.lab import title_key
from retrieval.models import Paper
from retrieval.names import name_key

log = logging.getLogger(__name__)

DB_NAME = "announced.sqlite3"
SCHEMA_VERSION = "1"
RETRY_CLAIM_SECONDS = 240.0
"""A claim younger than this is posted again with its nonce (Discord remembers nonces for a few minutes)."""
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
    key TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('recorded', 'claimed', 'announced', 'unsure')),
    claimed_at REAL,
    message_id TEXT,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS members (key TEXT PRIMARY KEY, name TEXT NOT NULL, state TEXT NOT NULL);
"""


class StoreUnavailable(Exception):
    """The data directory cannot hold the database; the message is one line naming it and why (the caller says
    what it does instead)."""


@dataclass
class Plan:
    """What to post now: new papers, researchers who joined, and claims left by a crash to post again."""

    papers: list[Paper] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    baseline: bool = False
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.papers or self.members)


def nonce(key: str) -> int:
    """A message nonce that is the same for the same paper in every process (Discord allows 25 characters)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:7], "big")


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class AnnouncementStore:
    """The announced papers under `data_dir`; every method opens, uses and closes its own connection."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME

    # ---- the file --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            yield connection
        finally:
            connection.close()

    def check_writable(self) -> None:
        """Raise StoreUnavailable unless the directory exists (or can be made) and takes a file."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            probe = self.data_dir / f".paperbot-write-test-{time.monotonic_ns()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise StoreUnavailable(f"DATA_DIR {self.data_dir} is not writable ({error.strerror or error})") from None

    def _usable(self) -> bool:
        """Whether an existing database can be read with this schema; False when missing or corrupt."""
        if not self.path.is_file():
            return False
        try:
            with self._connect() as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                db.execute("SELECT count(*) FROM papers").fetchone()
            return row is not None and row[0] == SCHEMA_VERSION
        except sqlite3.DatabaseError:
            return False

    def _rebuild(self) -> str | None:
        """A fresh, empty database; a corrupt one is kept aside for inspection. Returns a note when it was."""
        note = None
        if self.path.exists():
            aside = self.path.with_name(f"{DB_NAME}.corrupt-{dt.datetime.now():%Y%m%d-%H%M%S}")
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(f"{self.path}{suffix}").replace(f"{aside}{suffix}")
            note = (f"{self.path}: found a database that cannot be read, expected paperbot's announced papers; "
                    f"it was moved to {aside.name} and rebuilt from the current profiles without announcing them")
        try:
            with self._connect() as db:
                db.executescript(SCHEMA)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        except sqlite3.Error as error:
            raise StoreUnavailable(f"{self.path}: cannot create the database ({error})") from None
        return note

    # ---- the plan --------------------------------------------------------------------------------
    def plan(self, papers: Sequence[Paper], members: Sequence[str]) -> Plan:
        """Record what is silent and return what to post. Raises StoreUnavailable when the file cannot be used."""
        self.check_writable()
        if not self._usable():
            note = self._rebuild()
            self._record_all(papers, members)
            return Plan(baseline=True, notes=[note] if note else [])
        try:
            return self._plan(papers, members)
        except sqlite3.DatabaseError as error:
            log.warning("The announcements database failed (%s); rebuilding it", error)
            note = self._rebuild()
            self._record_all(papers, members)
            return Plan(baseline=True, notes=[note] if note else [])

    def _record_all(self, papers: Iterable[Paper], members: Iterable[str]) -> None:
        stamp = now_text()
        with self._connect() as db:
            db.execute("BEGIN")
            db.executemany("INSERT OR IGNORE INTO papers (key, title, state, updated) VALUES (?, ?, 'recorded', ?)",
                           [(title_key(paper.title), paper.title, stamp) for paper in papers])
            db.executemany("INSERT OR IGNORE INTO members VALUES (?, ?, 'recorded')",
                           [(name_key(name), name) for name in members])
            db.execute("COMMIT")

    def _plan(self, papers: Sequence[Paper], members: Sequence[str]) -> Plan:
        with self._connect() as db:
            known_members = {row[0] for row in db.execute("SELECT key FROM members")}
            rows = {row[0]: (row[1], row[2]) for row in db.execute("SELECT key, state, claimed_at FROM papers")}
        new_members = [name for name in members if name_key(name) not in known_members]
        joined = {name_key(name) for name in new_members}
        plan = Plan(members=new_members)
        silent: list[Paper] = []
        for paper in papers:
            key = title_key(paper.title)
            state = rows.get(key)
            if state is None:
                credited = {name_key(name) for name in paper.researchers}
                # A joining member's existing papers are their backlog, not news (one "now serving" instead).
                (silent if credited and credited <= joined else plan.papers).append(paper)
            elif state[0] == "claimed":
                if state[1] is not None and time.time() - state[1] < RETRY_CLAIM_SECONDS:
                    plan.papers.append(paper)
                else:
                    self._set_state(key, "unsure")
                    plan.notes.append(f"“{paper.title}” was being announced when paperbot stopped; it is not posted "
                                      "again in case it was posted then")
        if silent:
            self._record_all(silent, [])
        return plan

    # ---- one paper at a time ---------------------------------------------------------------------
    def _set_state(self, key: str, state: str, **extra: object) -> None:
        with self._connect() as db:
            db.execute("UPDATE papers SET state = ?, claimed_at = ?, message_id = ?, updated = ? WHERE key = ?",
                       (state, extra.get("claimed_at"), extra.get("message_id"), now_text(), key))

    def claim(self, paper: Paper) -> None:
        """Mark the paper as being posted, before the post."""
        key = title_key(paper.title)
        with self._connect() as db:
            db.execute("INSERT INTO papers (key, title, state, claimed_at, updated) VALUES (?, ?, 'claimed', ?, ?) "
                       "ON CONFLICT(key) DO UPDATE SET state = 'claimed', claimed_at = excluded.claimed_at",
                       (key, paper.title, time.time(), now_text()))

    def announced(self, paper: Paper, message_id: int | None) -> None:
        self._set_state(title_key(paper.title), "announced", message_id=str(message_id) if message_id else None)

    def release(self, paper: Paper) -> None:
        """The post failed: forget the claim, so the paper is announced once posting works again."""
        with self._connect() as db:
            db.execute("DELETE FROM papers WHERE key = ? AND state = 'claimed'", (title_key(paper.title),))

    def member_announced(self, name: str) -> None:
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO members VALUES (?, ?, 'announced')", (name_key(name), name))

    def counts(self) -> dict[str, int]:
        """Papers by state, for logs and benchmarks."""
        with self._connect() as db:
            return dict(db.execute("SELECT state, count(*) FROM papers GROUP BY state").fetchall())
