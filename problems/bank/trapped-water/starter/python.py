def trapped_water(heights: list[int]) -> int:
    # TODO: write your solution here
    raise NotImplementedError
