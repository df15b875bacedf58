"""Many short sorted lists (some empty), or a few long ones."""

import random


def generate(seed: int, n: int = 100000, k: int = 20000) -> dict:
    rng = random.Random(seed)
    cuts = sorted(rng.randint(0, n) for _ in range(k - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
    return {"lists": [sorted(rng.randint(-(10**9), 10**9) for _ in range(s)) for s in sizes]}
