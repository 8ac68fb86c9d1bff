"""The web application for Jobcenter staff: FastAPI, Jinja2 pages, HTMX (vendored).

:func:`create_app` builds the application around a :class:`~passgenau.services.runtime.
Runtime`; nothing connects at import time.
"""

from passgenau.web.app import create_app

__all__ = ["create_app"]
