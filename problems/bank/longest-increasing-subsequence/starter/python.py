def longest_increasing(nums: list[int]) -> int:
    # TODO: write your solution here
    raise NotImplementedError
