"""A BibTeX entry for a paper, built only from what its record in the profile says.

The profile gives a title, an author list (sometimes cut short with "et al."), a date (sometimes without a
year, or only a year or a month when it came from BibTeX), a category, and sometimes a venue and links. It
does not say whether the venue is a journal or proceedings, so the entry is a `@misc` with title, author, year,
month when known, the venue as `howpublished`, and `doi` / `eprint` / `url` from the links. Whatever the record
cannot say is said in BibTeX comments (`%` lines before the entry, which BibTeX and biber ignore) instead of
being guessed: a truncated author list ends in `and others`, a missing year is left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from retrieval.answers import CiteAnswer, PaperRef
from retrieval.lookup import match_title
from retrieval.models import Paper

if TYPE_CHECKING:
    from retrieval.service import Library

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")  # BibTeX macros
# Words that do not make a citation key memorable ("yu2023on" says nothing); English titles only need these.
KEY_SKIP = frozenset({"a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with", "via", "towards",
                      "toward", "from", "by", "at", "is", "are", "do", "does"})
LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("|".join(re.escape(char) for char in LATEX_SPECIAL))
_WORD_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def escape(text: str) -> str:
    """Plain text made safe inside a BibTeX field: LaTeX's special characters escaped."""
    return _SPECIAL.sub(lambda match: LATEX_SPECIAL[match.group()], text)


def needs_protection(word: str) -> bool:
    """A word whose capitals must survive a bibliography style that lower-cases titles: an acronym or a
    name with inner capitals ('LLMs', 'MetaMath', 'GSM8K'), not a capitalised word ('Bootstrap', 'High-Resolution')."""
    for part in re.split(r"[-/]", word):
        letters = [char for char in part if char.isalpha()]
        if any(char.isupper() for char in letters[1:]):
            return True
    return False


def bibtex_title(title: str) -> str:
    """The title escaped, with acronyms and camel-case names wrapped in braces."""
    words = []
    for word in title.split():
        lead, core, trail = _WORD_CORE.match(word).groups()  # type: ignore[union-attr]
        core = escape(core)
        words.append(f"{escape(lead)}{{{core}}}{escape(trail)}" if needs_protection(core) else escape(word))
    return " ".join(words)


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits only: what a citation key is made of."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", folded)


def base_key(paper: Paper) -> str:
    """`<first author's last name><year><first telling title word>`, e.g. 'yu2023metamath'."""
    surname = ascii_word(paper.authors[0].split()[-1]) if paper.authors and paper.authors[0].split() else ""
    title_words = [ascii_word(word) for word in re.split(r"[\s:/-]+", paper.title)]
    telling = next((word for word in title_words if word and word not in KEY_SKIP), "")
    year = str(paper.year) if paper.year_given else ""
    return (surname or "anonymous") + year + telling


def citation_keys(papers: Sequence[Paper]) -> dict[str, str]:
    """A key per paper id, unique within the profile: clashing keys get 'a', 'b', … in profile order."""
    bases = {paper.id: base_key(paper) for paper in papers}
    counts: dict[str, int] = {}
    for key in bases.values():
        counts[key] = counts.get(key, 0) + 1
    seen: dict[str, int] = {}
    keys: dict[str, str] = {}
    for paper in papers:
        key = bases[paper.id]
        if counts[key] > 1:
            seen[key] = seen.get(key, 0) + 1
            key += _suffix(seen[key])
        keys[paper.id] = key
    return keys


def _suffix(number: int) -> str:
    """1 -> 'a', 26 -> 'z', 27 -> 'aa'."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def gaps(paper: Paper) -> list[tuple[str, str]]:
    """What the entry cannot say: (a note in words for a reader, the same as a one-line `%` comment)."""
    found = []
    if paper.authors_truncated:
        listed = len(paper.authors)
        found.append((f"The profile lists only the first {listed} author{'s' if listed != 1 else ''} (“et al.”): "
                      "the entry ends its author list with “and others”; complete it from the paper.",
                      f"Author list truncated (et al.) in the profile after {listed}: "
                      "'and others' stands for the rest."))
    if not paper.authors:
        found.append(("The profile lists no authors for this paper.",) * 2)
    if not paper.year_given:
        found.append(("The profile gives no year for this paper, so the entry has none; add it from the paper.",
                      "The profile gives no year for this paper."))
    return found


def entry_notes(paper: Paper) -> list[str]:
    return [note for note, _ in gaps(paper)]


def bibtex_entry(paper: Paper, key: str) -> str:
    """The entry as text: `%` comments for what the record lacks, then `@misc{key, …}`."""
    authors = [escape(name) for name in paper.authors]
    if paper.authors_truncated:
        authors.append("others")
    fields = [("title", f"{{{bibtex_title(paper.title)}}}")]
    if authors:
        fields.append(("author", "{" + " and ".join(authors) + "}"))
    if paper.year_given:
        fields.append(("year", f"{{{paper.year}}}"))
        if paper.date_precision != "year":
            fields.append(("month", MONTHS[paper.date.month - 1]))
    if paper.venue:
        fields.append(("howpublished", f"{{{escape(paper.venue)}}}"))
    fields += link_fields(paper)
    width = max(len(name) for name, _ in fields)
    lines = [f"% {comment}" for _, comment in gaps(paper)]
    lines.append(f"@misc{{{key},")
    lines += [f"  {name:<{width}} = {value}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


ARXIV_ID = re.compile(r"arxiv\.org/(?:abs|pdf)/([\w.\-/]+?)(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)
DOI = re.compile(r"doi\.org/(10\.\S+)$", re.IGNORECASE)


def link_fields(paper: Paper) -> list[tuple[str, str]]:
    """`doi`, `eprint` (arXiv) and `url` from the paper's links, each once, as the export gives them."""
    fields: dict[str, str] = {}
    for link in paper.links:
        doi, arxiv = DOI.search(link.url), ARXIV_ID.search(link.url)
        if doi and "doi" not in fields:
            fields["doi"] = f"{{{escape(doi.group(1))}}}"
        elif arxiv and "eprint" not in fields:
            fields["eprint"] = f"{{{arxiv.group(1)}}}"
            fields["archiveprefix"] = "{arXiv}"
        elif "url" not in fields and not doi and not arxiv:
            fields["url"] = f"{{{link.url}}}"
    return list(fields.items())


def cite_answer(library: Library, query: str) -> CiteAnswer:
    """The entry for the paper `query` names (an id or a title, as /paper takes), or why there is none."""
    query = query.strip()
    match = match_title(query, library.title_keys) if query else None
    if match is None or match.status != "found":
        closest = "; ".join(f"“{paper.title}”" for paper in (match.papers if match else [])[:3])
        reason = "several papers match it" if match and match.status == "ambiguous" else "no paper has that title"
        message = f"I can't cite “{query}”: {reason}." if query else "Name a paper to cite, e.g. its title."
        if closest:
            message += f" Closest: {closest}."
        return CiteAnswer(query=query, status="not_found", message=message)
    paper = match.papers[0]
    key = library.citation_keys[paper.id]
    return CiteAnswer(query=query, status="found", paper=PaperRef.of(paper), key=key,
                      bibtex=bibtex_entry(paper, key), notes=entry_notes(paper))
