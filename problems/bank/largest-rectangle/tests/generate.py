"""Long charts: random bars, or a slowly rising staircase (the stack grows to full size)."""

import random


def generate(seed: int, n: int = 200000, shape: str = "random") -> dict:
    rng = random.Random(seed)
    if shape == "random":
        heights = [rng.randint(0, 10**9) for _ in range(n)]
    else:
        heights = [min(10**9, 5000 * i + rng.randint(0, 4999)) for i in range(n)]
    return {"heights": heights}
