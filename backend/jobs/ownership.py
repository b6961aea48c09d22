"""Jobs as owned content: an anonymous session's jobs follow its songs into the account (no files)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser

from core.visibility import Requester, abandoned_sessions, anonymous_claim
from jobs.models import Job


class JobContent:
    def claim(self, *, session_key: str, user: AbstractBaseUser) -> int:
        return anonymous_claim(Job.objects.all(), session_key=session_key, user=user)

    def files_of(self, *, requester: Requester) -> set[str]:
        return set()

    def stored_sizes(self, *, requester: Requester) -> dict[str, int]:
        return {}

    def files_in_use(self, *, names: set[str]) -> set[str]:
        return set()

    def caches_of(self, *, requester: Requester) -> set[str]:
        return set()

    def caches_release(self, *, entries: set[str]) -> int:
        return 0

    def anonymous_sessions(self, *, changed_before: datetime) -> set[str]:
        return abandoned_sessions(Job.objects.all(), changed_before=changed_before)

    def delete_of(self, *, requester: Requester) -> int:
        deleted, _ = requester.filter(Job.objects.all()).delete()
        return deleted
