"""``make facecheck-report``: FMR and FNMR of the configured recognizer at its threshold, on real photos.

Pairs are built by tests/face/pairs.py from photos fetched by pinned hash (the
face_recognition 1.3.0 sdist's test images) and scikit-image's astronaut and
LFW subset. The counts are printed with every rate: with this few genuine pairs
the rates say whether the threshold is sane, not what a hall will see; a hall
should calibrate on its own consented photos (docs/face-check.md).
"""

from __future__ import annotations

from kiosk.config import load_config
from kiosk.face.detection import FaceFinder
from kiosk.face.models import load_finder_models
from kiosk.face.recognizers import DLIB_THRESHOLD, DlibRecognizer
from tests.bench import BenchReport
from tests.face import pairs

SWEEP = (0.4, 0.45, 0.5, 0.55, 0.6)


def _rate(errors: int, total: int) -> float:
    return 100.0 * errors / total if total else 0.0


def run(report: BenchReport) -> None:
    configured = load_config().face_check
    if configured.recognizer != "dlib":
        print("  the configured recognizer is sface: this report measures the dlib descriptor only")
    threshold = configured.threshold if configured.threshold is not None else DLIB_THRESHOLD
    models = load_finder_models()
    finder = FaceFinder(models.detector, models.predictor)
    recognizer = DlibRecognizer()
    named = pairs.named_samples(finder, recognizer)
    lfw = pairs.lfw_samples(finder, recognizer)
    genuine = pairs.genuine_pairs(named, recognizer)
    card_genuine = [p for p in genuine if p.a.card or p.b.card]
    impostor = pairs.impostor_pairs(named, recognizer)
    lfw_vs_named = pairs.impostor_pairs(named, recognizer, lfw)
    lfw_vs_lfw = pairs.impostor_pairs(lfw, recognizer)

    print(f"  dlib ResNet descriptor, threshold {threshold:.3f} (Euclidean distance; ≤ threshold is a match)")
    print(
        f"  samples: {len(named)} named (photos and simulated 102×126 q60 card photos), {len(lfw)} LFW faces"
    )
    fnm, ng, _, _ = pairs.rates(genuine, [], threshold)
    report.figure("FNMR, all genuine pairs", _rate(fnm, ng), "%", note=f"{fnm} of {ng} genuine pairs refused")
    fnm_c, nc, _, _ = pairs.rates(card_genuine, [], threshold)
    report.figure(
        "FNMR, card photo against another photo", _rate(fnm_c, nc), "%", note=f"{fnm_c} of {nc} refused"
    )
    _, _, fm, ni = pairs.rates([], impostor, threshold)
    report.figure(
        "FMR, cross-identity named pairs", _rate(fm, ni), "%", note=f"{fm} of {ni} impostor pairs accepted"
    )
    _, _, fm_l, nl = pairs.rates([], lfw_vs_named, threshold)
    report.figure(
        "FMR, LFW faces against the named people", _rate(fm_l, nl), "%", note=f"{fm_l} of {nl} accepted"
    )
    _, _, fm_ll, nll = pairs.rates([], lfw_vs_lfw, threshold)
    report.figure(
        "FMR, LFW against LFW (25 px grey; identities unlabelled)",
        _rate(fm_ll, nll),
        "%",
        note=f"{fm_ll} of {nll} accepted — a pessimistic bound: some pairs may be one person",
    )
    gd, idist = pairs.distances(genuine), pairs.distances(impostor + lfw_vs_named)
    print(
        f"  genuine distances {gd.min():.3f}–{gd.max():.3f}; named impostor distances from {idist.min():.3f}"
    )
    print("  threshold sweep (FNMR all genuine | FMR named+LFW-vs-named | FMR LFW-vs-LFW):")
    for t in SWEEP:
        a, b, _, _ = pairs.rates(genuine, [], t)
        _, _, c, d = pairs.rates([], impostor + lfw_vs_named, t)
        _, _, e, f = pairs.rates([], lfw_vs_lfw, t)
        line = f"{a}/{b} ({_rate(a, b):.1f} %) | {c}/{d} ({_rate(c, d):.2f} %) | {e}/{f} ({_rate(e, f):.2f}%)"
        print(f"    {t:.2f}: {line}")
