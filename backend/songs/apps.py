from django.apps import AppConfig


class SongsConfig(AppConfig):
    name = "songs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.ownership import owned_content_register
        from jobs.registry import job_kind_register
        from songs.job_kinds import SONG_JOB_KINDS
        from songs.ownership import SongContent
        from songs.selectors import songs_using_upload
        from uploads.usage import upload_users_register

        owned_content_register(SongContent())
        upload_users_register(songs_using_upload)
        for kind in SONG_JOB_KINDS:
            job_kind_register(kind)
