"""The interview service (/services/interviews/): dashboard, pages and REST API.

One subpackage per concept: interviews/, rooms/, scorecards/, problems/, stats/, users/. Each
keeps its plain logic classes, its REST handlers (api.py), pages (pages.py), schemas
(schemas.py) and OpenAPI part (openapi.py) side by side, and exposes API_ROUTES, PAGE_ROUTES
and OPENAPI; app.py assembles them. What they share lives here: base.py (handler bases),
access.py (who asks, refusals), openapi.py (the document builder), schema_base.py,
hubclient.py, paging.py, mail.py and templates/; they import no concept (only app.py does). No
import circles, between concepts either (tests/unit/test_import_cycles.py).
"""
