"""Benchmark: chat over the room protocol, between participants on loopback through the proxy.

Prints:
  - one room, interviewer <-> candidate: chat message sent -> received by the other (p50/p95/p99),
    one message at a time (targets: p50 <= 10 ms, p99 <= 50 ms); and ping round trips;
  - R rooms x 2 participants chatting at once: every message must arrive at the other participant
    exactly once and in the order sent; lost / duplicated / reordered counts and latency under load.

  - with --browser, the live room in two Chromium pages (tests/bench/room_browser.py): both joined ->
    video both ways, typing -> visible in the other browser, Ctrl+Enter -> output visible.

Usage: python tests/bench/room_rt.py [--messages 300] [--rooms 20] [--burst 50] [--browser]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.platform import Platform, traversable_tmpdir  # noqa: E402
from tests.room_client import RoomClient  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(name: str, values: list[float]) -> str:
    return (
        f"{name}: n={len(values)} p50={statistics.median(values):.2f}ms p95={pct(values, 95):.2f}ms "
        f"p99={pct(values, 99):.2f}ms max={max(values):.2f}ms"
    )


def open_rooms(platform: Platform, n: int):
    """n interviews (rooms running, candidate admitted): [(room, interviewer session, candidate session)]."""
    name, password = platform.add_staff("interviewer")
    s = platform.login(name, password)

    def one(_):
        iv = platform.create_interview(s, waiting_room=False)
        return f"room-{iv['id']}", s, platform.join(iv["invite_url"])

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(one, range(n)))


async def chat_latency(a: RoomClient, b: RoomClient, n: int, gap: float) -> list[float]:
    """a sends n messages one at a time; time until b has each one (same clock: one process)."""
    times = []
    for i in range(n):
        text = f"{a.username} -> {b.username} {i}"
        t0 = time.perf_counter()
        await a.send("chat.send", text=text)
        await b.expect("chat.message", timeout=10, where=lambda m, t=text: m["message"]["text"] == t)
        times.append((time.perf_counter() - t0) * 1000)
        await a.expect("chat.message", timeout=10, where=lambda m, t=text: m["message"]["text"] == t)  # echo
        await asyncio.sleep(gap)
    return times


async def ping_rtts(a: RoomClient, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        await a.request("ping", "pong", t0=0)
        out.append((time.perf_counter() - t0) * 1000)
        await asyncio.sleep(0.06)  # under the per-connection rate limit (20/s)
    return out


async def chat_both_ways(a: RoomClient, b: RoomClient, n: int, gap: float) -> dict:
    """a and b each send n numbered messages while reading the other's; check order and loss."""
    sent_at: dict[str, float] = {}
    got: dict[str, list[int]] = {a.username: [], b.username: []}
    lat: list[float] = []

    async def send(c: RoomClient):
        for i in range(n):
            sent_at[f"{c.username}:{i}"] = time.perf_counter()
            await c.send("chat.send", text=f"{c.username}:{i}")
            await asyncio.sleep(gap)

    async def read(c: RoomClient, other: str):
        seqs = []
        while len(got[c.username]) < n:
            m = await c.expect("chat.message", timeout=30)
            text = m["message"]["text"]
            seqs.append(m["message"]["seq"])
            if text.startswith(other + ":"):
                lat.append((time.perf_counter() - sent_at[text]) * 1000)
                got[c.username].append(int(text.rsplit(":", 1)[1]))
        return seqs

    results = await asyncio.gather(send(a), send(b), read(a, b.username), read(b, a.username))
    out = {"lost": 0, "dup": 0, "reordered": 0, "latency": lat, "seq_out_of_order": 0}
    for name in (a.username, b.username):
        nums = got[name]
        out["lost"] += n - len(set(nums))
        out["dup"] += len(nums) - len(set(nums))
        out["reordered"] += sum(1 for x, y in zip(nums, nums[1:], strict=False) if y < x)
    for seqs in results[2:]:
        out["seq_out_of_order"] += sum(1 for x, y in zip(seqs, seqs[1:], strict=False) if y <= x)
    return out


async def main_async(platform: Platform, args) -> None:
    rooms = await asyncio.to_thread(open_rooms, platform, max(1, args.rooms))
    room, s, cand = rooms[0]
    a = await RoomClient.connect(platform, s, room)
    b = await RoomClient.connect(platform, cand, room)
    await chat_latency(a, b, 20, 0.01)  # warm up
    print(summary("chat interviewer -> candidate", await chat_latency(a, b, args.messages, 0.06)))
    print(summary("chat candidate -> interviewer", await chat_latency(b, a, args.messages, 0.06)))
    print(summary("ping round trip", await ping_rtts(a, args.messages)))
    for c in (a, b):
        await c.close()

    pairs = []
    for room, s, cand in rooms[: args.rooms]:
        pairs.append(
            (await RoomClient.connect(platform, s, room), await RoomClient.connect(platform, cand, room))
        )
    t0 = time.perf_counter()
    results = await asyncio.gather(*(chat_both_ways(x, y, args.burst, 0.01) for x, y in pairs))
    wall = time.perf_counter() - t0
    total = 2 * args.burst * len(pairs)
    lost = sum(r["lost"] for r in results)
    dup = sum(r["dup"] for r in results)
    reordered = sum(r["reordered"] + r["seq_out_of_order"] for r in results)
    print(
        f"{len(pairs)} rooms x 2 participants, {args.burst} messages each at once: {total} messages in "
        f"{wall:.1f}s, lost={lost} duplicated={dup} reordered={reordered}"
    )
    print(summary("chat under load", [x for r in results for x in r["latency"]]))
    for x, y in pairs:
        await x.close()
        await y.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--rooms", type=int, default=20)
    parser.add_argument("--burst", type=int, default=50, help="messages each participant sends at once")
    parser.add_argument("--browser", action="store_true", help="also the two-browser figures")
    args = parser.parse_args()
    tmp = traversable_tmpdir()
    platform = Platform(tmp / "data").start()
    try:
        asyncio.run(main_async(platform, args))
        if args.browser:
            from tests.bench.room_browser import run

            run(platform)
    finally:
        platform.stop()


if __name__ == "__main__":
    main()
