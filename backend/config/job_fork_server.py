"""Imported once by the fork server that starts the thread executor's job processes (jobs.processes).

Importing it sets Django up and loads what jobs use (config.job_process): every view and the engine, the
SoundFont, the melody model and the mix kernels, and the job runner. Each job's process is a fork of that
warm server, so it starts in milliseconds and shares those pages, where a fresh interpreter would take
seconds."""

import os
import sys
from multiprocessing import spawn
from pathlib import Path

# A child runs the parent's main script again (gunicorn's, pytest's: 0.2-0.9 s each) unless its fork
# server loaded it. CPython 3.11 never hands the fork server that script (its "__main__" preload looks for
# a key the preparation data lacks), so the parent names it (jobs.processes) and it is loaded here, as
# the children expect: they find it and skip it.
if main_path := os.environ.get("JOBS_FORK_SERVER_MAIN"):
    spawn.import_main_path(main_path)

# The engine package lives beside backend/: this checkout's, as in the web process.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from config.job_process import job_process_warm_up  # noqa: E402
from config.wsgi import warm_up  # noqa: E402

warm_up()  # every view, and with them the engine, imported once; no database connection left open
job_process_warm_up()

import jobs.runner  # noqa: E402, F401 (what each child runs)
