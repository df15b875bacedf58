"""OpenAPI paths and models of the live rooms' endpoints (room state, chat, notes, observers, problems)."""

from __future__ import annotations

from ..openapi import ID, Part, body, errors, json_
from . import schemas
from .problems import openapi_paths as problems_paths

MODELS = (
    schemas.RoomState,
    schemas.RoomStateUpdate,
    schemas.ChatBatch,
    schemas.ChatSaved,
    schemas.Notes,
    schemas.NotesUpdate,
    schemas.ObserverCreate,
    schemas.ObserverAdded,
)
REQUEST_MODELS = ("RoomStateUpdate", "ChatBatch", "NotesUpdate")


ROOM_PATHS = {
    "/interviews/{interview_id}/room-state": {
        "get": {
            "summary": "Live room state: phase, timer, admission, latest chat (room server, managing staff)",
            "parameters": ID,
            "responses": {"200": json_("RoomState"), **errors(401, 403, 404)},
        },
        "put": {
            "summary": "Save the live room state (the room server of this interview only)",
            "parameters": ID,
            "requestBody": body("RoomStateUpdate"),
            "responses": {"200": json_("RoomState"), **errors(400, 401, 403)},
        },
    },
    "/interviews/{interview_id}/chat": {
        "post": {
            "summary": "Save chat messages (the room server of this interview only; repeats are skipped)",
            "parameters": ID,
            "requestBody": body("ChatBatch"),
            "responses": {"201": json_("ChatSaved", "Created"), **errors(400, 401, 403)},
        },
    },
    "/interviews/{interview_id}/notes": {
        "get": {
            "summary": "The interviewers' private notes (Markdown)",
            "parameters": ID,
            "responses": {"200": json_("Notes"), **errors(401, 403, 404)},
        },
        "put": {
            "summary": "Save the interviewers' private notes",
            "parameters": ID,
            "requestBody": body("NotesUpdate"),
            "responses": {"200": json_("Notes"), **errors(400, 401, 403, 404)},
        },
    },
    "/interviews/{interview_id}/observers": {
        "post": {
            "summary": "Share the room with a hub user as an observer (sees and hears; never edits or runs)",
            "parameters": ID,
            "requestBody": body("ObserverCreate"),
            "responses": {"201": json_("ObserverAdded", "Created"), **errors(400, 401, 403, 404, 502)},
        },
    },
}


def paths() -> dict:
    return {**ROOM_PATHS, **problems_paths(errors, ID)}


OPENAPI = Part(MODELS, paths, REQUEST_MODELS)
