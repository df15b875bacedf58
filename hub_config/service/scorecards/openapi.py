"""OpenAPI paths and models of the scorecard and rubric endpoints."""

from __future__ import annotations

from ..openapi import ID, Part, body, errors, json_
from . import schemas

MODELS = (schemas.ScorecardUpdate, schemas.ScorecardOut, schemas.Scorecards, schemas.Rubrics)
REQUEST_MODELS = ("ScorecardUpdate",)


def paths() -> dict:
    return {
        "/interviews/{interview_id}/scorecards": {
            "get": {
                "summary": "Every scorecard of the panel, side by side (staff; never candidates)",
                "parameters": ID,
                "responses": {"200": json_("Scorecards"), **errors(401, 403, 404)},
            }
        },
        "/interviews/{interview_id}/scorecard": {
            "get": {
                "summary": "My scorecard",
                "parameters": ID,
                "responses": {"200": json_("ScorecardOut"), **errors(401, 403, 404)},
            },
            "put": {
                "summary": "Fill or replace my scorecard (interviewers on the panel)",
                "parameters": ID,
                "requestBody": body("ScorecardUpdate"),
                "responses": {
                    "200": json_("ScorecardOut"),
                    "201": json_("ScorecardOut", "Created"),
                    **errors(400, 401, 403, 404),
                },
            },
        },
        "/rubrics": {
            "get": {
                "summary": "Every team's scorecard rubric, and your default team (staff)",
                "responses": {"200": json_("Rubrics"), **errors(401, 403)},
            }
        },
    }


OPENAPI = Part(MODELS, paths, REQUEST_MODELS)
