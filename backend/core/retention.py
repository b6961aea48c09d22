"""What the service forgets, on a schedule (`manage.py purge`, daily): expired sessions, what anonymous
visitors made and left (their session is gone and nothing of theirs changed for
ANONYMOUS_RETENTION_DAYS), and stored files no row refers to any more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core.ownership import OwnedCaches, caches_of, caches_release, files_of, media_release, owned_contents
from core.visibility import Requester

# A stored file no row refers to is kept this long: a job may have stored it and not yet written its row.
ORPHAN_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class Purged:
    sessions: int  # expired sessions removed
    visitors: int  # anonymous sessions whose songs, uploads and jobs were removed
    rows: int  # rows removed with them
    files: int  # stored files deleted (theirs, and any nothing refers to)


def sessions_purge_expired(*, now: datetime) -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    return deleted


def anonymous_content_purge(*, now: datetime) -> tuple[int, int, int]:
    """Remove what anonymous visitors made whose session is gone and whose things have not changed for
    ANONYMOUS_RETENTION_DAYS; return (visitors, rows, files)."""
    cutoff = now - timedelta(days=settings.ANONYMOUS_RETENTION_DAYS)
    keys: set[str] = set()
    for content in owned_contents():
        keys |= content.anonymous_sessions(changed_before=cutoff)
    live = set(Session.objects.filter(expire_date__gte=now).values_list("session_key", flat=True))
    keys -= live
    rows, names = 0, set()
    caches: OwnedCaches = []
    for key in sorted(keys):
        requester = Requester(user=None, session_key=key)
        with transaction.atomic():
            names |= files_of(requester=requester)
            caches += caches_of(requester=requester)  # render-cache entries no other song names go too
            rows += sum(content.delete_of(requester=requester) for content in owned_contents())
    caches_release(caches=caches)
    return len(keys), rows, media_release(names=names)


def orphan_files_purge(*, now: datetime) -> int:
    """Delete stored files that no row of any app refers to, once they are older than ORPHAN_GRACE."""
    names = {name for name in _walk("") if default_storage.get_modified_time(name) < now - ORPHAN_GRACE}
    return media_release(names=names)


def _walk(folder: str) -> list[str]:
    folders, files = default_storage.listdir(folder)
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names += _walk(prefix + sub)
    return names


def storage_purge(*, now: datetime | None = None) -> Purged:
    now = now or timezone.now()
    sessions = sessions_purge_expired(now=now)
    visitors, rows, files = anonymous_content_purge(now=now)
    return Purged(sessions=sessions, visitors=visitors, rows=rows, files=files + orphan_files_purge(now=now))
