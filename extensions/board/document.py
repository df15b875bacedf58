"""The shared whiteboard (`.board` files): a jupyter_ydoc document type of our own.

A board holds Excalidraw elements. Each element is one entry of a Y.Map keyed by its id (the
value is the element's JSON), so two people drawing at once merge element by element: a new
stroke never overwrites another, and a concurrent change to the same element keeps one whole
version (Excalidraw's own rule too). Images live in a second map (`files`) and the few board
settings in a third (`appState`). On disk a board is Excalidraw's JSON format, so an exported
`.excalidraw` file opens as a board and a board opens on excalidraw.com.

The files come from people (a candidate may write one from a kernel) and updates come from
browsers, so nothing is trusted: `sanitize_board` refuses what is not a board (not JSON, too
big) with a clear error and cleans what it keeps (unknown element types dropped, links other
than http(s) removed, SVG images and oversized images dropped, numbers bounded). On the server,
the live document runs the same checks on every change a browser sends (`YBoard.observe`, which
only the room server calls), so a hostile client cannot plant a `javascript:` link or an SVG
image in everyone's board either.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from jupyter_ydoc.ybasedoc import YBaseDoc
from pycrdt import Awareness, Doc, Map
from traitlets import Int
from traitlets.config import Configurable

log = logging.getLogger(__name__)

# the element types Excalidraw draws with; embeddables/iframes (foreign pages) are left out
ELEMENT_TYPES = frozenset(
    {"rectangle", "diamond", "ellipse", "arrow", "line", "freedraw", "text", "image", "frame"}
)
# raster images only: an SVG image can carry script
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
APP_STATE_KEYS = frozenset({"viewBackgroundColor", "gridSize"})
CUSTOM_DATA_KEYS = frozenset({"lockedBy"})  # who locked an element (interviewers prepare boards)
ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
LINK = re.compile(r"^https?://[^\s\"'<>\\]{1,2040}$", re.IGNORECASE)
MAX_NUMBER = 1e7  # coordinates and sizes beyond this are not drawings, they are attacks on layout


class BoardError(ValueError):
    """The content is not a board we accept; the message says why, for the person who opened it."""


class BoardLimits(Configurable):
    """Size limits of one board, enforced on the server (files and live updates)."""

    max_bytes = Int(20 * 1024 * 1024, help="Largest board file (bytes), images included.").tag(config=True)
    max_elements = Int(5000, help="Most elements on one board.").tag(config=True)
    max_points = Int(5000, help="Most points in one stroke or line.").tag(config=True)
    max_text = Int(20000, help="Longest text of one element (characters).").tag(config=True)
    max_images = Int(20, help="Most images on one board.").tag(config=True)
    max_image_bytes = Int(2 * 1024 * 1024, help="Largest image (bytes of its data URL).").tag(config=True)
    max_message_bytes = Int(
        4 * 1024 * 1024, help="Largest single collaboration message a browser may send to a board."
    ).tag(config=True)


limits = BoardLimits()


def configure(new: BoardLimits) -> None:
    """Use the room server's configured limits (YBoard is built by jupyter-collaboration)."""
    global limits
    limits = new


# -- sanitizing ----------------------------------------------------------------------------------
def _number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) <= MAX_NUMBER
    )


