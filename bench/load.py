"""The bot under load: the real `python -m bot run` process against the in-repo fake Discord on 127.0.0.1.

Usage: python bench/load.py [--quick] [--runs N] [--only burst1000,steady] [--repo PATH] [--profile PATH]
                            [--write]

Scenarios (a mix of /papers, /paper, /ask, title autocomplete and page clicks, one user per interaction so
the per-user question limit never decides; queries, titles and questions come from the profile served):
- `single`: one interaction at a time (the next when the last is answered);
- `cpu`: the same for each kind alone (`cpu-papers`, `cpu-paper`, `cpu-ask`, `cpu-autocomplete`, `cpu-click`),
  for the CPU one interaction of that kind costs the bot;
- `burstN`: N interactions dispatched at once (100, 300, 1,000, 2,000);
- `steady`: 100 a second for a minute;
- `soak`: 20,000 over 10 minutes, memory sampled every 10 s;
- faults: `drop` (the gateway closes in the middle of a 1,000 burst; the bot resumes), `errors` (every tenth
  callback answered 429, another tenth 500, during a 1,000 burst) and `sigterm` (SIGTERM in the middle of a
  300 burst: what was in flight is finished, the gateway closed with 1000, the process gone within 5 s).

For each it prints: acknowledged within Discord's 3 s, answered (busy notes counted apart), first response
(the callback) p50/p99, answer p50/p99, unanswered, CPU per interaction of the bot process (utime + stime from
/proc) and of the fake, the bot's resident memory, tracebacks in its log. The fake runs in this process and the
bot in its own; the fake records request bodies under load and validates them against Discord's OpenAPI
description after each run (distinct bodies once), so its cost does not become what is measured. Bursts run
`--runs` times (default 3): the best run and the spread are reported. `--repo` runs another checkout's bot
(for a before/after comparison) against this checkout's fake. `--write` puts the results into bench/LOAD.md
between its markers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "bot" / "chat"))

from chat_harness import TOKEN  # noqa: E402
from fake_discord import GUILD_ID, FakeDiscord, Interaction, user  # noqa: E402

from retrieval.profile import parse_profile  # noqa: E402
from retrieval.tokens import tokenize  # noqa: E402

SEED = ROOT / "seeds" / "han-shi.profile.txt"
DEADLINE = 3.0
MIX = (("papers", 40), ("paper", 20), ("ask", 15), ("autocomplete", 15), ("click", 10))
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
RESULTS_START = "<!-- load.py results: start -->"
RESULTS_END = "<!-- load.py results: end -->"
BUSY_WORD = re.compile(r"\bbusy\b", re.IGNORECASE)


# ---- the bot process ------------------------------------------------------------------------------
class BotProcess:
    """`python -m bot run` of a checkout, configured by the environment, its log in a file."""

    def __init__(self, repo: Path, fake: FakeDiscord, profile: Path, log_dir: Path, log_level: str,
                 cprofile: Path | None = None) -> None:
        self.log_path = log_dir / "bot.log"
        python = repo / ".venv" / "bin" / "python"
        environment = {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": fake.api_base,
                       "DISCORD_GATEWAY_URL": fake.gateway_url, "DISCORD_GUILD_ID": str(GUILD_ID),
                       "PROFILE_PATH": str(profile), "LOG_LEVEL": log_level, "PYTHONPATH": str(repo),
                       "DATA_DIR": str(log_dir / "data")}  # its own state, not the user's data directory
        self._log = self.log_path.open("wb")
        profiler = ["-m", "cProfile", "-o", str(cprofile)] if cprofile else []
        self.process = subprocess.Popen([str(python if python.exists() else sys.executable), *profiler,
                                         "-m", "bot", "run"],
                                        cwd=log_dir, env=environment, stdout=self._log, stderr=subprocess.STDOUT)

    def cpu(self) -> float:
        """Seconds of CPU (user + system) the process has used."""
        return sum(self.cpu_split())

    def cpu_split(self) -> tuple[float, float]:
        """Seconds of user and of system CPU the process has used."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) / CLOCK_TICK, int(fields[12]) / CLOCK_TICK

    def memory(self) -> tuple[float, float]:
        """Resident and peak resident memory, MiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = {k: int(v.split()[0]) / 1024 for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(.*)$", status, re.M)}
        return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> tuple[int | None, float]:
        """Signal the process and wait; returns its exit code (None if it had to be killed) and the wait."""
        if self.process.poll() is not None:
            return self.process.returncode, 0.0
        start = time.monotonic()
        self.process.send_signal(sig)
        try:
            code: int | None = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            code = None
        self._log.close()
        return code, time.monotonic() - start


# ---- the workload ---------------------------------------------------------------------------------
class Workload:
    """Interactions a busy server sends, made from the profile: its words, titles and paper ids."""

    def __init__(self, fake: FakeDiscord, profile_path: Path, seed: int = 12) -> None:
        self.fake = fake
        self.random = random.Random(seed)
        profile = parse_profile(profile_path)
        words = Counter(token for paper in profile.papers for token in paper.title.lower().split()
                        if token.isalpha() and len(token) > 4 and tokenize(token))
        self.words = [word for word, _ in words.most_common(60)] or ["paper"]
        self.ids = [paper.id for paper in profile.papers]
        self.titles = [paper.title for paper in profile.papers]
        self.pages: list[tuple[int, dict[str, Any]]] = []  # (message id, its searcher)
        self._users = (user(1300000000000000000 + n, f"reader{n}") for n in range(10**9))

    def next_user(self) -> dict[str, Any]:
        return next(self._users)

    async def prepare_pages(self, owners: int = 20) -> None:
        """Searches with several pages, whose Next buttons the clicks press (each by its owner)."""
        for _ in range(owners):
            who = self.next_user()
            for word in self.random.sample(self.words, len(self.words)):
                interaction = await self.fake.slash("papers", who, query=word, limit=25)
                reply = await self.fake.reply_to(interaction, timeout=30)
                if page_button(reply):
                    self.pages.append((int(reply["id"]), who))
                    break

    def make(self, kind: str) -> tuple[Interaction, dict[str, Any]]:
        fake, pick = self.fake, self.random.choice
        if kind == "click" and self.pages:
            message_id, owner = pick(self.pages)
            message = fake.messages[message_id]  # as it is now: a click presses a button the message shows
            custom_id = page_button(message)
            return fake.interaction(3, {"custom_id": custom_id, "component_type": 2}, owner, message=message)
        who = self.next_user()
        if kind == "paper":
            return fake.interaction(2, fake.command_data("paper", title=pick(self.ids)), who)
        if kind == "ask":
            question = pick(("Which papers use {}?", "What is {}?", "How does {} work?")).format(pick(self.words))
            return fake.interaction(2, fake.command_data("ask", question=question), who)
        if kind == "autocomplete":
            title = pick(self.titles)
            partial = title[: self.random.randint(2, min(12, len(title)))]
            return fake.interaction(4, fake.command_data("paper", focused="title", title=partial), who)
        return fake.interaction(2, fake.command_data("papers", query=" ".join(self.random.sample(
            self.words, self.random.randint(1, 2)))), who)

    def batch(self, count: int, kind: str | None = None) -> list[tuple[Interaction, dict[str, Any]]]:
        kinds = [kind] if kind else [kind for kind, weight in MIX for _ in range(weight)]
        return [self.make(self.random.choice(kinds)) for _ in range(count)]


def page_button(message: dict[str, Any]) -> str | None:
    """The custom_id of the message's enabled Next button, else of its enabled Previous one."""
    buttons = {component.get("label"): component for row in message.get("components") or []
               for component in row.get("components") or [] if component.get("type") == 2}
    for label in ("Next", "Previous"):
        if label in buttons and not buttons[label].get("disabled"):
            return buttons[label].get("custom_id")
    return None


