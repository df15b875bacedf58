def cycle_length(next: list[int], head: int) -> int:
    # TODO: write your solution here
    raise NotImplementedError