def _clean_value(value: Any, depth: int = 0) -> Any:
    """JSON values only, bounded in depth; non-finite or huge numbers become 0."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value if _number(value) else 0
    if depth > 4:
        return None
    if isinstance(value, list):
        return [_clean_value(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): _clean_value(v, depth + 1) for k, v in value.items()}
    return None


def sanitize_element(element: Any) -> dict | None:
    """A clean copy of one Excalidraw element, or None when it cannot be kept."""
    if not isinstance(element, dict):
        return None
    eid, etype = element.get("id"), element.get("type")
    if not isinstance(eid, str) or not ID.match(eid) or etype not in ELEMENT_TYPES:
        return None
    clean = {k: _clean_value(v) for k, v in element.items() if isinstance(k, str) and len(k) < 64}
    link = clean.get("link")
    if link is not None and not (isinstance(link, str) and LINK.match(link)):
        clean["link"] = None  # javascript:, data:, vbscript:, relative tricks: gone
    for key in ("text", "originalText"):
        if key in clean:
            text = clean[key] if isinstance(clean[key], str) else ""
            clean[key] = text[: limits.max_text]
    points = clean.get("points")
    if points is not None:
        if not isinstance(points, list):
            return None
        points = [p for p in points if isinstance(p, list) and len(p) >= 2 and all(map(_number, p))]
        clean["points"] = [p[:2] for p in points[: limits.max_points]]
    custom = clean.get("customData")
    if custom is not None:
        custom = (
            {k: v for k, v in custom.items() if k in CUSTOM_DATA_KEYS} if isinstance(custom, dict) else {}
        )
        clean["customData"] = custom or None
    if etype == "image" and not (isinstance(clean.get("fileId"), str) and ID.match(clean["fileId"])):
        return None
    return clean


def sanitize_file(file: Any) -> dict | None:
    """A clean copy of one image of the board, or None (SVG, not base64, too big)."""
    if not isinstance(file, dict):
        return None
    fid, mime, url = file.get("id"), file.get("mimeType"), file.get("dataURL")
    if not isinstance(fid, str) or not ID.match(fid) or mime not in IMAGE_TYPES:
        return None
    if not isinstance(url, str) or not url.startswith(f"data:{mime};base64,"):
        return None
    if len(url) > limits.max_image_bytes or not re.fullmatch(r"[A-Za-z0-9+/=]*", url[len(mime) + 13 :]):
        return None
    created = file.get("created")
    return {"id": fid, "mimeType": mime, "dataURL": url, "created": created if _number(created) else 0}


def sanitize_app_state(state: Any) -> dict:
    if not isinstance(state, dict):
        return {}
    clean = {}
    color = state.get("viewBackgroundColor")
    if isinstance(color, str) and re.fullmatch(r"#[0-9a-fA-F]{3,8}|[a-z]{3,20}", color):
        clean["viewBackgroundColor"] = color
    grid = state.get("gridSize")
    if grid is None or (isinstance(grid, int) and not isinstance(grid, bool) and 1 <= grid <= 500):
        clean["gridSize"] = grid
    return clean


def sanitize_board(source: str | bytes | dict) -> dict:
    """Parse and clean a board file: {"elements": [...], "files": {...}, "appState": {...}}.

    Raises BoardError when it is not a board at all (so nothing is silently thrown away);
    drops what cannot be kept inside an otherwise good board, and says so in the log.
    """
    if isinstance(source, dict):
        data = source
    else:
        size = len(source.encode() if isinstance(source, str) else source)
        if size > limits.max_bytes:
            raise BoardError(
                f"This board is {size / 1e6:.1f} MB; a board may be at most {limits.max_bytes / 1e6:.1f} MB."
            )
        if not (source.strip() if isinstance(source, str) else source.strip()):
            data = {}  # a new, empty file: an empty board
        else:
            try:
                data = json.loads(source)
            except ValueError as e:
                raise BoardError(f"This file is not a board (not JSON: {e}).") from None
    if not isinstance(data, dict):
        raise BoardError("This file is not a board (its JSON is not an object).")
    elements = data.get("elements", [])
    files = data.get("files", {})
    if not isinstance(elements, list) or not isinstance(files, dict):
        raise BoardError("This file is not a board (no list of elements).")
    if len(elements) > limits.max_elements:
        raise BoardError(
            f"This board has {len(elements)} elements; a board may have at most {limits.max_elements}."
        )
    clean: dict[str, dict] = {}
    for element in elements:
        kept = sanitize_element(element)
        if kept is not None and not kept.get("isDeleted"):
            clean[kept["id"]] = kept
    if len(clean) < len(elements):
        log.warning("Board: dropped %d element(s) that could not be kept", len(elements) - len(clean))
    images: dict[str, dict] = {}
    for file in files.values():
        kept = sanitize_file(file)
        if kept is not None and len(images) < limits.max_images:
            images[kept["id"]] = kept
    return {
        "elements": list(clean.values()),
        "files": images,
        "appState": sanitize_app_state(data.get("appState")),
    }


def element_order(element: dict) -> tuple[str, str]:
    """Excalidraw's z-order: its fractional `index`, then the id (stable for ties)."""
    index = element.get("index")
    return (index if isinstance(index, str) else "", element["id"])


