"""People named in a question: the researchers served and their co-authors, as people type their names.

A name matches in full ("Yuki Tanaka", "tanaka yuki"), with a small typo in a longer part ("tomas novack"
for "Tomas Novak": the `retrieval.spelling` edit allowance, per part), or — for a researcher served — by the
first or the last name alone ("what has Jonas done"). A co-author's first or last name alone counts only after
"with", "by" or "and", and when no other person has it ("papers with Tanaka", "with Yuki"). A possessive
("Jonas's", "Novak'", and a researcher's "hans" typed without the apostrophe) is the name. Names are
compared with `retrieval.names.name_key`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from retrieval.names import name_key
from retrieval.spelling import max_edits
from retrieval.wordstats import zipf

COMMON_NAME_ZIPF = 4.5
"""A researcher's first or last name alone counts when typed capitalised, or when it is not a common English
word ("long", "young", "white" are names and words: lower-case, they are words)."""

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class PersonMention:
    name: str
    role: str  # "researcher" | "coauthor"
    start: int
    end: int


@dataclass(frozen=True)
class _Person:
    name: str
    role: str
    parts: tuple[str, ...]


class People:
    """The researchers served and their co-authors, ready to be found in a question."""

    def __init__(self, researchers: Sequence[str], coauthors: Iterable[str]) -> None:
        keys = {name_key(name) for name in researchers}
        people = [_Person(name, "researcher", tuple(name_key(name).split())) for name in researchers]
        people += [
            _Person(name, "coauthor", tuple(name_key(name).split()))
            for name in dict.fromkeys(coauthors)
            if name_key(name) not in keys and len(name_key(name).split()) >= 2
        ]
        self.people = people
        part_owners: dict[str, set[str]] = {}
        for person in people:
            for part in person.parts:
                part_owners.setdefault(part, set()).add(person.name)
        self._part_owners = part_owners
        self.name_words = frozenset(part_owners)
        """Every word of a served researcher's or co-author's name ("noor", "haddad"): never a typo."""

    def find(self, text: str) -> list[PersonMention]:
        """Every person named in `text`, longest match first, without overlaps."""
        tokens = [(m.start(), m.end(), name_key(_POSSESSIVE.sub("", m.group(0))), m.group(0)[0].isupper())
                  for m in _WORD.finditer(text)]
        found: list[PersonMention] = []
        taken: set[int] = set()
        for size in (3, 2, 1):
            for i in range(len(tokens) - size + 1):
                if taken.intersection(range(i, i + size)):
                    continue
                words = [token[2] for token in tokens[i : i + size]]
                person = self._match(words, tokens[i - 1][2] if i else "", tokens[i][3])
                if person is not None:
                    found.append(PersonMention(person.name, person.role, tokens[i][0], tokens[i + size - 1][1]))
                    taken.update(range(i, i + size))
        return sorted(found, key=lambda mention: mention.start)

    def _match(self, words: list[str], before: str, capitalised: bool) -> _Person | None:
        if len(words) >= 2:
            matches = [p for p in self.people if len(p.parts) >= 2 and _same_parts(words, p.parts)]
            return matches[0] if len(matches) == 1 else None
        word = words[0]
        owners = self._part_owners.get(word, set())
        if not owners and word.endswith("s"):
            owners = self._part_owners.get(word[:-1], set())  # "hans papers": "Han's" typed without its apostrophe
            if not all(p.role == "researcher" for p in self.people if p.name in owners):
                return None
        if len(owners) != 1:
            return None
        person = next(p for p in self.people if p.name in owners)
        if not capitalised and zipf(word) >= COMMON_NAME_ZIPF:
            return None
        if person.role == "researcher" or (before in ("with", "by", "and") and word in person.parts):
            return person
        return None


def _close(typed: str, part: str) -> bool:
    return typed == part or (len(part) >= 5 and OSA.distance(typed, part) <= min(1, max_edits(part)))


def _same_parts(words: list[str], parts: tuple[str, ...]) -> bool:
    """'tomas novack' ~ ('tomas', 'novak'); first-last in either order; a middle name may be left out."""
    wanted = [parts[0], parts[-1]] if len(words) == 2 else list(parts)
    if len(words) != len(wanted):
        return False
    return all(map(_close, words, wanted)) or all(map(_close, words, reversed(wanted)))
