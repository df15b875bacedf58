def min_window(s: str, t: str) -> str:
    # TODO: write your solution here
    raise NotImplementedError
