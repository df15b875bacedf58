"""A large random DAG (rules follow a hidden order); `cycle` adds one rule closing a long cycle."""

import random


def generate(seed: int, n: int = 100000, m: int = 200000, cycle: bool = False) -> str:
    rng = random.Random(seed)
    hidden = list(range(1, n + 1))
    rng.shuffle(hidden)
    rules = []
    # A long chain through the hidden order keeps the answer far from sorted.
    for i in range(0, n - 1, 2):
        rules.append((hidden[i], hidden[i + 1]))
    while len(rules) < m:
        i, j = sorted(rng.sample(range(n), 2))
        rules.append((hidden[i], hidden[j]))
    if cycle:
        rules[-1] = (hidden[-1], hidden[0])
        rules[0] = (hidden[0], hidden[n // 2])
        rules[1] = (hidden[n // 2], hidden[-1])
    rng.shuffle(rules)
    return f"{n} {m}\n" + "\n".join(f"{a} {b}" for a, b in rules) + "\n"
