"""Kernel websocket connections for rooms: no Nagle delay, output cap, and why a kernel died.

- No Nagle delay: see `NoDelayKernelConnection`; it removed a ~45 ms wait from most executions.
- Output cap: jupyter_server's 1 MB/s iopub rate limit pauses bursts, but a steady flood under
  that rate reaches browsers and the shared notebook in full. Past `output_limit_bytes` per
  execution, output is dropped and the cell gets one "Output truncated" notice. It is enforced
  here, in the room server, where candidate code cannot switch it off.
- When the sandbox's memory limit kills a kernel, JupyterLab would only show its generic
  "kernel restarting" notice. On restart this connection asks the kernel's provisioner why it
  died and writes the answer to stderr of the cell that was running, where the user looks.
"""

from __future__ import annotations

import json
import weakref
from collections import OrderedDict

from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets import Integer

from .tape import MAX_RUN_OUTPUT, MAX_TEXT, output_fields

V1 = "v1.kernel.websocket.jupyter.org"
DELIM = b"<IDS|MSG>"
OUTPUT_TYPES = {"stream", "execute_result", "display_data", "error", "update_display_data"}
# open kernel websockets, so the live room can close a candidate's when the interview ends (live.py)
OPEN_CONNECTIONS: weakref.WeakSet = weakref.WeakSet()


class NoDelayKernelConnection(ZMQChannelsWebsocketConnection):
    """A kernel websocket that sends each kernel message at once (TCP_NODELAY).

    Tornado leaves Nagle's algorithm on for websockets, and jupyter_server's
    `KernelWebsocketHandler.open` (services/kernels/websocket.py) never turns it off. One
    execution writes several small messages in a row (busy, execute_input, stream, reply, idle):
    Nagle holds the second until the first is acknowledged, and a receiver that gets messages
    back to back (browser, or the proxy in front of a room) delays that ACK by Linux's 40 ms
    minimum. Measured: `print(1)` took ~45 ms instead of ~6 ms when cells ran < ~1 s apart.
    """

    def connect(self):
        if getattr(self.websocket_handler, "ws_connection", None) is not None:
            self.websocket_handler.set_nodelay(True)
        OPEN_CONNECTIONS.add(self)
        return super().connect()