# ---- one run --------------------------------------------------------------------------------------
@dataclass
class Run:
    scenario: str
    interactions: list[Interaction]
    bot_cpu: float
    fake_cpu: float
    seconds: float
    memory: tuple[float, float]
    tracebacks: int
    violations: list[str]
    busy: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.interactions)

    @property
    def acked_in_time(self) -> int:
        return sum(1 for i in self.interactions if i.acked_at is not None and i.acked_at - i.created <= DEADLINE)

    @property
    def answered(self) -> int:
        return sum(1 for i in self.interactions if i.answered_at is not None)

    def first(self) -> list[float]:
        return sorted(i.acked_at - i.created for i in self.interactions if i.acked_at is not None)

    def final(self) -> list[float]:
        return sorted(i.answered_at - i.created for i in self.interactions if i.answered_at is not None)

    def twice(self) -> int:
        return sum("acknowledged twice" in v for v in self.violations)

    def row(self) -> dict[str, Any]:
        first, final = self.first(), self.final()
        return {
            "scenario": self.scenario, "n": self.n, "acked_3s": self.acked_in_time,
            "answered": self.answered - self.busy, "busy": self.busy, "unanswered": self.n - self.answered,
            "first_p50_ms": quantile(first, 0.5) * 1e3, "first_p99_ms": quantile(first, 0.99) * 1e3,
            "answer_p50_ms": quantile(final, 0.5) * 1e3, "answer_p99_ms": quantile(final, 0.99) * 1e3,
            "bot_cpu_ms": self.bot_cpu / max(self.n, 1) * 1e3, "fake_cpu_ms": self.fake_cpu / max(self.n, 1) * 1e3,
            "rss_mib": self.memory[0], "tracebacks": self.tracebacks, "twice": self.twice(),
            "invalid": sum("acknowledged" not in v for v in self.violations), **self.extra,
        }


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


