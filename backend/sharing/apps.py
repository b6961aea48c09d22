from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Sharing by link"

    def ready(self) -> None:
        from sharing.selectors import share_links_using_upload
        from sharing.services import share_links_revoke_for_song
        from songs.library.services import song_delete_hook_register
        from uploads.usage import upload_users_register

        song_delete_hook_register(share_links_revoke_for_song)
        upload_users_register(share_links_using_upload)
