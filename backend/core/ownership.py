"""What each app owns on behalf of a requester, so accounts can claim and delete it without knowing the apps.

An app registers one `OwnedContent` in its AppConfig.ready(). Stored files may be shared between rows (names
are content hashes, and a duplicated song reuses its original's files), so a file is deleted only once no
row of any app refers to it any more."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.storage import default_storage

from core.exceptions import ApplicationError
from core.visibility import Requester

STORAGE_FULL_ACCOUNT = (
    "Your library is full: it uses {used} of its {quota}. Delete songs, exports or uploads you no longer "
    "need, then try again."
)
STORAGE_FULL_ANONYMOUS = (
    "This browser's songs use {used} of the {quota} a visitor may keep. Sign up for more room, or delete "
    "songs or uploads you no longer need."
)


class StorageQuotaError(ApplicationError):
    """The requester's storage is full (413): nothing was written."""

    status_code = 413


class OwnedContent(Protocol):
    def claim(self, *, session_key: str, user: AbstractBaseUser) -> int:
        """Give the anonymous session's objects to the user; return how many were claimed."""
        ...

    def files_of(self, *, requester: Requester) -> set[str]:
        """Storage names of every file the requester's objects refer to (deleted-but-restorable ones too)."""
        ...

    def stored_sizes(self, *, requester: Requester) -> dict[str, int]:
        """Storage name -> bytes of every file the requester's objects refer to."""
        ...

    def files_in_use(self, *, names: set[str]) -> set[str]:
        """Those of `names` that some object (anyone's) still refers to."""
        ...

    def caches_of(self, *, requester: Requester) -> set[str]:
        """The app's local cache entries (content hashes) the requester's objects use."""
        ...

    def caches_release(self, *, entries: set[str]) -> int:
        """Delete those of `entries` that no object (anyone's) uses any more; return how many."""
        ...

    def anonymous_sessions(self, *, changed_before: datetime) -> set[str]:
        """Session keys of anonymous objects none of which changed since `changed_before`."""
        ...

    def delete_of(self, *, requester: Requester) -> int:
        """Delete the requester's objects (rows only: files are released by the caller); return how many."""
        ...


_registry: list[OwnedContent] = []


def owned_content_register(content: OwnedContent) -> None:
    if content not in _registry:
        _registry.append(content)


def owned_contents() -> tuple[OwnedContent, ...]:
    return tuple(_registry)


def anonymous_content_claim(*, session_key: str, user: AbstractBaseUser) -> int:
    """Move everything an anonymous browser session made into the user's account."""
    if not session_key:
        return 0
    return sum(content.claim(session_key=session_key, user=user) for content in _registry)


def files_of(*, requester: Requester) -> set[str]:
    names: set[str] = set()
    for content in _registry:
        names |= content.files_of(requester=requester)
    return names


OwnedCaches = list[tuple[OwnedContent, set[str]]]


def caches_of(*, requester: Requester) -> OwnedCaches:
    """Each app's cache entries the requester's objects use (render cache, fetched upload copies)."""
    return [(content, content.caches_of(requester=requester)) for content in _registry]


def caches_release(*, caches: OwnedCaches) -> int:
    """Delete the cache entries nothing uses any more (after the rows that used them are gone)."""
    return sum(content.caches_release(entries=entries) for content, entries in caches)


def storage_used(*, requester: Requester) -> int:
    """Bytes stored for the requester: each file their objects refer to, counted once (a duplicated song
    shares its original's files)."""
    sizes: dict[str, int] = {}
    for content in _registry:
        sizes.update(content.stored_sizes(requester=requester))
    return sum(sizes.values())


def storage_quota(*, requester: Requester) -> int:
    """Bytes the requester may store: an account's quota, or an anonymous session's."""
    megabytes = (
        settings.STORAGE_QUOTA_MB if requester.user is not None else settings.STORAGE_QUOTA_ANONYMOUS_MB
    )
    return megabytes * 1_000_000


def storage_quota_check(*, requester: Requester, incoming: int = 0) -> None:
    """Refuse (413) new work or files once the requester's storage is full, before anything is written."""
    used, quota = storage_used(requester=requester), storage_quota(requester=requester)
    if used + incoming > quota:
        message = STORAGE_FULL_ACCOUNT if requester.user is not None else STORAGE_FULL_ANONYMOUS
        raise StorageQuotaError(
            message.format(used=_megabytes(used), quota=_megabytes(quota)),
            {"used_bytes": used, "quota_bytes": quota, "incoming_bytes": incoming},
        )


def _megabytes(size: int) -> str:
    return f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.0f} MB"


def media_release(*, names: Iterable[str]) -> int:
    """Delete the stored files among `names` that nothing refers to any more; return how many were deleted.
    Call it after the rows that referred to them are gone (after the transaction commits)."""
    candidates = {name for name in names if name}
    for content in _registry:
        candidates -= content.files_in_use(names=candidates)
    deleted = 0
    for name in sorted(candidates):
        if default_storage.exists(name):
            default_storage.delete(name)
            deleted += 1
    return deleted
