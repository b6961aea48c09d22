from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from engine.errors import AudioToolError
from engine.mix.effects import (
    Chorus,
    Compressor,
    Delay,
    Distortion,
    EffectChain,
    Eq,
    EqBand,
    Gain,
    Highpass,
    Limiter,
    Lowpass,
    Phaser,
    Reverb,
    apply_chain,
    build_board,
)
from engine.mix.presets import PRESETS, preset

SR = 44100


def tone(hz: float, seconds: float = 1.0, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(SR * seconds)) / SR
    mono = (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    return np.vstack([mono, mono])


def rms_db(audio: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(audio[:, SR // 4 :], dtype=np.float64))))


def test_every_preset_keeps_shape_and_dtype():
    audio = tone(440) + tone(3000, level=0.1)
    assert set(PRESETS) >= {"hall", "room", "slapback", "telephone", "warm", "bright", "radio", "wide chorus"}
    for name, chain in PRESETS.items():
        out = apply_chain(chain, audio)
        assert out.shape == audio.shape and out.dtype == np.float32, name
        assert np.all(np.isfinite(out)), name
        assert len(build_board(chain)) >= 1
    with pytest.raises(ValueError, match="hall"):
        preset("cathedral")


def test_filters_and_gain_measure_as_specified():
    low, high = tone(100), tone(8000)
    assert (
        rms_db(apply_chain(EffectChain(effects=(Lowpass(cutoff_hz=1000),)), high)) < rms_db(high) - 15
    )  # first-order: 6 dB per octave
    assert rms_db(apply_chain(EffectChain(effects=(Highpass(cutoff_hz=1000),)), low)) < rms_db(low) - 15
    assert rms_db(apply_chain(EffectChain(effects=(Gain(gain_db=-6),)), low)) == pytest.approx(
        rms_db(low) - 6, abs=0.05
    )
    boosted = apply_chain(
        EffectChain(effects=(Eq(bands=(EqBand(kind="peak", frequency_hz=1000, gain_db=6, q=2),)),)),
        tone(1000),
    )
    assert rms_db(boosted) == pytest.approx(rms_db(tone(1000)) + 6, abs=0.3)
    squeezed = apply_chain(
        EffectChain(effects=(Compressor(threshold_db=-30, ratio=10, attack_ms=1),)), tone(200, level=0.9)
    )
    assert rms_db(squeezed) < rms_db(tone(200, level=0.9)) - 10


def test_delay_echoes_inside_the_same_length():
    click = np.zeros((2, SR), dtype=np.float32)
    click[:, 100] = 0.8
    out = apply_chain(EffectChain(effects=(Delay(delay_seconds=0.25, feedback=0.0, mix=0.5),)), click)
    assert out.shape == click.shape
    assert abs(out[0, 100 + SR // 4]) > 0.1


def test_empty_chain_passes_through_and_keys_follow_content():
    audio = tone(440)
    assert apply_chain(EffectChain(), audio) is audio
    a = EffectChain(effects=(Gain(gain_db=-3),))
    assert (
        a.content_key()
        == EffectChain.model_validate({"effects": [{"type": "gain", "gain_db": -3}]}).content_key()
    )
    assert a.content_key() != EffectChain(effects=(Gain(gain_db=-2),)).content_key()


def test_invalid_params_and_audio_are_rejected():
    with pytest.raises(ValidationError):
        Delay(delay_seconds=5)
    with pytest.raises(ValidationError):
        EffectChain.model_validate({"effects": [{"type": "gain", "gain_db": float("inf")}]})
    with pytest.raises(ValidationError):
        EffectChain(effects=(Gain(),) * 17)
    with pytest.raises(AudioToolError):
        apply_chain(PRESETS["hall"], np.zeros((1, 100), dtype=np.float32))


def test_streaming_a_long_stem_gives_the_samples_of_one_call():
    # 14 s: more than two of apply_chain's 6 s blocks and a partial one, through every kind of effect.
    rng = np.random.default_rng(7)
    audio = tone(220, seconds=14.0) + (rng.standard_normal((2, 14 * SR)) * 0.05).astype(np.float32)
    chain = EffectChain(
        effects=(
            Eq(bands=(EqBand(kind="low_shelf", frequency_hz=200, gain_db=-3), EqBand(kind="peak"))),
            Compressor(threshold_db=-24, ratio=6),
            Distortion(drive_db=6),
            Chorus(feedback=0.3),
            Phaser(),
            Delay(delay_seconds=0.3, feedback=0.5, mix=0.4),
            Reverb(room_size=0.9),
            Lowpass(cutoff_hz=8000),
            Highpass(cutoff_hz=60),
            Limiter(threshold_db=-6),
            Gain(gain_db=-2),
        )
    )
    streamed = apply_chain(chain, audio)
    at_once = build_board(chain)(audio, SR, reset=True)
    assert np.array_equal(streamed, at_once)
    assert np.abs(streamed[:, -SR:]).max() > 0.01  # the end of the last, partial block was processed
