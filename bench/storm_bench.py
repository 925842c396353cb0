"""Print how long a reconnect storm's joins and the typists' acknowledgements take on PostgreSQL.

Usage: python bench/storm_bench.py [--postgres-url URL] [--rounds 3]

Starts one `facilitator run` (gevent, the default pool of 10 connections) on a new database
that it creates from --postgres-url (or FACILITATOR_TEST_POSTGRES_URL) and drops at the end.
Two scenes, each run --rounds times:

- a group: 30 members of one group re-join at one instant (on their open connections, then
  after reconnecting) while one of them and a member of another group type every 100 ms;
- a hall: 200 phones of a session (ten in each of 20 groups) reconnect and re-join at one
  instant, then join and drop at once, while a member of five groups types every 100 ms.

Printed per round: the slowest `join` (from sending it to its acknowledgement), the 95th
percentile, the slowest reconnect-and-join from the storm's start, the slowest typist's
acknowledgement, and the failures (none expected).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import live_server  # noqa: E402
from tests.realtime.storm import Outcome, Phone, connect_and_join, percentile, storm  # noqa: E402
from tests.realtime.test_reconnect_storm import prepare_hall  # noqa: E402


def line(name: str, outcome: Outcome) -> str:
    """One round's figures."""
    return (
        f"  {name:<28} joins {len(outcome.joins):>3}: slowest {outcome.slowest_join:6.3f} s, "
        f"p95 {percentile(outcome.joins, 0.95):6.3f} s; all re-joined after "
        f"{max(outcome.rejoins, default=0.0):6.3f} s; typists' acks {len(outcome.acks):>3}, "
        f"slowest {outcome.slowest_ack:6.3f} s; failures {len(outcome.failures)}"
        + (f" (first: {outcome.failures[0]})" if outcome.failures else "")
    )


async def scene(
    base_url: str,
    joiners: list[tuple[int, str]],
    typists: list[tuple[int, str]],
    rounds: list[tuple[str, dict[str, bool]]],
) -> list[Outcome]:
    """Bring the phones online and run the rounds, printing each."""
    phones = [Phone(base_url, group, device) for group, device in joiners]
    typing = [Phone(base_url, group, device) for group, device in typists]
    outcomes = []
    try:
        failures = await connect_and_join(phones + typing)
        if failures:
            print(f"  warm-up failures: {len(failures)} (first: {failures[0]})")
        for name, options in rounds:
            outcome = await storm(phones, typing, **options)
            print(line(name, outcome), flush=True)
            outcomes.append(outcome)
    finally:
        await asyncio.gather(*(phone.drop() for phone in phones + typing))
    return outcomes


def main() -> None:
    """Run both scenes against a fresh server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", default=os.environ.get("FACILITATOR_TEST_POSTGRES_URL"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.postgres_url:
        parser.error("give --postgres-url or set FACILITATOR_TEST_POSTGRES_URL")
    os.environ["FACILITATOR_TEST_POSTGRES_URL"] = args.postgres_url
    from tests.realtime.live import fresh_postgres_database

    print(f"machine: {os.cpu_count()} cores; load {', '.join(map(str, os.getloadavg()))}")
    folder = Path(tempfile.mkdtemp(prefix="storm-bench-"))
    slowest: list[float] = []
    failed = 0
    with fresh_postgres_database() as url:
        hall = prepare_hall(url, folder, [31, 2] + [11] * 20)
        group, other, *rest = hall.groups
        env = {"DATABASE_URL": url}
        with live_server.running(live_server.free_port(), env, tmp_path=folder) as server:
            print("== a group: 30 members re-join at once; 2 typists (100 ms)")
            outcomes = asyncio.run(
                scene(
                    server.base_url,
                    [(group, device) for device in hall.devices[group][:30]],
                    [(group, hall.devices[group][30]), (other, hall.devices[other][0])],
                    [
                        (f"round {number + 1}, {kind}", {"reconnect": kind == "reconnect"})
                        for number in range(args.rounds)
                        for kind in ("join again", "reconnect")
                    ],
                )
            )
            print("== a hall: 200 phones of 20 groups reconnect at once; 5 typists (100 ms)")
            outcomes += asyncio.run(
                scene(
                    server.base_url,
                    [(g, device) for g in rest for device in hall.devices[g][:10]],
                    [(g, hall.devices[g][10]) for g in rest[:5]],
                    [
                        (
                            f"round {number + 1}, {kind}",
                            {"reconnect": True, "drop_after": kind == "join and drop"},
                        )
                        for number in range(args.rounds)
                        for kind in ("reconnect", "join and drop")
                    ],
                )
            )
            slowest = [outcome.slowest_join for outcome in outcomes]
            failed = sum(len(outcome.failures) for outcome in outcomes)
            pool_timeouts = server.output().count("QueuePool limit")
    print(
        f"slowest join of all rounds: {max(slowest, default=0.0):.3f} s; failures {failed}; "
        f"pool timeouts in the server's log {pool_timeouts}"
    )
    print(f"load average at the end: {', '.join(map(str, os.getloadavg()))}")


if __name__ == "__main__":
    main()
