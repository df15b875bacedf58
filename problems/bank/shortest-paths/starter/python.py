import sys


def main() -> None:
    data = sys.stdin.read().split()
    # TODO: parse the input, solve, and print the answer


main()
