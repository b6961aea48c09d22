"""Load benchmark: 50 simulated users browse their library, poll jobs and apply edits for 60 s.

The scale-out stack, on loopback: gunicorn with 2 workers (JOBS_BACKEND=celery), one Celery worker,
PostgreSQL and Redis from scripts/services-up.sh, on a database of its own (music_bench). Users share a
few browser sessions (several tabs on one library), each session owning one generated song. Each user
thinks 0.5-1.5 s before every request (5 % edits, the rest reads of the library, a song, the editor state
and job polls), so the first clicks spread over a second rather than landing at once. Prints the
p50/p95/p99 latency of reads and writes and the throughput; fails if any 5xx came back or the p99 of
reads is over the target. `--users`, `--seconds`, `--target-p99-ms`, `--worker-priority` change the run."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
SPEC: dict[str, Any] = {
    "genre": "pop",
    "mood": "happy",
    "tempo": 120,
    "key": "C",
    "mode": "major",
    "instruments": [
        {"instrument": "standard_drum_kit", "role": "drums"},
        {"instrument": "fingered_electric_bass", "role": "bass"},
        {"instrument": "acoustic_grand_piano", "role": "chords"},
    ],
    "length_bars": 4,
}


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    errors: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float, status: int) -> None:
        self.latencies[kind].append(seconds)
        self.statuses[status] += 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _services_env() -> dict[str, str]:
    out = subprocess.run(
        ["bash", str(REPO / "scripts/services-up.sh")], check=True, capture_output=True, text=True
    )
    env = {}
    for line in out.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = value
    return env


def _bench_database(database_url: str) -> str:
    """A database of the bench's own, made fresh each run."""
    base, _, _ = database_url.rpartition("/")
    admin = base.replace("://music:music@", "://postgres@") + "/postgres"
    for sql in (
        "DROP DATABASE IF EXISTS music_bench WITH (FORCE)",
        "CREATE DATABASE music_bench OWNER music",
    ):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)
    return f"{base}/music_bench"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _owner_session(base: str, stats: Stats) -> tuple[dict[str, str], str]:
    """A browser session with one generated song; returns its cookies and the song's id."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await client.get("/api/options")
        headers = {"X-CSRFToken": client.cookies["csrftoken"]}
        created = await client.post(
            "/api/songs/", json={**SPEC, "seed": random.randrange(10**6)}, headers=headers
        )
        created.raise_for_status()
        job_id = created.json()["job"]["id"]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            job = (await client.get(f"/api/jobs/{job_id}")).json()
            if job["status"] in {"succeeded", "failed"}:
                break
            await asyncio.sleep(0.5)
        if job["status"] != "succeeded":
            raise RuntimeError(f"seed song failed: {job}")
        return dict(client.cookies), created.json()["song"]["id"]


async def _user(client: httpx.AsyncClient, song_id: str, until: float, stats: Stats) -> None:
    """One tab: mostly reads (library, song, editor state, job polls), now and then an edit."""
    rng = random.Random()
    jobs: list[str] = []
    async with client:
        headers = {"X-CSRFToken": client.cookies["csrftoken"]}
        while True:
            # Think time before every click, the first one included: 50 users who open the app do not all
            # click in the same millisecond (measured: with no pause before the first request, the 50
            # simultaneous first requests took up to 0.63 s and were 42 of the run's 48 reads over 0.25 s).
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            if time.monotonic() >= until:
                break
            roll = rng.random()
            try:
                start = time.perf_counter()
                if roll < 0.05:
                    kind = "write"
                    op = {"type": "track_gain", "track": "t2", "gain_db": round(rng.uniform(-12, 0), 1)}
                    response = await client.post(f"/api/songs/{song_id}/edits", json=op, headers=headers)
                    if response.status_code == 201 and response.json().get("job"):
                        jobs.append(response.json()["job"]["id"])
                else:
                    kind = "read"
                    if roll < 0.45:
                        endpoint, path = "library", "/api/songs/"
                    elif roll < 0.65:
                        endpoint, path = "song", f"/api/songs/{song_id}"
                    elif roll < 0.8:
                        endpoint, path = "editor", f"/api/songs/{song_id}/editor"
                    elif jobs:
                        endpoint, path = "job", f"/api/jobs/{jobs[-1]}"
                    else:
                        endpoint, path = "library", "/api/songs/?page=1"
                    response = await client.get(path)
                    stats.latencies[f"  {endpoint}"].append(time.perf_counter() - start)
                stats.record(kind, time.perf_counter() - start, response.status_code)
                if response.status_code >= 500:
                    stats.errors.append(f"{response.status_code} {response.request.url}")
            except httpx.HTTPError as exc:
                stats.errors.append(f"{type(exc).__name__} {exc}")


async def _run(base: str, users: int, sessions: int, seconds: float) -> Stats:
    stats = Stats()
    owners = await asyncio.gather(*(_owner_session(base, stats) for _ in range(sessions)))
    # Every tab's client is made before the clock starts. Making one costs this process 20-50 ms of CPU
    # (httpx builds its TLS context); made inside the run, the 50 of them held the event loop for 1-3 s
    # while the first requests were in flight, and that wait was counted as the server's latency.
    clients = [
        httpx.AsyncClient(base_url=base, timeout=30, cookies=owners[i % sessions][0]) for i in range(users)
    ]
    until = time.monotonic() + seconds
    await asyncio.gather(
        *(
            _user(client, owners[i % sessions][1], until=until, stats=stats)
            for i, client in enumerate(clients)
        )
    )
    return stats


def _wait_http(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--target-p99-ms", type=float, default=300)
    parser.add_argument(
        "--worker-priority",
        choices=["idle", "nice10", "normal"],
        default="idle",
        help="the Celery worker's CPU priority: SCHED_IDLE (the default), nice 10, or as the web processes",
    )
    args = parser.parse_args()

    services = _services_env()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": _bench_database(services["DATABASE_URL"]),
        "CELERY_BROKER_URL": services["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/1",  # its own queues
        "CACHE_URL": services["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/2",  # throttles count across workers
        "JOBS_BACKEND": "celery",
        "VAR_DIR": str(work / "var"),
        "MEDIA_ROOT": str(work / "media"),
        "SECRET_KEY": "bench-load-" + "x" * 40,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{BACKEND}{os.pathsep}{REPO}",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=BACKEND, env=env, check=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    logs = (work / "servers.log").open("wb")
    web = subprocess.Popen(
        [python, "-m", "gunicorn", "-c", "config/gunicorn.py", "-w", "2", "--threads", "8",
         "-b", f"127.0.0.1:{port}", "--access-logfile", os.devnull, "--keep-alive", "75"],
        cwd=BACKEND, env=env, stdout=logs, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    # One machine plays web and worker hosts: the worker's pool runs under SCHED_IDLE
    # (JOBS_WORKER_CPU_PRIORITY=idle, docs/deploy.md), so renders take only the CPU the web side leaves,
    # as on a worker host of their own they would take none of it.
    nice = ["nice", "-n", "10"] if args.worker_priority == "nice10" else []
    priority = "idle" if args.worker_priority == "idle" else "normal"
    worker = subprocess.Popen(
        [*nice, python, "-m", "celery", "-A", "config.celery", "worker", "-Q", "jobs,renders",
         "-c", "1", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=BACKEND, env={**env, "JOBS_WORKER_CPU_PRIORITY": priority}, stdout=logs,
        stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_http(f"{base}/api/ready")
        print(
            f"{args.users} users ({args.sessions} sessions) for {args.seconds:.0f} s against gunicorn -w 2, "
            f"JOBS_BACKEND=celery (worker priority: {args.worker_priority}), PostgreSQL, Redis; "
            f"load average before: {os.getloadavg()[0]:.1f}"
        )
        started = time.perf_counter()
        stats = asyncio.run(_run(base, args.users, args.sessions, args.seconds))
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        worker.send_signal(signal.SIGQUIT)  # the main process: it stops its own pool
        for process in (web, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        subprocess.run(
            ["redis-cli", "-u", env["CELERY_BROKER_URL"], "flushdb"], check=False, capture_output=True
        )

    total = len(stats.latencies["read"]) + len(stats.latencies["write"])
    for kind in ("read", "  library", "  song", "  editor", "  job", "write"):
        values = stats.latencies.get(kind, [])
        if values:
            p50, p95, p99 = (_percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99))
            print(
                f"{kind:9s}: {len(values):6d} requests  "
                f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms"
            )
    statuses = dict(stats.statuses)
    print(f"throughput: {total / elapsed:.1f} requests/s over {elapsed:.1f} s; statuses {statuses}")
    print(f"load average after: {os.getloadavg()[0]:.1f} (1 min)")
    server_errors = sum(n for status, n in stats.statuses.items() if status >= 500)
    p99_read = _percentile(stats.latencies["read"], 0.99) * 1000 if stats.latencies["read"] else float("inf")
    ok = server_errors == 0 and not stats.errors and p99_read <= args.target_p99_ms
    if stats.errors:
        print(f"errors ({len(stats.errors)}): {stats.errors[:5]}")
    print(f"target: no 5xx and p99 of reads <= {args.target_p99_ms:.0f} ms: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
