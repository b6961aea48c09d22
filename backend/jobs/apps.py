from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.ownership import owned_content_register
        from jobs.ownership import JobContent

        owned_content_register(JobContent())
