"""OpenAPI paths and models of the staff accounts' endpoints (/me, /users)."""

from __future__ import annotations

from ..openapi import Part, body, errors, json_, ref
from . import schemas

MODELS = (schemas.UserCreate, schemas.User, schemas.UserCreated, schemas.Me, schemas.UserUpdate)
REQUEST_MODELS = ("UserUpdate",)
USER_LIST = {
    "type": "object",
    "required": ["items"],
    "properties": {"items": {"type": "array", "items": ref("User")}},
}


def paths() -> dict:
    return {
        "/me": {"get": {"summary": "Who am I", "responses": {"200": json_("Me"), **errors(401)}}},
        "/users": {
            "get": {
                "summary": "Staff accounts (admin)",
                "responses": {"200": json_("UserList"), **errors(401, 403)},
            },
            "post": {
                "summary": "Add a staff account (admin)",
                "requestBody": body("UserCreate"),
                "responses": {"201": json_("UserCreated", "Created"), **errors(400, 401, 403, 409)},
            },
        },
        "/users/{username}": {
            "patch": {
                "summary": "Set a staff member's role, deactivate or reactivate them (admin)",
                "parameters": [
                    {
                        "name": "username",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$"},
                    }
                ],
                "requestBody": body("UserUpdate"),
                "responses": {"200": json_("User"), **errors(400, 401, 403, 404, 409)},
            }
        },
    }


OPENAPI = Part(MODELS, paths, REQUEST_MODELS, {"UserList": USER_LIST})
