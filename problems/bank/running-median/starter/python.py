def running_median(nums: list[int]) -> list[float]:
    # TODO: write your solution here
    raise NotImplementedError
