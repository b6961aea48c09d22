"""The public share URLs under /s/<token>: page, embed, audio, download, preview image, play count."""

from django.urls import path

from sharing import views

urlpatterns = [
    path("<str:token>", views.share_page, name="share-page"),
    path("<str:token>/embed", views.share_embed, name="share-embed"),
    path("<str:token>/audio.mp3", views.share_audio, name="share-audio"),
    path("<str:token>/download", views.share_download, name="share-download"),
    path("<str:token>/preview.png", views.share_preview, name="share-preview"),
    path("<str:token>/play", views.share_play, name="share-play"),
]
