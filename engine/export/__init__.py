"""Exports: the master in any common format, a stems ZIP, a seamless loop, MIDI; sensible file names."""

from engine.export.audio import EXPORT_FORMATS, ExportFormat, download_name, export_mix, extension
from engine.export.loop import export_loop, loop_audio
from engine.export.midi import export_midi
from engine.export.stems import export_stems_zip

__all__ = [
    "EXPORT_FORMATS",
    "ExportFormat",
    "download_name",
    "export_loop",
    "export_midi",
    "export_mix",
    "export_stems_zip",
    "extension",
    "loop_audio",
]
