import heapq
import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    roads: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for k in range(2, 2 + 3 * m, 3):
        roads[int(data[k])].append((int(data[k + 1]), int(data[k + 2])))
    # Dijkstra: settle junctions in order of distance; stale heap entries are skipped.
    dist = [-1] * (n + 1)
    heap = [(0, 1)]
    while heap:
        d, a = heapq.heappop(heap)
        if dist[a] != -1:
            continue
        dist[a] = d
        for b, w in roads[a]:
            if dist[b] == -1:
                heapq.heappush(heap, (d + w, b))
    print(" ".join(map(str, dist[1:])))


main()
