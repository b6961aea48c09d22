"""Who is asking: a signed-in user, or an anonymous browser session. Per-user objects are filtered by it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model, QuerySet
from django.http import HttpRequest

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Requester:
    user: AbstractBaseUser | None
    session_key: str

    def filter(self, queryset: QuerySet[M]) -> QuerySet[M]:
        """Only the objects this requester owns (models with `owner` and `session_key` fields)."""
        if self.user is not None:
            return queryset.filter(owner=self.user)
        return queryset.filter(owner__isnull=True, session_key=self.session_key)


def anonymous_claim(queryset: QuerySet[M], *, session_key: str, user: AbstractBaseUser) -> int:
    """Give an anonymous session's objects (those `Requester(None, session_key).filter` sees) to `user`."""
    return Requester(user=None, session_key=session_key).filter(queryset).update(owner=user, session_key="")


def requester_of(request: HttpRequest) -> Requester:
    """The requester of an HTTP request; anonymous visitors get a session so their songs stay theirs."""
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        return Requester(user=user, session_key="")
    if request.session.session_key is None:
        # An empty session is never stored nor sent as a cookie: mark it so the visitor keeps their songs.
        request.session["visitor"] = True
        request.session.save()
    session_key = request.session.session_key
    assert session_key is not None
    return Requester(user=None, session_key=session_key)
