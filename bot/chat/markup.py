"""Plain text from the core made safe for Discord: markdown escaped, mentions defused, lengths bounded.

The answer objects hold plain text (titles, authors, abstracts); a title such as `*Attention* @everyone`
must show exactly those characters in Discord, neither in italics nor as a ping.
"""

from __future__ import annotations

import functools
import re

import discord

from bot.chat.limits import clip
from retrieval.answers import Span

_CODE_FENCE = re.compile(r"```[a-zA-Z0-9_+-]*\n?|```|`")
_BOT_MENTION = "<@{id}>|<@!{id}>"


@functools.lru_cache(maxsize=8192)
def safe(text: str) -> str:
    """`text` with Discord markdown escaped and @everyone / @here / user and role mentions defused.

    Cached: the same titles, authors and snippets are rendered again and again, and the two regex passes
    were the largest share of rendering a /papers page."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def safe_clip(text: str, limit: int) -> str:
    """Escape, then clip: the escaped text is what counts against Discord's limits."""
    return clip(safe(text), limit)


def highlighted(snippet: str, spans: list[Span], limit: int) -> str:
    """The snippet, escaped, with each span in bold; plain text is clipped first so no `**` pair is cut."""
    budget = max(1, limit - 4 * len(spans))
    text = snippet
    if len(safe(text)) > budget:
        text = clip(text, max(1, budget // 2))  # escaping can at most double the length
    parts: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: s.start):
        start, end = max(span.start, position), min(span.end, len(text))
        if start >= end:
            continue
        parts.append(safe(text[position:start]))
        parts.append(f"**{safe(text[start:end])}**")
        position = end
    parts.append(safe(text[position:]))
    result = "".join(parts)
    return result if len(result) <= limit else safe_clip(snippet, limit)


def shorten(text: str, limit: int) -> str:
    """Plain (unescaped) text for places Discord shows literally: autocomplete choices, select labels."""
    return clip(" ".join(text.split()), limit)


def strip_code_fences(text: str) -> str:
    """A question pasted inside ``` or ` marks, without the marks."""
    return " ".join(_CODE_FENCE.sub(" ", text).split())


def strip_bot_mention(content: str, bot_id: int) -> str:
    """The message content without mentions of the bot itself (`<@id>` and the legacy `<@!id>`)."""
    return " ".join(re.sub(_BOT_MENTION.format(id=bot_id), " ", content).split())
