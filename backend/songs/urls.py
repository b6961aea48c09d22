from django.urls import path

from songs.apis import OptionsApi, SongDetailApi, SongDownloadApi, SongListCreateApi, TrackAudioApi
from songs.prompt_apis import PromptApi

urlpatterns = [
    path("options", OptionsApi.as_view(), name="options"),
    path("prompt", PromptApi.as_view(), name="prompt"),
    path("songs/", SongListCreateApi.as_view(), name="song-list"),
    path("songs/<uuid:song_id>", SongDetailApi.as_view(), name="song-detail"),
    path("songs/<uuid:song_id>/download", SongDownloadApi.as_view(), name="song-download"),
    path("songs/<uuid:song_id>/tracks/<int:track_id>/audio", TrackAudioApi.as_view(), name="track-audio"),
]
