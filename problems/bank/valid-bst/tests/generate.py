"""Large search trees in level order: a deep zig-zag path or a random one; `break_at` plants an error."""

import random
from itertools import pairwise


def level_order(root, left, right, value):
    out, queue = [value[root]], [root]
    for node in queue:
        for child in (left.get(node), right.get(node)):
            out.append(-1 if child is None else value[child])
            if child is not None:
                queue.append(child)
    while out and out[-1] == -1:
        out.pop()
    return out


def generate(seed: int, n: int = 200000, shape: str = "zigzag", broken: bool = False) -> dict:
    rng = random.Random(seed)
    values = sorted(rng.sample(range(10**9), n))
    left, right = {}, {}
    if shape == "zigzag":
        # A deep path that alternates sides, narrowing in on the middle of the sorted values.
        lo, hi = 0, n - 1
        order = []
        while lo <= hi:
            order.append(lo)
            lo += 1
            if lo <= hi:
                order.append(hi)
                hi -= 1
        for parent, child in pairwise(order):
            (left if child < parent else right)[parent] = child
        root = order[0]
    else:
        # Random insertion order builds a random search tree (iteratively).
        keys = list(range(n))
        rng.shuffle(keys)
        root = keys[0]
        for k in keys[1:]:
            node = root
            while True:
                side = left if k < node else right
                if node in side:
                    node = side[node]
                else:
                    side[node] = k
                    break
    value = {i: values[i] for i in range(n)}
    tree = level_order(root, left, right, value)
    if broken:
        # Swap two values deep down the tree.
        i, j = len(tree) - 1, len(tree) // 2
        while tree[j] == -1:
            j += 1
        tree[i], tree[j] = tree[j], tree[i]
    return {"tree": tree}
