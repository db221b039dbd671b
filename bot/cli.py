"""`paperbot …`: the command line. One-shot commands for scripts (`--json`), the console, and the bot.

Every error ends as one clear line on stderr and a non-zero exit code; `--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel

from bot.render_text import Style, render
from bot.settings import Settings, SettingsError, load_settings
from retrieval.answers import AskContext, StatsAnswer
from retrieval.conversation import ContextError, context_from_json
from retrieval.lab import UnknownResearcher
from retrieval.profile import ProfileError
from retrieval.service import Library
from retrieval.sources import ProfileShelf, open_shelf

EXIT_USAGE = 2
SORTS = ("relevance", "newest", "oldest")
RESEARCHER_HELP = "only this researcher's papers, when several are served (default: everyone)"


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def year(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"expected a year such as 2023, got {text!r}")
    return int(text)


def positive(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 1000, got {text!r}")
    return int(text)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after the command name.

    Defaults are suppressed so that a value given before the command survives the subparser's parse.
    """
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--profile", help="profiles to serve: a file (text export or .bib), several separated by "
                        f"{os.pathsep!r}, or a folder (default: PROFILE_PATH, else the seed profile)")
    common.add_argument("--reference-date", type=iso_date, help="'today' for dates without a year (YYYY-MM-DD)")
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="paperbot",
        description="A Discord bot that knows a researcher's papers. With no command: the bot when DISCORD_TOKEN "
        "is set, the console otherwise.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    console = commands.add_parser("console", parents=[common],
                                  help="interactive prompt that takes the Discord commands")
    console.add_argument("--researcher", help="answer about this researcher's papers unless a line says otherwise")
    commands.add_parser("run", parents=[common], help="start the Discord bot (needs DISCORD_TOKEN)")
    commands.add_parser("sync", parents=[common], help="register the slash commands with Discord now")

    stats = commands.add_parser("stats", parents=[common], help="the researcher's record at a glance")
    stats.add_argument("--json", action="store_true", help="print the answer object as JSON")
    stats.add_argument("--chart", type=Path, metavar="FILE.png",
                       help="also write the /stats chart (papers per year by category, or per member) to FILE.png")
    stats.add_argument("--researcher", help=RESEARCHER_HELP)

    researchers = commands.add_parser("researchers", parents=[common], help="who is served, with their papers")
    researchers.add_argument("--json", action="store_true", help="print the answer object as JSON")

    search = commands.add_parser("search", parents=[common], help="search titles and abstracts")
    search.add_argument("query", nargs="?", default="", help="words to search for (empty: newest papers)")
    search.add_argument("--k", type=positive, default=5, help="how many results (default 5)")
    search.add_argument("--category", help="category code or name, e.g. CV or 'Computer Vision'")
    search.add_argument("--since", type=year, help="only papers from this year on")
    search.add_argument("--until", type=year, help="only papers up to this year")
    search.add_argument("--code", action="store_true", help="only papers with code")
    search.add_argument("--sort", choices=SORTS, default="relevance")
    search.add_argument("--researcher", help=RESEARCHER_HELP)
    search.add_argument("--json", action="store_true", help="print the answer object as JSON")

    paper = commands.add_parser("paper", parents=[common], help="one paper: TL;DR, key points, related papers")
    paper.add_argument("title", help="the title, or part of it")
    paper.add_argument("--researcher", help=RESEARCHER_HELP)
    paper.add_argument("--json", action="store_true", help="print the answer object as JSON")

    cite = commands.add_parser("cite", parents=[common], help="a BibTeX entry for one paper")
    cite.add_argument("title", help="the title, or part of it")
    cite.add_argument("--json", action="store_true", help="print the answer object as JSON")

    ask = commands.add_parser("ask", parents=[common], help="a question in plain words")
    ask.add_argument("question")
    ask.add_argument("--researcher", help=RESEARCHER_HELP)
    ask.add_argument("--context", metavar="JSON|FILE|-",
                     help="the previous answer (its --json output, a file holding it, or - for stdin): the question "
                     "is read as a follow-up to it, e.g. 'and in 2024?'")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")

    summarize = commands.add_parser("summarize", parents=[common], help="TL;DRs for JSON lines (id, title, abstract)")
    summarize.add_argument("file", nargs="?", default="-", help="JSON lines file, or - for standard input")

    evaluate = commands.add_parser("eval", parents=[common], help="nDCG@10 and Recall@100 on a BEIR-format set")
    evaluate.add_argument("--corpus", type=Path, required=True)
    evaluate.add_argument("--queries", type=Path, required=True)
    evaluate.add_argument("--qrels", type=Path, required=True)
    evaluate.add_argument("--json", action="store_true")
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(profile_path=args.profile, reference_date=args.reference_date)


