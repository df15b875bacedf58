def top_k_frequent(nums: list[int], k: int) -> list[int]:
    # TODO: write your solution here
    raise NotImplementedError
