"""Live profiles: re-read the files that changed, build the new library completely, and say what changed.

`reload(shelf, current)` is what the file watcher and `/reload` run (in a worker thread: it parses and indexes).
It returns a fully built library (every index warm) only when the catalogue changed, for the caller to swap in
with one assignment; requests in flight finish on the library they started with. A file whose new version
does not parse keeps its old version (`ProfileShelf`); when every file is gone, the last catalogue keeps serving.
"""

from __future__ import annotations

from pathlib import Path

from retrieval.answers import FileChange, PaperRef, ReloadAnswer
from retrieval.lab import title_key
from retrieval.models import Profile
from retrieval.service import Library
from retrieval.sources import ProfileShelf, ShelfChange


def paper_keys(profile: Profile | None) -> set[str]:
    return {title_key(paper.title) for paper in profile.papers} if profile else set()


def file_changes(change: ShelfChange, before: dict[Path, Profile], after: dict[Path, Profile]) -> list[FileChange]:
    rows: list[FileChange] = []
    for status, paths in (("added", change.added), ("updated", change.updated), ("removed", change.removed),
                          ("kept_old", change.kept_old)):
        for path in paths:
            old, new = before.get(path), after.get(path)
            shown = new or old
            kept = status == "kept_old"
            rows.append(FileChange(
                path=str(path), status=status, researcher=shown.name if shown else None,  # type: ignore[arg-type]
                papers_added=0 if kept else len(paper_keys(new) - paper_keys(old)),
                papers_removed=0 if kept else len(paper_keys(old) - paper_keys(new)),
            ))
    return rows


def catalogue_diff(old: Library | None, new: Library) -> tuple[list[PaperRef], list[PaperRef]]:
    """Papers served now that were not before, and the other way round."""
    old_papers = {title_key(paper.title): paper for paper in old.profile.papers} if old else {}
    new_papers = {title_key(paper.title): paper for paper in new.profile.papers}
    added = [PaperRef.of(paper) for key, paper in new_papers.items() if key not in old_papers]
    removed = [PaperRef.of(paper) for key, paper in old_papers.items() if key not in new_papers]
    return added, removed


def reload(shelf: ProfileShelf, current: Library | None) -> tuple[Library | None, ReloadAnswer]:
    """Refresh `shelf`; a new, warm library when what is served changed, else None, and the report."""
    before = dict(shelf.profiles)
    change = shelf.refresh()
    files = file_changes(change, before, shelf.profiles)
    read = [shelf.profiles[path] for path in [*change.added, *change.updated]]
    problems = [*change.problems, *(problem for profile in read for problem in profile.problems)]
    warnings = [warning for profile in read for warning in profile.warnings]
    served = current.profile if current else None
    if not change.changed:
        return None, ReloadAnswer(changed=False, files=files, problems=problems, warnings=warnings,
                                  papers=len(served.papers) if served else 0,
                                  researchers=len(current.members) if current else 0)
    if not shelf.profiles:
        problems.append("no profile is left to serve: the last catalogue keeps serving until a profile is back")
        return None, ReloadAnswer(changed=False, files=files, problems=problems, warnings=warnings,
                                  papers=len(served.papers) if served else 0,
                                  researchers=len(current.members) if current else 0)
    library = Library.from_profiles(shelf.served(), current.lab_name if current else None).warm()
    added, removed = catalogue_diff(current, library)
    return library, ReloadAnswer(changed=True, files=files, problems=problems, warnings=warnings,
                                 papers=len(library.profile.papers),
                                 researchers=len(library.members), new_papers=added, removed_papers=removed)
