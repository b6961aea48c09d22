"""The head state is the song: its summary fields, title and playable tracks follow the edit log's head."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from engine.edit.state import SongState
from engine.instruments import INSTRUMENTS_BY_SLUG
from songs.models import RenderedStem, Song, SongRender
from songs.state import applied_ops, song_state, state_hash
from songs.titles import song_state_title


def song_head_render(*, song: Song, ops: list[dict[str, Any]] | None = None) -> SongRender | None:
    """The render of the head state, if it has been made."""
    ops = applied_ops(song) if ops is None else ops
    return SongRender.objects.filter(song=song, state_hash=state_hash(ops)).first()


def song_head_sync(*, song: Song, state: SongState | None = None) -> Song:
    """Bring the song's summary to its head state (`state`, if given, is that state): tempo, key, mode,
    bars, length, loudness once rendered, track names, and the title unless the user gave one."""
    ops = applied_ops(song)
    state = song_state(song, ops) if state is None else state
    score = state.score
    render = song_head_render(song=song, ops=ops)
    fields: dict[str, Any] = {
        "tempo": score.tempo,
        "key": score.key,
        "mode": score.mode,
        "bars": score.bars,
        "duration_seconds": render.duration_seconds if render else score.duration_seconds,
        "loudness_lufs": render.loudness_lufs if render else None,
        "true_peak_dbtp": render.true_peak_dbtp if render else None,
        "track_names": [track.name for track in score.tracks],
        "updated_at": timezone.now(),
    }
    fields["title"] = song_state_title(song=song, key=score.key, mode=score.mode)
    Song.objects.filter(pk=song.pk).update(**fields)
    for name, value in fields.items():
        setattr(song, name, value)
    return song


def song_head_render_landed(*, song: Song, render: SongRender) -> None:
    """A render finished: if it is the head's, the song's measured length and loudness are now known."""
    song = Song.objects.get(pk=song.pk)  # the head now, not when the render started
    if render.state_hash != state_hash(applied_ops(song)):
        return  # the head moved on meanwhile; its own render will report
    Song.objects.filter(pk=song.pk).update(
        duration_seconds=render.duration_seconds,
        loudness_lufs=render.loudness_lufs,
        true_peak_dbtp=render.true_peak_dbtp,
        updated_at=timezone.now(),
    )


def playable_render(*, song: Song, render: SongRender | None) -> SongRender | None:
    """What to play: the head's render, else the latest one (the browser applies fader changes itself
    until the head's render lands)."""
    return render or SongRender.objects.filter(song=song).order_by("-created_at").first()


def head_tracks(*, song: Song, state: SongState, render: SongRender | None) -> list[dict[str, Any]]:
    """The state's tracks as the players show them: names, faders, and the stem to play with its peaks."""
    source = playable_render(song=song, render=render)
    keys: dict[str, str] = dict(source.stem_keys) if source else {}
    stored = {s.key: s for s in RenderedStem.objects.filter(song=song, key__in=list(keys.values()))}
    tracks = []
    for index, (track_state, track) in enumerate(zip(state.tracks, state.score.tracks, strict=True)):
        stem = stored.get(keys.get(track_state.id, ""))
        known = INSTRUMENTS_BY_SLUG.get(track.instrument)
        tracks.append(
            {
                "id": track_state.id,
                "index": index,
                "name": track.name,
                "instrument": track.instrument,
                # An audio track is named after its recording (the name is unique in the song).
                "instrument_name": track.name
                if track_state.audio
                else (known.name if known else track.instrument),
                "role": str(track.role),
                "is_drums": track.is_drums,
                "gain_db": track_state.mix.gain_db,
                "pan": track_state.mix.pan,
                "mute": track_state.mix.mute,
                "solo": track_state.mix.solo,
                "stem_url": None
                if stem is None
                else reverse("song-stem", kwargs={"song_id": song.pk, "key": stem.key}),
                "stem_gain_db": stem.file_gain_db if stem else 0.0,
                "peaks": stem.peaks if stem else [],
            }
        )
    return tracks


@dataclass(frozen=True)
class SongHeadView:
    """What a song's page shows of its head: sections, tracks with stems, whether the head is rendered."""

    sections: list[dict[str, Any]] = field(default_factory=list)
    tracks: list[dict[str, Any]] = field(default_factory=list)
    rendered: bool = False


def song_head_view(*, song: Song) -> SongHeadView:
    """The head state as the song's page and player show it (empty until the song is generated)."""
    if song.status != Song.Status.READY or not song.score:
        return SongHeadView()
    ops = applied_ops(song)
    state = song_state(song, ops)
    render = song_head_render(song=song, ops=ops)
    sections = [{"name": s.name, "start_bar": s.start_bar, "bars": s.bars} for s in state.score.sections]
    return SongHeadView(
        sections=sections,
        tracks=head_tracks(song=song, state=state, render=render),
        rendered=render is not None,
    )
