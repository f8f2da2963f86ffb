"""Batch with a photo a person: the badge-photo template, safe picture paths, failures alone."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil

import pikepdf
import pytest
from PIL import Image

from generator.api import find_template
from generator.batch.fast import prepared
from generator.batch.jobs import Job, render_ordinary
from generator.batch.jobs import render as render_record
from generator.batch.run import run_batch
from generator.cli import main
from generator.press.preflight import check_pdf
from tests.batch.conftest import extract, sample_rows, text_by_position, write_csv
from tests.conftest import run_cli
from tests.pictures import (
    QUADRANTS,
    event_with,
    k_only_profile,
    logo_png,
    near,
    pixel,
    placements,
    quadrant_photo,
    render,
)


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
        "photos": "is a folder",  # opened to check that it decodes, it stopped the whole file
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
    for row, (path, reason) in zip(range(6, 6 + len(bad)), bad.items(), strict=True):
        assert reason in rows[row], (row, rows[row])
        assert "\n" not in rows[row]
        # named as the data file gives it (its column and path), also a picture too coarse
        assert rows[row].startswith("column 'photo'") and path in rows[row], rows[row]
        assert "template" not in rows[row], rows[row]
    one_file = run_batch("badge-photo", data, out=tmp_path / "one", single_file=True)
    assert dict(one_file.failures) == rows
    pdf = sorted(tmp_path.glob("*.pdf"))[0].read_bytes()
    assert sample_rows()[0]["name"].split()[0] in extract(pdf)
    view = render(pdf, scale=3)
    assert near(pixel(view, 5 + 5, 15 + 5, 3), QUADRANTS[0])  # the photo, upright, in its box


def test_a_cut_off_photo_fails_its_record_alone_naming_it(tmp_path):
    """A JPEG whose download stopped half-way opens (its headers are whole) but does not
    decode: it stopped the whole batch with «image file is truncated; check the path», naming
    no row, column nor file. Now its record fails alone, per file and in one file: the single
    file (whose pages decode pictures only as the press draws them, which stopped the whole
    file, its error naming no row) has every other record, and the failed one is reported by
    its row and reason, with no file of its own."""
    rows = sample_rows()[:3]
    for i, person in enumerate(rows):
        quadrant_photo(tmp_path / f"p{i}.jpg", (600, 800))
        person["photo"] = f"p{i}.jpg"
    whole = (tmp_path / "p1.jpg").read_bytes()
    (tmp_path / "p1.jpg").write_bytes(whole[: len(whole) // 2])
    data = write_csv(tmp_path / "people.csv", rows)
    result = run_batch("badge-photo", data, out=tmp_path / "each", workers=1)
    assert len(result.written) == 2
    [(row, reason)] = result.failures
    assert row == 3 and reason.startswith("column 'photo': p1.jpg: cannot read picture p1.jpg")
    assert "truncated" in reason and "\n" not in reason
    for how in ([], ["--workers", "2"]):  # drawn by this process; by worker processes
        one = tmp_path / f"one{len(how)}"
        code, out, err = run_cli(
            "batch", "badge-photo", "--data", str(data), "--out", str(one), "--single-file", *how
        )  # fmt: skip
        assert code == 1  # a record failed
        assert "Traceback" not in err
        assert re.search(
            r"row 3: column 'photo': p1\.jpg: cannot read picture p1\.jpg: .*truncated", err
        ), err
        assert "2 of 3 records" in out and "1 failed" in out, out
        [pdf] = one.glob("*.pdf")
        text = " ".join(extract(pdf, i) for i in range(len(pikepdf.open(pdf).pages)))
        assert rows[0]["name"].split()[0] in text and rows[2]["name"].split()[0] in text
        assert rows[1]["name"].split()[0] not in text
        with open(one / "report.csv", encoding="utf-8") as f:
            report = {r["row"]: r for r in csv.DictReader(f)}
        assert report["3"]["status"] == "failed" and report["3"]["file"] == ""
        assert "truncated" in report["3"]["message"]
        assert report["2"]["file"] == report["4"]["file"] == pdf.name


def test_a_photo_under_250_dpi_is_built_and_reported_by_its_row(tmp_path, capsys):
    quadrant_photo(tmp_path / "mid.jpg", (190, 253))  # about 180 dpi in the 27 × 36 mm box
    quadrant_photo(tmp_path / "good.jpg", (600, 800))
    rows = [{**r, "photo": p} for r, p in zip(sample_rows(), ["good.jpg", "mid.jpg"], strict=False)]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    for run in range(2):  # built, then unchanged: said both times
        assert main(["batch", "badge-photo", "--data", str(data), "--out", str(out)]) == 0
        said = capsys.readouterr().err
        assert re.search(
            r"warning: row 3: column 'photo': picture mid\.jpg in box 'photo' is 1\d\d dpi", said
        ), said
        assert "row 2" not in said
        with open(out / "report.csv", encoding="utf-8") as f:
            report = f.read()
        assert ",unchanged," in report if run else ",written," in report
        assert re.search(r"\n3,\w+,[^\n]*mid\.jpg in box 'photo' is 1\d\d dpi", report), report


@pytest.mark.parametrize("variant", [False, True])
def test_a_single_file_warns_of_a_photo_under_250_dpi_by_its_row(tmp_path, capsys, variant):
    """--single-file (streamed, or read whole for a template with variants) says what a
    file a record says: the row and the dpi, on the console and in report.csv, again when
    the file is unchanged."""
    quadrant_photo(tmp_path / "mid.jpg", (190, 253))  # about 180 dpi in the 27 × 36 mm box
    quadrant_photo(tmp_path / "good.jpg", (600, 800))
    rows = [
        {**r, "photo": p}
        for r, p in zip(sample_rows(), ["good.jpg", "mid.jpg", "good.jpg"], strict=False)
    ]
    data = write_csv(tmp_path / "people.csv", rows)
    template = "badge-photo"
    if variant:  # variants: the records are read whole (single._run_whole)
        template = tmp_path / "badge-photo"
        shutil.copytree(find_template("badge-photo").folder, template)
        toml = (template / "template.toml").read_text(encoding="utf-8")
        toml += '\n[variants.role.speaker]\nband = { fill = "ink" }\n'
        (template / "template.toml").write_text(toml, encoding="utf-8")
    out = tmp_path / "out"
    command = ["batch", str(template), "--data", str(data), "--out", str(out), "--single-file"]
    for run in range(2):  # built, then unchanged: said both times
        assert main(command) == 0
        said = capsys.readouterr().err
        assert re.search(
            r"warning: row 3: column 'photo': picture mid\.jpg in box 'photo' is 1\d\d dpi", said
        ), said
        assert "row 2:" not in said and "row 4:" not in said
        with open(out / "report.csv", encoding="utf-8") as f:
            report = f.read()
        assert ",unchanged," in report if run else ",written," in report
        assert re.search(r"\n3,\w+,[^\n]*mid\.jpg in box 'photo' is 1\d\d dpi", report), report
        assert report.count("dpi") == 1, report


MIST = (0xDD, 0xF2, 0xF6)  # badge-photo's panel for a missing photo
SKY_DEEP = (0x00, 0x7F, 0xA3)  # its initials


def _no_photo_rows(folder):
    """A person with a photo, one with an empty cell, one with spaces only, one whose path
    names no file: the empty ones get their initials, the missing file fails alone."""
    people = sample_rows()
    return write_csv(
        folder / "mixed.csv",
        [
            {**people[0], "photo": "photos/p0.jpg"},
            {**people[1], "name": "Бауыржан Сейітқали", "photo": ""},
            {**people[2], "name": "Dana Smith", "photo": "   "},
            {**people[3], "photo": "photos/none.jpg"},
        ],
    )


@pytest.mark.parametrize("single_file", [False, True])
def test_no_photo_draws_the_initials_and_is_a_warning(photo_data, tmp_path, single_file):
    data, _ = photo_data
    out = tmp_path / "out"
    result = run_batch(
        "badge-photo", _no_photo_rows(data.parent), out=out, workers=1, single_file=single_file
    )
    assert [row for row, _ in result.failures] == [5]
    assert "picture not found: photos/none.jpg" in dict(result.failures)[5]
    warned = dict(result.warnings)
    assert sorted(warned) == [3, 4]
    assert all(w.startswith("no photo: box 'photo_initials'") for w in warned.values())
    if single_file:
        [sheet] = result.written
        pages = [extract(sheet.read_bytes())]
    else:
        assert len(result.written) == 3
        pages = [extract(p) for p in sorted(out.glob("*.pdf"))]
        report = (out / "report.csv").read_text(encoding="utf-8")
        assert "3,written," in report and "no photo: box 'photo_initials'" in report
        assert "5,failed," in report and "photos/none.jpg" in report
        with_photo, initials, latin = (
            render(p.read_bytes(), scale=3) for p in sorted(out.glob("*.pdf"))
        )
        assert near(pixel(with_photo, 10, 20, 3), QUADRANTS[0])  # the photo, no panel
        for view in (initials, latin):
            assert near(pixel(view, 7, 17, 3), MIST, 8)  # the panel fills the photo's frame
            assert near(pixel(view, 30, 49, 3), MIST, 8)
    text = " ".join(pages)
    assert "БС" in text and "DS" in text
    assert sample_rows()[0]["name"].split()[0] in text  # the photo's person: no initials
    assert initials_of(sample_rows()[0]["name"]) not in text.replace(sample_rows()[0]["name"], "")


def initials_of(name: str) -> str:
    return "".join(w[0] for w in name.split()[:2]).upper()


def test_the_initials_take_the_fast_path_and_print_the_same(photo_data):
    """A record without a photo lays out its photo box's fallback on the fast path (the
    picture and its fallback are one per-record run) as the ordinary path does."""
    data, _ = photo_data
    job = Job(str(find_template("badge-photo").folder), images=str(data.parent))
    assert prepared(job) is not None
    fields = {**sample_rows()[1], "name": "Бауыржан Сейітқали", "photo": ""}
    fast, ordinary = render_record(job, fields), render_ordinary(job, fields)
    assert fast != ordinary  # two writers
    assert text_by_position(fast) == text_by_position(ordinary)
    assert "БС" in extract(fast)
    assert not [p for p in placements(fast) if p[1] == "Image"]
    assert near(pixel(render(fast, scale=3), 7, 17, 3), MIST, 8)
    assert pixel(render(fast, scale=3), 7, 17, 3) == pixel(render(ordinary, scale=3), 7, 17, 3)


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


def _images(pdf: bytes) -> dict[str, tuple]:
    """Each image XObject of the page by name: its dictionary's entries and its bytes."""
    doc = pikepdf.open(io.BytesIO(pdf))
    out = {}
    for key, x in doc.pages[0].Resources.XObject.items():
        if x.Subtype == "/Image":
            entries = {k: str(v) for k, v in x.items() if k not in ("/Length", "/SMask")}
            out[key] = (entries, x.read_raw_bytes())
    return out


