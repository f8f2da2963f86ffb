"""Batch with a photo a person: the badge-photo template, safe picture paths, failures alone."""

from __future__ import annotations

import io
import os

import pikepdf
import pytest

from generator.batch.run import run_batch
from tests.batch.conftest import extract, sample_rows, write_csv
from tests.pictures import QUADRANTS, event_with, logo_png, near, pixel, quadrant_photo, render


@pytest.fixture(scope="module")
def photo_data(tmp_path_factory):
    """A data file beside its photos folder, with good rows and every kind of bad path."""
    d = tmp_path_factory.mktemp("photos")
    (d / "photos").mkdir()
    people = sample_rows()[:4]
    rows = []
    for i, person in enumerate(people):
        quadrant_photo(d / "photos" / f"p{i}.jpg", (600, 800))
        rows.append({**person, "photo": f"photos/p{i}.jpg"})
    outside = d.parent / "outside.jpg"
    quadrant_photo(outside, (600, 800))
    os.symlink(outside, d / "photos" / "link.jpg")
    (d / "photos" / "text.jpg").write_text("not a picture", encoding="utf-8")
    quadrant_photo(d / "photos" / "tiny.jpg", (60, 80))
    bad = {
        "../outside.jpg": "leaves the pictures folder",
        str(outside): "is absolute",
        "photos/link.jpg": "leaves the pictures folder",  # a symbolic link pointing out
        "photos/none.jpg": "picture not found",
        "photos/text.jpg": "cannot read picture",
        "photos/tiny.jpg": "dpi",
        "": "field 'photo' is empty",
    }
    for path in bad:
        rows.append({**people[0], "photo": path})
    return write_csv(d / "people.csv", rows), bad


def test_every_bad_photo_fails_its_record_alone(photo_data, tmp_path):
    data, bad = photo_data
    result = run_batch("badge-photo", data, out=tmp_path, workers=1)
    assert len(result.written) == 4
    rows = dict(result.failures)
    assert sorted(rows) == list(range(6, 6 + len(bad)))  # header is row 1, good rows 2-5
    for row, reason in zip(range(6, 6 + len(bad)), bad.values(), strict=True):
        assert reason in rows[row], (row, rows[row])
        assert "photo" in rows[row]
    pdf = sorted(tmp_path.glob("*.pdf"))[0].read_bytes()
    assert sample_rows()[0]["name"].split()[0] in extract(pdf)
    view = render(pdf, scale=3)
    assert near(pixel(view, 5 + 5, 15 + 5, 3), QUADRANTS[0])  # the photo, upright, in its box


def test_images_folder_option(photo_data, tmp_path):
    data, _ = photo_data
    rows = [{**sample_rows()[0], "photo": "p1.jpg"}]
    other = write_csv(tmp_path / "elsewhere.csv", rows)
    result = run_batch("badge-photo", other, out=tmp_path / "out", images=data.parent / "photos")
    assert result.ok and len(result.written) == 1


def test_single_file_of_200_embeds_the_logo_once(tmp_path):
    (tmp_path / "photos").mkdir()
    logo_png(tmp_path / "logo.png", (400, 400), (200, 30, 60), pad=20)
    event_with(tmp_path, logo="logo.png")
    people = sample_rows()
    for i in range(5):
        quadrant_photo(tmp_path / "photos" / f"p{i}.jpg", (600, 800))
    rows = [{**people[i % len(people)], "photo": f"photos/p{i % 5}.jpg"} for i in range(200)]
    data = write_csv(tmp_path / "people.csv", rows)
    result = run_batch(
        "badge-photo",
        data,
        out=tmp_path / "out",
        single_file=True,
        article=tmp_path / "article.kk.txt",
        facts=tmp_path / "facts.toml",
    )
    assert result.ok, result.failures
    pdf = result.written[0].read_bytes()
    assert len(pdf) < 15_000_000
    doc = pikepdf.open(io.BytesIO(pdf))
    found: dict[str, set] = {}

    def visit(resources) -> None:
        for key, x in (resources.get("/XObject") or {}).items():
            found.setdefault(key, set()).add(x.objgen)
            if x.get("/Subtype") == "/Form" and "/Resources" in x:
                visit(x.Resources)

    for page in doc.pages:
        visit(page.Resources)
    logos = {k: v for k, v in found.items() if ".logo.logo." in k}
    assert len(logos) == 1 and len(next(iter(logos.values()))) == 1
    photos = {k for k in found if ".photo." in k}
    assert len(photos) == 5  # one image a photo file, however many pages show it
    assert len(doc.pages) == 25  # 8 badges a sheet
