"""Skewed counts: a few heavy values, many light ones, many ties."""

import random


def generate(seed: int, n: int = 200000, k: int = 1000) -> dict:
    rng = random.Random(seed)
    pool = [rng.randint(-(10**9), 10**9) for _ in range(n // 4)]
    nums = [
        pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)] if rng.random() < 0.5 else rng.choice(pool)
        for _ in range(n)
    ]
    return {"nums": nums, "k": min(k, len(set(nums)))}