@pytest.mark.parametrize("color", ["rgb", "cmyk"])
def test_a_photo_badge_takes_the_fast_path_and_prints_the_same(photo_data, color):
    """The fast path (constant boxes serialised once, the photo written per record) places
    the same text, and the same picture bytes at the same place, as the ordinary path."""
    data, _ = photo_data
    job = Job(str(find_template("badge-photo").folder), images=str(data.parent), color=color)
    assert prepared(job) is not None
    fields = {**sample_rows()[1], "photo": "photos/p1.jpg"}
    fast, ordinary = render_record(job, fields), render_ordinary(job, fields)
    assert fast != ordinary  # two writers
    assert text_by_position(fast) == text_by_position(ordinary)
    pictures = [p for p in placements(fast) if p[1] == "Image"]
    assert pictures == [p for p in placements(ordinary) if p[1] == "Image"]
    assert len(pictures) == 1 and _images(fast) == _images(ordinary)
    assert check_pdf(fast, color_mode=color).ok
    assert render_record(job, fields) == fast  # deterministic


def test_a_photo_with_a_fallback_box_draws_one_or_the_other(photo_data, tmp_path):
    """A record's picture and its fallback are one choice per record, never both."""
    data, _ = photo_data
    folder = tmp_path / "badge-fallback"
    shutil.copytree(find_template("badge-photo").folder, folder)
    toml = folder / "template.toml"
    text = toml.read_text(encoding="utf-8")
    # A box of a type no record changes (a rule) as the fallback, and no initials.
    text = text.replace('fallback = "photo_initials"', 'fallback = "rule"')
    text = text.replace('name = "photo_initials"', 'name = "photo_initials"\nneeds = ["partners"]')
    toml.write_text(text, encoding="utf-8")
    rows = [{**sample_rows()[0], "photo": "photos/p0.jpg"}, {**sample_rows()[1], "photo": ""}]
    out = tmp_path / "out"
    result = run_batch(folder, write_csv(data.parent / "fallback.csv", rows), out=out)
    assert result.ok, result.failures
    with_photo, without = sorted(out.glob("*.pdf"))
    gold = (254, 197, 12)  # the rule, 36 mm from the left and 34.5 mm from the top
    assert not near(pixel(render(with_photo.read_bytes(), scale=3), 40, 35, 3), gold)
    assert near(pixel(render(without.read_bytes(), scale=3), 40, 35, 3), gold)
    assert near(pixel(render(with_photo.read_bytes(), scale=3), 10, 20, 3), QUADRANTS[0])


