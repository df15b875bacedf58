"""Many values drawn from a pool, so both the distinct count and the mode are non-trivial."""

import random


def generate(seed: int, n: int = 200000, pool: int = 50000) -> str:
    rng = random.Random(seed)
    values = [rng.randint(-(10**9), 10**9) for _ in range(pool)]
    a = [rng.choice(values) for _ in range(n)]
    return f"{n}\n{' '.join(map(str, a))}\n"
