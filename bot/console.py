"""A local console that takes the same commands as Discord, so anyone can try paperbot without a token.

    /papers diffusion category:CV sort:newest     /next  /prev
    /paper MetaMath      /stats      /help      /ask Which papers use Mamba?
    Which papers use Mamba?                        (a line without '/' is a question)
    /researchers         researcher:"Jane Doe" on any command, when several researchers are served
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from rapidfuzz import process

from bot.render_text import Style, render, render_search
from retrieval.answers import AskAnswer, SearchAnswer
from retrieval.lab import UnknownResearcher
from retrieval.service import Library

log = logging.getLogger(__name__)
PAGE_SIZE = 5
MAX_RESULTS = 100
OPTION_NAMES = ("limit", "category", "year_from", "year_to", "has_code", "sort", "researcher")
RESEARCHER_OPTION = re.compile(r"(?:^|\s)researcher:(?:\"(?P<quoted>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>\S+))",
                               re.IGNORECASE)
TRUE_WORDS = {"true", "yes", "1", "y", "on"}
FALSE_WORDS = {"false", "no", "0", "n", "off"}


class UsageError(Exception):
    """A console line that cannot be run as typed; the message says how to fix it."""


def parse_options(text: str) -> tuple[str, dict[str, str]]:
    """Split '/papers diffusion category:CV' into the free text and Discord-style `name:value` options."""
    try:
        parts = shlex.split(text)
    except ValueError:  # an unbalanced quote: take the words as they are
        parts = text.split()
    words, options = [], {}
    for part in parts:
        name, sep, value = part.partition(":")
        if sep and name.lower() in OPTION_NAMES and value:
            options[name.lower()] = value
        else:
            words.append(part)
    return " ".join(words), options


def take_researcher(text: str) -> tuple[str, str | None]:
    """Split 'researcher:"Jane Doe" rest' into the rest and the name; free text (titles, questions) is kept as
    typed, since a shell-style split would trip over its apostrophes."""
    match = RESEARCHER_OPTION.search(text)
    if match is None:
        return text, None
    name = next(value for value in match.group("quoted", "single", "bare") if value is not None)
    return (text[: match.start()] + " " + text[match.end() :]).strip(), name


def int_option(options: dict[str, str], name: str, low: int, high: int) -> int | None:
    if name not in options:
        return None
    value = options[name]
    if not value.isdigit() or not low <= int(value) <= high:
        raise UsageError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


def bool_option(options: dict[str, str], name: str) -> bool | None:
    value = options.get(name, "").lower()
    if not value:
        return None
    if value in TRUE_WORDS | FALSE_WORDS:
        return value in TRUE_WORDS
    raise UsageError(f"{name} must be true or false, not {value!r}")


@dataclass
class Console:
    """Turns one typed line into rendered text; remembers the last search for /next and /prev."""

    library: Library
    style: Style = field(default_factory=lambda: Style(colour=False))
    last_search: SearchAnswer | None = None
    page: int = 0
    researcher: str | None = None  # the session's default (paperbot console --researcher NAME)
    last_answer: AskAnswer | None = None  # the conversation so far: a follow-up ("and in 2024?") continues it

    def commands(self) -> dict[str, Callable[[str], str]]:
        return {
            "papers": self.papers,
            "paper": self.paper,
            "stats": self.stats,
            "researchers": lambda _: render(self.library.researchers(), self.style),
            "help": lambda _: render(self.library.help(), self.style),
            "ask": self.ask,
            "next": lambda _: self.turn(+1),
            "prev": lambda _: self.turn(-1),
        }

    def handle(self, line: str) -> str:
        """The reply to one line; never raises."""
        line = line.strip()
        if not line:
            return ""
        try:
            if not line.startswith("/"):
                return self.ask(line)
            name, _, rest = line[1:].partition(" ")
            command = self.commands().get(name.lower())
            if command is None:
                return self.unknown(name)
            return command(rest.strip())
        except (UsageError, UnknownResearcher) as error:
            return self.style.warn(str(error))
        except Exception:
            log.exception("console command failed: %r", line)
            return self.style.warn("Sorry, something went wrong with that request. Try /help.")

    def unknown(self, name: str) -> str:
        close = process.extractOne(name.lower(), list(self.commands()), score_cutoff=60)
        hint = f" Did you mean /{close[0]}?" if close else ""
        return self.style.warn(f"Unknown command /{name}.{hint} Type /help for the list.")

    def papers(self, text: str) -> str:
        query, options = parse_options(text)
        limit = int_option(options, "limit", 1, MAX_RESULTS) or MAX_RESULTS
        sort = options.get("sort", "relevance").lower()
        if sort not in ("relevance", "newest", "oldest"):
            raise UsageError(f"sort must be relevance, newest or oldest, not {sort!r}")
        self.last_search = self.library.search(
            query,
            k=limit,
            category=options.get("category"),
            year_from=int_option(options, "year_from", 1900, 2100),
            year_to=int_option(options, "year_to", 1900, 2100),
            has_code=bool_option(options, "has_code"),
            sort=sort,  # type: ignore[arg-type]
            researcher=options.get("researcher", self.researcher),
        )
        self.page = 0
        return self.show_page()

    def show_page(self) -> str:
        answer = self.last_search
        assert answer is not None
        start = self.page * PAGE_SIZE
        page = answer.model_copy(update={"hits": answer.hits[start : start + PAGE_SIZE]})
        text = render_search(page, self.style, offset=start)
        if len(answer.hits) > start + PAGE_SIZE:
            text += "\n" + self.style.dim("  /next for more")
        return text

    def turn(self, step: int) -> str:
        if self.last_search is None:
            return self.style.warn(f"No search yet: try /papers {self.library.example_search()}")
        pages = max(1, -(-len(self.last_search.hits) // PAGE_SIZE))
        if not 0 <= self.page + step < pages:
            return self.style.dim("That was the " + ("last" if step > 0 else "first") + " page.")
        self.page += step
        return self.show_page()

    def paper(self, text: str) -> str:
        text, researcher = take_researcher(text)
        if not text:
            raise UsageError(f"Which paper? Try /paper {self.library.titles.example}")
        return render(self.library.paper(text, researcher=researcher or self.researcher), self.style)

    def stats(self, text: str) -> str:
        _, researcher = take_researcher(text)
        return render(self.library.stats(researcher or self.researcher), self.style)

    def ask(self, text: str) -> str:
        text, researcher = take_researcher(text)
        if not text:
            raise UsageError(f"Ask a question, e.g. /ask {self.library.example_question()}")
        context = self.last_answer.context if self.last_answer is not None else None
        self.last_answer = self.library.ask(text, researcher=researcher or self.researcher, context=context)
        return render(self.last_answer, self.style)


def run_console(library: Library, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                researcher: str | None = None) -> int:
    """The interactive loop; returns the exit code when the input ends (Ctrl-D) or on /quit."""
    interactive = stdin.isatty() and stdout.isatty()
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing and history for input())
    if researcher:
        library.scope(researcher)  # an unknown name stops here, as one line, before the prompt opens
    console = Console(library, Style(colour=interactive and "NO_COLOR" not in os.environ), researcher=researcher)
    who = f"{library.profile.name} ({len(library.members)} researchers)" if library.is_group else library.profile.name
    stdout.write(f"paperbot — {who}, {len(library.profile.papers)} papers. Type /help, /quit.\n")
    while True:
        try:
            line = input("paperbot> ") if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            stdout.write("\n")
            return 0
        if not interactive and not line:
            return 0
        if line.strip().lower() in {"/quit", "/exit", "quit", "exit"}:
            return 0
        reply = console.handle(line)
        if reply:
            stdout.write(reply + "\n\n")
            stdout.flush()
