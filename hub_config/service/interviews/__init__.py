"""Interviews: scheduling, the room's lifecycle (open, enter, invite, cancel, end), the invitation,
the dashboard and an interview's pages, its history."""

from .api import ROUTES as API_ROUTES
from .openapi import OPENAPI
from .pages import ROUTES as PAGE_ROUTES

__all__ = ["API_ROUTES", "OPENAPI", "PAGE_ROUTES"]
