"""Reads for accounts."""

from __future__ import annotations

from typing import Any

from allauth.account.utils import has_verified_email
from django.contrib.auth.base_user import AbstractBaseUser

from accounts.models import Preferences
from engine.instruments import INSTRUMENTS_BY_SLUG


def email_verified(*, user: AbstractBaseUser) -> bool:
    """Whether the user has proved they own their e-mail address (by the code allauth mailed them)."""
    return has_verified_email(user, user.email)


def preferences_get(*, user: AbstractBaseUser) -> Preferences:
    """The user's preferences; an unsaved empty set if they never chose any."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def preferences_default_spec(
    *, user: AbstractBaseUser, spec: dict[str, Any], genre_defaults: dict[str, Any]
) -> dict[str, Any]:
    """The Generate page's starting spec with the user's preferences laid over it. A preferred genre
    brings its own tempo and band unless those are preferred too."""
    preferences = Preferences.objects.filter(user=user).first()
    if preferences is None:
        return spec
    merged = dict(spec)
    if preferences.genre and preferences.genre in genre_defaults:
        defaults = genre_defaults[preferences.genre]
        merged.update(
            genre=preferences.genre,
            tempo=defaults["tempo"],
            mode=defaults["mode"],
            instruments=defaults["instruments"],
        )
    for field in ("mood", "key", "mode", "tempo"):
        value = getattr(preferences, field)
        if value:
            merged[field] = value
    if preferences.instruments:
        # A part saved without a role plays its instrument's usual one: the page shows a concrete role.
        merged["instruments"] = [
            {"instrument": part["instrument"], "role": part.get("role") or _usual_role(part["instrument"])}
            for part in preferences.instruments
        ]
    return merged


def _usual_role(slug: str) -> str:
    known = INSTRUMENTS_BY_SLUG.get(slug)
    return known.default_role.value if known is not None else ""
