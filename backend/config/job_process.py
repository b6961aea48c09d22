"""What a process that runs jobs loads before its first job: Celery's pool processes when they start, and
the fork server of the thread executor's job processes (config.job_fork_server) before it forks any."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def job_process_warm_up() -> None:
    """Load the SoundFont, the melody model and the mix kernels, and set the allocator up for rendering."""
    from engine.allocator import tune_allocator
    from engine.compose.model.transformer import melody_model
    from engine.errors import AudioToolError
    from engine.mix import kernels
    from engine.render.fluidsynth import load_synth
    from songs.rendering.cache import soundfont_setting

    try:
        load_synth(soundfont_setting())
    except AudioToolError as exc:  # jobs that need it fail with the same human message
        logger.warning("SoundFont not preloaded: %s", exc)
    melody_model()
    tune_allocator()
    kernels.warm_up()
