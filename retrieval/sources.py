"""Where the profiles come from: files, lists of files and folders, read safely and kept at their last good version.

`PROFILE_PATH` may name a file, several (separated by `os.pathsep`) or a folder; `profile_files` turns that
into the profile files to read. `read_profile` reads one file of either format (the text export or BibTeX),
refusing files too large to be a profile, and waits for a file that is still being written.
`ProfileShelf` holds the last good version of every file: `refresh` re-reads what changed and reports,
in one `ShelfChange`, what was added, updated or removed and every problem; a file whose new version does
not parse keeps serving its old one.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.bibtex import parse_bibtex
from retrieval.models import Profile
from retrieval.profile import ProfileError, decode, parse_text

BIBTEX_SUFFIXES = (".bib", ".bibtex")
PROFILE_SUFFIXES = (".txt", *BIBTEX_SUFFIXES)
MAX_PROFILE_BYTES = 20 * 1024 * 1024
"""A profile larger than this is refused with one line: 5,000 BibTeX entries with abstracts take about 7 MB."""
SETTLE_SECONDS = 0.3
"""A file modified more recently than this may still be being written: it is read again once it is older."""
STABLE_WAIT_SECONDS = 3.0
"""How long `read_profile` waits for a file to stop changing before reading what is there."""


def split_locations(value: str) -> list[Path]:
    """`PROFILE_PATH`'s value as paths: separated by the OS path separator, blanks dropped, `~` expanded."""
    return [Path(part.strip()).expanduser() for part in value.split(os.pathsep) if part.strip()]


def is_profile_file(path: Path) -> bool:
    """A file a folder's profiles are read from: a known suffix, not hidden, not an editor's backup."""
    name = path.name
    return (path.suffix.lower() in PROFILE_SUFFIXES and not name.startswith((".", "~", "#"))
            and not name.endswith("~"))


def profile_files(locations: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The profile files the locations name, in a stable order, and one line for each location that names none."""
    files: list[Path] = []
    problems: list[str] = []
    for location in locations:
        if location.is_dir():
            found = sorted(path for path in location.iterdir() if path.is_file() and is_profile_file(path))
            if not found:
                problems.append(f"{location}: found no profile files in the folder, expected text exports (*.txt) "
                                "or BibTeX files (*.bib)")
            files.extend(found)
        elif location.is_file():
            files.append(location)
        else:
            problems.append(f"{location}: no such file or folder")
    unique = list(dict.fromkeys(path.resolve() for path in files))
    return unique, problems


def looks_like_bibtex(path: Path, text: str) -> bool:
    return path.suffix.lower() in BIBTEX_SUFFIXES or text.lstrip().startswith("@")


def read_bytes_stable(path: Path, settle: float = SETTLE_SECONDS, wait: float = STABLE_WAIT_SECONDS) -> bytes:
    """The file's bytes once it has stopped changing: its size and modification time the same before and
    after the read, and the last change at least `settle` seconds ago (or `wait` seconds have passed)."""
    deadline = time.monotonic() + wait
    while True:
        before = path.stat()
        if before.st_size > MAX_PROFILE_BYTES:
            raise ProfileError([f"{path}: found a file of {before.st_size / 2**20:.1f} MB, expected a profile of at "
                                f"most {MAX_PROFILE_BYTES / 2**20:.0f} MB"])
        data = path.read_bytes()
        after = path.stat()
        unchanged = (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) == (
            len(data), after.st_mtime_ns)
        age = time.time() - after.st_mtime
        if (unchanged and age >= settle) or time.monotonic() >= deadline:
            return data
        time.sleep(max(0.02, min(settle - age, settle)) if unchanged else 0.05)


def read_profile(path: Path, reference_date: dt.date | None = None, *, settle: float = SETTLE_SECONDS) -> Profile:
    """One profile file of either format; every failure is a ProfileError naming the file."""
    try:
        data = read_bytes_stable(path, settle=settle)
    except OSError as error:
        raise ProfileError([f"{path}: cannot read the file ({error.strerror or error})"]) from None
    text = decode(data, str(path))
    if looks_like_bibtex(path, text):
        return parse_bibtex(text, source=str(path))
    return parse_text(text, source=str(path), reference_date=reference_date)


@dataclass(frozen=True)
class FileState:
    """What a file looked like when it was last read; a refresh re-reads only files whose state changed."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileState | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return cls(stat.st_size, stat.st_mtime_ns)


@dataclass
class ShelfChange:
    """The outcome of a refresh: which files changed and how, and every problem (one line each)."""

    added: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    kept_old: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class ProfileShelf:
    """The last good version of every profile file the locations name."""

    def __init__(self, locations: Sequence[Path], reference_date: dt.date | None = None,
                 settle: float = SETTLE_SECONDS) -> None:
        self.locations = list(locations)
        self.reference_date = reference_date
        self.settle = settle
        self.profiles: dict[Path, Profile] = {}
        self.states: dict[Path, FileState] = {}
        self.failed: dict[Path, tuple[FileState | None, tuple[str, ...]]] = {}

    def served(self) -> list[Profile]:
        """The profiles to serve, in file order."""
        return [self.profiles[path] for path in sorted(self.profiles)]

    def refresh(self, only: Iterable[Path] | None = None) -> ShelfChange:
        """Re-read the files that changed (all when `only` is None, else those among `only`).

        A file that fails to parse keeps its previous version; its problems are reported the first time
        that version of the file is seen, not on every refresh.
        """
        change = ShelfChange()
        files, location_problems = profile_files(self.locations)
        change.problems.extend(location_problems)
        wanted = None if only is None else {path.resolve() for path in only}
        for path in [known for known in self.profiles if known not in files]:
            del self.profiles[path]
            self.states.pop(path, None)
            change.removed.append(path)
        for path in [known for known in self.failed if known not in files]:
            del self.failed[path]
        for path in files:
            state = FileState.of(path)
            if wanted is not None and path not in wanted and path in self.profiles:
                continue
            if path in self.profiles and state == self.states.get(path):
                continue
            if state is not None and path in self.failed and self.failed[path][0] == state:
                continue  # the same broken version as last time: reported once already
            self._read(path, state, change)
        return change

    def _read(self, path: Path, state: FileState | None, change: ShelfChange) -> None:
        try:
            profile = read_profile(path, self.reference_date, settle=self.settle)
        except ProfileError as error:
            previous = self.failed.get(path)
            if previous is None or previous != (state, tuple(error.problems)):
                change.problems.extend(error.problems)
            self.failed[path] = (state, tuple(error.problems))
            if path in self.profiles:
                change.kept_old.append(path)
            return
        self.failed.pop(path, None)
        is_new = path not in self.profiles
        old = self.profiles.get(path)
        self.profiles[path] = profile
        self.states[path] = FileState.of(path) or state  # type: ignore[assignment]
        if is_new:
            change.added.append(path)
        elif old != profile:
            change.updated.append(path)


def open_shelf(locations: Sequence[Path], reference_date: dt.date | None = None) -> tuple[ProfileShelf, ShelfChange]:
    """A shelf with every profile the locations name read; a ProfileError when not a single one can be served."""
    shelf = ProfileShelf(locations, reference_date)
    change = shelf.refresh()
    if not shelf.profiles:
        raise ProfileError(change.problems or [f"{', '.join(map(str, locations))}: found no profiles, expected at "
                                               "least one profile file"])
    return shelf, change
