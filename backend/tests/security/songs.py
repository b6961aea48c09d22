"""Songs for the attack tests, made fast: a ready song stored from a score the test builds (no composing,
no rendering), owned by a visitor's session as one made through the API would be."""

from __future__ import annotations

from django.test import Client

from core.visibility import Requester
from engine.pipeline import default_mixes
from engine.score import Score
from engine.spec import SongSpec
from songs.generation.services import song_pending_create
from songs.models import Song, Track
from tests.engine.song_fixtures import band_score

SPEC = SongSpec.model_validate(
    {
        "genre": "pop",
        "mood": "happy",
        "tempo": 120,
        "key": "C",
        "instruments": [{"instrument": "acoustic_grand_piano"}],
        "length_bars": 4,
    }
)


def visitor_session(client: Client) -> str:
    """The visitor's session key (the first API call makes it)."""
    client.get("/api/options")
    key = client.session.session_key
    assert key
    return key


def ready_song(client: Client, *, bars: int, tempo: float) -> Song:
    """A ready song of the band fixture, `bars` long at `tempo`, owned by the client's visitor."""
    score: Score = band_score(bars=bars, tempo=tempo)
    requester = Requester(user=None, session_key=visitor_session(client))
    song = song_pending_create(requester=requester, spec=SPEC, title="Probe", title_is_custom=True)
    Track.objects.bulk_create(
        Track(
            song=song,
            index=index,
            name=track.name,
            instrument=track.instrument,
            role=track.role.value,
            program=track.program,
            bank=track.bank,
            gain_db=mix.gain_db,
            pan=mix.pan,
        )
        for index, (track, mix) in enumerate(zip(score.tracks, default_mixes(score), strict=True))
    )
    Song.objects.filter(pk=song.pk).update(
        score=score.model_dump(mode="json"),
        bars=score.bars,
        tempo=score.tempo,
        duration_seconds=score.duration_seconds,
        status=Song.Status.READY,
    )
    return Song.objects.get(pk=song.pk)