def is_busy(fake: FakeDiscord, interaction: Interaction) -> bool:
    """A polite "busy" note rather than an answer (the bot's wording contains the word)."""
    if interaction.callback_type != 4:
        return False
    data = interaction.callbacks[0].get("data") or {}
    texts = [data.get("content") or ""] + [embed.get("description") or "" for embed in data.get("embeds") or []]
    return bool(data.get("flags", 0) & 64) and any(BUSY_WORD.search(text) for text in texts)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.fake = FakeDiscord(TOKEN, ack_deadline=DEADLINE, defer_validation=True)
        self.bot: BotProcess | None = None
        self.workload: Workload | None = None
        self.log_dir = Path(tempfile.mkdtemp(prefix="paperbot-load-"))

    async def start_bot(self) -> BotProcess:
        identified = self.fake.identified
        bot = BotProcess(self.args.repo, self.fake, self.args.profile, self.log_dir, self.args.log_level,
                         self.args.cprofile)
        await self.fake.wait_for(lambda: self.fake.identified > identified and self.fake.commands[GUILD_ID],
                                 timeout=120)
        await self.fake.reply_to(await self.fake.slash("stats", user(1299999999999999999, "warm")), timeout=60)
        self.bot = bot
        self.workload = Workload(self.fake, self.args.profile)
        await self.workload.prepare_pages()
        for interaction, payload in self.workload.batch(50):  # warm every path once
            await self.fake.send(interaction, payload)
        await self.settle(list(self.fake.interactions.values()), idle=2.0)
        return bot

    async def settle(self, interactions: list[Interaction], idle: float = 5.0, limit: float = 120.0) -> None:
        """Wait until every interaction is answered, or nothing changed for `idle` seconds."""
        start = last_change = time.monotonic()
        done = -1
        while time.monotonic() - start < limit:
            now_done = sum(1 for i in interactions if i.answered_at is not None or i.late)
            if now_done == len(interactions):
                return
            if now_done != done:
                done, last_change = now_done, time.monotonic()
            elif time.monotonic() - last_change > idle:
                return
            await asyncio.sleep(0.05)

    async def measure(self, scenario: str, drive) -> Run:
        assert self.bot is not None
        self.fake.requests.clear()
        self.fake.violations.clear()
        log_before = len(self.bot.log_text())
        (user_before, sys_before), fake_before, start = self.bot.cpu_split(), time.process_time(), time.monotonic()
        interactions, extra = await drive()
        await self.settle(interactions)
        seconds = time.monotonic() - start
        alive = self.bot.process.poll() is None
        user_after, sys_after = self.bot.cpu_split() if alive else (float("nan"), float("nan"))
        bot_cpu = user_after - user_before + sys_after - sys_before
        fake_cpu = time.process_time() - fake_before
        memory = self.bot.memory() if alive else (float("nan"), float("nan"))
        self.fake.validate_deferred()
        log = self.bot.log_text()[log_before:]
        held = re.findall(r"(\d+) tasks, (\d+) stored views", log)  # the bot's summary line, once a minute
        if len(held) > 1:
            extra = {**extra, "tasks": f"{held[0][0]}->{held[-1][0]}", "views": f"{held[0][1]}->{held[-1][1]}"}
        run = Run(scenario, interactions, bot_cpu, fake_cpu, seconds, memory, log.count("Traceback"),
                  list(self.fake.violations), busy=sum(is_busy(self.fake, i) for i in interactions),
                  extra={"bot_sys_ms": (sys_after - sys_before) / max(len(interactions), 1) * 1e3, **extra})
        self.fake.interactions = {i.id: i for i in self.fake.interactions.values() if i.answered_at is None}
        return run

    # ---- drivers ------------------------------------------------------------------------------
    async def burst(self, count: int, *, during=None) -> tuple[list[Interaction], dict[str, Any]]:
        assert self.workload is not None
        batch = self.workload.batch(count)
        sent = []
        for index, (interaction, payload) in enumerate(batch):
            if during is not None and index == count * 3 // 10:
                await during()
            sent.append(await self.fake.send(interaction, payload))
        return sent, {}

    async def single(self, count: int, kind: str | None = None) -> tuple[list[Interaction], dict[str, Any]]:
        assert self.workload is not None
        sent = []
        for interaction, payload in self.workload.batch(count, kind):
            sent.append(await self.fake.send(interaction, payload))
            with contextlib.suppress(TimeoutError):  # woken by the bot's requests: the next goes out at once
                await self.fake.wait_for(lambda i=interaction: i.answered_at is not None or i.late, timeout=10)
        return sent, {}

    async def steady(self, rate: float, seconds: float, *, sample_every: float = 0.0
                     ) -> tuple[list[Interaction], dict[str, Any]]:
        assert self.workload is not None and self.bot is not None
        count = int(rate * seconds)
        batch = self.workload.batch(count)
        sent, samples, start = [], [], time.monotonic()
        next_sample = start
        for index, (interaction, payload) in enumerate(batch):
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sent.append(await self.fake.send(interaction, payload))
            if sample_every and time.monotonic() >= next_sample:
                samples.append((time.monotonic() - start, self.bot.memory()[0], len(self.bot.log_text())))
                next_sample += sample_every
            if sample_every and index % 500 == 0:  # keep the fake's own memory flat over a long soak
                self.fake.requests = self.fake.requests[-2000:]
        extra: dict[str, Any] = {}
        if samples:
            settled = [rss for at, rss, _ in samples if at >= min(60.0, seconds / 4)] or [samples[-1][1]]
            extra = {"rss_first_mib": settled[0], "rss_last_mib": samples[-1][1], "rss_max_mib": max(settled),
                     "log_kib": samples[-1][2] / 1024}
        return sent, extra

    async def sigterm(self, count: int) -> tuple[list[Interaction], dict[str, Any]]:
        assert self.bot is not None
        bot = self.bot
        sent, _ = await self.burst(count)
        await asyncio.sleep(0.2)
        signalled = time.monotonic()
        dispatched_before = [i for i in sent if i.created < signalled]
        code, waited = await asyncio.to_thread(bot.stop, signal.SIGTERM)
        closes = [int(code) if code is not None else None for code in self.fake.closed_codes]
        return dispatched_before, {"exit_code": code, "exit_s": waited, "gateway_close": closes[-1:] or None}

    async def dropped(self, count: int) -> tuple[list[Interaction], dict[str, Any]]:
        resumed = self.fake.resumed
        sent, _ = await self.burst(count, during=lambda: self.fake.drop(0))
        await self.fake.wait_for(lambda: self.fake.resumed > resumed, timeout=30)
        return sent, {"resumed": self.fake.resumed - resumed}

    async def scenario(self, name: str) -> Run:
        quick = self.args.quick
        if name == "single":
            return await self.measure(name, lambda: self.single(50 if quick else 200))
        if name.startswith("cpu-"):
            return await self.measure(name, lambda: self.single(50 if quick else 200, name[4:]))
        if name.startswith("burst"):
            return await self.measure(name, lambda: self.burst(int(name[5:])))
        if name == "steady":
            return await self.measure(name, lambda: self.steady(100, 10 if quick else 60))
        if name == "soak":
            return await self.measure(name, lambda: self.steady(33.4, 60 if quick else 600, sample_every=10))
        if name == "drop":
            return await self.measure(name, lambda: self.dropped(1000))
        if name == "errors":
            def fault(interaction: Interaction) -> int | None:
                if interaction.attempts > 1:
                    return None
                return {0: 429, 5: 500}.get(interaction.id % 10)
            self.fake.callback_fault = fault
            try:
                return await self.measure(name, lambda: self.burst(1000))
            finally:
                self.fake.callback_fault = None
        if name == "sigterm":
            return await self.measure(name, lambda: self.sigterm(300))
        raise SystemExit(f"unknown scenario {name!r}")


