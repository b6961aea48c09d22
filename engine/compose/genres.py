"""Genre and mood profiles: the data that steers every rule of the composer.

A progression is a string of bars separated by spaces; a bar holding two chords joins them with "-".
A chord token is a scale degree (1-7, in the song's mode) with an optional colour after ":":
"7" (diatonic seventh), "9" (added ninth), "sus2", "sus4", "dom7" (dominant seventh on the degree,
possibly chromatic), "maj" (major triad, e.g. the harmonic-minor V) and "6" (major triad with an added
sixth, the jazz tonic). Chromatic colours fall back to their diatonic form unless the profile allows
that chromatic tone (see harmony.chromatic_exceptions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

MINOR_FAMILY: frozenset[str] = frozenset({"minor", "dorian", "phrygian", "harmonic_minor"})


@dataclass(frozen=True)
class GenreProfile:
    name: str
    swing: float  # 0 straight .. 1 full triplet swing
    swing_16ths: bool  # swing the 16th offbeats (hip-hop, lo-fi) instead of the 8th offbeats
    groove: str  # drum groove name (parts/drums.py)
    major_progressions: tuple[str, ...]
    minor_progressions: tuple[str, ...]
    cadence: tuple[str, ...]  # tokens of the song's last bars; the last is always the tonic
    bass_style: str  # root_fifth, driving, octaves, walking, funk, sub808, lazy, pedal
    comp_style: (
        str  # strum, power, offbeat, funk_stabs, jazz_comp, shuffle, lazy, alberti, ostinato, sparse, block
    )
    density: float  # 0..1, how busy melodic parts are
    timing_jitter: int  # ticks of random timing humanisation (either side)
    velocity_jitter: int
    sevenths: bool = False  # mood colours may add sevenths
    leading_tone: bool = False  # in the (natural) minor mode, V may take the raised 7th
    blue_notes: bool = False  # b3 and b7 above the tonic are allowed in dominant-seventh chords
    blue_inflection: float = 0.0  # share of a lead's long thirds and fifths bent up from the blue note below
    section_bars: int = 8  # phrase-group length of verses and choruses in long songs
    mood_grooves: dict[str, str] = field(default_factory=dict)  # mood -> alternative groove
    mood_harmony: float = 0.5  # share of sections whose progression comes from the mood's family
    fixed_form: bool = False  # the progression's bars are the form (12-bar blues): moods keep its rhythm
    learned_corpus: str = ""  # progressions learned from this corpus (model/progressions.json) ...
    learned_share: float = 0.0  # ... write this share of the sections' progressions
    # The bar that ends a section before one that starts on the tonic, (major, minor); "" for none.
    turnaround: tuple[str, str] = ("", "")
    # How likely each intro is (arrangement.INTROS): the band without the lead, the drums first, the
    # harmony alone.
    intro_weights: tuple[float, float, float] = (0.4, 0.3, 0.3)

    def step_offsets(self) -> tuple[int, int, int, int]:
        """Ticks after the beat of its four 16th steps, with swing applied."""
        swing_16 = round(40 * self.swing)
        if self.swing_16ths:
            return (0, 120 + swing_16, 240, 360 + swing_16)
        return (0, 120 + swing_16, 240 + round(80 * self.swing), 360 + swing_16)


_POP_MAJOR = ("1 5 6 4", "6 4 1 5", "1 6 4 5", "1 4 6 5", "4 1 5 6", "1 3 4 5")
_POP_MINOR = ("1 6 3 7", "1 7 6 7", "6 7 1 1", "1 4 6 5", "1 3 7 4")

GENRE_PROFILES: dict[str, GenreProfile] = {
    "pop": GenreProfile(
        name="pop",
        swing=0.0,
        swing_16ths=False,
        groove="backbeat",
        major_progressions=_POP_MAJOR,
        minor_progressions=_POP_MINOR,
        cadence=("4", "5", "1"),
        turnaround=("4-5", "4-5"),
        bass_style="root_fifth",
        comp_style="strum",
        density=0.55,
        timing_jitter=4,
        velocity_jitter=6,
    ),
    "rock": GenreProfile(
        name="rock",
        swing=0.0,
        swing_16ths=False,
        groove="rock",
        major_progressions=("1 4 5 4", "1 5 4 4", "6 4 1 5", "1 4 1 5", "4 5 1 1"),
        minor_progressions=("1 7 6 7", "1 6 7 1", "1 4 7 3", "1 3 4 6"),
        cadence=("4", "5", "1"),
        turnaround=("4-5", "4-5"),
        bass_style="driving",
        comp_style="power",
        blue_inflection=0.2,
        density=0.55,
        timing_jitter=4,
        velocity_jitter=8,
    ),
    "electronic": GenreProfile(
        name="electronic",
        intro_weights=(0.3, 0.5, 0.2),
        swing=0.0,
        swing_16ths=False,
        groove="four_floor",
        major_progressions=("1 1 4 4", "6 4 1 5", "4 5 6 6", "1 5 6 4"),
        minor_progressions=("1 6 3 7", "1 1 6 7", "1 6 4 7", "6 7 1 1"),
        cadence=("4", "1"),
        turnaround=("4-5", "4-5"),
        bass_style="octaves",
        comp_style="offbeat",
        density=0.6,
        timing_jitter=0,
        velocity_jitter=4,
    ),
    "hip_hop": GenreProfile(
        name="hip_hop",
        intro_weights=(0.3, 0.5, 0.2),
        swing=0.35,
        swing_16ths=True,
        groove="boom_bap",
        major_progressions=(
            "2:7 5:7 1:7 1:7",
            "4:7 3:7 6:7 6:7",
            "1:7 6:7 4:7 5",
            "1:7 4:7 1:7 4:7",
            "6:7 2:7 5:7 1:7",
            "4:7 5:7 3:7 6:7",
        ),
        minor_progressions=(
            "1 6",
            "1 4 6 5",
            "1 1 6 6",
            "1:7 4:7 1:7 4:7",
            "1:7 7 6:7 7",
            "6:7 7 1:7 1:7",
            "1:7 5:7 6:7 4:7",
        ),
        cadence=("6", "1"),
        turnaround=("4-5", "4-5"),
        bass_style="sub808",
        comp_style="sparse",
        density=0.45,
        timing_jitter=6,
        velocity_jitter=8,
        sevenths=True,
        mood_grooves={"dark": "trap", "energetic": "trap", "epic": "trap"},
    ),
    "lofi": GenreProfile(
        name="lofi",
        mood_harmony=0.4,
        swing=0.5,
        swing_16ths=True,
        groove="lofi",
        major_progressions=("2:7 5:7 1:7 6:7", "4:7 3:7 2:7 1:7", "1:7 6:7 2:7 5:7", "4:7 5:7 3:7 6:7"),
        minor_progressions=("1:7 4:7 7:7 3:7", "6:7 5:7 1:7 1:7", "1:7 6:7 2:7 5:7"),
        cadence=("2:7", "5:7", "1:9"),
        turnaround=("2:7-5:7", "2:7-5:7"),
        bass_style="lazy",
        comp_style="lazy",
        density=0.4,
        timing_jitter=10,
        velocity_jitter=10,
        sevenths=True,
    ),
    "jazz": GenreProfile(
        name="jazz",
        intro_weights=(0.4, 0.2, 0.4),
        mood_harmony=0.25,
        swing=1.0,
        swing_16ths=False,
        groove="jazz_swing",
        major_progressions=(
            "2:7 5:7 1:6 1:6",
            "1:6-6:7 2:7-5:7",
            "1:6 6:7 2:7 5:7",
            "1:6 4:7 3:7-6:7 2:7-5:7",
        ),
        minor_progressions=("2:7 5:dom7 1:7 1:7", "1:7 4:7 2:7 5:dom7", "1:7-6:7 2:7-5:dom7"),
        cadence=("2:7", "5:dom7", "1:9"),
        turnaround=("2:7-5:7", "2:7-5:dom7"),
        bass_style="walking",
        comp_style="jazz_comp",
        blue_inflection=0.35,
        density=0.6,
        timing_jitter=8,
        velocity_jitter=10,
        sevenths=True,
        leading_tone=True,
    ),
    "classical": GenreProfile(
        name="classical",
        intro_weights=(0.4, 0.0, 0.6),
        mood_harmony=0.3,
        swing=0.0,
        swing_16ths=False,
        groove="orchestral",
        major_progressions=("1 4 5 1", "1 6 4 5", "1 2 5 1", "1-4 1-5 6-4 5", "1 5 6 3 4 1 4 5"),
        minor_progressions=("1 4 5:maj 1", "1 6 4 5:maj", "1 4 7 3 6 4 5:maj 1", "1-4 1-5:maj"),
        cadence=("4", "5:maj", "1"),
        turnaround=("4-5", "4-5:maj"),
        bass_style="pedal",
        comp_style="alberti",
        density=0.5,
        timing_jitter=3,
        velocity_jitter=6,
        leading_tone=True,
        learned_corpus="chorales",
        learned_share=0.7,
    ),
    "ambient": GenreProfile(
        name="ambient",
        intro_weights=(0.4, 0.0, 0.6),
        swing=0.0,
        swing_16ths=False,
        groove="ambient",
        major_progressions=("1 1 4 4", "1:9 4:9", "1 2 1 2", "6 4 1 1"),
        minor_progressions=("1 1 6 6", "1:9 7 6 7", "1 4:7 1 4:7"),
        cadence=("4", "1"),
        turnaround=("4", "4"),
        bass_style="pedal",
        comp_style="block",
        density=0.25,
        timing_jitter=4,
        velocity_jitter=5,
        sevenths=True,
    ),
    "folk": GenreProfile(
        name="folk",
        swing=0.0,
        swing_16ths=False,
        groove="folk",
        major_progressions=("1 4 1 5", "1 5 4 1", "1 4 5 1", "6 4 1 5", "1 1 4 5"),
        minor_progressions=("1 7 6 7", "1 3 7 1", "1 4 1 5", "1 7 1 4"),
        cadence=("4", "5", "1"),
        turnaround=("4-5", "4-5"),
        bass_style="root_fifth",
        comp_style="strum",
        density=0.5,
        timing_jitter=5,
        velocity_jitter=8,
        learned_corpus="folk",
        learned_share=0.6,
    ),
    "funk": GenreProfile(
        name="funk",
        intro_weights=(0.3, 0.5, 0.2),
        mood_harmony=0.25,
        swing=0.3,
        swing_16ths=True,
        groove="funk",
        major_progressions=("1:7 1:7 4:7 4:7", "1:7 4:7 1:7 5:7", "2:7 5:7 2:7 5:7"),
        minor_progressions=("1:7 1:7 4:7 4:7", "1:7 7 1:7 7", "1:7 4:7 1:7 5:7"),
        cadence=("4:7", "5:7", "1:9"),
        turnaround=("2:7-5:7", "4:7-5:7"),
        bass_style="funk",
        comp_style="funk_stabs",
        density=0.65,
        timing_jitter=3,
        velocity_jitter=10,
        sevenths=True,
    ),
    "cinematic": GenreProfile(
        name="cinematic",
        intro_weights=(0.4, 0.0, 0.6),
        swing=0.0,
        swing_16ths=False,
        groove="cinematic",
        major_progressions=("1 5 6 4", "6 4 1 5", "1 3 6 4", "4 1 5 6"),
        minor_progressions=("1 6 3 7", "1 6 4 5:maj", "6 4 1 5", "1 7 6 5:maj"),
        cadence=("6", "4", "1"),
        turnaround=("4-5", "4-5:maj"),
        bass_style="pedal",
        comp_style="ostinato",
        density=0.45,
        timing_jitter=3,
        velocity_jitter=6,
        leading_tone=True,
        learned_corpus="chorales",
        learned_share=0.25,
    ),
    "blues": GenreProfile(
        name="blues",
        intro_weights=(0.4, 0.2, 0.4),
        mood_harmony=0.0,
        fixed_form=True,
        swing=1.0,
        swing_16ths=False,
        groove="shuffle",
        # Twelve-bar forms: quick change to IV in bar 2 or not; V-IV or ii-V in bars 9-10; a one-bar
        # or a two-chord turnaround; jazz blues with a III-VI or VI-II walk into bar 9 and two chords in
        # the turnaround bars. Which of them a song may take follows the mood's harmonic rhythm
        # (harmony.fixed_forms).
        major_progressions=(
            "1:dom7 4:dom7 1:dom7 1:dom7 4:dom7 4:dom7 1:dom7 1:dom7 5:dom7 4:dom7 1:dom7 5:dom7",
            "1:dom7 1:dom7 1:dom7 1:dom7 4:dom7 4:dom7 1:dom7 1:dom7 5:dom7 4:dom7 1:dom7 1:dom7",
            "1:dom7 4:dom7 1:dom7 1:dom7 4:dom7 4:dom7 1:dom7 1:dom7 2:7 5:dom7 1:dom7 5:dom7",
            "1:dom7 1:dom7 1:dom7 1:dom7 4:dom7 4:dom7 1:dom7 1:dom7 5:dom7 4:dom7 "
            "1:dom7-4:dom7 1:dom7-5:dom7",
            "1:dom7 4:dom7 1:dom7 1:dom7 4:dom7 4:dom7 1:dom7 1:dom7 2:7 5:dom7 1:dom7-4:dom7 1:dom7-5:dom7",
            "1:dom7 1:dom7 1:dom7 1:dom7 4:dom7 4:dom7 1:dom7 1:dom7 2:7 5:dom7 1:dom7 5:dom7",
            "1:dom7 4:dom7 1:dom7 1:dom7 4:dom7 4:dom7 1:dom7 3:7-6:7 2:7 5:dom7 1:dom7-6:7 2:7-5:dom7",
            "1:dom7 4:dom7 1:dom7 1:dom7 4:dom7 4:dom7 1:dom7-3:7 6:7 2:7 5:dom7 1:dom7-6:7 2:7-5:dom7",
        ),
        minor_progressions=(
            "1:7 1:7 1:7 1:7 4:7 4:7 1:7 1:7 6:7 5:dom7 1:7 5:dom7",
            "1:7 4:7 1:7 1:7 4:7 4:7 1:7 1:7 5:dom7 4:7 1:7 5:dom7",
            "1:7 4:7 1:7 1:7 4:7 4:7 1:7 1:7 6:7 5:dom7 1:7-4:7 1:7-5:dom7",
            "1:7 1:7 1:7 1:7 4:7 4:7 1:7 1:7 2:7 5:dom7 1:7 5:dom7",
            "1:7 4:7 1:7 1:7 4:7 4:7 1:7 1:7 6:7-5:dom7 5:dom7 1:7-6:7 2:7-5:dom7",
            "1:7 1:7 1:7 1:7 4:7 4:7 1:7 3:7-6:7 2:7 5:dom7 1:7-4:7 2:7-5:dom7",
        ),
        cadence=("5:dom7", "4:dom7", "1:dom7"),
        bass_style="walking",
        comp_style="shuffle",
        blue_inflection=0.5,
        density=0.5,
        timing_jitter=6,
        velocity_jitter=10,
        sevenths=True,
        leading_tone=True,
        blue_notes=True,
        section_bars=12,
    ),
}


def genre_profile(genre: str) -> GenreProfile:
    """The profile of a genre from engine.spec.GENRES."""
    return GENRE_PROFILES[genre]
