"""Every batch output made with --pdfx passes the PDF/X preflight: per-file, one book, N-up
badge sheets (their TrimBox is the outer bounds of the pieces, which the sheet is cut along),
duplex backs, and --merge. Boxes are read from the PDF in mm."""

from __future__ import annotations

import pikepdf
import pytest

from generator.batch.run import run_batch
from generator.errors import InputError
from generator.press.preflight import check_pdf

from .conftest import MM, sample_rows, write_csv
from .test_office import _badge_copy


def _boxes_mm(pdf) -> list[dict[str, list[float]]]:
    with pikepdf.open(pdf) as doc:
        return [
            {
                k: [round(float(v) / MM, 2) for v in p.obj[f"/{k}"]]
                for k in ("MediaBox", "TrimBox", "BleedBox")
            }
            for p in doc.pages
        ]


def _all_pass(paths) -> None:
    assert paths
    for path in paths:
        report = check_pdf(path, profile="pdfx", color_mode="cmyk")
        assert report.ok, (path.name, report.failures)


@pytest.mark.parametrize("template", ["badge", "certificate"])
def test_per_file_and_merged_pdfx_outputs_pass_their_own_check(tmp_path, template):
    data = write_csv(tmp_path / "people.csv", sample_rows()[:3])
    out = tmp_path / "out"
    result = run_batch(template, data, out=out, color="cmyk", pdfx=True, merge=True, workers=1)
    assert result.ok, result.failures
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 4  # three records and the merged file
    _all_pass(pdfs)


def test_badge_sheet_is_trimmed_along_its_pieces(tmp_path):
    rows = sample_rows()[:9]  # a full A4 sheet of 8 and one of a single badge
    data = write_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "out"
    result = run_batch("badge", data, out=out, single_file=True, color="cmyk", pdfx=True)
    assert result.ok, result.failures
    pdf = out / "badge-all.pdf"
    _all_pass([pdf])
    full, single = _boxes_mm(pdf)
    # 2 × 4 badges of 90 × 55 mm, 6 mm apart, centred on A4; 3 mm bleed round them
    assert full["MediaBox"] == [0, 0, 210, 297]
    assert full["TrimBox"] == [12, 29.5, 198, 267.5]
    assert full["BleedBox"] == [9, 26.5, 201, 270.5]
    # the last sheet holds one badge, top left: its trim is that badge's
    x0, y0, x1, y1 = single["TrimBox"]
    assert (x0, round(x1 - x0, 2), round(y1 - y0, 2), y1) == (12, 90, 55, 267.5)
    assert single["BleedBox"] == [x0 - 3, y0 - 3, x1 + 3, y1 + 3]


# named stock with gaps, and stock of the template's own: pieces butted, off centre
@pytest.mark.parametrize(
    "stock",
    [
        '"badge-90x55"',
        "{ piece = [90, 55], columns = 2, rows = 5, left = 10, top = 12, pitch = [90, 55] }",
    ],
)
def test_duplex_stock_sheets_pass_front_and_back(tmp_path, stock):
    toml = f'settings = {{ optional = ["organisation"], stock = {stock}, duplex = true }}'
    folder = _badge_copy(tmp_path, toml, back=True)
    data = write_csv(tmp_path / "people.csv", sample_rows()[:7])
    out = tmp_path / "out"
    result = run_batch(folder, data, out=out, single_file=True, color="cmyk", pdfx=True)
    assert result.ok, result.failures
    pdf = out / "badge-duplex-all.pdf"
    _all_pass([pdf])
    front, back = _boxes_mm(pdf)
    # the back's pieces are mirrored across the sheet, and so is its trim
    fx0, _, fx1, _ = front["TrimBox"]
    bx0, _, bx1, _ = back["TrimBox"]
    assert abs(bx0 - (210 - fx1)) < 0.01 and abs(bx1 - (210 - fx0)) < 0.01
    assert front["TrimBox"][1::2] == back["TrimBox"][1::2]


def test_stock_without_room_for_bleed_is_refused_with_pdfx(tmp_path):
    folder = _badge_copy(tmp_path, 'settings = { stock = "A6-4up" }', back=False)
    path = folder / "template.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('size = "90x55"', 'size = "105x148"').replace("landscape", "portrait")
    path.write_text(text, encoding="utf-8")
    data = write_csv(tmp_path / "people.csv", sample_rows()[:4])
    with pytest.raises(InputError, match=r"no room on the 210 × 297 mm sheet for their 3 mm bleed"):
        run_batch(folder, data, out=tmp_path / "out", single_file=True, color="cmyk", pdfx=True)
    assert not list((tmp_path / "out").glob("*.pdf"))
    # without --pdfx the sheet is made: four A6 fill A4 but for 1 mm, the bleed box stays on it
    result = run_batch(folder, data, out=tmp_path / "out2", single_file=True)
    assert result.ok
    (sheet,) = _boxes_mm(tmp_path / "out2" / "badge-duplex-all.pdf")
    assert sheet["TrimBox"] == [0, 0.5, 210, 296.5]
    assert sheet["BleedBox"] == [0, 0, 210, 297]


@pytest.mark.parametrize(
    ("stock", "options", "said"),
    [
        ('"L7419"', {"merge": True}, "unknown stock 'L7419'"),
        ('"L7419"', {"single_file": True}, "unknown stock 'L7419'"),
        ('"A6-4up"', {"merge": True}, "A6-4up holds pieces of 105 × 148 mm"),
        ('"A6-4up"', {"merge": True, "color": "cmyk", "pdfx": True}, "no room on the"),
    ],
)
def test_a_stock_that_cannot_be_used_stops_the_batch_before_any_record(
    tmp_path, stock, options, said
):
    """The stock a book's sheets use was looked at only as the book was made: with --merge,
    after every record's PDF, verify.csv and verify.json were written (iqa3: a misspelled
    «L7419»); with --single-file, after the folder and its manifest were made."""
    folder = _badge_copy(tmp_path, f"settings = {{ stock = {stock} }}", back=False)
    if "pdfx" in options:  # a page of the stock's size, which leaves no room for the bleed
        path = folder / "template.toml"
        text = path.read_text(encoding="utf-8").replace('size = "90x55"', 'size = "105x148"')
        path.write_text(text.replace("landscape", "portrait"), encoding="utf-8")
    data = write_csv(tmp_path / "people.csv", sample_rows()[:3])
    with pytest.raises(InputError, match=said):
        run_batch(folder, data, out=tmp_path / "out", **options)
    assert not (tmp_path / "out").exists()
