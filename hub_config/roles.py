"""Hub groups, custom scopes and roles: who may do what, in JupyterHub's own RBAC terms.

People reach a room through JupyterHub *shares* of the room server, each carrying the
custom scope of their role in that room (`custom:interviewhub:<role>!server=room-N/`).
"""

from __future__ import annotations

SERVICE_NAME = "interviews"
GROUPS = ("admin", "interviewer", "candidate")
INTERVIEWER_SCOPE = "custom:interviewhub:interviewer"
CANDIDATE_SCOPE = "custom:interviewhub:candidate"
OBSERVER_SCOPE = "custom:interviewhub:observer"

ROOM_PREFIX = "room-"
CANDIDATE_PREFIX = "candidate-"


def custom_scopes() -> dict[str, dict[str, str]]:
    return {
        INTERVIEWER_SCOPE: {"description": "Interviewer in an interview room: edit, run, private notes."},
        CANDIDATE_SCOPE: {"description": "Candidate in an interview room: edit and run shared files."},
        OBSERVER_SCOPE: {"description": "Observer in an interview room: see and hear, never edit or run."},
    }


def load_roles() -> list[dict]:
    return [
        {
            # Everyone: identify themselves and use the interview service, but never
            # start a server of their own (rooms belong to the neutral room-N users).
            "name": "user",
            "scopes": [
                "read:users:name!user",
                "read:users:groups!user",
                "users:activity!user",
                "tokens!user",  # API tokens for scripts, with the owner's own permissions
                # a room server reads its own shares to learn who has which role in it
                "read:shares!user",
                f"access:services!service={SERVICE_NAME}",
            ],
        },
        {
            "name": "interviewhub-service",
            "description": "The interview service: makes room and candidate users, starts and shares rooms.",
            "services": [SERVICE_NAME],
            "scopes": [
                "admin:users",
                "admin:servers",
                "access:servers",
                "read:users",
                "groups",
                "shares",
                "read:users:name",
                "read:groups:name",
                INTERVIEWER_SCOPE,
                CANDIDATE_SCOPE,
                OBSERVER_SCOPE,
            ],
        },
    ]


def room_server_token_scopes(room_user: str, server_name: str = "") -> list[str]:
    """Scopes of a room server's own $JUPYTERHUB_API_TOKEN."""
    return [
        f"access:servers!server={room_user}/{server_name}",
        f"users:activity!user={room_user}",
        f"read:shares!user={room_user}",
        # phase, timer, chat and notes are kept by the interview service (for its own interview only)
        f"access:services!service={SERVICE_NAME}",
    ]


def is_room_client(client_id: str) -> bool:
    return client_id.startswith(f"jupyterhub-user-{ROOM_PREFIX}")


class NoConfirmClients(set):
    """OAuth clients that skip JupyterHub's "authorize access" page.

    JupyterHub asks for confirmation when someone opens a server they do not own; every
    room is shared by design, so the page would only stand between a candidate and the room.
    """

    def __contains__(self, client_id: object) -> bool:
        return super().__contains__(client_id) or (isinstance(client_id, str) and is_room_client(client_id))
