"""DockerRoomSpawner's own decisions, without an engine: who gets a container, with what."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

pytest.importorskip("dockerspawner")

from interviewhub.hub.docker_spawner import DockerRoomSpawner, configure, seccomp_profile  # noqa: E402
from interviewhub.hub.roles import room_server_token_scopes  # noqa: E402
from traitlets.config import Config  # noqa: E402


class FakeUser:
    """What a spawner reads of its hub user."""

    def __init__(self, name: str):
        self.name = name
        self.escaped_name = name
        self.url = f"/user/{name}/"
        self.id = 1
        self.settings = {}
        self.orm_user = None


HUB = SimpleNamespace(
    url="http://hub:8001/hub/", base_url="/hub/", api_url="http://hub:8001/hub/api", public_host=""
)


def spawner(name: str = "room-7", **config) -> DockerRoomSpawner:
    cfg = Config()
    for key, value in config.items():
        cfg.DockerRoomSpawner[key] = value
    return DockerRoomSpawner(user=FakeUser(name), config=cfg, hub=HUB)


@pytest.mark.parametrize("name", ["alice", "room-", "room-7x", "room--1", "rooms-1", "candidate-3"])
async def test_only_room_users_get_a_container(name):
    with pytest.raises(ValueError, match="only room-N users"):
        await spawner(name).start()  # refused before any call to Docker


def test_room_server_token_has_the_room_scopes_only():
    assert spawner("room-7").server_token_scopes == room_server_token_scopes("room-7", "")


def test_limits_and_confinement_defaults():
    s = spawner(mem_limit="1G", cpu_limit=0.5, pids_limit=64)
    host = s.extra_host_config
    assert host["pids_limit"] == 64 and host["memswap_limit"] == 2**30
    assert host["cap_drop"] == ["ALL"] and "no-new-privileges" in host["security_opt"]
    assert s.network_name == "interviewhub-rooms" and s.use_internal_ip
    assert s.extra_create_kwargs["user"] == "61000:61000"
    assert s.pull_policy == "never" and s.remove


def test_seccomp_profile_lets_bubblewrap_work_and_refuses_the_rest():
    [option] = [o for o in spawner().extra_host_config["security_opt"] if o.startswith("seccomp=")]
    profile = json.loads(option.removeprefix("seccomp="))
    refused = profile["syscalls"][0]["names"]
    assert profile["defaultAction"] == "SCMP_ACT_ALLOW"
    for needed in ("unshare", "clone", "clone3", "mount", "pivot_root", "umount2"):
        assert needed not in refused
    for dangerous in ("bpf", "keyctl", "ptrace", "kexec_load", "init_module", "userfaultfd"):
        assert dangerous in refused
    assert json.loads(seccomp_profile()) == profile


def test_without_kernel_sandbox_docker_defaults_stay():
    s = spawner(kernel_sandbox=False)
    assert not any(o.startswith("seccomp=") for o in s.extra_host_config["security_opt"])
    assert "host_config" not in s.extra_create_kwargs


def test_room_server_reads_config_from_the_image_not_the_room():
    s = spawner("room-7")
    s.user_options = {"interview": {"id": 7, "title": "Graphs"}}
    env = s.get_env()
    assert (
        env["JUPYTER_CONFIG_DIR"] == env["JUPYTER_CONFIG_PATH"] == "/opt/interviewhub/extensions/room/config"
    )
    assert env["JUPYTER_PATH"] == "/opt/interviewhub/kernels/specs"
    assert json.loads(env["INTERVIEWHUB_ROOM_INFO"]) == {"id": 7, "title": "Graphs"}
    assert env["INTERVIEWHUB_CGROUPS"] == "{}"
    args = s.get_args()
    assert "--HubOAuth.cache_max_age=5" in args
    assert "--SQLiteYStore.db_path=/home/room/state/ystore.db" in args


def test_configure_sets_the_hub_up_for_containers():
    c = Config()
    settings = SimpleNamespace(
        port=8000, hub_port=8001, auth_cache_seconds=3, room_memory_limit="2G", room_cpu_limit=1.5
    )
    configure(c, settings)
    assert c.JupyterHub.spawner_class is DockerRoomSpawner
    assert c.JupyterHub.hub_bind_url == "http://0.0.0.0:8001"
    assert c.JupyterHub.hub_connect_url == "http://hub:8001"
    assert c.DockerRoomSpawner.cpu_limit == 1.5 and c.DockerRoomSpawner.auth_cache_seconds == 3
    assert c.Spawner.environment["INTERVIEWHUB_SERVICE_URL"] == "http://hub:8000/services/interviews/"


def test_containers_and_volumes_are_named_after_the_room():
    s = spawner("room-12")
    assert s.object_name == "interviewhub-room-12"
    assert s._render_templates(s.volumes) == {"interviewhub-room-12": "/home/room"}
