"""A large random road network: a long backbone path keeps most junctions reachable."""

import random
from itertools import pairwise


def generate(seed: int, n: int = 50000, m: int = 120000, unreachable: int = 0) -> str:
    rng = random.Random(seed)
    reach = n - unreachable
    order = [1, *rng.sample(range(2, reach + 1), reach - 1)]
    roads = [(a, b, rng.randint(10**8, 10**9)) for a, b in pairwise(order)]
    while len(roads) < m:
        a, b = rng.randint(1, n), rng.randint(1, n)
        if b > reach and a <= reach:
            continue  # keep the last junctions unreachable
        roads.append((a, b, rng.randint(0, 10**9)))
    rng.shuffle(roads)
    return f"{n} {m}\n" + "\n".join(f"{a} {b} {w}" for a, b, w in roads) + "\n"
