"""Answering an interaction in time: run the core off the event loop, defer if it is slow, then reply.

Discord drops an interaction that is not acknowledged within 3 seconds. The core is synchronous and may
take longer (first search builds the index; the ask engine reads many sentences), so its work runs in a
thread. If it has not finished after `defer_after` seconds the interaction is deferred ("is thinking…")
and the original response edited once the answer is ready; fast answers go out in one request.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import discord

from bot.chat import limits
from bot.chat.errors import NO_PINGS
from bot.chat.house import dress, house_of

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFER_AFTER_SECONDS = 1.0
CORE_TIMEOUT_SECONDS = 60.0  # a deferred reply must come long before the 15-minute token expires
AUTOCOMPLETE_BUDGET_SECONDS = 2.0  # autocomplete cannot be deferred: answer in time or answer nothing


@dataclass(frozen=True)
class Timing:
    """How long to wait for the core before deferring, and before giving up."""

    defer_after: float = DEFER_AFTER_SECONDS
    core_timeout: float = CORE_TIMEOUT_SECONDS
    autocomplete_budget: float = AUTOCOMPLETE_BUDGET_SECONDS


class LiveViews:
    """The messages whose components are still answered, so stale clicks can be told apart."""

    def __init__(self) -> None:
        self._views: dict[int, discord.ui.View] = {}

    def add(self, message_id: int, view: discord.ui.View) -> None:
        self._views[message_id] = view

    def discard(self, message_id: int | None) -> None:
        if message_id is not None:
            self._views.pop(message_id, None)

    def __contains__(self, message_id: int) -> bool:
        view = self._views.get(message_id)
        return view is not None and not view.is_finished()

    def __len__(self) -> int:
        return sum(not view.is_finished() for view in self._views.values())


@dataclass
class Reply:
    embeds: list[discord.Embed] = field(default_factory=list)
    content: str | None = None
    view: discord.ui.View | None = None
    ephemeral: bool = False
    files: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class Attachment:
    """A file to upload with the reply; an embed shows an image one as `attachment://<filename>`."""

    filename: str
    data: bytes

    @property
    def url(self) -> str:
        return f"attachment://{self.filename}"

    def file(self) -> discord.File:
        """A fresh discord.File: one is consumed by each upload."""
        return discord.File(io.BytesIO(self.data), filename=self.filename)


async def run_core(work: Callable[[], T]) -> T:
    """`work()` in a worker thread, so heartbeats and other users are not blocked while it runs."""
    return await asyncio.to_thread(work)


async def answer(
    interaction: discord.Interaction,
    work: Callable[[], T],
    render: Callable[[T], Reply],
    *,
    timing: Timing = Timing(),
    ephemeral: bool = False,
    live: LiveViews | None = None,
) -> discord.InteractionMessage | None:
    """Compute with `work`, deferring when it takes longer than `timing.defer_after`, and send `render(result)`.

    Exceptions propagate to the caller's error handler, which knows how to answer a deferred interaction.
    """
    task = asyncio.ensure_future(run_core(work))
    done, _ = await asyncio.wait({task}, timeout=timing.defer_after)
    if not done:
        log.debug("Deferring %s: the core is still working after %.1f s", interaction.id, timing.defer_after)
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    result = await asyncio.wait_for(task, timing.core_timeout)
    return await send(interaction, render(result), live)


async def send(
    interaction: discord.Interaction, reply: Reply, live: LiveViews | None = None
) -> discord.InteractionMessage | None:
    """Send `reply` as the interaction's response (or edit the deferred one); returns the message if known.

    A view with an `attach(message, live)` method is registered in `live` under the sent message's id.
    """
    message = await _send(interaction, reply)
    attach = getattr(reply.view, "attach", None)
    if live is not None and attach is not None:
        attach(message, live)
    return message


async def _send(interaction: discord.Interaction, reply: Reply) -> discord.InteractionMessage | None:
    embeds = limits.fit_message(dress(reply.embeds, house_of(interaction.client)))
    content = limits.clip(reply.content, limits.MESSAGE_CONTENT) if reply.content else None
    if not interaction.response.is_done():
        kwargs: dict[str, Any] = {"view": reply.view} if reply.view is not None else {}
        if reply.files:
            kwargs["files"] = [attachment.file() for attachment in reply.files]
        callback = await interaction.response.send_message(
            content=content, embeds=embeds, ephemeral=reply.ephemeral, allowed_mentions=NO_PINGS, **kwargs
        )
        resource = getattr(callback, "resource", None)
        if isinstance(resource, discord.InteractionMessage):
            return resource
        return await interaction.original_response() if reply.view is not None else None
    files = {"attachments": [attachment.file() for attachment in reply.files]} if reply.files else {}
    return await interaction.edit_original_response(
        content=content, embeds=embeds, view=reply.view, allowed_mentions=NO_PINGS, **files
    )
