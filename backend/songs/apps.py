from django.apps import AppConfig


class SongsConfig(AppConfig):
    name = "songs"
    default_auto_field = "django.db.models.BigAutoField"
