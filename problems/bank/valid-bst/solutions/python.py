def is_search_tree(tree: list[int]) -> bool:
    # Hand each node the open interval (low, high) its value must lie in, level by level.
    if not tree:
        return True
    level = [(tree[0], -1, 10**9 + 1)]  # (value, low, high) of present nodes
    pos = 1
    while level:
        following = []
        for value, low, high in level:
            if not low < value < high:
                return False
            for child_low, child_high in ((low, value), (value, high)):
                if pos < len(tree) and tree[pos] != -1:
                    following.append((tree[pos], child_low, child_high))
                pos += 1
        level = following
    return True
