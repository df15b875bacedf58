def longest_distinct(nums: list[int]) -> int:
    # TODO: write your solution here
    raise NotImplementedError
