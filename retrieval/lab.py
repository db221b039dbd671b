"""Several researchers' profiles served as one catalogue: a lab, a reading group.

`build_lab(profiles)` turns the parsed profiles into `Member`s and one merged `Profile`:

* profiles that name the same researcher (compared as `names.name_key`) are one member, with one line saying so;
* a paper found in several profiles (titles compared word by word, case and punctuation ignored) is one paper
  credited to every member whose profile lists it (`Paper.researchers`); the fullest version is kept (one with
  an abstract before one without, a full date before a year) and the others' links and keywords are added;
* with a single researcher nothing changes: the merged profile *is* that profile, and no paper carries credits,
  so every face looks exactly as it does for one profile.

`find_member` resolves a `researcher` option forgivingly (case, a unique prefix, a small typo) and raises
`UnknownResearcher`, whose message names who is served; `mentioned_member` finds a member named in a question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from retrieval.lookup import words
from retrieval.models import HeaderMetrics, Paper, Profile
from retrieval.names import name_key
from retrieval.profile import unique_id

FUZZY_NAME = 85.0  # a researcher name typed this close to one member's, and not to another's, is that member
MAX_NAMED = 8  # members listed in an "unknown researcher" message
NAME_WORD = re.compile(r"[^\W_]+")


class UnknownResearcher(ValueError):
    """A `researcher` option that names nobody served; the message says who is, in one line."""


@dataclass(frozen=True)
class Member:
    """One researcher served: their own header metrics, their papers, and the files they came from."""

    name: str
    profile: Profile
    sources: tuple[str, ...]

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class Lab:
    """The members and the merged profile every engine indexes."""

    members: tuple[Member, ...]
    profile: Profile

    @property
    def is_group(self) -> bool:
        return len(self.members) > 1


def title_key(title: str) -> str:
    """Titles compared word by word: 'DiT: Scalable …' and 'dit  scalable …' are the same paper."""
    return " ".join(words(title))


def group_name(names: Sequence[str], configured: str | None = None) -> str:
    """How the whole catalogue is named in answers: `LAB_NAME` when set, else 'Group of N'.

    A singular noun phrase, so that sentences built around a researcher's name ("… has 12 papers",
    "Search …'s papers") read right for a group too."""
    if len(names) == 1:
        return names[0]
    return configured.strip() if configured and configured.strip() else f"Group of {len(names)}"


def completeness(paper: Paper) -> tuple[int, int, int, int]:
    precision = {"day": 2, "month": 1, "year": 0}[paper.date_precision]
    return (bool(paper.abstract), paper.year_given, precision, len(paper.links) + len(paper.keywords))


def merge_versions(versions: Sequence[Paper]) -> Paper:
    """One paper from the versions of it in several profiles: the fullest, plus the others' links and keywords."""
    best = max(versions, key=completeness)
    if len(versions) == 1:
        return best
    links = list(dict.fromkeys(link for version in (best, *versions) for link in version.links))
    keywords = list(dict.fromkeys(word for version in (best, *versions) for word in version.keywords))
    update: dict[str, object] = {"links": links, "keywords": keywords,
                                 "has_code": any(version.has_code for version in versions)}
    if not best.category:
        other = next((version for version in versions if version.category), None)
        if other is not None:
            update.update(category=other.category, category_name=other.category_name)
    if best.venue is None:
        update["venue"] = next((version.venue for version in versions if version.venue), None)
    return best.model_copy(update=update)


def merge_header(profiles: Sequence[Profile]) -> dict[str, object]:
    """Header metrics of profiles of one researcher: the first profile that states a metric gives it."""
    merged: dict[str, object] = {}
    for field in HeaderMetrics.model_fields:
        merged[field] = next((getattr(p, field) for p in profiles if getattr(p, field) is not None), None)
    return merged


def unique_papers(groups: dict[str, list[tuple[str, Paper]]], credit: bool) -> dict[str, Paper]:
    """Title key -> the merged paper, ids kept unique; credits only when there are several members."""
    seen_ids: set[str] = set()
    merged: dict[str, Paper] = {}
    for key, versions in groups.items():
        paper = merge_versions([paper for _, paper in versions])
        update: dict[str, object] = {"id": unique_id(paper.id, seen_ids)}
        if credit:
            update["researchers"] = list(dict.fromkeys(member for member, _ in versions))
        paper = paper.model_copy(update=update)
        seen_ids.add(paper.id)
        merged[key] = paper
    return merged


