"""Split C-family source (Java, C++) into top-level chunks: declarations and statements.

A chunk ends at a `;` outside any brackets, or at a `}` that closes back to the top level
(unless `;`, `,`, `)` or `.` follows: `int a[] = {1, 2};`, `new Foo() {...}.run();`). Strings,
character literals, comments and (for C++) preprocessor lines are skipped over, so braces inside
them do not count. Good enough to classify a cell; the compiler has the last word.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Chunk:
    text: str  # starts at its first significant character
    line: int  # 1-based line of that character in the cell
    preprocessor: bool = False


def _skip_string(code: str, i: int) -> int:
    """i is at an opening quote; return the index after the closing one."""
    if code.startswith('"""', i):  # Java text block
        end = code.find('"""', i + 3)
        return len(code) if end < 0 else end + 3
    if code[i] == '"' and i > 0 and code[i - 1] == "R":  # C++ raw string R"delim(...)delim"
        paren = code.find("(", i)
        if paren > 0:
            delim = code[i + 1 : paren]
            end = code.find(f'){delim}"', paren)
            return len(code) if end < 0 else end + len(delim) + 2
    quote = code[i]
    j = i + 1
    while j < len(code) and code[j] != quote and code[j] != "\n":
        j += 2 if code[j] == "\\" else 1
    return j + 1


def depth(code: str) -> int:
    """How many brackets are still open at the end of `code` (strings and comments skipped)."""
    level = 0
    i = 0
    while i < len(code):
        if code.startswith("//", i):
            nl = code.find("\n", i)
            i = len(code) if nl < 0 else nl
            continue
        if code.startswith("/*", i):
            end = code.find("*/", i + 2)
            i = len(code) if end < 0 else end + 2
            continue
        c = code[i]
        if c in "\"'":
            i = _skip_string(code, i)
            continue
        if c in "({[":
            level += 1
        elif c in ")}]":
            level = max(0, level - 1)
        i += 1
    return level


def split(code: str, preprocessor: bool = False) -> list[Chunk]:
    chunks: list[Chunk] = []
    depth = 0
    start: int | None = None
    i = 0
    n = len(code)

    def close(end: int) -> None:
        nonlocal start
        if start is not None:
            chunks.append(Chunk(code[start:end], code.count("\n", 0, start) + 1))
        start = None

    while i < n:
        c = code[i]
        if code.startswith("//", i):
            nl = code.find("\n", i)
            i = n if nl < 0 else nl
            continue
        if code.startswith("/*", i):
            end = code.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if c.isspace():
            i += 1
            continue
        if preprocessor and c == "#" and depth == 0 and start is None:
            j = i
            while True:
                nl = code.find("\n", j)
                if nl < 0:
                    nl = n
                if nl > 0 and code[nl - 1] == "\\" and nl < n:
                    j = nl + 1
                    continue
                break
            chunks.append(Chunk(code[i:nl], code.count("\n", 0, i) + 1, preprocessor=True))
            i = nl
            continue
        if start is None:
            start = i
        if c == "'" and preprocessor and i > 0 and code[i - 1].isdigit():  # C++14 1'000'000
            i += 1
            continue
        if c in "\"'":
            i = _skip_string(code, i)
            continue
        if c in "({[":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c == "}":
            depth = max(0, depth - 1)
            if depth == 0:
                j = i + 1
                while j < n and code[j].isspace():
                    j += 1
                if j >= n or code[j] not in ";,).":
                    close(i + 1)
        elif c == ";" and depth == 0:
            close(i + 1)
        i += 1
    close(n)
    return [ch for ch in chunks if ch.text.strip()]


def head(text: str) -> str:
    """The part of a chunk before its first `{` (or all of it), comments removed."""
    out = []
    i = 0
    while i < len(text):
        if text.startswith("//", i):
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
            continue
        if text[i] in "\"'":
            j = _skip_string(text, i)
            out.append(" ")
            i = j
            continue
        if text[i] == "{":
            break
        out.append(text[i])
        i += 1
    return " ".join("".join(out).split())
