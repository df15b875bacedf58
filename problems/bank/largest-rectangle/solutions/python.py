def largest_rectangle(heights: list[int]) -> int:
    # Stack of bars with increasing heights; a lower bar closes the rectangles of taller ones.
    stack: list[int] = []  # positions
    best = 0
    for i, h in enumerate([*heights, 0]):
        while stack and heights[stack[-1]] >= h:
            top = heights[stack.pop()]
            left = stack[-1] + 1 if stack else 0
            best = max(best, top * (i - left))
        stack.append(i)
    return best
