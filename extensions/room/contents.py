"""The room's files, never through a link that leads out of where its name says it is.

Candidate code writes in the workspace, so it can make symlinks there. The room server sees
more than the kernel does (the interviewers' private folder, the room's state): a link
`solution.py -> .interviewer/notes.md` made by a kernel would let the contents API or the
collaboration loader (which reads through this manager) hand the notes to the candidate, and a
link to `../state/...` would expose the server's own files. So every path is resolved, and
refused (404, as if absent) when its real location is outside the workspace or crosses into or
out of a private folder. Hard links cannot play the same trick: the workspace is its own
filesystem (hub_config/room_disk.py), and the kernel never sees private files to link them.
"""

from __future__ import annotations

import errno
import os

from jupyter_server.files.handlers import FilesHandler
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado.web import HTTPError
from traitlets import List, Unicode, default


class LinkOutOfPlace(HTTPError, PermissionError):
    """404 for a request handler; EACCES for directory listings, which skip such entries."""

    def __init__(self, path: str):
        HTTPError.__init__(self, 404, "No such file: %s", path)
        self.errno = errno.EACCES


class RoomContentsManager(AsyncLargeFileManager):
    private_dirs = List(
        Unicode(), [".interviewer"], help="Folders (at any depth) a link may not lead into or out of."
    ).tag(config=True)

    @default("files_handler_class")
    def _files_handler_class_default(self):
        # /files/<path> through this manager too, not as static files straight from disk
        return FilesHandler

    @default("files_handler_params")
    def _files_handler_params_default(self) -> dict:
        return {"path": self.root_dir}  # FilesHandler is a StaticFileHandler: it needs one

    def _get_os_path(self, path: str) -> str:
        os_path = super()._get_os_path(path)
        if os.path.lexists(os_path):
            self.check_real_location(path, os_path)
        else:  # a file about to be made: its folder must be where it claims to be
            parent = os.path.dirname(os_path)
            if os.path.lexists(parent):
                self.check_real_location(os.path.dirname(path.strip("/")), parent)
        return os_path

    def check_real_location(self, path: str, os_path: str) -> None:
        root = os.path.realpath(self.root_dir)
        real = os.path.realpath(os_path)
        if real != root and not real.startswith(root + os.sep):
            raise LinkOutOfPlace(path)
        claimed = self.is_private(path.strip("/"))
        actual = self.is_private(os.path.relpath(real, root))
        if claimed != actual:
            raise LinkOutOfPlace(path)

    def is_private(self, path: str) -> bool:
        return any(part in self.private_dirs for part in path.replace(os.sep, "/").split("/"))
