from django.apps import AppConfig


class SongsConfig(AppConfig):
    name = "songs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.ownership import owned_content_register
        from songs.ownership import SongContent

        owned_content_register(SongContent())
