"""The CJK faces documents are set in: found through fontconfig, loaded once per process.

Citizens' names include characters outside the basic CJK block (䶮 U+4DAE,
𠮷 U+20BB7). Debian's ``fonts-noto-cjk`` covers them; WenQuanYi does not, so
the faces are picked by family name, never by "whatever fontconfig offers".

Speed. fpdf2 subsets an embedded font with fontTools, which has to parse the
whole 65,535-glyph CFF table of a Noto CJK face for every document (≈ 0.2 s a
face). Instead :meth:`DocumentFaces.attach` gives each document a copy of a
face whose metrics were read once, and just before output the face is cut to
the glyphs the document used with HarfBuzz's hb-subset (a few milliseconds);
fpdf2 then subsets that small font. The CIDs (and so the glyph names fpdf2
tracks) survive hb-subset, which is what makes the swap safe; the tests check
the result with ``pdffonts`` and text extraction.
"""

from __future__ import annotations

import copy
import functools
import io
import shutil
import subprocess
import threading
import types
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fpdf.output
import uharfbuzz as hb
from fontTools import subset as ftsubset
from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.output import OutputProducer

from kiosk.documents.base import RenderError

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)


@dataclass(frozen=True, slots=True)
class FaceSpec:
    """A face as documents name it (``serif``, ``serif-bold``, ``sans-bold``) and where fontconfig has it."""

    key: str
    family: str  # fontconfig family, e.g. "Noto Serif CJK SC"
    style: str  # fontconfig style: Regular or Bold
    file_stem: str  # the Debian file, for the scan when fc-list is missing


FACES = (
    FaceSpec("serif", "Noto Serif CJK SC", "Regular", "NotoSerifCJK-Regular"),
    FaceSpec("serif-bold", "Noto Serif CJK SC", "Bold", "NotoSerifCJK-Bold"),
    FaceSpec("sans-bold", "Noto Sans CJK SC", "Bold", "NotoSansCJK-Bold"),
)


class MissingFontError(RenderError):
    """A face documents need is not installed (``apt-get install fonts-noto-cjk``)."""


@dataclass(frozen=True, slots=True)
class FaceLocation:
    path: Path
    index: int  # face number inside a .ttc collection


def locate(spec: FaceSpec) -> FaceLocation:
    """Where ``spec`` is installed: fontconfig first, then a scan of the usual font folders."""
    found = _from_fc_list(spec)
    if found is None:
        found = _from_scan(spec)
    if found is None:
        raise MissingFontError(
            f"The font {spec.family} {spec.style} is not installed; install the fonts-noto-cjk package."
        )
    return found


def _from_fc_list(spec: FaceSpec) -> FaceLocation | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [
                fc_list,
                "--format",
                "%{file}\t%{index}\t%{family}\t%{style}\n",
                f"{spec.family}:style={spec.style}",
            ],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(out.splitlines()):
        parts = line.split("\t")
        if len(parts) != 4 or not parts[1].isdigit():
            continue
        families = parts[2].split(",")
        if spec.family in families and spec.style in parts[3].split(","):
            return FaceLocation(Path(parts[0]), int(parts[1]))
    return None


def _from_scan(spec: FaceSpec) -> FaceLocation | None:
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(f"{spec.file_stem}.tt[cf]")) + sorted(
            folder.rglob(f"{spec.file_stem}.otf")
        ):
            index = _face_index(path, spec.family)
            if index is not None:
                return FaceLocation(path, index)
    return None


def _face_index(path: Path, family: str) -> int | None:
    try:
        if path.suffix.lower() == ".ttc":
            collection = ttLib.TTCollection(str(path), lazy=True)
            fonts = list(collection.fonts)
        else:
            fonts = [ttLib.TTFont(str(path), lazy=True)]
    except Exception:  # noqa: BLE001 - a broken font file is skipped, not fatal
        return None
    for index, font in enumerate(fonts):
        if font["name"].getDebugName(1) == family:
            return index
    return None


