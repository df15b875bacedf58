"""Every endpoint's responses against the published OpenAPI 3.1 document (schemathesis).

Schemathesis generates requests from the document (valid and invalid ones) and checks that the
real service answers with a documented status code, content type and body schema, and never
with a 5xx. It runs as an admin with a JupyterHub API token, the way scripts call the API.
Operations that start rooms or run the grader (seconds of sandboxed work per call) are left out
here; their tests are in test_scheduling.py and test_problems_api.py.
"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.integration

SLOW_OR_SPAWNING = {
    ("POST", "/interviews"),  # opens a room (a server start) when the start is near
    ("POST", "/problems/{problem_id}/grade"),
    ("POST", "/interviews/{interview_id}/runs"),
    ("POST", "/interviews/{interview_id}/observers"),
}


@pytest.fixture(scope="module")
def admin_token(platform, admin) -> str:
    r = admin.post(
        f"{platform.url}/hub/api/users/admin/tokens",
        json={"note": "schemathesis"},
        headers={"X-XSRFToken": admin.cookies.get("_xsrf", path="/hub/")},
    )
    assert r.status_code in (200, 201), r.text
    return r.json()["token"]


@pytest.fixture(scope="module")
def api_schema(platform, admin_token):
    headers = {"Authorization": f"token {admin_token}"}
    # some real rows to read: an interview in the future (no room yet), with a scorecard
    r = requests.post(
        f"{platform.url}/services/interviews/api/v1/interviews",
        json={"title": "Fuzzed", "candidate_name": "F", "scheduled_start": "2099-01-01T10:00:00Z"},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    doc = requests.get(f"{platform.url}/services/interviews/api/openapi.json").json()
    doc["servers"] = [{"url": f"{platform.url}/services/interviews/api/v1"}]
    schema = schemathesis.openapi.from_dict(doc)
    return schema.exclude(
        func=lambda ctx: (ctx.operation.method.upper(), ctx.operation.path) in SLOW_OR_SPAWNING
    )


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_responses_match_the_openapi_document(platform, api_schema, admin_token):
    """Each operation in turn (pytest's collection cannot see a schema served by a fixture)."""
    headers = {"Authorization": f"token {admin_token}"}
    base = f"{platform.url}/services/interviews/api/v1"
    failures, tested = [], []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        tested.append(f"{operation.method.upper()} {operation.path}")

        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(base_url=base, headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as e:  # collect every operation's failure, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {e}"[:2000])
    assert len(tested) >= 20, tested
    assert not failures, "\n\n".join(failures)
