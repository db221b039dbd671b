"""Typed records parsed from a profile export."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DatePrecision = Literal["day", "month", "year"]


class Link(BaseModel):
    """A place to read the paper: its DOI, its arXiv page or a plain URL (always http or https)."""

    model_config = ConfigDict(frozen=True)

    label: str = Field(description="'DOI', 'arXiv' or 'Link'.")
    url: str


class Paper(BaseModel):
    """One paper of the profile, exactly as the export states it plus a clean abstract."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable slug built from the title, unique within the profile.")
    title: str
    authors: list[str]
    authors_truncated: bool = Field(description="The export ended the author list with 'et al.'.")
    affiliation: str | None = None
    category: str = Field(description="Category code as exported, e.g. 'LG'; empty when the export has none.")
    category_name: str = Field(description="Human name of the category; the code itself when unknown.")
    date: dt.date
    year_given: bool = Field(description="False when the export gave no year and it was inferred.")
    date_precision: DatePrecision = Field(
        "day", description="How much of `date` the export stated: a BibTeX entry may give only a year or a month."
    )
    has_code: bool = False
    score: float | None = None
    abstract_raw: str = ""
    abstract: str = Field("", description="Plain-text abstract: LaTeX rendered, whitespace normalised.")
    line: int = Field(0, description="1-based line of the record's header in the source file.")
    venue: str | None = Field(None, description="Journal or proceedings, when the export names one.")
    keywords: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    researchers: list[str] = Field(
        default_factory=list,
        description="The served researchers whose profiles list this paper; empty when one profile is served.",
    )

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def published(self) -> str:
        """The date as the export stated it: 'Sep 21, 2023', 'Sep 2023' or '2023' (never a made-up day)."""
        if not self.year_given:
            return f"{self.date:%b} {self.date.day} (year not given; {self.year} assumed)"
        if self.date_precision == "year":
            return str(self.year)
        if self.date_precision == "month":
            return f"{self.date:%b %Y}"
        return f"{self.date:%b} {self.date.day}, {self.year}"


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
    problems: list[str] = Field(
        default_factory=list,
        description="Records that were skipped (`file:line: found …, expected …`); the rest of the file is served.",
    )

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
                               paper.category, paper.date.isoformat(), paper.year_given, paper.date_precision,
                               paper.has_code, paper.abstract, paper.venue, [link.url for link in paper.links]]
                              for paper in profile.papers]]
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).digest()
    return base64.b32encode(digest).decode().lower()[:FINGERPRINT_CHARS]
