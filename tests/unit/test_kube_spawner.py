"""Rooms on Kubernetes: the Helm values, the hub config on top of the chart's, and room pods.

There is no cluster and no `helm` here. What is checked instead:
- deploy/kubernetes/values.yaml, merged over the chart's own defaults the way Helm merges them,
  against the chart's values schema (both vendored from Zero to JupyterHub 4.4.0);
- the rooms' NetworkPolicy egress, rendered from the values by the chart template's rules
  (templates/singleuser/netpol.yaml and _helpers-netpol.tpl, ported below);
- the hub config: the values' `hub.extraConfig` run on a config as the chart's
  jupyterhub_config.py leaves it, loading our real jupyterhub_config.py;
- the pod KubeSpawner would create for a room (`get_pod_manifest`, no API call), from that config.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest.mock import Mock

import jsonschema
import pytest
import yaml
from interviewhub.hub.kube_spawner import PREPARE_HOME, KubeRoomSpawner, load_on_z2jh
from interviewhub.hub.roles import room_server_token_scopes
from jupyterhub.objects import Hub, Server
from kubernetes_asyncio.client import ApiClient
from kubernetes_asyncio.config import kube_config
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes"
CHART = DEPLOY / "z2jh-4.4.0"
HUB_IP = "10.96.12.34"  # what Kubernetes puts into the hub pod as $HUB_SERVICE_HOST
DNS_PORTS = [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]

KUBECONFIG = """
apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:9"}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
current-context: none
users: [{name: none, user: {token: not-a-cluster}}]
"""


def helm_merge(defaults: dict, values: dict) -> dict:
    """Helm's merge of a values file over the chart's: maps merge, null removes, the rest replaces."""
    out = copy.deepcopy(defaults)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = helm_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


@pytest.fixture(scope="module")
def values() -> dict:
    return helm_merge(load_yaml(CHART / "values.yaml"), load_yaml(DEPLOY / "values.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict:
    return load_yaml(CHART / "values.schema.yaml")


def schema_errors(schema: dict, values: dict) -> list[str]:
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft7Validator(schema).iter_errors(values)
    ]


# -- the values file ------------------------------------------------------------------------
def test_values_are_valid_for_the_chart(values, schema):
    assert schema_errors(schema, values) == []


@pytest.mark.parametrize(
    "mistake",
    [
        {"singleuser": {"networkPolicy": {"egresAllowRules": {"nonPrivateIPs": False}}}},  # typo
        {"singleuser": {"networkPolicy": {"egressAllowRules": {"nonPrivateIPs": "no"}}}},  # not a bool
        {"singleuser": {"storage": {"type": "pvc"}}},  # no such storage type
        {"hub": {"extraConfig": ["load_on_z2jh(c, load_subconfig)"]}},  # a list, not a map
    ],
)
def test_schema_catches_mistakes_in_values(values, schema, mistake):
    assert schema_errors(schema, helm_merge(values, mistake))


# -- the rooms' NetworkPolicy -----------------------------------------------------------------
def egress_allow_rules(netpol: dict, metadata_ip: str) -> list[dict]:
    """jupyterhub.networkPolicy.renderEgressRules (_helpers-netpol.tpl), rule by rule."""
    allow, private = netpol["egressAllowRules"], ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
    rules = []
    dns_to = []
    if allow["dnsPortsCloudMetadataServer"]:
        dns_to.append({"ipBlock": {"cidr": f"{metadata_ip}/32"}})
    if allow["dnsPortsKubeSystemNamespace"]:
        dns_to.append({"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}})
    if allow["dnsPortsPrivateIPs"]:
        dns_to += [{"ipBlock": {"cidr": cidr}} for cidr in private]
    if dns_to:
        rules.append({"ports": DNS_PORTS, "to": dns_to})
    if allow["nonPrivateIPs"]:
        except_ = [*private, f"{metadata_ip}/32"]
        rules.append({"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": except_}}]})
    if allow["privateIPs"]:
        rules.append({"to": [{"ipBlock": {"cidr": cidr}} for cidr in private]})
    if allow["cloudMetadataServer"]:
        rules.append({"to": [{"ipBlock": {"cidr": f"{metadata_ip}/32"}}]})
    return rules + list(netpol.get("egress") or [])


def singleuser_egress(values: dict) -> list[dict]:
    """The egress list of templates/singleuser/netpol.yaml, with pods named by component."""
    netpol = values["singleuser"]["networkPolicy"]
    if not netpol["enabled"]:
        return [{"to": "anywhere: no NetworkPolicy"}]
    fixed = [
        {"to": [{"component": "hub"}], "ports": [{"port": 8081}]},
        {"to": [{"component": "proxy"}], "ports": [{"port": 8000}]},
        {"to": [{"component": "autohttps"}], "ports": [{"port": 8080}, {"port": 8443}]},
    ]
    return fixed + egress_allow_rules(netpol, values["singleuser"]["cloudMetadata"]["ip"])


def test_rooms_reach_only_the_hub_and_proxy(values):
    egress = singleuser_egress(values)
    assert egress == [
        {"to": [{"component": "hub"}], "ports": [{"port": 8081}]},
        {"to": [{"component": "proxy"}], "ports": [{"port": 8000}]},
        {"to": [{"component": "autohttps"}], "ports": [{"port": 8080}, {"port": 8443}]},
    ]
    assert not any(rule.get("ports") == DNS_PORTS for rule in egress)
    # ingress: only the chart's rule (pods labelled network-access-singleuser, i.e. the proxy)
    netpol = values["singleuser"]["networkPolicy"]
    assert netpol["ingress"] == [] and netpol["allowedIngressPorts"] == []
    assert netpol["interNamespaceAccessLabels"] == "ignore"


@pytest.mark.parametrize(
    "rule, opened",
    [
        ("nonPrivateIPs", "0.0.0.0/0"),
        ("privateIPs", "10.0.0.0/8"),
        ("cloudMetadataServer", "169.254.169.254/32"),
        ("dnsPortsKubeSystemNamespace", "kube-system"),
    ],
)
def test_each_chart_default_we_turned_off_would_open_egress(values, rule, opened):
    """The chart opens these by default; our values close them (and the renderer sees it)."""
    loosened = helm_merge(values, {"singleuser": {"networkPolicy": {"egressAllowRules": {rule: True}}}})
    assert opened in str(singleuser_egress(loosened))
    assert opened not in str(singleuser_egress(values))


def test_without_network_policy_rooms_would_reach_anything(values):
    off = helm_merge(values, {"singleuser": {"networkPolicy": {"enabled": False}}})
    assert singleuser_egress(off) == [{"to": "anywhere: no NetworkPolicy"}]


# -- the hub config: the chart's, then ours through hub.extraConfig -------------------------------
def chart_hub_config(values: dict) -> Config:
    """What the chart's files/hub/jupyterhub_config.py sets that matters here (same keys)."""
    c = Config()
    su, hub = values["singleuser"], values["hub"]
    c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
    c.ConfigurableHTTPProxy.api_url = "http://proxy-api:8001"
    c.ConfigurableHTTPProxy.should_start = False
    c.JupyterHub.cleanup_servers = False
    c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}
    c.JupyterHub.db_url = hub["db"]["url"]
    c.JupyterHub.hub_bind_url = "http://:8081"
    c.JupyterHub.hub_connect_url = "http://hub:8081"
    c.JupyterHub.cookie_secret = "cookie-secret-from-the-chart"
    c.KubeSpawner.namespace = "interviews"
    c.KubeSpawner.common_labels = {}
    c.KubeSpawner.start_timeout = su["startTimeout"]
    c.KubeSpawner.extra_labels = su["extraLabels"]
    c.KubeSpawner.uid = su["uid"]
    c.KubeSpawner.fs_gid = su["fsGid"]
    c.KubeSpawner.extra_pod_config = su["extraPodConfig"]
    c.KubeSpawner.mem_guarantee = su["memory"]["guarantee"]
    c.KubeSpawner.cpu_guarantee = su["cpu"]["guarantee"]
    c.KubeSpawner.extra_resource_limits = su["extraResource"]["limits"]
    c.KubeSpawner.extra_resource_guarantees = su["extraResource"]["guarantees"]
    c.KubeSpawner.image = f"{su['image']['name']}:{su['image']['tag']}"
    c.KubeSpawner.allow_privilege_escalation = su["allowPrivilegeEscalation"]
    for key in ("memory", "cpu"):
        assert su[key].get("limit") is None, "room limits come from INTERVIEWHUB_ROOM_*, not singleuser"
    assert su["storage"]["type"] == "dynamic"
    name = su["storage"]["dynamic"]["volumeNameTemplate"]
    c.KubeSpawner.storage_pvc_ensure = True
    c.KubeSpawner.storage_capacity = su["storage"]["capacity"]
    c.KubeSpawner.volumes = {name: {"name": name, "persistentVolumeClaim": {"claimName": "{pvc_name}"}}}
    c.KubeSpawner.volume_mounts = {name: {"mountPath": su["storage"]["homeMountPath"], "name": name}}
    c.JupyterHub.services = [{"name": "jupyterhub-idle-culler", "command": ["python3", "-m", "culler"]}]
    c.JupyterHub.load_roles = [{"name": "jupyterhub-idle-culler", "services": ["jupyterhub-idle-culler"]}]
    c.Spawner.cmd = su["cmd"]
    c.Spawner.default_url = su["defaultUrl"]
    for section, cfg in hub["config"].items():
        c[section].update(cfg)
    return c


