"""The allocator settings: applied once, and rendering still gives the same bits."""

from __future__ import annotations

import subprocess
import sys

from engine.allocator import tune_allocator

_CHILD = """
import sys
import numpy as np
from engine.allocator import tune_allocator
from engine.mix.master import master
if sys.argv[1] == "tuned":
    assert tune_allocator()
rng = np.random.default_rng(3)
mix = (rng.standard_normal((2, 5 * 44100)) * 0.2).astype(np.float32)
sys.stdout.buffer.write(master(mix).audio.tobytes())
"""


def test_tuning_is_applied_once_and_changes_no_result():
    assert tune_allocator() is True  # glibc (Debian): mallopt took both settings
    assert tune_allocator() is True  # cached: the second call does nothing
    outputs = [
        subprocess.run([sys.executable, "-c", _CHILD, mode], capture_output=True, check=True).stdout
        for mode in ("plain", "tuned")
    ]
    assert len(outputs[0]) == 2 * 5 * 44100 * 4
    assert outputs[0] == outputs[1]
