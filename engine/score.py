"""Score: the composer's output, a symbolic multi-track arrangement (times in ticks)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from engine.instruments import Role

TICKS_PER_BEAT = 480


class Note(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)  # ticks from the start of the song
    duration: int = Field(gt=0)  # ticks
    pitch: int = Field(ge=0, le=127)
    velocity: int = Field(ge=1, le=127)

    @property
    def end(self) -> int:
        return self.start + self.duration


class Section(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str  # intro, verse, pre_chorus, chorus, bridge, outro ...
    start_bar: int = Field(ge=0)
    bars: int = Field(gt=0)
    energy: float = Field(ge=0.0, le=1.0)


class Chord(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)  # ticks
    duration: int = Field(gt=0)
    root: int = Field(ge=0, le=11)  # pitch class
    quality: str  # "maj", "min", "dim", "aug", "sus2", "sus4", "7", "maj7", "min7", "m7b5" ...
    symbol: str  # human-readable, e.g. "Am7"
    pitch_classes: tuple[int, ...]  # the chord's pitch classes, root first


class Track(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    instrument: str  # slug from engine.instruments
    program: int = Field(ge=0, le=127)
    bank: int  # 0 melodic, 128 drum kit
    role: Role
    notes: tuple[Note, ...]

    @property
    def is_drums(self) -> bool:
        return self.bank == 128


class Score(BaseModel):
    model_config = ConfigDict(frozen=True)

    ticks_per_beat: int = TICKS_PER_BEAT
    tempo: float = Field(gt=0)  # BPM, constant for the whole song
    key: str  # canonical tonic, e.g. "Eb"
    mode: str
    beats_per_bar: int = 4
    beat_unit: int = 4
    bars: int = Field(gt=0)
    genre: str
    mood: str
    seed: int
    sections: tuple[Section, ...]
    chords: tuple[Chord, ...]
    tracks: tuple[Track, ...]

    @property
    def ticks_per_bar(self) -> int:
        return self.ticks_per_beat * self.beats_per_bar

    @property
    def total_ticks(self) -> int:
        return self.bars * self.ticks_per_bar

    @property
    def seconds_per_tick(self) -> float:
        return 60.0 / (self.tempo * self.ticks_per_beat)

    @property
    def duration_seconds(self) -> float:
        """Musical length: the end of the last bar (rendered audio adds a release tail)."""
        return self.total_ticks * self.seconds_per_tick
