"""Print setup.py's install_requires (and the named extras), one a line, without running setup.py.

The platform image installs the Python dependencies in a layer of their own, before the source
is copied in: setup.py reads the source tree, so it is parsed here, not run.
Usage: python3 requirements.py setup.py [extra ...]
"""

import ast
import sys


def requirements(setup_py: str, extras: list[str]) -> list[str]:
    tree = ast.parse(open(setup_py).read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "setup":
            kwargs = {k.arg: k.value for k in node.keywords}
            found = list(ast.literal_eval(kwargs["install_requires"]))
            if extras:
                extra = ast.literal_eval(kwargs["extras_require"])
                found += [req for name in extras for req in extra[name]]
            return found
    raise SystemExit(f"no setup() call in {setup_py}")


if __name__ == "__main__":
    print("\n".join(requirements(sys.argv[1], sys.argv[2:])))
