def tree_depth(tree: list[int]) -> int:
    # TODO: write your solution here
    raise NotImplementedError
