from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "uploads"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.ownership import owned_content_register
        from uploads.ownership import UploadContent

        owned_content_register(UploadContent())
