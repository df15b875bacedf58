"""Large input with exactly one valid pair, placed near the end."""

import random


def generate(seed: int, n: int = 200000) -> dict:
    rng = random.Random(seed)
    # Filler values are multiples of 3 and the pair is 2 (mod 3) each, with a target of 1 (mod 3):
    # no other pair can reach the target.
    nums = [3 * rng.randint(-333_333_333, 333_333_333) for _ in range(n - 2)]
    a = 3 * rng.randint(-100_000_000, 100_000_000) + 2
    b = 3 * rng.randint(-100_000_000, 100_000_000) + 2
    nums.insert(rng.randint(n - 100, n - 2), a)
    nums.insert(rng.randint(n - 50, n - 1), b)
    return {"nums": nums, "target": a + b}
