def max_profit_schedule(jobs: list[list[int]]) -> int:
    # TODO: write your solution here
    raise NotImplementedError
