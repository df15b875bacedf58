def two_sum(nums: list[int], target: int) -> list[int]:
    # TODO: write your solution here
    raise NotImplementedError
