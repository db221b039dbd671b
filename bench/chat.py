"""What the chart and the paper buttons cost /stats and /paper, measured end to end against the fake Discord.

The real bot (discord.py client and cogs) runs against the in-repo fake Discord on 127.0.0.1, as in the tests.
Each round sends one /stats or /paper interaction over the gateway and times it from dispatch to the moment
the fake receives the bot's answer (the callback). Two configurations of the same code are compared:
- plain: no chart (text bars) and no components under /paper, as before issue 13;
- native: the chart attached as a PNG (drawn once per profile, then cached) and the Related menu and
  Cite / Ask / Discuss buttons under /paper.
Wall-clock latencies are noisy on a shared machine, so every configuration runs `--repeats` times and the
best p50 / p99 are kept; CPU time (time.process_time over the rounds, bot and fake together, so the fake's
parsing of the multipart upload is counted against the chart) is reported per interaction too. The fake checks
the bodies against the OpenAPI description after the rounds (`defer_validation`): checking them while timed
would time the checker, not the bot.

Usage: python bench/chat.py [--rounds 200] [--repeats 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "bot" / "chat"))

from chat_harness import TOKEN, bot_settings, running_bot  # noqa: E402
from fake_discord import GUILD_ID, FakeDiscord  # noqa: E402

from bot.chat import paper_actions  # noqa: E402
from bot.chat.client import PaperBot  # noqa: E402
from retrieval.service import Library  # noqa: E402

SEED = ROOT / "seeds" / "han-shi.profile.txt"
TITLES = ["metamath", "difffit", "sepllm", "dim diffusion mamba", "unipool"]


@contextlib.contextmanager
def plain(bot: PaperBot) -> Iterator[None]:
    """The bot as it was before: text bars in /stats, no components under a found paper. (The cog is patched
    on the running bot: discord.py loads each extension as a fresh module.)"""
    cog = bot.get_cog("Stats")
    actions = paper_actions.actions_view
    cog.chart = lambda *args, **kwargs: None  # type: ignore[union-attr, method-assign]
    paper_actions.actions_view = lambda detail, kit: None  # type: ignore[assignment]
    try:
        yield
    finally:
        paper_actions.actions_view = actions


async def rounds_of(fake: FakeDiscord, command: str, count: int) -> tuple[list[float], float]:
    """Latencies (ms) of `count` sequential interactions, and the CPU ms they took per interaction."""
    latencies = []
    cpu = time.process_time()
    for number in range(count):
        options = {"title": TITLES[number % len(TITLES)]} if command == "paper" else {}
        interaction = await fake.slash(command, **options)
        await fake.wait_for(lambda i=interaction: i.acked_at is not None, timeout=10)
        latencies.append((interaction.acked_at - interaction.created) * 1e3)  # type: ignore[operator]
    return latencies, (time.process_time() - cpu) * 1e3 / count


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def run(configuration: str, rounds: int) -> dict[str, tuple[float, float, float]]:
    fake = FakeDiscord(TOKEN, defer_validation=True)  # bodies checked after the rounds, not while timed
    await fake.start()
    library = Library.from_path(SEED)
    settings = bot_settings(fake, SEED, discord_guild_id=GUILD_ID, log_level="WARNING")
    results = {}
    try:
        async with running_bot(fake, settings, library) as bot:
            with plain(bot) if configuration == "plain" else contextlib.nullcontext():
                for command in ("stats", "paper"):
                    await rounds_of(fake, command, 20)  # warm up: index, summaries, the chart
                    latencies, cpu = await rounds_of(fake, command, rounds)
                    results[command] = (statistics.median(latencies), percentile(latencies, 0.99), cpu)
                    last = await fake.reply_to(list(fake.interactions.values())[-1])
                    extra = last["attachments"] if command == "stats" else last["components"]
                    assert bool(extra) == (configuration == "native"), f"{configuration} /{command}: {extra!r}"
        problems = fake.validate_deferred()
        assert not problems, problems[:3]
    finally:
        await fake.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    best: dict[tuple[str, str], tuple[float, float, float]] = {}
    for _ in range(args.repeats):
        for configuration in ("plain", "native"):
            for command, measured in asyncio.run(run(configuration, args.rounds)).items():
                key = (configuration, command)
                previous = best.get(key, (float("inf"),) * 3)
                best[key] = tuple(min(a, b) for a, b in zip(previous, measured, strict=True))  # type: ignore[assignment]
    print(f"{args.rounds} sequential interactions per command, best of {args.repeats} runs (ms)")
    print(f"{'command':8} {'config':7} {'p50':>7} {'p99':>7} {'CPU/interaction':>16}")
    for command in ("stats", "paper"):
        for configuration in ("plain", "native"):
            p50, p99, cpu = best[(configuration, command)]
            print(f"/{command:7} {configuration:7} {p50:7.2f} {p99:7.2f} {cpu:16.2f}")
        added = best[("native", command)][1] - best[("plain", command)][1]
        print(f"/{command:7} added at p99: {added:+.2f} ms (target: at most +20 ms)")


if __name__ == "__main__":
    main()
