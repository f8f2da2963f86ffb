"""What an event office needs of a batch: serial numbers that stay, a QR per person that
decodes to their URL, verification, variants by role, hand-over files, stock and duplex."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from generator.batch.run import run_batch
from generator.cli import main
from generator.compose.template import load_template
from generator.errors import TemplateError
from generator.resources import default_event_dir, templates_dir

from .conftest import extract, sample_rows, text_by_position, write_csv

MM = 72 / 25.4
VERIFY = "https://example.kz/verify"


@pytest.fixture(scope="module")
def event(tmp_path_factory) -> Path:
    """The default event with a verification address, so certificates carry a QR code."""
    folder = tmp_path_factory.mktemp("event")
    src = default_event_dir()
    shutil.copy(src / "article.kk.txt", folder / "article.kk.txt")
    shutil.copytree(src / "pictures", folder / "pictures")  # the logo facts.toml names
    facts = (src / "facts.toml").read_text(encoding="utf-8")
    assert "[event]\n" in facts
    facts = facts.replace("[event]\n", f'[event]\nverify_url = "{VERIFY}"\n', 1)
    (folder / "facts.toml").write_text(facts, encoding="utf-8")
    return folder / "article.kk.txt"


def _report(out: Path) -> list[dict[str, str]]:
    with open(out / "report.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _decode_qr(pdf: Path) -> str:
    import pypdfium2 as pdfium
    import zxingcpp

    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, f"{pdf.name}: {len(found)} codes"
    return found[0].text


def test_serials_stay_across_an_incremental_run_with_a_record_added(tmp_path, event):
    rows = sample_rows()[:6]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    first = run_batch("certificate", data, out=out, workers=1, article=event, name="{name}")
    assert first.ok and len(first.written) == 6
    before = {r["file"]: r["serial"] for r in _report(out)}
    assert len(set(before.values())) == 6
    assert sorted(before.values())[0].startswith("№ 2026-")

    # A newcomer, put first in the file: nobody is renumbered, nobody's file rebuilt.
    newcomer = dict(rows[0], name="Жаңа Қатысушы Әлібекұлы")
    write_csv(data, [newcomer, *rows])
    second = run_batch("certificate", data, out=out, workers=1, article=event, name="{name}")
    assert second.ok and len(second.written) == 1 and second.skipped == 6
    lines = _report(out)
    after = {r["file"]: r["serial"] for r in lines if r["status"] == "unchanged"}
    by_name = {r["serial"]: r["file"] for r in lines}
    assert after == before
    numbers = sorted(int(s.rsplit("-", 1)[1]) for s in by_name)
    assert numbers == list(range(1, 8))
    new_serial = next(r["serial"] for r in lines if r["status"] == "written")
    assert new_serial.endswith("-0007")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["serials"]["issued"]) == 7
    # The serial is printed on the certificate.
    written = next(r["file"] for r in lines if r["status"] == "written")
    assert new_serial in extract(out / written)


def test_each_certificate_qr_decodes_to_its_own_url(tmp_path, event):
    rows = sample_rows()[:4]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    assert run_batch("certificate", data, out=out, workers=1, article=event).ok
    seen = set()
    for line in _report(out):
        url = _decode_qr(out / line["file"])
        number = line["serial"].replace("№", "").strip()
        assert url == f"{VERIFY}?id={number}"
        seen.add(url)
    assert len(seen) == 4


def test_verify_accepts_an_issued_pdf_and_rejects_a_changed_one(tmp_path, event, capsys):
    data = write_csv(tmp_path / "people.csv", sample_rows()[:3])
    out = tmp_path / "out"
    assert run_batch("certificate", data, out=out, workers=1, article=event).ok
    issued = sorted(out.glob("0*.pdf"))[0]
    assert main(["verify", str(issued), "--manifest", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("issued:") and "№ 2026-" in said
    # verify.json, as an organiser would publish it, answers the same.
    assert main(["verify", str(issued), "--manifest", str(out / "verify.json")]) == 0
    changed = tmp_path / issued.name
    changed.write_bytes(issued.read_bytes().replace(b"/Title", b"/Titl\x65", 1) + b"%x\n")
    capsys.readouterr()
    assert main(["verify", str(changed), "--manifest", str(out)]) == 1
    assert "changed" in capsys.readouterr().out
    assert main(["verify", str(tmp_path / "none.pdf"), "--manifest", str(out)]) == 1
    assert "not found" in capsys.readouterr().err


def test_verify_reads_a_batch_sent_to_an_fsspec_url(tmp_path, event, capsys):
    """Batch --out takes memory:// and s3://; verify reads the manifest and lists from there
    too, and the API and the command line answer alike."""
    import fsspec

    from generator.batch.verify import verify_pdf

    data = write_csv(tmp_path / "people.csv", sample_rows()[:2])
    url = "memory://ifix-verify/certs"
    result = run_batch("certificate", data, out=url, workers=1, article=event)
    assert result.ok
    fs = fsspec.filesystem("memory")
    issued = sorted(p for p in fs.ls("/ifix-verify/certs", detail=False) if "/0" in p)[0]
    pdf_url = f"memory://{issued}"
    for source in (url, f"{url}/", f"{url}/manifest.json", f"{url}/verify.json",
                   f"{url}/verify.csv"):  # fmt: skip
        verdict = verify_pdf(pdf_url, source)
        assert verdict.issued and "№ 2026-" in verdict.message, source
        assert main(["verify", pdf_url, "--manifest", source]) == 0
        assert capsys.readouterr().out.strip() == verdict.message
    # A local copy checked against the published list, and a changed one refused.
    local = tmp_path / issued.rsplit("/", 1)[-1]
    local.write_bytes(fs.cat_file(issued))
    assert main(["verify", str(local), "--manifest", url]) == 0
    fs.pipe_file("/ifix-verify/changed.pdf", fs.cat_file(issued) + b"%x\n")
    assert not verify_pdf("memory://ifix-verify/changed.pdf", url).issued
    assert main(["verify", "memory://ifix-verify/changed.pdf", "--manifest", url]) == 1
    capsys.readouterr()
    assert main(["verify", str(local), "--manifest", "memory://ifix-verify/none"]) == 1
    err = capsys.readouterr().err
    assert "memory://ifix-verify/none" in err and "no manifest.json" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def _band_colour(pdf: Path) -> tuple[int, int, int]:
    """The colour in the middle of the badge's top band, from a render."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(pdf)[0]
    scale = 4
    image = page.render(scale=scale).to_pil().convert("RGB")
    bleed = (page.get_width() - 90 * MM) / 2
    return image.getpixel((int((bleed + 60 * MM) * scale), int((bleed + 1.5 * MM) * scale)))


