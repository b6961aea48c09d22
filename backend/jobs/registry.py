"""The kinds of job apps register at start-up: kind -> task, queue, typed params.

An app registers its kinds in its AppConfig.ready(); `jobs` runs them without importing any app. A job's
params are JSON on the row, validated by its kind's pydantic model when the job is created and again when
it runs, so a task only ever sees a typed, valid object."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel

from engine.progress import Progress

if TYPE_CHECKING:
    from jobs.models import Job

# Heavy renders (the editor's re-renders and exports) run on their own queue, so a burst of them never
# holds up new songs; `make worker` consumes both queues, a deployment can give each its own workers.
JOBS_QUEUE = "jobs"
RENDERS_QUEUE = "renders"
QUEUES = (JOBS_QUEUE, RENDERS_QUEUE)

ParamsT = TypeVar("ParamsT", bound=BaseModel)


class UnknownJobKindError(LookupError):
    """No app registered this kind of job (a bug or a missing app, never the user's doing)."""


@dataclass(frozen=True)
class JobKind(Generic[ParamsT]):
    """One kind of job: the task that does it, its params model and the queue it runs on.

    `dedup_key`, for work keyed by content: a queued or running job of the same kind, song and key is
    reused rather than queued twice. `supersedes`, for work on whatever state the song is in when the job
    runs (the editor's render): a queued job of the same kind and song takes the new params rather than
    another job being queued, so a burst of edits queues one render, not one per edit."""

    name: str
    task: Callable[[Job, ParamsT, Progress], None]
    params: type[ParamsT]
    queue: str = JOBS_QUEUE
    dedup_key: Callable[[ParamsT], str] | None = None
    supersedes: bool = False

    def __post_init__(self) -> None:
        if self.queue not in QUEUES:
            raise ImproperlyConfigured(f"Job kind {self.name!r}: unknown queue {self.queue!r}")

    def params_validate(self, data: BaseModel | Mapping[str, Any] | None) -> ParamsT:
        """The typed params from a params object or its JSON; raises pydantic's ValidationError."""
        return self.params.model_validate({} if data is None else data)


_registry: dict[str, JobKind[Any]] = {}


def job_kind_register(kind: JobKind[Any]) -> None:
    """Make a kind of job runnable; registering the same kind again is harmless, a different one is not."""
    existing = _registry.get(kind.name)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"Job kind {kind.name!r} is already registered with another task")
    _registry[kind.name] = kind


def job_kind_unregister(name: str) -> None:
    """Forget a kind (tests that register their own)."""
    _registry.pop(name, None)


def job_kind_get(name: str) -> JobKind[Any]:
    try:
        return _registry[name]
    except KeyError:
        raise UnknownJobKindError(f"No job kind {name!r} is registered") from None


def job_kind_names() -> tuple[str, ...]:
    return tuple(sorted(_registry))