def run_extra_config(c: Config, values: dict, workdir: Path) -> Config:
    """Run the values' hub.extraConfig the way the chart does: exec'd in the config's namespace."""

    def load_subconfig(fname: str, path: str | None = None) -> None:  # as traitlets injects it
        c.merge(PyFileConfigLoader(fname, path or str(workdir)).load_config())

    namespace = {"c": c, "get_config": lambda: c, "load_subconfig": load_subconfig}
    for _, source in sorted(values["hub"]["extraConfig"].items()):
        exec(compile(source, "extraConfig", "exec"), namespace)
    return c


@pytest.fixture
def hub_env(values, tmp_path, monkeypatch) -> dict:
    """The hub pod's environment from hub.extraEnv, databases made local (no PostgreSQL here)."""
    for name in [n for n in os.environ if n.startswith("INTERVIEWHUB_")]:
        monkeypatch.delenv(name)
    env = {k: v for k, v in values["hub"]["extraEnv"].items() if isinstance(v, str)}
    env.update(
        INTERVIEWHUB_DATA_DIR=str(tmp_path / "data"),
        INTERVIEWHUB_DB_URL=f"sqlite:///{tmp_path}/interviews.sqlite",
        INTERVIEWHUB_ADMIN_PASSWORD="not-logged-in-tests",
        HUB_SERVICE_HOST=HUB_IP,
        HUB_SERVICE_PORT="8081",
        PGPASSWORD="from-hub.db.password",
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(KUBECONFIG)
    # KubeSpawner loads a client config when made; read at import time from $KUBECONFIG
    monkeypatch.setattr(kube_config, "KUBE_CONFIG_DEFAULT_LOCATION", str(kubeconfig))
    umask = os.umask(0o022)
    yield env
    os.umask(umask)  # our hub config sets a private umask for the hub process


@pytest.fixture
def hub_config(values, hub_env, tmp_path) -> Config:
    return run_extra_config(chart_hub_config(values), values, tmp_path)


def test_values_select_the_kubernetes_spawner(values):
    env = values["hub"]["extraEnv"]
    assert env["INTERVIEWHUB_SPAWNER"] == "kubernetes"
    assert env["INTERVIEWHUB_DB_URL"].startswith("postgresql")
    assert values["hub"]["db"]["type"] == "postgres" and values["hub"]["db"]["url"].startswith("postgresql")


def test_chart_keeps_network_proxy_db_and_secrets(hub_config, values):
    jh, proxy = hub_config.JupyterHub, hub_config.ConfigurableHTTPProxy
    assert jh.spawner_class == "interviewhub.hub.kube_spawner.KubeRoomSpawner"
    assert jh.hub_bind_url == "http://:8081" and jh.hub_connect_url == "http://hub:8081"
    assert "bind_url" not in jh and "pid_file" not in jh and "cookie_secret_file" not in jh
    assert jh.db_url == values["hub"]["db"]["url"]
    assert jh.cookie_secret == "cookie-secret-from-the-chart"
    assert jh.cleanup_servers is False  # a hub restart must not stop running interviews
    assert proxy.api_url == "http://proxy-api:8001" and proxy.should_start is False
    assert "auth_token" not in proxy and "command" not in proxy
    assert jh.tornado_settings["slow_spawn_timeout"] == 0 and "oauth_no_confirm_list" in jh.tornado_settings
    assert jh.admin_access is False


def test_interview_service_runs_in_the_hub_pod_next_to_the_charts(hub_config, values):
    services = {s["name"]: s for s in hub_config.JupyterHub.services}
    assert {"jupyterhub-idle-culler", "interviews"} <= set(services)  # ours (idle-culler) may join
    service = services["interviews"]
    assert service["url"] == "http://hub:8002"  # the proxy pod's way in: a port of the hub Service
    assert service["command"][-1] == "--InterviewService.bind_url=http://0.0.0.0:8002"
    assert service["environment"]["INTERVIEWHUB_DB_URL"] == os.environ["INTERVIEWHUB_DB_URL"]
    assert service["environment"]["PGPASSWORD"] == "from-hub.db.password"
    ports = {p["port"] for p in values["hub"]["service"]["extraPorts"]}
    assert 8002 in ports
    ingress = values["hub"]["networkPolicy"]["ingress"]
    assert any({"port": 8002} in rule["ports"] for rule in ingress)
    roles = {r["name"] for r in hub_config.JupyterHub.load_roles}
    assert {"jupyterhub-idle-culler", "interviewhub-service", "user"} <= roles


def test_unknown_spawner_is_refused(values, hub_env, tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWHUB_SPAWNER", "kubernetess")
    with pytest.raises(ValueError, match="kubernetess"):
        run_extra_config(chart_hub_config(values), values, tmp_path)


# -- the room pod ------------------------------------------------------------------------------
class MockUser(Mock):
    """What KubeSpawner reads of a hub user (as in kubespawner's own tests)."""

    server = Server()

    @property
    def escaped_name(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return self.server.url


def room_spawner(config: Config, name: str = "room-7") -> KubeRoomSpawner:
    user = MockUser()
    user.name = name
    hub = Hub(base_url="/hub/", connect_url="http://hub:8081")
    spawner = KubeRoomSpawner(config=config, user=user, hub=hub, _mock=True, api_token="room-token")
    spawner.user_options = {"interview": {"id": 7, "title": "Graphs"}}
    return spawner


async def pod_of(spawner: KubeRoomSpawner) -> dict:
    return ApiClient().sanitize_for_serialization(await spawner.get_pod_manifest())


async def test_room_pod_from_the_values(hub_config, values):
    spawner = room_spawner(hub_config)
    pod = await pod_of(spawner)
    spec = pod["spec"]
    (server,) = spec["containers"]

    su = values["singleuser"]
    assert server["image"] == f"{su['image']['name']}:{su['image']['tag']}"
    limits, requests = server["resources"]["limits"], server["resources"]["requests"]
    assert limits == {"memory": 2 * 1024**3, "cpu": 1.0, "ephemeral-storage": "1Gi"}
    assert requests["ephemeral-storage"] == "256Mi" and requests["cpu"] == 0.2

    csc = server["securityContext"]
    assert csc["runAsUser"] == 1000 and csc["runAsGroup"] == 1000 and csc["runAsNonRoot"] is True
    assert csc["allowPrivilegeEscalation"] is False and csc["privileged"] is False
    assert csc["capabilities"] == {"drop": ["ALL"]}
    assert csc["readOnlyRootFilesystem"] is True
    assert csc["seccompProfile"] == {"type": "RuntimeDefault"}
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert spec["automountServiceAccountToken"] is False
    assert spec["enableServiceLinks"] is False
    assert "serviceAccountName" not in spec

    labels = pod["metadata"]["labels"]
    assert labels["component"] == "singleuser-server"  # what the rooms' NetworkPolicy selects
    assert labels["hub.jupyter.org/username"] == "room-7"
    assert labels["hub.jupyter.org/network-access-hub"] == "true"  # what the hub's policy admits

    # writable: the room's own volume as home, a size-capped /tmp; nothing else
    mounts = {m["mountPath"]: m["name"] for m in server["volumeMounts"]}
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert set(mounts) == {"/home/room", "/tmp"}
    assert "persistentVolumeClaim" in volumes[mounts["/home/room"]]
    assert volumes[mounts["/tmp"]]["emptyDir"] == {"sizeLimit": "256Mi"}

    (prepare,) = spec["initContainers"]
    assert prepare["name"] == "prepare-room" and prepare["image"] == server["image"]
    assert prepare["securityContext"] == csc and prepare["volumeMounts"] == server["volumeMounts"]


async def test_room_server_arguments_and_environment(hub_config):
    spawner = room_spawner(hub_config)
    assert spawner.server_token_scopes == room_server_token_scopes("room-7", "")
    pod = await pod_of(spawner)
    (server,) = pod["spec"]["containers"]
    assert server["args"][0] == "jupyterhub-singleuser"
    assert "--HubOAuth.cache_max_age=5" in server["args"]
    assert "--SQLiteYStore.db_path=/home/room/state/ystore.db" in server["args"]
    env = {e["name"]: e.get("value") for e in server["env"]}
    # rooms reach the hub by its Service IP: their NetworkPolicy allows no DNS
    assert env["JUPYTERHUB_API_URL"] == f"http://{HUB_IP}:8081/hub/api"
    assert env["JUPYTERHUB_ACTIVITY_URL"].startswith(f"http://{HUB_IP}:8081/hub/api/users/room-7/")
    assert env["INTERVIEWHUB_ROOM_INFO"] == '{"id": 7, "title": "Graphs"}'
    assert env["JUPYTER_CONFIG_DIR"] == "/opt/interviewhub/extensions/room/config"  # the room image's
    assert env["JUPYTER_PATH"] == "/opt/interviewhub/kernels/specs"
    assert env["INTERVIEWHUB_CGROUPS"] == "{}"  # the pod's limits hold the kernels
    assert env["HOME"] == "/home/room" and env["INTERVIEWHUB_STATE_DIR"] == "/home/room/state"
    # the hub's own environment stays in the hub (env_keep is empty on Kubernetes)
    assert "PATH" not in env and "PGPASSWORD" not in env and "INTERVIEWHUB_DB_URL" not in env
    assert server["workingDir"] == "/home/room/work"


async def test_config_cannot_make_a_room_root_or_privileged(hub_config):
    c = copy.deepcopy(hub_config)
    c.KubeSpawner.uid = 0
    c.KubeRoomSpawner.container_security_context = {
        "runAsUser": 0,
        "privileged": True,
        "allowPrivilegeEscalation": True,
        "runAsNonRoot": False,
    }
    c.KubeRoomSpawner.automount_service_account_token = True
    c.KubeRoomSpawner.service_account = "default"
    pod = await pod_of(room_spawner(c))
    csc = pod["spec"]["containers"][0]["securityContext"]
    assert csc["runAsUser"] == 1000 and csc["runAsNonRoot"] is True
    assert csc["privileged"] is False and csc["allowPrivilegeEscalation"] is False
    assert pod["spec"]["automountServiceAccountToken"] is False
    assert pod["spec"]["initContainers"][0]["securityContext"] == csc


async def test_a_pod_without_a_volume_still_gets_a_writable_home(hub_config):
    c = copy.deepcopy(hub_config)
    c.KubeSpawner.volumes = {}
    c.KubeSpawner.volume_mounts = {}
    pod = await pod_of(room_spawner(c))
    volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
    mounts = {m["mountPath"]: m["name"] for m in pod["spec"]["containers"][0]["volumeMounts"]}
    assert volumes[mounts["/home/room"]] == {"name": "room-home", "emptyDir": {}}


@pytest.mark.parametrize("name", ["candidate-7", "admin", "room-", "room-x", "room-7-evil", "xroom-7"])
async def test_only_room_users_get_a_pod(hub_config, name):
    # refused before KubeSpawner makes anything in the cluster (here: before it would try)
    with pytest.raises(ValueError, match="not a room"):
        room_spawner(hub_config, name).start()


def test_load_on_z2jh_keeps_what_the_chart_did_not_set_unset(tmp_path):
    """A key our config sets that the chart left unset (e.g. bind_url) is dropped again."""
    ours = tmp_path / "ours.py"
    ours.write_text(
        "c = get_config()\n"
        "c.JupyterHub.bind_url = 'http://127.0.0.1:8000'\n"
        "c.ConfigurableHTTPProxy.auth_token = 'ours'\n"
        "c.JupyterHub.services = [{'name': 'interviews', 'url': 'http://127.0.0.1:8002', 'command': ['x']}]\n"
    )
    c = Config()
    c.JupyterHub.hub_connect_url = "http://hub:8081"

    def load_subconfig(fname, path=None):
        c.merge(PyFileConfigLoader(fname, str(tmp_path)).load_config())

    load_on_z2jh(c, load_subconfig, ours)
    assert "bind_url" not in c.JupyterHub and "auth_token" not in c.ConfigurableHTTPProxy
    assert c.JupyterHub.services[0]["url"] == "http://hub:8002"


async def test_kernel_sandbox_option_swaps_runtime_default_for_the_rooms_profile(hub_config):
    """bubblewrap needs unshare and mount, which RuntimeDefault refuses; the opt-in allows them
    in a pod with its own user namespace, still without capabilities or privilege escalation."""
    c = copy.deepcopy(hub_config)
    c.KubeRoomSpawner.kernel_sandbox = True
    pod = await pod_of(room_spawner(c))
    spec = pod["spec"]
    seccomp = {"type": "Localhost", "localhostProfile": "interviewhub/room-seccomp.json"}
    assert spec["hostUsers"] is False
    assert spec["securityContext"]["seccompProfile"] == seccomp
    for container in (spec["containers"][0], spec["initContainers"][0]):
        csc = container["securityContext"]
        assert csc["seccompProfile"] == seccomp and csc["procMount"] == "Unmasked"
        assert csc["capabilities"] == {"drop": ["ALL"]} and csc["allowPrivilegeEscalation"] is False
        assert csc["runAsNonRoot"] is True and csc["readOnlyRootFilesystem"] is True
    # off (the default): RuntimeDefault, the host's user namespace, a masked /proc
    default = (await pod_of(room_spawner(hub_config)))["spec"]
    assert "hostUsers" not in default and "procMount" not in default["containers"][0]["securityContext"]


def test_seccomp_profile_file_is_the_docker_rooms_profile():
    """One profile for rooms in Docker and in Kubernetes: the file is what the Docker spawner uses."""
    docker = pytest.importorskip("interviewhub.hub.docker_spawner", reason="no docker extra installed")
    shipped = json.loads((DEPLOY / "room-seccomp.json").read_text())
    assert shipped == json.loads(docker.seccomp_profile())
    assert shipped["syscalls"][0]["action"] == "SCMP_ACT_ERRNO" and "bpf" in shipped["syscalls"][0]["names"]


def test_prepare_room_makes_the_home_once_and_keeps_the_rooms_notebook(tmp_path):
    """The init container's script, run for real: a new room gets the starter notebook; a
    restarted room keeps the notebook it has."""

    def prepare() -> None:
        env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"]}
        subprocess.run([sys.executable, "-c", PREPARE_HOME], env=env, check=True, timeout=60)

    prepare()
    for sub in ("work", "work/.interviewer", "runtime", "state"):
        assert (tmp_path / sub).is_dir() and (tmp_path / sub).stat().st_mode & 0o777 == 0o700
    notebook = tmp_path / "work" / "interview.ipynb"
    assert json.loads(notebook.read_text())["nbformat"] == 4
    notebook.write_text('{"edited": "during the interview"}')
    prepare()
    assert notebook.read_text() == '{"edited": "during the interview"}'