def test_an_icc_profile_converts_the_photos_and_is_the_output_intent(photo_data, tmp_path):
    """`--icc FILE`: the profile is embedded as the PDF/X output intent, and the photos are
    made CMYK through it (LittleCMS), not by the built-in conversion."""
    data, _ = photo_data
    icc = k_only_profile(tmp_path / "press.icc")
    rows = [{**sample_rows()[0], "photo": "photos/p0.jpg"}]
    csv = write_csv(tmp_path / "one.csv", rows)
    press = ["--color", "cmyk", "--pdfx", "--images", str(data.parent)]
    made = {}
    for name, extra in (("icc", ["--icc", str(icc)]), ("built-in", [])):
        out = tmp_path / name
        args = ["batch", "badge-photo", "--data", str(csv), "--out", str(out), *press, *extra]
        assert main(args) == 0
        [made[name]] = [p.read_bytes() for p in out.glob("*.pdf")]
    with pikepdf.open(io.BytesIO(made["icc"])) as doc:
        [intent] = doc.Root.OutputIntents
        assert intent.DestOutputProfile.read_bytes() == icc.read_bytes()
    assert check_pdf(made["icc"], profile="pdfx", color_mode="cmyk").ok
    inks = {}
    for name, pdf in made.items():
        [(entries, data_)] = _images(pdf).values()
        assert entries["/ColorSpace"] == "/DeviceCMYK"
        photo = Image.open(io.BytesIO(data_))
        assert photo.mode == "CMYK"
        inks[name] = [hi for _, hi in photo.getextrema()]
    assert max(inks["icc"][:3]) <= 8 and inks["icc"][3] > 100  # K alone, as the profile says
    assert max(inks["built-in"][:3]) > 100  # the built-in conversion uses C, M and Y
    assert not re.search(rb"/SMask", made["icc"])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_book_of_pages_drawn_apart_carries_each_photo(tmp_path, monkeypatch, workers):
    """A single-file book of single pages is drawn in worker processes and written by one
    writer: each page's photo travels with its page and is written once a file."""
    from generator.batch import book
    from generator.press.assemble import Drawn

    drawn, pages = [], book.pages

    def counted(*args, **kwargs):
        for page in pages(*args, **kwargs):
            if isinstance(page, Drawn):
                drawn.append(len(page.pictures))
            yield page

    monkeypatch.setattr(book, "pages", counted)
    folder = tmp_path / "badge-pages"
    shutil.copytree(find_template("badge-photo").folder, folder)
    toml = folder / "template.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('sheet = "A4", ', ""), "utf-8")
    images = tmp_path / "images"
    images.mkdir()
    for i in range(3):
        quadrant_photo(images / f"p{i}.jpg", (600, 800))
    # The sample record the writer tries its fonts on names the picture "Aa": let it exist.
    shutil.copy(images / "p0.jpg", images / "Aa")
    rows = [{**sample_rows()[i], "photo": f"p{i % 2}.jpg"} for i in range(3)]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    result = run_batch(folder, data, out=out, single_file=True, workers=workers, images=images)
    assert result.ok, result.failures
    assert drawn == [1, 1, 1]  # every page drawn apart, with its photo
    pdf = result.written[0].read_bytes()
    doc = pikepdf.open(io.BytesIO(pdf))
    photos = {x.objgen for p in doc.pages for k, x in p.Resources.XObject.items() if ".p" in k}
    assert len(doc.pages) == 3 and len(photos) == 2  # p0 twice, written once
    for page in range(3):
        assert near(pixel(render(pdf, page, scale=3), 10, 20, 3), QUADRANTS[0])
    assert check_pdf(pdf).ok


