"""The one progress callback type, for the engine's long-running stages and the job tasks that run them."""

from __future__ import annotations

from collections.abc import Callable

# progress(stage, fraction): a stage name and how much of the whole work is done, 0..1.
Progress = Callable[[str, float], None]


def report_progress(progress: Progress | None, stage: str, fraction: float) -> None:
    """Call `progress` (if any) with the fraction clamped to 0..1."""
    if progress is not None:
        progress(stage, min(1.0, max(0.0, fraction)))
