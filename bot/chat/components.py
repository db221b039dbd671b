"""Buttons, menus and modals whose state lives in their `custom_id`, so they keep working after a restart.

A custom_id reads `pb1:<fingerprint>:<action>[:<arg>…]`:
- `pb1` is the scheme and its version. A later scheme (`pb2`) can change the layout; a click on a component
  of a version this bot does not know gets a polite "run the command again" instead of silence.
- `<fingerprint>` is `Library.fingerprint` of the profile served when the message was sent (six base-32
  characters). A click after the profile changed is `stale`: the action decides whether it can still answer
  (a paper id that is still there) or says "this profile changed since".
- `<action>` names what the component does; each action is one `Action` subclass, registered with
  discord.py's `add_dynamic_items`, so discord.py rebuilds it from the custom_id on every click.
- the args are the action's state (a paper id, a page, an owner's user id…): no ':' inside, and the whole
  id within Discord's 100 characters (`encode` refuses anything longer rather than letting Discord 400).

Modals are answered the same way, from their custom_id alone: `Registry.add_modal` maps an action to a
handler, and `Registry.dispatch` (called from the bot's `on_interaction`) runs it, so a modal opened before
a restart can still be submitted after it. Every callback's failure ends in `errors.report`: a dynamic item's
exception would otherwise be swallowed by discord.py and the click left unanswered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import discord

from bot.chat import limits
from bot.chat.errors import report, tell

if TYPE_CHECKING:
    from retrieval.service import Library

log = logging.getLogger(__name__)

SCHEME = "pb"
VERSION = 1
PREFIX = f"{SCHEME}{VERSION}:"
SEPARATOR = ":"
ACTION = re.compile(r"[a-z][a-z0-9_]{0,15}")
FINGERPRINT = r"[a-z2-7]{6}"
OLD_VERSION = ("This button comes from another version of paperbot and no longer works. "
               "Run the command again for fresh buttons.")
STALE = "This profile changed since that message was sent. Run the command again for fresh results."

ItemT = TypeVar("ItemT", bound=discord.ui.Item[Any])


@dataclass(frozen=True)
class State:
    """A decoded custom_id."""

    fingerprint: str
    action: str
    args: tuple[str, ...] = ()


def encode(action: str, fingerprint: str, *args: object) -> str:
    """The custom_id for `action` with `args`; ValueError if an arg holds ':' or the id exceeds 100 characters."""
    if not ACTION.fullmatch(action):
        raise ValueError(f"not an action name: {action!r}")
    parts = [str(arg) for arg in args]
    if any(SEPARATOR in part for part in parts):
        raise ValueError(f"custom_id arguments must not contain {SEPARATOR!r}: {parts!r}")
    custom_id = SEPARATOR.join([f"{SCHEME}{VERSION}", fingerprint, action, *parts])
    if len(custom_id) > limits.CUSTOM_ID:
        raise ValueError(f"custom_id longer than {limits.CUSTOM_ID} characters: {custom_id!r}")
    return custom_id


def decode(custom_id: str) -> State | None:
    """The state in a custom_id of this scheme and version; None for anything else."""
    parts = custom_id.split(SEPARATOR)
    if len(parts) < 3 or parts[0] != f"{SCHEME}{VERSION}":
        return None
    _, fingerprint, action, *args = parts
    if not re.fullmatch(FINGERPRINT, fingerprint) or not ACTION.fullmatch(action):
        return None
    return State(fingerprint, action, tuple(args))


LEGACY_PREFIX = "paperbot:"  # the page buttons and menus of versions before this scheme (state in memory)


def ours(custom_id: str) -> bool:
    """Whether a custom_id belongs to this scheme, in any version (`pb1:…`, `pb2:…`), or to the in-memory
    components of earlier versions (`paperbot:next`): a click on one is told to run the command again."""
    return re.match(rf"{SCHEME}\d+{SEPARATOR}", custom_id) is not None or custom_id.startswith(LEGACY_PREFIX)


def template(action: str) -> str:
    """The regex discord.py matches a dynamic item's custom_id against."""
    return rf"{SCHEME}{VERSION}{SEPARATOR}(?P<fingerprint>{FINGERPRINT}){SEPARATOR}{action}(?:{SEPARATOR}.*)?"


