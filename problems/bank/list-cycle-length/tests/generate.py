"""A long list in shuffled storage order: a tail leading into a cycle (or into an end)."""

import random
from itertools import pairwise


def generate(seed: int, n: int = 200000, cycle: int = 70000) -> dict:
    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)
    nxt = [-1] * n
    for a, b in pairwise(order):
        nxt[a] = b
    if cycle:
        nxt[order[-1]] = order[n - cycle]
    return {"next": nxt, "head": order[0]}
