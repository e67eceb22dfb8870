"""Speed and calibration of the upload checks in dialogs/uploads.py.

    .venv/bin/python bench/image_checks.py              # timings
    .venv/bin/python bench/image_checks.py --calibrate  # and the calibration tables (minutes)

Timings: check_upload on a 4000 × 3000 phone-like JPEG next to a plain full-resolution decode of the
same file, a 12 MP HEIC and a 2-page PDF. Calibration: the sharpness score and the exposure
measures of generated certificate photos (tests/support/samples.py), per class, and the thresholds
they lead to. docs/image-checks.md holds a copy of both outputs.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageFilter, ImageStat

from dialogs import uploads
from tests.support import samples

RUNS = 25


# --- timings --------------------------------------------------------------------------------
def timed(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, tuple[float, float]]:
    """Median and 95th percentile in milliseconds of each action, after a warm-up run. The
    actions take turns, in alternating order, so that load elsewhere on the machine and what one
    leaves in the allocator for the next hit them alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for action in actions.values():
        action()
    for turn in range(runs):
        for name, action in list(actions.items())[:: 1 if turn % 2 else -1]:
            start = time.perf_counter()
            action()
            times[name].append((time.perf_counter() - start) * 1000)
    result = {}
    for name, values in times.items():
        values.sort()
        result[name] = (statistics.median(values), values[max(0, round(0.95 * runs) - 1)])
    return result


def full_decode(content: bytes) -> Callable[[], object]:
    """What decoding the whole file at full resolution costs, nothing else."""
    def decode() -> object:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            return image.size
    return decode


