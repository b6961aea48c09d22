"""Health, readiness and structured logs: request ids from the proxy (or made), job ids from the runner."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.test import Client

from core.log_context import ContextFilter, JsonFormatter, log_context


@pytest.mark.django_db
def test_ready_reports_the_database_and_the_queue(client: Client) -> None:
    response = client.get("/api/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "queue": True}
    assert client.get("/api/health").json() == {"status": "ok"}


@pytest.mark.django_db
def test_a_sane_request_id_is_kept_and_echoed_and_anything_else_replaced(client: Client) -> None:
    kept = client.get("/api/health", headers={"X-Request-ID": "edge-0f3a9c21"})
    replaced = client.get("/api/health", headers={"X-Request-ID": "<script>alert(1)</script>"})
    made = client.get("/api/health")

    assert kept["X-Request-ID"] == "edge-0f3a9c21"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", made["X-Request-ID"])
    assert made["X-Request-ID"] != replaced["X-Request-ID"]


def test_json_logs_carry_request_and_job_ids_extras_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("test.observability")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with log_context(request_id="req-12345678"), log_context(job_id="job-1"):
            logger.info("job %s", "started", extra={"job_kind": "render"})
            try:
                raise ValueError("broken")
            except ValueError:
                logger.exception("job failed")
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)

    started, failed, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert started["message"] == "job started" and started["level"] == "INFO"
    assert started["request_id"] == "req-12345678" and started["job_id"] == "job-1"
    assert started["job_kind"] == "render" and started["logger"] == "test.observability"
    assert "ValueError: broken" in failed["exception"]
    assert "request_id" not in outside and "job_id" not in outside, "the context ends with its block"
