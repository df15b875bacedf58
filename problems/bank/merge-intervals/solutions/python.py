def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:
    # After sorting by start, each interval either extends the last merged one or starts a new one.
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
