"""/papers (search with filters, paged) and /paper (one paper's details, with title autocomplete)."""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import embeds, limits
from bot.chat.markup import shorten
from bot.chat.pages import Search, page_reply, reference
from bot.chat.paper_actions import PaperKit, paper_reply, threads_possible
from bot.chat.researchers import RESEARCHER_HELP, RESEARCHER_MAX, researcher_autocomplete
from bot.chat.respond import answer, responder_of
from retrieval.answers import PaperRef, SearchAnswer
from retrieval.lab import UnknownResearcher

if TYPE_CHECKING:
    from bot.chat.client import PaperBot

log = logging.getLogger(__name__)

QUERY_MAX = 300
TITLE_MAX = 300
DEFAULT_LIMIT = 10
MAX_LIMIT = 25  # a page's menu holds at most 25 entries; 5 pages of 5 is plenty to read in Discord
SORT_CHOICES = [
    app_commands.Choice(name="Best match", value="relevance"),
    app_commands.Choice(name="Newest first", value="newest"),
    app_commands.Choice(name="Oldest first", value="oldest"),
]


def category_choices(bot: PaperBot, current: str = "", researcher: str | None = None
                     ) -> list[app_commands.Choice[str]]:
    """The served categories (most papers first) matching what is typed, at most 25: Discord's limit.

    Offered as autocomplete rather than fixed choices, so a reloaded profile's new categories appear at once."""
    library = bot.library
    try:
        papers = library.scope(researcher).profile.papers
    except UnknownResearcher:  # a name still being typed: offer every category
        papers = library.profile.papers
    names = {paper.category: paper.category_name for paper in papers if paper.category}
    wanted = current.casefold().strip()
    ranked = [code for code, _ in Counter(paper.category for paper in papers if paper.category).most_common()
              if not wanted or wanted in f"{names[code]} {code}".casefold()]
    return [
        app_commands.Choice(name=shorten(f"{names[code]} ({code})", limits.CHOICE_NAME), value=code)
        for code in ranked[: limits.CHOICES]
    ]


def title_choice(ref: PaperRef) -> app_commands.Choice[str]:
    """An autocomplete choice: the title (shortened) and year as its name, the paper's id as its value."""
    year = f" ({ref.year})"
    name = shorten(ref.title, limits.CHOICE_NAME - len(year)) + year
    # An id longer than a choice value may be falls back to the title: /paper accepts titles too.
    value = ref.id if len(ref.id) <= limits.CHOICE_VALUE else shorten(ref.title, limits.CHOICE_VALUE)
    return app_commands.Choice(name=name, value=value)


def build_papers_command(cog: Papers) -> app_commands.Command:
    """/papers is built when the cog loads: its category choices come from the profile being served."""

    @app_commands.command(name="papers", description="Search the papers by title and abstract, with filters.")
    @app_commands.describe(
        query="Words to look for: a topic, a method, a dataset or part of a title",
        limit=f"How many results to list (1-{MAX_LIMIT}, {embeds.PER_PAGE} per page; default {DEFAULT_LIMIT})",
        category="Only papers of this category",
        year_from="Only papers from this year on",
        year_to="Only papers up to this year",
        has_code="Only papers with (or without) released code",
        sort="Order of the results (default: best match)",
        researcher=RESEARCHER_HELP,
    )
    @app_commands.choices(sort=SORT_CHOICES)
    async def papers(
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, QUERY_MAX],
        limit: app_commands.Range[int, 1, MAX_LIMIT] = DEFAULT_LIMIT,
        category: str | None = None,
        year_from: app_commands.Range[int, 1900, 2100] | None = None,
        year_to: app_commands.Range[int, 1900, 2100] | None = None,
        has_code: bool | None = None,
        sort: str = "relevance",
        researcher: app_commands.Range[str, 1, RESEARCHER_MAX] | None = None,
    ) -> None:
        await cog.search(interaction, query, limit, category, year_from, year_to, has_code, sort, researcher)

    @papers.autocomplete("category")
    async def category_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice]:
        researcher = getattr(interaction.namespace, "researcher", None)
        return category_choices(cog.bot, current[:100], researcher if isinstance(researcher, str) else None)

    papers.autocomplete("researcher")(researcher_autocomplete)
    return papers


class Papers(commands.Cog):
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot
        self.papers_command = build_papers_command(self)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.papers_command)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.papers_command.name)

    async def search(self, interaction: discord.Interaction, query: str, limit: int, category: str | None,
                     year_from: int | None, year_to: int | None, has_code: bool | None, sort: str,
                     researcher: str | None = None) -> None:
        library, owner, store = self.bot.library, interaction.user.id, self.bot.states
        search = Search(query=query[:QUERY_MAX],  # Discord enforces max_length; a hand-made request might not
                        limit=min(max(limit, 1), MAX_LIMIT), category=category, year_from=year_from,
                        year_to=year_to, has_code=has_code,
                        sort=sort if sort in ("relevance", "newest", "oldest") else "relevance",  # type: ignore[arg-type]
                        researcher=researcher)

        def work() -> tuple[SearchAnswer, str | None]:
            result = search.run(library)
            pages = embeds.page_count(result)
            return result, reference(search, owner, library.fingerprint, pages, store) if pages > 1 else None

        kit = PaperKit.of(self.bot)
        await answer(interaction, work, lambda done: page_reply(done[0], kit, owner=owner, ref=done[1]))

    @app_commands.command(name="paper", description="One paper's details: TL;DR, key points, abstract, related.")
    @app_commands.describe(title="Start typing a title and pick it from the list (or type it in full)",
                           researcher=RESEARCHER_HELP)
    @app_commands.autocomplete(researcher=researcher_autocomplete)
    async def paper(self, interaction: discord.Interaction, title: app_commands.Range[str, 1, TITLE_MAX],
                    researcher: app_commands.Range[str, 1, RESEARCHER_MAX] | None = None) -> None:
        library = self.bot.library
        query = title[:TITLE_MAX]
        kit = PaperKit.of(self.bot, discuss=threads_possible(interaction))
        await answer(interaction, lambda: library.paper(query, researcher=researcher),
                     lambda result: paper_reply(result, kit, ephemeral=False))

    @paper.autocomplete("title")
    async def title_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice]:
        library = self.bot.library
        partial = current[:TITLE_MAX]
        researcher = getattr(interaction.namespace, "researcher", None)
        scope = researcher if isinstance(researcher, str) else None

        def suggestions() -> list[PaperRef]:
            try:
                return library.suggest_titles(partial, limit=limits.CHOICES, researcher=scope)
            except UnknownResearcher:  # a name still being typed: suggest from everyone
                return library.suggest_titles(partial, limit=limits.CHOICES)

        try:
            refs = await responder_of(self.bot).suggest(interaction, suggestions)
        except Exception:  # an empty list beats an unanswered interaction
            log.exception("Title suggestions failed for a %d-character partial title", len(partial))
            return []
        return [title_choice(ref) for ref in refs[: limits.CHOICES]]


async def setup(bot: PaperBot) -> None:
    await bot.add_cog(Papers(bot))
