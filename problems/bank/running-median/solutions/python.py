import heapq


def running_median(nums: list[int]) -> list[float]:
    # Lower half in a max-heap (negated), upper half in a min-heap; the lower half may hold one more.
    low: list[int] = []
    high: list[int] = []
    out: list[float] = []
    for x in nums:
        if low and x > -low[0]:
            heapq.heappush(high, x)
            if len(high) > len(low):
                heapq.heappush(low, -heapq.heappop(high))
        else:
            heapq.heappush(low, -x)
            if len(low) > len(high) + 1:
                heapq.heappush(high, -heapq.heappop(low))
        out.append(float(-low[0]) if len(low) > len(high) else (-low[0] + high[0]) / 2)
    return out
