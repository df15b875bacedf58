"""Random values, or a rising trend with noise (long answers)."""

import random


def generate(seed: int, n: int = 200000, shape: str = "random") -> dict:
    rng = random.Random(seed)
    if shape == "random":
        nums = [rng.randint(-(10**9), 10**9) for _ in range(n)]
    else:
        nums = [-(10**9) + 5000 * i + rng.randint(-20000, 20000) for i in range(n)]
    return {"nums": nums}
