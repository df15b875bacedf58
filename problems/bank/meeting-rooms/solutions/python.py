import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    starts = sorted(map(int, data[1 : 1 + 2 * n : 2]))
    ends = sorted(map(int, data[2 : 2 + 2 * n : 2]))
    # Sweep the sorted times: a room frees up before a meeting starting at the same time needs one.
    in_use = best = j = 0
    for start in starts:
        while ends[j] <= start:
            j += 1
            in_use -= 1
        in_use += 1
        if in_use > best:
            best = in_use
    print(best)


main()
