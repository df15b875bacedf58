def max_profit(prices: list[int]) -> int:
    # TODO: write your solution here
    raise NotImplementedError
