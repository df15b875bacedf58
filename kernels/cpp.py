"""C++17 kernel: g++ -std=c++17 -O2, one program per cell, in the kernel's sandbox.

How cells work (also shown as the kernel banner):

- A cell with `main()` is a program: it is compiled (after the definitions kept from earlier
  cells) and run. A whole file from an editor ("Run All Code") is such a cell. Program cells
  are not kept.
- A cell of definitions only (#include, using, types, functions, templates, namespaces, global
  variables) is compiled and kept for later cells; nothing runs.
- Any other cell is a snippet: its functions and types are kept, its statements (and the
  variables they declare) run in order inside a generated `main()` and are not kept.
- Common headers (iostream, string, vector, algorithm, map, set, ...) and `using namespace
  std;` come for free, except in a program cell with #include lines of its own, which
  compiles as the file it is.
- Every cell runs as a fresh process: definitions carry over to later cells, values do not (a
  global variable starts again from its initializer).
- A later definition of the same name replaces the earlier one. A cell that does not compile
  keeps nothing. Compiler messages say `cell:LINE` (this cell) or `cell[N]:LINE` (cell In [N]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from traitlets import List, Unicode

from . import chunks
from .wrapper import CompiledKernel, Plan, Source

PRELUDE = [
    "iostream", "iomanip", "sstream", "fstream", "string", "vector", "array", "deque", "list", "map", "set",
    "unordered_map", "unordered_set", "queue", "stack", "algorithm", "numeric", "functional",
    "utility", "tuple", "cmath", "climits", "cstdint", "cstdio", "cstdlib", "cstring", "memory",
    "optional", "bitset",
]  # fmt: skip
TYPE_WORDS = {
    "template",
    "struct",
    "class",
    "union",
    "enum",
    "namespace",
    "typedef",
    "using",
    "extern",
    "static_assert",
}
STATEMENT_WORDS = {
    "if", "for", "while", "do", "switch", "try", "else", "return", "throw", "delete", "goto", "break",
    "continue", "case", "default", "catch", "new",
}  # fmt: skip
FUNC_RE = re.compile(
    r"^[\w:<>,\s*&~\[\]]*?(?P<name>~?[\w:]+|operator\s*\S+)\s*\((?P<args>.*)\)\s*"
    r"(?:const|noexcept|override|final|mutable|->\s*[\w:<>,\s*&]+|\s)*$"
)
VAR_RE = re.compile(r"^(?:[\w:]+(?:<.*>)?[\s*&]+)+[*&]*(?P<name>\w+)\s*(?:=|\{|\[|\(|;|,|$)")
NAME_RE = re.compile(r"^(?:template\s*<.*?>\s*)?(?:struct|class|union|enum(?:\s+class)?|namespace)\s+(\w+)")


@dataclass
class Definition:
    name: str  # "" for anonymous ones (#include, using namespace): kept once, by text
    text: str
    label: str
    line: int
    preprocessor: bool = False


def classify(code: str) -> tuple[list[Definition], list[chunks.Chunk], list[chunks.Chunk], bool]:
    """(definitions, variable declarations, other statements, has main) of a cell, in order;
    variables come back inside `statements` too so their order is kept."""
    defs: list[Definition] = []
    variables: list[chunks.Chunk] = []
    statements: list[chunks.Chunk] = []
    has_main = False
    for ch in chunks.split(code, preprocessor=True):
        if ch.preprocessor:
            defs.append(Definition("", ch.text.strip(), "cell", ch.line, preprocessor=True))
            continue
        h = chunks.head(ch.text)
        first = re.split(r"[\s<(]", h, maxsplit=1)[0]
        block = ch.text.rstrip().endswith("}")
        if first == "template":  # name it after what follows `template <...>`
            m = FUNC_RE.match(_after_template(h)) if block else None
            name = m.group("name").strip() if m else ""
            m = NAME_RE.match(_after_template(h))
            defs.append(Definition(m.group(1) if m else name, ch.text, "cell", ch.line))
            continue
        if first in TYPE_WORDS:
            m = NAME_RE.match(h)
            defs.append(Definition(m.group(1) if m else "", ch.text, "cell", ch.line))
            continue
        m = FUNC_RE.match(h) if block else None
        if m and first not in STATEMENT_WORDS and " " in h.split("(", 1)[0].strip():
            name = m.group("name").strip()
            has_main = has_main or name == "main"
            defs.append(Definition(name, ch.text, "cell", ch.line))
            continue
        m = VAR_RE.match(h)
        if m and first not in STATEMENT_WORDS and not block:
            variables.append(ch)
        statements.append(ch)
    return defs, variables, statements, has_main


class CppKernel(CompiledKernel):
    implementation = "interviewhub-cpp"
    language = "c++"
    language_info = {
        "name": "c++",
        "version": "17",
        "mimetype": "text/x-c++src",
        "file_extension": ".cpp",
        "codemirror_mode": "text/x-c++src",
        "pygments_lexer": "cpp",
    }
    banner = "C++17 (g++ -std=c++17 -O2, sandboxed)\n\n" + __doc__.split("\n\n", 1)[1].replace(
        " (also shown as the kernel banner)", ""
    )

    cxx = Unicode("g++").tag(config=True)
    cxxflags = List(Unicode(), ["-std=c++17", "-O2", "-pipe", "-fdiagnostics-color=never"]).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.kept: list[Definition] = []

    def plan(self, code: str, label: str, build: Path) -> Plan:
        defs, variables, statements, has_main = classify(code)
        own_includes = any(d.preprocessor and d.text.startswith("#include") for d in defs)
        program = has_main
        definitions_only = not program and len(variables) == len(statements)
        if definitions_only:  # global variables of a definition cell are definitions too
            body_defs = defs + [Definition(_var_name(v), v.text, "cell", v.line) for v in variables]
            statements = []
        else:
            body_defs = defs
        names = {d.name for d in body_defs if d.name}
        texts = {d.text for d in body_defs if not d.name}
        kept = [
            d for d in self.kept if (d.name and d.name not in names) or (not d.name and d.text not in texts)
        ]

        src = Source("prog.cpp")
        if not (program and own_includes):
            src.add("".join(f"#include <{h}>\n" for h in PRELUDE) + "using namespace std;")
        cells = {label: code}
        ordered = [d for d in kept + body_defs if d.preprocessor] + [
            d for d in kept + body_defs if not d.preprocessor
        ]
        if program:  # the cell as written, after what earlier cells defined
            ordered = [d for d in kept if d.preprocessor] + [d for d in kept if not d.preprocessor]
        for d in ordered:
            src.add(f'#line {d.line} "{d.label}"\n{d.text}')
        if program:
            src.add(f'#line 1 "{label}"\n{code}')
        elif statements:
            src.add("int main() {")
            for st in statements:
                src.add(f'#line {st.line} "{label}"\n{st.text}')
            src.add("return 0;\n}")
        for d in kept:
            cells.setdefault(d.label, "")
        sources = [src]
        # g++ quotes the offending source line from the file named by #line: give it the cells
        for name, text in self._cell_texts(cells, code, label).items():
            (build / name).write_text(text)

        run = [str(build / "prog")] if statements or program else None
        flags = self.cxxflags if run else [*self.cxxflags, "-fsyntax-only"]
        compile_cmd = [self.cxx, *flags, "prog.cpp", "-o", "prog"]

        def commit() -> None:
            if program:
                return
            cell = f"cell[{self.execution_count}]"
            for d in body_defs:
                d.label = cell
            self.kept = kept + body_defs
            self._texts[cell] = code

        return Plan(sources, compile_cmd, run, commit)

    @property
    def _texts(self) -> dict[str, str]:
        if not hasattr(self, "_cell_text_store"):
            self._cell_text_store: dict[str, str] = {}
        return self._cell_text_store

    def _cell_texts(self, cells: dict[str, str], code: str, label: str) -> dict[str, str]:
        out = {name: self._texts.get(name, "") for name in cells}
        out[label] = code
        return out


def _after_template(h: str) -> str:
    """`template <typename T> T twice(T x)` -> `T twice(T x)`."""
    depth = 0
    for i, c in enumerate(h):
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
            if depth == 0:
                return h[i + 1 :].strip()
    return h


def _var_name(ch: chunks.Chunk) -> str:
    m = VAR_RE.match(chunks.head(ch.text))
    return m.group("name") if m else ""


if __name__ == "__main__":
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(kernel_class=CppKernel)
