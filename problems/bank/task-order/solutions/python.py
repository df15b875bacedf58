import heapq
import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    after: list[list[int]] = [[] for _ in range(n + 1)]
    waiting_for = [0] * (n + 1)
    for k in range(m):
        a, b = int(data[2 + 2 * k]), int(data[3 + 2 * k])
        after[a].append(b)
        waiting_for[b] += 1
    # Kahn's algorithm with a min-heap: always do the smallest task that is ready.
    ready = [t for t in range(1, n + 1) if waiting_for[t] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        t = heapq.heappop(ready)
        order.append(t)
        for u in after[t]:
            waiting_for[u] -= 1
            if waiting_for[u] == 0:
                heapq.heappush(ready, u)
    print(" ".join(map(str, order)) if len(order) == n else "IMPOSSIBLE")


main()
