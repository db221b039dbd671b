"""Answer objects rendered as Discord embeds. Pure functions: no I/O, no computing beyond layout.

Every text that comes from the profile is escaped (`markup.safe`) and every embed leaves through
`limits.fit_embed`, so nothing here can produce a message Discord would reject.
"""

from __future__ import annotations

import math

import discord

from bot.chat import limits
from bot.chat.limits import clip
from bot.chat.markup import highlighted, safe, safe_clip
from bot.palette import Palette
from retrieval.answers import (
    NO_ABSTRACT,
    AnnouncementAnswer,
    AskAnswer,
    CiteAnswer,
    Count,
    HelpAnswer,
    MemberCount,
    PaperAnswer,
    PaperRef,
    RelatedRef,
    ReloadAnswer,
    ResearchersAnswer,
    SearchAnswer,
    StatsAnswer,
)
from retrieval.models import Link, Paper

PER_PAGE = 5
SNIPPET_CHARS = 300
BAR_WIDTH = 20
BAR_EIGHTHS = " ▏▎▍▌▋▊▉"

COLOUR_RESULTS = discord.Colour.blurple()
COLOUR_PAPER = discord.Colour.teal()
COLOUR_STATS = discord.Colour.gold()
COLOUR_HELP = discord.Colour.green()
COLOUR_ASK = discord.Colour.purple()
COLOUR_MISS = discord.Colour.light_grey()
COLOUR_ERROR = discord.Colour.red()
COLOUR_NEWS = discord.Colour.orange()


def page_count(answer: SearchAnswer, per_page: int = PER_PAGE) -> int:
    return max(1, math.ceil(len(answer.hits) / per_page))


def ref_line(ref: PaperRef) -> str:
    """`Title (2023 · Computer Vision · code)`, escaped."""
    return f"{safe(ref.title)} ({ref_meta(ref)})"


def related_line(ref: RelatedRef) -> str:
    """`• Title (2023 · Computer Vision) — *shares 2 co-authors · both on diffusion models*`, escaped."""
    line = f"• {clip(ref_line(ref), 200)}"
    return f"{line} — *{safe_clip(ref.reason, 120)}*" if ref.reason else line


def ref_meta(ref: PaperRef) -> str:
    """`2023 · Computer Vision · code`, then whose paper it is when several researchers are served."""
    parts = [str(ref.year) if ref.year_given else f"{ref.year}?", ref.category_name]
    if ref.has_code:
        parts.append("code")
    if ref.researchers:
        parts.append(", ".join(ref.researchers))
    return " · ".join(safe(part) for part in parts if part)


def numbered(refs: list[PaperRef], limit: int = limits.EMBED_DESCRIPTION) -> str:
    """A numbered list of references that stops (with a count of the rest) before `limit` characters."""
    lines: list[str] = []
    used = 0
    for number, ref in enumerate(refs, start=1):
        line = f"{number}. {clip(ref_line(ref), 300)}"
        if used + len(line) + 40 > limit:
            lines.append(f"…and {len(refs) - number + 1} more")
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def _filters_line(answer: SearchAnswer) -> str:
    f = answer.filters
    parts: list[str] = []
    if f.category:
        parts.append(f"category {safe(f.category)}")
    if f.year_from is not None or f.year_to is not None:
        parts.append(f"years {f.year_from or '…'}–{f.year_to or '…'}")
    if f.has_code is not None:
        parts.append("with code" if f.has_code else "without code")
    if answer.sort != "relevance":
        parts.append(f"{answer.sort} first")
    return "Filters: " + ", ".join(parts) if parts else ""


