"""Two long sorted arrays with interleaved values and shared duplicates."""

import random


def generate(seed: int, n: int = 100000) -> dict:
    rng = random.Random(seed)
    a = sorted(rng.randint(-(10**9), 10**9) for _ in range(n))
    b = sorted(rng.choice(a) if rng.random() < 0.2 else rng.randint(-(10**9), 10**9) for _ in range(n))
    return {"a": a, "b": b}
