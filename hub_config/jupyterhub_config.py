# InterviewHub's JupyterHub configuration. Read top to bottom; every knob is an
# INTERVIEWHUB_* environment variable (see docs/configuration.md) or a traitlet below.
import os
import sys
from pathlib import Path

from interviewhub.hub import db
from interviewhub.hub.accounts import AccountStore
from interviewhub.hub.auth import AUTHENTICATORS, oidc_discovery
from interviewhub.hub.roles import (
    SERVICE_NAME,
    NoConfirmClients,
    custom_scopes,
    load_roles,
)
from interviewhub.hub.settings import InterviewHubSettings

c = get_config()  # noqa: F821


def env(name: str, fallback: str = "") -> str:
    return os.environ.get(f"INTERVIEWHUB_{name}", fallback)


def env_list(name: str, fallback: str = "") -> list[str]:
    return [item.strip() for item in env(name, fallback).split(",") if item.strip()]


settings = InterviewHubSettings(config=c)
settings.ensure_data_dir()
data = Path(settings.data_dir)
venv_bin = Path(sys.executable).parent

# -- where the hub listens and keeps its state ---------------------------------------
c.JupyterHub.bind_url = f"http://{settings.ip}:{settings.port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings.hub_port}"
c.JupyterHub.db_url = settings.hub_db_url
c.JupyterHub.cookie_secret_file = str(settings.secret_file("jupyterhub_cookie_secret"))
c.JupyterHub.pid_file = str(data / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(data / "proxy.pid")
c.ConfigurableHTTPProxy.auth_token = settings.shared_secret("proxy_token")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.port + 3}"
c.JupyterHub.cleanup_servers = True  # stopping the platform stops its rooms
c.JupyterHub.log_level = "DEBUG" if settings.debug else "INFO"
c.JupyterHub.default_url = f"/services/{SERVICE_NAME}/"

# -- the interview database: migrate, then (password sign-in) make sure there is an admin
db.upgrade(settings.db_url)
# the hub's own database is another one (both keep Alembic's alembic_version): made if missing,
# except on Kubernetes, where the chart owns the hub's database (hub.db)
if settings.hub_db_url == settings.db_url:
    raise ValueError("INTERVIEWHUB_HUB_DB_URL and INTERVIEWHUB_DB_URL must name two different databases")
if settings.spawner != "kubernetes":
    db.ensure_database(settings.hub_db_url)
if settings.auth == "local":
    generated = AccountStore(db.sessions(settings.db_url)).ensure_admin(
        settings.admin_user, settings.admin_password
    )
    if generated:
        print(
            f"\n  InterviewHub admin account created: user {settings.admin_user!r}, "
            f"password {generated!r}\n  (shown once; change it with "
            f"`interviewhub user password {settings.admin_user}`)\n",
            flush=True,
        )

# -- sign-in ------------------------------------------------------------------------
c.JupyterHub.authenticator_class = AUTHENTICATORS[settings.auth]
if settings.auth == "local":
    c.Authenticator.admin_users = {settings.admin_user}  # with OAuth, admins come from its groups
if settings.auth != "local":
    # staff sign in with an OAuth/OIDC provider; roles come from its groups (see docs)
    oauth = c[AUTHENTICATORS[settings.auth].__name__]
    oauth.client_id = env("OAUTH_CLIENT_ID")
    oauth.client_secret = env("OAUTH_CLIENT_SECRET")
    oauth.oauth_callback_url = f"{settings.public_url}/hub/oauth_callback"
    oauth.admin_provider_groups = env_list("OAUTH_ADMIN_GROUPS")
    oauth.interviewer_provider_groups = env_list("OAUTH_INTERVIEWER_GROUPS")
    oauth.admin_usernames = env_list("OAUTH_ADMIN_USERS")
    oauth.interviewer_usernames = env_list("OAUTH_INTERVIEWER_USERS")
    if settings.auth == "oidc":
        # endpoints from the issuer's discovery document, unless given one by one
        found = oidc_discovery(env("OIDC_ISSUER"))
        oauth.authorize_url = env("OIDC_AUTHORIZE_URL", found.get("authorization_endpoint", ""))
        oauth.token_url = env("OIDC_TOKEN_URL", found.get("token_endpoint", ""))
        oauth.userdata_url = env("OIDC_USERDATA_URL", found.get("userinfo_endpoint", ""))
        oauth.scope = env_list("OIDC_SCOPES", "openid,profile,email,groups")
        oauth.username_claim = env("OIDC_USERNAME_CLAIM", "preferred_username")
        oauth.auth_state_groups_key = f"oauth_user.{env('OIDC_GROUPS_CLAIM', 'groups')}"
        oauth.login_service = env("OIDC_LOGIN_SERVICE", "your organisation")
