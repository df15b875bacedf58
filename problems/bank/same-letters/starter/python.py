def same_letters(a: str, b: str) -> bool:
    # TODO: write your solution here
    raise NotImplementedError
