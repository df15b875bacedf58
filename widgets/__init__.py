"""ipywidgets for notebooks in a room: `from interviewhub.widgets import Problem`.

Imported lazily, so the hub side (which only needs this package's location) does not load
ipywidgets."""

from __future__ import annotations

from typing import Any

__all__ = ["Problem"]


def __getattr__(name: str) -> Any:
    if name == "Problem":
        from .problem import Problem

        return Problem
    raise AttributeError(name)
