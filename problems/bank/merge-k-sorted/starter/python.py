def merge_lists(lists: list[list[int]]) -> list[int]:
    # TODO: write your solution here
    raise NotImplementedError
