"""The OpenAPI 3.1 document of the REST API, built from the pydantic schemas of every concept.

Each concept package (interviews/, rooms/, ...) describes its own endpoints in its openapi.py as
a `Part`, next to its handlers and schemas; app.py hands the parts to `document`. The helpers
here write the recurring pieces (responses, error codes, request bodies, path parameters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .schema_base import Error


@dataclass(frozen=True)
class Part:
    """What one concept adds to the document: its models (the component schemas), its paths,
    which models are request bodies (their schema in validation mode) and any further schemas."""

    models: tuple[type[BaseModel], ...]
    paths: Callable[[], dict]
    request_models: tuple[str, ...] = ()
    schemas: dict = field(default_factory=dict)


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_(name: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(name)}}}


def errors(*codes: int) -> dict:
    text = {
        400: "Invalid request (the body names the field)",
        401: "Not signed in",
        403: "Forbidden for your role",
        404: "No such resource",
        409: "Conflict",
        413: "Request body too large",
        502: "JupyterHub refused the change",
    }
    return {str(c): json_("Error", text[c]) for c in codes}


def body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": ref(name)}}}


ID = [{"name": "interview_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
PAGE = [
    {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
    },
    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
]


def document(parts: Iterable[Part], base_path: str = "/services/interviews/api/v1") -> dict:
    parts = list(parts)
    requests = {name for p in parts for name in p.request_models}
    _, defs = models_json_schema(
        [
            (
                m,
                "validation"
                if m.__name__.endswith(("Create", "Request")) or m.__name__ in requests
                else "serialization",
            )
            for m in (Error, *(m for p in parts for m in p.models))
        ],
        ref_template="#/components/schemas/{model}",
    )
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "InterviewHub interview service", "version": "1.0.0"},
        "servers": [{"url": base_path}],
        "components": {
            "schemas": {**defs["$defs"], **{k: v for p in parts for k, v in p.schemas.items()}},
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
        "paths": {},
    }
    for part in parts:
        for path, ops in part.paths().items():
            doc["paths"].setdefault(path, {}).update(ops)
    return doc
