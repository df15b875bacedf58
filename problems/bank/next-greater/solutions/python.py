def wait_for_greater(values: list[int]) -> list[int]:
    # Positions still waiting for a greater value form a stack with non-increasing values.
    result = [0] * len(values)
    waiting: list[int] = []
    for j, v in enumerate(values):
        while waiting and values[waiting[-1]] < v:
            i = waiting.pop()
            result[i] = j - i
        waiting.append(j)
    return result
