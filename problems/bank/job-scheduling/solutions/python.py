from bisect import bisect_right


def max_profit_schedule(jobs: list[list[int]]) -> int:
    # best[k] = best profit using only the first k jobs by end time; each job either is skipped
    # or follows the best schedule of the jobs that end by its start (found by binary search).
    jobs = sorted(jobs, key=lambda job: job[1])
    ends = [end for _, end, _ in jobs]
    best = [0] * (len(jobs) + 1)
    for k, (start, _, profit) in enumerate(jobs):
        before = bisect_right(ends, start, 0, k)
        best[k + 1] = max(best[k], best[before] + profit)
    return best[-1]
