import heapq
from collections import Counter


def top_k_frequent(nums: list[int], k: int) -> list[int]:
    # Count, then pick the k best (count desc, value asc) without sorting everything.
    counts = Counter(nums)
    best = heapq.nsmallest(k, counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [value for value, _ in best]
