def count_islands(grid: list[str]) -> int:
    # TODO: write your solution here
    raise NotImplementedError
