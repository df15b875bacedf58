"""A room's workspace on its own small filesystem: the disk quota of everything run in the room.

Each room's `work/` folder is an ext4 image loop-mounted by the hub (root) while the room runs.
A candidate who fills the disk fills only that image (ENOSPC inside the room); the hub's disk,
its databases and the other rooms keep their space. The image lives in a root-only folder
outside the room's view: a room that could write its own raw image could corrupt the
filesystem under the host kernel. Mounted `nosuid,nodev`, so a setuid file planted in the
workspace gives nothing.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

MOUNT_OPTIONS = "loop,nosuid,nodev,noatime"


class RoomDisk:
    def __init__(self, image: Path, mountpoint: Path, size_mb: int, uid: int):
        self.image = image
        self.mountpoint = mountpoint
        self.size_mb = size_mb
        self.uid = uid

    @property
    def mounted(self) -> bool:
        return os.path.ismount(self.mountpoint)

    def mount(self) -> bool:
        """Make the image on first use and mount it on the workspace; False if left unquoted."""
        if self.mounted:
            return True
        self.mountpoint.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.image.exists():
            if any(self.mountpoint.iterdir()):
                # a room from before disk quotas: never hide its files under an empty filesystem
                log.warning("%s has files but no disk image: left without a disk quota", self.mountpoint)
                return False
            self._make_image()
        _run("mount", "-o", MOUNT_OPTIONS, str(self.image), str(self.mountpoint))
        lost_found = self.mountpoint / "lost+found"
        if lost_found.is_dir() and not any(lost_found.iterdir()):
            lost_found.rmdir()  # clutter in the candidate's file browser
        os.chown(self.mountpoint, self.uid, self.uid)
        self.mountpoint.chmod(0o700)
        return True

    def unmount(self) -> None:
        if self.mounted:
            # lazy: a process the room left behind must not keep the hub from stopping the room
            _run("umount", "--lazy", str(self.mountpoint))

    def _make_image(self) -> None:
        self.image.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(self.image, "wb") as f:
            f.truncate(self.size_mb * 2**20)  # sparse: costs only what the room writes
        self.image.chmod(0o600)
        # no reserved blocks (nothing in the room runs as root), owner = the room's uid
        _run("mkfs.ext4", "-q", "-F", "-m", "0", "-E", f"root_owner={self.uid}:{self.uid}", str(self.image))


def _run(*cmd: str) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {result.stderr.strip() or result.returncode}")
