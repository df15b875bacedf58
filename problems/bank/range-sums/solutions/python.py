import sys
from itertools import accumulate


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    # prefix[k] = a_1 + ... + a_k, so a range sum is a difference of two prefixes.
    prefix = [0, *accumulate(map(int, data[2 : 2 + n]))]
    bounds = list(map(int, data[2 + n : 2 + n + 2 * q]))
    out = [prefix[hi] - prefix[lo - 1] for lo, hi in zip(bounds[::2], bounds[1::2], strict=True)]
    sys.stdout.write("\n".join(map(str, out)) + "\n")


main()
