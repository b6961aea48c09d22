"""Fair use in the jobs app: a cap on pending jobs per requester and per address, ranks that put another
requester's first job ahead of one requester's burst, and a queue (the thread executor) that honours them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from core.exceptions import TooManyRequestsError
from core.visibility import Requester
from engine.progress import Progress
from jobs.executors import ThreadJobExecutor
from jobs.models import Job
from jobs.registry import JobKind, job_kind_register, job_kind_unregister
from jobs.services import job_create

GATE = "test-gate"


class GateParams(BaseModel):
    name: str


opened = threading.Event()
ran: list[str] = []


def _gate(job: Job, params: GateParams, report: Progress) -> None:
    """The first job holds its worker until the test opens the gate; every job records its name."""
    if params.name == "first":
        assert opened.wait(30)
    ran.append(params.name)


@pytest.fixture
def gate_kind() -> Iterator[None]:
    job_kind_register(JobKind(name=GATE, task=_gate, params=GateParams, supersedes=True))
    opened.clear()
    ran.clear()
    yield
    opened.set()
    job_kind_unregister(GATE)


def _requester(session: str, client: str = "") -> Requester:
    return Requester(user=None, session_key=session, client=client)


def _create(requester: Requester, name: str, song_id: Any = None) -> Job:
    return job_create(kind=GATE, requester=requester, params={"name": name}, song_id=song_id)


def test_ranks_count_the_requesters_and_the_addresses_pending_jobs(db: None, gate_kind: None) -> None:
    burst = [_create(_requester("a", "net-1"), f"a{i}") for i in range(3)]
    other = _create(_requester("b", "net-2"), "b0")
    same_network = _create(_requester("c", "net-1"), "c0")

    assert [job.rank for job in burst] == [0, 1, 2]
    assert other.rank == 0
    assert same_network.rank == 3  # its address already has three pending


def test_a_requester_over_the_cap_is_refused_and_nothing_is_written(
    db: None, gate_kind: None, settings: Any
) -> None:
    settings.JOBS_MAX_PENDING_PER_REQUESTER = 2
    mine = _requester("a", "net-1")
    _create(mine, "one")
    _create(mine, "two")

    with pytest.raises(TooManyRequestsError) as refused:
        _create(mine, "three")

    assert refused.value.status_code == 429
    assert refused.value.retry_after >= 1
    assert "2 things" in refused.value.message
    assert Job.objects.count() == 2
    Job.objects.update(status=Job.Status.SUCCEEDED)
    assert _create(mine, "three").rank == 0  # finished jobs do not count


def test_an_address_over_its_cap_is_refused_whatever_the_session(
    db: None, gate_kind: None, settings: Any
) -> None:
    settings.JOBS_MAX_PENDING_PER_CLIENT = 3
    for i in range(3):
        _create(_requester(f"s{i}", "net-1"), "one")

    with pytest.raises(TooManyRequestsError):
        _create(_requester("s9", "net-1"), "one")
    assert _create(_requester("s9", "net-2"), "one").rank == 0


def test_a_superseding_kind_retargets_its_queued_job_for_the_song(db: None, gate_kind: None) -> None:
    from songs.models import Song

    song = Song.objects.create(
        session_key="a",
        title="t",
        spec={},
        genre="pop",
        mood="happy",
        tempo=120,
        key="C",
        mode="major",
        seed=1,
    )
    first = _create(_requester("a"), "v1", song.id)
    again = _create(_requester("a"), "v2", song.id)

    assert again.pk == first.pk
    assert Job.objects.get(pk=first.pk).params == {"name": "v2"}
    Job.objects.filter(pk=first.pk).update(status=Job.Status.RUNNING)
    assert _create(_requester("a"), "v3", song.id).pk != first.pk  # a running job is not changed


def test_the_thread_queue_runs_lower_ranks_first(transactional_db: None, gate_kind: None) -> None:
    executor = ThreadJobExecutor(max_workers=1, in_child_process=False)  # the gate is in this process
    jobs = {
        name: Job.objects.create(kind=GATE, params={"name": name}, rank=rank)
        for name, rank in [("first", 0), ("burst-2", 2), ("burst-1", 1), ("visitor", 0), ("burst-3", 3)]
    }
    executor.submit(jobs["first"].id, GATE, 0)
    deadline = time.monotonic() + 10
    while Job.objects.get(pk=jobs["first"].id).status != Job.Status.RUNNING:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    for name in ("burst-2", "burst-1", "visitor", "burst-3"):
        executor.submit(jobs[name].id, GATE, jobs[name].rank)
    opened.set()

    deadline = time.monotonic() + 30
    while len(ran) < 5:
        assert time.monotonic() < deadline, ran
        time.sleep(0.02)
    assert ran == ["first", "visitor", "burst-1", "burst-2", "burst-3"]
    # The last job's status lands just after it ran.
    while Job.objects.exclude(status=Job.Status.SUCCEEDED).exists():
        assert time.monotonic() < deadline, list(Job.objects.values_list("status", flat=True))
        time.sleep(0.02)
