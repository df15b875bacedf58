def tree_depth(tree: list[int]) -> int:
    # Walk the array level by level: a level with k present nodes is followed by 2k slots.
    depth, start, width = 0, 0, 1
    while start < len(tree):
        present = sum(1 for v in tree[start : start + width] if v != -1)
        if present == 0:
            break
        depth += 1
        start += width
        width = 2 * present
    return depth
