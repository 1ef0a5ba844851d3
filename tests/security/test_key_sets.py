"""A key set from outside (``kiosk verify --public-key FILE``, the kiosk's own folder): bounded, strict."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.documents.signing import MAX_KEY_SET_BYTES, MAX_KEYS, KeyFileError, KeyStore, read_key_set

NOW = datetime(2026, 12, 7, 12, 0).astimezone()


@pytest.fixture
def key_set(tmp_path: Path) -> Path:
    store = KeyStore(tmp_path / "keys")
    store.signing_key("KSK-0001", NOW)
    return store.folder / "public-keys.json"


def refused(path: Path) -> str:
    with pytest.raises(KeyFileError) as caught:
        read_key_set(path)
    return str(caught.value)


def test_a_genuine_key_set_reads(key_set: Path) -> None:
    [key] = read_key_set(key_set)
    assert key.kiosk_id == "KSK-0001"


def test_deep_nesting_is_a_sentence_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"keys": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert "nested more than 3 deep" in refused(path)


def test_an_endless_file_is_refused_after_its_limit(tmp_path: Path) -> None:
    assert "larger than" in refused(Path("/dev/zero"))
    path = tmp_path / "big.json"
    path.write_text('{"keys": [' + " " * MAX_KEY_SET_BYTES + "]}", encoding="utf-8")
    assert "larger than 256 KiB" in refused(path)


def test_a_repeated_key_is_refused(key_set: Path) -> None:
    text = key_set.read_text(encoding="utf-8").replace(
        '"kiosk_id": ', '"kiosk_id": "KSK-9999", "kiosk_id": ', 1
    )
    key_set.write_text(text, encoding="utf-8")
    assert 'the key "kiosk_id" appears twice' in refused(key_set)


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data.update(more=1),
        lambda data: data["keys"][0].update(comment="hello"),
        lambda data: data["keys"][0].pop("algorithm"),
        lambda data: data["keys"][0].update(algorithm="RSA"),
        lambda data: data["keys"][0].update(kiosk_id="K" * 65),
        lambda data: data["keys"][0].update(not_after=20301231),
        lambda data: data.update(keys=data["keys"] * (MAX_KEYS + 1)),
        lambda data: data.update(keys={"a": 1}),
    ],
)
def test_anything_but_the_published_shape_is_refused(key_set: Path, change: object) -> None:
    data = json.loads(key_set.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    key_set.write_text(json.dumps(data), encoding="utf-8")
    assert "is not a valid key set" in refused(key_set)
