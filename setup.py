"""InterviewHub: live technical interviews on JupyterHub and JupyterLab.

The top-level folders are mapped onto one import package, ``interviewhub``:

    hub_config/  -> interviewhub.hub         (hub config, authenticator, spawner, interview service)
    extensions/  -> interviewhub.extensions  (room server extension + prebuilt JupyterLab extension)
    kernels/     -> interviewhub.kernels
    widgets/     -> interviewhub.widgets
    problems/    -> interviewhub.problems
"""

from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
FOLDERS = {
    "hub": "hub_config",
    "extensions": "extensions",
    "kernels": "kernels",
    "widgets": "widgets",
    "problems": "problems",
}


def packages_under(name: str, folder: str) -> dict[str, str]:
    """Every folder with an __init__.py below `folder`, as an import name -> path map."""
    found = {}
    for init in sorted((HERE / folder).rglob("__init__.py")):
        rel = init.parent.relative_to(HERE / folder)
        dotted = ".".join(("interviewhub", name, *rel.parts)) if rel.parts else f"interviewhub.{name}"
        found[dotted] = str(init.parent.relative_to(HERE))
    return found


package_dir: dict[str, str] = {}
for _name, _folder in FOLDERS.items():
    package_dir.update(packages_under(_name, _folder))


def labextension_files() -> list[tuple[str, list[str]]]:
    """The prebuilt JupyterLab extension, installed where JupyterLab looks for it."""
    out = HERE / "extensions" / "room" / "labextension"
    files = []
    for path in sorted(out.rglob("*")) if out.exists() else []:
        if path.is_file():
            dest = Path("share/jupyter/labextensions/@interviewhub/room") / path.parent.relative_to(out)
            files.append((str(dest), [str(path.relative_to(HERE))]))
    return files


def kernelspec_files() -> list[tuple[str, list[str]]]:
    """Our kernelspecs, for `jupyter kernelspec list` and any JupyterLab of this environment.

    Each names the sandbox provisioner, so a kernel started from them is sandboxed wherever it
    starts. Ours for Python is `python3-sandboxed`: `python3` stays ipykernel's own. Rooms get
    ours as `python3` through JUPYTER_PATH (hub_config/spawner.py)."""
    files = []
    for spec in sorted((HERE / "kernels" / "specs" / "kernels").iterdir()):
        name = "python3-sandboxed" if spec.name == "python3" else spec.name
        paths = [str(p.relative_to(HERE)) for p in sorted(spec.iterdir()) if p.is_file()]
        files.append((f"share/jupyter/kernels/{name}", paths))
    return files


setup(
    name="interviewhub",
    version="0.1.0",
    description="Self-hosted live technical interviews on JupyterHub and JupyterLab",
    license="BSD-3-Clause",
    python_requires=">=3.11",
    packages=sorted(package_dir),
    package_dir=package_dir,
    include_package_data=True,
    package_data={
        "interviewhub.hub": ["jupyterhub_config.py"],
        "interviewhub.hub.service": ["templates/*.html", "replay/static/*.js"],
        "interviewhub.hub.migrations": ["script.py.mako"],
        "interviewhub.extensions.room": ["config/*.json", "config/migrated", "config/lab-settings/*.json"],
        "interviewhub.problems": ["starter/*", "bank/**/*", "problem.schema.json"],
        "interviewhub.kernels": ["specs/kernels/*/*"],
    },
    data_files=labextension_files() + kernelspec_files(),
    install_requires=[
        "jupyterhub>=5.5.1,<7",
        "jupyterlab>=4.4,<5",
        "jupyter-collaboration>=5,<6",
        "pycrdt>=0.14,<0.15",  # the service rebuilds documents from the replay tape (service/replay/)
        "jupyter_server>=2.18,<3",
        "oauthenticator>=17,<18",
        "jupyterhub-idle-culler>=1.4,<3",  # stops abandoned rooms (hub_config/culler.py)
        "sqlalchemy>=2,<3",
        "alembic>=1.13",
        "argon2-cffi>=23",
        "email-validator>=2",
        "pydantic>=2",
        "PyYAML>=6",
        "pandas>=2.2,<4",
        "jinja2>=3",
        "tornado>=6.4",
        "traitlets>=5.14",
        "ipywidgets>=8.1,<9",  # interviewhub.widgets (Problem) in room notebooks
        "bash_kernel>=0.10,<0.11",  # the Bash kernel (its kernelspec is ours, sandboxed)
    ],
    extras_require={
        # rooms as containers (INTERVIEWHUB_SPAWNER=docker) and PostgreSQL databases: the hub image
        "docker": ["dockerspawner>=14,<15"],
        "postgres": ["psycopg[binary]>=3.2,<4"],  # SQLAlchemy 2.1: postgresql:// is psycopg 3
        # rooms as pods (INTERVIEWHUB_SPAWNER=kubernetes): the hub image for Zero to JupyterHub
        "kubernetes": ["jupyterhub-kubespawner>=7.1,<8"],
        "test": [
            "pytest>=8",
            "pytest-asyncio>=1",
            "pytest-xdist>=3.8,<4",  # make test runs test modules side by side
            "playwright>=1.50",
            "oidc-provider-mock>=0.3",
            "requests>=2.31",
            "jsonschema>=4",
            "jupyterhub-kubespawner>=7.1,<8",  # tests/unit/test_kube_spawner.py renders room pods
            "ruff>=0.8",
            "aiosmtpd>=1.4,<2",  # a real SMTP server on loopback for the invitation mails
            "schemathesis>=4.30,<5",  # every endpoint's responses against the OpenAPI document
            "psycopg[binary]>=3.2,<4",  # the service's tests against a real PostgreSQL (tests/pg.py)
            "aiortc>=1.16,<2",  # WebRTC peers through the room's signaling, relay-only via coturn
        ],
    },
    entry_points={
        "console_scripts": ["interviewhub = interviewhub.hub.cli:main"],
        # the shared whiteboard document type (extensions/board/document.py), as JupyterCAD does
        "jupyter_ydoc": ["board = interviewhub.extensions.board.document:YBoard"],
        "jupyter_client.kernel_provisioners": [
            "interviewhub-sandbox = interviewhub.kernels.provisioner:SandboxProvisioner",
        ],
    },
)
