def cycle_length(next: list[int], head: int) -> int:
    # Floyd: a fast pointer (two steps) meets the slow one (one step) iff there is a cycle.
    if head == -1:
        return 0
    slow = fast = head
    while True:
        if next[fast] == -1 or next[next[fast]] == -1:
            return 0
        slow = next[slow]
        fast = next[next[fast]]
        if slow == fast:
            break
    # Walk once around the cycle from the meeting point.
    length, node = 1, next[slow]
    while node != slow:
        node = next[node]
        length += 1
    return length
