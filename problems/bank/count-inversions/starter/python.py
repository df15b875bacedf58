def count_inversions(nums: list[int]) -> int:
    # TODO: write your solution here
    raise NotImplementedError
