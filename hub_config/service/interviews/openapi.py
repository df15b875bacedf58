"""OpenAPI paths and models of the scheduling, scorecard, history and statistics endpoints."""

from __future__ import annotations

from . import schemas

MODELS = [
    schemas.InterviewUpdate,
    schemas.ScorecardUpdate,
    schemas.ScorecardOut,
    schemas.Scorecards,
    schemas.Rubrics,
    schemas.EventCreate,
    schemas.History,
    schemas.Stats,
    schemas.UserUpdate,
]
REQUEST_MODELS = ("InterviewUpdate", "ScorecardUpdate", "EventCreate", "UserUpdate")

_STATUS = "(scheduled|live|ended|cancelled)"
_WHEN = {"type": "string", "format": "date-time"}
FILTERS = [
    {
        "name": "status",
        "in": "query",
        "description": "Comma-separated statuses",
        "schema": {"type": "string", "pattern": f"^{_STATUS}(,{_STATUS})*$"},
    },
    {
        "name": "q",
        "in": "query",
        "description": "Title or candidate contains",
        "schema": {"type": "string", "maxLength": 200},
    },
    {"name": "interviewer", "in": "query", "schema": {"type": "string", "maxLength": 64}},
    {
        "name": "from",
        "in": "query",
        "description": "Start at or after (ISO 8601, with zone)",
        "schema": _WHEN,
    },
    {"name": "to", "in": "query", "description": "Start before (ISO 8601, with zone)", "schema": _WHEN},
]


def paths(ref, json_, errors, body, id_param) -> dict:
    """Paths to merge into the document (helpers from openapi.py)."""
    csv = {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}
    return {
        "/interviews/{interview_id}": {
            "patch": {
                "summary": "Reschedule or edit a scheduled interview (only the fields given change)",
                "parameters": id_param,
                "requestBody": body("InterviewUpdate"),
                "responses": {"200": json_("Interview"), **errors(400, 401, 403, 404, 409)},
            },
        },
        "/interviews/{interview_id}/cancel": {
            "post": {
                "summary": "Cancel: the invite link stops working, an open room is closed",
                "parameters": id_param,
                "responses": {"200": json_("Interview"), **errors(401, 403, 404, 409)},
            }
        },
        "/interviews/{interview_id}/end": {
            "post": {
                "summary": "End: keep the final files, stop the room server, revoke the shares",
                "parameters": id_param,
                "responses": {"200": json_("Interview"), **errors(401, 403, 404, 409)},
            }
        },
        "/interviews/{interview_id}/calendar": {
            "get": {
                "summary": "The interview as an iCalendar event (staff)",
                "parameters": id_param,
                "responses": {
                    "200": {
                        "description": "iCalendar",
                        "content": {"text/calendar": {"schema": {"type": "string"}}},
                    },
                    **errors(401, 403, 404),
                },
            }
        },
        "/interviews/{interview_id}/scorecards": {
            "get": {
                "summary": "Every scorecard of the panel, side by side (staff; never candidates)",
                "parameters": id_param,
                "responses": {"200": json_("Scorecards"), **errors(401, 403, 404)},
            }
        },
        "/interviews/{interview_id}/scorecard": {
            "get": {
                "summary": "My scorecard",
                "parameters": id_param,
                "responses": {"200": json_("ScorecardOut"), **errors(401, 403, 404)},
            },
            "put": {
                "summary": "Fill or replace my scorecard (interviewers on the panel)",
                "parameters": id_param,
                "requestBody": body("ScorecardUpdate"),
                "responses": {
                    "200": json_("ScorecardOut"),
                    "201": json_("ScorecardOut", "Created"),
                    **errors(400, 401, 403, 404),
                },
            },
        },
        "/interviews/{interview_id}/events": {
            "post": {
                "summary": "Record a run or a submission with its verdict (the room server, or the panel)",
                "parameters": id_param,
                "requestBody": body("EventCreate"),
                "responses": {"201": json_("ChatSaved", "Created"), **errors(400, 401, 403, 404)},
            }
        },
        "/interviews/{interview_id}/history": {
            "get": {
                "summary": "Kept: final files, runs, submissions, chat, notes, events, duration (staff)",
                "parameters": id_param,
                "responses": {"200": json_("History"), **errors(401, 403, 404)},
            }
        },
        "/rubrics": {
            "get": {
                "summary": "Every team's scorecard rubric, and your default team (staff)",
                "responses": {"200": json_("Rubrics"), **errors(401, 403)},
            }
        },
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
