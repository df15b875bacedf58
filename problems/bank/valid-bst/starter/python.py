def is_search_tree(tree: list[int]) -> bool:
    # TODO: write your solution here
    raise NotImplementedError
