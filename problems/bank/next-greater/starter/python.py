def wait_for_greater(values: list[int]) -> list[int]:
    # TODO: write your solution here
    raise NotImplementedError
