"""The daily clean-up (cron): deleted songs past their undo window, expired sessions, what anonymous
visitors left behind, and stored files nothing refers to."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core.retention import storage_purge
from songs.library.services import songs_purge_deleted


class Command(BaseCommand):
    help = (
        "Remove songs deleted longer ago than SONG_UNDO_DELETE_DAYS, expired sessions, anonymous visitors' "
        "songs and uploads past ANONYMOUS_RETENTION_DAYS, and stored files nothing refers to. Run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        songs, song_files = songs_purge_deleted()
        purged = storage_purge()
        self.stdout.write(
            f"Purged {songs} deleted song(s), {purged.sessions} expired session(s), {purged.visitors} "
            f"anonymous visitor(s)' things ({purged.rows} row(s)) and {song_files + purged.files} file(s)."
        )
