def count_inversions(nums: list[int]) -> int:
    # Bottom-up merge sort: when an element of the right run is taken first, it forms an
    # inversion with every element still waiting in the left run.
    a = list(nums)
    n = len(a)
    total = 0
    width = 1
    while width < n:
        merged: list[int] = []
        for lo in range(0, n, 2 * width):
            left, right = a[lo : lo + width], a[lo + width : lo + 2 * width]
            i = j = 0
            while i < len(left) and j < len(right):
                if right[j] < left[i]:
                    merged.append(right[j])
                    total += len(left) - i
                    j += 1
                else:
                    merged.append(left[i])
                    i += 1
            merged.extend(left[i:])
            merged.extend(right[j:])
        a = merged
        width *= 2
    return total