def search_embed(answer: SearchAnswer, page: int = 0, per_page: int = PER_PAGE) -> discord.Embed:
    """One page of search results: up to `per_page` hits as fields, the note and filters on top."""
    pages = page_count(answer, per_page)
    page = min(max(page, 0), pages - 1)
    embed = discord.Embed(title=safe_clip(f"🔎 {answer.query}", limits.EMBED_TITLE), colour=COLOUR_RESULTS)
    notes = [line for line in (safe(answer.message or ""), _filters_line(answer)) if line]
    if answer.corrected and not answer.message:
        notes.insert(0, f"Showing results for “{safe(answer.searched_query)}”.")
    if answer.suggestions and not answer.hits:
        tried = "; ".join(f"{safe(term)} → {', '.join(safe(s) for s in alts[:3])}"
                          for term, alts in list(answer.suggestions.items())[:5] if alts)
        if tried:
            notes.append(f"Did you mean: {tried}")
    if not answer.hits:
        if not answer.message:
            notes.insert(0, "Nothing matched that search.")
        embed.colour = COLOUR_MISS
    embed.description = clip("\n".join(notes), limits.EMBED_DESCRIPTION) or None
    start = page * per_page
    for number, hit in enumerate(answer.hits[start : start + per_page], start=start + 1):
        name = clip(f"{number}. {safe(hit.paper.title)}", limits.EMBED_FIELD_NAME)
        snippet = highlighted(hit.snippet, hit.highlights, SNIPPET_CHARS + 200) if hit.snippet else ""
        value = ref_meta(hit.paper) + (f"\n{snippet}" if snippet else "")
        embed.add_field(name=name, value=clip(value, limits.EMBED_FIELD_VALUE), inline=False)
    if answer.hits:
        shown = f"{len(answer.hits)} shown" if answer.total > len(answer.hits) else ""
        footer = f"Page {page + 1}/{pages} · {answer.total} matched" + (f" · {shown}" if shown else "")
        embed.set_footer(text=footer + " · pick a result below for details")
    return limits.fit_embed(embed)


def _authors(paper: Paper) -> str:
    names = ", ".join(paper.authors) or "unknown"
    text = safe(names + (" et al." if paper.authors_truncated else ""))
    return clip(text, limits.EMBED_FIELD_VALUE)


def link_line(links: list[Link]) -> str:
    """`[DOI](https://doi.org/…) · [arXiv](…)`: the core only keeps well-formed http(s) addresses."""
    return " · ".join(f"[{safe(link.label)}]({link.url.replace(')', '%29')})" for link in links)


def category_colour(code: str, palette: Palette | None) -> discord.Colour:
    """The category's colour (the same as in the /stats chart); the paper colour without a palette."""
    return discord.Colour(palette.value(code)) if palette is not None else COLOUR_PAPER


def paper_embed(answer: PaperAnswer, palette: Palette | None = None) -> discord.Embed:
    """The details of a found paper; or the candidates when the title was ambiguous or unknown."""
    if answer.status != "found" or answer.detail is None:
        return _candidates_embed(answer)
    detail = answer.detail
    paper = detail.paper
    embed = discord.Embed(title=safe_clip(paper.title, limits.EMBED_TITLE), colour=category_colour(paper.category,
                                                                                                   palette))
    blocks: list[str] = []
    if detail.tldr:
        blocks.append(f"**TL;DR** {safe_clip(detail.tldr, 600)}")
    elif detail.summary_note:
        blocks.append(f"**TL;DR** *{safe_clip(detail.summary_note, 200)}*")
    if paper.abstract:
        blocks.append(safe(paper.abstract))
    if not paper.abstract:
        blocks.append(f"*{NO_ABSTRACT}*")
    embed.description = clip("\n\n".join(blocks), limits.EMBED_DESCRIPTION)
    embed.add_field(name="Authors", value=_authors(paper), inline=False)
    if paper.researchers:
        embed.add_field(name="In the profiles of", value=safe_clip(", ".join(paper.researchers), 1000), inline=False)
    embed.add_field(name="Published", value=paper.published, inline=True)
    if paper.category:
        embed.add_field(name="Category", value=safe_clip(f"{paper.category_name} ({paper.category})", 200),
                        inline=True)
    embed.add_field(name="Code", value="available" if paper.has_code else "not listed", inline=True)
    if paper.venue:
        embed.add_field(name="Venue", value=safe_clip(paper.venue, 300), inline=False)
    if paper.links:
        embed.add_field(name="Links", value=clip(link_line(paper.links), limits.EMBED_FIELD_VALUE), inline=False)
    if paper.keywords:
        embed.add_field(name="Keywords", value=safe_clip(", ".join(paper.keywords), 300), inline=False)
    if paper.affiliation:
        embed.add_field(name="Affiliation", value=safe_clip(paper.affiliation, limits.EMBED_FIELD_VALUE), inline=True)
    if detail.key_points:
        points = "\n".join(f"• {safe_clip(point, 300)}" for point in detail.key_points[:5])
        embed.add_field(name="Key points", value=clip(points, limits.EMBED_FIELD_VALUE), inline=False)
    if detail.related:
        related = "\n".join(related_line(ref) for ref in detail.related[:5])
        embed.add_field(name="Related papers", value=clip(related, limits.EMBED_FIELD_VALUE), inline=False)
    embed.set_footer(text=clip(f"id: {paper.id}", limits.EMBED_FOOTER))
    # The description is the part worth shortening when the whole is too long: fit it last.
    return limits.fit_embed(embed)


