"""Mood profiles: how a mood moves the music, not only its loudness.

Each mood sets harmony (its own family of progressions, which the genre mixes with its own by
`GenreProfile.mood_harmony`, colour tones and how many bars a chord lasts), rhythm (the drums' feel:
half-time, straight or double-time; how busy the bass is; how dense the melody is), register (semitones
the melodic parts move), voicing (close, open or wide chords) and articulation (how much of its written
length a note sounds), besides energy and dynamics. The model card (engine/compose/model/MODEL_CARD.md)
has this table in words.

Progressions use the chord tokens of genres.py: scale degrees in the song's mode, bars separated by
spaces, two chords in a bar joined by "-".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MoodProfile:
    name: str
    energy: float  # multiplies section energy
    density: float  # multiplies genre density
    velocity: int  # added to every velocity
    darkness: float  # 0..1, preference for minor-coloured progressions
    colours: tuple[str, ...]  # chord colours the mood adds to plain triads
    tension: float  # probability that a plain triad takes one of the colours
    major_progressions: tuple[str, ...]  # the mood's progression family in major-family modes ...
    minor_progressions: tuple[str, ...]  # ... and in minor-family modes
    bars_per_chord: float  # harmonic rhythm: 2 holds each chord two bars, 0.5 changes every two beats
    feel: str  # drums: "half" (backbeat on 3), "straight", "double" (16th hats, 8th kicks)
    bass_motion: str  # "sustain" (long roots), "pattern" (the genre's, by section energy), "busy"
    register: int  # semitones the melodic parts (lead, counter-melody, arpeggio) move
    spread: str  # chord voicing: "close" (within an octave), "open" (up to two), "wide" (root below)
    articulation: float  # share of its written length a melodic or chord note sounds
    # Chords the mood borrows from the parallel minor in major keys ("~4" the minor iv, "~6" bVI, "~7"
    # bVII; harmony.borrow), likeliest first; most moods borrow one now and then.
    borrowed: tuple[str, ...] = ()


MOOD_PROFILES: dict[str, MoodProfile] = {
    "happy": MoodProfile(
        name="happy",
        energy=1.0,
        density=1.05,
        velocity=4,
        darkness=0.0,
        colours=("sus2", "9"),
        tension=0.1,
        major_progressions=("1 5 6 4", "1 4 5 4", "1 4 1 5", "4 5 1 1"),
        minor_progressions=("1 3 7 1", "1 6 7 1", "1 7 1 5"),
        bars_per_chord=1.0,
        feel="straight",
        bass_motion="pattern",
        register=3,
        spread="close",
        articulation=0.65,
    ),
    "sad": MoodProfile(
        name="sad",
        energy=0.8,
        density=0.8,
        velocity=-10,
        darkness=0.9,
        colours=("7",),
        tension=0.25,
        major_progressions=("6 4 1 5", "1 3 6 4", "6 5 4 5", "1 3 6 5"),
        minor_progressions=("1 6 3 7", "1 4 6 5", "1 7 6 5", "6 4 1 1"),
        bars_per_chord=2.0,
        feel="half",
        bass_motion="pattern",
        register=-4,
        spread="close",
        articulation=1.0,
        borrowed=("~4", "~6"),
    ),
    "calm": MoodProfile(
        name="calm",
        energy=0.75,
        density=0.75,
        velocity=-12,
        darkness=0.2,
        colours=("9", "7"),
        tension=0.2,
        major_progressions=("1 4", "1 1 4 4", "1 6 4 1", "4 1"),
        minor_progressions=("1 4", "1 6 1 6", "1 1 4 4"),
        bars_per_chord=2.0,
        feel="half",
        bass_motion="sustain",
        register=0,
        spread="open",
        articulation=0.95,
        borrowed=("~4",),
    ),
    "energetic": MoodProfile(
        name="energetic",
        energy=1.15,
        density=1.2,
        velocity=10,
        darkness=0.1,
        colours=("sus4",),
        tension=0.1,
        major_progressions=("1 5 6 4", "6 4 1 5", "1 4 6 5", "1 1 4 5"),
        minor_progressions=("1 6 7 1", "1 7 6 7", "6 7 1 1", "1 3 7 6"),
        bars_per_chord=1.0,
        feel="double",
        bass_motion="busy",
        register=5,
        spread="close",
        articulation=0.6,
        borrowed=("~7",),
    ),
    "dark": MoodProfile(
        name="dark",
        energy=0.95,
        density=0.95,
        velocity=0,
        darkness=1.0,
        colours=("7",),
        tension=0.3,
        major_progressions=("1 6 1 3", "1 3 6 1", "1 1 6 3"),
        minor_progressions=("1 6 1 7", "1 4 1 6", "1 1 6 5", "1 6 7 1"),
        bars_per_chord=1.0,
        feel="half",
        bass_motion="busy",
        register=-7,
        spread="close",
        articulation=0.8,
        borrowed=("~6",),
    ),
    "romantic": MoodProfile(
        name="romantic",
        energy=0.85,
        density=0.9,
        velocity=-5,
        darkness=0.3,
        colours=("7", "9"),
        tension=0.4,
        major_progressions=("1 6 2 5", "1 3 4 5", "1 5 6 3 4 1 4 5", "4 5 1 6"),
        minor_progressions=("1 4 7 3", "6 4 1 5", "1 6 4 5", "1 7 3 6"),
        bars_per_chord=0.5,
        feel="straight",
        bass_motion="pattern",
        register=1,
        spread="open",
        articulation=1.0,
        borrowed=("~4",),
    ),
    "epic": MoodProfile(
        name="epic",
        energy=1.15,
        density=1.0,
        velocity=12,
        darkness=0.4,
        colours=("sus4", "sus2"),
        tension=0.25,
        major_progressions=("4 1 5 6", "1 5 4 4", "6 4 5 1", "1 3 4 1"),
        minor_progressions=("1 6 3 7", "1 3 7 6", "6 7 1 1"),
        bars_per_chord=1.0,
        feel="double",
        bass_motion="busy",
        register=2,
        spread="wide",
        articulation=0.85,
        borrowed=("~6", "~7"),
    ),
    "dreamy": MoodProfile(
        name="dreamy",
        energy=0.8,
        density=0.8,
        velocity=-8,
        darkness=0.3,
        colours=("9", "7", "sus2"),
        tension=0.45,
        major_progressions=("1 4", "1 3 4 1", "4 1 4 1", "1 2 4 1"),
        minor_progressions=("1 7 6 7", "6 1 6 1", "1 3 6 6"),
        bars_per_chord=2.0,
        feel="half",
        bass_motion="sustain",
        register=8,
        spread="wide",
        articulation=1.0,
        borrowed=("~4",),
    ),
}


def mood_profile(mood: str) -> MoodProfile:
    """The profile of a mood from engine.spec.MOODS."""
    return MOOD_PROFILES[mood]
