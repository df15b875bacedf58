"""Scorecards and the rubric of each team: the panel's ratings after an interview (staff only)."""

from .api import ROUTES as API_ROUTES
from .openapi import OPENAPI
from .pages import ROUTES as PAGE_ROUTES

__all__ = ["API_ROUTES", "OPENAPI", "PAGE_ROUTES"]
