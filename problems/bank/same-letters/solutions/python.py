from collections import Counter


def same_letters(a: str, b: str) -> bool:
    # Equal letter counts is exactly "one is a reordering of the other".
    return len(a) == len(b) and Counter(a) == Counter(b)
