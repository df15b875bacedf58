"""A long mixed command stream over a key space a bit larger than the capacity."""

import random


def generate(seed: int, q: int = 200000, capacity: int = 50000, keys: int = 80000) -> str:
    rng = random.Random(seed)
    lines = [f"{capacity} {q}"]
    for _ in range(q):
        key = rng.randint(0, keys)
        if rng.random() < 0.5:
            lines.append(f"GET {key}")
        else:
            lines.append(f"PUT {key} {rng.randint(0, 10**9)}")
    return "\n".join(lines) + "\n"
