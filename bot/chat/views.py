"""Interactive pieces: the pages of a /papers search and a menu that opens a paper's details.

Page buttons answer only the person who searched (anyone else gets a private "this isn't your search");
the menu opens details privately for whoever uses it. After `timeout` seconds the buttons are disabled;
a click on a page that no longer lives (timed out, or the bot restarted) gets a polite private note from
`expired_component` instead of Discord's "This interaction failed".
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord

from bot.chat import embeds, limits
from bot.chat.errors import report, tell
from bot.chat.house import dress, house_of
from bot.chat.markup import shorten
from bot.chat.paper_actions import PaperKit, actions_view, candidates_view
from bot.chat.respond import LiveViews, Reply, Timing, answer
from retrieval.answers import PaperAnswer, PaperRef, SearchAnswer

log = logging.getLogger(__name__)

CUSTOM_ID_PREFIX = "paperbot:"
PAGE_TIMEOUT_SECONDS = 300.0
NOT_YOURS = "This isn't your search, so its pages are not yours to turn. Run /papers to start your own."
EXPIRED = "This list has expired. Run /papers (or /paper) again for fresh results."

PaperLookup = Callable[[str], PaperAnswer]


def paper_reply(result: PaperAnswer, lookup: PaperLookup, *, ephemeral: bool, timeout: float,
                timing: Timing | None = None, kit: PaperKit | None = None) -> Reply:
    """A /paper answer: the details with the paper's actions (given a `kit`), or the candidates with a menu
    to pick one."""
    view: discord.ui.View | None = None
    if result.status != "found" and result.candidates and kit is not None:
        view = candidates_view(result.candidates, kit)  # state in the custom_id: works after a restart too
    elif result.status != "found" and result.candidates:
        view = PaperPicker(result.candidates, lookup, timeout=timeout)
        view.timing = timing or Timing()
    elif result.detail is not None and kit is not None:
        view = actions_view(result.detail, kit)
    return Reply(embeds=[embeds.paper_embed(result, kit.palette if kit else None)], view=view, ephemeral=ephemeral)


class PaperSelect(discord.ui.Select):
    """A menu of papers; choosing one shows its details privately."""

    def __init__(self, refs: list[PaperRef], lookup: PaperLookup, *, custom_id: str, placeholder: str) -> None:
        self.refs = refs[: limits.SELECT_OPTIONS]
        self.lookup = lookup
        options = [
            discord.SelectOption(
                label=shorten(ref.title, limits.SELECT_LABEL),
                description=shorten(f"{ref.year} · {ref.category_name}" + (" · code" if ref.has_code else ""),
                                    limits.SELECT_DESCRIPTION),
                value=str(index),  # an index, not the id: ids may be longer than a value may be
            )
            for index, ref in enumerate(self.refs)
        ]
        super().__init__(custom_id=custom_id, placeholder=placeholder, options=options, min_values=1, max_values=1)

    async def callback(self, interaction: discord.Interaction) -> None:
        picked = self.values[0] if self.values else ""
        if not picked.isdigit() or int(picked) >= len(self.refs):  # only a hand-made request gets here
            await tell(interaction, "That choice isn't on this list. Pick one of the entries shown.")
            return
        ref = self.refs[int(picked)]
        view = self.view
        timeout = view.timeout if view is not None and view.timeout else PAGE_TIMEOUT_SECONDS
        timing = view.timing if isinstance(view, TrackedView) else Timing()
        await answer(
            interaction,
            lambda: self.lookup(ref.id),
            lambda result: paper_reply(result, self.lookup, ephemeral=True, timeout=timeout, timing=timing,
                                       kit=PaperKit.of(interaction.client)),
            ephemeral=True,
            live=getattr(view, "live", None),
        )


class TrackedView(discord.ui.View):
    """A view that registers its message in `LiveViews`, disables itself on timeout, and reports errors."""

    def __init__(self, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.message: discord.Message | discord.InteractionMessage | None = None
        self.live: LiveViews | None = None
        self.timing = Timing()

    def attach(self, message: discord.Message | discord.InteractionMessage | None, live: LiveViews) -> None:
        self.message = message
        self.live = live
        if message is not None:
            live.add(message.id, self)

    async def on_timeout(self) -> None:
        if self.live is not None and self.message is not None:
            self.live.discard(self.message.id)
        for item in self.children:
            if isinstance(item, (discord.ui.Button, discord.ui.Select)):
                item.disabled = True
        if self.message is None:
            return
        try:
            await self.message.edit(view=self, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as failure:
            log.info("Could not disable an expired view (%s %s)", failure.status, failure.code)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        await report(interaction, error)


class PaperPicker(TrackedView):
    """Candidates of an ambiguous or unknown title, as a menu."""

    def __init__(self, refs: list[PaperRef], lookup: PaperLookup, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.add_item(PaperSelect(refs, lookup, custom_id=f"{CUSTOM_ID_PREFIX}pick", placeholder="Which paper?"))


class SearchPages(TrackedView):
    """Pages of /papers results, five at a time, with Previous / Next and a menu of the page's results."""

    def __init__(self, result: SearchAnswer, owner_id: int, lookup: PaperLookup, *,
                 per_page: int = embeds.PER_PAGE, timeout: float = PAGE_TIMEOUT_SECONDS) -> None:
        super().__init__(timeout=timeout)
        self.result = result
        self.owner_id = owner_id
        self.lookup = lookup
        self.per_page = per_page
        self.page = 0
        self.pages = embeds.page_count(result, per_page)
        self.previous = discord.ui.Button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary,
                                          custom_id=f"{CUSTOM_ID_PREFIX}previous", row=1)
        self.next = discord.ui.Button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary,
                                      custom_id=f"{CUSTOM_ID_PREFIX}next", row=1)
        self.previous.callback = self._previous
        self.next.callback = self._next
        self.select: PaperSelect | None = None
        self._layout()

    def embed(self) -> discord.Embed:
        return embeds.search_embed(self.result, self.page, self.per_page)

    def _layout(self) -> None:
        self.clear_items()
        start = self.page * self.per_page
        refs = [hit.paper for hit in self.result.hits[start : start + self.per_page]]
        if refs:
            self.select = PaperSelect(refs, self.lookup, custom_id=f"{CUSTOM_ID_PREFIX}open",
                                      placeholder="Open a result's details…")
            self.select.row = 0
            self.add_item(self.select)
        if self.pages > 1:
            self.previous.disabled = self.page == 0
            self.next.disabled = self.page >= self.pages - 1
            self.add_item(self.previous)
            self.add_item(self.next)

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        if interaction.user.id != self.owner_id:
            await tell(interaction, NOT_YOURS)
            return
        self.page = min(max(self.page + step, 0), self.pages - 1)
        self._layout()
        await interaction.response.edit_message(embed=dress([self.embed()], house_of(interaction.client))[0],
                                                view=self, allowed_mentions=discord.AllowedMentions.none())

    async def _previous(self, interaction: discord.Interaction) -> None:
        await self._turn(interaction, -1)

    async def _next(self, interaction: discord.Interaction) -> None:
        await self._turn(interaction, +1)


async def expired_component(interaction: discord.Interaction, live: LiveViews) -> bool:
    """Answer a click on one of our components whose view is gone; True when it did."""
    if interaction.type is not discord.InteractionType.component:
        return False
    custom_id = (interaction.data or {}).get("custom_id", "")
    message = interaction.message
    if not custom_id.startswith(CUSTOM_ID_PREFIX) or message is None or message.id in live:
        return False
    await tell(interaction, EXPIRED)
    return True
