"""A relay for kernels that only speak TCP (Deno's), so they can live in the no-network sandbox.

The room server talks to sandboxed kernels over ZMQ `ipc` sockets in the kernel's folder (the
sandbox shares no network with it), but `deno jupyter` accepts only the `tcp` transport. So the
provisioner starts this script inside the sandbox as the kernel's parent: it writes the kernel a
TCP connection file on 127.0.0.1 (the sandbox's own loopback, which nothing outside can reach),
listens on the five unix sockets the server connects to, and copies each accepted connection
byte for byte to the matching port (ZMTP is the same over ipc and tcp; every accepted
connection gets its own upstream connection). One exception: on IOPub, from the kernel to the
server, ZMTP frames are read so that an "idle" status can wait for Deno's late output
(`pump_iopub`); the bytes are still forwarded unchanged.

Run inside the sandbox as a script (the package itself is not mounted there)::

    python relay.py IPC_CONNECTION_FILE -- deno jupyter --kernel --conn IPC_CONNECTION_FILE

Every argument equal to IPC_CONNECTION_FILE is replaced by the TCP file. The relay exits with
the kernel's status; SIGTERM and SIGINT are passed on to the kernel. The host side uses
`command()` to build that argv and the bubblewrap mounts it needs. Standard library only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import sys
from pathlib import Path

CHANNELS = ("shell", "iopub", "stdin", "control", "hb")
CHUNK = 256 * 1024
GREETING = 64  # bytes of a ZMTP 3 greeting
IDLE_HOLD = 0.02  # seconds an IOPub "idle" waits for late output (see pump_iopub)
# where the sandbox sees the relay and the kernel's binary (outside the read-only host mounts)
SANDBOX_DIR = "/opt/interviewhub"
# package.json installs Deno's binary package for this platform (@deno/linux-x64-glibc); the
# `deno` wrapper package, if used instead, keeps a copy at deno/deno
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"


# -- host side: what the provisioner runs ------------------------------------------------------
def find_executable(name: str) -> str:
    """The real binary for `name`: $INTERVIEWHUB_<NAME>, the checkout's node_modules, PATH."""
    if os.path.isabs(name):
        return name
    override = os.environ.get(f"INTERVIEWHUB_{name.upper()}")
    if override:
        return str(Path(override).resolve())
    machine = {"x86_64": "x64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    for candidate in (
        NODE_MODULES / f"@{name}" / f"linux-{machine}-glibc" / name,
        NODE_MODULES / name / name,
    ):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate.resolve())
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed (run `make`: npm ci installs it in node_modules)")
    return str(Path(found).resolve())


def command(cmd: list[str], connection_file: str) -> tuple[list[str], list[str]]:
    """The argv that runs kernel `cmd` behind the relay, and the bwrap options mounting both."""
    exe = find_executable(cmd[0])
    inside_exe = f"{SANDBOX_DIR}/bin/{Path(exe).name}"
    inside_relay = f"{SANDBOX_DIR}/relay.py"
    binds = ["--ro-bind", exe, inside_exe, "--ro-bind", str(Path(__file__).resolve()), inside_relay]
    argv = [sys.executable, "-I", "-S", inside_relay, connection_file, "--", inside_exe, *cmd[1:]]
    return argv, binds


