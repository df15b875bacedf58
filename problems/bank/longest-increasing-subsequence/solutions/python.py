from bisect import bisect_left


def longest_increasing(nums: list[int]) -> int:
    # tails[k] = smallest possible last value of an increasing subsequence of length k + 1.
    tails: list[int] = []
    for x in nums:
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails)
