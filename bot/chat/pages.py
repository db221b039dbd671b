"""The pages of a /papers search: a menu of the page's results and Previous / Next buttons.

Nothing about a search is kept in memory. Each page button is an `Action` (bot.chat.components) whose custom_id
holds what showing the page it leads to needs: that page's number, the searcher (only they turn its pages) and
the search itself (query, filters, sort, limit, researcher). A click is answered by searching again, so any
process answers it, before or after a restart. A search too long for a custom_id (Discord allows 100
characters) is kept in the component state store under DATA_DIR (`bot.chat.state_store`) and the custom_id
names it by key. A click after the profile changed says so instead of showing a page of other results.
The menu is the paper actions' `OpenPaper` (state in its options): it opens a result's details privately.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote

import discord

from bot.chat import embeds
from bot.chat.components import STALE, Action, Click, encode, template
from bot.chat.errors import tell
from bot.chat.paper_actions import OpenPaper, PaperKit
from bot.chat.respond import Reply, answer, run_core
from retrieval.answers import SearchAnswer

if TYPE_CHECKING:
    from bot.chat.state_store import ComponentStates
    from retrieval.service import Library

log = logging.getLogger(__name__)

ACTION = "page"
NOT_YOURS = "This isn't your search, so its pages are not yours to turn. Run /papers to start your own."
GONE = "This list is no longer available. Run /papers again for fresh results."
SLOW = "I couldn't get this list back in time. Try again in a moment, or run /papers again."
STORED = "@"  # a reference into the state store starts with this; a packed search starts with its limit
SORTS = {"relevance": "r", "newest": "n", "oldest": "o"}
STATE_READ_SECONDS = 1.0  # a click must be acknowledged within 3 s: a stalled store gets a note instead
Sort = Literal["relevance", "newest", "oldest"]


@dataclass(frozen=True)
class Search:
    """A /papers request, as a page button needs to run it again."""

    query: str
    limit: int
    category: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    has_code: bool | None = None
    sort: Sort = "relevance"
    researcher: str | None = None

    def run(self, library: Library) -> SearchAnswer:
        return library.search(self.query, k=self.limit, category=self.category, year_from=self.year_from,
                              year_to=self.year_to, has_code=self.has_code, sort=self.sort,
                              researcher=self.researcher)

    def pack(self) -> str:
        """The fields, comma-separated, each escaped so that it holds neither ',' nor ':'."""
        code = "" if self.has_code is None else str(int(self.has_code))
        fields = [str(self.limit), SORTS[self.sort], code, self.category or "", _number(self.year_from),
                  _number(self.year_to), self.researcher or "", self.query]
        return ",".join(_escape(field) for field in fields)

    @classmethod
    def unpack(cls, text: str) -> Search | None:
        """The search `pack` made, or None for anything else (a hand-made custom_id)."""
        fields = [unquote(field) for field in text.split(",")]
        if len(fields) != 8 or not fields[0].isdigit() or fields[1] not in SORTS.values() or fields[2] not in (
                "", "0", "1") or not all(year == "" or year.isdigit() for year in fields[4:6]):
            return None
        sort = next(name for name, letter in SORTS.items() if letter == fields[1])
        return cls(query=fields[7], limit=int(fields[0]), category=fields[3] or None,
                   year_from=int(fields[4]) if fields[4] else None, year_to=int(fields[5]) if fields[5] else None,
                   has_code=None if fields[2] == "" else fields[2] == "1", sort=sort,  # type: ignore[arg-type]
                   researcher=fields[6] or None)


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def reference(search: Search, owner: int, fingerprint: str, pages: int, store: ComponentStates | None) -> str | None:
    """How the page buttons name `search`: packed into their custom_id when it fits, else a key into the store
    (None when it does not fit and the store cannot be used). Called from the core pool: it may write."""
    packed = search.pack()
    try:
        encode(ACTION, fingerprint, max(pages - 1, 0), base36(owner), packed)
        return packed
    except ValueError:
        key = store.put(packed) if store is not None else None
        return STORED + key if key else None


def resolve(ref: str, store: ComponentStates | None) -> Search | None:
    """The search a reference names (reading the store for a stored one); None when it cannot be had."""
    if ref.startswith(STORED):
        packed = store.get(ref[len(STORED):]) if store is not None else None
        return Search.unpack(packed) if packed is not None else None
    return Search.unpack(ref)


# ---- the reply -----------------------------------------------------------------------------------

def page_reply(result: SearchAnswer, kit: PaperKit, *, page: int = 0, owner: int, ref: str | None,
               update: bool = False) -> Reply:
    """One page of results: the embed, the menu of its papers, and the page buttons when there are pages
    to turn (and a way to name the search in them)."""
    pages = embeds.page_count(result)
    page = min(max(page, 0), pages - 1)
    view: discord.ui.View | None = None
    start = page * embeds.PER_PAGE
    refs = [hit.paper for hit in result.hits[start : start + embeds.PER_PAGE]]
    if refs:
        view = discord.ui.View(timeout=None)
        menu = OpenPaper.menu(kit, refs, placeholder="Open a result's details…")
        menu.row = 0
        view.add_item(menu)
        if pages > 1 and ref is not None:
            fingerprint = kit.library.fingerprint
            for label, emoji, target, disabled in (("Previous", "◀️", max(page - 1, 0), page == 0),
                                                   ("Next", "▶️", min(page + 1, pages - 1), page >= pages - 1)):
                button = PageButton(fingerprint, str(target), base36(owner), ref)
                button.item.label, button.item.emoji, button.item.disabled = label, emoji, disabled
                button.row = 1
                view.add_item(button)
    return Reply(embeds=[embeds.search_embed(result, page)], view=view, update=update)


class PageButton(Action[discord.ui.Button], template=template(ACTION)):
    """Previous or Next: shows page `args[0]` of the search `args[2]` to its searcher `args[1]` (base 36)."""

    action = ACTION

    def __init__(self, fingerprint: str, *args: str) -> None:
        super().__init__(discord.ui.Button(style=discord.ButtonStyle.secondary,
                                           custom_id=encode(self.action, fingerprint, *args[:3])))

    async def run(self, interaction: discord.Interaction, click: Click) -> None:
        target, owner, ref = parse(click.args)
        if owner is None or target is None or ref is None:  # only a hand-made request gets here
            await tell(interaction, GONE)
            return
        if interaction.user.id != owner:
            await tell(interaction, NOT_YOURS)
            return
        if click.stale:
            await tell(interaction, STALE)
            return
        try:
            search = await self.search_of(interaction, ref)
        except TimeoutError:
            log.warning("Reading a stored search took longer than %.0f s; the user was told to try again",
                        STATE_READ_SECONDS)
            await tell(interaction, SLOW)
            return
        if search is None:
            await tell(interaction, GONE)
            return
        library, kit = click.library, PaperKit.of(interaction.client)
        await answer(interaction, lambda: search.run(library),
                     lambda result: page_reply(result, kit, page=target, owner=owner, ref=ref, update=True),
                     update=True)

    @staticmethod
    async def search_of(interaction: discord.Interaction, ref: str) -> Search | None:
        """The search a button names; reading the store (off the loop) may raise TimeoutError."""
        if not ref.startswith(STORED):
            return Search.unpack(ref)
        store = states_of(interaction.client)
        return await asyncio.wait_for(run_core(lambda: resolve(ref, store), interaction.client, "page state"),
                                      STATE_READ_SECONDS)


def parse(args: tuple[str, ...]) -> tuple[int | None, int | None, str | None]:
    """(page, owner, search reference) from a page button's args; Nones for anything malformed."""
    if len(args) != 3 or not args[0].isdigit():
        return None, None, None
    try:
        owner = int(args[1], 36)
    except ValueError:
        return None, None, None
    return int(args[0]), owner, args[2]


def states_of(client: discord.Client) -> ComponentStates | None:
    return getattr(client, "states", None)
