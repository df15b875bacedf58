def two_sum(nums: list[int], target: int) -> list[int]:
    # Remember where each value was first seen; one pass finds the partner of every value.
    seen: dict[int, int] = {}
    for j, x in enumerate(nums):
        i = seen.get(target - x)
        if i is not None:
            return [i, j]
        seen.setdefault(x, j)
    return []
