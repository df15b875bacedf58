"""The published OpenAPI document describes the API that is really served."""

from __future__ import annotations

import json
import re

import pytest
from interviewhub.hub.service.app import API_ROUTES
from interviewhub.hub.service.app import openapi_document as document
from jsonschema import Draft202012Validator
from tornado.web import RequestHandler

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


@pytest.fixture(scope="module")
def doc() -> dict:
    return document()


def route_to_path(pattern: str) -> str:
    path = re.sub(r"\(\\d\+\)", "{interview_id}", pattern.removeprefix("/api/v1"))
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", path)  # named groups: {name}
    return re.sub(r"\(\[a-z0-9\]\+.*?\)\*\)", "{problem_id}", path)


def implemented_methods(handler: type) -> set[str]:
    return {m for m in HTTP_METHODS if getattr(handler, m) is not getattr(RequestHandler, m)}


def refs(node, where="#"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield where, value
            else:
                yield from refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from refs(value, f"{where}/{i}")


def resolve(doc: dict, ref: str):
    assert ref.startswith("#/"), f"only local refs expected: {ref}"
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[part]
    return node


def test_is_openapi_3_1_and_json_serialisable(doc):
    assert re.fullmatch(r"3\.1\.\d+", doc["openapi"])
    assert doc["info"]["title"] and doc["info"]["version"]
    assert json.loads(json.dumps(doc)) == doc


def test_server_url_is_where_the_service_mounts_the_api(doc):
    assert doc["servers"] == [{"url": "/services/interviews/api/v1"}]


def test_every_route_is_documented_with_the_methods_it_implements(doc):
    for pattern, handler in API_ROUTES:
        path = route_to_path(pattern)
        assert path in doc["paths"], f"{pattern} ({handler.__name__}) is not documented as {path}"
        documented = set(doc["paths"][path]) & set(HTTP_METHODS)
        assert documented == implemented_methods(handler), path


def test_no_documented_path_lacks_a_route(doc):
    served = {route_to_path(pattern) for pattern, _ in API_ROUTES}
    assert set(doc["paths"]) == served


def test_path_parameters_are_declared(doc):
    for path, item in doc["paths"].items():
        names = set(re.findall(r"\{(\w+)\}", path))
        for method, op in item.items():
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == names, f"{method.upper()} {path}"
            for p in op.get("parameters", []):
                if p["in"] == "path":
                    assert p["required"] is True


def test_every_operation_has_a_success_response_and_documents_401(doc):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            assert codes & {"200", "201"}, f"{method.upper()} {path}"
            assert "401" in codes, f"{method.upper()} {path}"


def test_every_ref_resolves(doc):
    found = list(refs(doc))
    assert found, "the document should use $ref for its schemas"
    for where, ref in found:
        try:
            resolve(doc, ref)
        except (KeyError, IndexError, TypeError):
            pytest.fail(f"{where}: $ref {ref} does not resolve")


def test_every_component_schema_is_a_valid_json_schema(doc):
    schemas = doc["components"]["schemas"]
    assert {"InterviewCreate", "Interview", "InterviewCreated", "UserCreate", "Error"} <= set(schemas)
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        assert schema.get("type") == "object", name


def validator_for(doc: dict, name: str) -> Draft202012Validator:
    """A validator for one component that can follow refs into the others."""
    return Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": doc["components"]})


def test_interview_create_schema_agrees_with_the_server(doc):
    v = validator_for(doc, "InterviewCreate")
    assert v.is_valid({"title": "Python", "candidate_name": "Ada"})
    assert v.is_valid(
        {
            "title": "Python",
            "candidate_name": "Ada",
            "candidate_email": "",
            "scheduled_start": "2030-01-01T09:00:00Z",
            "duration_minutes": 480,
        }
    )
    assert not v.is_valid({"title": "Python"})
    assert not v.is_valid({"title": "Python", "candidate_name": "Ada", "admin": True})
    assert not v.is_valid({"title": "Python", "candidate_name": "Ada", "duration_minutes": 481})
    assert not v.is_valid({"title": "", "candidate_name": "Ada"})


def test_user_list_items_follow_the_user_schema(doc):
    v = validator_for(doc, "UserList")
    user = {
        "username": "alice",
        "display_name": "Alice",
        "email": "",
        "role": "admin",
        "active": True,
        "created_at": "2030-01-01T09:00:00Z",
    }
    assert v.is_valid({"items": [user]})
    assert not v.is_valid({"items": [{"username": "alice"}]})


def test_document_is_built_once(doc):
    assert document() is doc
