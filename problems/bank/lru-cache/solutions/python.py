import sys
from collections import OrderedDict


def main() -> None:
    data = sys.stdin.buffer.read().split()
    capacity, q = int(data[0]), int(data[1])
    # OrderedDict keeps keys in use order: oldest first, most recent last.
    cache: OrderedDict[bytes, bytes] = OrderedDict()
    out = []
    p = 2
    for _ in range(q):
        if data[p] == b"GET":
            key = data[p + 1]
            p += 2
            if key in cache:
                cache.move_to_end(key)
                out.append(cache[key])
            else:
                out.append(b"-1")
        else:
            key, value = data[p + 1], data[p + 2]
            p += 3
            if key in cache:
                cache.move_to_end(key)
            elif len(cache) >= capacity:
                cache.popitem(last=False)
            cache[key] = value
    sys.stdout.buffer.write(b"\n".join(out) + (b"\n" if out else b""))


main()