def test_speaker_and_guest_badges_differ_as_the_variant_says(tmp_path):
    rows = sample_rows()[:3]
    rows[0]["role"] = "Спикер"  # a spelling the speaker variant matches
    rows[1]["role"] = "ерікті"
    rows[2]["role"] = "құрметті қонақ"  # no variant: the design as it is, reported
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    result = run_batch("badge", data, out=out, workers=1)
    assert result.ok
    lines = {int(r["row"]): r for r in _report(out)}
    assert [lines[r]["variant"] for r in (2, 3, 4)] == ["speaker", "volunteer", ""]
    assert "no variant" in lines[4]["message"] and "құрметті қонақ" in lines[4]["message"]
    assert [row for row, _ in result.defaulted] == [4] and not result.warnings
    colours = [_band_colour(out / lines[r]["file"]) for r in (2, 3, 4)]
    ink, green, sky = (0x14, 0x28, 0x4B), (0x2E, 0x8B, 0x57), (0x00, 0xAF, 0xCA)
    for got, want in zip(colours, (ink, green, sky), strict=True):
        assert all(abs(a - b) < 12 for a, b in zip(got, want, strict=True)), (got, want)


def test_zip_and_merge_hold_every_record_and_are_byte_identical(tmp_path, event):
    rows = sample_rows()[:5]
    data = write_csv(tmp_path / "people.csv", rows)
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        r = run_batch(
            "certificate", data, out=out, workers=1, article=event, zip_out=True, merge=True
        )
        assert r.ok
    for name in ("certificate-all.zip", "certificate-all.pdf", "verify.csv", "report.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    with zipfile.ZipFile(outs[0] / "certificate-all.zip") as zf:
        names = zf.namelist()
        assert names == sorted(p.name for p in outs[0].glob("0*.pdf"))
        for n in names:
            assert zf.read(n) == (outs[0] / n).read_bytes()
    from pypdf import PdfReader

    merged = PdfReader(outs[0] / "certificate-all.pdf")
    assert len(merged.pages) == 5
    text = " ".join(p.extract_text() for p in merged.pages)
    for row in rows:
        assert row["name"].split()[-1] in text
    # A second run changes nothing and keeps both files.
    again = run_batch(
        "certificate", data, out=outs[0], workers=1, article=event, zip_out=True, merge=True
    )
    assert again.skipped == 5 and not again.written
    assert (outs[0] / "certificate-all.zip").read_bytes() == (
        outs[1] / "certificate-all.zip"
    ).read_bytes()


def _badge_copy(tmp_path: Path, settings: str, back: bool) -> Path:
    folder = tmp_path / "badge"
    shutil.copytree(templates_dir() / "badge", folder)
    toml = (folder / "template.toml").read_text(encoding="utf-8")
    toml = toml.replace('name = "badge"\n', 'name = "badge-duplex"\n', 1)
    toml = toml.replace(
        'settings = { optional = ["role", "organisation"], sheet = "A4", gap = 6 }', settings
    )
    if back:
        toml += (
            '\n[[pages]]\nname = "back"\n\n[[pages.boxes]]\nname = "back_name"\ntype = "text"\n'
            'style = "name"\nvalign = "bottom"\nx = 5\ny = 15\nw = 80\nh = 18\n'
        )
        text = (folder / "text.j2").read_text(encoding="utf-8")
        (folder / "text.j2").write_text(
            text + "\n{% block back_name %}{{ record.name }}{% endblock %}\n", encoding="utf-8"
        )
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    return folder


def _name_boxes(pdf: Path, page: int, names: list[str]) -> dict[str, tuple[float, float]]:
    """Where each name starts on a page: (x, y) of its first character, in mm."""
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(pdf)[page].get_textpage()
    found = {}
    for name in names:
        first = name.split()[0]
        search = text.search(first)
        hit = search.get_next()
        if hit:
            left, bottom, _, _ = text.get_charbox(hit[0])
            found[name] = (left / MM, bottom / MM)
    return found


def test_duplex_backs_sit_behind_their_fronts(tmp_path):
    settings = 'settings = { optional = ["organisation"], stock = "badge-90x55", duplex = true }'
    folder = _badge_copy(tmp_path, settings, back=True)
    rows = sample_rows()[:7]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    result = run_batch(folder, data, out=out, single_file=True)
    assert result.ok, result.failures
    pdf = out / "badge-duplex-all.pdf"
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) == 2  # 7 badges fit one sheet of 10: its front, then its back
    sheet_w = float(reader.pages[0].mediabox.width) / MM
    assert abs(sheet_w - 210) < 0.1
    names = [r["name"] for r in rows]
    fronts = _name_boxes(pdf, 0, names)
    backs = _name_boxes(pdf, 1, names)
    assert len(fronts) == len(backs) == 7
    for name in names:
        fx, fy = fronts[name]
        bx, by = backs[name]
        # A name 5 mm into its 90 mm badge: on the back the badge is mirrored across the sheet.
        cell = fx - 5
        assert abs(bx - (sheet_w - cell - 90 + 5)) < 0.6, (name, fx, bx)
        assert abs(by - fy) < 0.6


