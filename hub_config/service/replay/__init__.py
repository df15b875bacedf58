"""Replay: the tape of a room (edits with authors, runs and outputs, presence, integrity signals)
merged with chat and graded events into one timeline; the player page; exports."""

from .api import ROUTES as API_ROUTES
from .openapi import OPENAPI
from .pages import ROUTES as PAGE_ROUTES

__all__ = ["API_ROUTES", "OPENAPI", "PAGE_ROUTES"]
