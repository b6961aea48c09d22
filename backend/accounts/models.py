"""A user's preferences: what the Generate page starts from."""

from django.conf import settings
from django.db import models

from core.models import BaseModel


class Preferences(BaseModel):
    """Empty fields mean "no preference": the page keeps its own default for them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    genre = models.CharField(max_length=32, blank=True, default="")
    mood = models.CharField(max_length=32, blank=True, default="")
    tempo = models.PositiveSmallIntegerField(null=True, blank=True)
    key = models.CharField(max_length=4, blank=True, default="")
    mode = models.CharField(max_length=24, blank=True, default="")
    instruments = models.JSONField(default=list, blank=True)  # [{"instrument": slug, "role": role}, ...]
    export_format = models.CharField(max_length=16, blank=True, default="")