c.Authenticator.any_allow_config = True  # our authenticators decide who may sign in
# groups (admin, interviewer, candidate) are set by the authenticator at each sign-in

# -- roles: groups, custom scopes, and what the interview service may do --------------
c.JupyterHub.custom_scopes = custom_scopes()
c.JupyterHub.load_roles = load_roles()
c.JupyterHub.tornado_settings = {"oauth_no_confirm_list": NoConfirmClients({f"service-{SERVICE_NAME}"})}

# -- the interview service (dashboard + REST API), managed by the hub -----------------
c.JupyterHub.services = [
    {
        "name": SERVICE_NAME,
        "url": f"http://127.0.0.1:{settings.service_port}",
        "command": [sys.executable, "-m", "interviewhub.hub.service"],
        # the hub passes services only what it is told to: hand over the resolved settings
        "environment": {
            **{k: v for k, v in os.environ.items() if k.startswith("INTERVIEWHUB_")},
            "INTERVIEWHUB_DATA_DIR": settings.data_dir,
            "INTERVIEWHUB_DB_URL": settings.db_url,
            "INTERVIEWHUB_PUBLIC_URL": settings.public_url,
            # the final snapshot reads the room's files through the proxy (service/rooms/files.py)
            "INTERVIEWHUB_PROXY_INTERNAL_URL": settings.proxy_internal_url,
        },
        "oauth_no_confirm": True,
        "display": True,
    }
]
# abandoned rooms are stopped (jupyterhub-idle-culler; INTERVIEWHUB_CULL_IDLE_SECONDS, 0 = never)
from interviewhub.hub.culler import activity_interval  # noqa: E402
from interviewhub.hub.culler import configure as configure_culler  # noqa: E402

configure_culler(c)

# -- rooms: one local server per interview, each under its own uid --------------------
c.JupyterHub.spawner_class = "interviewhub.hub.spawner.RoomSpawner"
c.RoomSpawner.rooms_dir = str(settings.rooms_dir)
c.RoomSpawner.room_uid_base = settings.room_uid_base
c.RoomSpawner.disk_mb = settings.room_disk_mb
c.RoomSpawner.auth_cache_seconds = settings.auth_cache_seconds
c.Spawner.default_url = "/lab/tree/interview.ipynb"
# where room servers keep phase, timer, chat and notes (extensions/room/service_client.py)
c.Spawner.environment = {
    "INTERVIEWHUB_SERVICE_URL": f"http://127.0.0.1:{settings.service_port}/services/{SERVICE_NAME}/",
    # how often a room tells the hub it is in use: often enough for the idle culler's timeout
    "JUPYTERHUB_ACTIVITY_INTERVAL": str(activity_interval()),
    # STUN/TURN for the rooms' WebRTC calls (extensions/room/ice.py, docs/operators-guide.md)
    **{
        f"INTERVIEWHUB_{k}": os.environ[f"INTERVIEWHUB_{k}"]
        for k in (
            "STUN_URLS",
            "TURN_URLS",
            "TURN_SECRET",
            "TURN_USERNAME",
            "TURN_PASSWORD",
            "TURN_TTL",
            "ICE_POLICY",
            "ROOM_MAX_PARTICIPANTS",  # people in one room's call (extensions/room/live.py)
            "TAPE",  # 0: rooms record no replay tape (extensions/room/tape.py)
        )
        if os.environ.get(f"INTERVIEWHUB_{k}")
    },
}
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 90
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL"]
c.JupyterHub.allow_named_servers = False
if settings.spawner == "docker":  # rooms as containers instead (docs/operators-guide.md, "Docker")
    from interviewhub.hub.docker_spawner import configure as configure_docker

    configure_docker(c, settings)
elif settings.spawner == "kubernetes":  # one pod per room (Zero to JupyterHub: deploy/kubernetes/)
    c.JupyterHub.spawner_class = "interviewhub.hub.kube_spawner.KubeRoomSpawner"
    c.KubeRoomSpawner.auth_cache_seconds = settings.auth_cache_seconds
    c.KubeRoomSpawner.mem_limit = settings.room_memory_limit
    c.KubeRoomSpawner.cpu_limit = settings.room_cpu_limit
    c.KubeRoomSpawner.env_keep = []  # the image sets PATH and the locale, not the hub
elif settings.spawner != "local":
    raise ValueError(f"INTERVIEWHUB_SPAWNER={settings.spawner!r}: expected local, docker or kubernetes")

# configurable-http-proxy from the project's node_modules (installed by `make`)
chp = Path(__file__).resolve().parent.parent / "node_modules" / ".bin" / "configurable-http-proxy"
if chp.exists():
    c.ConfigurableHTTPProxy.command = [str(chp)]

# -- the operator's own additions, loaded last so they win ---------------------------
if env("CONFIG_FILE"):
    load_subconfig(env("CONFIG_FILE"))  # noqa: F821
