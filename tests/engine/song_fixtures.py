"""Small synthetic Scores for the audio tests (no composer needed)."""

from __future__ import annotations

from engine.instruments import Role, instrument
from engine.score import TICKS_PER_BEAT, Chord, Note, Score, Section, Track

# Chord roots of a I-V-vi-IV loop in C, one per bar.
_PROGRESSION = ((0, (0, 4, 7)), (7, (7, 11, 2)), (9, (9, 0, 4)), (5, (5, 9, 0)))


def make_track(slug: str, notes: list[Note], *, role: Role | None = None, name: str | None = None) -> Track:
    inst = instrument(slug)
    return Track(
        name=name or inst.name,
        instrument=slug,
        program=inst.program,
        bank=inst.bank,
        role=role or inst.default_role,
        notes=tuple(notes),
    )


def make_score(tracks: list[Track], *, bars: int, tempo: float = 120.0) -> Score:
    bar = TICKS_PER_BEAT * 4
    chords = tuple(
        Chord(
            start=i * bar,
            duration=bar,
            root=_PROGRESSION[i % 4][0],
            quality="maj",
            symbol="C",
            pitch_classes=_PROGRESSION[i % 4][1],
        )
        for i in range(bars)
    )
    return Score(
        tempo=tempo,
        key="C",
        mode="major",
        bars=bars,
        genre="pop",
        mood="happy",
        seed=1,
        sections=(Section(name="verse", start_bar=0, bars=bars, energy=0.5),),
        chords=chords,
        tracks=tuple(tracks),
    )


def band_tracks(bars: int) -> list[Track]:
    """Drums, bass, piano chords, strings pad, lead and arpeggio over a I-V-vi-IV loop."""
    beat = TICKS_PER_BEAT
    bar = beat * 4
    drums: list[Note] = []
    bass: list[Note] = []
    piano: list[Note] = []
    pad: list[Note] = []
    lead: list[Note] = []
    arp: list[Note] = []
    for b in range(bars):
        root, pcs = _PROGRESSION[b % 4]
        t0 = b * bar
        for eighth in range(8):
            t = t0 + eighth * beat // 2
            drums.append(Note(start=t, duration=beat // 4, pitch=42, velocity=70))
            arp.append(Note(start=t, duration=beat // 2, pitch=72 + pcs[eighth % 3], velocity=70))
        for beat_i in range(4):
            t = t0 + beat_i * beat
            drums.append(Note(start=t, duration=beat // 4, pitch=36 if beat_i % 2 == 0 else 38, velocity=100))
            bass.append(Note(start=t, duration=beat - 20, pitch=36 + root, velocity=95))
            for pc in pcs:
                piano.append(Note(start=t, duration=beat - 40, pitch=60 + pc, velocity=80))
        for pc in pcs:
            pad.append(Note(start=t0, duration=bar, pitch=48 + pc, velocity=70))
        for half in range(2):
            lead.append(
                Note(start=t0 + half * 2 * beat, duration=2 * beat, pitch=72 + pcs[half], velocity=90)
            )
    return [
        make_track("standard_drum_kit", drums, name="Drums"),
        make_track("fingered_electric_bass", bass, name="Bass"),
        make_track("acoustic_grand_piano", piano, role=Role.CHORDS, name="Piano (chords)"),
        make_track("string_ensemble_1", pad, role=Role.PAD, name="Strings (pad)"),
        make_track("flute", lead, role=Role.LEAD, name="Flute (lead)"),
        make_track("marimba", arp, role=Role.ARPEGGIO, name="Marimba (arpeggio)"),
    ]


def band_score(bars: int = 4, tempo: float = 120.0) -> Score:
    return make_score(band_tracks(bars), bars=bars, tempo=tempo)
