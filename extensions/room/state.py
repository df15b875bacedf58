"""The live state of one room: participants and presence, chat, the timer, the phase, admission.

Plain classes, no I/O: the websocket handler (socket.py) feeds validated messages in and routes
the `Outgoing` messages that come back; the service client (service_client.py) saves what
`Effects` says changed. Keeping the rules here makes every one of them testable without servers.

Time is the server's wall clock (`time.time()`), so a timer saved by one room server process
reads the same when a restarted one loads it.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from . import protocol as p
from .protocol import ProtocolError, server_message

CHAT_HISTORY = 200  # messages sent to someone who joins
CHAT_KEPT = 2000  # messages kept in memory (all of them are in the interview service)


@dataclass
class Timer:
    """Server-authoritative countdown: `elapsed_s` so far, plus the time since `running_since`."""

    duration_s: float = 0.0
    elapsed_s: float = 0.0
    running_since: float | None = None  # server epoch seconds while running

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def elapsed(self, now: float) -> float:
        return self.elapsed_s + (max(0.0, now - self.running_since) if self.running_since else 0.0)

    def status(self, now: float) -> str:
        if self.running:
            return "running"
        return "paused" if self.elapsed_s > 0 else "idle"

    def set(self, duration_s: float) -> None:
        self.duration_s = duration_s

    def start(self, now: float) -> None:
        """(Re)start from zero."""
        if self.duration_s <= 0:
            raise ProtocolError("conflict", "set a duration first (timer.set)")
        self.elapsed_s, self.running_since = 0.0, now

    def pause(self, now: float) -> None:
        if not self.running:
            raise ProtocolError("conflict", "the timer is not running")
        self.elapsed_s, self.running_since = self.elapsed(now), None

    def resume(self, now: float) -> None:
        if self.running or self.elapsed_s <= 0:
            raise ProtocolError("conflict", "only a paused timer can be resumed")
        self.running_since = now

    def extend(self, seconds: float) -> None:
        if self.duration_s <= 0:
            raise ProtocolError("conflict", "set a duration first (timer.set)")
        self.duration_s += seconds

    def snapshot(self, now: float) -> dict[str, Any]:
        """What clients need: remaining = remaining_s - (server now - at) while running."""
        elapsed = self.elapsed(now)
        return {
            "status": self.status(now),
            "duration_s": self.duration_s,
            "elapsed_s": round(elapsed, 3),
            "remaining_s": round(self.duration_s - elapsed, 3),  # negative: overtime
            "at": round(now * 1000.0, 3),
        }

    def record(self) -> dict[str, Any]:
        return {
            "duration_s": self.duration_s,
            "elapsed_s": self.elapsed_s,
            "running_since": self.running_since,
        }

    @classmethod
    def from_record(cls, rec: dict[str, Any] | None) -> Timer:
        rec = rec or {}
        return cls(
            float(rec.get("duration_s") or 0.0),
            float(rec.get("elapsed_s") or 0.0),
            rec.get("running_since"),
        )


@dataclass
class Participant:
    username: str
    display_name: str
    role: str
    connections: int = 0
    active_file: str | None = None
    active_cell: str | None = None
    typing: bool = False
    hand_raised: bool = False
    last_seen: float = 0.0

    @property
    def online(self) -> bool:
        return self.connections > 0


@dataclass
class Outgoing:
    """A message and who gets it: `to` is "all", "staff", or a list of usernames."""

    message: dict[str, Any]
    to: str | list[str] = "all"


@dataclass
class Effects:
    """What handling a message did, beyond its outgoing messages."""

    out: list[Outgoing] = field(default_factory=list)
    persist_state: bool = False  # phase, timer or admission changed
    new_chat: list[dict[str, Any]] = field(default_factory=list)
    notes_get: bool = False
    notes_save: str | None = None
    ref: str | None = None  # the client's id of the message, for replies sent later
    ended: bool = False  # candidates are to be disconnected
    revoked: bool = False  # someone lost the right to work (deny): their kernel sockets close


class RoomState:
    """One room's live state. Loaded from the interview service at start (`load`)."""

    def __init__(self, initial_phase: str = "waiting"):
        self.phase = initial_phase
        self.timer = Timer()
        self.admitted: set[str] = set()
        self.denied: set[str] = set()
        self.chat: deque[dict[str, Any]] = deque(maxlen=CHAT_KEPT)
        self.next_chat_seq = 1
        self.participants: dict[str, Participant] = {}
        self.known_roles: dict[str, str] = {}
        self.loaded = False  # until then, candidates wait: the saved phase is not known yet

    # -- persistence -----------------------------------------------------------------------
    def record(self) -> dict[str, Any]:
        """The parts kept by the interview service (chat is saved message by message)."""
        return {
            "phase": self.phase,
            "timer": self.timer.record(),
            "admitted": sorted(self.admitted),
            "denied": sorted(self.denied),
        }

    def load(self, rec: dict[str, Any]) -> None:
        self.phase = rec.get("phase") if rec.get("phase") in p.PHASES else self.phase
        self.timer = Timer.from_record(rec.get("timer"))
        self.admitted = set(rec.get("admitted") or [])
        self.denied = set(rec.get("denied") or [])
        chat = sorted(rec.get("chat") or [], key=lambda m: m["seq"])
        self.chat.clear()
        self.chat.extend(chat)
        self.next_chat_seq = (chat[-1]["seq"] + 1) if chat else 1
        self.loaded = True

    # -- access -------------------------------------------------------------------------------
    def admission(self, username: str) -> str:
        """A candidate's standing: waiting, admitted, denied, or ended."""
        if self.phase == "ended":
            return "ended"
        if username in self.denied:
            return "denied"
        if self.loaded and (self.phase == "live" or username in self.admitted):
            return "admitted"
        return "waiting"

    def may_work(self, username: str, role: str | None) -> bool:
        """May this person use the notebook, files and kernels? (RoomAuthorizer asks.)"""
        if role != "candidate":
            return role is not None
        return self.admission(username) == "admitted"

    # -- connections --------------------------------------------------------------------------
    def check_room_for(self, username: str, role: str, limit: int, keep_candidate_place: bool = True) -> None:
        """Raise `room_full` unless `username` may join a call of at most `limit` people (0: no cap).

        Counts people, not sockets: someone already online (a second tab, or a reconnect whose old
        socket the server has not seen close yet) always gets in. While no candidate is online, the
        last place is kept for one, so staff and observers cannot lock the candidate out.
        """
        if limit <= 0:
            return
        online = [x for x in self.participants.values() if x.online]
        if any(x.username == username for x in online):
            return
        keep = keep_candidate_place and role != "candidate" and all(x.role != "candidate" for x in online)
        if len(online) + int(keep) >= limit:
            why = " (the last place is kept for the candidate)" if keep and len(online) < limit else ""
            raise ProtocolError(
                "room_full",
                f"The room is full: a call has at most {limit} people{why}. "
                "You will join as soon as someone leaves.",
            )

    def connect(self, username: str, display_name: str, role: str) -> Participant:
        part = self.participants.get(username)
        if part is None:
            part = self.participants[username] = Participant(username, display_name, role)
        part.role, part.display_name = role, display_name
        part.connections += 1
        part.last_seen = time.time()
        self.known_roles[username] = role
        return part

    def disconnect(self, username: str) -> Participant | None:
        part = self.participants.get(username)
        if part is not None:
            part.connections = max(0, part.connections - 1)
            part.last_seen = time.time()
            if not part.online:
                part.typing = False
        return part

    def public(self, part: Participant) -> dict[str, Any]:
        info = {
            "username": part.username,
            "display_name": part.display_name,
            "role": part.role,
            "online": part.online,
            "active_file": part.active_file,
            "active_cell": part.active_cell,
            "typing": part.typing,
            "hand_raised": part.hand_raised,
            "last_seen": round(part.last_seen * 1000.0, 3),
        }
        if part.role == "candidate":
            info["admission"] = self.admission(part.username)
        return info

    def presence_message(self, part: Participant) -> dict[str, Any]:
        return server_message("presence", participant=self.public(part))

    def welcome(self, part: Participant) -> dict[str, Any]:
        now = time.time()
        return server_message(
            "welcome",
            you=self.public(part),
            phase=self.phase,
            timer=self.timer.snapshot(now),
            participants=[self.public(x) for x in self.participants.values()],
            chat=list(self.chat)[-CHAT_HISTORY:],
        )

    def phase_message(self) -> dict[str, Any]:
        return server_message("phase", phase=self.phase)

    def timer_message(self) -> dict[str, Any]:
        return server_message("timer", timer=self.timer.snapshot(time.time()))

    # -- messages -----------------------------------------------------------------------------
    def handle(self, part: Participant, msg: p._Message) -> Effects:
        """Apply a validated message from `part`. Raises ProtocolError for refusals (no effect)."""
        kind = msg.type  # type: ignore[attr-defined]
        if part.role not in p.ALLOWED[kind]:
            raise ProtocolError("forbidden", f"a {part.role} may not send {kind}", msg.id, kind)
        try:
            return getattr(self, "_on_" + kind.replace(".", "_"))(part, msg)
        except ProtocolError as e:
            e.ref, e.msg_type = msg.id, kind
            raise

    def _on_ping(self, part, msg: p.Ping) -> Effects:
        return Effects([Outgoing(server_message("pong", t0=msg.t0, ref=msg.id), [part.username])])

    def _on_presence_update(self, part, msg: p.PresenceUpdate) -> Effects:
        for name in ("active_file", "active_cell", "typing"):
            if name in msg.model_fields_set:
                setattr(part, name, getattr(msg, name) if name != "typing" else bool(msg.typing))
        return Effects([Outgoing(self.presence_message(part))])

    def _on_chat_send(self, part, msg: p.ChatSend) -> Effects:
        entry = {
            "seq": self.next_chat_seq,
            "from": part.username,
            "name": part.display_name,
            "role": part.role,
            "text": msg.text,
            "ts": round(p.now_ms(), 3),
        }
        self.next_chat_seq += 1
        self.chat.append(entry)
        out = server_message("chat.message", message=entry, ref=msg.id)
        return Effects([Outgoing(out)], new_chat=[entry])

    def _on_chat_typing(self, part, msg: p.ChatTyping) -> Effects:
        return Effects(
            [Outgoing(server_message("chat.typing", **{"from": part.username, "typing": msg.typing}))]
        )

    def _relay(self, part, msg, **fields) -> Effects:
        target = self.participants.get(msg.to)
        if target is None or not target.online or target.username == part.username:
            raise ProtocolError("not_found", f"{msg.to} is not online in this room")
        body = server_message(msg.type, **{"from": part.username}, **fields)
        return Effects([Outgoing(body, [target.username])])

    def _on_rtc_offer(self, part, msg: p.RtcOffer) -> Effects:
        return self._relay(part, msg, sdp=msg.sdp)

    def _on_rtc_answer(self, part, msg: p.RtcAnswer) -> Effects:
        return self._relay(part, msg, sdp=msg.sdp)

    def _on_rtc_ice(self, part, msg: p.RtcIce) -> Effects:
        return self._relay(part, msg, candidate=msg.candidate)

    def _timer_changed(self) -> Effects:
        return Effects([Outgoing(self.timer_message())], persist_state=True)

    def _on_timer_set(self, part, msg: p.TimerSet) -> Effects:
        self.timer.set(msg.duration_s)
        return self._timer_changed()

    def _on_timer_start(self, part, msg) -> Effects:
        self.timer.start(time.time())
        return self._timer_changed()

    def _on_timer_pause(self, part, msg) -> Effects:
        self.timer.pause(time.time())
        return self._timer_changed()

    def _on_timer_resume(self, part, msg) -> Effects:
        self.timer.resume(time.time())
        return self._timer_changed()

    def _on_timer_extend(self, part, msg: p.TimerExtend) -> Effects:
        self.timer.extend(msg.seconds)
        return self._timer_changed()

    def _candidates_presence(self) -> list[Outgoing]:
        return [
            Outgoing(self.presence_message(x)) for x in self.participants.values() if x.role == "candidate"
        ]

    def _on_phase_set(self, part, msg: p.PhaseSet) -> Effects:
        order = {name: i for i, name in enumerate(p.PHASES)}
        if order[msg.phase] <= order[self.phase]:
            raise ProtocolError("conflict", f"the interview is already {self.phase}")
        self.phase = msg.phase
        fx = Effects([Outgoing(self.phase_message())], persist_state=True)
        if msg.phase == "ended":
            if self.timer.running:
                self.timer.pause(time.time())
                fx.out.append(Outgoing(self.timer_message()))
            fx.out.append(Outgoing(server_message("ended", by=part.username)))
            fx.ended = True
        fx.out.extend(self._candidates_presence())
        return fx

    def _admission_target(self, msg) -> str:
        if self.phase == "ended":
            raise ProtocolError("conflict", "the interview has ended")
        if self.known_roles.get(msg.username) != "candidate":
            raise ProtocolError("not_found", f"{msg.username} is not a candidate in this room")
        return msg.username

    def _on_admit(self, part, msg: p.Admit) -> Effects:
        name = self._admission_target(msg)
        self.admitted.add(name)
        self.denied.discard(name)
        return self._admission_changed(name, part)

    def _on_deny(self, part, msg: p.Deny) -> Effects:
        name = self._admission_target(msg)
        self.denied.add(name)
        self.admitted.discard(name)
        fx = self._admission_changed(name, part)
        fx.revoked = True
        return fx

    def _admission_changed(self, name: str, by: Participant) -> Effects:
        status = self.admission(name)
        out = [Outgoing(server_message("admission", status=status, by=by.username), [name])]
        if name in self.participants:
            out.append(Outgoing(self.presence_message(self.participants[name])))
        return Effects(out, persist_state=True)

    def _on_reaction(self, part, msg: p.Reaction) -> Effects:
        return Effects([Outgoing(server_message("reaction", **{"from": part.username, "emoji": msg.emoji}))])

    def _on_hand(self, part, msg: p.RaiseHand) -> Effects:
        part.hand_raised = msg.raised
        return Effects([Outgoing(self.presence_message(part))])

    def _on_notes_get(self, part, msg) -> Effects:
        return Effects(notes_get=True, ref=msg.id)

    def _on_notes_save(self, part, msg: p.NotesSave) -> Effects:
        return Effects(notes_save=msg.markdown, ref=msg.id)