# ---- reporting ------------------------------------------------------------------------------------
COLUMNS = (("n", "{:.0f}"), ("acked_3s", "{:.0f}"), ("answered", "{:.0f}"), ("busy", "{:.0f}"),
           ("unanswered", "{:.0f}"), ("first_p50_ms", "{:.0f}"), ("first_p99_ms", "{:.0f}"),
           ("answer_p50_ms", "{:.0f}"), ("answer_p99_ms", "{:.0f}"), ("bot_cpu_ms", "{:.2f}"),
           ("fake_cpu_ms", "{:.2f}"), ("rss_mib", "{:.0f}"), ("tracebacks", "{:.0f}"), ("twice", "{:.0f}"),
           ("invalid", "{:.0f}"))


def best(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the best first-response p99 (then the most acknowledged)."""
    return min(rows, key=lambda row: (-row["acked_3s"], row["first_p99_ms"]))


def spread(rows: list[dict[str, Any]], key: str) -> str:
    values = [row[key] for row in rows if row[key] == row[key]]
    return f"{min(values):.0f}–{max(values):.0f}" if len(values) > 1 else ""


def table(results: dict[str, list[dict[str, Any]]]) -> str:
    header = "| scenario | runs | " + " | ".join(name for name, _ in COLUMNS) + " | first p99 spread | extra |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 4)]
    for scenario, rows in results.items():
        row = best(rows)
        cells = [fmt.format(row[name]) if row[name] == row[name] else "–" for name, fmt in COLUMNS]
        extra = ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in row.items()
                          if k not in dict(COLUMNS) and k != "scenario")
        lines.append(f"| {scenario} | {len(rows)} | " + " | ".join(cells) +
                     f" | {spread(rows, 'first_p99_ms')} | {extra} |")
    return "\n".join(lines)


def describe_machine(repo: Path) -> str:
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    load = os.getloadavg()
    return (f"{dt.datetime.now():%Y-%m-%d %H:%M}, bot at {repo.name}@{commit or '?'}, {os.cpu_count()} cores, "
            f"load average before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def write_results(text: str) -> None:
    path = ROOT / "bench" / "LOAD.md"
    current = path.read_text() if path.exists() else f"# Load\n\n{RESULTS_START}\n{RESULTS_END}\n"
    if RESULTS_START not in current:
        current += f"\n{RESULTS_START}\n{RESULTS_END}\n"
    head, rest = current.split(RESULTS_START, 1)
    tail = rest.split(RESULTS_END, 1)[1] if RESULTS_END in rest else ""
    path.write_text(f"{head}{RESULTS_START}\n{text}\n{RESULTS_END}{tail}")


async def main_async(args: argparse.Namespace) -> None:
    bench = Bench(args)
    await bench.fake.start()
    machine = describe_machine(args.repo)
    print(machine, flush=True)
    results: dict[str, list[dict[str, Any]]] = {}
    try:
        await bench.start_bot()
        for name in args.only:
            if bench.bot is None or bench.bot.process.poll() is not None:
                await bench.start_bot()
            runs = args.runs if name.startswith(("burst", "cpu-")) or name in ("single", "drop", "errors") else 1
            for _ in range(runs):
                run = await bench.scenario(name)
                row = run.row()
                results.setdefault(name, []).append(row)
                print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()}),
                      flush=True)
                for violation in run.violations[:3]:
                    print("   violation:", violation, flush=True)
                await asyncio.sleep(args.pause)
    finally:
        if bench.bot is not None:
            code, waited = bench.bot.stop(signal.SIGINT if args.cprofile else signal.SIGTERM)
            print(f"bot stopped: exit code {code} after {waited:.2f} s; log in {bench.bot.log_path}", flush=True)
        await bench.fake.stop()
    report = f"{machine}; bench CPU {resource.getrusage(resource.RUSAGE_SELF).ru_utime:.0f} s\n\n{table(results)}"
    print("\n" + report)
    if args.write:
        write_results(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one run each, a 10 s steady load, a 1-minute soak")
    parser.add_argument("--runs", type=int, default=None, help="runs per burst (default 3, 1 with --quick)")
    parser.add_argument("--only", default="single,cpu,burst100,burst300,burst1000,burst2000,steady,drop,errors,soak,"
                        "sigterm", help="comma-separated scenarios, in order")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout whose bot to run (default: this one)")
    parser.add_argument("--profile", type=Path, default=SEED)
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between runs")
    parser.add_argument("--write", action="store_true", help="write the results into bench/LOAD.md")
    parser.add_argument("--cprofile", type=Path, help="run the bot under cProfile, writing its stats here")
    args = parser.parse_args()
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    args.only = [part for name in args.only for part in
                 ([f"cpu-{kind}" for kind, _ in MIX] if name == "cpu" else [name])]
    args.runs = args.runs or (1 if args.quick else 3)
    args.repo = args.repo.resolve()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
