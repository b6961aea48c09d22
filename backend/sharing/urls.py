from django.urls import path

from sharing.apis import ShareDetailApi, ShareListCreateApi, ShareRemixApi, ShareRevokeApi

urlpatterns = [
    path("songs/<uuid:song_id>/shares", ShareListCreateApi.as_view(), name="song-shares"),
    path("songs/<uuid:song_id>/shares/<int:share_id>", ShareDetailApi.as_view(), name="song-share"),
    path(
        "songs/<uuid:song_id>/shares/<int:share_id>/revoke",
        ShareRevokeApi.as_view(),
        name="song-share-revoke",
    ),
    path("shares/<str:token>/remix", ShareRemixApi.as_view(), name="share-remix"),
]
