"""The Celery app for JOBS_BACKEND=celery: `celery -A config.celery worker` (see `make worker`).

Settings come from Django's settings (CELERY_*). Each worker process loads the SoundFont and the melody
model once, when it starts, so no job pays for them."""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("music_ai_generator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.include = ["jobs.tasks"]

logger = logging.getLogger(__name__)


@worker_process_init.connect
def _preload(**_: Any) -> None:
    """Load the SoundFont and the melody model in each pool process, before its first job.

    Django is set up already (Celery's Django fix-up does it in the parent, before the fork)."""
    from engine.compose.model.transformer import melody_model
    from engine.errors import AudioToolError
    from engine.render.fluidsynth import load_synth
    from songs.render_cache import soundfont_setting

    try:
        load_synth(soundfont_setting())
    except AudioToolError as exc:  # jobs that need it fail with the same human message
        logger.warning("SoundFont not preloaded: %s", exc)
    melody_model()
    logger.info("worker process ready: SoundFont and melody model loaded")