# -- the document type ---------------------------------------------------------------------------
class YBoard(YBaseDoc):
    """A whiteboard: {"state": YMap, "elements": YMap(id -> element), "files": YMap, "appState": YMap}."""

    def __init__(self, ydoc: Doc | None = None, awareness: Awareness | None = None):
        super().__init__(ydoc, awareness)
        self._yelements: Map = self._ydoc.get("elements", type=Map)
        self._yfiles: Map = self._ydoc.get("files", type=Map)
        self._yapp_state: Map = self._ydoc.get("appState", type=Map)
        self.undo_manager.expand_scope(self._yelements)
        self._pending: dict[str, set[str]] = {"elements": set(), "files": set()}
        self._enforce_scheduled = False
        self._keep: dict[str, Any] = {}  # locked elements a non-interviewer's update will change

    @property
    def version(self) -> str:
        return "1.0.0"

    @property
    def yelements(self) -> Map:
        return self._yelements

    @property
    def yfiles(self) -> Map:
        return self._yfiles

    def get(self) -> str:
        """The board as Excalidraw JSON (deterministic: the store compares it with the file)."""
        elements = sorted(
            (dict(v) for v in self._yelements.values() if isinstance(v, dict)), key=element_order
        )
        return json.dumps(
            {
                "type": "excalidraw",
                "version": 2,
                "source": "interviewhub",
                "elements": elements,
                "appState": dict(self._yapp_state.items()),
                "files": {k: dict(v) for k, v in sorted(self._yfiles.items())},
            },
            indent=1,
            sort_keys=True,
        )

    def set(self, value: str | dict) -> None:
        """Load a board file (cleaned); only the elements that differ are written."""
        board = sanitize_board(value)
        with self._ydoc.transaction():
            _replace(self._yelements, {e["id"]: e for e in board["elements"]})
            _replace(self._yfiles, board["files"])
            _replace(self._yapp_state, board["appState"])

    def observe(self, callback: Callable[[str, Any], None]) -> None:
        """Subscribe to changes -- and, since only the room server calls this, guard them."""
        self.unobserve()
        self._subscriptions[self._ystate] = self._ystate.observe(partial(callback, "state"))
        self._subscriptions[self._yapp_state] = self._yapp_state.observe(partial(callback, "appState"))
        for name, ymap in (("elements", self._yelements), ("files", self._yfiles)):
            self._subscriptions[ymap] = ymap.observe(partial(self._on_change, name, callback))

    def _on_change(self, name: str, callback: Callable[[str, Any], None], event: Any) -> None:
        self._pending[name].update(event.keys)
        self._schedule_enforce()
        callback(name, event)

    def _schedule_enforce(self) -> None:
        # the document cannot be changed from inside its own observer: fix it right after
        if self._enforce_scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a unit test): call enforce() yourself
        self._enforce_scheduled = True
        loop.call_soon(self.enforce)

    def keep_locked(self, values: dict[str, Any]) -> None:
        """Put these locked elements back once the update changing them is applied.

        The update itself is applied (dropping it would leave every later change of that
        person waiting forever on the missing one, Yjs being causal); its effect on the
        locked elements is undone right after, for everyone.
        """
        self._keep.update(values)

    def enforce(self) -> int:
        """Clean the elements and images changed since the last call; returns how many were fixed."""
        self._enforce_scheduled = False
        keys, self._pending = self._pending, {"elements": set(), "files": set()}
        fixed = 0
        with self._ydoc.transaction():
            for key in [k for k in keys["elements"] if k in self._keep]:
                self._yelements[key] = self._keep.pop(key)
                fixed += 1
            for key in keys["elements"]:
                value = self._yelements.get(key)
                if value is None:
                    continue
                clean = sanitize_element(value)
                if clean is None or clean["id"] != key:
                    del self._yelements[key]
                    fixed += 1
                elif clean != value:
                    self._yelements[key] = clean
                    fixed += 1
            excess = len(self._yelements) - limits.max_elements
            for key in sorted(keys["elements"]):
                if excess <= 0:
                    break
                if key in self._yelements:
                    del self._yelements[key]
                    excess -= 1
                    fixed += 1
            for key in keys["files"]:
                value = self._yfiles.get(key)
                if value is None:
                    continue
                clean = sanitize_file(value)
                over = len(self._yfiles) > limits.max_images
                if clean is None or clean["id"] != key or over:
                    del self._yfiles[key]
                    fixed += 1
                elif clean != value:
                    self._yfiles[key] = clean
                    fixed += 1
        if fixed:
            log.warning("Board: %d change(s) from a browser were cleaned or refused", fixed)
        return fixed


def _replace(ymap: Map, wanted: dict[str, Any]) -> None:
    for key in [k for k in ymap.keys() if k not in wanted]:
        del ymap[key]
    for key, value in wanted.items():
        if ymap.get(key) != value:
            ymap[key] = value


def is_locked(element: Any) -> bool:
    """Locked by an interviewer (prepared parts of a board): only interviewers may change it."""
    return (
        isinstance(element, dict)
        and isinstance(element.get("customData"), dict)
        and bool(element["customData"].get("lockedBy"))
    )


def locked_changes(ydoc: Doc, update: bytes) -> dict[str, Any]:
    """The locked elements this update would change or delete: {id: value to keep}.

    Checked on a scratch copy; costs nothing while the board has no locked element.
    """
    live = ydoc.get("elements", type=Map)
    locked = {k: v for k, v in live.items() if is_locked(v)}
    if not locked:
        return {}
    scratch = Doc()
    scratch.apply_update(ydoc.get_update())
    scratch.apply_update(update)
    after = scratch.get("elements", type=Map)
    return {k: v for k, v in locked.items() if after.get(k) != v}


def is_board_room(room_id: str) -> bool:
    """A collaboration room id `<format>:<type>:<fileId>` of a board."""
    parts = room_id.split(":")
    return len(parts) >= 3 and parts[1] == "board"
