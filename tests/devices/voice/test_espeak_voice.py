"""The espeak-ng voice: real espeak-ng processes, real WAV audio, a real-time stand-in for the sound card."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import psutil
import pytest

from devices.voice.base import Voice, VoiceStatus
from devices.voice.espeak import MANDARIN_VOICE, EspeakVoice, Speaker, WavFiles, voice_for
from kiosk.composition.adapters import voice_from_spec
from kiosk.config import ConfigError, VoiceConfig, parse_config

pytestmark = [
    pytest.mark.realstack,
    pytest.mark.skipif(
        shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (Debian espeak-ng)"
    ),
]

PLAYER = Path(__file__).with_name("realtime_player.py")
PROMPT = "请把身份证放在读卡区"  # 10 syllables
LONG_PROMPT = "请把身份证放在读卡区，请看摄像头，正在核验您的身份，请稍候。" * 3
WPM = 150


def speech(path: Path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        samples = np.frombuffer(wav.readframes(params.nframes), dtype="<i2")
    return params, samples


def espeak_directly(tmp_path: Path, voice: str, text: str, name: str) -> bytes:
    out = tmp_path / name
    subprocess.run(
        ["espeak-ng", "-v", voice, "-a", "100", "-s", str(WPM), "-b", "1", "-w", str(out)],
        input=text.encode(),
        check=True,
        timeout=20,
    )
    return out.read_bytes()


def has_played_sound(folder: Path) -> bool:
    """Whether a stand-in player in `folder` has written its header and some sound."""
    return any(part.stat().st_size > 44 for part in folder.glob("*.part"))


def our_children() -> set[psutil.Process]:
    return {p for p in psutil.Process().children(recursive=True) if p.is_running()}


@pytest.fixture(autouse=True)
def nothing_left_speaking() -> Iterator[None]:
    before = our_children()
    yield
    left = [p for p in our_children() - before if p.status() != psutil.STATUS_ZOMBIE]
    for process in left:
        process.kill()
    assert not left, f"processes left running: {[p.name() for p in left]}"


def wav_voice(tmp_path: Path, **options: object) -> tuple[EspeakVoice, WavFiles]:
    files = WavFiles(tmp_path)
    settings: dict[str, object] = {"volume": 100, "muted": False, "words_per_minute": WPM} | options
    return EspeakVoice(output=files, **settings), files  # type: ignore[arg-type]


def played_voice(folder: Path) -> EspeakVoice:
    """A voice whose sound card is the real-time stand-in, recording into ``folder``."""
    player = Speaker((sys.executable, str(PLAYER), str(folder)))
    return EspeakVoice(volume=100, muted=False, words_per_minute=WPM, output=player)


def test_a_prompt_is_real_mandarin_audio_of_plausible_length(tmp_path: Path) -> None:
    voice, files = wav_voice(tmp_path)
    assert isinstance(voice, Voice)
    assert voice.status() is VoiceStatus.READY

    voice.say(PROMPT)
    assert voice.wait(10)

    (path,) = files.written
    params, samples = speech(path)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050)
    seconds = params.nframes / params.framerate
    assert 1.5 < seconds < 8.0, seconds  # 10 syllables at 150 words a minute
    assert np.sqrt(np.mean(samples.astype(np.float64) ** 2)) > 500  # speech, not silence
    # The very audio of espeak-ng's Mandarin pinyin voice, not of plain cmn (English letters).
    mandarin = espeak_directly(tmp_path, MANDARIN_VOICE, PROMPT, "mandarin.wav")
    letters = espeak_directly(tmp_path, "cmn", PROMPT, "letters.wav")
    assert path.read_bytes() == mandarin
    assert path.read_bytes() != letters


def test_english_prompts_use_an_english_voice(tmp_path: Path) -> None:
    voice, files = wav_voice(tmp_path)
    text = "Please take your ID card."

    voice.say(text, language="en")
    assert voice.wait(10)

    (path,) = files.written
    assert path.read_bytes() == espeak_directly(tmp_path, "en", text, "english.wav")
    assert path.read_bytes() != espeak_directly(tmp_path, MANDARIN_VOICE, text, "mandarin.wav")
    assert voice_for("en_US") == "en-us"
    assert voice_for("zh_CN") == voice_for("zh") == MANDARIN_VOICE


def test_volume_comes_from_the_config(tmp_path: Path) -> None:
    (tmp_path / "loud").mkdir()
    (tmp_path / "soft").mkdir()
    loud, loud_files = wav_voice(tmp_path / "loud", volume=200)
    soft, soft_files = wav_voice(tmp_path / "soft", volume=50)
    for voice in (loud, soft):
        voice.say(PROMPT)
        assert voice.wait(10)

    _, loud_samples = speech(loud_files.written[0])
    _, soft_samples = speech(soft_files.written[0])
    assert np.abs(loud_samples.astype(np.int32)).mean() > 2 * np.abs(soft_samples.astype(np.int32)).mean()


def test_muted_says_nothing(tmp_path: Path) -> None:
    spec_voice = voice_from_spec("espeak", VoiceConfig(spec="espeak", muted=True))
    assert isinstance(spec_voice, EspeakVoice)
    assert spec_voice.status() is VoiceStatus.MUTED

    voice, files = wav_voice(tmp_path, muted=True)
    voice.say(PROMPT)

    assert not voice.is_speaking()
    assert files.written == []
    assert list(tmp_path.iterdir()) == []
    assert voice.status() is VoiceStatus.MUTED


def test_say_returns_at_once_and_a_new_prompt_cuts_off_the_old_one(tmp_path: Path) -> None:
    played = tmp_path / "played"
    played.mkdir()
    voice = EspeakVoice(
        volume=100,
        muted=False,
        words_per_minute=WPM,
        output=Speaker((sys.executable, str(PLAYER), str(played))),
    )
    before = our_children()

    voice.say(LONG_PROMPT)
    # say() came back while the stand-in sound card still has many seconds to play.
    assert voice.is_speaking()
    first = our_children() - before
    assert "espeak-ng" in {p.name() for p in first}
    # Wait until the stand-in has played some sound: its .part file exists from the moment it
    # is opened, a moment before the WAV header is written into it.
    deadline = time.monotonic() + 10
    while not has_played_sound(played) and time.monotonic() < deadline:
        time.sleep(0.02)
    (first_part,) = played.glob("*.part")

    voice.say("请取卡")

    assert not any(p.is_running() for p in first), "the first prompt's processes are still there"
    second = our_children() - before
    assert second and not second & first
    assert voice.wait(15)
    assert len(list(played.glob("*.wav"))) == 1  # only the second prompt played to its end
    assert first_part.exists()  # the first was cut off: its .part was never completed
    header = first_part.read_bytes()[:44]
    assert header[:4] == b"RIFF" and int.from_bytes(header[24:28], "little") == 22050
    full = espeak_directly(tmp_path, MANDARIN_VOICE, LONG_PROMPT, "long-reference.wav")
    assert first_part.stat().st_size < len(full) / 2


def test_stop_and_close_end_the_prompt(tmp_path: Path) -> None:
    voice = EspeakVoice(
        volume=100,
        muted=False,
        words_per_minute=WPM,
        output=Speaker((sys.executable, str(PLAYER), str(tmp_path))),
    )
    voice.say(LONG_PROMPT)
    assert voice.is_speaking()
    voice.stop()
    assert not voice.is_speaking()

    voice.say(LONG_PROMPT)
    voice.close()
    assert not voice.is_speaking()
    assert not list(tmp_path.glob("*.wav"))


def test_a_sound_device_that_fails_makes_the_voice_unavailable_until_it_plays_again(tmp_path: Path) -> None:
    failing = tmp_path / "failing-player"
    failing.write_text("#!/bin/sh\ncat >/dev/null\necho 'no sound card' >&2\nexit 1\n")
    failing.chmod(0o755)
    voice = EspeakVoice(volume=100, muted=False, words_per_minute=WPM, output=Speaker((str(failing),)))

    voice.say(PROMPT)
    assert voice.wait(10)
    assert voice.status() is VoiceStatus.NO_DEVICE
    assert "failed (exit code 1)" in voice.description

    failing.write_text("#!/bin/sh\ncat >/dev/null\n")  # the sound card is back
    voice.say(PROMPT)
    assert voice.wait(10)
    assert voice.status() is VoiceStatus.READY


def test_without_espeak_ng_the_voice_is_no_device(tmp_path: Path) -> None:
    voice = EspeakVoice(
        volume=100,
        muted=False,
        words_per_minute=WPM,
        output=WavFiles(tmp_path),
        executable="espeak-ng-missing",
    )
    assert voice.status() is VoiceStatus.NO_DEVICE
    assert "not installed" in voice.description
    voice.say(PROMPT)  # nothing happens, nothing is raised
    assert list(tmp_path.iterdir()) == []


def test_without_the_mandarin_pinyin_voice_the_voice_is_no_device(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of espeak-ng's data folder, made of links, without the cmn-latn-pinyin voice.
    version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True).stdout
    data = Path(version.split("Data at:")[1].strip())
    copy = tmp_path / "espeak-ng-data"
    copy.mkdir()
    for entry in data.iterdir():
        if entry.name != "lang":
            (copy / entry.name).symlink_to(entry)
    shutil.copytree(data / "lang", copy / "lang", ignore=shutil.ignore_patterns("cmn-Latn-pinyin"))
    assert list((data / "lang").glob("**/cmn-Latn-pinyin")) and not list(
        (copy / "lang").glob("**/cmn-Latn-pinyin")
    )
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(tmp_path))

    voice, _ = wav_voice(tmp_path)
    assert voice.status() is VoiceStatus.NO_DEVICE
    assert MANDARIN_VOICE in voice.description

    monkeypatch.delenv("ESPEAK_DATA_PATH")  # the package is repaired: the voice comes back by itself
    assert voice.status() is VoiceStatus.READY


def test_the_default_speaker_prefers_a_player_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert Speaker.detect() == Speaker(None)
    aplay = tmp_path / "aplay"
    aplay.write_text("#!/bin/sh\ncat >/dev/null\n")
    aplay.chmod(0o755)
    assert Speaker.detect() == Speaker(("aplay", "-q"))


def test_the_configured_player_plays_every_prompt(tmp_path: Path) -> None:
    played = tmp_path / "played"
    played.mkdir()
    config = parse_config(
        f"""
