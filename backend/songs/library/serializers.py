"""Shapes of the library API: a song's head state, its downloads, library pages and updates."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import StrictBooleanField, StrictCharField
from songs.head import SongHeadView, song_head_view
from songs.library.selectors import LIBRARY_PAGE_SIZE_MAX, LIBRARY_SORTS
from songs.library.services import SONG_TITLE_EMPTY
from songs.models import Song


class SectionOutputSerializer(serializers.Serializer[dict[str, object]]):
    name = serializers.CharField()
    start_bar = serializers.IntegerField()
    bars = serializers.IntegerField()


class TrackOutputSerializer(serializers.Serializer[dict[str, object]]):
    """A track of the song's head state, with the stem to play (null until its first render lands)."""

    id = serializers.CharField()
    index = serializers.IntegerField()
    name = serializers.CharField()
    instrument = serializers.CharField()
    instrument_name = serializers.CharField()
    role = serializers.CharField()
    is_drums = serializers.BooleanField()
    stem_url = serializers.CharField(allow_null=True)
    stem_gain_db = serializers.FloatField()  # applied to the stem file so it does not clip
    peaks = serializers.ListField(child=serializers.FloatField())
    gain_db = serializers.FloatField()
    pan = serializers.FloatField()
    mute = serializers.BooleanField()
    solo = serializers.BooleanField()


class SongDownloadsSerializer(serializers.Serializer[dict[str, str | None]]):
    mp3 = serializers.CharField(allow_null=True)
    wav = serializers.CharField(allow_null=True)
    wav24 = serializers.CharField(allow_null=True)
    midi = serializers.CharField(allow_null=True)


class SongOutputSerializer(serializers.ModelSerializer[Song]):
    """The song as its head state: summary, tracks and downloads all follow the edit log's head."""

    sections = serializers.SerializerMethodField()
    tracks = serializers.SerializerMethodField()
    mix_url = serializers.SerializerMethodField()
    downloads = serializers.SerializerMethodField()

    class Meta:
        model = Song
        fields = [
            "id",
            "title",
            "status",
            "genre",
            "mood",
            "tempo",
            "key",
            "mode",
            "seed",
            "bars",
            "duration_seconds",
            "sections",
            "tracks",
            "mix_url",
            "downloads",
            "loudness_lufs",
            "true_peak_dbtp",
            "created_at",
        ]

    def _head(self, song: Song) -> SongHeadView:
        cached: SongHeadView | None = getattr(song, "_head_view", None)
        if cached is None:
            cached = song_head_view(song=song)
            song._head_view = cached  # type: ignore[attr-defined]
        return cached

    @extend_schema_field(SectionOutputSerializer(many=True))
    def get_sections(self, song: Song) -> list[dict[str, object]]:
        return self._head(song).sections

    @extend_schema_field(TrackOutputSerializer(many=True))
    def get_tracks(self, song: Song) -> list[dict[str, object]]:
        return self._head(song).tracks

    def _download(self, song: Song, query: str, *, audio: bool = True) -> str | None:
        head = self._head(song)
        if song.status != Song.Status.READY or (audio and not head.rendered):
            return None
        return f"{reverse('song-download', kwargs={'song_id': song.pk})}?{query}"

    def get_mix_url(self, song: Song) -> str | None:
        return self._download(song, "format=mp3")

    @extend_schema_field(SongDownloadsSerializer)
    def get_downloads(self, song: Song) -> dict[str, str | None]:
        return {
            "mp3": self._download(song, "format=mp3"),
            "wav": self._download(song, "format=wav"),
            "wav24": self._download(song, "format=wav&bit_depth=24"),
            "midi": self._download(song, "format=midi", audio=False),
        }


class LibraryQuerySerializer(serializers.Serializer[dict[str, object]]):
    search = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    genre = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    mood = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    key = serializers.CharField(required=False, allow_blank=True, default="", max_length=4)
    favourites = serializers.BooleanField(required=False, default=False)
    sort = serializers.ChoiceField(choices=list(LIBRARY_SORTS), required=False, default="newest")
    page = serializers.IntegerField(required=False, default=1, min_value=1)
    page_size = serializers.IntegerField(
        required=False, default=12, min_value=1, max_value=LIBRARY_PAGE_SIZE_MAX
    )


class LibrarySongSerializer(serializers.ModelSerializer[Song]):
    cover_url = serializers.SerializerMethodField()
    instruments = serializers.SerializerMethodField()

    class Meta:
        model = Song
        fields = [
            "id",
            "title",
            "status",
            "genre",
            "mood",
            "tempo",
            "key",
            "mode",
            "bars",
            "duration_seconds",
            "is_favourite",
            "instruments",
            "cover_url",
            "created_at",
            "updated_at",
        ]

    def get_cover_url(self, song: Song) -> str:
        stamp = int(song.updated_at.timestamp())
        return f"{reverse('song-cover', kwargs={'song_id': song.pk})}?v={stamp}"

    def get_instruments(self, song: Song) -> list[str]:
        return [str(name) for name in song.track_names]


class LibraryPageSerializer(serializers.Serializer[dict[str, object]]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    songs = LibrarySongSerializer(many=True)


class SongUpdateInputSerializer(serializers.Serializer[dict[str, object]]):
    title = StrictCharField(
        max_length=120, required=False, not_blank=True, error_messages={"blank": SONG_TITLE_EMPTY}
    )
    is_favourite = StrictBooleanField(required=False)


class SongDuplicateInputSerializer(serializers.Serializer[dict[str, str]]):
    title = StrictCharField(max_length=120, required=False, allow_blank=True, default="")