def draft_decode(content: bytes) -> Callable[[], object]:
    """Decoding the whole file at the reduced scale check_upload uses (the part it cannot skip:
    every byte is entropy-decoded, which is also what catches a cut-off file)."""
    def decode() -> object:
        with Image.open(io.BytesIO(content)) as image:
            scale = uploads._draft_scale(max(image.size))
            image.draft("RGB", (image.width // scale, image.height // scale))
            image.load()
            return image.size
    return decode


def timings(runs: int) -> None:
    typical = samples.jpeg(samples.document(4000, 3000, seed=1, noise=4.0), quality=92)
    heavy = samples.jpeg(samples.document(4000, 3000, seed=2, noise=8.0), quality=95)
    heic = samples.heic(samples.document(4032, 3024, seed=3))
    pdf = samples.pdf([samples.a4_scan(seed=4, dpi=200), samples.a4_scan(seed=5, dpi=200)])
    groups = [
        ("4000×3000 JPEG, phone-like", typical, {
            "check_upload": lambda: uploads.check_upload(typical),
            "full-resolution decode": full_decode(typical),
            "1/2-scale decode only": draft_decode(typical)}),
        ("4000×3000 JPEG, noisy (heavy)", heavy, {
            "check_upload": lambda: uploads.check_upload(heavy),
            "full-resolution decode": full_decode(heavy),
            "1/2-scale decode only": draft_decode(heavy)}),
        ("4032×3024 HEIC", heic, {
            "check_upload": lambda: uploads.check_upload(heic),
            "full-resolution decode": full_decode(heic)}),
        ("2-page PDF, A4 scans", pdf, {
            "check_upload (max_pages=2)": lambda: uploads.check_upload(pdf, max_pages=2)}),
    ]
    print(f"{'file':30} {'size':>7}  {'what':26} {'runs':>4} {'median':>9} {'p95':>9}")
    for name, content, actions in groups:
        for what, (median, p95) in timed(actions, runs).items():
            size = f"{len(content) / 1e6:.1f} MB"
            print(f"{name:30} {size:>7}  {what:26} {runs:>4} {median:>6.1f} ms {p95:>6.1f} ms")


# --- calibration ----------------------------------------------------------------------------
SIZES = [(800, 600), (1280, 960), (1200, 1600), (3000, 4000), (4032, 3024), (4000, 3000, 6)]
CONTENTS = {
    "dense": {"text": "dense"},
    "sparse": {"text": "sparse"},
    "dense, grey ink": {"text": "dense", "ink": (120, 118, 125), "paper": (175, 172, 165)},
    "sparse, grey ink": {"text": "sparse", "ink": (120, 118, 125), "paper": (175, 172, 165)},
}
NOISE = (1.0, 3.0)  # grey levels at the working size: daylight, dim room
# class → (label, degradation, which side of the threshold it must fall: True accept, None: shown)
# Blur is a Gaussian of σ pixels *at the working size* (σ 2 on a 4000 px photo is 8 px there);
# "upscaled from N px" is the photo shrunk to N px on its shorter side and blown up again.
BLUR_CLASSES: dict[str, tuple[Callable[[Image.Image], Image.Image], bool | None]] = {
    "sharp": (lambda image: image, True),
    "slightly soft, σ 0.5": (lambda image: samples.defocused(image, 0.5), True),
    "soft, σ 1": (lambda image: samples.defocused(image, 1), None),
    "blurred, σ 2": (lambda image: samples.defocused(image, 2), False),
    "blurred, σ 3": (lambda image: samples.defocused(image, 3), False),
    "blurred, σ 5": (lambda image: samples.defocused(image, 5), False),
    "upscaled from 160 px": (lambda image: samples.upscaled(image, 160), False),
    "upscaled from 240 px": (lambda image: samples.upscaled(image, 240), None),
    "upscaled from 450 px": (lambda image: samples.upscaled(image, 450), None),
    "2 px blur at full size": (lambda image: samples.blurred(image, 2), None),
}
DIGITAL = ("upscaled",)  # resampled files: the camera noise is in the photo before the resampling


def blur_samples() -> Iterator[tuple[str, bool | None, bytes]]:
    for size in SIZES:
        width, height, *orientation = size
        for content, options in CONTENTS.items():
            scene = samples.document(width, height, seed=width + height, noise=0, **options)
            for name, (degrade, accept) in BLUR_CLASSES.items():
                degraded = None if name.startswith(DIGITAL) else degrade(scene)
                for noise in NOISE:
                    if degraded is None:
                        photo = degrade(samples.sensor_noise(scene, noise))
                    else:
                        photo = samples.sensor_noise(degraded, noise)
                    if orientation:  # stored on its side, turned back by the EXIF tag
                        photo = samples.as_stored_with_orientation(photo, orientation[0])
                    data = samples.jpeg(photo, quality=88, orientation=orientation[0]
                                        if orientation else None)
                    print(f"  {width}×{height} {content}, {name}, noise {noise}", end="\r",
                          file=sys.stderr)
                    yield name, accept, data


def laplacian_variance(data: bytes) -> float:
    """The textbook measure on the same working copy, for comparison: variance of the 3 × 3
    Laplacian, without the contrast stretch or the percentile."""
    image, _, _ = uploads._decode(data, uploads.JPEG)
    grey = uploads._working_copy(uploads._normalized(image))
    edges = grey.filter(ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), 1, 128))
    inner = edges.crop((1, 1, edges.width - 1, edges.height - 1))
    return ImageStat.Stat(inner).var[0]


def calibrate_sharpness() -> None:
    scores: dict[str, list[float]] = {name: [] for name in BLUR_CLASSES}
    variances: dict[str, list[float]] = {name: [] for name in BLUR_CLASSES}
    for name, _, data in blur_samples():
        scores[name].append(uploads.measure(data)[0].sharpness)
        variances[name].append(laplacian_variance(data))
    print(file=sys.stderr)
    accepted = [s for name, (_, accept) in BLUR_CLASSES.items() if accept for s in scores[name]]
    refused = [s for name, (_, accept) in BLUR_CLASSES.items() if accept is False
               for s in scores[name]]
    low, high = max(refused), min(accepted)
    print(f"Sharpness: {len(SIZES)} sizes × {len(CONTENTS)} layouts × {len(NOISE)} noise levels "
          f"= {len(SIZES) * len(CONTENTS) * len(NOISE)} JPEGs (q 88) per class")
    print(f"{'class':36} {'score min':>9} {'median':>7} {'max':>6}   "
          f"{'Laplacian variance min':>22} {'max':>7}")
    for name, (_, accept) in BLUR_CLASSES.items():
        values, var = scores[name], variances[name]
        side = {True: "accept", False: "refuse", None: ""}[accept]
        print(f"{name:30} {side:>6}{min(values):>9.0f} {statistics.median(values):>7.0f} "
              f"{max(values):>6.0f}   {min(var):>22.1f} {max(var):>7.1f}")
    print(f"highest refused score {low:.0f}, lowest accepted score {high:.0f}: "
          + (f"threshold {(low + high) / 2:.0f} (midway), in use {uploads.SHARPNESS_MIN:.0f}"
             if high > low else "THE CLASSES OVERLAP"))
    var_accepted = [v for name, (_, a) in BLUR_CLASSES.items() if a for v in variances[name]]
    var_refused = [v for name, (_, a) in BLUR_CLASSES.items() if a is False
                   for v in variances[name]]
    print(f"Laplacian variance: highest refused {max(var_refused):.1f}, lowest accepted "
          f"{min(var_accepted):.1f}"
          + (" (overlap: no threshold separates them)"
             if max(var_refused) >= min(var_accepted) else ""))


