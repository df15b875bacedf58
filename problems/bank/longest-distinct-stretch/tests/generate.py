"""Long arrays drawn from a value pool: the pool size controls how long distinct stretches get."""

import random


def generate(seed: int, n: int = 200000, pool: int = 10**9) -> dict:
    rng = random.Random(seed)
    return {"nums": [rng.randint(-pool, pool) for _ in range(n)]}
