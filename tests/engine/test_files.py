from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from engine import files
from engine.files import TEMP_SUFFIX, atomic_path, atomic_write


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_file_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "folder" / "song.mid"
    with atomic_write(target) as out:
        out.write(b"first half ")
        assert not target.exists()  # a reader sees nothing yet
        out.write(b"second half")
        assert not target.exists()
    assert target.read_bytes() == b"first half second half"
    assert _names(target.parent) == ["song.mid"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_rewrite_shows_the_old_file_until_it_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "mix.wav"
    target.write_bytes(b"old")
    with atomic_write(target) as out:
        out.write(b"new content")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new content"
    assert _names(tmp_path) == ["mix.wav"]


@pytest.mark.parametrize("error", [ValueError("encoder failed"), KeyboardInterrupt()])
def test_an_error_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path, error: BaseException) -> None:
    target = tmp_path / "stems.zip"
    target.write_bytes(b"old")
    with pytest.raises(type(error)), atomic_write(target) as out:
        out.write(b"half of the new")
        raise error
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["stems.zip"]


def test_an_error_before_the_first_write_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new.npy"
    with pytest.raises(RuntimeError), atomic_path(target):
        raise RuntimeError("nothing written")
    assert _names(tmp_path) == []


def test_an_external_tool_fills_the_temporary_path(tmp_path: Path) -> None:
    target = tmp_path / "out" / "mix.mp3"
    with atomic_path(target) as temp:
        assert temp.parent == target.parent
        assert temp.name.startswith(".mix.mp3.") and temp.name.endswith(TEMP_SUFFIX)
        script = "import sys; open(sys.argv[1], 'wb').write(b'encoded')"
        subprocess.run([sys.executable, "-c", script, str(temp)], check=True)
        assert not target.exists()
    assert target.read_bytes() == b"encoded"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert _names(target.parent) == ["mix.mp3"]


def test_a_failing_tool_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "mix.flac"
    with pytest.raises(subprocess.CalledProcessError), atomic_path(target) as temp:
        script = "import sys; open(sys.argv[1], 'wb').write(b'half'); sys.exit(1)"
        subprocess.run([sys.executable, "-c", script, str(temp)], check=True)
    assert _names(tmp_path) == []


def test_fsync_flushes_the_data_before_the_move(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "upload.wav"
    synced: list[bool] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        synced.append(not target.exists())
        real_fsync(descriptor)

    monkeypatch.setattr(files.os, "fsync", fsync)
    with atomic_write(target, fsync=True) as out:
        out.write(b"data")
    assert synced == [True]
    assert target.read_bytes() == b"data"


def test_a_long_name_still_fits(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 250)
    with atomic_write(target) as out:
        out.write(b"ok")
    assert target.read_bytes() == b"ok"
