"""Kernel websocket connections that tell the user why a kernel died.

When the sandbox's memory limit kills a kernel, JupyterLab would only show its generic
"kernel restarting" notice. On restart this connection asks the kernel's provisioner why it
died and writes the answer to stderr of the cell that was running, where the user looks.
"""

from __future__ import annotations

import json

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

V1 = "v1.kernel.websocket.jupyter.org"


class RoomKernelConnection(ZMQChannelsWebsocketConnection):
    _last_request: dict | None = None

    def handle_incoming_message(self, incoming_msg) -> None:
        try:
            self._last_request = self._request_header(incoming_msg) or self._last_request
        except Exception:  # never let bookkeeping break a message; the parent just stays unknown
            self.log.debug("Could not read the header of an incoming kernel message", exc_info=True)
        super().handle_incoming_message(incoming_msg)

    def _request_header(self, incoming_msg) -> dict | None:
        if self.subprotocol == V1:
            from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

            channel, msg_list = deserialize_msg_from_ws_v1(incoming_msg)
            header = self.get_part("header", None, msg_list) if channel == "shell" else None
        else:
            msg = json.loads(incoming_msg) if isinstance(incoming_msg, str) else {}
            header = msg.get("header") if msg.get("channel", "shell") == "shell" else None
        return header if header and header.get("msg_type") == "execute_request" else None

    def on_kernel_restarted(self):
        # before the "restarting" status: on that status JupyterLab drops the running cell's request
        provisioner = getattr(self.kernel_manager, "provisioner", None)
        reason = provisioner.exit_reason() if hasattr(provisioner, "exit_reason") else None
        if reason:
            self.write_stderr(reason, self._last_request or {})
        super().on_kernel_restarted()