EXPOSURE_CLASSES: dict[str, tuple[Callable[[], Image.Image], str]] = {
    "document, daylight": (lambda: samples.document(1600, 1200, seed=7), "accept"),
    "document, grey ink": (lambda: samples.document(1600, 1200, seed=7, ink=(120, 118, 125),
                                                    paper=(175, 172, 165)), "accept"),
    "document, dim (gain 0.35)": (lambda: samples.exposed(samples.document(1600, 1200, seed=7),
                                                          0.35), "accept"),
    "white A4 scan": (lambda: samples.a4_scan(seed=7), "accept"),
    "white A4 scan, two lines": (lambda: samples.document(1240, 1754, seed=7, text="sparse",
                                                          paper=(250, 250, 250),
                                                          background=(250, 250, 250),
                                                          margin=0.0, noise=1.0), "accept"),
    "document, dark (gain 0.2)": (lambda: samples.exposed(samples.document(1600, 1200, seed=7),
                                                          0.2), "too dark"),
    "document, night (gain 0.1)": (lambda: samples.exposed(samples.document(1600, 1200, seed=7),
                                                           0.1), "too dark"),
    "lens covered": (lambda: samples.flat(1600, 1200, (12, 12, 14)), "too dark"),
    "grey table top": (lambda: samples.flat(1600, 1200, (120, 130, 140)), "blank"),
    "blank white page": (lambda: samples.flat(1600, 1200, (246, 246, 244)), "blank"),
    "red cover": (lambda: samples.flat(1600, 1200, (180, 30, 30)), "blank"),
    "table top, light fall-off": (lambda: samples.flat(1600, 1200, (150, 120, 90), fall_off=True),
                                  "blank"),
    "washed out (ink → 170)": (lambda: samples.exposed(samples.document(1600, 1200, seed=7),
                                                       1.0, 145), "too bright"),
    "washed out (ink → 200)": (lambda: samples.exposed(samples.document(1600, 1200, seed=7),
                                                       1.0, 175), "too bright"),
}


def calibrate_exposure() -> None:
    print(f"Exposure (working copy, grey levels 0–255): too dark if mean < {uploads.DARK_MEAN:.0f};"
          f" blank if stddev < {uploads.BLANK_STDDEV:.0f}; too bright if mean > "
          f"{uploads.BRIGHT_MEAN:.0f} and darkest {uploads.DARKEST_FRACTION:.1%} > "
          f"{uploads.WASHED_OUT_DARKEST:.0f}")
    print(f"{'sample':30} {'expected':>10} {'mean':>6} {'stddev':>7} {'darkest':>8} "
          f"{'sharpness':>9}  result")
    for name, (make, expected) in EXPOSURE_CLASSES.items():
        data = samples.jpeg(make(), quality=88)
        m = uploads.measure(data)[0]
        try:
            uploads.check_upload(data)
            result = "accepted"
        except uploads.Invalid as refused:
            result = refused.msg.id
        print(f"{name:30} {expected:>10} {m.mean:>6.1f} {m.stddev:>7.1f} {m.darkest:>8} "
              f"{m.sharpness:>9.0f}  {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="also print the calibration")
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs per case (≥ 20)")
    parser.add_argument("--no-timings", action="store_true", help="calibration only")
    args = parser.parse_args()
    if not args.no_timings:
        timings(args.runs)
    if args.calibrate:
        print()
        calibrate_sharpness()
        print()
        calibrate_exposure()


if __name__ == "__main__":
    main()
