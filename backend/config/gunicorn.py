"""gunicorn settings: gthread workers (threads), jobs on the in-process pool unless JOBS_BACKEND=celery.

Workers start warm: the master imports Django and every view (numpy, scipy, the engine: seconds of
imports) once, before it forks the workers, so no user's first request pays for them and the workers
share those pages. A lazily imported URLconf made the first requests after a start wait 2-5 s here."""

import gc
from typing import Any

wsgi_app = "config.wsgi:application"
worker_class = "gthread"
workers = 1
threads = 8
timeout = 120
accesslog = "-"
errorlog = "-"
preload_app = True


def when_ready(server: Any) -> None:
    """In the master, after the app is loaded and before the workers are forked."""
    from config.wsgi import warm_up

    warm_up()
    # What the master imported lives as long as the workers: keep it out of the collector's generations
    # (gc.freeze), so a worker's full collections walk only what its requests allocate, not the whole
    # heap of Django, numpy, scipy and the engine (and do not write to the pages the workers share).
    gc.freeze()


def post_worker_init(worker: Any) -> None:
    from config.wsgi import warm_up
    from jobs.executors import jobs_resume_interrupted

    warm_up()  # a no-op when the master did it (preload_app); the worker accepts requests after this
    resumed = jobs_resume_interrupted()
    if resumed:
        worker.log.info("resumed %d interrupted job(s)", resumed)