def _candidates_embed(answer: PaperAnswer) -> discord.Embed:
    if answer.status == "ambiguous":
        title = f"Several papers match “{answer.query}”"
        lead = "Which one did you mean? Pick it below or type more of the title."
    else:
        title = f"No paper titled “{answer.query}”"
        lead = "Try /papers to search the abstracts too."
    embed = discord.Embed(title=safe_clip(title, limits.EMBED_TITLE), colour=COLOUR_MISS)
    lines = [safe(answer.message) if answer.message else lead]
    if answer.candidates:
        lines.append("")
        lines.append("**Closest titles**" if answer.status == "not_found" else "**Candidates**")
        lines.append(numbered(answer.candidates[: limits.SELECT_OPTIONS], limits.EMBED_DESCRIPTION - 600))
    embed.description = clip("\n".join(lines), limits.EMBED_DESCRIPTION)
    return limits.fit_embed(embed)


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar `count/most` of `width` cells long, in eighth-of-a-cell steps."""
    if most <= 0 or count <= 0:
        return ""
    eighths = max(1, round(count / most * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (BAR_EIGHTHS[rest] if rest else "")


def year_chart(per_year: list[Count], width: int = BAR_WIDTH) -> str:
    """Papers per year as text bars in a code block, oldest year on top; empty string when no years."""
    if not per_year:
        return ""
    most = max(count.count for count in per_year)
    label_width = max(len(count.label) for count in per_year)
    number_width = len(str(most))
    rows = [f"{count.label:>{label_width}} {count.count:>{number_width}} {bar(count.count, most, width)}".rstrip()
            for count in per_year]
    budget = limits.EMBED_DESCRIPTION - 600
    while sum(len(row) + 1 for row in rows) > budget and len(rows) > 1:
        rows.pop(0)  # keep the most recent years when there are too many to show
    return "```\n" + "\n".join(rows) + "\n```"


def _metric(value: object, suffix: str = "") -> str:
    return "—" if value is None else f"{value:,}{suffix}" if isinstance(value, int) else f"{value}{suffix}"


def _counts(items: list[Count], limit: int = 8) -> str:
    lines = [f"{safe(item.label)} — {item.count}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"…and {len(items) - limit} more")
    return clip("\n".join(lines), limits.EMBED_FIELD_VALUE) or "—"


def member_lines(members: list[MemberCount], limit: int = limits.EMBED_FIELD_VALUE) -> str:
    """`Jane Doe — 40 papers (2019–2024, 3 shared)` per member, most papers first, within `limit`."""
    lines: list[str] = []
    for number, member in enumerate(members):
        span = f"{member.first_year}–{member.last_year}" if member.first_year else "no dated papers"
        shared = f", {member.shared} shared" if member.shared else ""
        line = f"{safe(member.name)} — {member.papers} papers ({span}{shared})"
        if sum(len(item) + 1 for item in lines) + len(line) + 30 > limit:
            lines.append(f"…and {len(members) - number} more")
            break
        lines.append(line)
    return "\n".join(lines) or "—"


def group_stats_embed(answer: StatsAnswer, chart_url: str | None = None) -> discord.Embed:
    """A group's stats: members, what they share, and papers per year: the chart of each member's papers per
    year at `chart_url`, or text bars of all their papers."""
    embed = discord.Embed(title=safe_clip(f"📊 {answer.name}", limits.EMBED_TITLE), colour=COLOUR_STATS)
    lines = [f"{len(answer.members)} researchers, {answer.parsed_papers} papers (each counted once)."]
    if answer.first_date and answer.last_date:
        lines.append(f"Papers from {answer.first_date.year} to {answer.last_date.year}.")
    if chart_url:
        lines.append(busiest_years(answer.per_year))
        embed.set_image(url=chart_url)
    elif chart := year_chart(answer.per_year):
        lines.append("**Papers per year**\n" + chart)
    embed.description = clip("\n".join(line for line in lines if line), limits.EMBED_DESCRIPTION)
    embed.add_field(name="Members", value=member_lines(answer.members), inline=False)
    embed.add_field(name="In two or more members' profiles", value=str(answer.shared_papers), inline=True)
    embed.add_field(name="With code", value=f"{answer.with_code} of {answer.parsed_papers}", inline=True)
    embed.add_field(name="First author a member", value=f"{answer.first_author} of {answer.parsed_papers}",
                    inline=True)
    if answer.coauthorship:
        pairs = [Count(label=f"{pair.first} & {pair.second}", count=pair.count) for pair in answer.coauthorship]
        embed.add_field(name="Papers shared by members", value=_counts(pairs), inline=False)
    if answer.per_category:
        embed.add_field(name="Categories", value=_counts(answer.per_category), inline=False)
    if answer.top_coauthors:
        embed.add_field(name="Frequent co-authors outside the group", value=_counts(answer.top_coauthors),
                        inline=False)
    notes = [note for note in [answer.coauthors_note, *answer.warnings[:3]] if note]
    if notes:
        embed.set_footer(text=clip(" · ".join(notes), limits.EMBED_FOOTER))
    return limits.fit_embed(embed)


def busiest_years(per_year: list[Count]) -> str:
    """`Most papers: 8 in 2023 and 2025.` (empty without papers)."""
    most = max((count.count for count in per_year), default=0)
    if most <= 0:
        return ""
    years = [count.label for count in per_year if count.count == most]
    shown = ", ".join(years[:-1]) + f" and {years[-1]}" if len(years) > 1 else years[0]
    return f"Most papers: {most} in {shown}."


def stats_embed(answer: StatsAnswer, chart_url: str | None = None) -> discord.Embed:
    """The profile's metrics with the chart image at `chart_url` (an `attachment://` URL), or, without one,
    a text bar chart of papers per year (a group's: `group_stats_embed`)."""
    if answer.members:
        return group_stats_embed(answer, chart_url)
    embed = discord.Embed(title=safe_clip(f"📊 {answer.name}", limits.EMBED_TITLE), colour=COLOUR_STATS)
    lines: list[str] = []
    if answer.first_date and answer.last_date:
        lines.append(f"Papers from {answer.first_date:%b %Y} to {answer.last_date:%b %Y}.")
    if chart_url:
        lines.append(busiest_years(answer.per_year))
        embed.set_image(url=chart_url)
    elif chart := year_chart(answer.per_year):
        lines.append("**Papers per year**\n" + chart)
    embed.description = clip("\n".join(line for line in lines if line), limits.EMBED_DESCRIPTION) or None
    papers = f"{answer.parsed_papers}" + (
        f" (profile says {answer.declared_papers})"
        if answer.declared_papers is not None and answer.declared_papers != answer.parsed_papers else "")
    embed.add_field(name="Papers", value=papers, inline=True)
    embed.add_field(name="h-index", value=_metric(answer.h_index), inline=True)
    embed.add_field(name="Citations", value=_metric(answer.citations), inline=True)
    if answer.primary_category or answer.primary_category_name:
        category = answer.primary_category_name or answer.primary_category or ""
        embed.add_field(name="Main category", value=safe_clip(category, 200), inline=True)
    embed.add_field(name="Novelty", value=_metric(answer.novelty_percent, "%"), inline=True)
    embed.add_field(name="AI score", value=_metric(answer.ai_score), inline=True)
    embed.add_field(name="With code", value=f"{answer.with_code} of {answer.parsed_papers}", inline=True)
    embed.add_field(name="First author", value=f"{answer.first_author} of {answer.parsed_papers}", inline=True)
    if answer.per_category:
        embed.add_field(name="Categories", value=_counts(answer.per_category), inline=False)
    if answer.top_coauthors:
        embed.add_field(name="Frequent co-authors", value=_counts(answer.top_coauthors), inline=False)
    if answer.affiliations:
        embed.add_field(name="Affiliations", value=_counts(answer.affiliations, 5), inline=False)
    notes = [note for note in [answer.coauthors_note, *answer.warnings[:3]] if note]
    if notes:
        embed.set_footer(text=clip(" · ".join(notes), limits.EMBED_FOOTER))
    return limits.fit_embed(embed)


def help_embed(answer: HelpAnswer) -> discord.Embed:
    """What each command does, with an example, then tips."""
    embed = discord.Embed(title=safe_clip(f"paperbot — {answer.profile_name}'s papers", limits.EMBED_TITLE),
                          colour=COLOUR_HELP)
    embed.description = "I answer questions about these papers. Commands:"
    for entry in answer.entries[: limits.EMBED_FIELDS]:
        value = f"{safe(entry.description)}\nExample: `{entry.example.replace('`', 'ˋ')}`"
        name = safe_clip(entry.usage, limits.EMBED_FIELD_NAME)
        embed.add_field(name=name, value=clip(value, limits.EMBED_FIELD_VALUE), inline=False)
    if answer.tips:
        embed.set_footer(text=clip(" · ".join(answer.tips), limits.EMBED_FOOTER))
    return limits.fit_embed(embed)


ASK_FIELDS = 10
"""Papers an answer shows as fields (with their TL;DR); any more are named in one line."""


def ask_embed(answer: AskAnswer) -> discord.Embed:
    """An answer to a free question: quotes with their papers, a list of papers, a stats text, or a miss."""
    colour = COLOUR_MISS if answer.answer_type in ("not_found", "empty") else COLOUR_ASK
    embed = discord.Embed(title=safe_clip(f"❓ {answer.question}", limits.EMBED_TITLE) if answer.question else None,
                          colour=colour)
    groups: list[list[str]] = []  # consecutive quotes from one paper, then that paper named once
    quotes = answer.quotes[:5]
    for index, quote in enumerate(quotes):
        if index == 0 or quotes[index - 1].paper.id != quote.paper.id:
            groups.append([])
        groups[-1].append(f"> {safe_clip(quote.sentence, 500)}")
        following = quotes[index + 1] if index + 1 < len(quotes) else None
        if following is None or following.paper.id != quote.paper.id:
            groups[-1].append(f"— *{clip(ref_line(quote.paper), 300)}*")
    blocks = [safe(answer.text), *("\n".join(group) for group in groups)]
    if len(answer.papers) > ASK_FIELDS:  # a count lists everything it counted: the rest in one line
        rest = "; ".join(f"{listed.paper.title} ({listed.paper.year})" for listed in answer.papers[ASK_FIELDS:])
        blocks.append(f"Also counted ({len(answer.papers) - ASK_FIELDS}): {safe(rest)}")
    embed.description = clip("\n\n".join(blocks), limits.EMBED_DESCRIPTION)
    for number, listed in enumerate(answer.papers[:ASK_FIELDS], start=1):
        value = safe_clip(listed.tldr, limits.EMBED_FIELD_VALUE) if listed.tldr else ref_meta(listed.paper)
        embed.add_field(name=clip(f"{number}. {safe(listed.paper.title)}", limits.EMBED_FIELD_NAME),
                        value=value, inline=False)
    if answer.suggestion:
        embed.set_footer(text=clip(answer.suggestion, limits.EMBED_FOOTER))
    return limits.fit_embed(embed)


def researchers_embed(answer: ResearchersAnswer) -> discord.Embed:
    """Who is served, most papers first."""
    noun = "researcher" if len(answer.members) == 1 else "researchers"
    embed = discord.Embed(title=safe_clip(f"👥 {len(answer.members)} {noun}, {answer.papers} papers",
                                          limits.EMBED_TITLE), colour=COLOUR_HELP)
    embed.description = member_lines(answer.members, limits.EMBED_DESCRIPTION)
    embed.set_footer(text="Add researcher: to /papers, /paper, /stats or /ask to look at one of them.")
    return limits.fit_embed(embed)


def announcement_embed(answer: AnnouncementAnswer) -> discord.Embed:
    """A new paper: its title, whose it is, when, and its TL;DR."""
    embed = discord.Embed(title=safe_clip(answer.paper.title, limits.EMBED_TITLE), colour=COLOUR_NEWS)
    if answer.links:
        embed.url = answer.links[0].url
    embed.set_author(name=clip("New paper · " + ", ".join(answer.researchers), limits.EMBED_AUTHOR))
    embed.description = safe_clip(answer.tldr, 1000) if answer.tldr else f"*{NO_ABSTRACT}*"
    authors = ", ".join(answer.authors) + (" et al." if answer.authors_truncated else "")
    if authors:
        embed.add_field(name="Authors", value=safe_clip(authors, limits.EMBED_FIELD_VALUE), inline=False)
    embed.add_field(name="Published", value=safe_clip(answer.published, 100), inline=True)
    if answer.paper.category_name:
        embed.add_field(name="Category", value=safe_clip(answer.paper.category_name, 200), inline=True)
    if answer.links:
        embed.add_field(name="Links", value=clip(link_line(answer.links), limits.EMBED_FIELD_VALUE), inline=False)
    return limits.fit_embed(embed)


def member_joined_embed(member: MemberCount) -> discord.Embed:
    """A researcher whose profile now is served: one notice instead of one post per existing paper."""
    span = f" from {member.first_year} to {member.last_year}" if member.first_year else ""
    embed = discord.Embed(title=safe_clip(f"Now serving {member.name}", limits.EMBED_TITLE), colour=COLOUR_NEWS,
                          description=f"{member.papers} papers{span}. Try /papers with researcher: "
                                      f"{safe_clip(member.name, 200)}.")
    return limits.fit_embed(embed)


def reload_lines(answer: ReloadAnswer) -> list[str]:
    """What a reload did, one line per file, then the problems."""
    lines = []
    for file in answer.files:
        who = f" ({safe(file.researcher)})" if file.researcher else ""
        counts = f": +{file.papers_added} / −{file.papers_removed} papers" if file.status in ("added", "updated",
                                                                                              "removed") else ""
        verb = {"added": "added", "updated": "updated", "removed": "removed",
                "kept_old": "did not load; its last good version keeps serving"}[file.status]
        lines.append(f"• `{clip(file.path, 200).replace('`', 'ˋ')}`{who} {verb}{counts}")
    return lines


def reload_embed(answer: ReloadAnswer) -> discord.Embed:
    """The /reload report and the admin channel's note: what changed, what could not be read."""
    problems = bool(answer.problems)
    title = "🔄 Profiles reloaded" if answer.changed else "🔄 Nothing changed" if not problems else "⚠️ Profile problems"
    embed = discord.Embed(title=title, colour=COLOUR_ERROR if problems else COLOUR_HELP)
    lines = reload_lines(answer)
    lines.append(f"Serving {answer.papers} papers of {answer.researchers} "
                 f"{'researcher' if answer.researchers == 1 else 'researchers'}.")
    if answer.new_papers:
        lines.append(f"New: {', '.join(safe(ref.title) for ref in answer.new_papers[:5])}"
                     + (f" and {len(answer.new_papers) - 5} more" if len(answer.new_papers) > 5 else ""))
    embed.description = clip("\n".join(lines), limits.EMBED_DESCRIPTION - 1500)
    if answer.problems:
        text = "\n".join(safe(problem) for problem in answer.problems[:10])
        embed.add_field(name=f"Problems ({len(answer.problems)})", value=clip(text, limits.EMBED_FIELD_VALUE),
                        inline=False)
    if answer.warnings:
        text = "\n".join(safe(warning) for warning in answer.warnings[:10])
        embed.add_field(name=f"Notes ({len(answer.warnings)})", value=clip(text, limits.EMBED_FIELD_VALUE),
                        inline=False)
    return limits.fit_embed(embed)


def notice_embed(text: str, *, error: bool = False) -> discord.Embed:
    """A short polite note (cooldowns, expired pages, failures)."""
    return limits.fit_embed(discord.Embed(description=clip(text, limits.EMBED_DESCRIPTION),
                                          colour=COLOUR_ERROR if error else COLOUR_MISS))


def code_block(text: str, language: str = "") -> str:
    """`text` in a fenced code block; a ``` inside it is broken up so it cannot close the block early."""
    broken = text.replace("```", "`\u200b``")
    return f"```{language}\n{broken}\n```"


def cite_embed(answer: CiteAnswer, palette: Palette | None = None, *, attached: str | None = None) -> discord.Embed:
    """The BibTeX entry in a code block, with what the record lacks underneath. When the entry is too long
    for an embed, `attached` names the .bib file that carries it instead."""
    if answer.status != "found" or answer.paper is None:
        return notice_embed(answer.message or "I couldn't find that paper.")
    paper = answer.paper
    embed = discord.Embed(title=safe_clip(f"Cite: {paper.title}", limits.EMBED_TITLE),
                          colour=category_colour(paper.category, palette))
    notes = "\n".join(f"⚠️ {safe(note)}" for note in answer.notes)
    block = code_block(answer.bibtex, "bibtex")
    if attached or len(block) + len(notes) + 2 > limits.EMBED_DESCRIPTION:
        block = f"The entry is too long to show here: it is attached as `{attached or answer.key + '.bib'}`."
    embed.description = clip("\n\n".join(part for part in (block, notes) if part), limits.EMBED_DESCRIPTION)
    embed.set_footer(text=clip(f"key: {answer.key} · built from the profile's record", limits.EMBED_FOOTER))
    return limits.fit_embed(embed)


def cite_fits(answer: CiteAnswer) -> bool:
    """Whether the entry fits in an embed's code block, with its notes (else it goes out as a file)."""
    notes = sum(len(safe(note)) + 4 for note in answer.notes)
    return len(code_block(answer.bibtex, "bibtex")) + notes + 2 <= limits.EMBED_DESCRIPTION


def summary_embed(answer: PaperAnswer, palette: Palette | None = None) -> discord.Embed:
    """A paper in short, for the first message of its discussion thread: TL;DR, key points, authors."""
    detail = answer.detail
    if detail is None:
        return paper_embed(answer, palette)
    paper = detail.paper
    embed = discord.Embed(title=safe_clip(paper.title, limits.EMBED_TITLE),
                          colour=category_colour(paper.category, palette))
    blocks = [f"**TL;DR** {safe_clip(detail.tldr, 600)}" if detail.tldr else ""]
    if detail.key_points:
        blocks.append("\n".join(f"• {safe_clip(point, 300)}" for point in detail.key_points[:5]))
    embed.description = clip("\n\n".join(b for b in blocks if b), limits.EMBED_DESCRIPTION) or clip(
        safe(paper.abstract) or "No abstract in the profile.", limits.EMBED_DESCRIPTION)
    embed.add_field(name="Authors", value=_authors(paper), inline=False)
    embed.add_field(name="Published", value=safe_clip(paper.published, 100), inline=True)
    embed.add_field(name="Category", value=safe_clip(f"{paper.category_name} ({paper.category})", 200), inline=True)
    embed.set_footer(text=clip(f"id: {paper.id}", limits.EMBED_FOOTER))
    return limits.fit_embed(embed)
