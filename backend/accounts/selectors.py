"""Reads for accounts."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from accounts.models import Preferences


def preferences_get(*, user: AbstractBaseUser) -> Preferences:
    """The user's preferences; an unsaved empty set if they never chose any."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)
