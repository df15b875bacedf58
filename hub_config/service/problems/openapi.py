"""OpenAPI paths and models of the problem bank's endpoints (staff)."""

from __future__ import annotations

from ..openapi import Part, body, errors, json_
from . import schemas

MODELS = (schemas.ProblemList, schemas.ProblemDetail, schemas.GradeRequest, schemas.GradeResult)
PROBLEM = [
    {
        "name": "problem_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    }
]


def paths() -> dict:
    return {
        "/problems": {
            "get": {
                "summary": "The problem bank (staff)",
                "responses": {"200": json_("ProblemList"), **errors(401, 403)},
            },
        },
        "/problems/{problem_id}": {
            "get": {
                "summary": "A problem: statement, starter code, examples; hidden tests for staff",
                "parameters": PROBLEM,
                "responses": {"200": json_("ProblemDetail"), **errors(401, 403, 404)},
            },
        },
        "/problems/{problem_id}/grade": {
            "post": {
                "summary": "Grade a submission in the sandbox (staff); one verdict a test",
                "parameters": PROBLEM,
                "requestBody": body("GradeRequest"),
                "responses": {"200": json_("GradeResult"), **errors(400, 401, 403, 404, 413)},
            },
        },
    }


OPENAPI = Part(MODELS, paths)
