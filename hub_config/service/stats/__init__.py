"""Statistics for admins: interviews per week, pass rate per problem, durations, live rooms."""

from .api import ROUTES as API_ROUTES
from .openapi import OPENAPI
from .pages import ROUTES as PAGE_ROUTES

__all__ = ["API_ROUTES", "OPENAPI", "PAGE_ROUTES"]
