"""The web dashboard: a map, a timeline, an event table and detail, actors and briefs over the REST API.

``mount_dashboard(app)`` serves it at ``/`` of the API's app (``sitroom serve``). Its scripts and styles are built
from ``frontend/`` by npm (``make install`` runs the build) into ``static/``, which is not committed."""

from sitroom.web.app import CSP, STATIC, assets_built, mount_dashboard

__all__ = ["CSP", "STATIC", "assets_built", "mount_dashboard"]
