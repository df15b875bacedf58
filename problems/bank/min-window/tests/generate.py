"""A long random text and a pattern of many characters, so covering windows are long."""

import random
import string


def generate(seed: int, n: int = 200000, m: int = 3000, alphabet: int = 52) -> dict:
    rng = random.Random(seed)
    letters = (string.ascii_lowercase + string.ascii_uppercase)[:alphabet]
    s = "".join(rng.choice(letters) for _ in range(n))
    t = "".join(rng.choice(letters) for _ in range(m))
    return {"s": s, "t": t}
