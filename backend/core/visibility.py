"""Who is asking: a signed-in user, or an anonymous browser session. Per-user objects are filtered by it."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Requester:
    user: AbstractBaseUser | None
    session_key: str
    # Where the request came from, as a keyed hash of its IP address (never the address itself): jobs
    # from one address queue behind each other, whichever sessions they come from.
    client: str = ""

    def filter(self, queryset: QuerySet[M]) -> QuerySet[M]:
        """Only the objects this requester owns (models with `owner` and `session_key` fields)."""
        if self.user is not None:
            return queryset.filter(owner=self.user)
        if not self.session_key:
            return queryset.none()  # a visitor without a session owns nothing
        return queryset.filter(owner__isnull=True, session_key=self.session_key)


def anonymous_claim(queryset: QuerySet[M], *, session_key: str, user: AbstractBaseUser) -> int:
    """Give an anonymous session's objects (those `Requester(None, session_key).filter` sees) to `user`."""
    return Requester(user=None, session_key=session_key).filter(queryset).update(owner=user, session_key="")


def abandoned_sessions(queryset: QuerySet[M], *, changed_before: datetime) -> set[str]:
    """Session keys whose anonymous objects in `queryset` all last changed before `changed_before`."""
    anonymous = queryset.filter(owner__isnull=True).exclude(session_key="")
    recent = anonymous.filter(updated_at__gte=changed_before).values_list("session_key", flat=True)
    return set(anonymous.exclude(session_key__in=recent).values_list("session_key", flat=True).distinct())


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the request's client IP address."""
    # DRF's reading of the address (through REST_FRAMEWORK["NUM_PROXIES"] proxies), as the throttles do.
    address = str(BaseThrottle().get_ident(request)).encode()
    return hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()[:32]


def requester_of(request: HttpRequest) -> Requester:
    """The requester of an HTTP request. An anonymous visitor's first write gives them a session, so what
    they make stays theirs; reading never does (a visitor without one owns nothing, and no row is written
    for every cookieless GET)."""
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        return Requester(user=user, session_key="", client=client_key(request))
    if request.session.session_key is None and request.method in ("GET", "HEAD", "OPTIONS"):
        return Requester(user=None, session_key="", client=client_key(request))
    if request.session.session_key is None:
        # An empty session is never stored nor sent as a cookie: mark it so the visitor keeps their songs.
        request.session["visitor"] = True
        request.session.save()
    session_key = request.session.session_key
    assert session_key is not None
    return Requester(user=None, session_key=session_key, client=client_key(request))
