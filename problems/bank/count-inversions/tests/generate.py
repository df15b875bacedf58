"""Long arrays: random values, or reversed order with duplicates (the most inversions)."""

import random


def generate(seed: int, n: int = 200000, shape: str = "random") -> dict:
    rng = random.Random(seed)
    if shape == "random":
        nums = [rng.randint(-(10**9), 10**9) for _ in range(n)]
    else:
        nums = sorted((rng.randint(-1000, 1000) for _ in range(n)), reverse=True)
    return {"nums": nums}
