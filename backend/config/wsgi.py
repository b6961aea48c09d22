"""WSGI entry point (gunicorn config.wsgi)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()


def warm_up() -> None:
    """Import the URLconf and with it every view and the engine, as Django would on the first request, and
    set the allocator up for rendering and load the mix and master stages' compiled loops (compiling them
    once per machine).

    It opens no database connection, so a forking server may call it before it forks."""
    from django.db import connections
    from django.urls import get_resolver

    from engine.allocator import tune_allocator
    from engine.mix import kernels

    get_resolver().url_patterns  # noqa: B018 (the property imports the views)
    tune_allocator()  # forked workers inherit it
    kernels.warm_up()
    connections.close_all()
