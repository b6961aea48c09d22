"""Session authentication that checks CSRF for anonymous visitors too.

DRF only enforces CSRF for signed-in session users; anonymous visitors own songs through their session,
so their writes need the same protection."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request


class CsrfSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            self.enforce_csrf(request)
        return result
