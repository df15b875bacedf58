def max_profit(prices: list[int]) -> int:
    # Sell on each day against the cheapest earlier day.
    best = 0
    lowest = None
    for p in prices:
        if lowest is None or p < lowest:
            lowest = p
        elif p - lowest > best:
            best = p - lowest
    return best
