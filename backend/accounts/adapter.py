"""allauth's hooks for this site: songs made before signing up or logging in move into the account."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from accounts.services import anonymous_songs_claim


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        # Logging in gives the session a new key, so read the anonymous visitor's key first.
        was_anonymous = not request.user.is_authenticated
        session_key = request.session.session_key or ""
        super().login(request, user)
        if was_anonymous:
            anonymous_songs_claim(session_key=session_key, user=user)
