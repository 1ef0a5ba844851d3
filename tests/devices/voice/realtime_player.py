"""A stand-in for a sound card: takes a WAV stream on stdin and "plays" it in real time.

Run as ``python realtime_player.py FOLDER``. What it has played so far is in
FOLDER/<pid>.wav.part; when the stream ends it renames that to <pid>.wav. A player
that is stopped mid-prompt leaves only the .part file, as long as it got.
"""

from __future__ import annotations

import os
import struct
import sys
import time
from pathlib import Path


def main() -> int:
    folder = Path(sys.argv[1])
    part = folder / f"{os.getpid()}.wav.part"
    header = sys.stdin.buffer.read(44)
    if len(header) < 44 or header[:4] != b"RIFF":
        return 2
    channels, rate = struct.unpack("<HI", header[22:28])
    bytes_per_second = rate * channels * 2
    chunk = bytes_per_second // 20  # 50 ms of sound at a time, like a sound card's period
    started = time.monotonic()
    played = 0
    with part.open("wb") as out:
        out.write(header)
        while data := sys.stdin.buffer.read(chunk):
            out.write(data)
            out.flush()
            played += len(data)
            time.sleep(max(0.0, started + played / bytes_per_second - time.monotonic()))
    part.rename(folder / f"{os.getpid()}.wav")
    return 0


if __name__ == "__main__":
    sys.exit(main())
