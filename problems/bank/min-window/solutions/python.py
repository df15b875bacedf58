from collections import Counter


def min_window(s: str, t: str) -> str:
    # Grow the window on the right; once it covers t, shrink it from the left while it still does.
    need = Counter(t)
    missing = len(t)
    best_start, best_len = 0, len(s) + 1
    left = 0
    for right, ch in enumerate(s):
        if need[ch] > 0:
            missing -= 1
        need[ch] -= 1
        if missing == 0:
            while need[s[left]] < 0:
                need[s[left]] += 1
                left += 1
            if right - left + 1 < best_len:
                best_start, best_len = left, right - left + 1
            # Give up the first character so the window looks for its next cover.
            need[s[left]] += 1
            missing += 1
            left += 1
    return s[best_start : best_start + best_len] if best_len <= len(s) else ""
