"""The custom_id scheme of components that survive restarts, and reading a message for the message menu."""

from __future__ import annotations

import re

import discord
import pytest

from bot.chat import limits
from bot.chat.components import State, decode, encode, ours, submitted_values, template
from bot.chat.message_search import message_words, nothing_to_search


def test_a_custom_id_round_trips_and_matches_its_actions_template() -> None:
    custom_id = encode("cite", "abc234", "some-paper-id")
    assert custom_id == "pb1:abc234:cite:some-paper-id"
    assert decode(custom_id) == State("abc234", "cite", ("some-paper-id",))
    assert re.fullmatch(template("cite"), custom_id)
    assert not re.fullmatch(template("cite"), encode("ask", "abc234", "some-paper-id"))
    assert decode(encode("open", "abc234")) == State("abc234", "open", ())


@pytest.mark.parametrize("bad", [("cite", "abc234", "a:b"), ("cite", "abc234", "x" * 100), ("Cite!", "abc234")])
def test_ids_discord_would_reject_or_that_would_not_decode_are_refused(bad: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        encode(*bad)


def test_other_versions_and_foreign_ids_are_recognised_but_not_decoded() -> None:
    assert ours("pb2:abc234:cite:x") and decode("pb2:abc234:cite:x") is None
    assert ours("paperbot:next") and decode("paperbot:next") is None, "an earlier version's button: told to rerun"
    assert not ours("someone-else:next")
    assert decode("pb1:NOTOK!:cite:x") is None and decode("pb1:abc234") is None
    assert len(encode("discuss", "abc234", "p" * 81)) == limits.CUSTOM_ID


def test_a_modal_submission_is_read_from_action_rows_and_labels() -> None:
    data = {"custom_id": "pb1:abc234:askq:x", "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "question", "value": "What is it?"}]},
        {"type": 18, "component": {"type": 4, "custom_id": "other", "value": ""}},
    ]}
    assert submitted_values(data) == {"question": "What is it?", "other": ""}


class Message:
    """The parts of a discord.Message the message menu reads."""

    def __init__(self, content: str = "", *, embeds: list[discord.Embed] | None = None, files: int = 0) -> None:
        self.content = content
        self.embeds = embeds or []
        self.attachments = [object()] * files
        self.stickers: list[object] = []


def test_the_words_of_a_message_leave_out_links_mentions_and_emoji() -> None:
    message = Message("<@123> look at https://arxiv.org/abs/1 <:pog:99> diffusion **models** `code` @everyone")
    assert message_words(message) == "look at diffusion **models** code"  # type: ignore[arg-type]
    card = Message(embeds=[discord.Embed(title="SepLLM", description="KV cache compression")])
    assert message_words(card) == "SepLLM KV cache compression"  # type: ignore[arg-type]


@pytest.mark.parametrize(("message", "what"), [
    (Message(files=1), "only an image or a file"),
    (Message("https://example.org/paper.pdf"), "only a link"),
    (Message("<@123> <@&456> @here"), "only mentions"),
    (Message("🎉 👍"), "no words (only emoji or symbols)"),
    (Message(""), "no text"),
])
def test_a_message_without_words_is_told_apart(message: Message, what: str) -> None:
    assert message_words(message) == ""  # type: ignore[arg-type]
    assert nothing_to_search(message).startswith(f"That message has {what},")  # type: ignore[arg-type]
