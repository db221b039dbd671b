"""A chat message made into a question: what is removed, and how long a question may be. One place for both.

Every face (the console, `paperbot ask`, a slash command, a mention or a DM) hands the raw text to the core,
and the core cleans it here: Discord mention syntax (users, roles, channels, emoji, @everyone/@here — so
nothing is ever echoed as a ping), code fences and backticks (their content is kept as text), URLs, control
characters and runs of whitespace.

A question is a sentence or two. A message longer than `MAX_QUESTION_CHARS` once cleaned is declined politely
rather than answered from a cut: a pasted page is not a question, and an answer to half of it could be wrong.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUESTION_CHARS = 500
"""The longest question answered, in characters after cleaning; also the /ask option's maximum length."""

_MENTION = re.compile(r"<@[!&]?\d+>|<#\d+>|<a?:\w+:\d+>|[@＠]\u200b?(?:everyone|here)\b|<@[!&]?\w*>?")
_FENCE = re.compile(r"```(?:[A-Za-z0-9_+-]*\n)?")
_BACKTICKS = re.compile(r"`+")
_URL = re.compile(r"https?://\S+|\bwww\.\S+")


@dataclass(frozen=True)
class CleanQuestion:
    """A cleaned question: its text (at most `MAX_QUESTION_CHARS`), and whether the message was longer."""

    text: str
    length: int
    too_long: bool

    @property
    def empty(self) -> bool:
        return not self.text.strip(" ?!.,;:")


def clean_text(raw: str) -> str:
    """The message as plain text: mentions, code fences, backticks and URLs removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = _MENTION.sub(" ", text)
    text = _FENCE.sub(" ", text)
    text = _BACKTICKS.sub(" ", text)
    text = _URL.sub(" ", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = _MENTION.sub(" ", " ".join(text.split()))  # a mention put back together by the removals above
    return " ".join(text.split())


def clean_question(raw: str) -> CleanQuestion:
    """The question in a message (see the module docstring); a too-long one keeps only its start, for display."""
    text = clean_text(raw)
    if len(text) > MAX_QUESTION_CHARS:
        return CleanQuestion(text=text[:MAX_QUESTION_CHARS], length=len(text), too_long=True)
    return CleanQuestion(text=text, length=len(text), too_long=False)
