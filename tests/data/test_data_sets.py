"""Structural checks of the evaluation data (tests/data/questions, tests/data/queries); see tests/data/README.md.

Every file found is checked: its profile parses, every paper id or id prefix names exactly one paper of that profile,
each question has the fields its type needs, a count's value equals the number of papers it lists, and a fact's
expected strings occur in one of its source papers. Nothing here runs the engine: the answer key must come from
reading the papers, so these tests only check that the key is well formed and consistent with the profile.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from retrieval.models import Paper, Profile
from retrieval.profile import parse_profile

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent
QUESTION_FILES = sorted((DATA / "questions").glob("*.json"))
QUERY_FILES = sorted((DATA / "queries").glob("*.json"))
PROBE_FILES = sorted((DATA / "probes").glob("*.json"))
MIN_PROBES = 30
"""Probe sets (tests/data/probes) are smaller development sets in the same format, without a held-back part."""
DEFAULT_REFERENCE_DATE = "2026-11-29"

MIN_QUESTIONS = 60
MIN_LATER_QUESTIONS = 30
"""A later round about a profile that already has its main set (`<slug>-N.json`, N a number) may be smaller."""
MIN_QUERIES = 30
LATER_ROUND = re.compile(r"-\d+$")
SETS = {"dev", "holdout"}
TYPES = {"fact", "list", "count", "metric", "paper", "compare", "howto", "not_found"}
QUESTION_CLASSES = {
    "plain", "filler", "publish-verb", "attribution", "year-words", "relative-time", "preposition", "field-alias",
    "metric-spelling", "named-paper", "dataset-specific", "multiword-topic", "typo", "casing", "pronoun", "coauthor",
    "compare", "followup", "howto", "other-language", "out-of-scope",
}  # fmt: skip
QUERY_CLASS = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# the fields each question type must carry, and the fields it may carry besides q/type/class/set/context/note
REQUIRED = {
    "fact": {"sources", "contains"},
    "list": {"sources"},
    "count": {"value", "sources"},
    "metric": {"contains"},
    "paper": {"sources"},
    "compare": {"sources"},
    "howto": set(),
    "not_found": set(),
}
OPTIONAL = {"list": {"allowed"}}
COMMON = {"q", "type", "class", "set", "context", "note"}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def profile_for(profile_field: str, reference_date: str) -> Profile:
    return parse_profile(ROOT / profile_field, reference_date=dt.date.fromisoformat(reference_date))


def resolve(profile: Profile, ref: str) -> Paper:
    """The one paper an id or id prefix names; fails when it names none or several."""
    exact = profile.by_id(ref)
    if exact is not None:
        return exact
    matches = [paper for paper in profile.papers if paper.id.startswith(ref)]
    assert len(matches) == 1, f"{ref!r} names {len(matches)} papers of {profile.source}: {[p.id for p in matches]}"
    return matches[0]


def resolve_all(profile: Profile, refs: object, where: str) -> list[Paper]:
    assert isinstance(refs, list) and all(isinstance(r, str) and r for r in refs), f"{where}: a list of paper ids"
    papers = [resolve(profile, ref) for ref in refs]
    ids = [paper.id for paper in papers]
    assert len(ids) == len(set(ids)), f"{where}: a paper is named twice: {ids}"
    return papers


def folded(text: str) -> str:
    return " ".join(text.casefold().split())


def metric_strings(profile: Profile) -> set[str]:
    """Every way a header metric is written in the export or a reply (23, 2,874 and 2874, 47%, 58)."""
    values = [profile.h_index, profile.citations, profile.declared_papers, len(profile.papers)]
    values += [profile.novelty_percent, profile.ai_score]
    strings = set()
    for value in values:
        if value is None:
            continue
        number = int(value) if float(value).is_integer() else value
        strings |= {str(number), f"{number:,}"}
    return strings


def check_file_header(data: dict, path: Path, items: str) -> Profile:
    assert isinstance(data.get("about"), str) and data["about"].strip(), f"{path.name}: an 'about' text"
    assert isinstance(data.get("profile"), str), f"{path.name}: a 'profile' path"
    assert (ROOT / data["profile"]).is_file(), f"{path.name}: profile {data['profile']} does not exist"
    assert isinstance(data.get(items), list), f"{path.name}: a '{items}' list"
    assert isinstance(data.get("fresh", False), bool), f"{path.name}: 'fresh' is true or false"
    assert isinstance(data.get("holdout_open", False), bool), f"{path.name}: 'holdout_open' is true or false"
    reference = data.get("reference_date", DEFAULT_REFERENCE_DATE)
    dt.date.fromisoformat(reference)
    return profile_for(data["profile"], reference)


def check_question(profile: Profile, item: dict, where: str) -> None:
    kind = item.get("type")
    assert kind in TYPES, f"{where}: type {kind!r} is not one of {sorted(TYPES)}"
    assert isinstance(item.get("q"), str) and item["q"].strip(), f"{where}: a non-empty 'q'"
    assert item.get("set") in SETS, f"{where}: set must be 'dev' or 'holdout'"
    classes = item.get("class")
    assert isinstance(classes, list) and classes, f"{where}: a non-empty 'class' list"
    assert set(classes) <= QUESTION_CLASSES, f"{where}: unknown class {set(classes) - QUESTION_CLASSES}"
    missing = REQUIRED[kind] - item.keys()
    assert not missing, f"{where}: a {kind} question needs {sorted(missing)}"
    extra = item.keys() - REQUIRED[kind] - OPTIONAL.get(kind, set()) - COMMON
    assert not extra, f"{where}: fields {sorted(extra)} mean nothing for a {kind} question"
    if "context" in item:
        context = item["context"]
        assert isinstance(context, list) and context, f"{where}: 'context' is a non-empty list of earlier questions"
        assert all(isinstance(c, str) and c.strip() for c in context), f"{where}: 'context' holds questions"
        assert "followup" in classes, f"{where}: a question with context is tagged 'followup'"
    sources = resolve_all(profile, item["sources"], where) if "sources" in item else []
    allowed = resolve_all(profile, item["allowed"], where) if "allowed" in item else []
    assert not {p.id for p in sources} & {p.id for p in allowed}, f"{where}: a paper both required and allowed"
    if "contains" in item:
        contains = item["contains"]
        assert isinstance(contains, list) and contains, f"{where}: 'contains' is a non-empty list"
        assert all(isinstance(c, str) and c.strip() for c in contains), f"{where}: 'contains' holds strings"
    if kind == "fact":
        assert sources, f"{where}: a fact names the paper(s) it comes from"
        texts = [folded(f"{p.title} {p.abstract}") for p in sources]
        assert any(folded(c) in t for c in item["contains"] for t in texts), (
            f"{where}: none of {item['contains']} occurs in {[p.id for p in sources]}"
        )
    elif kind == "list":
        assert sources, f"{where}: a list question names the papers it expects"
    elif kind == "count":
        value = item["value"]
        assert isinstance(value, int) and not isinstance(value, bool) and value >= 0, f"{where}: an integer value"
        assert value == len(sources), f"{where}: value {value} but {len(sources)} papers listed"
    elif kind == "metric":
        known = metric_strings(profile)
        assert any(c in known for c in item["contains"]), f"{where}: {item['contains']} is no header metric {known}"
    elif kind == "paper":
        assert len(sources) == 1, f"{where}: a paper question names exactly one paper"
    elif kind == "compare":
        assert len(sources) == 2, f"{where}: a comparison names exactly two papers"


def check_query(profile: Profile, item: dict, where: str) -> None:
    assert isinstance(item.get("query"), str) and item["query"].strip(), f"{where}: a non-empty 'query'"
    assert item.get("set") in SETS, f"{where}: set must be 'dev' or 'holdout'"
    classes = item.get("class")
    assert isinstance(classes, list) and classes, f"{where}: a non-empty 'class' list"
    assert all(isinstance(c, str) and QUERY_CLASS.match(c) for c in classes), f"{where}: classes like 'word-family'"
    grades = item.get("grades")
    assert isinstance(grades, dict) and grades, f"{where}: 'grades' maps paper ids to 1 or 2"
    assert all(g in (1, 2) and not isinstance(g, bool) for g in grades.values()), f"{where}: grades are 1 or 2"
    assert 2 in grades.values(), f"{where}: at least one paper is about the query (grade 2)"
    resolve_all(profile, list(grades), where)
    variants = item.get("variants", [])
    assert isinstance(variants, list), f"{where}: 'variants' is a list"
    assert all(isinstance(v, str) and v.strip() and v != item["query"] for v in variants), f"{where}: variants"
    extra = item.keys() - {"query", "grades", "variants", "class", "set", "note"}
    assert not extra, f"{where}: unknown fields {sorted(extra)}"


def test_the_data_folders_hold_files() -> None:
    assert QUESTION_FILES, "tests/data/questions holds at least one question set"
    assert QUERY_FILES, "tests/data/queries holds at least one query set"


ItemCheck = Callable[[Profile, dict, str], None]


def check_set(path: Path, items: str, text: str, minimum: int, check_item: ItemCheck) -> None:
    """Check one file: its header, its size, every item, and that no item appears twice."""
    data = load(path)
    profile = check_file_header(data, path, items)
    entries = data[items]
    assert len(entries) >= minimum, f"{path.name}: at least {minimum} {items}"
    seen: set[tuple[str, ...]] = set()
    for number, item in enumerate(entries, start=1):
        assert isinstance(item, dict), f"{path.name}: item {number} is an object"
        where = f"{path.name} item {number} ({item.get(text)!r})"
        check_item(profile, item, where)
        key = (*item.get("context", []), folded(item[text]))
        assert key not in seen, f"{where}: appears twice"
        seen.add(key)


@pytest.mark.parametrize("path", QUESTION_FILES, ids=lambda p: p.name)
def test_question_set_is_well_formed(path: Path) -> None:
    minimum = MIN_LATER_QUESTIONS if LATER_ROUND.search(path.stem) else MIN_QUESTIONS
    check_set(path, "questions", "q", minimum, check_question)


@pytest.mark.parametrize("path", PROBE_FILES, ids=lambda p: p.name)
def test_probe_set_is_well_formed(path: Path) -> None:
    check_set(path, "questions", "q", MIN_PROBES, check_question)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_set_is_well_formed(path: Path) -> None:
    check_set(path, "queries", "query", MIN_QUERIES, check_query)


def test_both_sets_are_used_in_every_file() -> None:
    """A file with a dev part also holds back a part (a file may be all holdout: a profile kept entirely aside)."""
    for path in QUESTION_FILES + QUERY_FILES:
        data = load(path)
        items = data.get("questions", data.get("queries", []))
        sets = {item.get("set") for item in items}
        assert "holdout" in sets, f"{path.name}: no held-back part"