def load_catalogue(settings: Settings) -> tuple[ProfileShelf, Library]:
    """The configured profiles and the library serving them. Files that cannot be served and the profiles'
    warnings (a paper count that differs from the declared one, skipped BibTeX entries) go to stderr, one line
    each, so they are seen without spoiling --json output; a ProfileError only when no profile can be served."""
    shelf, change = open_shelf(settings.profile_locations, settings.reference_date)
    library = Library.from_profiles(shelf.served(), settings.lab_name)
    for warning in [*change.problems, *library.profile.problems, *library.profile.warnings]:
        print(f"paperbot: warning: {warning}", file=sys.stderr)
    return shelf, library


def load_library(settings: Settings) -> Library:
    return load_catalogue(settings)[1]


def emit(answer: BaseModel, as_json: bool) -> None:
    if as_json:
        print(answer.model_dump_json(indent=2))
    else:
        print(render(answer, Style(colour=colour_wanted(sys.stdout))))


def colour_wanted(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level_number, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def cmd_default(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if settings.discord_token is None:
        print("paperbot: DISCORD_TOKEN is not set, starting the console (Ctrl-D to quit)", file=sys.stderr)
        return cmd_console(args, settings)
    print("paperbot: DISCORD_TOKEN is set, starting the Discord bot", file=sys.stderr)
    return cmd_run(args, settings)


def cmd_console(args: argparse.Namespace, settings: Settings | None = None) -> int:
    from bot.console import run_console

    settings = settings or settings_from(args)
    # The console's reader sees friendly messages; tracebacks go to stderr only with --debug.
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.CRITICAL, format="%(levelname)s %(message)s")
    return run_console(load_library(settings), researcher=getattr(args, "researcher", None))


def discord_ready(args: argparse.Namespace, settings: Settings | None = None
                  ) -> tuple[Settings, ProfileShelf, Library]:
    """Settings with a well-formed token (else SettingsError: one line, exit 2), logging on, the library loaded."""
    settings = settings or settings_from(args)
    settings.token_value()
    setup_logging(settings)
    return settings, *load_catalogue(settings)


def cmd_run(args: argparse.Namespace, settings: Settings | None = None) -> int:
    from bot.chat.client import run_bot

    settings, shelf, library = discord_ready(args, settings)
    # Every index is built before the bot connects. Building the question engine's parts after connecting starts a
    # large lab about a second sooner, but the bot then sheds load ("busy") while they are built (bench/lab.py).
    library.warm()
    with unreachable_discord_is_an_error(settings):
        run_bot(settings, library, shelf)
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from bot.chat.client import sync_commands

    settings, _, library = discord_ready(args)
    with unreachable_discord_is_an_error(settings):
        print(sync_commands(settings, library))
    return 0


@contextlib.contextmanager
def unreachable_discord_is_an_error(settings: Settings) -> Iterator[None]:
    """A network failure reaching Discord as one line that says where it tried, not an aiohttp repr."""
    import aiohttp

    try:
        yield
    except (aiohttp.ClientConnectionError, OSError) as error:
        where = settings.discord_api_base
        raise CliError(f"cannot reach Discord at {where} ({type(error).__name__}): check the network connection, "
                       "or DISCORD_API_BASE / DISCORD_GATEWAY_URL") from None


def cmd_stats(args: argparse.Namespace) -> int:
    library = load_library(settings_from(args))
    stats = library.stats(args.researcher)
    if args.chart is not None:
        write_chart(library, stats, args.chart)
    emit(stats, args.json)
    return 0


def cmd_researchers(args: argparse.Namespace) -> int:
    emit(load_library(settings_from(args)).researchers(), args.json)
    return 0


def write_chart(library: Library, stats: StatsAnswer, path: Path) -> None:
    """The /stats chart as a PNG file; a profile without papers or an unwritable path is a one-line error."""
    from bot import chart  # matplotlib loads only when a chart is asked for
    from bot.palette import Palette

    if path.suffix.lower() != ".png":
        raise CliError(f"--chart {path}: expected a file name ending in .png", EXIT_USAGE)
    drawn = chart.render(stats, Palette(library.categories))
    if drawn is None:
        raise CliError(f"--chart {path}: the profile has no papers to chart")
    try:
        path.write_bytes(drawn.png)
    except OSError as error:
        raise CliError(f"--chart {path}: cannot write the file ({error.strerror or error})") from None
    what = f"{len(drawn.stacks)} members' papers" if drawn.by == "member" else f"{sum(drawn.totals())} papers"
    print(f"paperbot: wrote the chart of {what} to {path}", file=sys.stderr)


def cmd_cite(args: argparse.Namespace) -> int:
    answer = load_library(settings_from(args)).cite(args.title)
    emit(answer, args.json)
    return 0 if answer.status == "found" else 1


def cmd_search(args: argparse.Namespace) -> int:
    library = load_library(settings_from(args))
    answer = library.search(
        args.query,
        k=args.k,
        category=args.category,
        year_from=args.since,
        year_to=args.until,
        has_code=True if args.code else None,
        sort=args.sort,
        researcher=args.researcher,
    )
    emit(answer, args.json)
    return 0


def cmd_paper(args: argparse.Namespace) -> int:
    answer = load_library(settings_from(args)).paper(args.title, researcher=args.researcher)
    emit(answer, args.json)
    return 0 if answer.status == "found" else 1


def cmd_ask(args: argparse.Namespace) -> int:
    context = read_context(args.context) if args.context else None
    library = load_library(settings_from(args))
    emit(library.ask(args.question, researcher=args.researcher, context=context), args.json)
    return 0


def read_context(value: str) -> AskContext:
    """`--context`: the previous answer's JSON, given inline, as a file, or on stdin ('-')."""
    if value == "-":
        text = sys.stdin.read()
    elif value.lstrip().startswith("{"):
        text = value
    else:
        path = Path(value).expanduser()
        if not path.is_file():
            raise CliError(f"--context: no file at {path} (give the previous answer's JSON, a file, or -)", EXIT_USAGE)
        text = path.read_text(encoding="utf-8", errors="replace")
    try:
        return context_from_json(text)
    except ContextError as error:
        raise CliError(f"--context: {error}", EXIT_USAGE) from None


def cmd_summarize(args: argparse.Namespace) -> int:
    from retrieval.summarize import summarize_rows

    stream = sys.stdin if args.file == "-" else open_text(Path(args.file))
    with stream:
        try:
            for row in summarize_rows(read_json_lines(stream)):
                print(json.dumps(row, ensure_ascii=False), flush=False)
        except ValueError as error:
            raise CliError(f"{args.file}: {error}") from None
    return 0


def open_text(path: Path) -> TextIO:
    try:
        return path.open(encoding="utf-8")
    except OSError as error:
        raise CliError(f"{path}: cannot read the file ({error.strerror or error})") from None


def read_json_lines(stream: Iterable[str]) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; a bad line is a ValueError naming it."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"line {number}: not valid JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise ValueError(f"line {number}: expected a JSON object with id, title and abstract")
        yield number, row


def cmd_eval(args: argparse.Namespace) -> int:
    from retrieval.evaluate import evaluate_beir

    for path in (args.corpus, args.queries, args.qrels):
        if not path.is_file():
            raise CliError(f"{path}: no such file")
    scores = evaluate_beir(args.corpus, args.queries, args.qrels)
    if args.json:
        print(json.dumps(scores))
    else:
        print(f"nDCG@10 {scores['ndcg@10']:.4f}   Recall@100 {scores['recall@100']:.4f}   queries {scores['queries']}")
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_default,
    "console": cmd_console,
    "run": cmd_run,
    "sync": cmd_sync,
    "stats": cmd_stats,
    "researchers": cmd_researchers,
    "search": cmd_search,
    "paper": cmd_paper,
    "cite": cmd_cite,
    "ask": cmd_ask,
    "summarize": cmd_summarize,
    "eval": cmd_eval,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name, default in (("profile", None), ("reference_date", None), ("debug", False)):
        setattr(args, name, getattr(args, name, default))
    try:
        return COMMANDS[args.command](args)
    except SettingsError as error:
        return fail(args, str(error), EXIT_USAGE)
    except ProfileError as error:
        return fail(args, "cannot read the profile:\n  " + "\n  ".join(error.problems), EXIT_USAGE)
    except UnknownResearcher as error:
        return fail(args, str(error), EXIT_USAGE)
    except CliError as error:
        return fail(args, str(error), error.code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as error:  # the last line of defence: no traceback for the user unless --debug
        return fail(args, f"unexpected error: {type(error).__name__}: {error}", 1)


def fail(args: argparse.Namespace, message: str, code: int) -> int:
    if args.debug:
        traceback.print_exc()
    print(f"paperbot: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
