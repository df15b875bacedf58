"""OpenAPI paths and models of the interview endpoints: schedule, list, change, invite, end, history."""

from __future__ import annotations

from ..openapi import ID, PAGE, Part, body, errors, json_
from . import schemas

MODELS = (
    schemas.InterviewCreate,
    schemas.Interview,
    schemas.InterviewCreated,
    schemas.InterviewList,
    schemas.InviteLink,
    schemas.Revoked,
    schemas.InterviewUpdate,
    schemas.EventCreate,
    schemas.History,
)
REQUEST_MODELS = ("InterviewUpdate", "EventCreate")

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


def paths() -> dict:
    return {
        "/interviews": {
            "get": {
                "summary": "Interviews visible to me",
                "parameters": PAGE + FILTERS,
                "responses": {"200": json_("InterviewList"), **errors(400, 401, 403)},
            },
            "post": {
                "summary": "Schedule an interview and open its room",
                "requestBody": body("InterviewCreate"),
                "responses": {"201": json_("InterviewCreated", "Created"), **errors(400, 401, 403, 502)},
            },
        },
        "/interviews/{interview_id}": {
            "get": {
                "summary": "One interview",
                "parameters": ID,
                "responses": {"200": json_("Interview"), **errors(401, 403, 404)},
            },
            "patch": {
                "summary": "Reschedule or edit a scheduled interview (only the fields given change)",
                "parameters": ID,
                "requestBody": body("InterviewUpdate"),
                "responses": {"200": json_("Interview"), **errors(400, 401, 403, 404, 409)},
            },
        },
        "/interviews/{interview_id}/invite": {
            "post": {
                "summary": "New invite link (the old one stops working)",
                "parameters": ID,
                "responses": {"201": json_("InviteLink", "Created"), **errors(401, 403, 404, 502)},
            },
            "delete": {
                "summary": "Revoke the invite link and the candidate's room access",
                "parameters": ID,
                "responses": {"200": json_("Revoked"), **errors(401, 403, 404, 502)},
            },
        },
        "/interviews/{interview_id}/cancel": {
            "post": {
                "summary": "Cancel: the invite link stops working, an open room is closed",
                "parameters": ID,
                "responses": {"200": json_("Interview"), **errors(401, 403, 404, 409)},
            }
        },
        "/interviews/{interview_id}/end": {
            "post": {
                "summary": "End: keep the final files, stop the room server, revoke the shares",
                "parameters": ID,
                "responses": {"200": json_("Interview"), **errors(401, 403, 404, 409)},
            }
        },
        "/interviews/{interview_id}/calendar": {
            "get": {
                "summary": "The interview as an iCalendar event (staff)",
                "parameters": ID,
                "responses": {
                    "200": {
                        "description": "iCalendar",
                        "content": {"text/calendar": {"schema": {"type": "string"}}},
                    },
                    **errors(401, 403, 404),
                },
            }
        },
        "/interviews/{interview_id}/events": {
            "post": {
                "summary": "Record a run or a submission with its verdict (the room server, or the panel)",
                "parameters": ID,
                "requestBody": body("EventCreate"),
                "responses": {"201": json_("ChatSaved", "Created"), **errors(400, 401, 403, 404)},
            }
        },
        "/interviews/{interview_id}/history": {
            "get": {
                "summary": "Kept: final files, runs, submissions, chat, notes, events, duration (staff)",
                "parameters": ID,
                "responses": {"200": json_("History"), **errors(401, 403, 404)},
            }
        },
    }


OPENAPI = Part(MODELS, paths, REQUEST_MODELS)
