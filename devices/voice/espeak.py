"""Spoken prompts with espeak-ng, offline: Mandarin with the ``cmn-latn-pinyin`` voice.

(``cmn`` alone reads Chinese characters as English letters; ``cmn-latn-pinyin``
speaks them as Mandarin.)

Each prompt is one espeak-ng process, started and left to run: :meth:`EspeakVoice.say`
returns at once. Saying something new, :meth:`~EspeakVoice.stop` or
:meth:`~EspeakVoice.close` ends the prompt that is still running, so a prompt never
outlives its screen. The text goes in on espeak-ng's standard input, never on its
command line, where ``ps`` would show it.

Where the sound goes is an :class:`AudioOutput`:

- :class:`Speaker` — the kiosk's loudspeaker. espeak-ng writes WAV to its standard
  output and a player (the configured one, else ``paplay``, else ``aplay``) plays it; the player's exit code
  tells whether the sound device is there. With no player installed, espeak-ng
  plays through its own audio library — which, with no sound card or audio server,
  prints an error and still exits 0, so that case cannot be detected.
- :class:`WavFiles` — one WAV file per prompt in a folder: for tests, and to listen
  to a prompt on a machine without speakers.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from devices.voice.base import VoiceStatus

log = logging.getLogger(__name__)

MANDARIN_VOICE = "cmn-latn-pinyin"
ENGLISH_VOICES = {"en": "en", "en-gb": "en-gb", "en-us": "en-us"}
# Prompts are a sentence or two. The text is written to espeak-ng's standard input
# before say() returns; far below a pipe's 64 KiB, that write can never block.
MAX_TEXT_CHARS = 2000
# How long a prompt that is cut off may take to go away before it is killed.
STOP_GRACE = 1.0
# Players that take a WAV stream on standard input, in order of preference.
PLAYERS: tuple[tuple[str, ...], ...] = (("paplay",), ("aplay", "-q"))


@dataclass(frozen=True, slots=True)
class Speaker:
    """The loudspeaker: a player command fed WAV on stdin, or None for espeak-ng's own output."""

    player: tuple[str, ...] | None = None

    @staticmethod
    def detect() -> Speaker:
        for command in PLAYERS:
            if shutil.which(command[0]):
                return Speaker(command)
        return Speaker(None)

    def describe(self) -> str:
        return f"played with {self.player[0]}" if self.player else "espeak-ng's own audio output"


@dataclass(slots=True)
class WavFiles:
    """Every prompt to its own WAV file, ``utterance-0001.wav`` … in ``folder``."""

    folder: Path
    written: list[Path] = field(default_factory=list)

    def next_path(self) -> Path:
        path = self.folder / f"utterance-{len(self.written) + 1:04d}.wav"
        self.written.append(path)
        return path

    def describe(self) -> str:
        return f"written to {self.folder}"


AudioOutput = Speaker | WavFiles


