"""The held-out photos' fetch finds the Debian archive apt is set up with (no host is written down)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.face import archives, heldout
from tests.face.photos import PhotosUnavailableError


def test_the_mirror_comes_from_apts_own_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = tmp_path / "sources.list.d"
    parts.mkdir()
    (parts / "security.sources").write_text("Types: deb\nURIs: http://mirror.test/debian-security\n")
    (parts / "debian.sources").write_text("Types: deb\nURIs: http://mirror.test/debian/\nSuites: bookworm\n")
    monkeypatch.setattr(archives, "APT_SOURCES", (tmp_path / "sources.list", parts))
    assert archives.debian_mirror() == "http://mirror.test/debian"
    (tmp_path / "sources.list").write_text("deb [arch=amd64] http://other.test/debian bookworm main\n")
    assert archives.debian_mirror() == "http://other.test/debian"


def test_no_debian_archive_is_a_plain_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "APT_SOURCES", (tmp_path / "none.list", tmp_path / "none.d"))
    with pytest.raises(PhotosUnavailableError, match="no Debian archive"):
        archives.debian_mirror()


def test_the_collage_labels_four_people_six_photos_each() -> None:
    assert {person: len(boxes) for person, boxes in heldout.COLLAGE.items()} == {
        "Vin_Diesel": 6, "Jason_Statham": 6, "Dwayne_Johnson": 6, "Bruce_Willis": 6,
    }  # fmt: skip
    boxes = [box for person in heldout.COLLAGE.values() for box in person]
    assert len(set(boxes)) == 24  # no face labelled twice