def test_named_stock_places_pieces_where_the_stock_says(tmp_path):
    folder = _badge_copy(tmp_path, 'settings = { stock = "L7418" }', back=False)
    toml = (folder / "template.toml").read_text(encoding="utf-8")
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    data = write_csv(tmp_path / "people.csv", sample_rows()[:2])
    with pytest.raises(Exception, match=r"L7418 holds pieces of 86 × 55 mm.*90 × 55"):
        run_batch(folder, data, out=tmp_path / "out", single_file=True)

    from generator.batch.stock import STOCKS

    for stock in STOCKS.values():
        cells, (sw, sh) = stock.cells()
        assert len(cells) == stock.columns * stock.rows
        for x, y in cells:  # every piece on the sheet
            assert x >= 0 and y >= 0
            assert x + stock.piece[0] * MM <= sw + 0.01 and y + stock.piece[1] * MM <= sh + 0.01
    assert len(STOCKS["L7418"].cells()[0]) == 8 and len(STOCKS["card-90x54"].cells()[0]) == 10


@pytest.mark.parametrize("duplex", [False, True])
def test_stock_sheets_are_streamed_with_every_piece_where_the_stock_says(tmp_path, duplex):
    from generator.batch import single
    from generator.batch.jobs import Job

    settings = f'optional = ["organisation"], stock = "badge-90x55", duplex = {str(duplex).lower()}'
    folder = _badge_copy(tmp_path, "settings = { " + settings + " }", back=duplex)
    rows = sample_rows()[:13]
    data = write_csv(tmp_path / "people.csv", rows)
    job = Job(str(folder), required=("name", "role"))
    records = [(i + 2, r) for i, r in enumerate(rows)]
    streamed = single.stream_book(job, records, len(rows), tmp_path / "book.pdf")
    assert streamed is not None  # written page by page, not built in memory
    sides = 2 if duplex else 1
    assert streamed[0]["pages"] == 2 * sides  # 13 badges: a sheet of 10 and one of 3
    book = (tmp_path / "book.pdf").read_bytes()
    # The in-memory book of the same records places everything alike, fronts and backs.
    made, failures, pages = single.build_book(job, records)
    assert not failures and pages == 2 * sides
    for page in range(pages):
        assert text_by_position(book, page) == text_by_position(made, page)
    names = _name_boxes(tmp_path / "book.pdf", 0, [r["name"] for r in rows[:10]])
    assert len(names) == 10
    result = run_batch(folder, data, out=tmp_path / "out", single_file=True, workers=2)
    assert result.ok and text_by_position(result.written[0], 0) == text_by_position(book, 0)


