"""Every Discord size limit paperbot relies on, in one place, and the helpers that keep text inside them.

Discord rejects a whole message (HTTP 400, code 50035) when any one part is too long, so every renderer
passes its text through `clip` and every embed through `fit_embed` before it is sent.
Sources: https://discord.com/developers/docs/resources/message#embed-object-embed-limits and the
application-command and component references.
"""

from __future__ import annotations

import discord

# Embeds.
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000  # characters across all embeds of one message
EMBEDS_PER_MESSAGE = 10
# Messages.
MESSAGE_CONTENT = 2000
# Application commands.
COMMAND_NAME = 32
COMMAND_DESCRIPTION = 100
OPTION_DESCRIPTION = 100
OPTION_STRING_MAX = 6000  # the most a string option may ever carry
CHOICES = 25  # autocomplete choices and static choices
CHOICE_NAME = 100
CHOICE_VALUE = 100
# Components.
SELECT_OPTIONS = 25
SELECT_LABEL = 100
SELECT_DESCRIPTION = 100
SELECT_VALUE = 100
SELECT_PLACEHOLDER = 150
BUTTON_LABEL = 80
CUSTOM_ID = 100
BUTTONS_PER_ROW = 5
ROWS_PER_MESSAGE = 5
# Modals.
MODAL_TITLE = 45
TEXT_INPUT_LABEL = 45
TEXT_INPUT_PLACEHOLDER = 100
TEXT_INPUT_VALUE = 4000  # the most a text input may ever hold
# Threads and attachments.
THREAD_NAME = 100
ATTACHMENT_BYTES = 10 * 1024 * 1024  # the smallest upload limit a server can have (no boosts)
CONTEXT_MENU_NAME = 32
# Interactions.
ACK_DEADLINE_SECONDS = 3.0  # an interaction not acknowledged by then is dropped by Discord
TOKEN_LIFETIME_SECONDS = 15 * 60  # follow-ups and edits stop working after this

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut.

    Never leaves a dangling backslash: half of a markdown escape would escape the ellipsis instead.
    """
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    cut = text[: limit - 1].rstrip()
    trailing = len(cut) - len(cut.rstrip("\\"))
    if trailing % 2:
        cut = cut[:-1]
    return cut + ELLIPSIS


def embed_length(embeds: list[discord.Embed]) -> int:
    """Characters Discord counts against the 6,000 limit: titles, descriptions, field names and values,
    footer texts and author names."""
    return sum(len(embed) for embed in embeds)


def fit_embed(embed: discord.Embed, budget: int = EMBED_TOTAL) -> discord.Embed:
    """Clip every part of `embed` to its own limit, then drop or shorten fields until the whole embed
    fits `budget` characters. Returns the same embed, modified in place."""
    if embed.title:
        embed.title = clip(embed.title, EMBED_TITLE)
    if embed.description:
        embed.description = clip(embed.description, EMBED_DESCRIPTION)
    if embed.author and embed.author.name:
        author = embed.author
        embed.set_author(name=clip(author.name, EMBED_AUTHOR), url=author.url, icon_url=author.icon_url)
    if embed.footer and embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, EMBED_FOOTER), icon_url=embed.footer.icon_url)
    fields = [(clip(f.name or "\u200b", EMBED_FIELD_NAME), clip(f.value or "\u200b", EMBED_FIELD_VALUE), f.inline)
              for f in embed.fields][:EMBED_FIELDS]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    _shrink_to_budget(embed, budget)
    return embed


def _shrink_to_budget(embed: discord.Embed, budget: int) -> None:
    """Trim the least important text first: trailing fields, then the description, then the footer."""
    while len(embed) > budget and embed.fields:
        last = embed.fields[-1]
        excess = len(embed) - budget
        if len(last.value or "") - excess >= 40:  # still worth showing a shortened value
            embed.set_field_at(len(embed.fields) - 1, name=last.name, value=clip(last.value, len(last.value) - excess),
                               inline=last.inline)
        else:
            embed.remove_field(len(embed.fields) - 1)
    if len(embed) > budget and embed.description:
        excess = len(embed) - budget
        embed.description = clip(embed.description, max(1, len(embed.description) - excess))
    if len(embed) > budget and embed.footer and embed.footer.text:
        excess = len(embed) - budget
        embed.set_footer(text=clip(embed.footer.text, max(1, len(embed.footer.text) - excess)))
    if len(embed) > budget and embed.title:
        excess = len(embed) - budget
        embed.title = clip(embed.title, max(1, len(embed.title) - excess))


def fit_message(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """At most ten embeds sharing at most 6,000 characters: later embeds get what earlier ones left."""
    kept: list[discord.Embed] = []
    remaining = EMBED_TOTAL
    for embed in embeds[:EMBEDS_PER_MESSAGE]:
        if remaining < 50:
            break
        fit_embed(embed, budget=remaining)
        remaining -= len(embed)
        kept.append(embed)
    return kept
