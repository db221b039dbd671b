"""The parser: the seed comes out exactly, and every malformed file gets a precise ProfileError."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pytest

from retrieval.models import Profile, profile_fingerprint
from retrieval.profile import ProfileError, parse_profile, parse_text, resolve_date, slugify

TODAY = dt.date(2026, 11, 29)


def paper(profile: Profile, title_start: str):
    return next(p for p in profile.papers if p.title.startswith(title_start))


def test_seed_header_metrics(seed_profile: Profile) -> None:
    assert seed_profile.name == "Han Shi"
    assert seed_profile.primary_category == "LG"
    assert seed_profile.primary_category_name == "Machine Learning"
    assert seed_profile.h_index == 26
    assert seed_profile.declared_papers == 33
    assert seed_profile.citations == 1567
    assert seed_profile.novelty_percent == 55
    assert seed_profile.ai_score == 61
    assert len(seed_profile.papers) == 33
    assert seed_profile.warnings == []


def test_seed_first_paper_every_field(seed_profile: Profile, seed_path: Path) -> None:
    metamath = seed_profile.papers[0]
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    assert metamath.title == lines[12]
    assert metamath.title == "MetaMath: Bootstrap Your Own Mathematical Questions for Large Language Models"
    assert metamath.authors == ["Longhui Yu", "Weisen Jiang", "Han Shi"]
    assert metamath.authors_truncated is True
    assert metamath.affiliation == "cambridge"
    assert metamath.category == "CL"
    assert metamath.category_name == "Computation and Language"
    assert metamath.date == dt.date(2023, 9, 21)
    assert metamath.year_given is True
    assert metamath.has_code is True
    assert metamath.score is None
    assert metamath.abstract_raw == lines[16]
    assert metamath.abstract.startswith("Large language models (LLMs) have pushed the limits")
    assert metamath.line == 12
    assert metamath.id == "metamath-bootstrap-your-own-mathematical-questions-for-large-language-models"


def test_seed_scored_paper_without_year(seed_profile: Profile) -> None:
    unipool = paper(seed_profile, "UniPool")
    assert unipool.score == 72.0
    assert unipool.category == "LG"
    assert unipool.year_given is False
    assert unipool.date == dt.date(2026, 5, 7)
    assert unipool.has_code is False
    assert unipool.authors == ["Minbin Huang", "Han Shi", "Chuanyang Zheng"]


def test_seed_year_less_paper_with_code(seed_profile: Profile) -> None:
    fastcode = paper(seed_profile, "FastCode")
    assert (fastcode.category, fastcode.date, fastcode.year_given, fastcode.has_code) == (
        "SE",
        dt.date(2026, 3, 1),
        False,
        True,
    )


def test_seed_full_author_list_and_latex_abstract(seed_profile: Profile) -> None:
    graph = paper(seed_profile, "Effective Decoding in Graph Auto-Encoder")
    assert graph.authors == ["Han Shi", "Haozheng Fan", "James T. Kwok"]
    assert graph.authors_truncated is False
    difffit = paper(seed_profile, "DiffFit")
    assert "$\\times$" in difffit.abstract_raw
    assert "2× training speed-up" in difffit.abstract
    assert "0.12% of the total" in difffit.abstract
    assert paper(seed_profile, "Diffusion of Thoughts").affiliation == "oxford"


def test_every_seed_paper_has_unique_id_and_text(seed_profile: Profile) -> None:
    ids = [p.id for p in seed_profile.papers]
    assert len(set(ids)) == 33
    assert all(p.title and p.authors and p.abstract for p in seed_profile.papers)
    assert {p.category for p in seed_profile.papers} >= {"CL", "CV", "LG", "ML", "AI", "DB", "SE"}


def test_date_without_year_is_latest_not_after_reference() -> None:
    assert resolve_date(3, 1, None, dt.date(2026, 3, 1)) == dt.date(2026, 3, 1)
    assert resolve_date(3, 2, None, dt.date(2026, 3, 1)) == dt.date(2025, 3, 2)
    assert resolve_date(2, 29, None, dt.date(2026, 11, 29)) == dt.date(2024, 2, 29)


def test_reference_date_moves_year_less_papers(seed_path: Path) -> None:
    profile = parse_profile(seed_path, reference_date=dt.date(2026, 3, 4))
    assert paper(profile, "POET-X").date == dt.date(2025, 3, 5)
    assert paper(profile, "FastCode").date == dt.date(2026, 3, 1)


def test_slugs_are_url_safe() -> None:
    assert slugify("SJD++: Improved Speculative") == "sjdpp-improved-speculative"
    assert slugify("Ünïcode — title!") == "unicode-title"
    assert slugify("???") == "paper"


def test_crlf_bom_trailing_spaces_and_extra_blank_lines(seed_path: Path, seed_profile: Profile) -> None:
    text = seed_path.read_text(encoding="utf-8")
    messy = "\ufeff" + "\r\n\r\n".join(line + "  " for line in text.splitlines()) + "\r\n\r\n\r\n"
    parsed = parse_text(messy, reference_date=TODAY).papers
    assert [p.model_copy(update={"line": 0}) for p in parsed] == [
        p.model_copy(update={"line": 0}) for p in seed_profile.papers
    ]


def test_malformed_file_lists_every_problem_with_file_and_line(seed_path: Path) -> None:
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    lines[11] = "CLSep 99, 2023Code"  # impossible date
    lines[14], lines[16] = lines[16], lines[14]  # authors and abstract swapped
    lines[2] = "h-index: lots"
    with pytest.raises(ProfileError) as caught:
        parse_text("\n".join(lines), source="bad.txt", reference_date=TODAY)
    problems = caught.value.problems
    assert any(p.startswith("bad.txt:3: found 'h-index: lots', expected a header metric") for p in problems)
    assert any(p.startswith("bad.txt:12: found the date") for p in problems)
    assert any(p.startswith("bad.txt:15: found a paragraph") and "expected the author list" in p for p in problems)
    assert all(": found " in p and ", expected " in p for p in problems)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "found an empty file"),
        (b"   \n\n  ", "found an empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "found binary data"),
        (b"\xff\xfe\xfa not utf8 at all", "not UTF-8"),
        (b"import os\nprint('hello')\n", "expected a profile export"),
        (b"Han Shi\nLG\nh-index26\n0 Papers\n", "found no paper records"),
    ],
)
def test_unusable_files_get_a_clear_message(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "profile.txt"
    path.write_bytes(content)
    with pytest.raises(ProfileError) as caught:
        parse_profile(path)
    assert expected in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_file_is_a_profile_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read the file"):
        parse_profile(tmp_path / "absent.txt")


def test_missing_metric_is_none_and_count_mismatch_is_a_warning(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("h-index26\n", "").replace("33papers", "40papers")
    profile = parse_text(text, source="p.txt", reference_date=TODAY)
    assert profile.h_index is None
    assert len(profile.papers) == 33
    assert profile.warnings == ["p.txt: the profile declares 40 papers but 33 were parsed"]


def test_removing_any_line_gives_a_parse_or_a_precise_error(seed_path: Path) -> None:
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    for index in range(len(lines)):
        try:
            profile = parse_text("\n".join(lines[:index] + lines[index + 1 :]), source="f", reference_date=TODAY)
        except ProfileError as error:
            assert all(p.startswith("f") and "found" in p and "expected" in p for p in error.problems), error
        else:
            assert len(profile.papers) == 33 or not lines[index].strip()


def test_swapped_and_truncated_files_never_crash(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    lines = text.splitlines()
    rng = random.Random(7)
    variants = []
    for _ in range(150):
        i, j = rng.sample(range(len(lines)), 2)
        swapped = lines[:]
        swapped[i], swapped[j] = swapped[j], swapped[i]
        variants.append("\n".join(swapped))
    variants += [text[:cut] for cut in range(0, len(text), 311)]
    for variant in variants:
        try:
            parse_text(variant, source="f", reference_date=TODAY)
        except ProfileError as error:
            assert error.problems and all(p.startswith("f") for p in error.problems)


def test_five_hundred_papers(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    head, body = text.split("33 Papers", 1)
    big = head.replace("33papers", "528papers") + "528 Papers" + body * 16
    profile = parse_text(big, reference_date=TODAY)
    assert len(profile.papers) == 528
    assert len({p.id for p in profile.papers}) == 528
    assert profile.warnings == []


def test_the_export_date_is_the_files_modification_date(tmp_path) -> None:
    copy = tmp_path / "profile.txt"
    copy.write_text((Path(__file__).resolve().parents[2] / "seeds" / "han-shi.profile.txt").read_text())
    stamp = dt.datetime(2025, 3, 4, 12, 0).timestamp()
    os.utime(copy, (stamp, stamp))
    assert parse_profile(copy).exported == dt.date(2025, 3, 4)


def test_the_fingerprint_follows_the_papers_not_the_layout(seed_profile) -> None:
    same = seed_profile.model_copy(update={"papers": [p.model_copy(update={"line": p.line + 7})
                                                      for p in seed_profile.papers]})
    fewer = seed_profile.model_copy(update={"papers": seed_profile.papers[1:]})
    retitled = seed_profile.model_copy(update={"papers": [seed_profile.papers[0].model_copy(update={"title": "X"}),
                                                          *seed_profile.papers[1:]]})
    fingerprint = profile_fingerprint(seed_profile)
    assert len(fingerprint) == 6 and fingerprint.isalnum() and fingerprint == fingerprint.lower()
    assert profile_fingerprint(same) == fingerprint
    assert profile_fingerprint(fewer) != fingerprint and profile_fingerprint(retitled) != fingerprint
