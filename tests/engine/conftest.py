"""Shared fixtures for the audio tests: one FluidSynth per test session, one small rendered band."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from engine.render.fluidsynth import LoadedSynth, load_synth, render_score
from engine.score import Score
from tests.engine.song_fixtures import band_score


@pytest.fixture(scope="session")
def synth() -> LoadedSynth:
    """The process-wide synth (loading the SoundFont takes ~0.5 s, once)."""
    return load_synth()


@pytest.fixture(scope="session")
def small_band() -> Score:
    return band_score(bars=4, tempo=120)


@pytest.fixture(scope="session")
def small_band_stems(synth: LoadedSynth, small_band: Score) -> list[npt.NDArray[np.float32]]:
    return render_score(small_band)
