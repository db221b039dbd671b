"""The actions under a paper: Related (a menu that opens one), Cite, Ask and Discuss.

Every one is an `Action` of `bot.chat.components`: its state (the paper) is in its custom_id, so the buttons
under a /paper reply keep working after a restart. A paper is named by its id, which stays the same while
its title does; an id too long for a custom_id falls back to its position in the profile (`#12`), valid only
while the profile's fingerprint is unchanged. A click after the profile changed is still answered when the
paper is still there, and otherwise told that the profile changed.

Cite, Ask and the menu answer privately (ephemeral), for whoever clicks: reading is everyone's. Discuss is
public, so it asks for what starting a thread by hand would need: a server text channel, the bot's
permissions there (it names the missing one), and the clicking member's own Create Public Threads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import discord

from bot.chat import limits
from bot.chat.ask import QUESTION_MAX, question_text
from bot.chat.components import NEVER, Action, Click, encode, stopped_modal, template
from bot.chat.embeds import ask_embed, cite_embed, cite_fits, notice_embed, paper_embed, summary_embed
from bot.chat.errors import NO_PINGS, tell
from bot.chat.house import dress, house_of
from bot.chat.markup import shorten
from bot.chat.respond import Attachment, Reply, Timing, answer, run_core
from bot.palette import Palette
from retrieval.answers import CiteAnswer, PaperAnswer, PaperDetail, PaperRef
from retrieval.models import Paper

if TYPE_CHECKING:
    from retrieval.service import Library

log = logging.getLogger(__name__)

QUESTION_INPUT = "question"
GONE = "That paper is no longer in the profile (it changed since that message). Run /paper again."
UNKNOWN = "I don't know that paper. Run /paper to pick one."
# What is left of a custom_id for the paper after `pb1:<fingerprint>:<action>:` (actions below, longest first).
TOKEN_BUDGET = limits.CUSTOM_ID - len(encode("discuss", "a" * 6, ""))
THREAD_CHANNELS = (discord.ChannelType.text, discord.ChannelType.news)
# What the bot needs to start a thread on its message and post the summary in it, by Discord's names.
THREAD_PERMISSIONS = {
    "view_channel": "View Channels",
    "create_public_threads": "Create Public Threads",
    "send_messages_in_threads": "Send Messages in Threads",
    "embed_links": "Embed Links",
}


# ---- papers in custom_ids ------------------------------------------------------------------------------

def paper_token(library: Library, paper_id: str) -> str:
    """How a custom_id names a paper: its id, or `#<position>` when the id would not fit in the custom_id of
    the longest-named action."""
    if len(paper_id) <= TOKEN_BUDGET:
        return paper_id
    position = next((i for i, paper in enumerate(library.profile.papers) if paper.id == paper_id), -1)
    return f"#{position}"


def find_paper(click: Click, token: str) -> tuple[Paper | None, str]:
    """The paper a token names now, or None and what to tell the user."""
    papers = click.library.profile.papers
    if token.startswith("#"):
        if click.stale:
            return None, GONE
        position = token[1:]
        if position.isdigit() and int(position) < len(papers):
            return papers[int(position)], ""
        return None, UNKNOWN
    paper = click.library.profile.by_id(token)
    if paper is None:
        return None, GONE if click.stale else UNKNOWN
    return paper, ""


def token_arg(click: Click) -> str:
    return click.args[0] if len(click.args) == 1 else ""


@dataclass(frozen=True)
class PaperKit:
    """What building a paper's actions needs: the library (fingerprint, ids), the colours, and whether the
    message can carry a thread (a public message in a server text channel)."""

    library: Library
    palette: Palette | None
    timing: Timing
    discuss: bool = False

    @classmethod
    def of(cls, client: discord.Client, *, discuss: bool = False) -> PaperKit:
        house = house_of(client)
        timing = getattr(client, "timing", None) or Timing()
        return cls(client.library, house.palette if house else None, timing, discuss)  # type: ignore[attr-defined]

    def token(self, paper_id: str) -> str:
        return paper_token(self.library, paper_id)


def threads_possible(interaction: discord.Interaction) -> bool:
    """Whether a public reply to `interaction` could get a thread: a server text or announcement channel."""
    channel = interaction.channel
    return interaction.guild_id is not None and channel is not None and channel.type in THREAD_CHANNELS


# ---- the view under a paper ----------------------------------------------------------------------------

def actions_view(detail: PaperDetail, kit: PaperKit) -> discord.ui.View:
    """The related-papers menu (when there are related papers) and the Cite / Ask / Discuss buttons."""
    view = discord.ui.View(timeout=None)
    fingerprint = kit.library.fingerprint
    token = kit.token(detail.paper.id)
    if detail.related:
        menu = OpenPaper.menu(kit, detail.related, placeholder="Related papers: open one…")
        menu.row = 0
        view.add_item(menu)
    for button in (CitePaper(fingerprint, token), AskPaper(fingerprint, token)):
        button.row = 1
        view.add_item(button)
    if kit.discuss:
        discuss = DiscussPaper(fingerprint, token)
        discuss.row = 1
        view.add_item(discuss)
    return view


def candidates_view(refs: list[PaperRef], kit: PaperKit) -> discord.ui.View:
    """The papers an ambiguous or unknown title may mean, as a menu that opens one."""
    view = discord.ui.View(timeout=None)
    view.add_item(OpenPaper.menu(kit, refs, placeholder="Which paper?"))
    return view


def paper_reply(result: PaperAnswer, kit: PaperKit, *, ephemeral: bool) -> Reply:
    """A /paper answer: the details with the paper's actions, or the candidates with a menu to pick one."""
    view: discord.ui.View | None = None
    if result.status != "found" and result.candidates:
        view = candidates_view(result.candidates, kit)
    elif result.detail is not None:
        view = actions_view(result.detail, kit)
    return Reply(embeds=[paper_embed(result, kit.palette)], view=view, ephemeral=ephemeral)


