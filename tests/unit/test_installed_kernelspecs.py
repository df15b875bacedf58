"""Our kernels as the installed package offers them to any Jupyter of its environment: listed by
`jupyter kernelspec list`, and sandboxed even when plain jupyter_client starts them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from jupyter_client.manager import start_new_kernel

BIN = Path(sys.executable).parent
OURS = {"python3-sandboxed", "java", "cpp", "javascript", "typescript", "bash"}


def installed_specs() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    cmd = [str(BIN / "jupyter"), "kernelspec", "list", "--json"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out)["kernelspecs"]


def test_jupyter_kernelspec_list_shows_every_language_of_ours():
    specs = installed_specs()
    assert OURS <= set(specs), sorted(specs)
    for name in OURS:
        spec = specs[name]["spec"]
        assert spec["metadata"]["kernel_provisioner"]["provisioner_name"] == "interviewhub-sandbox", name
        assert spec["display_name"] and spec["language"], name
        assert (Path(specs[name]["resource_dir"]) / "logo-64x64.png").exists(), name


def test_ipykernels_own_python3_is_left_alone():
    spec = installed_specs()["python3"]["spec"]
    assert "kernel_provisioner" not in spec.get("metadata", {})


def test_plain_jupyter_client_starts_our_python_sandboxed(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "secret-of-the-server")
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    km, kc = start_new_kernel(kernel_name="python3-sandboxed", startup_timeout=60)
    try:
        code = (
            "import os, socket\n"
            "print(sorted(k for k in os.environ if 'TOKEN' in k))\n"
            "print(open('/proc/1/cmdline', 'rb').read().split(b'\\0')[0].decode())\n"
            "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2); print('online')\n"
            "except OSError:\n    print('offline')\n"
        )
        out = []

        def collect(msg: dict) -> None:
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])

        kc.execute_interactive(code, timeout=30, output_hook=collect)
        assert "".join(out) == "[]\nbwrap\noffline\n"
        assert km.provisioner.__class__.__name__ == "SandboxProvisioner"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
