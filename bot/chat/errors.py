"""The one error handler: every failure ends as a polite ephemeral note for the user and a log entry.

Slash commands reach it through `CommandTree.on_error`, buttons and menus through `View.on_error`, and
the mention listener calls `friendly_message` itself. Expected problems (a cooldown, a bad option value)
are logged at INFO; anything else with its traceback at ERROR. No interaction is left unanswered: if the
reply itself fails (the interaction expired), that is logged too.
"""

from __future__ import annotations

import contextlib
import logging
import math

import discord
from discord import app_commands

from bot.chat.embeds import notice_embed
from bot.chat.house import dress, house_of
from retrieval.lab import UnknownResearcher

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
GENERIC = "Sorry, something went wrong on my side while answering. It has been logged; please try again in a moment."
EXPECTED = (
    app_commands.CommandOnCooldown,
    app_commands.TransformerError,
    app_commands.CheckFailure,
    app_commands.CommandNotFound,
    app_commands.CommandSignatureMismatch,
)


def friendly_message(error: BaseException) -> str:
    """What to tell the user about `error`: specific when it is their input, generic when it is our bug."""
    original = getattr(error, "original", error)
    if isinstance(original, UnknownResearcher):
        return str(original)
    if isinstance(original, TimeoutError):
        return "That took me too long to answer. Please try again, or ask something narrower."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Easy there: you can ask again in {max(1, math.ceil(error.retry_after))} s."
    if isinstance(error, (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)):
        return ("That command changed since your Discord app loaded it. Wait a minute (or restart Discord) "
                "and try again.")
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't read “{discord.utils.escape_markdown(str(error.value))[:100]}” for that option."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command only works in a server."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that command here."
    return GENERIC


def describe(interaction: discord.Interaction) -> str:
    """Where an interaction came from, for log lines (ids only: no message text, no tokens)."""
    command = interaction.command.qualified_name if interaction.command else interaction.type.name
    place = f"guild {interaction.guild_id}" if interaction.guild_id else "DM"
    return f"{command} by user {interaction.user.id} in {place}"


EXPIRED_CODES = {10062: "expired before it could be answered", 40060: "was already answered"}


async def report(interaction: discord.Interaction, error: BaseException) -> None:
    """Log `error` and answer the interaction with a friendly ephemeral note.

    Discord refusing the response itself (10062 Unknown interaction: it came too late for the 3-second
    deadline, e.g. after a gateway outage; 40060: already acknowledged) is not our bug and cannot be answered:
    one line, no traceback, no second attempt."""
    original = getattr(error, "original", None) or error
    if isinstance(original, discord.HTTPException) and original.code in EXPIRED_CODES:
        responder = getattr(interaction.client, "responder", None)
        if responder is not None:  # counted in the responder's summary line: a storm of them is one line a minute
            responder.count(EXPIRED_CODES[original.code])
            log.debug("%s %s (%s %s)", describe(interaction), EXPIRED_CODES[original.code], original.status,
                      original.code)
        else:
            log.warning("%s %s (%s %s)", describe(interaction), EXPIRED_CODES[original.code], original.status,
                        original.code)
        return
    if isinstance(error, EXPECTED) or isinstance(original, UnknownResearcher):
        log.info("%s: %s", describe(interaction), type(error).__name__)
    else:
        log.error("Error while handling %s", describe(interaction), exc_info=original)
    await tell(interaction, friendly_message(error))


async def tell(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral note for the user, whatever state the interaction is in. Never raises."""
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            if not interaction.response.is_done():
                await interaction.response.autocomplete([])
            return
        embed = dress([notice_embed(text, error=text == GENERIC)], house_of(interaction.client))[0]
        if not interaction.response.is_done():
            await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        if interaction.response.type is discord.InteractionResponseType.deferred_channel_message:
            # A public "is thinking…" placeholder would otherwise stay forever: replace it by the private note.
            with contextlib.suppress(discord.HTTPException):
                await interaction.delete_original_response()
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException as failure:
        log.warning("Could not answer %s (%s %s); the interaction has probably expired",
                    describe(interaction), failure.status, failure.code)


class ReportingTree(app_commands.CommandTree):
    """A command tree whose errors all go through `report`."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await report(interaction, error)
