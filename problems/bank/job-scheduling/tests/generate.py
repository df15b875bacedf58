"""Many overlapping jobs of mixed lengths."""

import random


def generate(seed: int, n: int = 100000, max_len: int = 10**7) -> dict:
    rng = random.Random(seed)
    jobs = []
    for _ in range(n):
        start = rng.randint(0, 10**9 - 1)
        end = min(10**9, start + rng.randint(1, max_len))
        jobs.append([start, end, rng.randint(1, 10**6)])
    return {"jobs": jobs}