@pytest.mark.parametrize("single_file", [False, True])
def test_a_record_that_fails_is_not_told_its_placeholder_was_drawn(tmp_path, capsys, single_file):
    """An empty name (fails before drawing) or one no font has (fails in the drawing), both
    without a photo: the report said «field 'name' is empty; no photo: box 'photo_initials'
    drawn in its place», of a badge never made."""
    people = sample_rows()
    rows = [
        {**people[0], "photo": ""},  # built with its initials: said
        {**people[1], "name": "", "photo": ""},
        {**people[2], "name": "😀 Эмодзи", "photo": ""},
    ]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    command = ["batch", "badge-photo", "--data", str(data), "--out", str(out)]
    assert main(command + (["--single-file"] if single_file else [])) == 1
    err = capsys.readouterr().err
    assert "warning: row 2: no photo: box 'photo_initials' drawn in its place" in err
    assert "row 3: no photo" not in err and "row 4: no photo" not in err
    report = (out / "report.csv").read_text(encoding="utf-8")
    assert report.count("no photo") == 1, report


def test_an_images_folder_that_is_not_there_is_one_error(tmp_path, capsys):
    """Each record said «picture not found: p.jpg (in …/nonexist)» and the output folder
    was made; the option is wrong, not the records."""
    data = write_csv(tmp_path / "people.csv", [{**sample_rows()[0], "photo": "p.jpg"}])
    out = tmp_path / "out"
    args = ["batch", "badge-photo", "--data", str(data), "--out", str(out)]
    assert main([*args, "--images", str(tmp_path / "nonexist")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"error: {tmp_path / 'nonexist'}: --images: folder not found", err
    assert not out.exists()


@pytest.mark.parametrize("single_file", [False, True])
@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_a_wholly_transparent_photo_gets_the_initials_as_a_missing_one_does(
    tmp_path, capsys, single_file, mode
):
    """A PNG of alpha 0 everywhere printed a blank photo area and said nothing; a missing
    photo gets the initials. It now gets them too, with a warning in its row."""
    people = sample_rows()
    (tmp_path / "photos").mkdir()
    clear = Image.new("RGBA", (600, 800), (200, 30, 30, 0))
    clear = clear.convert("LA") if mode == "LA" else clear
    if mode == "P":
        clear = Image.new("P", (600, 800), 0)
        clear.putpalette([200, 30, 30])
        clear.info["transparency"] = 0
    clear.save(tmp_path / "photos" / "clear.png")
    quadrant_photo(tmp_path / "photos" / "seen.jpg", (600, 800))
    rows = [{**people[0], "photo": "photos/clear.png"}, {**people[1], "photo": "photos/seen.jpg"}]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    command = ["batch", "badge-photo", "--data", str(data), "--out", str(out)]
    assert main(command + (["--single-file"] if single_file else [])) == 0
    err = capsys.readouterr().err
    said = "row 2: photo: clear.png is wholly transparent: box 'photo_initials' drawn in its place"
    assert said in err, err
    assert "row 3" not in err
    assert said.split(": ", 1)[1] in (out / "report.csv").read_text(encoding="utf-8")
    from pypdf import PdfReader

    pages = [p.extract_text() for f in sorted(out.glob("*.pdf")) for p in PdfReader(f).pages]
    page = next(t for t in pages if people[0]["name"].split()[0] in t)
    initials = "".join(w[0] for w in people[0]["name"].split()[:2]).upper()
    assert initials in page, page
