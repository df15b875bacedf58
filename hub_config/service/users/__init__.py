"""Who is asking (/me) and the staff accounts admins manage (AccountStore is hub_config/accounts.py)."""

from .api import ROUTES as API_ROUTES
from .openapi import OPENAPI
from .pages import ROUTES as PAGE_ROUTES

__all__ = ["API_ROUTES", "OPENAPI", "PAGE_ROUTES"]