def ref_option(ref: PaperRef, value: str) -> discord.SelectOption:
    meta = f"{ref.year if ref.year_given else str(ref.year) + '?'} · {ref.category_name}" + (
        " · code" if ref.has_code else "")
    return discord.SelectOption(label=shorten(ref.title, limits.SELECT_LABEL),
                                description=shorten(meta, limits.SELECT_DESCRIPTION), value=value)


class OpenPaper(Action[discord.ui.Select], template=template("open")):
    """A menu of papers; picking one shows its details, with its own actions, privately."""

    action = "open"

    def __init__(self, fingerprint: str, *args: str) -> None:
        super().__init__(discord.ui.Select(custom_id=encode(self.action, fingerprint), min_values=1, max_values=1,
                                           options=[discord.SelectOption(label="…", value="-")]))

    @classmethod
    def menu(cls, kit: PaperKit, refs: list[PaperRef], *, placeholder: str) -> OpenPaper:
        item = cls(kit.library.fingerprint)
        item.item.placeholder = shorten(placeholder, limits.SELECT_PLACEHOLDER)
        item.item.options = [ref_option(ref, kit.token(ref.id)) for ref in refs[: limits.SELECT_OPTIONS]]
        return item

    async def run(self, interaction: discord.Interaction, click: Click) -> None:
        picked = self.item.values[0] if self.item.values else ""
        paper, problem = find_paper(click, picked)
        if paper is None:
            await tell(interaction, problem)
            return
        kit = PaperKit.of(click.client)
        await answer(interaction, lambda: click.library.paper(paper.id),
                     lambda result: paper_reply(result, kit, ephemeral=True), ephemeral=True)


class PaperButton(Action[discord.ui.Button], template=NEVER):
    """A button about one paper (its token the one argument): resolves the paper, then `act`s on it."""

    label: ClassVar[str] = ""
    emoji: ClassVar[str] = ""

    def __init__(self, fingerprint: str, *args: str) -> None:
        super().__init__(discord.ui.Button(label=self.label, emoji=self.emoji, style=discord.ButtonStyle.secondary,
                                           custom_id=encode(self.action, fingerprint, *args[:1])))

    async def run(self, interaction: discord.Interaction, click: Click) -> None:
        paper, problem = find_paper(click, token_arg(click))
        if paper is None:
            await tell(interaction, problem)
            return
        await self.act(interaction, click, paper)

    async def act(self, interaction: discord.Interaction, click: Click, paper: Paper) -> None:
        raise NotImplementedError


class CitePaper(PaperButton, template=template("cite")):
    """A BibTeX entry for the paper, privately; as a .bib file too when it is too long to show."""

    action, label, emoji = "cite", "Cite", "📑"

    async def act(self, interaction: discord.Interaction, click: Click, paper: Paper) -> None:
        kit = PaperKit.of(click.client)
        await answer(interaction, lambda: click.library.cite(paper.id), lambda result: cite_reply(result, kit.palette),
                     ephemeral=True)


def cite_reply(result: CiteAnswer, palette: Palette | None) -> Reply:
    """The entry in a code block, privately; attached as `<key>.bib` instead when it is too long to show."""
    if result.status == "found" and not cite_fits(result):
        name = f"{result.key}.bib"
        return Reply(embeds=[cite_embed(result, palette, attached=name)], ephemeral=True,
                     files=[Attachment(name, (result.bibtex + "\n").encode())])
    return Reply(embeds=[cite_embed(result, palette)], ephemeral=True)


