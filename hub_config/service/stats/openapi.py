"""OpenAPI paths and models of the statistics endpoints."""

from __future__ import annotations

from ..openapi import Part, errors, json_
from . import schemas

MODELS = (schemas.Stats,)


def paths() -> dict:
    csv = {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}
    return {
        "/stats": {
            "get": {"summary": "Statistics (admin)", "responses": {"200": json_("Stats"), **errors(401, 403)}}
        },
        "/stats/{table}": {
            "get": {
                "summary": "Statistics as CSV (admin)",
                "parameters": [
                    {
                        "name": "table",
                        "in": "path",
                        "required": True,
                        "schema": {"enum": ["weekly", "problems"]},
                    }
                ],
                "responses": {"200": csv, **errors(401, 403)},
            }
        },
    }


OPENAPI = Part(MODELS, paths)
