"""Component state too long for a custom_id, kept in SQLite under DATA_DIR so that any process can read it.

Discord gives a component's custom_id 100 characters; a /papers search with a long query and filters needs
more. Such a state is stored here under a key made from its text (the same state gets the same key, so storing
it twice changes nothing) and the custom_id carries the key instead. The file is shared by every process of a
deployment that uses the same DATA_DIR.

Calls come from the core's worker threads, never the event loop: each opens its own connection, waits at most
`timeout` seconds for a lock, and never raises. An unavailable store (a directory that cannot be written, a
corrupt file, a disk that stalls past the timeout) answers None, and the caller does without the long state:
the search shows its first page without page buttons, and a click that needs a state it cannot read says the
list is no longer available. A corrupt file is moved aside and started afresh, once.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

DB_NAME = "component-states.sqlite3"
KEY_CHARS = 16  # base-32 characters of a SHA-256: 80 bits, no collision among any number of searches we keep
KEEP_SECONDS = 90 * 24 * 3600.0  # a state unused this long is forgotten (its message is three months old)
TIMEOUT_SECONDS = 2.0
SCHEMA = "CREATE TABLE IF NOT EXISTS states (key TEXT PRIMARY KEY, value TEXT NOT NULL, used REAL NOT NULL)"


def state_key(value: str) -> str:
    digest = hashlib.sha256(value.encode()).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:KEY_CHARS]


class ComponentStates:
    """Long component states by key, in `data_dir`/component-states.sqlite3."""

    def __init__(self, data_dir: Path, timeout: float = TIMEOUT_SECONDS) -> None:
        self.path = data_dir / DB_NAME
        self.timeout = timeout
        self._ready = False
        self._lock = threading.Lock()
        self._warned = False

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            yield connection
        finally:
            connection.close()

    def _prepare(self) -> None:
        with self._lock:
            if self._ready:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._create()
            except sqlite3.DatabaseError as error:
                if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                    raise
                aside = self.path.with_name(f"{DB_NAME}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
                log.warning("%s cannot be read (%s); moved to %s and started afresh", self.path, error, aside.name)
                with contextlib.suppress(OSError):
                    self.path.replace(aside)
                self._create()
            self._ready = True

    def _create(self) -> None:
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)
            db.execute("DELETE FROM states WHERE used < ?", (time.time() - KEEP_SECONDS,))

    def _unavailable(self, error: Exception) -> None:
        if not self._warned:  # once per process: the bot keeps serving, only long states are lost
            self._warned = True
            log.warning("Component states at %s are unavailable (%s): long searches get no page buttons",
                        self.path, error)

    def put(self, value: str) -> str | None:
        """Store `value`; its key, or None when the store cannot be used."""
        key = state_key(value)
        try:
            self._prepare()
            with self._connect() as db:
                db.execute("INSERT INTO states VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET used = excluded.used",
                           (key, value, time.time()))
        except (OSError, sqlite3.Error) as error:
            self._unavailable(error)
            return None
        return key

    def get(self, key: str) -> str | None:
        """The value stored under `key`; None when unknown or when the store cannot be used."""
        try:
            self._prepare()
            with self._connect() as db:
                row = db.execute("SELECT value FROM states WHERE key = ?", (key,)).fetchone()
        except (OSError, sqlite3.Error) as error:
            self._unavailable(error)
            return None
        if row is None or state_key(row[0]) != key:  # a row that does not hash to its key is not trusted
            return None
        return str(row[0])