class Face:
    """One face, loaded once: fpdf2's metrics (a template copied per document) and a HarfBuzz face."""

    def __init__(self, spec: FaceSpec, location: FaceLocation) -> None:
        self.spec = spec
        self.location = location
        # fpdf2 reads the cmap and every glyph's width here: the ≈ 0.4 s a face costs, paid once.
        scratch = FPDF()
        scratch.add_font(spec.key, "", str(location.path), collection_font_number=location.index)
        template = scratch.fonts[spec.key]
        assert isinstance(template, TTFFont)
        template.ttfont.close()
        self.template = template
        self.codepoints: frozenset[int] = frozenset(template.cmap)
        self._hb_face = hb.Face(hb.Blob.from_file_path(str(location.path)), location.index)
        self._lock = threading.Lock()

    def covers(self, char: str) -> bool:
        return ord(char) in self.codepoints

    def copy_for(self, pdf: FPDF) -> TTFFont:
        """A per-document copy: shares the read-only metrics, owns its subset map and descriptor."""
        template = self.template
        font = TTFFont.__new__(TTFFont)
        for name in TTFFont.__slots__:
            if hasattr(template, name):
                setattr(font, name, getattr(template, name))
        font.i = len(pdf.fonts) + 1
        font.desc = copy.copy(template.desc)  # output writes the subset name and font file into it
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font._hbfont = None
        font.subset = SubsetMap(font)
        return font

    def cut(self, glyph_ids: Iterable[int]) -> ttLib.TTFont:
        """This face reduced to ``glyph_ids`` (plus .notdef), as fontTools will read it for embedding."""
        subset_input = hb.SubsetInput()
        # Plain charstrings: fpdf2 then subsets again with fontTools, which would otherwise run every
        # charstring to prune subroutines.
        subset_input.flags = hb.SubsetFlags.DESUBROUTINIZE
        for glyph_id in glyph_ids:
            subset_input.glyph_set.add(glyph_id)
        with self._lock:  # one HarfBuzz face; documents may render on more than one thread
            result = hb.subset(self._hb_face, subset_input)
        if result is None:
            raise RenderError(
                f"The font {self.spec.family} {self.spec.style} could not be subset for embedding."
            )
        # No bounding-box recalculation on save: fpdf2 saves the font twice, and the
        # boxes from hb-subset are already right; recalculating draws every glyph.
        font = ttLib.TTFont(
            io.BytesIO(result.blob.data), recalcTimestamp=False, recalcBBoxes=False, lazy=True
        )
        font.kiosk_already_cut = True  # see _CutAware
        return font


class _CutAware(ftsubset.Subsetter):  # type: ignore[misc]
    """fpdf2 subsets every font again with fontTools on output. A face HarfBuzz has already cut
    to the document's glyphs needs none of it, and fontTools would execute and recompile every
    charstring (about 40 % of a credit report's render time). Left untouched, the charstrings
    stay as the bytes HarfBuzz wrote and are copied as they are."""

    def subset(self, font: ttLib.TTFont) -> None:
        if getattr(font, "kiosk_already_cut", False):
            return
        super().subset(font)


# Only fpdf2's own reference to fontTools' subset module is replaced, never fontTools itself.
fpdf.output.ftsubset = types.SimpleNamespace(Options=ftsubset.Options, Subsetter=_CutAware)  # type: ignore[attr-defined]


class DocumentFaces:
    """The faces documents use. Build it with :func:`document_faces` (cached per process)."""

    def __init__(self, faces: dict[str, Face]) -> None:
        self.faces = faces

    def attach(self, pdf: FPDF) -> None:
        """Make every face available to ``pdf`` under its key (``pdf.set_font("serif")``)."""
        for key, face in self.faces.items():
            pdf.fonts[key] = face.copy_for(pdf)
        pdf._set_min_pdf_version("1.6")  # CID-keyed CFF fonts (FontFile3/CIDFontType0C)

    def output(self, pdf: FPDF) -> bytes:
        """``pdf.output()``, with each face cut to the glyphs the document used; fails on any it lacks."""
        faces = self

        class CutFacesProducer(OutputProducer):
            # bufferize() runs after the last footer is drawn and "{nb}" is filled in: every glyph is known.
            def bufferize(self) -> bytearray:
                faces._cut_faces(pdf)
                return super().bufferize()

        return bytes(pdf.output(output_producer_class=CutFacesProducer))

    def _cut_faces(self, pdf: FPDF) -> None:
        missing: set[int] = set()
        for key, face in self.faces.items():
            font = pdf.fonts[key]
            assert isinstance(font, TTFFont)
            missing.update(font.missing_glyphs)
            glyph_ids = [glyph.glyph_id for glyph, _code in font.subset.items() if glyph is not None]
            font.ttfont = face.cut(glyph_ids)
        if missing:
            raise RenderError(missing_glyph_sentence(min(missing)))

    def first_missing(self, texts: Iterable[str], keys: Iterable[str] = ("serif",)) -> int | None:
        """The first code point in ``texts`` that one of the faces ``keys`` cannot draw, if any."""
        faces = [self.faces[key] for key in keys]
        for text in texts:
            for char in text:
                if char in "\n\t":
                    continue
                if not all(face.covers(char) for face in faces):
                    return ord(char)
        return None


def missing_glyph_sentence(codepoint: int) -> str:
    # The code point, never the text around it: that would be the citizen's name or address.
    return (
        f"The document cannot be printed: the fonts have no glyph for the character U+{codepoint:04X}, "
        "and a blank box must never be printed in its place."
    )


@functools.cache
def document_faces() -> DocumentFaces:
    """Load every face once per process (≈ 0.4 s a face); raises :class:`MissingFontError`."""
    return DocumentFaces({spec.key: Face(spec, locate(spec)) for spec in FACES})


def describe() -> list[dict[str, Any]]:
    """Where each face was found, for diagnostics (no loading of metrics)."""
    out: list[dict[str, Any]] = []
    for spec in FACES:
        try:
            where = locate(spec)
            out.append(
                {
                    "face": spec.key,
                    "family": spec.family,
                    "style": spec.style,
                    "file": str(where.path),
                    "index": where.index,
                }
            )
        except MissingFontError as exc:
            out.append({"face": spec.key, "family": spec.family, "style": spec.style, "problem": str(exc)})
    return out
