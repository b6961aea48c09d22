"""Writes for accounts: claiming anonymous work, preferences, and deleting an account with its files."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from accounts.models import Preferences
from accounts.preferences import preferences_validate
from core.exceptions import ApplicationError
from core.ownership import anonymous_content_claim, caches_of, caches_release, files_of, media_release
from core.visibility import Requester

WRONG_PASSWORD = "That is not your current password."  # noqa: S105 (a message, not a secret)


@transaction.atomic
def anonymous_songs_claim(*, session_key: str, user: AbstractBaseUser) -> int:
    """Songs (and their jobs, uploads...) made in this browser before signing in become the user's."""
    return anonymous_content_claim(session_key=session_key, user=user)


@transaction.atomic
def preferences_update(*, user: AbstractBaseUser, data: dict[str, Any]) -> Preferences:
    """Replace the given preference fields after checking them against what the composer offers."""
    cleaned = preferences_validate(data)
    preferences, _ = Preferences.objects.select_for_update().get_or_create(user=user)
    for field, value in cleaned.items():
        setattr(preferences, field, value)
    preferences.save()
    return preferences


def account_delete(*, request: HttpRequest, user: AbstractBaseUser, password: str) -> int:
    """Delete the account, everything it owns and every stored file and cache entry nobody else refers to
    (renders, exports, uploads, the render cache); log out. Returns the number of stored files deleted."""
    if not user.check_password(password):
        raise ApplicationError(WRONG_PASSWORD, {"fields": {"password": [WRONG_PASSWORD]}})
    requester = Requester(user=user, session_key="")
    with transaction.atomic():
        names = files_of(requester=requester)
        caches = caches_of(requester=requester)
        user.delete()
    logout(request)
    caches_release(caches=caches)
    return media_release(names=names)
