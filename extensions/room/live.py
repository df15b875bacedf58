"""The live room: the RoomState, everyone's open room websockets, and delivery between them.

Each connection has its own bounded send queue and one writer task: a participant whose
network (or browser) is slow fills only their own queue, and is disconnected when it overflows
(they reconnect and get a fresh `welcome`), instead of holding up everybody else. Each
connection also has its own token-bucket rate limit, so a flood from one is dropped at the
door without touching the others.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from traitlets import Bool, Float, Integer, default, validate
from traitlets.config import LoggingConfigurable

from . import protocol as p
from .kernel_websocket import OPEN_CONNECTIONS
from .protocol import ProtocolError, error_message, server_message
from .service_client import RoomPersister, RoomServiceClient, ServiceUnavailable
from .state import Effects, Outgoing, RoomState
from .tape import Tape

SLOW_CONSUMER = 4008  # websocket close code: send queue overflowed
ENDED = 4001  # websocket close code: the interview ended (candidates)
ROOM_FULL = 4029  # websocket close code: the call has max_participants people already (retry later)


class Socket(Protocol):
    def write_message(self, message: str) -> Any: ...
    def close(self, code: int | None = None, reason: str | None = None) -> None: ...


class Connection:
    """One participant's websocket, with its send queue and rate limit."""

    def __init__(self, live: LiveRoom, socket: Socket, username: str, display_name: str, role: str):
        self.live, self.socket = live, socket
        self.username, self.display_name, self.role = username, display_name, role
        self.queue: deque[str] = deque()
        self._ready = asyncio.Event()
        self._writer: asyncio.Task | None = None
        self.closed = False
        self.tokens = float(live.rate_burst)
        self.refilled = time.monotonic()
        self.last_throttle_notice = 0.0
        self.dropped = 0
        self.refused = False  # turned away at the door (room full): never joined the state
        self.signals: deque[float] = deque()  # times of recent integrity signals (rate limit)

    def start(self) -> None:
        self._writer = asyncio.ensure_future(self._write_loop())

    def send(self, message: dict[str, Any]) -> None:
        if self.closed:
            return
        if len(self.queue) >= self.live.send_queue_limit:
            self.live.log.warning("Room socket of %s too slow: disconnecting it", self.username)
            self.close(SLOW_CONSUMER, "send queue overflow")
            return
        self.queue.append(p.dumps(message))
        self._ready.set()

    async def _write_loop(self) -> None:
        while not self.closed:
            await self._ready.wait()
            self._ready.clear()
            while self.queue and not self.closed:
                try:
                    await self.socket.write_message(self.queue.popleft())
                except Exception:  # closed under us
                    self.close()
                    return

    def allow(self) -> bool:
        """Token bucket: rate_per_second, bursts up to rate_burst."""
        now = time.monotonic()
        self.tokens = min(
            self.live.rate_burst, self.tokens + (now - self.refilled) * self.live.rate_per_second
        )
        self.refilled = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        self.dropped += 1
        return False

    def close(self, code: int | None = None, reason: str | None = None) -> None:
        if self.closed:
            return
        self.closed = True
        self._ready.set()
        self.queue.clear()
        try:
            self.socket.close(code, reason)
        except Exception:
            pass


