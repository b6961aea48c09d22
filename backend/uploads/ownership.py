"""Uploads as owned content: claimed on sign-up, their files released when they are gone."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser

from core.visibility import Requester, abandoned_sessions, anonymous_claim
from uploads.models import Upload
from uploads.services import upload_cache_release


class UploadContent:
    def claim(self, *, session_key: str, user: AbstractBaseUser) -> int:
        return anonymous_claim(Upload.objects.all(), session_key=session_key, user=user)

    def files_of(self, *, requester: Requester) -> set[str]:
        names: set[str] = set()
        for original, working in requester.filter(Upload.objects.all()).values_list("original", "working"):
            names.update((original, working))
        names.discard("")
        return names

    def stored_sizes(self, *, requester: Requester) -> dict[str, int]:
        sizes: dict[str, int] = {}
        uploads = requester.filter(Upload.objects.all())
        for original, working, size, working_bytes in uploads.values_list(
            "original", "working", "size_bytes", "working_bytes"
        ):
            sizes[original], sizes[working] = size, working_bytes
        return sizes

    def files_in_use(self, *, names: set[str]) -> set[str]:
        used = set(Upload.objects.filter(original__in=names).values_list("original", flat=True))
        used.update(Upload.objects.filter(working__in=names).values_list("working", flat=True))
        return used

    def caches_of(self, *, requester: Requester) -> set[str]:
        return set(requester.filter(Upload.objects.all()).values_list("sha256", flat=True))

    def caches_release(self, *, entries: set[str]) -> int:
        return upload_cache_release(shas=entries)

    def anonymous_sessions(self, *, changed_before: datetime) -> set[str]:
        return abandoned_sessions(Upload.objects.all(), changed_before=changed_before)

    def delete_of(self, *, requester: Requester) -> int:
        deleted, _ = requester.filter(Upload.objects.all()).delete()
        return deleted
