"""A lab's bot, measured: 20 researchers x 100 papers served by the real `paperbot run` against the fake Discord.

    python bench/lab.py [--profiles 20] [--papers 100] [--rate 100] [--seconds 12]

The lab is generated in a temporary folder (not committed) from SciTLDR abstracts with invented names: half
the profiles in the text export format, half as BibTeX, and every researcher shares a tenth of their papers
with the next one (so the catalogue dedupes them). Then, with the bot in its own process (`python -m bot run`,
as a user starts it) and the fake Discord in this one:

1. **start**: from spawning the process to the gateway session, and to the first answer; the first answer's
   latency (dispatch to response) on its own;
2. **reload under load**: a steady stream of interactions (/papers, /stats, /paper autocomplete, /researchers)
   at `--rate` a second while a profile file gains three papers: every interaction must be acknowledged within
   Discord's 3 seconds and answered (how many answers were the polite "busy" note is counted too); the time from
   the write to the new papers' announcement is reported;
3. **announcements across restarts**: three rounds of "add papers while the bot is down, start it, stop it",
   then a restart with nothing new: each new paper must be posted exactly once, the old ones never.

Also in-process, for the record: CPU seconds to parse the lab and to build every index (best of 3).
The fake records bodies during the load and validates them afterwards (checking one costs ~3 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "bot" / "chat")]

from chat_harness import TOKEN  # noqa: E402
from fake_discord import ANNOUNCE_CHANNEL_ID, FakeDiscord, user  # noqa: E402

from bot.chat.respond import BUSY  # noqa: E402
from retrieval.service import Library  # noqa: E402
from retrieval.sources import open_shelf  # noqa: E402

SCITLDR = Path("/work/shared/data/scitldr")
FIRST = ["Ada", "Bo", "Cai", "Dana", "Eli", "Fern", "Goran", "Hana", "Ivo", "Jun", "Kira", "Lior", "Mina", "Nils",
         "Oona", "Pavel", "Qiu", "Rhea", "Sami", "Tove", "Uma", "Viggo", "Wen", "Xin", "Yara", "Zeno"]
LAST = ["Arvid", "Brenner", "Castell", "Dahl", "Ekwueme", "Faro", "Grieg", "Holm", "Ilves", "Jaspers", "Kovac",
        "Lindqvist", "Moreau", "Nakata", "Oduya", "Petrov", "Quist", "Rahm", "Sorensen", "Takala", "Ueda", "Varga"]
CATEGORIES = ["LG", "CL", "CV", "AI", "RO", "IR", "NE", "SI"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
QUERIES = ["neural networks", "reinforcement learning", "language models", "graph", "adversarial", "optimization",
           "generative models", "attention", "robustness", "meta learning", "representation", "transfer"]


# ---- the lab --------------------------------------------------------------------------------------

def scitldr_rows() -> list[dict]:
    rows = [json.loads(line) for name in ("train.jsonl", "dev.jsonl") for line in (SCITLDR / name).open()]
    return [row for row in rows if row.get("title") and row.get("source")]


def clean(text: str) -> str:
    return " ".join(text.replace("{", "(").replace("}", ")").replace("@", " at ").split())


def names(count: int, rng: random.Random) -> list[str]:
    pool = [f"{first} {last}" for first in FIRST for last in LAST]
    return rng.sample(pool, count)


def text_record(paper: dict, authors: list[str], rng: random.Random) -> str:
    year = rng.randint(2015, 2025)
    header = f"{rng.choice(CATEGORIES)}{rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}" + (
        "Code" if rng.random() < 0.2 else "")
    return f"{header}\n{paper['title']}\n{', '.join(authors)} et al. · Example University\n{paper['abstract']}\n"


def bib_entry(key: str, paper: dict, authors: list[str], rng: random.Random) -> str:
    people = " and ".join(f"{name.split()[-1]}, {' '.join(name.split()[:-1])}" for name in authors)
    return (f"@article{{{key},\n  title = {{{paper['title']}}},\n  author = {{{people} and others}},\n"
            f"  year = {{{rng.randint(2015, 2025)}}}, month = {rng.choice(MONTHS).lower()},\n"
            f"  primaryClass = {{cs.{rng.choice(CATEGORIES)}}},\n  abstract = {{{paper['abstract']}}},\n}}\n")


def write_profile(folder: Path, index: int, name: str, papers: list[tuple[dict, list[str]]], rng: random.Random
                  ) -> Path:
    slug = name.lower().replace(" ", "-")
    if index % 2 == 0:
        path = folder / f"{slug}.profile.txt"
        records = "\n".join(text_record(paper, authors, rng) for paper, authors in papers)
        path.write_text(f"{name}\nLG\nh-index{rng.randint(3, 40)}\n{len(papers)}papers\n"
                        f"{rng.randint(50, 5000):,}citations\n{len(papers)} Papers\n{records}", encoding="utf-8")
    else:
        path = folder / f"{slug}.bib"
        entries = "\n".join(bib_entry(f"p{index}x{n}", paper, authors, rng) for n, (paper, authors) in
                            enumerate(papers))
        path.write_text(f"@comment{{paperbot: name = {name}}}\n\n{entries}", encoding="utf-8")
    return path


def make_lab(folder: Path, profiles: int, per_profile: int, seed: int = 7) -> tuple[list[str], list[dict]]:
    """Write the lab; returns the researchers' names and the unused SciTLDR papers (for papers added later)."""
    rng = random.Random(seed)
    rows = scitldr_rows()
    rng.shuffle(rows)
    papers = [{"title": clean(row["title"]), "abstract": clean(" ".join(row["source"]))} for row in rows]
    people = names(profiles, rng)
    shared = max(1, per_profile // 10)
    own = per_profile - shared
    pool = iter(papers)
    owned = [[next(pool) for _ in range(own)] for _ in range(profiles)]
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(people):
        neighbour = (index - 1) % profiles  # the last `shared` papers of the previous researcher are co-authored
        mine = [(paper, [name, f"{rng.choice(FIRST)} {rng.choice(LAST)}"]) for paper in owned[index]]
        theirs = [(paper, [people[neighbour], name]) for paper in owned[neighbour][-shared:]]
        write_profile(folder, index, name, mine + theirs, rng)
    return people, list(pool)


def add_papers(folder: Path, name: str, papers: list[dict], tag: str) -> list[str]:
    """Append papers to `name`'s BibTeX profile (an odd-numbered one); returns their titles."""
    path = folder / f"{name.lower().replace(' ', '-')}.bib"
    rng = random.Random(tag)
    with path.open("a", encoding="utf-8") as handle:
        for number, paper in enumerate(papers):
            handle.write("\n" + bib_entry(f"{tag}{number}", paper, [name], rng))
    return [paper["title"] for paper in papers]


# ---- in-process cost ------------------------------------------------------------------------------

def build_cost(folder: Path, runs: int = 3) -> dict[str, float]:
    best: dict[str, float] = {}
    for _ in range(runs):
        from retrieval import text
        text.clean_text.cache_clear()  # a fresh process renders every abstract
        t0 = time.process_time()
        shelf, _ = open_shelf([folder])
        t1 = time.process_time()
        library = Library.from_profiles(shelf.served())
        t2 = time.process_time()
        library.warm()
        t3 = time.process_time()
        for key, value in (("parse", t1 - t0), ("merge", t2 - t1), ("indexes", t3 - t2), ("total", t3 - t0)):
            best[key] = min(best.get(key, value), value)
        papers, members = len(library.profile.papers), len(library.members)
    return {**best, "papers": papers, "researchers": members}


# ---- the bot in its own process -------------------------------------------------------------------

class BotProcess:
    def __init__(self, fake: FakeDiscord, folder: Path, data_dir: Path, log_path: Path) -> None:
        self.env = {**os.environ, "DISCORD_TOKEN": TOKEN, "PROFILE_PATH": str(folder), "DATA_DIR": str(data_dir),
                    "ANNOUNCE_CHANNEL_ID": str(ANNOUNCE_CHANNEL_ID), "DISCORD_API_BASE": fake.api_base,
                    "DISCORD_GATEWAY_URL": fake.gateway_url, "DISCORD_GUILD_ID": "", "LOG_LEVEL": "INFO",
                    "PYTHONPATH": str(ROOT)}
        self.fake = fake
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> tuple[float, float]:
        """Spawn and wait for the gateway session; returns (spawned-at, seconds to the session)."""
        identified = self.fake.identified
        log = self.log_path.open("ab")
        started = time.perf_counter()
        self.process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", env=self.env,
                                                            cwd=str(ROOT), stdout=log, stderr=log)
        await self.fake.wait_for(lambda: self.fake.identified > identified, 60)
        return started, time.perf_counter() - started

    def memory_mib(self) -> float | None:
        """The bot process's resident memory (Linux /proc), MiB."""
        if self.process is None:
            return None
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        kib = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), None)
        return kib / 1024 if kib is not None else None

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(self.process.wait(), 20)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