@dataclass(frozen=True)
class Click:
    """What an action's handler gets: the decoded state, the library served now, and whether it changed."""

    state: State
    library: Library
    client: discord.Client

    @property
    def stale(self) -> bool:
        return self.state.fingerprint != self.library.fingerprint

    @property
    def args(self) -> tuple[str, ...]:
        return self.state.args


def library_of(client: discord.Client) -> Library:
    return client.library  # type: ignore[attr-defined]


NEVER = rf"{SCHEME}{VERSION}{SEPARATOR}(?!)"
"""The template of an abstract action (a base class): matches nothing."""


class Action(discord.ui.DynamicItem[ItemT], template=NEVER):
    """A component rebuilt from its custom_id on every click.

    Subclasses set `action` and a `template(action)`, build their item in `__init__(fingerprint, *args)`
    (which must accept any args: a hand-made custom_id may carry too few or too many, and an exception there
    would leave the click unanswered), check their args and answer in `run`.
    """

    action: ClassVar[str] = ""

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> Action[Any]:
        state = decode(match.string) or State(match.group("fingerprint"), cls.action)
        return cls(state.fingerprint, *state.args)  # type: ignore[call-arg]

    @property
    def state(self) -> State:
        return decode(self.custom_id) or State("", self.action)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.run(interaction, Click(self.state, library_of(interaction.client), interaction.client))
        except Exception as error:
            await report(interaction, error)

    async def run(self, interaction: discord.Interaction, click: Click) -> None:
        raise NotImplementedError


ModalHandler = Callable[[discord.Interaction, Click, dict[str, str]], Awaitable[None]]


def submitted_values(data: dict[str, Any]) -> dict[str, str]:
    """custom_id -> value of every text input in a modal submission (in action rows or labels)."""
    values: dict[str, str] = {}

    def walk(components: list[dict[str, Any]]) -> None:
        for component in components:
            if component.get("type") == 1:
                walk(component.get("components") or [])
            elif component.get("type") == 18 and isinstance(component.get("component"), dict):
                walk([component["component"]])
            elif "custom_id" in component:
                values[str(component["custom_id"])] = str(component.get("value") or "")

    walk(data.get("components") or [])
    return values


def stopped_modal(modal: discord.ui.Modal) -> discord.ui.Modal:
    """`modal`, stopped, so discord.py does not keep it in memory: its submission is answered by the
    registry from the custom_id, before and after a restart alike."""
    modal.stop()
    return modal


class Registry:
    """The actions and modal handlers of one bot; `dispatch` answers what discord.py will not."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client
        self.actions: dict[str, type[Action[Any]]] = {}
        self.modals: dict[str, ModalHandler] = {}

    def add(self, *actions: type[Action[Any]]) -> None:
        for action in actions:
            self.actions[action.action] = action
        self.client.add_dynamic_items(*actions)  # type: ignore[attr-defined]

    def add_modal(self, action: str, handler: ModalHandler) -> None:
        self.modals[action] = handler

    def knows(self, custom_id: str) -> bool:
        state = decode(custom_id)
        return state is not None and (state.action in self.actions or state.action in self.modals)

    async def dispatch(self, interaction: discord.Interaction) -> bool:
        """Answer a modal submission of ours, or a click on a component of ours that no action takes
        (another version, an action since removed). True when it answered."""
        data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
        custom_id = str(data.get("custom_id", ""))
        if not ours(custom_id):
            return False
        if interaction.type is discord.InteractionType.modal_submit:
            state = decode(custom_id)
            handler = self.modals.get(state.action) if state else None
            if state is not None and handler is not None:
                try:
                    await handler(interaction, Click(state, library_of(self.client), self.client),
                                  submitted_values(data))
                except Exception as error:
                    await report(interaction, error)
                return True
        elif interaction.type is discord.InteractionType.component and self.knows(custom_id):
            return False  # discord.py runs the dynamic item
        log.info("Answered a %s with an unknown custom_id %r", interaction.type.name, custom_id[:40])
        await tell(interaction, OLD_VERSION)
        return True
