"""Remove songs whose undo window has passed, with the files no other song uses. Run it daily (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from songs.library.services import songs_purge_deleted


class Command(BaseCommand):
    help = "Remove songs deleted longer ago than SONG_UNDO_DELETE_DAYS, and files nothing else uses."

    def handle(self, *args: Any, **options: Any) -> None:
        songs, files = songs_purge_deleted()
        self.stdout.write(f"Purged {songs} deleted song(s) and {files} file(s).")
