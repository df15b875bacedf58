"""The problem bank and the grader over REST (staff): list, read, grade (interviewhub.problems)."""

from .api import ROUTES as API_ROUTES
from .openapi import OPENAPI

PAGE_ROUTES: list = []

__all__ = ["API_ROUTES", "OPENAPI", "PAGE_ROUTES"]
