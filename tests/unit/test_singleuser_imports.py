"""patches/jupyterhub-singleuser-lazy-orm.patch: a room server no longer loads the hub's database
layer, and the hub still gets everything it did from the modules the patch touches."""

from __future__ import annotations

import subprocess
import sys

HUB_ONLY = ("sqlalchemy", "alembic", "jupyterhub.orm", "jupyterhub.roles", "jupyterhub.handlers")


def loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return set(out)


def test_the_room_server_imports_no_database_layer():
    loaded = loaded_after("import jupyterhub.singleuser, jupyterhub.singleuser.extension")
    assert not {m for m in HUB_ONLY if m in loaded}


def test_the_hub_still_has_its_scopes_roles_and_metrics():
    code = (
        "import jupyterhub.app, jupyterhub.scopes as s, jupyterhub.orm as o, jupyterhub.roles as r;"
        "assert s.orm.User is o.User and s.roles.get_roles_for is r.get_roles_for;"
        "assert s.sa.inspect is __import__('sqlalchemy').inspect"
    )
    assert {"jupyterhub.metrics", "jupyterhub.handlers.pages"} <= loaded_after(code)

