"""Structured logs: request and job ids carried in context variables and written into every record.

LOG_FORMAT=json (the production default in docs/deploy.md) writes one JSON object per line; the embedded
default stays plain text. RequestIdMiddleware takes a sane X-Request-ID from the proxy or makes one, and
returns it in the response."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_job_id: contextvars.ContextVar[str] = contextvars.ContextVar("job_id", default="")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# What LogRecord carries by itself; anything else on a record came in through `extra=`.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


@contextmanager
def log_context(*, request_id: str | None = None, job_id: str | None = None) -> Iterator[None]:
    tokens = []
    if request_id is not None:
        tokens.append((_request_id, _request_id.set(request_id)))
    if job_id is not None:
        tokens.append((_job_id, _job_id.set(job_id)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def current_request_id() -> str:
    return _request_id.get()


class ContextFilter(logging.Filter):
    """Puts request_id and job_id on every record (empty outside a request or a job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.job_id = _job_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, ids, extras, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and value not in ("", None):
                entry[key] = value if isinstance(value, str | int | float | bool) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    """Gives each request an id (the proxy's X-Request-ID if sane), logs under it and echoes it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        with log_context(request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
