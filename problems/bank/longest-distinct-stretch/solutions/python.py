def longest_distinct(nums: list[int]) -> int:
    # Sliding window: when a value repeats, the window restarts just after its last occurrence.
    last: dict[int, int] = {}
    best = start = 0
    for i, x in enumerate(nums):
        if last.get(x, -1) >= start:
            start = last[x] + 1
        last[x] = i
        best = max(best, i - start + 1)
    return best
