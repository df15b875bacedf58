"""Documents rebuilt from the tape: Yjs updates become text edits with an author, and any moment
can be rebuilt quickly.

Each document's updates are applied in order to a pycrdt `Doc` once, when the replay is built;
after each update the changed texts (a file, or each notebook cell's source) are compared with
the previous ones, giving one edit (`at`, `deleted`, `inserted`) attributed to the update's
sender. Seeking then never touches the CRDT again: it starts from the nearest keyframe (every
`KEYFRAME_EVERY` edits) and applies the edits after it. The browser player does the same with
the same edits (static/replay.js).
"""

from __future__ import annotations

import base64
import bisect
import os
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Array, Doc, Text, TextEvent

KEYFRAME_EVERY = 500

Runs = list[list[Any]]  # [[author index, length], ...]


def splice_runs(runs: Runs, at: int, deleted: int, author: int, inserted: int) -> Runs:
    """The author runs of a text after replacing [at, at+deleted) by `inserted` chars of `author`.
    Runs before the edit are kept as they are (the usual edit is near the end of a long text)."""
    i, pos = 0, 0
    while i < len(runs) and pos + runs[i][1] < at:
        pos += runs[i][1]
        i += 1
    out: Runs = runs[:i]
    if out:
        out[-1] = list(out[-1])  # may be merged into below; the old list keeps its own

    def put(a: int, n: int) -> None:
        if n <= 0:
            return
        if out and out[-1][0] == a:
            out[-1][1] += n
        else:
            out.append([a, n])

    placed = False
    for a, n in runs[i:]:
        start, end = pos, pos + n
        pos = end
        put(a, min(end, at) - start)  # the part before the edit
        if not placed and end >= at:
            put(author, inserted)
            placed = True
        put(a, end - max(start, at + deleted))  # the part after the deleted range
    if not placed:
        put(author, inserted)
    return out


def text_diff(old: str, new: str) -> tuple[int, int, str]:
    """One edit turning `old` into `new`: (at, deleted, inserted); exact for a single change."""
    prefix = len(os.path.commonprefix([old, new]))
    room = min(len(old), len(new)) - prefix
    suffix = min(len(os.path.commonprefix([old[::-1], new[::-1]])), room)
    return prefix, len(old) - prefix - suffix, new[prefix : len(new) - suffix]


class DocTrack:
    """One shared document as the tape rebuilds it."""

    def __init__(self, path: str, doc_type: str):
        self.path, self.doc_type = path, doc_type
        self.doc = Doc()
        self.cells: list[tuple[str, str]] = []
        self.texts: dict[str, str] = {}
        self.deltas: list[tuple[list, list]] = []  # (path, delta) of the text changes just applied
        # the root and its subscription are kept: pycrdt drops an observer with its objects
        if doc_type == "file":
            self._root = self.doc.get("source", type=Text)
            self._sub = self._root.observe(lambda e: self.deltas.append(([], e.delta)))
        else:
            self._root = self.doc.get("cells", type=Array)
            self._sub = self._root.observe_deep(self._observed)
        self.structural = False  # the update added, moved or removed cells or changed their maps

    def _observed(self, events) -> None:
        for e in events:
            if isinstance(e, TextEvent):
                self.deltas.append((list(e.path), e.delta))
            else:
                self.structural = True

    def read_changed(self) -> tuple[list[tuple[str, str]], dict[str, str]]:
        """As `read`, but after a text-only update only the changed cells are read again."""
        if self.doc_type == "file" or self.structural or not self.deltas:
            return self.read()
        texts = dict(self.texts)
        for path, _ in self.deltas:
            if not (len(path) == 2 and path[1] == "source" and path[0] < len(self.cells)):
                return self.read()
            texts[self.cells[path[0]][0]] = str(self._root[path[0]]["source"])
        return self.cells, texts

    def edits(self, cells: list[tuple[str, str]], texts: dict[str, str]) -> list[tuple[str, int, int, str]]:
        """The text edits of the update just applied: (cell, at, deleted, inserted), from Yjs's
        own deltas where they can be used (who typed where is then exact), else a diff."""
        found: dict[str, list[tuple[int, int, str]]] = {}
        work: dict[str, bytes] = {}
        if cells == self.cells:  # no cell added, moved or removed: delta paths are stable
            for path, delta in self.deltas:
                if self.doc_type == "file":
                    key = ""
                elif len(path) == 2 and path[1] == "source" and path[0] < len(cells):
                    key = cells[path[0]][0]
                else:
                    continue
                data = work.setdefault(key, self.texts.get(key, "").encode())
                pos = 0
                for part in delta:  # offsets are UTF-8 bytes
                    if "retain" in part:
                        pos += part["retain"]
                    elif "insert" in part and isinstance(part["insert"], str):
                        ins = part["insert"].encode()
                        at = len(data[:pos].decode(errors="ignore"))
                        found.setdefault(key, []).append((at, 0, part["insert"]))
                        data = data[:pos] + ins + data[pos:]
                        pos += len(ins)
                    elif "delete" in part:
                        n = part["delete"]
                        at = len(data[:pos].decode(errors="ignore"))
                        found.setdefault(key, []).append(
                            (at, len(data[pos : pos + n].decode(errors="ignore")), "")
                        )
                        data = data[:pos] + data[pos + n :]
                work[key] = data
        self.deltas, self.structural = [], False
        out = []
        for key, text in texts.items():
            old = self.texts.get(key, "")
            if text == old:
                continue
            if key in found and work[key] == text.encode():
                out += [(key, *edit) for edit in found[key]]
            else:
                out.append((key, *text_diff(old, text)))
        return out

    def read(self) -> tuple[list[tuple[str, str]], dict[str, str]]:
        if self.doc_type == "file":
            return [("", "file")], {"": str(self.doc.get("source", type=Text))}
        cells, texts = [], {}
        for i, cell in enumerate(self.doc.get("cells", type=Array)):
            key = str(cell.get("id") or f"#{i}")
            if key in texts:
                key = f"{key}#{i}"
            source = cell.get("source")
            cells.append((key, str(cell.get("cell_type") or "code")))
            texts[key] = str(source) if source is not None else ""
        return cells, texts