class AskPaper(PaperButton, template=template("ask")):
    """Opens a modal asking for a question; the answer (see `ask_submitted`) comes from this paper only."""

    action, label, emoji = "ask", "Ask", "❓"

    async def act(self, interaction: discord.Interaction, click: Click, paper: Paper) -> None:
        token = token_arg(click)
        name = shorten(paper.title.split(":")[0], limits.MODAL_TITLE - len("Ask about "))
        modal = discord.ui.Modal(title=f"Ask about {name}", custom_id=encode(ASK_SUBMIT, click.library.fingerprint,
                                                                              token))
        modal.add_item(discord.ui.TextInput(
            label="Your question about this paper", custom_id=QUESTION_INPUT, style=discord.TextStyle.paragraph,
            placeholder=shorten("e.g. What does it propose? What does it reach on its benchmark?",
                                limits.TEXT_INPUT_PLACEHOLDER),
            required=True, min_length=1, max_length=QUESTION_MAX))
        await interaction.response.send_modal(stopped_modal(modal))


ASK_SUBMIT = "askq"


async def ask_submitted(interaction: discord.Interaction, click: Click, values: dict[str, str]) -> None:
    """The Ask modal's submission: an empty question gets a how-to; anything else goes to the core, which
    also declines a question too long to be one (a hand-made submission can carry 4,000 characters)."""
    paper, problem = find_paper(click, token_arg(click))
    if paper is None:
        await tell(interaction, problem)
        return
    question = values.get(QUESTION_INPUT, "")
    if not question_text(question):
        await tell(interaction, f"Type a question about “{shorten(paper.title, 120)}” in the box, "
                                "e.g. what it proposes or what it reaches on a benchmark.")
        return
    await answer(interaction, lambda: click.library.ask(question, paper_id=paper.id),
                 lambda result: Reply(embeds=[about(ask_embed(result), paper)], ephemeral=True),
                 ephemeral=True)


def about(embed: discord.Embed, paper: Paper) -> discord.Embed:
    """The embed headed with the paper the answer was restricted to, so a "not found" reads as "not in it"."""
    return embed.set_author(name=shorten(f"Asked about: {paper.title}", limits.EMBED_AUTHOR))


class DiscussPaper(PaperButton, template=template("discuss")):
    """Starts a public thread on the /paper reply, named after the paper, whose first message is its summary."""

    action, label, emoji = "discuss", "Discuss", "💬"

    async def act(self, interaction: discord.Interaction, click: Click, paper: Paper) -> None:
        refusal = discuss_refusal(interaction)
        if refusal:
            await tell(interaction, refusal)
            return
        message = interaction.message
        assert message is not None  # discuss_refusal checked it
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await run_core(lambda: click.library.paper(paper.id), interaction.client, "discuss")
        house = house_of(click.client)
        try:
            thread = await message.create_thread(name=thread_name(paper.title))
        except discord.HTTPException as failure:
            await tell(interaction, thread_failure(failure))
            return
        summary = dress([summary_embed(result, house.palette if house else None)], house)
        try:
            await thread.send(embeds=limits.fit_message(summary), allowed_mentions=NO_PINGS)
        except discord.HTTPException as failure:
            log.warning("Started thread %s but could not post the summary (%s %s)", thread.id, failure.status,
                        failure.code)
        note = notice_embed(f"Started a thread for this paper: {thread.mention}")
        await interaction.followup.send(embeds=dress([note], house), ephemeral=True, allowed_mentions=NO_PINGS)


def thread_name(title: str) -> str:
    return shorten(title, limits.THREAD_NAME)


def discuss_refusal(interaction: discord.Interaction) -> str:
    """Why a thread cannot be started from this click (empty when it can)."""
    if interaction.guild_id is None:
        return "Threads exist only in servers, so I can't start one in a direct message. Use /paper in a server."
    channel = interaction.channel
    if channel is None or channel.type not in THREAD_CHANNELS:
        return ("Threads can't be started from messages here (only in a server's text or announcement channels, "
                "not inside a thread, a forum or a voice chat). Use /paper in a text channel.")
    message = interaction.message
    if message is None or message.flags.ephemeral:
        return "Only a public /paper reply can get a thread. Run /paper in the channel, then press Discuss."
    existing = message.thread
    if existing is not None:
        return f"This paper already has a thread: {existing.mention}"
    missing = [name for flag, name in THREAD_PERMISSIONS.items() if not getattr(interaction.app_permissions, flag)]
    if missing:
        return (f"I can't start a thread here: I'm missing the {' and '.join(missing)} permission"
                f"{'s' if len(missing) > 1 else ''} in this channel. A server admin can grant "
                f"{'them' if len(missing) > 1 else 'it'} in the channel's or my role's settings.")
    if not interaction.permissions.create_public_threads:
        return "You need the Create Public Threads permission in this channel to start a discussion here."
    return ""


def thread_failure(failure: discord.HTTPException) -> str:
    """What went wrong when Discord refused the thread, in words."""
    if failure.code == 160004:
        return "This message already has a thread: open it from the message."
    if isinstance(failure, discord.Forbidden):
        return "Discord refused: I'm missing the Create Public Threads permission in this channel."
    if failure.code == 50024:
        return "Threads can't be started in this kind of channel."
    return f"Discord would not start the thread ({failure.status}). Please try again in a moment."


ACTIONS: tuple[type[Action[Any]], ...] = (OpenPaper, CitePaper, AskPaper, DiscussPaper)
