"""Large maps: random land (many small islands) or one winding snake-shaped island."""

import random


def generate(seed: int, n: int = 250000, shape: str = "random", land: float = 0.45) -> dict:
    rng = random.Random(seed)
    side = int(n**0.5)
    if shape == "random":
        grid = ["".join("#" if rng.random() < land else "." for _ in range(side)) for _ in range(side)]
    else:
        # A serpentine: full rows of land joined alternately at the right and left ends.
        grid = []
        for r in range(side):
            if r % 2 == 0:
                grid.append("#" * side)
            elif r % 4 == 1:
                grid.append("." * (side - 1) + "#")
            else:
                grid.append("#" + "." * (side - 1))
    return {"grid": grid}
