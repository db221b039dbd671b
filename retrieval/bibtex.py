"""Parse a BibTeX file (Google Scholar, DBLP, Zotero exports) into a `Profile`.

`bibtexparser` splits the file into blocks and reports the ones it cannot read with their lines; the
rest is done here, so that every problem reads like the text format's: `file:line: found …, expected …`.

* values are resolved by hand: `{…}` and `"…"` unwrapped, `@string` macros (also inside other macros)
  and the standard month macros substituted, `#` concatenation joined;
* `crossref` fills the fields a child entry lacks from its parent (the parent's `title` becomes the
  child's `booktitle`, as BibTeX does); a cross-referenced `@proceedings` volume is a venue, not a paper;
* LaTeX and braces in titles, names and abstracts become plain Unicode (`retrieval.text.clean_text`);
* the researcher's name comes from a `@comment{paperbot: name = …}` line, or else from the file name;
* a malformed entry (no title, no year, a duplicate key, a field given twice, a syntax error) is skipped and
  reported in `Profile.problems`; only a file with no good entry at all is a `ProfileError`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser import model

from retrieval.categories import category_name
from retrieval.models import DatePrecision, Link, Paper, Profile
from retrieval.profile import ProfileError, shown, slugify, unique_id
from retrieval.text import clean_text

# bibtexparser logs every block it skips; each one is reported here, once, as a file:line problem instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_MACROS = {name: str(number) for number, name in enumerate(MONTH_NAMES, start=1)}
NAME_COMMENT = re.compile(r"^\s*paperbot\s*:\s*name\s*=\s*(?P<name>.+?)\s*$", re.IGNORECASE | re.DOTALL)
YEAR = re.compile(r"^\s*(?P<year>\d{4})")
ISO_DATE = re.compile(r"^\s*(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
ARXIV_ID = re.compile(r"^(?:arxiv:)?(?P<id>\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)$", re.I)
ARXIV_IN_TEXT = re.compile(r"\barxiv:\s*(?P<id>\d{4}\.\d{4,5}(?:v\d+)?)\b", re.IGNORECASE)  # Scholar's journal
DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE)
HTTP_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)
AUTHOR_SPLIT = re.compile(r"\s+and\s+", re.IGNORECASE)
VOLUME_TYPES = frozenset({"proceedings", "mvproceedings", "collection", "mvcollection", "periodical"})
ENTRY_EXAMPLE = "an entry like '@article{key, title = {…}, author = {…}, year = {2023}}'"


@dataclass
class _Entry:
    """One entry with its fields resolved to plain strings (lower-case keys)."""

    key: str
    type: str
    line: int
    fields: dict[str, str]
    field_lines: dict[str, int] = field(default_factory=dict)


class _BibParser:
    """One file: collects problems (skipped entries) and warnings instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[tuple[int, str]] = []
        self.warnings: list[tuple[int, str]] = []
        self.strings: dict[str, str] = dict(MONTH_MACROS)

    def problem(self, line: int | None, found: str, expected: str) -> None:
        where = f"{self.source}:{line}" if line else self.source
        self.problems.append((line or 0, f"{where}: found {found}, expected {expected}"))

    def warn(self, line: int | None, text: str) -> None:
        where = f"{self.source}:{line}" if line else self.source
        self.warnings.append((line or 0, f"{where}: {text}"))

    # ---- values --------------------------------------------------------------------------------
    def resolve(self, raw: str, line: int | None) -> str:
        """A field's value with its enclosing removed, macros substituted and `#` parts joined."""
        parts = []
        for piece in split_concatenation(raw):
            if len(piece) >= 2 and (piece[0], piece[-1]) in (("{", "}"), ('"', '"')):
                parts.append(piece[1:-1])
            elif piece.isdigit():
                parts.append(piece)
            elif piece.lower() in self.strings:
                parts.append(self.strings[piece.lower()])
            else:
                self.warn(line, f"found the undefined macro {shown(piece)}, expected a defined @string or a value "
                          "in {…} or \"…\"; it is kept as written")
                parts.append(piece)
        return "".join(parts)

    # ---- blocks --------------------------------------------------------------------------------
    def read_blocks(self, library: bibtexparser.Library) -> tuple[str | None, list[_Entry]]:
        name: str | None = None
        entries: list[_Entry] = []
        first_line: dict[str, int] = {}
        for block in library.blocks:
            line = (block.start_line or 0) + 1
            if isinstance(block, model.String):
                self.strings[block.key.lower()] = self.resolve(block.value, line)
            elif isinstance(block, model.ExplicitComment):
                match = NAME_COMMENT.match(block.comment)
                if match and name is None:
                    name = clean_text(match["name"].strip("{}\"' "))
            elif isinstance(block, model.DuplicateBlockKeyBlock):
                self.problem(line, f"a second entry with the key {shown(block.key)} (the first is at line "
                             f"{first_line.get(block.key.lower(), '?')})", "each key once; this entry is skipped")
            elif isinstance(block, model.DuplicateFieldKeyBlock):
                keys = ", ".join(sorted(block.duplicate_keys))
                self.problem(line, f"the field(s) {keys} given twice in one entry",
                             "each field once; the entry is skipped")
            elif isinstance(block, model.ParsingFailedBlock):
                self.problem(line, f"an entry that cannot be read ({describe_failure(block)})",
                             ENTRY_EXAMPLE + "; the entry is skipped")
            elif isinstance(block, model.Entry):
                first_line.setdefault(block.key.lower(), line)
                entries.append(self.entry(block, line))
        return name, entries

    def entry(self, block: model.Entry, line: int) -> _Entry:
        fields: dict[str, str] = {}
        lines: dict[str, int] = {}
        for item in block.fields:
            key = item.key.lower()
            field_line = (item.start_line or 0) + 1 if item.start_line is not None else line
            fields[key] = self.resolve(str(item.value), field_line)
            lines[key] = field_line
        return _Entry(block.key, block.entry_type.lower(), line, fields, lines)

    # ---- entries -> papers ---------------------------------------------------------------------
    def apply_crossrefs(self, entries: list[_Entry]) -> set[str]:
        """Fill children's missing fields from their parents; returns the keys of the parents."""
        by_key = {entry.key.lower(): entry for entry in entries}
        parents: set[str] = set()
        for entry in entries:
            target = entry.fields.get("crossref", "").strip().lower()
            if not target:
                continue
            parent = by_key.get(target)
            if parent is None or parent is entry:
                self.warn(entry.line, f"found crossref = {shown(target)}, expected the key of another entry in this "
                          "file; the entry is read without it")
                continue
            parents.add(target)
            inherited = dict(parent.fields)
            if "title" in inherited:
                inherited.setdefault("booktitle", inherited.pop("title"))
            inherited.pop("crossref", None)
            for key, value in inherited.items():
                entry.fields.setdefault(key, value)
        return parents

    def paper(self, entry: _Entry, seen_ids: set[str]) -> Paper | None:
        fields = entry.fields
        title = clean_text(fields.get("title", ""))
        where = f"@{entry.type}{{{entry.key}}}"
        if not title:
            self.problem(entry.line, f"{where} without a title", "a title = {…} field; the entry is skipped")
            return None
        when = self.date(entry)
        if when is None:
            self.problem(entry.line, f"{where} without a year",
                         "a year = {2023} (or date = {2023-03-01}) field; the entry is skipped")
            return None
        date, precision = when
        authors, truncated = parse_names(fields.get("author") or fields.get("editor") or "")
        category = arxiv_category(fields)
        abstract_raw = fields.get("abstract", "")
        return Paper(
            id=unique_id(slugify(title), seen_ids),
            title=title,
            authors=authors,
            authors_truncated=truncated,
            category=category,
            category_name=category_name(category) if category else "",
            date=date,
            year_given=True,
            date_precision=precision,
            abstract_raw=abstract_raw,
            abstract=clean_text(abstract_raw),
            line=entry.line,
            venue=clean_text(fields.get("journal") or fields.get("booktitle") or fields.get("journaltitle") or "")
            or None,
            keywords=[clean_text(word) for word in re.split(r"[,;]", fields.get("keywords", "")) if word.strip()],
            links=links(fields),
        )

    def date(self, entry: _Entry) -> tuple[dt.date, DatePrecision] | None:
        """The entry's date and how much of it was stated; None without a usable year."""
        fields = entry.fields
        iso = ISO_DATE.match(fields.get("date", ""))
        year_match = YEAR.match(fields.get("year", "")) or iso
        if year_match is None:
            return None
        year = int(year_match["year"])
        month = month_number(fields.get("month", "")) or (int(iso["month"]) if iso and iso["month"] else None)
        day_text = fields.get("day", "").strip() or (iso["day"] if iso and iso["day"] else "")
        try:
            if month and day_text.isdigit():
                return dt.date(year, month, int(day_text)), "day"
            if month:
                return dt.date(year, month, 1), "month"
            return dt.date(year, 1, 1), "year"
        except ValueError:
            self.warn(entry.line, f"found a date that is not on the calendar, expected a real month and day; only "
                      f"the year {year} is kept")
            return dt.date(year, 1, 1), "year"

    def parse(self, text: str, fallback_name: str) -> Profile:
        try:
            library = bibtexparser.parse_string(text, parse_stack=[])
        except Exception as error:  # the splitter raises on states it considers its own bugs
            raise ProfileError([f"{self.source}: found text the BibTeX reader cannot split ({error}), expected "
                                f"BibTeX entries ({ENTRY_EXAMPLE})"]) from None
        name, entries = self.read_blocks(library)
        parents = self.apply_crossrefs(entries)
        papers: list[Paper] = []
        seen_ids: set[str] = set()
        for entry in entries:
            if entry.key.lower() in parents and entry.type in VOLUME_TYPES:
                continue  # a proceedings volume other entries point to is their venue, not a paper
            paper = self.paper(entry, seen_ids)
            if paper is not None:
                papers.append(paper)
                seen_ids.add(paper.id)
        problems = [text for _, text in sorted(self.problems, key=lambda item: item[0])]
        if not papers:
            found = "no BibTeX entries" if not entries and not problems else "no entry that can be served"
            raise ProfileError([*problems, f"{self.source}: found {found}, expected at least one paper "
                                f"({ENTRY_EXAMPLE})"])
        notes = [text for _, text in sorted(self.warnings, key=lambda item: item[0])]
        missing = sum(not paper.abstract for paper in papers)
        if missing:
            notes.append(f"{self.source}: {missing} of {len(papers)} entries have no abstract in the export; they "
                         "are found by their titles")
        return Profile(name=name or fallback_name, papers=papers, source=self.source, warnings=notes,
                       problems=problems)


