"""The API keeps its OpenAPI contract: Schemathesis, run as a client against the live test server.

`st run --checks all`, deterministic (the same cases every run), with a bounded number of examples:
every operation answers only the status codes, media types and bodies the schema declares, refuses what
the schema calls invalid and accepts what it calls valid, never with a 500. The stateful phase follows
the schema's links from a created song to its job, editor, edits, versions, exports and shares with real
ids. Jobs run inline (in the request that queued them), so a created song is ready for the next call;
tests/schemathesis_hooks.py keeps the generated songs short so that each one renders in about a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from accounts.tests.support import Browser

from jobs import executors

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"))
REPORT_DIR = Path(os.environ.get("SCHEMATHESIS_REPORT_DIR", "/tmp/mag-schemathesis"))


class InlineJobExecutor:
    """Runs each job at once, in the thread that queued it (after its transaction committed)."""

    def ensure_available(self) -> None:
        return None

    def submit(self, job_id: uuid.UUID, kind: str, rank: int) -> None:
        from jobs.runner import job_run

        job_run(job_id=job_id)


@pytest.fixture
def inline_jobs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(executors, "_executor", InlineJobExecutor())
    yield


def _signed_in_headers() -> list[str]:
    """Headers of a signed-in browser (its session cookie and CSRF token), for every request."""
    browser = Browser()
    email = f"contract-{uuid.uuid4().hex[:8]}@example.com"
    assert browser.sign_up(email).status_code == 200
    session, token = browser.cookies["sessionid"].value, browser.cookies["csrftoken"].value
    return ["-H", f"Cookie: sessionid={session}; csrftoken={token}", "-H", f"X-CSRFToken: {token}"]


@pytest.mark.django_db(transaction=True)
def test_the_api_keeps_its_openapi_contract(live_server: Any, inline_jobs: None, settings: Any) -> None:
    # One client sends thousands of requests: fair-use rates would answer most with 429 (declared, and
    # tested in tests/security), leaving little of the contract exercised.
    settings.WORK_THROTTLE_RATES = {
        kind: {"requester": "100000/min", "ip": "100000/min"} for kind in settings.WORK_THROTTLE_RATES
    }
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(Path(__file__).with_name("schemathesis.toml")),
        "run",
        f"{live_server.url}/api/schema/",
        "--checks",
        "all",
        "--generation-deterministic",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--workers",
        "1",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(REPORT_DIR),
        *_signed_in_headers(),
    ]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
        "PYTHONPATH": str(Path(__file__).parent),
    }
    REPORT_DIR.mkdir(parents=True, exist_ok=True)  # also its working folder: Schemathesis keeps a cache there
    result = subprocess.run(command, cwd=REPORT_DIR, env=env, capture_output=True, text=True, timeout=900)
    print(result.stdout[-20000:], result.stderr[-5000:])
    assert result.returncode == 0, result.stdout[-20000:]