# -- sandbox side: the relay ---------------------------------------------------------------------
def free_ports(count: int) -> list[int]:
    """Ports free on this namespace's loopback (the sandbox's own: nothing else listens there)."""
    socks = [socket.socket() for _ in range(count)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def tcp_connection(ipc: dict) -> dict:
    """The kernel's TCP connection info: the ipc one with loopback ports."""
    info = {k: v for k, v in ipc.items() if not k.endswith("_port")}
    info.update(transport="tcp", ip="127.0.0.1")
    for channel, port in zip(CHANNELS, free_ports(len(CHANNELS)), strict=True):
        info[f"{channel}_port"] = port
    return info


async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            writer.close()


async def connect_upstream(
    port: int, timeout: float = 30
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Connect to the kernel's port, waiting while it starts (the server connects at once)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            return await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.005)


async def read_message(reader: asyncio.StreamReader) -> tuple[bytes, list[bytes]]:
    """One ZMTP 3 message (or command) as its raw bytes and its frames' bodies."""
    raw, bodies = [], []
    while True:
        head = await reader.readexactly(1)
        size_field = await reader.readexactly(8 if head[0] & 0x02 else 1)
        body = await reader.readexactly(int.from_bytes(size_field, "big"))
        raw += [head, size_field, body]
        bodies.append(body)
        if head[0] & 0x04 or not head[0] & 0x01:  # a command, or the last frame of a message
            return b"".join(raw), bodies


def jupyter_status(bodies: list[bytes]) -> str | None:
    """The execution_state of a Jupyter "status" message, None for any other message."""
    with contextlib.suppress(ValueError, IndexError, AttributeError):
        i = bodies.index(b"<IDS|MSG>")
        if json.loads(bodies[i + 2]).get("msg_type") == "status":
            return json.loads(bodies[i + 5]).get("execution_state")
    return None


async def pump_iopub(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Kernel to server on IOPub, message by message: an "idle" status waits IDLE_HOLD seconds
    for output the kernel sends after it. Deno forwards console output from a separate task and
    only sleeps 5 ms before "idle"; on a busy machine output can come after it, and JupyterLab
    drops output that comes after a cell is done. Anything but output sends the held status."""
    loop = asyncio.get_running_loop()
    messages: asyncio.Queue[tuple[bytes, list[bytes]] | None] = asyncio.Queue()

    async def read() -> None:
        try:
            messages.put_nowait((await reader.readexactly(GREETING), []))
            while True:
                messages.put_nowait(await read_message(reader))
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            messages.put_nowait(None)

    reading = asyncio.create_task(read())
    held, deadline = b"", 0.0
    try:
        while True:
            try:
                wait = max(0.0, deadline - loop.time()) if held else None
                item = await asyncio.wait_for(messages.get(), wait)
            except TimeoutError:
                item = (b"", [])
            if item is None:
                break
            raw, bodies = item
            state = jupyter_status(bodies)
            late_output = bool(raw) and state is None and bodies and b"<IDS|MSG>" in bodies
            if held and not late_output:
                writer.write(held)
                held = b""
            if state == "idle":
                held, deadline = raw, loop.time() + IDLE_HOLD
            else:
                writer.write(raw)
            await writer.drain()
        writer.write(held)
    except (ConnectionError, OSError):
        pass
    finally:
        reading.cancel()
        with contextlib.suppress(OSError, RuntimeError):
            writer.close()


def handler(port: int, kernel_to_server=pump):
    async def relay(down_reader: asyncio.StreamReader, down_writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await connect_upstream(port)
        except OSError:
            down_writer.close()
            return
        await asyncio.gather(pump(down_reader, up_writer), kernel_to_server(up_reader, down_writer))

    return relay


async def main(connection_file: str, cmd: list[str]) -> int:
    ipc = json.loads(Path(connection_file).read_text())
    if ipc.get("transport") != "ipc":
        raise SystemExit(f"relay: expected an ipc connection file, got {ipc.get('transport')!r}")
    tcp = tcp_connection(ipc)
    tcp_file = Path(os.environ.get("TMPDIR") or "/tmp") / f"kernel-tcp-{os.getpid()}.json"
    tcp_file.write_text(json.dumps(tcp))
    tcp_file.chmod(0o600)

    servers = []
    for channel in CHANNELS:
        path = f"{ipc['ip']}-{ipc[f'{channel}_port']}"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        relay = handler(tcp[f"{channel}_port"], pump_iopub if channel == "iopub" else pump)
        servers.append(await asyncio.start_unix_server(relay, path=path))

    argv = [str(tcp_file) if arg == connection_file else arg for arg in cmd]
    kernel = await asyncio.create_subprocess_exec(*argv)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(signum, lambda s=signum: kernel.returncode is None and kernel.send_signal(s))
    status = await kernel.wait()
    for server in servers:
        server.close()
    return status if status >= 0 else 128 - status


def run(args: list[str]) -> int:
    if len(args) < 3 or args[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    return asyncio.run(main(args[0], args[2:]))


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
