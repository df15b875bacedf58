"""A Content-Security-Policy for room pages: no script the candidate wrote runs in anyone's page.

In a shared notebook JupyterLab marks every new code cell trusted, for every participant, and the
candidate controls both the kernel and (through the collaboration websocket) the document: an
output like `HTML("<img src=x onerror=...>")`, a widget's HTML (ipywidgets does not sanitize), a
`<script>` in an HTML or SVG output, or a file in the workspace loaded with `<script src>` would
run in the interviewer's page with the interviewer's permissions (staff view of problems, notes).
Trust flags cannot stop that; the browser can. This policy allows scripts only from the room
server's own static folders (JupyterLab and its extensions: files the candidate cannot write) and
JupyterLab's own inline page script (by hash), never other inline code, event-handler
attributes, plugins or foreign origins. `eval` stays allowed because JupyterLab's settings
validation (ajv) compiles schemas with it; the one renderer that evals document content,
JupyterLab's JavaScript output renderer, is disabled on room pages (`page_config_hook`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import jupyterlab_server
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join

# where a room's JupyterLab loads its code from: package files, not the workspace
SCRIPT_FOLDERS = ("static/", "lab/extensions/")
# renders `application/javascript` outputs by eval when the cell is trusted
DISABLED_LAB_EXTENSIONS = ("@jupyterlab/javascript-extension",)


def inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts of JupyterLab's page (one: it strips ?token= from the
    URL), read from the built app's index.html that LabApp serves, and jupyterlab_server's."""
    from jupyterlab.commands import get_app_dir

    pages = [Path(get_app_dir()) / "static" / "index.html"]
    pages.append(Path(jupyterlab_server.__file__).parent / "templates" / "index.html")
    hashes = []
    for page in pages:
        if not page.is_file():
            continue
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", page.read_text(), re.S):
            if "src=" not in attrs and "application/json" not in attrs and body.strip():
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                hashes.append(f"'sha256-{digest}'")
    return hashes


INLINE_HASHES = " ".join(inline_script_hashes())


def room_policy(handler: JupyterHandler) -> str:
    """The policy for one response: script sources are this host's static folders of this room."""
    host = handler.request.host  # no scheme: the page's own (http or https behind a proxy)
    scripts = " ".join(host + url_path_join(handler.base_url, folder) for folder in SCRIPT_FOLDERS)
    report = handler.settings.get(
        "csp_report_uri", url_path_join(handler.base_url, "api/security/csp-report")
    )
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts} {INLINE_HASHES} 'unsafe-eval'",
            f"worker-src {scripts} blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "media-src 'self' data: blob: mediastream:",
            "connect-src 'self'",
            "frame-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
            f"report-uri {report}",
        ]
    )


def install(web_app) -> None:
    """Give every jupyter_server handler of this process the room policy, and JupyterLab pages
    no JavaScript output renderer. Call once the other extensions are set up: JupyterHub's
    singleuser extension sets its own page_config_hook, which is kept."""
    if not getattr(JupyterHandler.content_security_policy, "_interviewhub", False):
        prop = property(room_policy)
        prop.fget._interviewhub = True  # type: ignore[attr-defined]
        JupyterHandler.content_security_policy = prop  # type: ignore[assignment,method-assign]
    previous = web_app.settings.get("page_config_hook")

    def page_config_hook(handler, page_config: dict) -> dict:
        if previous is not None:
            page_config = previous(handler, page_config)
        disabled = list(page_config.get("disabledExtensions") or [])
        disabled += [name for name in DISABLED_LAB_EXTENSIONS if name not in disabled]
        page_config["disabledExtensions"] = disabled
        return page_config

    web_app.settings["page_config_hook"] = page_config_hook
