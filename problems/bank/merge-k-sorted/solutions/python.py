import heapq


def merge_lists(lists: list[list[int]]) -> list[int]:
    # A min-heap holds the current head of every list: (value, list index, position).
    heap = [(lst[0], i, 0) for i, lst in enumerate(lists) if lst]
    heapq.heapify(heap)
    out: list[int] = []
    while heap:
        value, i, pos = heap[0]
        out.append(value)
        if pos + 1 < len(lists[i]):
            heapq.heapreplace(heap, (lists[i][pos + 1], i, pos + 1))
        else:
            heapq.heappop(heap)
    return out
