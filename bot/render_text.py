"""Answer objects as terminal text, for the console and the CLI's human-readable output.

Colour (ANSI) only when asked for — the caller decides from `isatty()` and `NO_COLOR`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from retrieval.answers import (
    NO_ABSTRACT,
    Answer,
    AskAnswer,
    CiteAnswer,
    ErrorAnswer,
    HelpAnswer,
    PaperAnswer,
    PaperRef,
    ResearchersAnswer,
    SearchAnswer,
    SearchHit,
    StatsAnswer,
)

WIDTH = 88
BAR = "█"


class Style:
    """ANSI decorations that collapse to nothing when colour is off."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour and text else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def accent(self, text: str) -> str:
        return self._wrap("36", text)

    def mark(self, text: str) -> str:
        return self._wrap("1;33", text) if self.colour else f"*{text}*"

    def warn(self, text: str) -> str:
        return self._wrap("33", text)


def wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def ref_line(ref: PaperRef, style: Style) -> str:
    facts = ", ".join(part for part in (str(ref.year), ref.category) if part) + (" · code" if ref.has_code else "")
    whose = style.dim(f" — {', '.join(ref.researchers)}") if ref.researchers else ""
    return f"{style.bold(ref.title)} {style.dim(f'({facts})')}{whose}"


def marked_snippet(hit: SearchHit, style: Style) -> str:
    """The snippet with its highlight spans decorated."""
    parts, cursor = [], 0
    for span in sorted(hit.highlights, key=lambda s: s.start):
        if span.start < cursor:
            continue
        parts.append(hit.snippet[cursor : span.start])
        parts.append(style.mark(hit.snippet[span.start : span.end]))
        cursor = span.end
    parts.append(hit.snippet[cursor:])
    return "".join(parts)


def render_search(answer: SearchAnswer, style: Style, offset: int = 0) -> str:
    lines = []
    if answer.message:
        lines.append(style.warn(answer.message))
    if answer.hits:
        shown = f"{offset + 1}–{offset + len(answer.hits)} of {answer.total}"
        noun = "paper" if answer.total == 1 else "papers"
        lines.append(style.dim(f"{shown} {noun} for “{answer.searched_query.strip() or 'everything'}” ({answer.sort})"))
    for number, hit in enumerate(answer.hits, start=offset + 1):
        score = f"  {style.dim(f'{hit.score:.2f}')}" if hit.score > 0 else ""  # listings have no relevance score
        lines.append(f"{style.accent(f'{number:>2}.')} {ref_line(hit.paper, style)}{score}")
        if hit.snippet:
            lines.append(wrap(marked_snippet(hit, style), "    "))
    return "\n".join(lines)


def bullet_list(items: Iterable[str], indent: str = "  • ") -> list[str]:
    return [
        textwrap.fill(item, WIDTH, initial_indent=indent, subsequent_indent=" " * len(indent), break_on_hyphens=False)
        for item in items
    ]


def render_paper(answer: PaperAnswer, style: Style) -> str:
    if answer.detail is None:
        lines = [style.warn(answer.message or "No such paper.")]
        lines += [f"  {style.accent('•')} {ref_line(ref, style)}" for ref in answer.candidates]
        if answer.candidates:
            lines.append(style.dim("  Try /paper with one of these titles."))
        return "\n".join(lines)
    detail, paper = answer.detail, answer.detail.paper
    authors = ", ".join(paper.authors) + (" et al." if paper.authors_truncated else "")
    code = "code available" if paper.has_code else "no code listed"
    category = f"{paper.category_name} ({paper.category})" if paper.category else ""
    facts = [part for part in (paper.published, paper.venue or "", category, code, paper.affiliation or "") if part]
    lines = [style.bold(paper.title), style.dim(authors), style.dim(" · ".join(facts))]
    if paper.researchers:
        lines.append(style.dim("In the profiles of " + ", ".join(paper.researchers)))
    if paper.links:
        lines.append(style.dim(" · ".join(f"{link.label} {link.url}" for link in paper.links)))
    if paper.keywords:
        lines.append(style.dim("Keywords: " + ", ".join(paper.keywords)))
    lines.append("")
    if detail.tldr:
        lines += [style.accent("TL;DR"), wrap(detail.tldr), ""]
    elif detail.summary_note:
        lines += [style.accent("TL;DR"), wrap(detail.summary_note), ""]
    if detail.key_points:
        lines += [style.accent("Key points"), *bullet_list(detail.key_points), ""]
    lines += [style.accent("Abstract"), wrap(paper.abstract or NO_ABSTRACT), ""]
    if detail.related:
        lines += [style.accent("Related")]
        for ref in detail.related:
            lines.append(f"  • {ref_line(ref, style)}")
            if ref.reason:
                lines.append(f"    {style.dim(ref.reason)}")
    return "\n".join(lines).rstrip()


def bar_chart(rows: list[tuple[str, int]], width: int = 30) -> list[str]:
    peak = max((count for _, count in rows), default=0) or 1
    label_width = max((len(label) for label, _ in rows), default=0)
    return [f"  {label:>{label_width}} {BAR * round(count / peak * width):<{width}} {count}" for label, count in rows]


def metric(value: object, suffix: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}{suffix}" if isinstance(value, int) else f"{value}{suffix}"