def split_concatenation(raw: str) -> list[str]:
    """`a # "b" # {c}` into its parts, ignoring `#` inside braces and quotes."""
    if "#" not in raw:
        return [raw.strip()] if raw.strip() else []
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{" and not quoted:
            depth += 1
        elif char == "}" and not quoted:
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0 and (index == 0 or raw[index - 1] != "\\"):
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:index].strip())
            start = index + 1
    parts.append(raw[start:].strip())
    return [part for part in parts if part]


def describe_failure(block: model.ParsingFailedBlock) -> str:
    reason = getattr(block.error, "abort_reason", None) or str(block.error) or type(block.error).__name__
    return " ".join(reason.replace("`", "'").split())


def split_names(text: str) -> list[str]:
    """The names of an `author` field, split on 'and' outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", text, re.IGNORECASE):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            names.append(text[start : match.start()])
            start = match.end()
    names.append(text[start:])
    return [name.strip() for name in names if name.strip()]


def display_name(name: str) -> str:
    """'Shi, Han' -> 'Han Shi'; 'Doe, Jr., John' -> 'John Doe Jr.'; '{Google Brain}' -> 'Google Brain'."""
    parts = [part.strip() for part in split_top_level(name, ",")]
    if len(parts) == 2:
        name = f"{parts[1]} {parts[0]}"
    elif len(parts) >= 3:
        name = f"{parts[2]} {parts[0]} {parts[1]}"
    return " ".join(clean_text(name).split())


def split_top_level(text: str, separator: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def parse_names(text: str) -> tuple[list[str], bool]:
    """Display names of an author list and whether it ended with 'and others'."""
    names = split_names(" ".join(text.split()))
    truncated = bool(names) and names[-1].lower() == "others"
    if truncated:
        names = names[:-1]
    return [shown_name for shown_name in (display_name(name) for name in names) if shown_name], truncated


def month_number(text: str) -> int | None:
    text = text.strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return MONTH_NAMES.index(text[:3]) + 1 if text[:3] in MONTH_NAMES else None


def arxiv_category(fields: dict[str, str]) -> str:
    """The category code of an arXiv primary class ('cs.LG' -> 'LG', 'stat.ML' -> 'ML'); empty when none."""
    primary = fields.get("primaryclass", "").strip()
    code = primary.rsplit(".", 1)[-1] if "." in primary else ""
    return code.upper() if re.fullmatch(r"[A-Za-z]{2,4}", code) else ""


def links(fields: dict[str, str]) -> list[Link]:
    """DOI, arXiv and URL links, each only when it is well formed (no made-up or unsafe addresses)."""
    found: list[Link] = []
    doi = DOI.match(fields.get("doi", "").strip())
    if doi:
        found.append(Link(label="DOI", url=f"https://doi.org/{doi['doi']}"))
    eprint = fields.get("eprint", "").strip()
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").strip().lower()
    arxiv = ARXIV_ID.match(eprint) if archive == "arxiv" else None
    if arxiv:
        found.append(Link(label="arXiv", url=f"https://arxiv.org/abs/{arxiv['id']}"))
    if not arxiv:
        arxiv = ARXIV_IN_TEXT.search(fields.get("journal", ""))
        if arxiv:
            found.append(Link(label="arXiv", url=f"https://arxiv.org/abs/{arxiv['id']}"))
    url = re.sub(r"\\([_%&#~])", r"\1", fields.get("url", "").strip())
    if HTTP_URL.match(url) and all(url != link.url for link in found):
        found.append(Link(label="Link", url=url))
    return found


def name_from_file(path: Path) -> str:
    """'han-shi.bib' -> 'Han Shi'; a name already in mixed case is kept as written."""
    stem = path.name.split(".")[0] or path.stem
    words = re.sub(r"[-_.]+", " ", stem).split()
    text = " ".join(words) or "Unnamed researcher"
    return text.title() if text == text.lower() else text


def parse_bibtex(text: str, source: str = "<bibtex>", fallback_name: str | None = None) -> Profile:
    """Parse BibTeX text; raises ProfileError only when no entry can be served."""
    return _BibParser(source).parse(text, fallback_name or name_from_file(Path(source)))