def build_lab(profiles: Sequence[Profile], lab_name: str | None = None) -> Lab:
    """Members and the merged profile from parsed profiles (in a stable order: the order given); `lab_name` is
    the group's name in answers (`LAB_NAME`), used when there are several researchers."""
    if len(profiles) == 1:
        only = profiles[0]
        return Lab((Member(only.name, only, (only.source,)),), only)
    by_member: dict[str, list[Profile]] = {}
    for profile in profiles:
        by_member.setdefault(name_key(profile.name), []).append(profile)
    notes: list[str] = []
    for same in by_member.values():
        if len(same) > 1:
            files = ", ".join(profile.source for profile in same)
            notes.append(f"{files}: found {len(same)} profiles of {same[0].name}, expected one per researcher; "
                         "they are served as one researcher with their papers merged")
    names = [same[0].name for same in by_member.values()]
    credit = len(by_member) > 1
    groups: dict[str, list[tuple[str, Paper]]] = {}
    for same in by_member.values():
        for profile in same:
            for paper in profile.papers:
                groups.setdefault(title_key(paper.title), []).append((same[0].name, paper))
    merged = unique_papers(groups, credit)
    members = []
    for same in by_member.values():
        name = same[0].name
        keys = dict.fromkeys(title_key(paper.title) for profile in same for paper in profile.papers)
        header = merge_header(same) | {"name": name}
        own = Profile(**header, papers=[merged[key] for key in keys], source=", ".join(p.source for p in same),
                      reference_date=same[0].reference_date,
                      warnings=[warning for profile in same for warning in profile.warnings],
                      problems=[problem for profile in same for problem in profile.problems])
        members.append(Member(name, own, tuple(profile.source for profile in same)))
    all_warnings = [*notes, *(warning for profile in profiles for warning in profile.warnings)]
    all_problems = [problem for profile in profiles for problem in profile.problems]
    if len(members) == 1:  # several files, one researcher
        only = members[0]
        profile = only.profile.model_copy(update={"warnings": all_warnings})
        return Lab((Member(only.name, profile, only.sources),), profile)
    group = Profile(name=group_name(names, lab_name), papers=list(merged.values()),
                    source=", ".join(profile.source for profile in profiles),
                    reference_date=profiles[0].reference_date, warnings=all_warnings, problems=all_problems)
    ordered = tuple(sorted(members, key=lambda member: member.key))
    return Lab(ordered, group)


def find_member(members: Sequence[Member], wanted: str) -> Member:
    """The member a typed name means: exact (any case), a unique prefix or word match, or a close spelling."""
    key = name_key(wanted)
    if not key:
        raise UnknownResearcher("Name a researcher, e.g. " + ", ".join(m.name for m in members[:3]) + ".")
    for stage in (
        [m for m in members if m.key == key],
        [m for m in members if m.key.startswith(key)],
        [m for m in members if set(key.split()) <= set(m.key.split())],
    ):
        if len(stage) == 1:
            return stage[0]
        if len(stage) > 1:
            raise UnknownResearcher(f"“{wanted}” could be {', '.join(m.name for m in stage[:MAX_NAMED])}: "
                                    "which one?")
    ranked = process.extract(key, [m.key for m in members], scorer=fuzz.ratio, limit=2)
    if ranked and ranked[0][1] >= FUZZY_NAME and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= 5):
        return members[ranked[0][2]]
    served = ", ".join(m.name for m in members[:MAX_NAMED]) + (" …" if len(members) > MAX_NAMED else "")
    raise UnknownResearcher(f"No researcher named “{wanted}” is served here. Served: {served}.")


def mentioned_member(question: str, members: Sequence[Member]) -> Member | None:
    """The one member whose full name the question contains ("what has Jane Doe done on …"), if exactly one."""
    if len(members) < 2:
        return None
    text = spaced_words(question)
    named = [member for member in members if spaced_words(member.name) in text]
    return named[0] if len(named) == 1 else None


def spaced_words(text: str) -> str:
    """' han shi ' for 'Han Shi's': the words, each between spaces, so containment matches whole words."""
    return " " + " ".join(NAME_WORD.findall(name_key(text))) + " "
