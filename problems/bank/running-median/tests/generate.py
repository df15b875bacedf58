"""Long arrival sequences: random values, or an upward drift that keeps the heaps rebalancing."""

import random


def generate(seed: int, n: int = 200000, shape: str = "random") -> dict:
    rng = random.Random(seed)
    if shape == "random":
        nums = [rng.randint(-(10**9), 10**9) for _ in range(n)]
    else:
        nums = [-(10**9) + 9000 * i + rng.randint(-(10**6), 10**6) for i in range(n)]
        nums = [max(-(10**9), min(10**9, x)) for x in nums]
    return {"nums": nums}
