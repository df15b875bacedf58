"""The OpenAPI 3.1 document of the REST API, built from the pydantic schemas."""

from __future__ import annotations

from functools import cache

from pydantic.json_schema import models_json_schema

from . import schedule_openapi, schemas
from .room_problems_api import openapi_paths as room_problems_openapi

MODELS = [
    schemas.InterviewCreate,
    schemas.Interview,
    schemas.InterviewCreated,
    schemas.InterviewList,
    schemas.InviteLink,
    schemas.Revoked,
    schemas.UserCreate,
    schemas.User,
    schemas.UserCreated,
    schemas.Me,
    schemas.Error,
    schemas.ProblemList,
    schemas.ProblemDetail,
    schemas.GradeRequest,
    schemas.GradeResult,
    schemas.RoomState,
    schemas.RoomStateUpdate,
    schemas.ChatBatch,
    schemas.ChatSaved,
    schemas.Notes,
    schemas.NotesUpdate,
    schemas.ObserverCreate,
    schemas.ObserverAdded,
    *schedule_openapi.MODELS,
]
# request bodies: their JSON schema in validation mode
_REQUEST_MODELS = ("RoomStateUpdate", "ChatBatch", "NotesUpdate", *schedule_openapi.REQUEST_MODELS)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


def _errors(*codes: int) -> dict:
    text = {
        400: "Invalid request (the body names the field)",
        401: "Not signed in",
        403: "Forbidden for your role",
        404: "No such resource",
        409: "Conflict",
        413: "Request body too large",
        502: "JupyterHub refused the change",
    }
    return {str(c): _json("Error", text[c]) for c in codes}


def _body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


_ID = [{"name": "interview_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
_PROBLEM = [
    {
        "name": "problem_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    }
]
_PAGE = [
    {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
    },
    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
]

_ROOM_PATHS = {
    "/interviews/{interview_id}/room-state": {
        "get": {
            "summary": "Live room state: phase, timer, admission, latest chat (room server, managing staff)",
            "parameters": _ID,
            "responses": {"200": _json("RoomState"), **_errors(401, 403, 404)},
        },
        "put": {
            "summary": "Save the live room state (the room server of this interview only)",
            "parameters": _ID,
            "requestBody": _body("RoomStateUpdate"),
            "responses": {"200": _json("RoomState"), **_errors(400, 401, 403)},
        },
    },
    "/interviews/{interview_id}/chat": {
        "post": {
            "summary": "Save chat messages (the room server of this interview only; repeats are skipped)",
            "parameters": _ID,
            "requestBody": _body("ChatBatch"),
            "responses": {"201": _json("ChatSaved", "Created"), **_errors(400, 401, 403)},
        },
    },
    "/interviews/{interview_id}/notes": {
        "get": {
            "summary": "The interviewers' private notes (Markdown)",
            "parameters": _ID,
            "responses": {"200": _json("Notes"), **_errors(401, 403, 404)},
        },
        "put": {
            "summary": "Save the interviewers' private notes",
            "parameters": _ID,
            "requestBody": _body("NotesUpdate"),
            "responses": {"200": _json("Notes"), **_errors(400, 401, 403, 404)},
        },
    },
    "/interviews/{interview_id}/observers": {
        "post": {
            "summary": "Share the room with a hub user as an observer (sees and hears; never edits or runs)",
            "parameters": _ID,
            "requestBody": _body("ObserverCreate"),
            "responses": {"201": _json("ObserverAdded", "Created"), **_errors(400, 401, 403, 404, 502)},
        },
    },
}


@cache
def document(base_path: str = "/services/interviews/api/v1") -> dict:
    _, defs = models_json_schema(
        [
            (
                m,
                "validation"
                if m.__name__.endswith(("Create", "Request")) or m.__name__ in _REQUEST_MODELS
                else "serialization",
            )
            for m in MODELS
        ],
        ref_template="#/components/schemas/{model}",
    )
    user_list = {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": _ref("User")}},
    }
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "InterviewHub interview service", "version": "1.0.0"},
        "servers": [{"url": base_path}],
        "components": {
            "schemas": {**defs["$defs"], "UserList": user_list},
            "securitySchemes": {
                "hubToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`token <JupyterHub API token>`",
                },
            },
        },
        "security": [{"hubToken": []}],
        "paths": {
            "/me": {"get": {"summary": "Who am I", "responses": {"200": _json("Me"), **_errors(401)}}},
            "/interviews": {
                "get": {
                    "summary": "Interviews visible to me",
                    "parameters": _PAGE + schedule_openapi.FILTERS,
                    "responses": {"200": _json("InterviewList"), **_errors(400, 401, 403)},
                },
                "post": {
                    "summary": "Schedule an interview and open its room",
                    "requestBody": _body("InterviewCreate"),
                    "responses": {"201": _json("InterviewCreated", "Created"), **_errors(400, 401, 403, 502)},
                },
            },
            "/interviews/{interview_id}": {
                "get": {
                    "summary": "One interview",
                    "parameters": _ID,
                    "responses": {"200": _json("Interview"), **_errors(401, 403, 404)},
                },
            },
            "/interviews/{interview_id}/invite": {
                "post": {
                    "summary": "New invite link (the old one stops working)",
                    "parameters": _ID,
                    "responses": {"201": _json("InviteLink", "Created"), **_errors(401, 403, 404, 502)},
                },
                "delete": {
                    "summary": "Revoke the invite link and the candidate's room access",
                    "parameters": _ID,
                    "responses": {"200": _json("Revoked"), **_errors(401, 403, 404, 502)},
                },
            },
            **_ROOM_PATHS,
            "/users": {
                "get": {
                    "summary": "Staff accounts (admin)",
                    "responses": {"200": _json("UserList"), **_errors(401, 403)},
                },
                "post": {
                    "summary": "Add a staff account (admin)",
                    "requestBody": _body("UserCreate"),
                    "responses": {"201": _json("UserCreated", "Created"), **_errors(400, 401, 403, 409)},
                },
            },
            "/problems": {
                "get": {
                    "summary": "The problem bank (staff)",
                    "responses": {"200": _json("ProblemList"), **_errors(401, 403)},
                },
            },
            "/problems/{problem_id}": {
                "get": {
                    "summary": "A problem: statement, starter code, examples; hidden tests for staff",
                    "parameters": _PROBLEM,
                    "responses": {"200": _json("ProblemDetail"), **_errors(401, 403, 404)},
                },
            },
            "/problems/{problem_id}/grade": {
                "post": {
                    "summary": "Grade a submission in the sandbox (staff); one verdict a test",
                    "parameters": _PROBLEM,
                    "requestBody": _body("GradeRequest"),
                    "responses": {"200": _json("GradeResult"), **_errors(400, 401, 403, 404, 413)},
                },
            },
        },
    }
    for path, ops in schedule_openapi.paths(_ref, _json, _errors, _body, _ID).items():
        doc["paths"].setdefault(path, {}).update(ops)
    for path, ops in room_problems_openapi(_errors, _ID).items():  # problems in rooms
        doc["paths"].setdefault(path, {}).update(ops)
    return doc
