from django.urls import path

from songs.editing.apis import (
    EditApplyApi,
    EditorStateApi,
    EffectsApi,
    ExportCreateApi,
    ExportDetailApi,
    ExportFileApi,
    RedoApi,
    RenderedStemApi,
    UndoApi,
    VersionCreateApi,
    VersionDiffApi,
    VersionRestoreApi,
)
from songs.generation.apis import OptionsApi, PromptApi
from songs.library.apis import (
    SongCoverApi,
    SongDetailApi,
    SongDownloadApi,
    SongDuplicateApi,
    SongListCreateApi,
    SongRestoreApi,
)
from songs.melody.apis import SongFromMelodyApi

urlpatterns = [
    path("options", OptionsApi.as_view(), name="options"),
    path("prompt", PromptApi.as_view(), name="prompt"),
    path("songs/", SongListCreateApi.as_view(), name="song-list"),
    path("songs/from-melody", SongFromMelodyApi.as_view(), name="song-from-melody"),
    path("songs/<uuid:song_id>", SongDetailApi.as_view(), name="song-detail"),
    path("songs/<uuid:song_id>/restore", SongRestoreApi.as_view(), name="song-restore"),
    path("songs/<uuid:song_id>/duplicate", SongDuplicateApi.as_view(), name="song-duplicate"),
    path("songs/<uuid:song_id>/cover.svg", SongCoverApi.as_view(), name="song-cover"),
    path("songs/<uuid:song_id>/download", SongDownloadApi.as_view(), name="song-download"),
    path("effects", EffectsApi.as_view(), name="effects"),
    path("songs/<uuid:song_id>/editor", EditorStateApi.as_view(), name="song-editor"),
    path("songs/<uuid:song_id>/edits", EditApplyApi.as_view(), name="song-edits"),
    path("songs/<uuid:song_id>/undo", UndoApi.as_view(), name="song-undo"),
    path("songs/<uuid:song_id>/redo", RedoApi.as_view(), name="song-redo"),
    path("songs/<uuid:song_id>/versions", VersionCreateApi.as_view(), name="song-versions"),
    path(
        "songs/<uuid:song_id>/versions/<int:version_id>/restore",
        VersionRestoreApi.as_view(),
        name="song-version-restore",
    ),
    path(
        "songs/<uuid:song_id>/versions/<int:version_id>/diff",
        VersionDiffApi.as_view(),
        name="song-version-diff",
    ),
    path("songs/<uuid:song_id>/exports", ExportCreateApi.as_view(), name="song-exports"),
    path("songs/<uuid:song_id>/exports/<uuid:export_id>", ExportDetailApi.as_view(), name="song-export"),
    path(
        "songs/<uuid:song_id>/exports/<uuid:export_id>/file", ExportFileApi.as_view(), name="song-export-file"
    ),
    path("songs/<uuid:song_id>/stems/<str:key>", RenderedStemApi.as_view(), name="song-stem"),
]