def _cut_marks(pdf: Path, page: int) -> tuple[list[tuple[float, ...]], tuple[float, ...]]:
    """The lines drawn on a sheet outside the area its pieces are cut from (its TrimBox),
    as (left, bottom, right, top) in points, and that TrimBox."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    sheet = pdfium.PdfDocument(pdf)[page]
    trim = sheet.get_trimbox()
    marks = []
    for obj in sheet.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=0):
        left, bottom, right, top = obj.get_bounds()
        if right < trim[0] or left > trim[2] or top < trim[1] or bottom > trim[3]:
            marks.append((left, bottom, right, top))
    return marks, trim


@pytest.mark.parametrize(
    "settings",
    [None, 'settings = { optional = ["organisation"], stock = "badge-90x55", duplex = true }'],
)
def test_a_last_sheet_has_cut_marks_only_for_its_pieces(tmp_path, settings):
    folder = _badge_copy(tmp_path, settings, back=True) if settings else "badge"
    data = write_csv(tmp_path / "people.csv", sample_rows()[:11])  # 8 + 3, or 10 + 1
    result = run_batch(folder, data, out=tmp_path / "out", single_file=True)
    assert result.ok, result.failures
    from pypdf import PdfReader

    pdf = result.written[0]
    for page in range(len(PdfReader(pdf).pages)):
        marks, (x0, y0, x1, y1) = _cut_marks(pdf, page)
        assert marks, page
        for left, bottom, right, top in marks:  # each in line with an edge of a piece
            if top - bottom < 1:  # across: beside the pieces' rows
                assert y0 - 0.5 < bottom and top < y1 + 0.5, (page, bottom / MM, y0 / MM)
            else:  # up and down: above or below the pieces' columns
                assert x0 - 0.5 < left and right < x1 + 0.5, (page, left / MM, x0 / MM)


def test_stock_of_a_smaller_size_takes_the_template_at_that_size(tmp_path, capsys):
    folder = tmp_path / "invitation-a6"
    shutil.copytree(templates_dir() / "invitation", folder)
    toml = (folder / "template.toml").read_text(encoding="utf-8")
    plain = 'settings = { optional = ["organisation"] }'
    assert plain in toml and 'size = "A5"' in toml  # A5, scaled to A6 on request
    toml = toml.replace(plain, 'settings = { optional = ["organisation"], stock = "A6-4up" }')
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    data = write_csv(tmp_path / "people.csv", sample_rows()[:5])
    command = ["batch", str(folder), "--data", str(data), "--single-file"]
    assert main([*command, "--out", str(tmp_path / "a5")]) == 1
    said = capsys.readouterr().err
    assert "A6-4up holds pieces of 105 × 148 mm, the template's page is 148 × 210 mm" in said
    assert "(use --size A6)" in said
    assert main([*command, "--out", str(tmp_path / "a6"), "--size", "A6"]) == 0
    from pypdf import PdfReader

    sheets = PdfReader(tmp_path / "a6" / "invitation-all.pdf").pages
    assert len(sheets) == 2  # 4 + 1 invitations of 105 × 148 mm on A4
    assert [round(float(v) / MM) for v in sheets[0].mediabox] == [0, 0, 210, 297]
    names = _name_boxes(
        tmp_path / "a6" / "invitation-all.pdf", 0, [r["name"] for r in sample_rows()[:4]]
    )
    assert len(names) == 4


def _speaker_badge(folder: Path) -> Path:
    """A copy of the badge with a red band: the speaker's template."""
    shutil.copytree(templates_dir() / "badge", folder)
    toml = (folder / "template.toml").read_text(encoding="utf-8")
    (folder / "template.toml").write_text(
        toml.replace('name = "badge"\n', 'name = "badge-speaker"\n', 1).replace(
            'sky = { rgb = "#00AFCA"', 'sky = { rgb = "#C0392B"'
        ),
        encoding="utf-8",
    )
    return folder


def test_template_by_picks_a_template_per_record(tmp_path):
    base = tmp_path / "tpl" / "badge"
    shutil.copytree(templates_dir() / "badge", base)
    speaker = _speaker_badge(tmp_path / "speaker-red")
    rows = sample_rows()[:2]
    rows[0]["role"] = "ЖҮРГІЗУШІ"  # host: no variant, a template of its own
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    result = run_batch(base, data, out=out, workers=1, template_by=f"role:жүргізуші={speaker}")
    assert result.ok
    lines = {int(r["row"]): r for r in _report(out)}
    red = _band_colour(out / lines[2]["file"])
    assert abs(red[0] - 0xC0) < 12 and abs(red[2] - 0x2B) < 12, red
    assert any("no template" in text for row, text in result.untemplated if row == 3)
    assert "no variant" not in " ".join(t for _, t in result.warnings)


def test_template_by_takes_one_folder_for_several_values(tmp_path):
    """«--template-by role:speaker=./badge-speaker,спикер=./badge-speaker» (two spellings, one
    template) ended in «internal error: KeyError: 140201436756496»: the two values' jobs are
    equal, so a set kept one of them, and the other was looked up by its id. (Host roles:
    the speaker's own variant would colour the band.)"""
    base = tmp_path / "tpl" / "badge"
    shutil.copytree(templates_dir() / "badge", base)
    speaker = _speaker_badge(tmp_path / "speaker-red")
    rows = sample_rows()[:3]
    rows[0]["role"], rows[1]["role"] = "host", "жүргізуші"
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    by = f"role:host={speaker},жүргізуші={speaker}"
    result = run_batch(base, data, out=out, workers=1, template_by=by)
    assert result.ok, result.failures
    lines = {int(r["row"]): r for r in _report(out)}
    for row in (2, 3):
        red = _band_colour(out / lines[row]["file"])
        assert abs(red[0] - 0xC0) < 12 and abs(red[2] - 0x2B) < 12, (row, red)


