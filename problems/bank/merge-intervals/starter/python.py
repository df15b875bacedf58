def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:
    # TODO: write your solution here
    raise NotImplementedError
