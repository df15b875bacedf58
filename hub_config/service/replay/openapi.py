"""OpenAPI paths and models of the replay endpoints (tape, timeline, player, exports)."""

from __future__ import annotations

from ..openapi import ID, Part, body, errors, json_
from . import schemas

MODELS = (schemas.TapeChunkIn, schemas.TapeSaved, schemas.ReplayData, schemas.ReplayState)
REQUEST_MODELS = ("TapeChunkIn",)
AT = [*ID, {"name": "at", "in": "query", "schema": {"type": "number"}, "description": "ms since the epoch"}]


def paths() -> dict:
    staff = errors(401, 403, 404)
    return {
        "/interviews/{interview_id}/tape": {
            "post": {
                "summary": "Append a chunk of the replay tape (the room server of this interview only)",
                "parameters": ID,
                "requestBody": body("TapeChunkIn"),
                "responses": {
                    "200": json_("TapeSaved", "Stored before (a retry): nothing added"),
                    "201": json_("TapeSaved", "Created"),
                    **errors(400, 401, 403, 404, 413),
                },
            }
        },
        "/interviews/{interview_id}/timeline": {
            "get": {
                "summary": "The whole interview as JSON lines, one event per line (docs/replay.md; staff)",
                "parameters": [
                    *ID,
                    {
                        "name": "kinds",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "Comma-separated kinds to keep (doc, run, output, chat, signal, ...)",
                    },
                ],
                "responses": {
                    "200": {
                        "description": "JSON lines",
                        "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
                    },
                    **staff,
                },
            }
        },
        "/interviews/{interview_id}/replay": {
            "get": {
                "summary": "What the replay player needs: edits with authors, runs, chat, signals (staff)",
                "parameters": ID,
                "responses": {"200": json_("ReplayData"), **staff},
            }
        },
        "/interviews/{interview_id}/replay/state": {
            "get": {
                "summary": "Every file as it was at a moment, with each character's author (staff)",
                "parameters": AT,
                "responses": {"200": json_("ReplayState"), **errors(400, 401, 403, 404)},
            }
        },
        "/interviews/{interview_id}/replay/files": {
            "get": {
                "summary": "The final code per file (export; staff)",
                "parameters": ID,
                "responses": {"200": json_("ReplayState"), **staff},
            }
        },
    }


OPENAPI = Part(MODELS, paths, REQUEST_MODELS)
