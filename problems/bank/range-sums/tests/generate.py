"""A long array with many long ranges."""

import random


def generate(seed: int, n: int = 200000, q: int = 200000) -> str:
    rng = random.Random(seed)
    a = [rng.randint(-(10**9), 10**9) for _ in range(n)]
    lines = [f"{n} {q}", " ".join(map(str, a))]
    for _ in range(q):
        lo = rng.randint(1, n // 2)
        hi = rng.randint(n // 2, n)
        lines.append(f"{lo} {hi}")
    return "\n".join(lines) + "\n"
