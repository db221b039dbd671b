"""Parse a profile export (plain text) into a `Profile`.

The export looks like this (blank lines are optional everywhere)::

    Han Shi                      <- the researcher's name
    LG                           <- header metrics, label and value glued together
    h-index26
    33papers
    1,567citations
    Novelty55%
    AI Score61
    33 Papers                    <- start of the paper records
    72.0CLSep 21, 2023Code       <- [score] category date [Code]; the year may be missing
    Title
    Author A, Author B et al. · affiliation
    Abstract on one line, possibly with LaTeX.

Every problem found is collected, then raised together as one `ProfileError` whose lines read
`file:line: found …, expected …`, so a user can fix the file in one pass.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from retrieval.categories import category_name
from retrieval.models import Paper, Profile
from retrieval.text import clean_text

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HEADER = re.compile(
    r"^(?P<score>\d{1,3}(?:\.\d+)?)?"
    r"(?P<category>[A-Z]{2,4})"
    r"(?P<month>" + "|".join(MONTHS) + r")\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4}))?"
    r"\s*(?P<code>Code)?$"
)
METRICS: dict[str, re.Pattern[str]] = {
    "primary_category": re.compile(r"^(?P<v>[A-Z]{2,4})$"),
    "h_index": re.compile(r"^h-index\s*(?P<v>\d+)$", re.IGNORECASE),
    "declared_papers": re.compile(r"^(?P<v>[\d,]+)\s*papers$"),
    "citations": re.compile(r"^(?P<v>[\d,]+)\s*citations$", re.IGNORECASE),
    "novelty_percent": re.compile(r"^Novelty\s*(?P<v>\d+(?:\.\d+)?)\s*%$", re.IGNORECASE),
    "ai_score": re.compile(r"^AI Score\s*(?P<v>\d+(?:\.\d+)?)$", re.IGNORECASE),
}
PAPERS_LINE = re.compile(r"^(?P<v>[\d,]+) Papers$")
ET_AL = re.compile(r",?\s*et al\.?$")
AFFILIATION_SEP = " · "
HEADER_EXAMPLE = "a paper header like 'CLSep 21, 2023Code'"
MAX_SHOWN = 60


class ProfileError(Exception):
    """A profile that cannot be served; `problems` holds one `file:line: found …, expected …` per issue."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Line:
    number: int
    text: str


def shown(text: str) -> str:
    """A line quoted for an error message: shortened, with control characters made visible."""
    visible = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return repr(visible if len(visible) <= MAX_SHOWN else visible[: MAX_SHOWN - 1] + "…")


def resolve_date(month: int, day: int, year: int | None, reference: dt.date) -> dt.date:
    """The date itself when the year is given, else the most recent such date not after `reference`."""
    if year is not None:
        return dt.date(year, month, day)
    for candidate_year in range(reference.year, reference.year - 8, -1):
        try:
            candidate = dt.date(candidate_year, month, day)
        except ValueError:  # 29 February in a common year
            continue
        if candidate <= reference:
            return candidate
    raise ValueError("no such day")


