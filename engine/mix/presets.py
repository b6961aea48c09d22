"""Named effect presets: starting points the editor offers for a track or the master."""

from __future__ import annotations

from engine.mix.effects import (
    Chorus,
    Compressor,
    Delay,
    Distortion,
    EffectChain,
    Eq,
    EqBand,
    Highpass,
    Lowpass,
    Reverb,
)

PRESETS: dict[str, EffectChain] = {
    "hall": EffectChain(
        effects=(Reverb(room_size=0.9, damping=0.3, wet_level=0.35, dry_level=0.7, width=1.0),)
    ),
    "room": EffectChain(
        effects=(Reverb(room_size=0.35, damping=0.6, wet_level=0.2, dry_level=0.85, width=0.8),)
    ),
    "slapback": EffectChain(effects=(Delay(delay_seconds=0.11, feedback=0.0, mix=0.3),)),
    "telephone": EffectChain(
        effects=(
            Highpass(cutoff_hz=400.0),
            Lowpass(cutoff_hz=3400.0),
            Eq(bands=(EqBand(kind="peak", frequency_hz=1500.0, gain_db=6.0, q=1.0),)),
            Distortion(drive_db=8.0),
        )
    ),
    "warm": EffectChain(
        effects=(
            Eq(
                bands=(
                    EqBand(kind="low_shelf", frequency_hz=200.0, gain_db=2.5),
                    EqBand(kind="high_shelf", frequency_hz=6000.0, gain_db=-3.0),
                )
            ),
            Compressor(threshold_db=-20.0, ratio=2.5, attack_ms=15.0, release_ms=200.0),
        )
    ),
    "bright": EffectChain(
        effects=(
            Eq(
                bands=(
                    EqBand(kind="high_shelf", frequency_hz=5000.0, gain_db=4.0),
                    EqBand(kind="peak", frequency_hz=300.0, gain_db=-2.0, q=1.0),
                )
            ),
        )
    ),
    "radio": EffectChain(
        effects=(
            Highpass(cutoff_hz=150.0),
            Lowpass(cutoff_hz=6000.0),
            Compressor(threshold_db=-24.0, ratio=6.0, attack_ms=2.0, release_ms=80.0),
        )
    ),
    "wide chorus": EffectChain(
        effects=(Chorus(rate_hz=0.8, depth=0.45, centre_delay_ms=12.0, feedback=0.1, mix=0.5),)
    ),
}


def preset(name: str) -> EffectChain:
    """A preset chain by name; ValueError naming the choices if unknown."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"Unknown effect preset '{name}'. Choose one of: {', '.join(PRESETS)}.") from None