def test_template_by_uses_only_declared_folders_never_a_sibling_name(tmp_path, capsys):
    """A folder named TEMPLATE-VALUE beside the template is not a template for VALUE: the
    built-in badge-photo beside badge is no badge for the role «photo»."""
    root = tmp_path / "tpl"
    base = root / "badge"
    shutil.copytree(templates_dir() / "badge", base)
    shutil.copytree(templates_dir() / "badge-photo", root / "badge-photo")
    _speaker_badge(root / "badge-host")
    rows = sample_rows()[:3]
    rows[0]["role"], rows[1]["role"], rows[2]["role"] = "photo", "Host", "guest"
    for r in rows:
        r["photo"] = ""
    data = write_csv(tmp_path / "people.csv", rows)
    # The built-in badge declares nothing (badge-photo, beside it, is no role's template):
    # refused, naming the template's file and the setting to write.
    command = ["batch", "badge", "--data", str(data), "--template-by", "role"]
    assert main([*command, "--out", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert "declares no templates by 'role'" in err and "template.toml" in err
    assert "settings.template_by.role" in err and "Traceback" not in err
    assert not (tmp_path / "none").exists()
    toml = (base / "template.toml").read_text(encoding="utf-8")
    old = 'settings = { optional = ["role", "organisation"], sheet = "A4", gap = 6 }'
    assert old in toml
    (base / "template.toml").write_text(
        toml.replace(
            old,
            'settings = { optional = ["role", "organisation"], sheet = "A4", gap = 6, '
            'template_by = { role = { host = "../badge-host" } } }',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_batch(base, data, out=out, workers=1, template_by="role")
    assert result.ok, result.failures
    lines = {int(r["row"]): r for r in _report(out)}
    red = _band_colour(out / lines[3]["file"])  # the host's declared template
    assert abs(red[0] - 0xC0) < 12 and abs(red[2] - 0x2B) < 12, red
    plain = run_batch(base, data, out=tmp_path / "plain", workers=1)  # no --template-by
    assert plain.ok
    for row in (2, 4):  # «photo» and «guest»: the badge itself, not badge-photo
        name = lines[row]["file"]
        assert (out / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), row
    said = {row: text for row, text in result.untemplated}
    assert "role 'photo' has no template (declared: host): badge used" in said[2]
    assert not result.warnings
    assert "role 'photo' has no template" in _report(out)[0]["message"]
    # On the console a count, as for variants: most values of a role take the default.
    capsys.readouterr()
    assert main(["batch", str(base), *command[2:], "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert "2 records have no template of their own for --template-by" in printed
    assert "has no template" not in err


def test_template_by_is_checked_in_the_template_data(tmp_path):
    base = tmp_path / "badge"
    shutil.copytree(templates_dir() / "badge", base)
    toml = (base / "template.toml").read_text(encoding="utf-8")
    old = "gap = 6 }"
    for setting, said in (
        ('template_by = { job = { a = "x" } }', "'job' is not one of [template] fields"),
        ('template_by = { role = "x" }', "role must be a table of values and folders"),
    ):
        (base / "template.toml").write_text(
            toml.replace(old, f"gap = 6, {setting} }}"), encoding="utf-8"
        )
        with pytest.raises(TemplateError) as e:
            load_template(base)
        assert said in str(e.value) and "template.settings.template_by" in str(e.value)


def test_office_options_are_refused_clearly(tmp_path, capsys):
    data = write_csv(tmp_path / "people.csv", sample_rows()[:2])
    code = main(["batch", "certificate", "--data", str(data), "--out", str(tmp_path / "o"),
                 "--serial", "№ {nn}"])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert "serial pattern" in err and "{nn}" in err and "Traceback" not in err
    code = main(["batch", "certificate", "--data", str(data), "--out", str(tmp_path / "o"),
                 "--serial-key", "passport"])  # fmt: skip
    assert code == 1
    assert "no column 'passport'" in capsys.readouterr().err
    for option in ("--zip", "--merge"):  # nothing to gather from one file: said, not ignored
        code = main(["batch", "badge", "--data", str(data), "--out", str(tmp_path / "s"),
                     "--single-file", option])  # fmt: skip
        assert code == 2
        assert f"{option} gathers the files of a record each" in capsys.readouterr().err
        assert not (tmp_path / "s").exists()


def test_report_lists_every_record_and_the_summary_is_printed(tmp_path, capsys):
    rows = sample_rows()[:3]
    rows[1]["name"] = ""  # a required field empty: that record fails alone
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    assert main(["batch", "badge", "--data", str(data), "--out", str(out), "--workers", "1"]) == 1
    printed = capsys.readouterr().out
    assert "2 written, 0 unchanged, 1 failed of 3 records" in printed
    assert "report.csv" in printed
    lines = _report(out)
    assert [(r["row"], r["status"]) for r in lines] == [
        ("2", "written"),
        ("3", "failed"),
        ("4", "written"),
    ]
    assert "name" in lines[1]["message"]
    assert (
        io.StringIO((out / "report.csv").read_text(encoding="utf-8"))
        .readline()
        .startswith("row,status")
    )


@pytest.mark.parametrize("template", ["badge", "certificate"])  # sheets; pages read as a stream
def test_a_single_file_run_reports_every_record_too(tmp_path, capsys, template):
    rows = sample_rows()[:4]
    rows[1]["name"] = ""  # fails alone
    rows[3] = dict(rows[2])  # a row pasted twice: a warning
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    command = ["batch", template, "--data", str(data), "--out", str(out), "--single-file"]
    for status in ["written", "unchanged"]:
        assert main(command) == 1
        printed, err = capsys.readouterr()
        # One file of three records (it read «1 written, 0 unchanged, 1 failed of 4 records»,
        # then «0 written, 3 unchanged»: files one time, records the next).
        assert f"1 file {status}, {template}-all.pdf: 3 of 4 records on " in printed
        assert f"wrote {out / 'report.csv'}" in printed
        lines = _report(out)
        assert [(r["row"], r["status"]) for r in lines] == [
            ("2", status),
            ("3", "failed"),
            ("4", status),
            ("5", status),
        ]
        assert {r["file"] for r in lines if r["status"] == status} == {f"{template}-all.pdf"}
        assert "field 'name' is empty" in lines[1]["message"]
        # Read whole (badge: variants) or as a stream (certificate): the repeat is seen.
        assert "the same as row 4" in lines[3]["message"]
        assert "warning: row 5: the same as row 4" in err
        if template == "certificate":  # numbered: each record its serial
            assert [r["serial"] for r in lines] == ["№ 2026-0001", "", "№ 2026-0002", "№ 2026-0003"]


def test_a_removed_record_s_old_pdf_is_pointed_out(tmp_path, capsys):
    rows = sample_rows()[:3]
    out = tmp_path / "out"
    command = ["batch", "badge", "--out", str(out), "--name", "{name}", "--zip"]
    data = write_csv(tmp_path / "people.csv", rows)
    assert main([*command, "--data", str(data)]) == 0
    assert "older PDF" not in capsys.readouterr().err
    gone = sorted(out.glob("*.pdf"))[0]
    kept = [r for r in rows if r["name"].replace(" ", "_") + ".pdf" != gone.name]
    assert len(kept) == 2
    data = write_csv(tmp_path / "people.csv", kept)  # a person cancelled
    assert main([*command, "--data", str(data)]) == 0
    said = capsys.readouterr().err
    assert f"warning: {out} holds 1 older PDF of no record in this data" in said
    assert gone.name in said and gone.is_file()  # said, not deleted
    with zipfile.ZipFile(out / "badge-all.zip") as zf:
        assert gone.name not in zf.namelist() and len(zf.namelist()) == 2


@pytest.mark.parametrize("single_file", [False, True])
def test_a_record_that_fails_takes_no_serial_number(tmp_path, single_file):
    """A row without a name fails alone: it used to take a number all the same, a number no
    certificate carries (a gap in the register, and burned for good: the row, once mended, is
    another record and gets a new one)."""
    rows = sample_rows()[:4]
    rows[1]["name"] = ""
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    result = run_batch("certificate", data, out=out, workers=1, single_file=single_file)
    assert [row for row, _ in result.failures] == [3]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    numbers = sorted(manifest["serials"]["issued"].values())
    assert numbers == [1, 2, 3]
    if not single_file:
        serials = {r["row"]: r["serial"] for r in _report(out)}
        assert serials["3"] == "" and serials["5"].endswith("-0003")


@pytest.mark.parametrize("single_file", [False, True])
def test_a_record_that_fails_in_the_making_gives_its_number_back(tmp_path, single_file):
    """A name no font can draw fails its record when it is drawn, after numbering: its
    number stayed in the register (and in report.csv) though no certificate carries it."""
    rows = sample_rows()[:3]
    rows[1]["name"] = "😀 Эмодзи"
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    for run in range(2):  # the same again: still no number for it, the others keep theirs
        result = run_batch("certificate", data, out=out, workers=1, single_file=single_file)
        assert [row for row, _ in result.failures] == [3]
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert sorted(manifest["serials"]["issued"].values()) == [1, 3], run
        lines = {r["row"]: r for r in _report(out)}
        assert lines["3"]["status"] == "failed" and lines["3"]["serial"] == ""
        if not single_file:
            assert [lines[r]["serial"] for r in "24"] == ["№ 2026-0001", "№ 2026-0003"]
    # Mended, it gets the number it was given first: no lasting gap, nobody else's moves (it
    # took the next above the highest, № 2026-0004, and 2 stayed unused for good).
    rows[1]["name"] = "Эмилия Маратқызы Сейітова"
    write_csv(data, rows)
    result = run_batch("certificate", data, out=out, workers=1, single_file=single_file)
    assert result.ok, result.failures
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["serials"]["issued"].values()) == [1, 2, 3]
    assert "free" not in manifest["serials"]
    lines = {r["row"]: r for r in _report(out)}
    assert [lines[r]["serial"] for r in "234"] == [f"№ 2026-000{n}" for n in (1, 2, 3)]
    printed = extract(out / lines["3"]["file"], page=1 if single_file else 0)
    assert "№ 2026-0002" in printed and "Эмилия" in printed


@pytest.mark.parametrize("late", [False, True], ids=["as-chunks-come", "all-chunks-at-once"])
def test_records_a_stopped_run_did_not_reach_give_their_numbers_back(tmp_path, monkeypatch, late):
    """A full disk stops the run after the first certificate: the records not written kept
    the numbers it gave them, and one mended before the next run lost its number for good.

    ``late``: the batch looks at its chunks only once all came back, as a loaded machine's
    batch may. The first certificate's chunk and the full disk's then came back together,
    and taken in a set's order the fault could come first: the certificate written went
    unnoted and its number was given back (this test failed now and then)."""
    from concurrent.futures import ALL_COMPLETED, wait

    from generator.batch import run
    from generator.publish import write

    if late:
        monkeypatch.setattr(run, "wait", lambda fs, **kw: wait(fs, return_when=ALL_COMPLETED))

    rows = sample_rows()[:4]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    real = write.write_atomic

    def full_after_one(path, data, **kw):
        if str(path).endswith(".pdf") and any(out.glob("0*.pdf")):
            raise OSError(28, "No space left on device", str(path))
        return real(path, data, **kw)

    monkeypatch.setattr(write, "write_atomic", full_after_one)
    with pytest.raises(OSError, match="No space left"):
        run_batch("certificate", data, out=out, workers=1, chunk=1)
    monkeypatch.setattr(write, "write_atomic", real)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["serials"]["issued"].values()) == [1]
    rows[2]["name"] = "Айгерім Қанатқызы Ғабдоллина"  # a typo mended meanwhile
    write_csv(data, rows)
    assert run_batch("certificate", data, out=out, workers=1).ok
    serials = [line["serial"] for line in _report(out)]
    assert serials == [f"№ 2026-000{n}" for n in (1, 2, 3, 4)]


def test_a_repeated_row_is_reported(tmp_path, capsys):
    rows = sample_rows()[:3]
    data = write_csv(tmp_path / "people.csv", [*rows, dict(rows[1])])
    out = tmp_path / "out"
    assert main(["batch", "badge", "--data", str(data), "--out", str(out), "--workers", "1"]) == 0
    assert "warning: row 5: the same as row 3" in capsys.readouterr().err
    lines = _report(out)
    assert lines[3]["row"] == "5" and "the same as row 3" in lines[3]["message"]


def test_verify_says_plainly_what_was_issued(tmp_path, event, capsys):
    """The merged file read «certificate-all.pdf is document issued (certificate-all.pdf)»."""
    rows = sample_rows()[:2]
    out = tmp_path / "out"
    data = write_csv(tmp_path / "people.csv", rows)
    assert run_batch("certificate", data, out=out, workers=1, article=event, merge=True).ok
    capsys.readouterr()
    assert main(["verify", str(out / "certificate-all.pdf"), "--manifest", str(out)]) == 0
    assert capsys.readouterr().out.strip() == (
        "issued: certificate-all.pdf is a document issued, unchanged"
    )
    first = sorted(out.glob("0*.pdf"))[0]
    copy = tmp_path / "from-the-mail.pdf"
    copy.write_bytes(first.read_bytes())
    assert main(["verify", str(copy), "--manifest", str(out)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"issued: from-the-mail.pdf is document № 2026-0001 issued to {rows[0]['name']} "
        f"as {first.name}, unchanged"
    )


def test_one_defaulted_record_is_counted_in_the_singular(tmp_path, capsys):
    rows = sample_rows()[:1]
    rows[0]["role"] = "қонақ"  # no variant of its own
    data = write_csv(tmp_path / "people.csv", rows)
    assert main(["batch", "badge", "--data", str(data), "--out", str(tmp_path / "o")]) == 0
    printed = capsys.readouterr().out
    assert "1 record has no variant of its own and uses the default" in printed, printed


def test_a_formula_like_cell_is_not_a_formula_in_the_published_lists(tmp_path, event, capsys):
    """A name «=HYPERLINK(…)» was written as it is into verify.csv (to publish) and, as a
    file name, into report.csv: a spreadsheet opening them runs it. The cell begins with an
    apostrophe there; verify.json and `generator verify` keep the name as written."""
    rows = sample_rows()[:2]
    rows[0]["name"] = '=HYPERLINK("http://x.kz","y")'
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    assert run_batch("certificate", data, out=out, workers=1, article=event, name="{name}").ok
    with open(out / "verify.csv", encoding="utf-8", newline="") as f:
        listed = list(csv.DictReader(f))
    assert listed[0]["name"] == "'" + rows[0]["name"], listed[0]
    assert listed[0]["file"].startswith("'=") and listed[1]["name"] == rows[1]["name"]
    assert _report(out)[0]["file"] == listed[0]["file"]
    published = json.loads((out / "verify.json").read_text(encoding="utf-8"))
    assert published[0]["name"] == rows[0]["name"]
    pdf = out / listed[0]["file"][1:]
    assert main(["verify", str(pdf), "--manifest", str(out / "verify.csv")]) == 0
    assert f"issued to {rows[0]['name']}" in capsys.readouterr().out


def test_options_refused_after_reading_leave_no_folder_behind(tmp_path, capsys):
    """A --name pattern that fails, an empty --serial-key cell and a --template-by folder
    that is no template were said after the output folder was made and locked: the folder
    stayed, holding .batch.lock."""
    rows = sample_rows()[:2]
    rows[1]["role"] = ""
    data = write_csv(tmp_path / "people.csv", rows)
    for extra, said in (
        (["--name", "{nosuch}"], "--name '{nosuch}': 'nosuch'"),
        (
            ["--serial", "№ {n}", "--serial-key", "role"],
            f"{data}: row 3: the serial key field 'role' is empty (--serial-key)",
        ),
        (  # read as a stream: it left manifest.json, and its message named no file
            ["--serial", "№ {n}", "--serial-key", "role", "--single-file"],
            f"{data}: row 3: the serial key field 'role' is empty (--serial-key)",
        ),
        (["--template-by", "role:x=./nonexist"], "no template './nonexist'"),
    ):
        out = tmp_path / "out"
        code = main(["batch", "certificate", "--data", str(data), "--out", str(out), *extra])
        err = capsys.readouterr().err
        assert code == 1 and said in err and len(err.strip().splitlines()) == 1, err
        assert not out.exists(), (extra, sorted(p.name for p in out.iterdir()))


@pytest.mark.parametrize("single_file", [False, True])
def test_a_serial_key_two_records_share_is_reported(tmp_path, capsys, single_file):
    """Two people with one id were numbered apart by their file names without a word: a
    typo in the id column, or one person twice under two names."""
    rows = sample_rows()[:3]
    for n, row in zip((7, 7, 8), rows, strict=True):
        row["id"] = str(n)
    data = write_csv(tmp_path / "people.csv", rows)
    args = ["--serial", "№ {n}", "--serial-key", "id", "--workers", "1"]
    args += ["--single-file"] if single_file else []
    out = tmp_path / "out"
    assert main(["batch", "certificate", "--data", str(data), "--out", str(out), *args]) == 0
    assert (
        "warning: row 3: the --serial-key 'id' value '7' is row 2's too" in capsys.readouterr().err
    )
    lines = {r["row"]: r for r in _report(out)}
    assert "is row 2's too" in lines["3"]["message"] and not lines["2"]["message"]
    assert [lines[r]["serial"] for r in "234"] == ["№ 1", "№ 2", "№ 3"]


def test_a_run_that_changes_no_document_says_its_hand_over_files_are_unchanged(tmp_path, capsys):
    """A second run of the same data printed «wrote …/certificate-all.zip», «wrote
    …-all.pdf (5 records on 5 pages)», «wrote verify.csv»: none had been touched (as the
    README says), but the office could not tell whether the archive must be sent again.
    One record changed: the archive and the merged PDF are written, as the lists."""
    rows = sample_rows()[:5]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    command = ["batch", "certificate", "--data", str(data), "--out", str(out), "--zip", "--merge"]
    assert main([*command, "--workers", "1"]) == 0
    first = capsys.readouterr().out
    names = ("verify.csv", "verify.json", "certificate-all.zip", "certificate-all.pdf")
    for name in names:
        assert f"wrote {out / name}" in first, first
    times = {n: (out / n).stat().st_mtime_ns for n in names}
    assert main([*command, "--workers", "1"]) == 0
    second = capsys.readouterr().out
    for name in names:
        assert f"unchanged {out / name}" in second, second
        assert f"wrote {out / name}" not in second
        assert (out / name).stat().st_mtime_ns == times[name]
    assert f"unchanged {out / 'certificate-all.pdf'} (5 records on 5 pages)" in second
    rows[1]["organisation"] = "Павлодар облыстық кітапханасы"
    write_csv(data, rows)
    assert main([*command, "--workers", "1"]) == 0
    third = capsys.readouterr().out
    for name in names:
        assert f"wrote {out / name}" in third, third


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("{% block name %}{{ record.name }}", "{% block name %}{{ record.name }", "line "),
        ("{% block organisation %}", "{% block organisationx %}", "no block 'organisation'"),
    ],
)
def test_a_broken_text_j2_is_said_once_before_any_record(tmp_path, capsys, old, new, said):
    """A text.j2 that cannot be read or lacks a box's block failed every record alike,
    «people.csv: rows 2–4 (3 records): …/text.j2: line 6: unexpected '}'», after the output
    folder, its manifest and report were made; it is said once, naming text.j2, and nothing
    is made."""
    folder = tmp_path / "badge"
    shutil.copytree(templates_dir() / "badge", folder)
    text = (folder / "text.j2").read_text(encoding="utf-8")
    assert old in text
    (folder / "text.j2").write_text(text.replace(old, new), encoding="utf-8")
    data = write_csv(tmp_path / "people.csv", sample_rows()[:3])
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--data", str(data), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {folder / 'text.j2'}: {said}"), err
    assert "rows" not in err and len(err.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("template", "options"),
    [
        ("badge", {}),
        ("badge", {"single_file": True}),
        ("badge", {"merge": True}),
        ("certificate", {"single_file": True}),
    ],
)
def test_latin_names_are_latin_in_every_kind_of_file(tmp_path, template, options):
    """--script latn --latin-names: a file a record had «Äbenova Gülnar», but a badge sheet
    (--single-file, --merge: a template with variants is laid record by record) printed
    «Әбенова Гүлнар» in Cyrillic under a Latin heading."""
    from generator.content.latin import transliterate

    rows = sample_rows()[:2]
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    result = run_batch(
        template, data, out=out, workers=1, script="latn", latin_names=True, **options
    )
    assert result.ok, result.failures
    files = [out / f"{template}-all.pdf"] if options else sorted(out.glob("0*.pdf"))
    from pypdf import PdfReader

    text = " ".join(extract(f, n) for f in files for n in range(len(PdfReader(f).pages)))
    for row in rows:
        first = row["name"].split()[0]
        assert transliterate(first) in text, (first, text[:300])
        assert first not in text
