import sys


def solve(data: list[str]) -> str:
    # TODO: parse the input tokens in `data`, solve, and return the output text
    return ""


print(solve(sys.stdin.read().split()))
