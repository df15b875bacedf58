"""Large trees in level order: a long zig-zag chain, or a random tree."""

import random


def generate(seed: int, n: int = 200000, shape: str = "chain") -> dict:
    rng = random.Random(seed)
    if shape == "chain":
        # Each node has exactly one child, on a random side.
        tree = [rng.randint(0, 10**9)]
        for _ in range(n - 1):
            child = rng.randint(0, 10**9)
            tree += [child, -1] if rng.random() < 0.5 else [-1, child]
        return {"tree": tree}
    # Random shape: every present node gets each child with some probability.
    tree, level, count = [rng.randint(0, 10**9)], 1, 1
    while level and count < n:
        slots = []
        for _ in range(2 * level):
            if count < n and rng.random() < 0.55:
                slots.append(rng.randint(0, 10**9))
                count += 1
            else:
                slots.append(-1)
        level = sum(1 for v in slots if v != -1)
        tree += slots
    while tree and tree[-1] == -1:
        tree.pop()
    return {"tree": tree}
