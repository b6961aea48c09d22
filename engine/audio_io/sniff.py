"""Which audio format a file is, decided from its first bytes (never from its name).

Only formats we accept are recognised; everything else (a playlist, an image, text, a polyglot that
starts as something else) is `None`. The answer names the ffmpeg demuxer that will be forced when the
file is probed and decoded, so ffmpeg's own guessing never chooses another reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HEADER_BYTES = 64


@dataclass(frozen=True)
class SniffedFormat:
    name: str  # what we tell the user: "WAV", "MP3", ...
    demuxer: str  # the ffmpeg demuxer to force


WAV = SniffedFormat("WAV", "wav")
MP3 = SniffedFormat("MP3", "mp3")
FLAC = SniffedFormat("FLAC", "flac")
OGG = SniffedFormat("Ogg", "ogg")
MP4 = SniffedFormat("M4A", "mov")
AAC = SniffedFormat("AAC", "aac")
AIFF = SniffedFormat("AIFF", "aiff")
WEBM = SniffedFormat("WebM", "matroska")

ACCEPTED_NAMES = "WAV, MP3, FLAC, Ogg (Vorbis or Opus), M4A/AAC, AIFF and WebM"


def _id3_size(head: bytes) -> int | None:
    """Length of a leading ID3v2 tag (header + body, + footer), or None when there is none."""
    if len(head) < 10 or head[:3] != b"ID3" or any(b & 0x80 for b in head[6:10]):
        return None
    body = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    footer = 10 if head[5] & 0x10 else 0
    return 10 + body + footer


def _mpeg_sync(head: bytes) -> SniffedFormat | None:
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    layer = (head[1] >> 1) & 0x03
    if head[1] & 0xF6 == 0xF0:  # ADTS: 12 sync bits, layer 00
        return AAC
    version = (head[1] >> 3) & 0x03
    bitrate = head[2] >> 4
    rate = (head[2] >> 2) & 0x03
    if version == 1 or layer == 0 or bitrate in (0, 15) or rate == 3:
        return None  # reserved values: not an MPEG audio frame
    return MP3


def sniff(head: bytes, after_id3: bytes | None = None) -> SniffedFormat | None:
    """The format of a file from its first HEADER_BYTES bytes; `after_id3` is what follows an ID3 tag.

    Use `sniff_file` for a file on disk (it reads past an ID3 tag itself).
    """
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head[:4] == b"fLaC":
        return FLAC
    if head[:4] == b"OggS":
        return OGG
    if head[4:8] == b"ftyp":
        return MP4
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return AIFF
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return WEBM
    if _id3_size(head) is not None:
        if after_id3 is None:
            return None
        if after_id3[:4] == b"fLaC":
            return FLAC
        return _mpeg_sync(after_id3)
    return _mpeg_sync(head)


def sniff_file(path: Path) -> SniffedFormat | None:
    """The format of the file at `path` from its content, or None when it is not one we accept."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
        after: bytes | None = None
        tag = _id3_size(head)
        if tag is not None:
            handle.seek(tag)
            after = handle.read(HEADER_BYTES)
    return sniff(head, after)


_UNKNOWN_LENGTH = (0, 0xFFFFFFFF)  # what streaming writers put in a size they cannot know yet


def wav_claims_more_than_it_holds(path: Path) -> bool:
    """Whether a WAV file's data chunk declares more bytes than the file holds (a lying or cut header).

    ffmpeg quietly reads what is there; an upload whose header promises hours while holding seconds is
    damaged or hostile, so ingest refuses it. A size a streaming writer left open is not a claim.
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        if handle.read(12)[8:12] != b"WAVE":
            return False
        offset = 12
        for _ in range(64):
            header = handle.read(8)
            if len(header) < 8:
                return False
            chunk, length = header[:4], int.from_bytes(header[4:], "little")
            if chunk == b"data":
                return length not in _UNKNOWN_LENGTH and length > size - offset - 8
            offset += 8 + length + (length & 1)
            if offset >= size:
                return False
            handle.seek(offset)
    return False
