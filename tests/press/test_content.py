"""The preflight's content-stream reader: it reads what qpdf reads, hands what it is unsure
of to qpdf, and a bad file is still reported whichever way its streams were read."""

from __future__ import annotations

import pikepdf
import pytest

from generator.press import _content
from generator.press.preflight import check_pdf
from tests.press.test_preflight import crafted

# Streams the reader reads itself: comments, strings with brackets, escapes and nesting,
# hex strings, arrays, marked content with nested dictionaries, odd but valid numbers.
READ = {
    "comments": b"% first\nBT /F1 10 Tf % a size\n(a%b) Tj ET 0 0 0 1 k % black\n",
    "strings": b"BT /F1 7 Tf (a (b (c) d) e) Tj [(x) -20 (y\\)) 3 <41 42>] TJ ET",
    "quotes": b"BT /F1 5 Tf 0 0 Td (z) ' 1 2 (w) \" ET",
    "marked": b"/Span <</ActualText <FEFF0041> /A [1 /X (s)] /D <</N 1>> >> BDC EMC",
    "numbers": b"1. 0 0 +1. -.0 .5 cm 3.5 w 0 0 m 1 1 l S .2 .3 0 1. k",
    "tight": b"BT/F1 8 Tf<00410042>Tj[<41>-5<42>]TJ ET q 1 0 0 1 0 0 cm/G0 gs Q",
    "names": b"/F#201 9 Tf /CS#2F0 cs /P0 scn 0.1 0.2 0.3 0.4 sc",
}
# Streams it leaves to qpdf: binary inline-image data, deeper nesting, unknown tokens,
# operands without an operator, a keyword at the top level.
NOT_READ = {
    "inline image": b"q BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\x01\x02\x03 EI Q",
    "deep nesting": b"BT /F1 7 Tf (a (b (c (d) c) b) a) Tj ET",
    "unknown token": b"1 2 3 {x} k",
    "trailing operands": b"0 0 0 1 k 1 2 3",
    "keyword": b"true 1 0 0 1 k",
    "string operand": b"(x) 9 Tf",
}


_PDF = pikepdf.new()  # owns the streams below (a stream outlives no Pdf)


def _stream(data: bytes) -> pikepdf.Stream:
    return _PDF.make_stream(data)


@pytest.mark.parametrize("data", READ.values(), ids=READ.keys())
def test_reads_as_qpdf_reads(data):
    found = _content.read(data)
    assert found is not None
    assert found == _content._with_pikepdf(_stream(data))


def test_name_escapes_are_decoded():
    assert _content.read(b"/F#201 9 Tf /CS#2F0 cs") == [("Tf", ("/F 1", 9.0)), ("cs", ("/CS/0",))]


@pytest.mark.filterwarnings("ignore:Unexpected end of stream")  # qpdf on trailing operands
@pytest.mark.parametrize("data", NOT_READ.values(), ids=NOT_READ.keys())
def test_leaves_what_it_is_unsure_of_to_qpdf(data):
    assert _content.read(data) is None
    _content.instructions(_stream(data))  # qpdf's reading gives instructions, no error


def _font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )


def test_small_four_plate_text_is_found_by_either_reader():
    # The same fault, once in a stream the reader reads, once after an inline image (qpdf).
    fault = b"0.9 0.6 0.3 0.3 k BT /F#201 9 Tf (a) Tj ET"
    image = b"q 10 0 0 10 50 50 cm BI /W 1 /H 1 /CS /CMYK /BPC 8 ID \x00\x00\x00\x00 EI Q "
    for content in (fault, image + fault):
        report = check_pdf(crafted(content, lambda pdf: {"/Font": {"/F 1": _font(pdf)}}))
        assert report.multi_plate_text == [(1, 9.0, 0.9, 0.6, 0.3, 0.3)]
        assert "page 1: 9 pt text on 4 plates (C90 M60 Y30 K30)" in report.warnings[0]
        assert report.fonts[0].used_on == [1]


def test_rgb_after_deep_nesting_fails_cmyk():
    content = b"BT /F1 9 Tf (a (b (c (d) c) b) a) Tj ET 1 0 0 rg 0 0 5 5 re f"
    report = check_pdf(crafted(content, lambda pdf: {"/Font": {"/F1": _font(pdf)}}))
    assert "DeviceRGB" in report.colorspaces
    failures = check_pdf(crafted(content, lambda pdf: {}), color_mode="cmyk").failures
    assert "page 1: RGB colour (DeviceRGB) in a CMYK document" in failures


def test_wrong_operands_do_not_stop_the_check():
    # "{x}" is no PDF token, "(8)" no number: those instructions are left out, the rest read
    content = b"1 2 3 {x} k (8) w /F1 (9) Tf 0 0 0 1 k BT /F1 9 Tf (b) Tj ET 0 0 5 5 re f"
    report = check_pdf(crafted(content, lambda pdf: {"/Font": {"/F1": _font(pdf)}}))
    assert report.colorspaces == {"DeviceCMYK": [1]}
    assert report.min_text_pt == 9.0
    assert "100 % K text does not overprint" in " ".join(report.warnings)


def test_contents_split_between_streams():
    # A page's contents may be an array of streams, split anywhere between tokens.
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(100, 100))
    parts = [b"0.5 0.5 0 0 k BT /F1", b"6 Tf (a) Tj ET"]
    page.obj.Contents = pikepdf.Array([pdf.make_stream(p) for p in parts])
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=_font(pdf)))
    assert _content.instructions(page) == _content._with_pikepdf(page)
    assert _content.instructions(page)[:2] == [("k", (0.5, 0.5, 0.0, 0.0)), ("BT", ())]


def test_a_stream_read_again_is_the_same_and_another_is_not_confused():
    first = _content.instructions(_stream(b"0 0 0 1 k BT /F1 9 Tf (a) Tj ET"))
    assert _content.instructions(_stream(b"0 0 0 1 k BT /F1 9 Tf (a) Tj ET")) is first
    other = _content.instructions(_stream(b"1 0 0 1 k BT /F1 9 Tf (a) Tj ET"))
    assert other[0] == ("k", (1.0, 0.0, 0.0, 1.0))
