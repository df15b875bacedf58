"""Deeply nested bracket strings; `broken` swaps the last closing bracket for a wrong one."""

import random


def generate(seed: int, n: int = 500000, broken: bool = False) -> dict:
    rng = random.Random(seed)
    half = n // 2
    opens = [rng.choice("([{") for _ in range(half)]
    close = {"(": ")", "[": "]", "{": "}"}
    # Mostly deep nesting, with a few shallow sibling groups at the front.
    head = "".join("(" + ")" for _ in range(100))
    body = "".join(opens[100:]) + "".join(close[c] for c in reversed(opens[100:]))
    s = head + body
    if broken:
        last = s[-1]
        s = s[:-1] + {")": "]", "]": "}", "}": ")"}[last]
    return {"s": s}
