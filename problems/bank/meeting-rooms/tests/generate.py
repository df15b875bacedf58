"""Many meetings of random length over a long day."""

import random


def generate(seed: int, n: int = 200000, max_len: int = 10**6) -> str:
    rng = random.Random(seed)
    lines = [str(n)]
    for _ in range(n):
        start = rng.randint(0, 10**9 - max_len)
        lines.append(f"{start} {start + rng.randint(1, max_len)}")
    return "\n".join(lines) + "\n"