@dataclass
class Replay:
    """The documents of one interview as edits, with keyframes for seeking."""

    authors: list[str] = field(default_factory=lambda: [""])
    docs: dict[str, str] = field(default_factory=dict)
    ops: list[list[Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    keyframes: list[tuple[int, dict]] = field(default_factory=list)  # (ops applied, state)
    times: list[float] = field(default_factory=list)

    def author(self, username: str) -> int:
        if username not in self.authors:
            self.authors.append(username)
        return self.authors.index(username)

    # -- seeking ------------------------------------------------------------------------------
    def state_at(self, t: float) -> dict[str, dict]:
        """{path: {"cells": [(id, type)], "texts": {id: str}, "runs": {id: runs}}} at time t (ms)."""
        upto = bisect.bisect_right(self.times, t)
        k = bisect.bisect_right([n for n, _ in self.keyframes], upto) - 1
        start, frame = self.keyframes[k] if k >= 0 else (0, {})
        state = copy_state(frame)
        for op in self.ops[start:upto]:
            apply_op(state, op)
        return state

    def final(self) -> dict[str, dict]:
        return self.state_at(float("inf"))


def copy_state(state: dict[str, dict]) -> dict[str, dict]:
    return {
        p: {
            "cells": list(d["cells"]),
            "texts": dict(d["texts"]),
            "runs": {k: [list(r) for r in v] for k, v in d["runs"].items()},
        }
        for p, d in state.items()
    }


def apply_op(state: dict[str, dict], op: list[Any]) -> None:
    path = op[1]
    d = state.setdefault(path, {"cells": [], "texts": {}, "runs": {}})
    if op[2] is None:  # structure: [t, path, None, cells]
        d["cells"] = [tuple(c) for c in op[3]]
        keep = {c[0] for c in d["cells"]}
        for k in [k for k in d["texts"] if k not in keep]:
            del d["texts"][k], d["runs"][k]
        for k in keep:
            d["texts"].setdefault(k, "")
            d["runs"].setdefault(k, [])
        return
    _, _, cell, at, deleted, inserted, author = op
    text = d["texts"].get(cell, "")
    d["texts"][cell] = text[:at] + inserted + text[at + deleted :]
    d["runs"][cell] = splice_runs(d["runs"].get(cell, []), at, deleted, author, len(inserted))


def build(events: list[dict[str, Any]], keyframe_every: int = KEYFRAME_EVERY) -> Replay:
    """Turn the tape's document events (in time order) into edits; unreadable updates are
    reported in `problems` and skipped (the document goes on from what could be read)."""
    replay = Replay()
    tracks: dict[str, DocTrack] = {}
    state: dict[str, dict] = {}
    bad = 0
    for e in events:
        if e.get("kind") != "doc":
            continue
        path, doc_type = e.get("path"), e.get("doc_type")
        if not isinstance(path, str) or doc_type not in ("notebook", "file"):
            bad += 1
            continue
        track = tracks.get(path)
        if track is None:
            track = tracks[path] = DocTrack(path, doc_type)
            replay.docs[path] = doc_type
        try:
            track.doc.apply_update(base64.b64decode(e["update"]))
            cells, texts = track.read_changed()
        except Exception:  # a truncated or foreign update: skip it, say so
            track.deltas, track.structural = [], False
            bad += 1
            continue
        t, who = float(e["t"]), replay.author(e.get("by") or "")
        new_ops: list[list[Any]] = []
        if cells != track.cells:
            new_ops.append([t, path, None, [list(c) for c in cells]])
        for key, at, deleted, inserted in track.edits(cells, texts):
            new_ops.append([t, path, key, at, deleted, inserted, who])
        track.cells, track.texts = cells, texts
        for op in new_ops:
            apply_op(state, op)
            replay.ops.append(op)
            replay.times.append(t)
            if len(replay.ops) % keyframe_every == 0:
                replay.keyframes.append((len(replay.ops), copy_state(state)))
    if bad:
        replay.problems.append(f"{bad} document update(s) could not be read and are missing")
    return replay


def files_of(state: dict[str, dict], docs: dict[str, str], names=None) -> list[dict[str, Any]]:
    """The files of a state, as the API shows them (authors as usernames through `names`)."""
    out = []
    for path in sorted(state):
        d = state[path]
        cells = [
            {
                "id": key,
                "cell_type": ctype,
                "source": d["texts"].get(key, ""),
                "authors": [(names[a] if names else str(a), n) for a, n in d["runs"].get(key, [])],
            }
            for key, ctype in d["cells"]
        ]
        doc_type = docs.get(path, "file")
        text = (
            "\n\n".join(c["source"] for c in cells)
            if doc_type == "notebook"
            else (cells[0]["source"] if cells else "")
        )
        out.append({"path": path, "doc_type": doc_type, "text": text, "cells": cells})
    return out
