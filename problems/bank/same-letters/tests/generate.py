"""A long string and a shuffled copy; `change` replaces one letter of the copy."""

import random
import string


def generate(seed: int, n: int = 500000, change: bool = False) -> dict:
    rng = random.Random(seed)
    a = [rng.choice(string.ascii_lowercase) for _ in range(n)]
    b = a[:]
    rng.shuffle(b)
    if change:
        i = rng.randrange(n)
        b[i] = "a" if b[i] != "a" else "b"
    return {"a": "".join(a), "b": "".join(b)}
