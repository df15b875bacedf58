def merge_sorted(a: list[int], b: list[int]) -> list[int]:
    # TODO: write your solution here
    raise NotImplementedError
