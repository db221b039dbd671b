"""The responder's parts without Discord: the interaction clock, the cost estimates, the pool, the plan."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.chat.respond import DISCORD_EPOCH_MS, LATER, NORMAL, URGENT, CorePool, Lateness, Recent, Responder, Timing


def snowflake(at: float) -> int:
    return (int(at * 1000) - DISCORD_EPOCH_MS) << 22


def test_age_is_measured_from_the_smallest_offset_seen_so_clock_skew_cancels_out() -> None:
    clock = Lateness()
    now = 1_900_000_000.0
    skew = 4.0  # our clock runs four seconds ahead of Discord's
    assert clock.age(snowflake(now - 0.05), now + skew) == 0.0, "the first one sets the offset"
    assert clock.age(snowflake(now - 1.55), now + skew) == pytest.approx(1.5, abs=0.01)
    behind = Lateness()  # and one that runs behind
    assert behind.age(snowflake(now), now - 3.0) == 0.0
    assert behind.age(snowflake(now - 2.0), now - 3.0) == pytest.approx(2.0, abs=0.01)


def test_the_offset_forgets_old_minima_after_the_window() -> None:
    clock = Lateness(window=10.0, buckets=2)
    start = 1_900_000_000.0
    clock.age(snowflake(start), start - 5.0)  # a sample that would make every later age look 5 s larger
    later = start + 30.0
    clock.age(snowflake(later), later)
    clock.age(snowflake(later + 6), later + 6)
    assert clock.age(snowflake(later + 6.0), later + 7.0) == pytest.approx(1.0, abs=0.01)


def test_one_slow_call_raises_the_estimate_at_once_and_it_decays() -> None:
    cost = Recent(prior=0.001)
    cost.add(0.5)
    assert cost.high == 0.5 and cost.mean < 0.1
    for _ in range(60):
        cost.add(0.001)
    assert cost.high < 0.01


async def test_the_pool_runs_the_most_urgent_job_first_then_the_oldest() -> None:
    pool = CorePool(workers=1)
    gate = threading.Event()
    order: list[str] = []
    first = pool.submit(gate.wait, NORMAL)  # occupies the one worker while the others queue
    queued = [pool.submit(lambda name=name: order.append(name), priority)
              for name, priority in (("later", LATER), ("normal", NORMAL), ("urgent", URGENT), ("normal2", NORMAL))]
    gate.set()
    await asyncio.gather(first, *queued)
    assert order == ["urgent", "normal", "normal2", "later"]
    pool.close()


async def test_a_failure_in_the_pool_reaches_the_awaiting_coroutine() -> None:
    pool = CorePool(workers=1)

    def broken() -> None:
        raise ValueError("core bug")

    with pytest.raises(ValueError, match="core bug"):
        await pool.submit(broken)
    pool.close()


def test_the_plan_answers_at_once_defers_sheds_or_skips_by_age_and_queue() -> None:
    responder = Responder(Timing(defer_after=1.0, deadline=3.0, max_backlog=5.0))
    assert responder.plan(0.0, "papers") == "at once"
    assert responder.plan(0.99, "papers") == "deferred", "not surely ready before 1 s of age"
    assert responder.plan(3.2, "papers") == "too late"
    responder.waiting = 2000  # a burst in front of it: its first response comes only after theirs
    responder.first_response.mean = 0.001
    assert responder.plan(0.0, "papers") == "deferred"
    responder.waiting = 0
    responder.queued_seconds = 12.0  # six seconds of core work for each of the two workers
    assert responder.plan(0.0, "papers") == "busy"
    responder.queued_seconds = 0.0
    responder.stopping = True
    assert responder.plan(0.0, "papers") == "busy", "shutting down: a 'restarting' note"
    responder.close()


def test_the_minute_summary_is_one_line_and_resets() -> None:
    responder = Responder()
    for outcome in ("at once", "at once", "deferred"):
        responder.count(outcome)
    responder._firsts = [0.004, 0.006, 0.120]
    line = responder.summarise()
    assert line is not None and "3 (2 at once, 1 deferred)" in line and "p99 120 ms" in line
    assert responder.summarise() is None, "nothing new: no line"
    assert responder.handled["at once"] == 2, "the running totals stay"
    responder.close()