def posted(fake: FakeDiscord, titles: list[str]) -> bool:
    """Whether every title has been announced."""
    posts = [str(message.get("embeds")) for message in fake.channel_messages(ANNOUNCE_CHANNEL_ID)]
    return all(any(title in post for post in posts) for title in titles)


async def answered(fake: FakeDiscord, interaction, timeout: float = 10.0) -> float:
    await fake.wait_for(lambda: interaction.answered, timeout)
    return interaction.acked_at - interaction.created


async def first_answer(fake: FakeDiscord, bot: BotProcess) -> dict[str, float]:
    spawned, session = await bot.start()
    interaction = await fake.slash("papers", query="neural networks")
    latency = await answered(fake, interaction, 30)
    return {"session_s": session, "first_answer_ms": latency * 1000,
            "start_to_answer_s": time.perf_counter() - spawned, "rss_mib": bot.memory_mib()}


async def steady_load(fake: FakeDiscord, folder: Path, people: list[str], spare: list[dict], rate: int,
                      seconds: float, reload: bool = True) -> dict[str, object]:
    """`rate` interactions a second for `seconds`; three papers added to a profile a third of the way in."""
    rng = random.Random(11)
    interactions = []
    writer = people[1]
    added: list[str] = []
    wrote_at = 0.0
    announced_after: float | None = None
    start = time.perf_counter()
    sent = 0
    while (elapsed := time.perf_counter() - start) < seconds:
        if reload and not added and elapsed >= seconds / 3:
            added = add_papers(folder, writer, spare[:3], "load")
            wrote_at = time.perf_counter()
        if added and announced_after is None and posted(fake, added):
            announced_after = time.perf_counter() - wrote_at
        due = int(elapsed * rate) + 1
        while sent < due:
            who = user(1100000000000900000 + sent % 500, f"reader{sent % 500}")
            kind = sent % 10
            if kind < 6:
                interaction = await fake.slash("papers", who, query=rng.choice(QUERIES))
            elif kind < 8:
                interaction = await fake.slash("stats", who, researcher=rng.choice(people))
            elif kind < 9:
                interaction = await fake.autocomplete("paper", "title", who, title=rng.choice(QUERIES)[:5])
            else:
                interaction = await fake.slash("researchers", who)
            interactions.append(interaction)
            sent += 1
        await asyncio.sleep(0.002)
    if announced_after is None and added:
        with contextlib.suppress(TimeoutError):
            await fake.wait_for(lambda: posted(fake, added), 20)
            announced_after = time.perf_counter() - wrote_at
    with contextlib.suppress(TimeoutError):
        await fake.wait_for(lambda: all(i.answered for i in interactions), 30)
    acks = [i.acked_at - i.created for i in interactions if i.acked_at is not None]
    return {
        "interactions": len(interactions),
        "achieved_rate": len(interactions) / seconds,
        "unanswered": sum(not i.answered for i in interactions),
        "busy_notes": sum(BUSY in json.dumps(i.callbacks) for i in interactions),
        "late": sum(i.late or i.acked_at is None or i.acked_at - i.created > fake.ack_deadline for i in interactions),
        "ack_p50_ms": statistics.median(acks) * 1000 if acks else None,
        "ack_p99_ms": sorted(acks)[int(len(acks) * 0.99) - 1] * 1000 if acks else None,
        "ack_max_ms": max(acks) * 1000 if acks else None,
        "write_to_announced_s": announced_after,
        "added": added,
    }


