"""InterviewHub's room server extension (jupyter_server) and prebuilt JupyterLab extension."""

from .app import RoomExtension


def _jupyter_server_extension_points():
    return [{"module": "interviewhub.extensions.room", "app": RoomExtension}]


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "@interviewhub/room"}]
