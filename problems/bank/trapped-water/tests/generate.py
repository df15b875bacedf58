"""Long terrains: random heights, or a deep valley between two high walls (huge total)."""

import random


def generate(seed: int, n: int = 200000, shape: str = "random") -> dict:
    rng = random.Random(seed)
    if shape == "random":
        heights = [rng.randint(0, 10**9) for _ in range(n)]
    else:
        heights = [rng.randint(0, 10**6) for _ in range(n)]
        heights[0] = heights[-1] = 10**9
    return {"heights": heights}