async def restarts(fake: FakeDiscord, bot: BotProcess, folder: Path, people: list[str], spare: list[dict],
                   rounds: int = 3) -> dict[str, object]:
    expected: list[str] = []
    for number in range(rounds):
        titles = add_papers(folder, people[3], spare[10 + 2 * number: 12 + 2 * number], f"restart{number}")
        expected += titles
        await bot.start()
        with contextlib.suppress(TimeoutError):
            await fake.wait_for(lambda titles=titles: posted(fake, titles), 30)
        await asyncio.sleep(1.0)  # room for a duplicate to show up
        await bot.stop()
    before = len(fake.channel_messages(ANNOUNCE_CHANNEL_ID))
    await bot.start()
    await asyncio.sleep(3.0)
    await bot.stop()
    posts = [str(message.get("embeds")) for message in fake.channel_messages(ANNOUNCE_CHANNEL_ID)]
    counts = {title: sum(title in post for post in posts) for title in expected}
    return {"new_papers": len(expected), "each_exactly_once": all(count == 1 for count in counts.values()),
            "counts": counts, "posts_on_a_restart_with_nothing_new": len(posts) - before}


async def run(args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="paperbot-lab-") as tmp:
        folder, data = Path(tmp) / "profiles", Path(tmp) / "data"
        people, spare = make_lab(folder, args.profiles, args.papers)
        results: dict[str, object] = {"build_cpu_s": build_cost(folder)}
        fake = FakeDiscord(TOKEN, ack_deadline=3.0, defer_validation=True)
        await fake.start()
        bot = BotProcess(fake, folder, data, Path(tmp) / "bot.log")
        try:
            results["start"] = await first_answer(fake, bot)
            await asyncio.sleep(1.0)  # the first run records the papers served (no announcements)
            if args.baseline_load:  # the same load without a reload, to tell the reload's cost from the load's
                results["load_without_reload"] = await steady_load(fake, folder, people, spare, args.rate,
                                                                   args.seconds, reload=False)
            results["reload_under_load"] = await steady_load(fake, folder, people, spare, args.rate, args.seconds)
            await bot.stop()
            results["restarts"] = await restarts(fake, bot, folder, people, spare)
            added = len(results["reload_under_load"]["added"]) + results["restarts"]["new_papers"]  # type: ignore
            results["posts_total"] = len(fake.channel_messages(ANNOUNCE_CHANNEL_ID))
            results["posts_expected"] = added
            results["violations"] = len(fake.validate_deferred())
        finally:
            await bot.stop()
            await fake.stop()
            log_text = (Path(tmp) / "bot.log").read_text(errors="replace")
            results["log_tracebacks"] = log_text.count("Traceback")
            if args.show_log:  # the bot's own lines (not discord.py's), e.g. when each reload ran and how long
                print("\n".join(line for line in log_text.splitlines() if " bot." in line or "Traceback" in line),
                      file=sys.stderr)
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=20)
    parser.add_argument("--papers", type=int, default=100)
    parser.add_argument("--rate", type=int, default=100, help="interactions a second during the reload")
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--show-log", action="store_true", help="print the bot's own log lines")
    parser.add_argument("--baseline-load", action="store_true", help="also run the load once without a reload")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args)), indent=2, default=str))


if __name__ == "__main__":
    main()
