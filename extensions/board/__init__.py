"""The shared whiteboard: its document type (registered with jupyter_ydoc by entry point).

jupyter_ydoc loads every registered document type while it is imported, so importing
`document` first would meet itself half-built; importing jupyter_ydoc here, before it, keeps
either order working. It lives outside the room package so that loading it does not import
jupyter-collaboration (which imports jupyter_ydoc again).
"""

import jupyter_ydoc  # noqa: F401  (must come before .document; see above)