class RoomKernelConnection(NoDelayKernelConnection):
    output_limit_bytes = Integer(
        1_000_000, help="Output one execution may send to the browser; the rest is dropped."
    ).tag(config=True)

    _last_request: dict | None = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._output_bytes: OrderedDict[str, int] = OrderedDict()  # parent msg_id -> bytes sent
        self._runs: OrderedDict[str, int] = OrderedDict()  # runs sent here -> output bytes taped

    def _on_zmq_reply(self, stream, msg_list):
        try:
            drop = getattr(stream, "channel", None) == "iopub" and self._over_output_limit(msg_list)
        except Exception:  # a message we cannot measure is passed on, never lost
            self.log.warning("Could not measure a kernel message", exc_info=True)
            drop = False
        if not drop:
            try:
                self._record_output(stream, msg_list)
            except Exception:  # the tape must never break a run
                self.log.warning("Could not record a kernel output", exc_info=True)
            super()._on_zmq_reply(stream, msg_list)

    def _over_output_limit(self, msg_list) -> bool:
        header, parent, size = _measure(msg_list)
        if header.get("msg_type") not in OUTPUT_TYPES or not parent.get("msg_id"):
            return False
        key = parent["msg_id"]
        before = self._output_bytes.get(key, 0)
        sent = before + size
        self._output_bytes[key] = sent
        self._output_bytes.move_to_end(key)
        while len(self._output_bytes) > 64:
            self._output_bytes.popitem(last=False)
        if sent <= self.output_limit_bytes:
            return False
        if before <= self.output_limit_bytes:  # the first message over the limit: say so, once
            self.write_stderr(
                f"Output truncated: this cell printed more than {self.output_limit_bytes:,} bytes; "
                "the rest is not shown.",
                parent,
            )
        return True

    def handle_incoming_message(self, incoming_msg) -> None:
        try:
            header = self._request_header(incoming_msg)
            self._last_request = header or self._last_request
            if header is not None:
                self._record_run(header, incoming_msg)
        except Exception:  # never let bookkeeping break a message; the parent just stays unknown
            self.log.debug("Could not read the header of an incoming kernel message", exc_info=True)
        super().handle_incoming_message(incoming_msg)

    # -- the replay tape (tape.py): runs by the user of this websocket, and their outputs ------
    @property
    def _tape(self):
        handler = getattr(self, "websocket_handler", None)
        return handler.settings.get("interviewhub_tape") if handler is not None else None

    def _record_run(self, header: dict, incoming_msg) -> None:
        tape = self._tape
        if tape is None:
            return
        if self.subprotocol == V1:
            _, msg_list = deserialize_msg_from_ws_v1(incoming_msg)
            content = json.loads(_as_bytes(msg_list[3]))
            metadata = json.loads(_as_bytes(msg_list[2]))
        else:
            msg = json.loads(incoming_msg)
            content, metadata = msg.get("content") or {}, msg.get("metadata") or {}
        cell = metadata.get("cellId")
        self._runs[header["msg_id"]] = 0
        while len(self._runs) > 64:
            self._runs.popitem(last=False)
        tape.record(
            "run",
            by=self.websocket_handler.current_user.username,
            msg_id=str(header["msg_id"])[:128],
            code=str(content.get("code", ""))[:MAX_TEXT],
            cell=str(cell)[:128] if cell else None,
            kernel=str(getattr(self.kernel_manager, "kernel_name", "") or "")[:128],
        )
        for listener in tape.run_listeners:
            listener()

    def _record_output(self, stream, msg_list) -> None:
        """Outputs and the reply of runs sent on this websocket (other tabs get copies: skip)."""
        if not self._runs:
            return
        if isinstance(msg_list, dict):  # the JSON protocol: already parsed
            header, parent_header = msg_list.get("header") or {}, msg_list.get("parent_header") or {}
            content = msg_list.get("content") or {}
        else:
            frames = [_as_bytes(f) for f in msg_list]
            if DELIM in frames:
                frames = frames[frames.index(DELIM) + 2 :]
            if len(frames) < 4:
                return
            header, parent_header, content = json.loads(frames[0]), json.loads(frames[1]), None
        parent = parent_header.get("msg_id")
        if parent not in self._runs:
            return
        msg_type = header.get("msg_type")
        if content is None:
            content = json.loads(frames[3])
        channel = getattr(stream, "channel", None)
        if channel == "shell" and msg_type == "execute_reply":
            status = content.get("status", "ok")
            self._tape.record(
                "run.done", msg_id=parent, status=status if status in ("ok", "error") else "aborted"
            )
            return
        if channel != "iopub" or msg_type not in OUTPUT_TYPES or self._runs[parent] > MAX_RUN_OUTPUT:
            return
        fields = output_fields(msg_type, content)
        if fields is not None:
            fields["text"] = fields["text"][:MAX_TEXT]
            self._runs[parent] += len(fields["text"]) + len(fields.get("image", ""))
            self._tape.record("output", msg_id=parent, **fields)

    def _request_header(self, incoming_msg) -> dict | None:
        if self.subprotocol == V1:
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


def _measure(msg_list) -> tuple[dict, dict, int]:
    """(header, parent header, size of content and buffers) of a kernel message, given as raw
    ZMQ frames or, on some jupyter_server paths, as an already parsed message dict."""
    if isinstance(msg_list, dict):
        content = json.dumps(msg_list.get("content") or {})
        return msg_list.get("header") or {}, msg_list.get("parent_header") or {}, len(content)
    frames = [_as_bytes(f) for f in msg_list]
    if DELIM in frames:
        frames = frames[frames.index(DELIM) + 2 :]  # past the identities and the signature
    if len(frames) < 4:
        return {}, {}, 0
    return json.loads(frames[0]), json.loads(frames[1]), sum(len(f) for f in frames[3:])


def _as_bytes(frame) -> bytes:
    """ZMQ frames arrive as zmq.Frame, bytes or (for some jupyter_server paths) str."""
    if isinstance(frame, str):
        return frame.encode()
    return frame.bytes if hasattr(frame, "bytes") else bytes(frame)