class _Prompt:
    """One prompt being spoken: espeak-ng, and the player it feeds if there is one."""

    def __init__(self, processes: list[subprocess.Popen[bytes]]) -> None:
        self.processes = processes
        self.stopped = False

    def running(self) -> bool:
        return any(p.poll() is None for p in self.processes)

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        for process in self.processes:
            try:
                process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                return False
        return True

    def stop(self) -> None:
        self.stopped = True
        # The player first: the sound stops at once, and espeak-ng then meets a closed pipe.
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class EspeakVoice:
    """Speaks prompts with espeak-ng. ``say`` returns at once; speech goes on in the background."""

    def __init__(
        self,
        *,
        volume: int,
        muted: bool,
        words_per_minute: int,
        output: AudioOutput | None = None,
        executable: str = "espeak-ng",
    ) -> None:
        if not 0 <= volume <= 200:
            raise ValueError("volume must be 0 to 200 (espeak-ng's amplitude; 100 is normal)")
        self.volume = volume
        self.muted = muted
        self.words_per_minute = words_per_minute
        self.output: AudioOutput = output if output is not None else Speaker.detect()
        self.executable = executable
        self._lock = threading.Lock()
        self._prompt: _Prompt | None = None
        self._audio_problem: str | None = None
        self._missing: str | None = self._check_installation()
        if self._missing:
            log.warning("voice unavailable: %s", self._missing)

    @property
    def description(self) -> str:
        problem = self._missing or self._audio_problem
        state = f"; {problem}" if problem else ""
        return f"espeak-ng, voice {MANDARIN_VOICE}, {self.output.describe()}{state}"

    def status(self) -> VoiceStatus:
        with self._lock:
            if self._missing:
                # Installed since? Looked at again, so the voice comes back by itself.
                self._missing = self._check_installation()
            self._collect_locked()
            if self._missing or self._audio_problem:
                return VoiceStatus.NO_DEVICE
            return VoiceStatus.MUTED if self.muted else VoiceStatus.READY

    def say(self, text: str, language: str = "zh_CN") -> None:
        with self._lock:
            self._stop_locked()
            if self.muted or self._missing or not text.strip():
                return
            if len(text) > MAX_TEXT_CHARS:
                log.warning("prompt of %d characters cut to %d", len(text), MAX_TEXT_CHARS)
                text = text[:MAX_TEXT_CHARS]
            try:
                self._prompt = self._start(text, voice_for(language))
            except OSError as exc:  # removed or broken since it was checked
                self._missing = f"espeak-ng cannot be started ({exc.strerror or exc})"
                log.warning("voice unavailable: %s", self._missing)

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def wait(self, timeout: float) -> bool:
        """Wait until the current prompt has been said; False if it is still going after ``timeout``."""
        with self._lock:
            prompt = self._prompt
        return prompt is None or prompt.wait(timeout)

    def is_speaking(self) -> bool:
        with self._lock:
            return self._prompt is not None and self._prompt.running()

    def close(self) -> None:
        self.stop()

    # -- processes --------------------------------------------------------------------------------

    def _start(self, text: str, voice: str) -> _Prompt:
        command = [
            self.executable,
            "-v", voice,
            "-a", str(self.volume),
            "-s", str(self.words_per_minute),
            "-b", "1",  # the input is UTF-8, whatever the locale says
        ]  # fmt: skip
        player: tuple[str, ...] | None = None
        if isinstance(self.output, WavFiles):
            command += ["-w", str(self.output.next_path())]
        elif self.output.player is not None:
            player = self.output.player
            command.append("--stdout")
        espeak = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE if player else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes = [espeak]
        if player is not None:
            assert espeak.stdout is not None
            try:
                processes.append(
                    subprocess.Popen(
                        player, stdin=espeak.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                    )
                )
            except OSError as exc:
                self._audio_problem = f"the audio player {player[0]} cannot be started ({exc.strerror})"
                log.warning("voice: %s", self._audio_problem)
            finally:
                espeak.stdout.close()  # the player holds the pipe now; espeak-ng sees it close with it
        assert espeak.stdin is not None
        try:
            espeak.stdin.write(text.encode())
            espeak.stdin.close()
        except BrokenPipeError:
            pass  # espeak-ng is already gone (an unknown voice): its exit code tells
        return _Prompt(processes)

    def _stop_locked(self) -> None:
        self._collect_locked()
        if self._prompt is not None:
            self._prompt.stop()
            self._prompt = None

    def _collect_locked(self) -> None:
        """Look at a prompt that ended by itself: did the sound device take it?"""
        prompt = self._prompt
        if prompt is None or prompt.running() or prompt.stopped:
            return
        self._prompt = None
        if prompt.processes[0].returncode != 0:
            log.warning("espeak-ng failed (exit code %s)", prompt.processes[0].returncode)
        if len(prompt.processes) > 1:
            code = prompt.processes[-1].returncode
            if code != 0:
                self._audio_problem = f"the audio player {self.output.describe()} failed (exit code {code})"
                log.warning("voice: %s", self._audio_problem)
            else:
                self._audio_problem = None

    def _check_installation(self) -> str | None:
        if shutil.which(self.executable) is None:
            return "espeak-ng is not installed (Debian package espeak-ng)"
        try:
            done = subprocess.run(
                [self.executable, "--voices=cmn"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
                env={**os.environ, "LC_ALL": "C"},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"espeak-ng does not run ({exc})"
        voices = {line.split()[1] for line in done.stdout.splitlines()[1:] if len(line.split()) > 1}
        if MANDARIN_VOICE not in voices:
            return f"espeak-ng has no Mandarin voice {MANDARIN_VOICE} (Debian package espeak-ng-data)"
        player = self.output.player if isinstance(self.output, Speaker) else None
        if player and shutil.which(player[0]) is None:
            return f"the audio player {player[0]} is not installed"
        return None


def voice_for(language: str) -> str:
    """The espeak-ng voice for a kiosk language tag: zh_CN → Mandarin, en / en_US → English."""
    tag = language.strip().lower().replace("_", "-")
    if tag.startswith(("zh", "cmn")):
        return MANDARIN_VOICE
    if tag in ENGLISH_VOICES:
        return ENGLISH_VOICES[tag]
    if tag.startswith("en-"):
        return "en"
    return tag or MANDARIN_VOICE
