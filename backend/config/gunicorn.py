"""gunicorn settings for the embedded default: one process, threads, jobs on the in-process pool."""

from typing import Any

wsgi_app = "config.wsgi:application"
worker_class = "gthread"
workers = 1
threads = 8
timeout = 120
accesslog = "-"
errorlog = "-"


def post_worker_init(worker: Any) -> None:
    from jobs.executors import jobs_resume_interrupted

    resumed = jobs_resume_interrupted()
    if resumed:
        worker.log.info("resumed %d interrupted job(s)", resumed)