def slugify(title: str, max_length: int = 80) -> str:
    """A stable, URL-safe id from a title: ascii, lower case, words joined by '-'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9+]+", "-", ascii_title.lower().replace("++", "pp")).strip("-")
    slug = slug.replace("+", "p")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "paper"


def looks_like_authors(text: str) -> bool:
    return AFFILIATION_SEP in text or bool(ET_AL.search(text))


def looks_like_abstract(text: str) -> bool:
    return len(text) > 300 or (len(text.split()) > 40 and text.count(". ") >= 1)


class _Parser:
    """One pass over the lines; collects problems instead of stopping at the first."""

    def __init__(self, source: str, lines: list[Line], reference: dt.date) -> None:
        self.source = source
        self.lines = lines
        self.reference = reference
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def problem(self, line: Line | None, found: str, expected: str) -> None:
        where = f"{self.source}:{line.number}" if line else self.source
        self.problems.append(f"{where}: found {found}, expected {expected}")

    def parse(self) -> Profile:
        name_line, rest = self.lines[0], self.lines[1:]
        if HEADER.match(name_line.text) or any(p.match(name_line.text) for p in METRICS.values()):
            self.problem(name_line, shown(name_line.text), "the researcher's name on the first line")
        metrics, rest = self.parse_metrics(rest)
        papers = self.parse_papers(rest)
        profile = Profile(
            name=name_line.text.strip(),
            primary_category_name=category_name(str(metrics["primary_category"]))
            if metrics.get("primary_category")
            else None,
            papers=papers,
            source=self.source,
            reference_date=self.reference,
            **metrics,
        )
        if not self.problems and not papers:
            self.problems.append(
                f"{self.source}: found no paper records, expected at least one paper ({HEADER_EXAMPLE})"
            )
        if profile.declared_papers is not None and papers and profile.declared_papers != len(papers):
            self.warnings.append(
                f"{self.source}: the profile declares {profile.declared_papers} papers but {len(papers)} were parsed"
            )
        profile.warnings.extend(self.warnings)
        return profile

    def parse_metrics(self, lines: list[Line]) -> tuple[dict, list[Line]]:
        metrics: dict[str, object] = {}
        for position, line in enumerate(lines):
            if HEADER.match(line.text):
                self.warnings.append(f"{self.source}:{line.number}: no 'N Papers' line before the first paper")
                return metrics, lines[position:]
            if PAPERS_LINE.match(line.text):
                return metrics, lines[position + 1 :]
            self.parse_metric(line, metrics)
        return metrics, []

    def parse_metric(self, line: Line, metrics: dict[str, object]) -> None:
        for field, pattern in METRICS.items():
            match = pattern.match(line.text)
            if match and field not in metrics:
                raw = match["v"].replace(",", "")
                metrics[field] = raw if field == "primary_category" else (float(raw) if "." in raw else int(raw))
                return
        self.problem(
            line,
            shown(line.text),
            "a header metric (e.g. 'LG', 'h-index26', '33papers', '1,567citations', 'Novelty55%', 'AI Score61') "
            "or the '33 Papers' line",
        )

    def parse_papers(self, lines: list[Line]) -> list[Paper]:
        groups: list[list[Line]] = []
        for line in lines:
            if HEADER.match(line.text):
                groups.append([line])
            elif groups:
                groups[-1].append(line)
            else:
                self.problem(line, shown(line.text), HEADER_EXAMPLE)
        papers: list[Paper] = []
        seen_ids: set[str] = set()
        for group in groups:
            paper = self.parse_record(group, seen_ids)
            if paper is not None:
                papers.append(paper)
                seen_ids.add(paper.id)
        return papers

    def parse_record(self, group: list[Line], seen_ids: set[str]) -> Paper | None:
        header, body = group[0], group[1:]
        if len(body) < 2:
            missing = "the title" if not body else "the author list"
            self.problem(header, f"a paper header followed by {len(body)} line(s)", f"{missing} after it")
            return None
        if len(body) > 3:
            expected = f"{HEADER_EXAMPLE} (a record is header, title, authors, abstract)"
            self.problem(body[3], shown(body[3].text), expected)
            return None
        title, authors = body[0], body[1]
        abstract = body[2] if len(body) == 3 else None
        problems_before = len(self.problems)
        if looks_like_authors(title.text):
            self.problem(title, f"an author list {shown(title.text)}", "the paper's title")
        if looks_like_abstract(authors.text):
            self.problem(authors, f"a paragraph {shown(authors.text)}", "the author list")
        if abstract is None:
            self.warnings.append(f"{self.source}:{header.number}: the paper has no abstract")
        elif looks_like_authors(abstract.text) and not looks_like_abstract(abstract.text):
            self.problem(abstract, f"an author list {shown(abstract.text)}", "the abstract")
        fields = self.parse_header(header)
        if fields is None or len(self.problems) > problems_before:
            return None
        names, truncated, affiliation = parse_authors(authors.text)
        paper_id = unique_id(slugify(title.text), seen_ids)
        raw_abstract = abstract.text if abstract else ""
        return Paper(
            id=paper_id,
            title=title.text.strip(),
            authors=names,
            authors_truncated=truncated,
            affiliation=affiliation,
            abstract_raw=raw_abstract,
            abstract=clean_text(raw_abstract),
            line=header.number,
            **fields,
        )

    def parse_header(self, line: Line) -> dict | None:
        match = HEADER.match(line.text)
        assert match is not None  # groups start only at header lines
        year = int(match["year"]) if match["year"] else None
        try:
            date = resolve_date(MONTHS.index(match["month"]) + 1, int(match["day"]), year, self.reference)
        except ValueError:
            self.problem(line, f"the date {shown(line.text)}", "a real calendar date such as 'Sep 21, 2023'")
            return None
        return {
            "category": match["category"],
            "category_name": category_name(match["category"]),
            "date": date,
            "year_given": year is not None,
            "has_code": bool(match["code"]),
            "score": float(match["score"]) if match["score"] else None,
        }


def parse_authors(text: str) -> tuple[list[str], bool, str | None]:
    """Split 'A, B et al. · place' into names, whether the list was truncated, and the affiliation."""
    names_part, _, affiliation = text.partition(AFFILIATION_SEP)
    names_part = names_part.strip()
    truncated = bool(ET_AL.search(names_part))
    names_part = ET_AL.sub("", names_part)
    names = [name.strip() for name in re.split(r",|\band\b", names_part) if name.strip()]
    return names, truncated, affiliation.strip() or None


def unique_id(slug: str, seen: set[str]) -> str:
    candidate, counter = slug, 2
    while candidate in seen:
        candidate, counter = f"{slug}-{counter}", counter + 1
    return candidate


def decode(data: bytes, source: str) -> str:
    """Text of a profile file; binary or non-UTF-8 data is a ProfileError, not a crash."""
    if not data.strip():
        raise ProfileError([f"{source}: found an empty file, expected a profile export (name, metrics, papers)"])
    if b"\x00" in data[:4096]:
        raise ProfileError([f"{source}: found binary data, expected a plain-text profile export"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ProfileError([f"{source}:{line}: found bytes that are not UTF-8, expected UTF-8 text"]) from None


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers; CRLF, trailing spaces and stray control chars tolerated."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.replace("\ufeff", "").strip()
        if stripped:
            lines.append(Line(number, stripped))
    return lines


def parse_text(text: str, source: str = "<profile>", reference_date: dt.date | None = None) -> Profile:
    """Parse profile text; raises ProfileError listing every problem."""
    lines = split_lines(text)
    if not lines:
        raise ProfileError([f"{source}: found an empty file, expected a profile export (name, metrics, papers)"])
    if not any(HEADER.match(line.text) or PAPERS_LINE.match(line.text) for line in lines):
        raise ProfileError(
            [
                f"{source}:{lines[0].number}: found {shown(lines[0].text)}, expected a profile export: "
                f"the researcher's name, header metrics, 'N Papers', then paper records ({HEADER_EXAMPLE})"
            ]
        )
    parser = _Parser(source, lines, reference_date or dt.date.today())
    profile = parser.parse()
    if parser.problems:
        raise ProfileError(parser.problems)
    return profile


def parse_profile(path: Path | str, reference_date: dt.date | None = None) -> Profile:
    """Read and parse a profile file; every failure is a ProfileError naming the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProfileError([f"{path}: cannot read the file ({error.strerror or error})"]) from None
    profile = parse_text(decode(data, str(path)), source=str(path), reference_date=reference_date)
    with contextlib.suppress(OSError, ValueError, OverflowError):
        profile.exported = dt.date.fromtimestamp(path.stat().st_mtime)
    return profile
