"""Typed records parsed from a profile export."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field


class Paper(BaseModel):
    """One paper of the profile, exactly as the export states it plus a clean abstract."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable slug built from the title, unique within the profile.")
    title: str
    authors: list[str]
    authors_truncated: bool = Field(description="The export ended the author list with 'et al.'.")
    affiliation: str | None = None
    category: str = Field(description="Category code as exported, e.g. 'LG'.")
    category_name: str = Field(description="Human name of the category; the code itself when unknown.")
    date: dt.date
    year_given: bool = Field(description="False when the export gave no year and it was inferred.")
    has_code: bool = False
    score: float | None = None
    abstract_raw: str = ""
    abstract: str = Field("", description="Plain-text abstract: LaTeX rendered, whitespace normalised.")
    line: int = Field(0, description="1-based line of the record's header in the source file.")

    @property
    def year(self) -> int:
        return self.date.year


class HeaderMetrics(BaseModel):
    """The researcher's name and the metrics at the top of the export; a missing metric is None."""

    name: str
    primary_category: str | None = None
    primary_category_name: str | None = None
    h_index: int | None = None
    citations: int | None = None
    declared_papers: int | None = None
    novelty_percent: float | None = None
    ai_score: float | None = None


class Profile(HeaderMetrics):
    """A researcher's profile: header metrics and papers in export order."""

    papers: list[Paper] = Field(default_factory=list)
    source: str = ""
    exported: dt.date | None = Field(
        None, description="When the export was written: the file's modification date (the format carries none)."
    )
    reference_date: dt.date | None = None
    warnings: list[str] = Field(default_factory=list)

    def by_id(self, paper_id: str) -> Paper | None:
        for paper in self.papers:
            if paper.id == paper_id:
                return paper
        return None


FINGERPRINT_CHARS = 6


def profile_fingerprint(profile: Profile) -> str:
    """Six lower-case base-32 characters (30 bits) of a hash of everything a paper's answers are built from.

    Whitespace or line-number changes in the file keep it; a changed title, author, date or abstract, or an
    added or removed paper, changes it. Components carry it, so a click on an old message can tell that
    the profile changed since.
    """
    content = [profile.name, [[paper.id, paper.title, paper.authors, paper.authors_truncated, paper.affiliation,
                               paper.category, paper.date.isoformat(), paper.year_given, paper.has_code,
                               paper.abstract] for paper in profile.papers]]
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).digest()
    return base64.b32encode(digest).decode().lower()[:FINGERPRINT_CHARS]
