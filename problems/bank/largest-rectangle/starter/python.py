def largest_rectangle(heights: list[int]) -> int:
    # TODO: write your solution here
    raise NotImplementedError
