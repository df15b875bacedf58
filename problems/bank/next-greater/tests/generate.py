"""Long inputs: a slowly falling sequence with noise (long waits), or random values."""

import random


def generate(seed: int, n: int = 200000, shape: str = "falling") -> dict:
    rng = random.Random(seed)
    if shape == "falling":
        values = [10**9 - 5000 * i + rng.randint(0, 4000) for i in range(n)]
        values = [max(-(10**9), v) for v in values]
        values[-1] = 10**9  # everything waits until the very end
    else:
        values = [rng.randint(-(10**9), 10**9) for _ in range(n)]
    return {"values": values}
