def is_balanced(s: str) -> bool:
    # TODO: write your solution here
    raise NotImplementedError
