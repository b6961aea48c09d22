"""The hum-to-song part of the generate job: transcribe the melody, settle tempo and key, arrange."""

from __future__ import annotations

import math

from core.exceptions import ApplicationError
from engine.audio_io.ffmpeg import SAMPLE_RATE, decode
from engine.compose.from_melody import MelodyNote, compose_around_melody
from engine.limits import bars_within
from engine.progress import Progress
from engine.score import Score
from engine.spec import LENGTH_BARS_MIN, TEMPO_MAX, TEMPO_MIN, SongSpec
from engine.transcribe import Melody, melody_from_audio
from engine.transcribe.grid import STEPS_PER_BAR
from songs.job_params import MelodySource
from songs.melody.services import MELODY_MAX_SECONDS
from songs.models import Song
from uploads.models import Upload
from uploads.selectors import upload_working_copy_path

MIN_SONG_BARS = 8  # a short tune is repeated into a song of at least this many bars
MELODY_UPLOAD_GONE = "The recording of this melody is no longer available. Record or upload it again."


def melody_song_compose(*, song: Song, source: MelodySource, report: Progress) -> Score:
    """Transcribe the song's melody and compose the song around it; the song's spec, tempo and key
    become the melody's (those the user gave are kept)."""
    upload = Upload.objects.filter(pk=source.upload_id).first()
    if upload is None:
        raise ApplicationError(MELODY_UPLOAD_GONE)
    spec = SongSpec.model_validate(song.spec)
    report("Listening to the melody", 0.01)
    audio = decode(upload_working_copy_path(upload), max_seconds=MELODY_MAX_SECONDS + 1)
    melody = melody_from_audio(
        audio,
        SAMPLE_RATE,
        tempo=spec.tempo if source.tempo_given else None,
        starts_on_downbeat=source.starts_on_downbeat,
    )
    report("Arranging around the melody", 0.04)
    spec = _settled_spec(spec, melody, source)
    score = compose_around_melody(spec, melody_notes(melody, bars=spec.bar_count()))
    Song.objects.filter(pk=song.pk).update(
        spec=spec.model_dump(mode="json"), tempo=spec.tempo, key=spec.key, mode=spec.mode
    )
    return score


def melody_notes(melody: Melody, *, bars: int) -> list[MelodyNote]:
    """The quantised melody as the composer takes it, its loudness as velocity, within the song's bars."""
    last_step = bars * STEPS_PER_BAR
    return [
        MelodyNote(
            step=n.step,
            steps=min(n.steps, last_step - n.step),
            pitch=n.pitch,
            velocity=max(40, min(120, round(55 + 60 * n.strength))),
        )
        for n in melody.notes
        if n.step < last_step
    ]


def song_bars(melody_bars: int, at_least: int, *, most: int) -> int:
    """The song's length: the melody in whole 2-bar phrases, repeated until the song has `at_least` bars,
    and no more than `most` (an even number: the melody is cut there when it is longer)."""
    phrase = min(most, max(LENGTH_BARS_MIN, 2 * math.ceil(melody_bars / 2)))
    return min(most, phrase * math.ceil(at_least / phrase))


def _settled_spec(spec: SongSpec, melody: Melody, source: MelodySource) -> SongSpec:
    tempo = spec.tempo if source.tempo_given else round(min(TEMPO_MAX, max(TEMPO_MIN, melody.tempo)))
    most = bars_within(tempo) // 2 * 2  # whole phrases within the song budget at the song's tempo
    at_least = spec.bar_count() if source.length_given else MIN_SONG_BARS
    bars = song_bars(melody.bars, at_least, most=most)
    changes: dict[str, object] = {"tempo": tempo, "length_bars": bars, "length_seconds": None}
    if not source.key_given:
        changes.update(key=melody.key, mode=melody.mode)
    return SongSpec.model_validate({**spec.model_dump(), **changes})
