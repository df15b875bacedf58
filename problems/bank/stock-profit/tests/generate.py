"""A long random walk of prices."""

import random


def generate(seed: int, n: int = 200000) -> dict:
    rng = random.Random(seed)
    price = rng.randint(0, 10**9)
    prices = []
    for _ in range(n):
        price = min(10**9, max(0, price + rng.randint(-(10**6), 10**6)))
        prices.append(price)
    return {"prices": prices}
