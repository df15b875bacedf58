"""Live rooms, as their room servers use the service: state, chat, notes, observers, problems
and runs; the final snapshot of a room's files."""

from .api import ROUTES as _STATE_ROUTES
from .openapi import OPENAPI
from .problems import ROUTES as _PROBLEM_ROUTES

API_ROUTES = [*_STATE_ROUTES, *_PROBLEM_ROUTES]
PAGE_ROUTES: list = []

__all__ = ["API_ROUTES", "OPENAPI", "PAGE_ROUTES"]
