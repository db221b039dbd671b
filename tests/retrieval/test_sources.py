"""Profile locations: files, lists and folders; size limits; the shelf that keeps the last good version."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from retrieval.profile import ProfileError
from retrieval.sources import (
    MAX_PROFILE_BYTES,
    ProfileShelf,
    open_shelf,
    profile_files,
    read_profile,
    split_locations,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "han-shi.profile.txt"
BIB = ROOT / "seeds" / "chuanyang-zheng.bib"

ONE_PAPER = "@article{{k, title = {{{title}}}, author = {{Doe, Jane}}, year = {{2024}}}}\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_locations_split_on_the_os_path_separator() -> None:
    assert split_locations(f"a.txt{os.pathsep} {os.pathsep}b.bib") == [Path("a.txt"), Path("b.bib")]


def test_a_folder_names_its_profile_files_and_skips_the_rest(tmp_path: Path) -> None:
    for name in ("b.bib", "a.profile.txt", ".hidden.bib", "notes.md", "b.bib~", "#draft.txt"):
        write(tmp_path / name, "x")
    files, problems = profile_files([tmp_path])
    assert [path.name for path in files] == ["a.profile.txt", "b.bib"] and problems == []


def test_an_empty_folder_and_a_missing_path_are_one_line_each(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    files, problems = profile_files([empty, tmp_path / "gone.txt", SEED])
    assert files == [SEED.resolve()]
    assert problems == [
        f"{empty}: found no profile files in the folder, expected text exports (*.txt) or BibTeX files (*.bib)",
        f"{tmp_path / 'gone.txt'}: no such file or folder",
    ]


def test_both_formats_are_read_by_content_as_well_as_by_suffix(tmp_path: Path) -> None:
    assert read_profile(SEED).name == "Han Shi"
    disguised = write(tmp_path / "export.txt", ONE_PAPER.format(title="BibTeX in a txt file"))
    assert read_profile(disguised, settle=0).papers[0].title == "BibTeX in a txt file"


def test_a_file_too_large_is_refused_in_one_line_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.bib"
    with huge.open("wb") as handle:
        handle.truncate(MAX_PROFILE_BYTES + 1)  # sparse: 20 MB on paper, nothing on disk
    with pytest.raises(ProfileError) as error:
        read_profile(huge, settle=0)
    assert error.value.problems == [f"{huge}: found a file of 20.0 MB, expected a profile of at most 20 MB"]


def test_an_unreadable_file_is_a_profile_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder.bib"
    folder.mkdir()
    with pytest.raises(ProfileError, match="cannot read the file"):
        read_profile(folder, settle=0)


def test_a_file_without_read_permission_is_a_profile_error(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.bib", ONE_PAPER.format(title="Locked"))
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who can read any file")
        with pytest.raises(ProfileError, match="cannot read the file"):
            read_profile(locked, settle=0)
    finally:
        locked.chmod(0o644)


def test_open_shelf_serves_what_it_can_and_fails_only_when_nothing_loads(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.txt", "not a profile\n")
    shelf, change = open_shelf([bad, SEED])
    assert [profile.name for profile in shelf.served()] == ["Han Shi"]
    assert change.problems and change.problems[0].startswith(f"{bad}:1: found 'not a profile'")
    with pytest.raises(ProfileError):
        open_shelf([bad])


def test_refresh_keeps_the_old_version_when_the_new_one_breaks_and_reports_it_once(tmp_path: Path) -> None:
    folder = tmp_path / "lab"
    folder.mkdir()
    path = write(folder / "doe.bib", ONE_PAPER.format(title="First"))
    shelf = ProfileShelf([folder], settle=0)
    assert shelf.refresh().added == [path.resolve()]
    write(path, "@article{k, title = {Second}, author = {Doe, Jane}, year = {2024}")  # no closing brace
    os.utime(path, ns=(1, 1))
    broken = shelf.refresh()
    assert broken.kept_old == [path.resolve()] and broken.problems
    assert shelf.served()[0].papers[0].title == "First"
    again = shelf.refresh()
    assert again.problems == [] and not again.changed  # the same broken version is reported once
    write(path, ONE_PAPER.format(title="Second"))
    fixed = shelf.refresh()
    assert fixed.updated == [path.resolve()] and shelf.served()[0].papers[0].title == "Second"


def test_refresh_sees_added_and_removed_files(tmp_path: Path) -> None:
    folder = tmp_path / "lab"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.profile.txt")
    shelf = ProfileShelf([folder], settle=0)
    shelf.refresh()
    shutil.copy(BIB, folder / "b.bib")
    change = shelf.refresh()
    assert [path.name for path in change.added] == ["b.bib"] and not change.updated
    (folder / "a.profile.txt").unlink()
    change = shelf.refresh()
    assert [path.name for path in change.removed] == ["a.profile.txt"]
    assert [profile.name for profile in shelf.served()] == ["Chuanyang Zheng"]


def test_a_file_still_being_written_is_read_once_it_settles(tmp_path: Path) -> None:
    path = write(tmp_path / "fresh.bib", ONE_PAPER.format(title="Fresh"))
    assert read_profile(path, settle=0.2).papers[0].title == "Fresh"  # waits for the file to be 0.2 s old