def render_stats(answer: StatsAnswer, style: Style) -> str:
    if answer.members:
        return render_group_stats(answer, style)
    category = f"{answer.primary_category_name} ({answer.primary_category})" if answer.primary_category else "—"
    papers = metric(answer.parsed_papers)
    if answer.declared_papers is not None and answer.declared_papers != answer.parsed_papers:
        papers += f" (profile says {answer.declared_papers})"
    lines = [
        style.bold(answer.name) + style.dim(f" · {category}"),
        f"  h-index {style.bold(metric(answer.h_index))}   citations {style.bold(metric(answer.citations))}   "
        f"papers {style.bold(papers)}   novelty {style.bold(metric(answer.novelty_percent, '%'))}   "
        f"AI score {style.bold(metric(answer.ai_score))}",
        f"  with code {answer.with_code}   first author {answer.first_author}   "
        f"from {answer.first_date or '—'} to {answer.last_date or '—'}",
        "",
        style.accent("Papers per year"),
        *bar_chart([(c.label, c.count) for c in answer.per_year]),
        "",
        style.accent("Categories"),
        *[f"  {c.count:>3}  {c.label}" for c in answer.per_category],
        "",
        style.accent("Frequent co-authors"),
        *[f"  {c.count:>3}  {c.label}" for c in answer.top_coauthors],
        style.dim(wrap(answer.coauthors_note)),
    ]
    if answer.affiliations:
        lines += ["", style.accent("Affiliations"), *[f"  {c.count:>3}  {c.label}" for c in answer.affiliations]]
    lines += [style.warn(f"  ! {warning}") for warning in answer.warnings]
    return "\n".join(lines)


def member_rows(answer: StatsAnswer | ResearchersAnswer) -> list[str]:
    width = max((len(member.name) for member in answer.members), default=0)
    rows = []
    for member in answer.members:
        span = f"{member.first_year}–{member.last_year}" if member.first_year else "—"
        shared = f", {member.shared} shared" if member.shared else ""
        h_index = f", h-index {member.h_index}" if member.h_index is not None else ""
        rows.append(f"  {member.name:<{width}}  {member.papers:>4} papers ({span}{shared}{h_index})")
    return rows


def render_group_stats(answer: StatsAnswer, style: Style) -> str:
    """A group's stats: its members, what they share, then the record of all their papers."""
    lines = [
        style.bold(answer.name) + style.dim(f" · {len(answer.members)} researchers"),
        f"  papers {style.bold(metric(answer.parsed_papers))} (each counted once)   "
        f"in two or more members' profiles {style.bold(metric(answer.shared_papers))}   "
        f"with code {answer.with_code}   first author a member {answer.first_author}",
        f"  from {answer.first_date or '—'} to {answer.last_date or '—'}",
        "",
        style.accent("Members"),
        *member_rows(answer),
    ]
    if answer.coauthorship:
        lines += ["", style.accent("Papers shared by members")]
        lines += [f"  {pair.count:>3}  {pair.first} & {pair.second}" for pair in answer.coauthorship[:10]]
    lines += [
        "",
        style.accent("Papers per year"),
        *bar_chart([(c.label, c.count) for c in answer.per_year]),
        "",
        style.accent("Categories"),
        *[f"  {c.count:>3}  {c.label}" for c in answer.per_category],
        "",
        style.accent("Frequent co-authors outside the group"),
        *[f"  {c.count:>3}  {c.label}" for c in answer.top_coauthors],
        style.dim(wrap(answer.coauthors_note)),
    ]
    lines += [style.warn(f"  ! {warning}") for warning in answer.warnings]
    return "\n".join(lines)


def render_researchers(answer: ResearchersAnswer, style: Style) -> str:
    noun = "researcher" if len(answer.members) == 1 else "researchers"
    lines = [style.bold(f"{len(answer.members)} {noun}, {answer.papers} papers"), *member_rows(answer)]
    return "\n".join(lines)


def render_ask(answer: AskAnswer, style: Style) -> str:
    lines = [answer.text]
    for quote in answer.quotes:
        lines.append(wrap(f"“{quote.sentence}”", "  > "))
        lines.append(style.dim(f"    — {quote.paper.title} ({quote.paper.year})"))
    for listed in answer.papers:
        lines.append(f"  • {ref_line(listed.paper, style)}")
        if listed.tldr:
            lines.append(wrap(listed.tldr, "    "))
    if answer.suggestion:
        lines.append(style.dim(answer.suggestion))
    return "\n".join(lines)


def render_cite(answer: CiteAnswer, style: Style) -> str:
    """The BibTeX entry as it is (ready to paste); a miss as its message."""
    if answer.status != "found":
        return style.warn(answer.message or "No such paper.")
    return answer.bibtex


def render_help(answer: HelpAnswer, style: Style) -> str:
    lines = [style.bold(f"paperbot knows {answer.profile_name}'s papers. Commands:")]
    for entry in answer.entries:
        lines.append(f"  {style.accent(entry.usage)}")
        lines.append(wrap(f"{entry.description} Example: {entry.example}", "      "))
    lines += [wrap(tip, "  · ") for tip in answer.tips]
    return "\n".join(lines)


def render(answer: Answer, style: Style | None = None) -> str:
    """Any answer object as text."""
    style = style or Style(colour=False)
    match answer:
        case SearchAnswer():
            return render_search(answer, style)
        case PaperAnswer():
            return render_paper(answer, style)
        case StatsAnswer():
            return render_stats(answer, style)
        case AskAnswer():
            return render_ask(answer, style)
        case CiteAnswer():
            return render_cite(answer, style)
        case HelpAnswer():
            return render_help(answer, style)
        case ResearchersAnswer():
            return render_researchers(answer, style)
        case ErrorAnswer():
            return style.warn(answer.message)
    raise TypeError(f"no renderer for {type(answer).__name__}")
