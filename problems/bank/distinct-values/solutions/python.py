import sys
from collections import Counter


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    counts = Counter(map(int, data[1 : 1 + n]))
    # Highest count first, then the smallest value.
    value, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    sys.stdout.write(f"{len(counts)}\n{value} {count}\n")


main()
