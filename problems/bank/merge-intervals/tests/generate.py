"""Many short random intervals: lots of merges and lots of separate groups."""

import random


def generate(seed: int, n: int = 60000, span: int = 10**9) -> dict:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        start = rng.randint(-span, span)
        length = rng.randint(0, 2 * span // n * 2)
        out.append([start, min(10**9, start + length)])
    return {"intervals": out}