class LiveRoom(LoggingConfigurable):
    rate_per_second = Float(20.0, help="Messages a connection may send per second, sustained.").tag(
        config=True
    )
    rate_burst = Integer(60, help="Messages a connection may send in one burst.").tag(config=True)
    send_queue_limit = Integer(
        1000, help="Messages waiting for one slow connection before it is disconnected."
    ).tag(config=True)
    load_timeout = Float(15.0, help="Seconds a new connection waits for the saved state.").tag(config=True)
    max_participants = Integer(
        help="""People (not tabs) in the room at once, hence in its WebRTC mesh call, where each one
        sends their video to every other. Further people are refused with `room_full` until
        someone leaves. 0: no cap. Default: INTERVIEWHUB_ROOM_MAX_PARTICIPANTS, else 5."""
    ).tag(config=True)
    signal_limit = Integer(30, help="Integrity signals a candidate's socket may send per minute.").tag(
        config=True
    )
    keep_candidate_place = Bool(
        True, help="While no candidate is online, keep the last place for one (staff and observers wait)."
    ).tag(config=True)

    @default("max_participants")
    def _max_participants_default(self) -> int:
        return int(os.environ.get("INTERVIEWHUB_ROOM_MAX_PARTICIPANTS") or 5)

    @validate("max_participants")
    def _valid_max(self, proposal) -> int:
        if proposal.value != 0 and proposal.value < 2:
            raise ValueError("max_participants: 0 (no cap) or at least 2")
        return proposal.value

    def __init__(self, client: RoomServiceClient | None = None, **kwargs):
        super().__init__(**kwargs)
        self.state = RoomState()
        self.client = client or RoomServiceClient(parent=self)
        self.persister = RoomPersister(self.client, parent=self)
        self.tape = Tape(self.client, parent=self)
        self.connections: dict[str, list[Connection]] = {}
        self._loaded = asyncio.Event()
        self._loader: asyncio.Task | None = None
        # everyone with a share of the room (RoomRoles.roles), to admit candidates not yet here
        self.roles_source: Callable[[], Awaitable[dict[str, str]]] | None = None

    # -- saved state ------------------------------------------------------------------------
    def start_loading(self) -> None:
        if self._loader is None:
            self._loader = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        delay = 0.5
        while True:
            try:
                self.state.load(await self.client.load())
                self._loaded.set()
                self.log.info("Room state loaded: phase %s", self.state.phase)
                return
            except ServiceUnavailable as e:
                self.log.warning("Cannot load the room state yet (%s)", e)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def wait_loaded(self) -> bool:
        self.start_loading()
        try:
            await asyncio.wait_for(asyncio.shield(self._loaded.wait()), self.load_timeout)
        except TimeoutError:
            return False
        return True

    # -- connections --------------------------------------------------------------------------
    def join(self, socket: Socket, username: str, display_name: str, role: str) -> Connection:
        """A new room websocket: welcome it, or (room full) tell it why and close it (`refused`)."""
        conn = Connection(self, socket, username, display_name, role)
        conn.start()
        try:
            self.state.check_room_for(username, role, self.max_participants, self.keep_candidate_place)
        except ProtocolError as e:
            self.log.info("Room full (%d): %s (%s) refused", self.max_participants, username, role)
            conn.refused = True
            conn.send({**error_message(e), "limit": self.max_participants})
            self.close_after_flush(conn, ROOM_FULL, "room full")
            return conn
        part = self.state.connect(username, display_name, role)
        if not self.connections.get(username):
            self.tape.record("presence", by=username, name=display_name, role=role, online=True)
        self.connections.setdefault(username, []).append(conn)
        conn.send(self.state.welcome(part))
        self.deliver([Outgoing(self.state.presence_message(part))], skip=conn)
        if role == "candidate" and self.state.phase == "ended":
            conn.send(server_message("ended", by=None))
            self.end_candidate(conn)
        return conn

    def leave(self, conn: Connection) -> None:
        conn.close()
        conns = self.connections.get(conn.username, [])
        if conn in conns:
            conns.remove(conn)
            if not conns:
                self.tape.record(
                    "presence", by=conn.username, name=conn.display_name, role=conn.role, online=False
                )
            part = self.state.disconnect(conn.username)
            if part is not None:
                self.deliver([Outgoing(self.state.presence_message(part))])

    def end_candidate(self, conn: Connection) -> None:
        """After the "ended" message has been written, close the candidate's socket."""
        self.close_after_flush(conn, ENDED, "the interview has ended")

    def close_after_flush(self, conn: Connection, code: int, reason: str) -> None:
        """Close once what is queued has been written (up to 1 s), so the last message arrives."""

        async def close_later() -> None:
            for _ in range(50):
                if not conn.queue:
                    break
                await asyncio.sleep(0.02)
            conn.close(code, reason)

        asyncio.ensure_future(close_later())

    # -- messages -----------------------------------------------------------------------------
    async def receive(self, conn: Connection, raw: str | bytes) -> None:
        if conn.refused or conn.closed:
            return
        if not conn.allow():
            now = time.monotonic()
            if now - conn.last_throttle_notice >= 1.0:  # say so at most once a second
                conn.last_throttle_notice = now
                conn.send(
                    error_message(ProtocolError("rate_limited", "too many messages: some were dropped"))
                )
            return
        try:
            msg = p.parse(raw)
            part = self.state.participants[conn.username]
            if msg.type in ("admit", "deny") and self.roles_source is not None:  # type: ignore[attr-defined]
                self.state.known_roles.update(await self.roles_source())
            if msg.type == "signal":  # type: ignore[attr-defined]
                return self.signal(conn, msg)
            fx = self.state.handle(part, msg)
        except ProtocolError as e:
            conn.send(error_message(e))
            return
        self.apply(conn, fx)

    def signal(self, conn: Connection, msg: p.Signal) -> None:
        """A browser's integrity signal: taped for candidates only, `signal_limit` per minute."""
        if conn.role != "candidate":
            return  # staff and observers are not what the signals are about
        now = time.monotonic()
        while conn.signals and conn.signals[0] < now - 60:
            conn.signals.popleft()
        if len(conn.signals) >= self.signal_limit:
            raise ProtocolError(
                "rate_limited", f"at most {self.signal_limit} signals a minute", msg.id, "signal"
            )
        conn.signals.append(now)
        fields = msg.model_dump(exclude={"v", "id", "type"}, exclude_none=True)
        self.tape.record("signal", by=conn.username, **fields)

    def apply(self, conn: Connection, fx: Effects) -> None:
        self.deliver(fx.out)
        if fx.persist_state:
            self.persister.save_state(self.state.record())
        if fx.new_chat:
            self.persister.add_chat(fx.new_chat)
        if fx.notes_get or fx.notes_save is not None:
            asyncio.ensure_future(self._notes(conn, fx.notes_save, fx.ref))
        if fx.ended:
            for conns in list(self.connections.values()):
                for c in list(conns):
                    if c.role == "candidate":
                        self.end_candidate(c)
        if fx.ended or fx.revoked:
            asyncio.ensure_future(self.close_kernel_sockets())

    async def close_kernel_sockets(self) -> None:
        """Kernel websockets opened while a candidate could work stay open past a refusal (the
        authorizer is asked once, on connecting): close those of candidates who may no longer work."""
        if self.roles_source is not None:
            self.state.known_roles.update(await self.roles_source())
        for kc in list(OPEN_CONNECTIONS):
            handler = getattr(kc, "websocket_handler", None)
            user = getattr(handler, "current_user", None) if handler is not None else None
            name = getattr(user, "username", None)
            role = self.state.known_roles.get(name)
            if role == "candidate" and not self.state.may_work(name, role):
                self.log.info("Closing a kernel websocket of %s", name)
                handler.close(ENDED, "no longer allowed to run code in this room")

    def deliver(self, outgoing: list[Outgoing], skip: Connection | None = None) -> None:
        for out in outgoing:
            for conn in self._audience(out.to):
                if conn is not skip:
                    conn.send(out.message)

    def _audience(self, to: str | list[str]) -> list[Connection]:
        if to == "all":
            return [c for conns in self.connections.values() for c in conns]
        if to == "staff":
            return [c for conns in self.connections.values() for c in conns if c.role in p.STAFF]
        return [c for name in to for c in self.connections.get(name, [])]

    async def _notes(self, conn: Connection, markdown: str | None, ref: str | None) -> None:
        kind = "notes.get" if markdown is None else "notes.save"
        try:
            if markdown is None:
                notes = await self.client.get_notes()
                conn.send(server_message("notes", **notes, ref=ref))
            else:
                notes = await self.client.save_notes(markdown, conn.username)
                self.deliver([Outgoing(server_message("notes", **notes, ref=ref), "staff")])
        except ServiceUnavailable as e:
            self.log.warning("Notes: %s", e)
            err = ProtocolError("unavailable", "the notes could not be reached; try again", ref, kind)
            conn.send(error_message(err))
