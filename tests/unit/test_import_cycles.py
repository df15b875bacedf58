"""No import circles in the Python code of `interviewhub` (every folder setup.py maps onto it).

A circle works only while the modules in it happen to be imported in one order, and makes
every module in it load every other; new code then grows into the knot. The graph is built
from the source alone (ast, no imports run), from module-level imports: imports inside a
function run later, once everything is loaded, and are allowed (not as a way to hide a circle).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {"node_modules", "__pycache__"}


def folders() -> dict[str, str]:
    """setup.py's FOLDERS (import name below `interviewhub` -> folder), read without running it."""
    tree = ast.parse((ROOT / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "FOLDERS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py defines no FOLDERS mapping")


def modules() -> dict[str, Path]:
    """Every module of the package: dotted name -> file (packages as their __init__.py)."""
    found: dict[str, Path] = {}
    for name, folder in folders().items():
        base = ROOT / folder

        def walk(path: Path, dotted: str) -> None:
            found[dotted] = path / "__init__.py"
            for child in sorted(path.iterdir()):
                if child.name in SKIP:
                    continue
                if child.is_dir() and child.name.isidentifier() and (child / "__init__.py").is_file():
                    walk(child, f"{dotted}.{child.name}")
                elif child.suffix == ".py" and child.name != "__init__.py" and child.stem.isidentifier():
                    found[f"{dotted}.{child.stem}"] = child

        assert (base / "__init__.py").is_file(), f"{folder}/ has no __init__.py"
        walk(base, f"interviewhub.{name}")
    return found


def module_level(tree: ast.Module):
    """Import statements run when the module is loaded: not inside a def or a lambda (class bodies,
    if/try blocks do run); `if TYPE_CHECKING:` blocks never run."""
    todo = list(tree.body)
    while todo:
        node = todo.pop(0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            todo.extend(n for n in ast.iter_child_nodes(node) if isinstance(n, ast.stmt))


def graph() -> dict[str, set[str]]:
    """Module -> the modules of the package whose code runs when it imports them."""
    mods = modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}  # loaded before us
        for node in module_level(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{parent}.{base}" if base else parent
                # `from pkg import sub` loads the submodule; `from pkg import name`, pkg itself
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            for target in targets:
                parts = target.split(".")
                for i in range(1, len(parts) + 1):  # a.b.c runs a, a.b, then a.b.c
                    dotted = ".".join(parts[:i])
                    if dotted in mods and dotted != name and (dotted not in own or dotted == target):
                        edges[name].add(dotted)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One circle per strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(path_through(edges, set(component)))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def path_through(edges: dict[str, set[str]], component: set[str]) -> list[str]:
    """A concrete circle inside a component: start, ..., start (breadth-first back to the start)."""
    start = min(component)
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(edges[v] & component):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                todo.append(w)
    raise AssertionError(f"no circle through {start}")


def test_the_scan_sees_the_whole_package():
    mods = modules()
    assert "interviewhub.hub.service.app" in mods and "interviewhub.kernels.provisioner" in mods
    assert "interviewhub.extensions.room" in mods and "interviewhub.problems.grader" in mods
    edges = graph()
    # a relative import, a package's own __init__, a sibling package
    assert "interviewhub.hub.db" in edges["interviewhub.hub.service.app"]
    assert any(e.startswith("interviewhub.problems") for e in edges["interviewhub.hub.service.app"])


def test_the_check_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles():
    found = cycles(graph())
    assert not found, "import circles (module-level imports):\n" + "\n".join(" -> ".join(c) for c in found)
