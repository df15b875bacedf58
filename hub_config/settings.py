"""Deployment settings shared by the hub config, the interview service and the CLI.

Every knob is a traitlet whose default comes from an ``INTERVIEWHUB_*`` environment
variable, so `make run`, docker-compose and tests configure the same way, and a
config file can still set ``c.InterviewHubSettings.<name>``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url
from traitlets import Bool, Float, Integer, Unicode, default
from traitlets.config import Configurable


def _env(name: str, fallback: str = "") -> str:
    return os.environ.get(f"INTERVIEWHUB_{name}", fallback)


def hub_db_url_for(db_url: str, data_dir: str) -> str:
    """The hub's database next to the interview database: same server, name + "_hub"."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" or not url.database:
        return f"sqlite:///{data_dir}/jupyterhub.sqlite"
    return url.set(database=f"{url.database}_hub").render_as_string(hide_password=False)


class InterviewHubSettings(Configurable):
    """Where InterviewHub listens, keeps its data, and how it signs people in."""

    ip = Unicode(help="Address the public proxy binds to (INTERVIEWHUB_IP).").tag(config=True)
    port = Integer(help="Public port (INTERVIEWHUB_PORT).").tag(config=True)
    public_url = Unicode(
        help="Base URL people use, for invite links (INTERVIEWHUB_PUBLIC_URL). Default: http://<ip>:<port>"
    ).tag(config=True)
    data_dir = Unicode(help="Folder for databases, secrets and rooms (INTERVIEWHUB_DATA_DIR).").tag(
        config=True
    )
    hub_db_url = Unicode(
        help="JupyterHub's database URL (INTERVIEWHUB_HUB_DB_URL). Default: with SQLite, "
        "<data>/jupyterhub.sqlite; otherwise the interview database's server, its name + '_hub' "
        "(a database of its own: both keep an alembic_version table)."
    ).tag(config=True)
    db_url = Unicode(help="The interview service's database URL (INTERVIEWHUB_DB_URL).").tag(config=True)
    proxy_internal_url = Unicode(
        help="Where the interview service reaches the proxy, hence room servers, from where it runs "
        "(INTERVIEWHUB_PROXY_INTERNAL_URL). Default: http://<ip>:<port>, 127.0.0.1 for a wildcard ip."
    ).tag(config=True)
    admin_user = Unicode(help="First admin's name (INTERVIEWHUB_ADMIN_USER).").tag(config=True)
    admin_password = Unicode(
        help="First admin's password (INTERVIEWHUB_ADMIN_PASSWORD); generated and printed once if empty."
    ).tag(config=True)
    auth = Unicode(help="Staff sign-in: local, oidc, github or google (INTERVIEWHUB_AUTH).").tag(config=True)
    invite_grace_hours = Float(
        help="Invite links stay valid this long after the scheduled end (INTERVIEWHUB_INVITE_GRACE_HOURS)."
    ).tag(config=True)
    default_duration_minutes = Integer(
        help="Interview length when none is given (INTERVIEWHUB_DEFAULT_DURATION_MINUTES)."
    ).tag(config=True)
    service_port = Integer(help="Loopback port of the interview service (INTERVIEWHUB_SERVICE_PORT).").tag(
        config=True
    )
    hub_port = Integer(help="Loopback port of the hub behind the proxy (INTERVIEWHUB_HUB_PORT).").tag(
        config=True
    )
    room_uid_base = Integer(help="Room N runs as uid room_uid_base + N (INTERVIEWHUB_ROOM_UID_BASE).").tag(
        config=True
    )
    auth_cache_seconds = Integer(
        help="How long a room server trusts a checked token; bounds share revocation delay "
        "(INTERVIEWHUB_AUTH_CACHE_SECONDS)."
    ).tag(config=True)
    room_disk_mb = Integer(
        help="Disk quota of each room's workspace in MiB, 0 for none (INTERVIEWHUB_ROOM_DISK_MB)."
    ).tag(config=True)
    spawner = Unicode(
        help="Where rooms run: local (processes on this machine), docker or kubernetes "
        "(INTERVIEWHUB_SPAWNER)."
    ).tag(config=True)
    room_memory_limit = Unicode(
        help="Memory of one room container or pod, server and kernels together, e.g. 2G "
        "(INTERVIEWHUB_ROOM_MEMORY_LIMIT)."
    ).tag(config=True)
    room_cpu_limit = Float(help="CPU cores of one room container or pod (INTERVIEWHUB_ROOM_CPU_LIMIT).").tag(
        config=True
    )
    debug = Bool(help="Verbose logs (INTERVIEWHUB_DEBUG=1).").tag(config=True)
    waiting_room = Bool(
        help="Candidates wait until an interviewer admits them or starts the interview; an interview "
        "can say otherwise when it is created (INTERVIEWHUB_WAITING_ROOM, default 1)."
    ).tag(config=True)

    @default("ip")
    def _ip(self) -> str:
        return _env("IP", "127.0.0.1")

    @default("port")
    def _port(self) -> int:
        return int(_env("PORT", "8000"))

    @default("public_url")
    def _public_url(self) -> str:
        return _env("PUBLIC_URL", f"http://{self.ip}:{self.port}").rstrip("/")

    @default("data_dir")
    def _data_dir(self) -> str:
        return str(Path(_env("DATA_DIR", "data")).resolve())

    @default("hub_db_url")
    def _hub_db_url(self) -> str:
        return _env("HUB_DB_URL") or hub_db_url_for(self.db_url, self.data_dir)

    @default("db_url")
    def _db_url(self) -> str:
        return _env("DB_URL", f"sqlite:///{self.data_dir}/interviews.sqlite")

    @default("proxy_internal_url")
    def _proxy_internal_url(self) -> str:
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0", "::", "*") else self.ip
        host = f"[{host}]" if ":" in host else host
        return _env("PROXY_INTERNAL_URL", f"http://{host}:{self.port}").rstrip("/")

    @default("admin_user")
    def _admin_user(self) -> str:
        return _env("ADMIN_USER", "admin")

    @default("admin_password")
    def _admin_password(self) -> str:
        return _env("ADMIN_PASSWORD")

    @default("auth")
    def _auth(self) -> str:
        return _env("AUTH", "local")

    @default("invite_grace_hours")
    def _grace(self) -> float:
        return float(_env("INVITE_GRACE_HOURS", "2"))

    @default("default_duration_minutes")
    def _duration(self) -> int:
        return int(_env("DEFAULT_DURATION_MINUTES", "60"))

    @default("service_port")
    def _service_port(self) -> int:
        return int(_env("SERVICE_PORT", str(self.port + 2)))

    @default("hub_port")
    def _hub_port(self) -> int:
        return int(_env("HUB_PORT", str(self.port + 1)))

    @default("room_uid_base")
    def _uid_base(self) -> int:
        return int(_env("ROOM_UID_BASE", "60000"))

    @default("room_disk_mb")
    def _room_disk_mb(self) -> int:
        return int(_env("ROOM_DISK_MB", "1024"))

    @default("auth_cache_seconds")
    def _cache(self) -> int:
        return int(_env("AUTH_CACHE_SECONDS", "5"))

    @default("spawner")
    def _spawner(self) -> str:
        return _env("SPAWNER", "local")

    @default("room_memory_limit")
    def _room_memory_limit(self) -> str:
        return _env("ROOM_MEMORY_LIMIT", "2G")

    @default("room_cpu_limit")
    def _room_cpu_limit(self) -> float:
        return float(_env("ROOM_CPU_LIMIT", "1"))

    @default("debug")
    def _debug(self) -> bool:
        return _env("DEBUG", "0") not in ("", "0", "false")

    @default("waiting_room")
    def _waiting_room(self) -> bool:
        return _env("WAITING_ROOM", "1") not in ("", "0", "false")

    # -- derived paths ---------------------------------------------------------------
    @property
    def rooms_dir(self) -> Path:
        return Path(self.data_dir) / "rooms"

    def secret_file(self, name: str) -> Path:
        return Path(self.data_dir) / "secrets" / name

    def ensure_data_dir(self) -> None:
        """Create the data folder: traversable by room uids, secrets and databases private."""
        os.umask(0o077)  # everything the hub and service write is theirs alone
        data = Path(self.data_dir)
        data.mkdir(parents=True, exist_ok=True)
        data.chmod(0o711)
        for path in data.iterdir():  # files from before, e.g. written under another umask
            if path.is_file():
                path.chmod(0o600)
        (data / "secrets").mkdir(mode=0o700, exist_ok=True)
        self.rooms_dir.mkdir(exist_ok=True)
        self.rooms_dir.chmod(0o711)

    def shared_secret(self, name: str, nbytes: int = 32) -> str:
        """A random secret kept in data/secrets/<name>, made on first use (mode 0600)."""
        path = self.secret_file(name)
        if not path.exists():
            self.ensure_data_dir()
            tmp = path.with_name(f".{name}.{os.getpid()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(nbytes))
            try:  # whoever links first wins; a process starting at the same time reads theirs
                os.link(tmp, path)
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        return path.read_text().strip()