[devices.voice]
spec = "espeak"
player = ["{sys.executable}", "{PLAYER}", "{played}"]
"""
    )
    voice = voice_from_spec("espeak", config.devices.voice)
    assert voice.status() is VoiceStatus.READY
    assert "realtime_player" not in voice.description  # the arguments may name a device; not shown

    voice.say(PROMPT)
    assert voice.wait(15)

    (wav,) = played.glob("*.wav")
    params, samples = speech(wav)
    assert params.framerate == 22050 and len(samples) > 22050  # over a second of speech


def test_a_configured_player_that_is_not_installed_makes_the_voice_unavailable(tmp_path: Path) -> None:
    config = parse_config('[devices.voice]\nspec = "espeak"\nplayer = ["aplay-missing", "-q"]\n')
    voice = voice_from_spec("espeak", config.devices.voice)

    assert voice.status() is VoiceStatus.NO_DEVICE
    assert "the audio player aplay-missing is not installed" in voice.description
    voice.say(PROMPT)  # nothing happens, nothing is raised
    assert not voice.is_speaking()


def test_a_player_with_no_program_is_a_config_problem() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('[devices.voice]\nplayer = [" ", "-q"]\n')
    assert "devices.voice.player" in str(caught.value)
    assert "must name a program" in str(caught.value)
