"""What a template.toml may say: every key, its kind, default, choices and meaning.

The loader (``template.py``) validates against these definitions and nothing else, and
``scripts/template_guide.py`` writes ``docs/templates.md`` from them, so the guide cannot drift
from what the loader accepts. To add a key: declare it here with its meaning, read it in the
loader with ``table.get("key")``, then run ``make docs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..content.facts import DETAILS
from ..content.roles import ROLES

REQUIRED: Any = object()  # a key without a default must be given

# ISO 216 sizes and the DL leaflet, portrait, in millimetres.
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A0": (841, 1189),
    "A1": (594, 841),
    "A2": (420, 594),
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "A6": (105, 148),
    "DL": (99, 210),
}
EDGES = ("top", "bottom", "left", "right")
ALIGNS = ("left", "center", "right", "justify")
FACES = ("regular", "bold", "italic", "bold_italic")
ORNAMENTS = ("band", "rosette", "border")
VALIGNS = ("top", "middle", "bottom")
KINDS = ("sheet", "trifold", "booklet", "record")
# Where an image box's picture comes from (besides record.COLUMN and the template's own files).
EVENT_PICTURES = ("logo", "photo", "signature", "partners")
FITS = ("contain", "cover")
# Roles of several facts (what a figures or chart box shows).
LIST_ROLES = tuple(r for r, many in ROLES.items() if many)
# What a box or page may need (or need absent): a fact role, or an event detail.
CONDITIONS = (
    *ROLES,
    "quote2",
    *DETAILS,
    "details",
    "year",
    "name",
    "date",
    "signatory",
    *EVENT_PICTURES,
    "short",  # a brochure whose article leaves its optional flow frames out
    "tiny",  # a short brochure article that leaves its `tiny` flow frames out too
    "compact",  # a booklet one page over a multiple of 4 leaves out the pages made unless it
)
ANCHORS = ("top", "middle", "bottom")

# The kinds a value may have; "colour"/"style" are names checked against [colours]/[styles].
KIND_NAMES: dict[str, str] = {
    "str": "string",
    "bool": "true/false",
    "int": "integer",
    "num": "number",
    "mm": "number ≥ 0 (mm)",
    "strs": "list of strings",
    "nums": "list of numbers",
    "table": "table",
    "tables": "array of tables",
    "colour": "colour name",
    "colours": "list of colour names",
    "style": "style name",
    "edges": "list of edges",
    "stock": "stock name or table",
}


@dataclass(frozen=True)
class Key:
    """One key of a table: how it is checked, what happens without it, and what it means."""

    kind: str
    doc: str
    default: Any = REQUIRED
    choices: tuple = ()
    default_doc: str = ""  # said instead of the default when it depends on other keys


# The top level of template.toml.
ROOT: dict[str, Key] = {
    "template": Key("table", "What the piece is: `[template]`."),
    "colours": Key("table", "Named colours: `[colours.NAME]`."),
    "fonts": Key(
        "table",
        'Font roles: `ROLE = "Family"`, a family from `fonts/fonts.toml` (see below).',
    ),
    "styles": Key("table", "Named text styles: `[styles.NAME]`."),
    "pages": Key("tables", "The pages in order: `[[pages]]`."),
    "variants": Key(
        "table",
        "Record templates: the look and words by a record's field, "
        "`[variants.FIELD.VALUE]` (see below).",
        {},
    ),
}

# [template]: what the piece is.
TEMPLATE: dict[str, Key] = {
    "name": Key("str", "The template's name: used by `generator build NAME` and in file names."),
    "description": Key("str", "One line shown by `generator list`.", ""),
    "kind": Key(
        "str",
        "Layout mechanism: `sheet` (fixed pages), `trifold` (folded panels), `booklet` "
        "(flowing text over repeated pages, padded to a multiple of 4), `record` "
        "(one document a data record, for `generator batch`).",
        "sheet",
        KINDS,
    ),
    "size": Key(
        "str",
        "Base trim size: a paper size (see below) or `WxH` in mm (`90x55`). All geometry and "
        "font sizes are given at this size.",
    ),
    "sizes": Key(
        "strs",
        "Sizes the design scales to (each with `size`'s proportions); `generator build --size` "
        "and the preview's size switch offer them.",
        default_doc="`[size]`",
    ),
    "orientation": Key("str", "Turns paper sizes.", "portrait", ("portrait", "landscape")),
    "safe_zone": Key(
        "mm", "Live text must sit at least this far inside the trim (checked at build).", 4.0
    ),
    "fold_overlap": Key(
        "mm",
        "A background (`rect`) whose edge lies on one of a page's `folds` reaches this far past "
        "the fold, so a fold a little off its line shows no sliver of the next panel; the box "
        "painted later wraps onto its neighbour.",
        1.0,
    ),
    "fields": Key(
        "strs",
        "Record fields a `record` template prints (columns of the batch data file).",
        [],
    ),
    "max_pages": Key(
        "int",
        "Booklet: the most pages it may grow to (4 at a time) for a long article; past it the "
        "build fails naming the template.",
        None,
        default_doc="no limit",
    ),
    "settings": Key("table", "Batch settings, see `[template.settings]`.", {}),
    "requires": Key(
        "strs",
        "Fact roles the template cannot do without: an event lacking one fails before "
        "anything is drawn, naming the role and its facts file.",
        [],
        tuple(ROLES),
    ),
    "date_style": Key(
        "str",
        "How `{{ when }}` prints the event's date: `official` «2026 жылғы 1 мамыр» "
        "(«1 мая 2026 г.»), or `press` «1 мамыр»; an event's `[event] date_style` overrides it.",
        "official",
        ("official", "press"),
    ),
}

# [template.settings]: how `generator batch` treats a record template.
SETTINGS: dict[str, Key] = {
    "optional": Key("strs", "Fields that may be empty in the data file.", []),
    "sheet": Key(
        "str",
        "With `--single-file`, set the pieces N-up on this paper size with cut marks.",
        None,
        default_doc="one piece a page",
    ),
    "gap": Key("mm", "Gap between pieces on an N-up sheet.", None, default_doc="2 × bleed"),
    "stock": Key(
        "stock",
        "With `--single-file` or `--merge`, set the pieces on named label or badge stock "
        "(`L7418`, `card-90x54`, `badge-90x55`, `A6-4up`) or on stock described in place "
        "(`{ sheet, piece, columns, rows, left, top, pitch }`, mm from the sheet's top-left); "
        "the page must be the stock's piece size.",
        None,
        default_doc="none",
    ),
    "duplex": Key(
        "bool",
        "Two page specs, front and back: on sheets each back sits behind its front "
        "(turned on the long edge).",
        False,
    ),
    "template_by": Key(
        "table",
        "Templates for `generator batch --template-by FIELD`: "
        '`{ role = { speaker = "../badge-speaker" } }`, a folder (relative to this one) or a '
        "built-in template's name for each value of the field; other values keep this template "
        "and are reported. Only the folders named here are used: a folder's name alone "
        "(`badge-photo` beside `badge`) picks nothing.",
        None,
        default_doc="none",
    ),
    "serial": Key(
        "str",
        "Number every record with this pattern (`{n}`, `{n:04}`, `{year}`), kept across runs; "
        "the text reads it as `{{ serial }}`. `generator batch --serial` overrides it.",
        None,
        default_doc="no numbers",
    ),
}

# [colours.NAME]: named colours every other table refers to.
COLOUR: dict[str, Key] = {
    "rgb": Key("str", "Screen colour `#RRGGBB`."),
    "cmyk": Key(
        "nums",
        "Print colour `[C, M, Y, K]` in percent; `--color cmyk` requires it.",
        None,
        default_doc="none (RGB builds only)",
    ),
    "fine_cmyk": Key(
        "nums",
        "Print colour for fine detail in this colour: text under 12 pt, rules under 1 pt, QR "
        "codes. One ink only (e.g. `[0, 0, 0, 90]` for a dark navy, `[100, 0, 0, 0]` for a "
        "teal), so misregistration shows no coloured fringes.",
        None,
        default_doc="`cmyk` (pure K when its K is 80 % or more); preflight warns of small "
        "text on several plates",
    ),
    "area_cmyk": Key(
        "nums",
        "Print colour for large filled areas (rect fills, text box backgrounds), e.g. a rich "
        "black `[60, 40, 40, 100]`; text and lines keep `cmyk`.",
        None,
        default_doc="`cmyk`",
    ),
}

# [styles.NAME]: text styles; sizes are points at the base size.
STYLE: dict[str, Key] = {
    "font": Key("str", "A font role from `[fonts]`."),
    "face": Key("str", "Face of the family.", "regular", FACES),
    "size": Key("num", "Size in points at the base size (scales with the page)."),
    "min_size": Key(
        "num",
        "Text that does not fit shrinks down to this size, then fails naming the box.",
        default_doc="`size` (never shrinks)",
    ),
    "bilingual_min_size": Key(
        "num",
        "The `min_size` of a bilingual product (`--lang kk,ru`), where this style's text "
        "holds every language at one size.",
        default_doc="`min_size`",
    ),
    "leading": Key("num", "Line height as a multiple of the size.", 1.2),
    "max_size": Key(
        "num",
        "Text with room to spare grows up to this size: a short title, a quote in a panel that "
        "took the space of a missing element, a short article in a brochure.",
        default_doc="`size` (never grows)",
    ),
    "min_chars": Key(
        "num",
        "Text that grows (`max_size`) stays small enough to set this many characters a line "
        "on average in its narrowest frame: justified text spaces evenly only with about 40; "
        "its leading still opens up to `max_leading`.",
        0.0,
        default_doc="no limit",
    ),
    "max_leading": Key(
        "num",
        "Line height reached at `max_size` (it opens up in step with the size).",
        default_doc="`leading`",
    ),
    "min_leading": Key(
        "num",
        "Line height a text box's text may close up to, at its smallest size, when it fits "
        "at none with `leading` (a long signatory): a last resort before the build fails.",
        default_doc="`leading`",
    ),
    "color": Key("colour", "Text colour."),
    "align": Key("str", "Alignment; `justify` stretches word gaps.", "left", ALIGNS),
    "upper": Key("bool", "Set in capitals (language-aware).", False),
    "space_after": Key("num", "Space after each paragraph, in points.", 0.0),
    "max_space_after": Key(
        "num",
        "Brochure text that still leaves its last columns short at `max_size` (or the size "
        "`min_chars` allows) and `max_leading` opens the space after each paragraph up to "
        "this many points.",
        default_doc="`space_after`",
    ),
    "hyphenate": Key("bool", "Hyphenate (Kazakh syllable rules).", False),
    "balance": Key(
        "num",
        "Display text (a title) is broken into even lines, with no short word alone on a line "
        "and no first line much shorter than the next, set smaller for it if need be, down to "
        "this share of the size that fits (e.g. `0.7`); a line a little short of its limit "
        "(by at most 15 % of it) may stay where a layout without it is smaller by more than "
        "the line falls short. 0: lines filled as far as they go.",
        0.0,
    ),
    "even": Key(
        "bool",
        "Lines as even in width as they can be (as CSS `text-wrap: balance`), at the size the "
        "text fits at and in as many lines as filling them takes: a centred sentence of two "
        "lines breaks near its middle instead of leaving a word or two alone under a full line. "
        "For centred text, titles and headings; not for justified body text. A style with "
        "`balance` evens its lines that way already.",
        None,
        default_doc='`true` for `align = "center"`, else `false`',
    ),
    "balance_lone": Key(
        "num",
        "With `balance`: a line of one word narrower than this share of the text's longest "
        "line is a fault the balancing avoids (in a text of three words or more). A narrow "
        "column, where a long word alone on a line cannot be helped, takes a lower share.",
        0.7,
    ),
    "balance_lone_last": Key(
        "bool",
        "With `balance`: only a paragraph's last line of one word is a fault (a pull quote in "
        "a narrow column, where a long word alone inside the text reads well but one closing "
        "it dangles).",
        False,
    ),
    "balance_min_size": Key(
        "num",
        "With `balance`: the smallest size the text may go down to, below `min_size`, for "
        "lines without a fault (a short word alone, a dash opening a line) where `min_size` "
        "has none (never below `balance`'s share of the size that fits), or for a word wider "
        "than the box at `min_size` (a narrow column). A word is never cut without a hyphen: "
        "wider than the box even here, the build fails naming the word and the box.",
        default_doc="`min_size`",
    ),
    "under": Key(
        "style",
        "A style this one stays smaller than on a page (the title, above a quotation and the "
        "key figures): once that style's box is set, this one is set no larger than "
        "`under_share` of its size, even where its own `size` or `max_size` is larger.",
        default_doc="none",
    ),
    "under_share": Key("num", "With `under`: the largest share of that style's size.", 0.9),
    "narrow_font": Key(
        "str",
        "A font role from `[fonts]`, a narrower cut of the style's family (a condensed one): "
        "a text set under `narrow_below` points is set in it instead where that sets it larger "
        "(a title with a word too long for its column, as a designer would).",
        default_doc="none",
    ),
    "narrow_below": Key(
        "num", "With `narrow_font`: the size (points, base size) under which it is tried.", 0.0
    ),
    "short_max_size": Key(
        "num",
        "Brochure text so short that at `max_size`, `max_leading` and `max_space_after` it "
        "still leaves its last columns under half full grows on up to this size (a lede's; "
        "its leading reaches `max_leading` there), set without hyphens where no line then "
        "goes over `max_gap` nor the median gap over `max_median_gap` (the largest such size, "
        "before a larger one with hyphens): a few sentences on a "
        "page read as an opening, not as a page left unfinished. A text that still fills under 40 % "
        "of its page is built all the same, with a note saying about how many words would "
        "fill it; nothing fails for being short.",
        default_doc="none",
    ),
    "indent": Key("num", "First-line indent of following paragraphs, in ems.", 0.0),
    "max_gap": Key(
        "num", "Widest word gap justified text may stretch to, in spaces, where avoidable.", 2.0
    ),
    "max_median_gap": Key(
        "num",
        "Brochure text whose median word gap (the line breaker's, in spaces) is over this is "
        "set a little smaller (0.25 pt steps, as for `max_gap`), leaving up to `hyphen_fill` "
        "more of its last columns' height unfilled if need be. 0: never.",
        0.0,
    ),
    "space_stretch": Key(
        "num",
        "Knuth-Plass glue: a word space stretches by this share of itself at badness 100.",
        0.5,
    ),
    "space_shrink": Key("num", "A word space may shrink by this share of itself (< 0.5).", 0.2),
    "expansion": Key(
        "num",
        "Microtype: glyphs scale horizontally by at most this many percent a line (≤ 2).",
        0.0,
    ),
    "letter_spacing": Key(
        "num",
        "Microtype: a justified line's letters open or close by at most this many percent of "
        "a word space (InDesign's letter spacing; ≤ 5), shared with the glue and expansion.",
        0.0,
    ),
    "ragged_emergency": Key(
        "bool",
        "A justified line that no layout of its paragraph keeps within `max_gap` is set with "
        "gaps of `max_gap` and ends short of the column (ragged), not stretched wider.",
        False,
    ),
    "protrusion": Key(
        "bool", "Microtype: hyphens, stops, commas, quotes, dashes hang into the margin.", False
    ),
    "hyphen_min": Key("nums", "Fewest letters before and after a hyphen, `[left, right]`.", [2, 2]),
    "hyphen_run": Key("int", "Most hyphenated lines in a row (1-5).", 2),
    "looseness": Key(
        "int",
        "TeX's looseness: -1 sets each paragraph a line shorter, 1 a line longer, where the "
        "rules allow; 0 lets a narrow column (under 45 characters a line) set it shorter "
        "when that costs no wider gap, hyphen or last resort.",
        0,
        (-1, 0, 1),
    ),
    "hyphen_share": Key(
        "num",
        "Target share of hyphenated lines: a paragraph over it is set again with dearer "
        "hyphens, a brochure text over it a little smaller (see `hyphen_fill`).",
        1.0,
    ),
    "hyphen_fill": Key(
        "num",
        "Brochure text that ends short of `min_fill` and has more hyphenated lines than "
        "`hyphen_share` may leave up to this share of its last columns' height unfilled to "
        "be set at the largest smaller size (0.25 pt steps) that meets the share with no "
        "more uneven lines: more characters a line need fewer hyphens. 0: never.",
        0.0,
    ),
}

# [[pages]]: the pages in order.
PAGE: dict[str, Key] = {
    "name": Key("str", "A name for messages.", default_doc='`"page N"`'),
    "boxes": Key("tables", "The page's boxes, drawn in order (later boxes on top)."),
    "repeat": Key("bool", "Booklet: repeated while the flowing text lasts.", False),
    "pad": Key("bool", "Booklet: used only to fill up to a multiple of 4 pages.", False),
    "mirror": Key("bool", "Booklet: boxes mirror on left-hand (even) pages.", False),
    "starts_spread": Key(
        "bool", "Booklet: must fall on a left-hand page (a pad page is put before).", False
    ),
    "needs": Key(
        "strs",
        "The page is made only when the event fills all of these (fact roles such as "
        "`headline`, `chart`, `quote`, `quote2`, or event details such as `url`, `details`).",
        [],
        CONDITIONS,
    ),
    "unless": Key(
        "strs", "The page is left out when the event fills any of these.", [], CONDITIONS
    ),
    "folds": Key(
        "nums",
        "Vertical fold lines, in mm from the page's left edge at the base size; the panels "
        "lie between them (the preview's fold guide shows both). `--marks` draws fold marks "
        "there, and backgrounds meeting a fold overlap it by `fold_overlap`.",
        [],
    ),
    "sections": Key(
        "tables",
        "Horizontal bands of the page, top to bottom (`[[pages.sections]]`): a band whose "
        "content is all absent (a rule and the optional lines it separates) collapses and the "
        "bands with `grow` share its height; spacers (`space`) say whether the bands left "
        "stretch, close up or re-centre.",
        [],
    ),
}

# [[pages.sections]]: bands that collapse and grow (see `section` on boxes).
SECTION: dict[str, Key] = {
    "name": Key("str", "The name boxes give as their `section`."),
    "y": Key("mm", "Top edge, as designed."),
    "h": Key("mm", "Height, as designed."),
    "grow": Key(
        "num",
        "Share of the height freed by collapsed sections this one takes (0: keeps its height).",
        0.0,
    ),
    "space": Key(
        "bool",
        "A spacer: a band that holds no boxes (its `h` may be 0) and takes its `grow` share of "
        "the height that collapsed sections free as blank room, so that the bands with content "
        "keep their heights and the distances between them. The bands around it close up (a "
        "spacer under them) or re-centre (one above and one below them) instead of stretching "
        "apart; one between two bands opens their distance by its share alone: an invitation "
        "without date or figures keeps its address, rule and words together in the middle of "
        "the page.",
        False,
    ),
    "hug": Key(
        "str",
        "A text box of the section whose text the section shrinks to fit (a short title): the "
        "height it frees goes to the sections that grow. A section that grows hugs once grown "
        "when height was freed above it (its text grows too, up to its style's `max_size`): "
        "what its text leaves over goes to the other sections by their `grow`, a hugging one "
        "among them taking it back around its text.",
        None,
        default_doc="none",
    ),
}

# [[pages.boxes]]: keys every box has.
BOX: dict[str, Key] = {
    "name": Key("str", "Unique on its page; names the Jinja block and appears in messages."),
    "type": Key("str", "What fills the box (see the box types)."),
    "x": Key("mm", "Left edge, from the page's left edge."),
    "y": Key("mm", "Top edge, from the page's top edge."),
    "w": Key("mm", "Width (> 0)."),
    "h": Key("mm", "Height (> 0)."),
    "bleed": Key("edges", "Trim edges the box extends past into the bleed.", []),
    "needs": Key(
        "strs",
        "Drawn only when the event fills all of these: fact roles (`headline`, `quote`, "
        "`quote2`, `chart`, `highlight`, `date`), event details (`organiser`, `place`, "
        "`time`, `url`, `details`: any of them) or event pictures (`logo`, `photo`, "
        "`signature`, `partners`). Alternatives joined by `|` need any one of them: "
        '`needs = ["date|year|name"]`, a rule under a kicker of the date or the name.',
        [],
        CONDITIONS,
    ),
    "unless": Key("strs", "Left out when the event fills any of these.", [], CONDITIONS),
    "overlaps": Key(
        "strs",
        "Boxes on this page that this box may overlap by design. Live boxes (text, figures, "
        "flow, folio, qr, chart) that overlap otherwise are an error, unless `needs` and "
        "`unless` keep them from being drawn together.",
        [],
    ),
    "follow": Key(
        "str",
        "A text box with `max_h`, `shrink` or `collapse` on this page: when that box grows or shrinks, "
        "this one moves with the edge it faces (a signing line and a scanned signature above a "
        "signatory, an attribution under a quotation); with `stretch`, only its facing edge "
        "moves and it shrinks or grows. A box beside it (its top within that box, its foot at "
        "or past that box's foot: a quotation's bar) keeps its distance to both edges.",
        None,
        default_doc="none (stays where it is)",
    ),
    "section": Key(
        "str",
        "The page section the box belongs to: it moves with the section, and collapses with it.",
        None,
        default_doc="none (stays where it is)",
    ),
    "stretch": Key(
        "bool", "Grows and shrinks with its section's height (or the box it follows).", False
    ),
    "anchor": Key(
        "str",
        "Where in a resized section the box stays: at its top, middle or bottom.",
        "top",
        ANCHORS,
    ),
}

_BLOCK = Key("str", "The `{% block %}` of text.j2 holding the text.", None, default_doc="box name")


@dataclass(frozen=True)
class BoxType:
    """A box type: what it draws, the options it takes, and an example the tests load."""

    doc: str
    options: dict[str, Key]
    example: str


BOX_TYPES: dict[str, BoxType] = {
    "rect": BoxType(
        "A filled and/or stroked rectangle: panels, bands, bars.",
        {
            "fill": Key("colour", "Fill colour.", None, default_doc="no fill"),
            "stroke": Key("colour", "Outline colour.", None, default_doc="no outline"),
            "stroke_width": Key("num", "Outline width in points.", 1.0),
            "radius": Key("mm", "Corner radius.", 0),
        },
        'fill = "paper"\nstroke = "ink"\nradius = 2',
    ),
    "text": BoxType(
        "Text from the Jinja block of the same name, fitted to the box (shrinks to the "
        "style's `min_size`, never clipped).",
        {
            "style": Key("style", "Text style."),
            "block": _BLOCK,
            "valign": Key("str", "Vertical placement.", "top", VALIGNS),
            "fill": Key("colour", "Background colour.", None, default_doc="none"),
            "pad": Key("mm", "Inner margin when filled.", 0),
            "bilingual": Key(
                "str",
                "How a bilingual product (`--lang kk,ru`) sets the languages here, always at "
                "one size: `stack` (Kazakh above Russian), `columns` (Kazakh on the left), "
                "`inline` (one line, ` / ` between: labels), `inline-first` (inline, else the "
                "first language alone when both cannot fit: running heads) or `auto` (stack, "
                "inline when stacked they do not fit).",
                "auto",
                ("auto", "stack", "columns", "inline", "inline-first"),
            ),
            "gap": Key("mm", 'Space between the columns of `bilingual = "columns"`.', 6),
            "max_h": Key(
                "mm",
                "Text that does not fit the box at its style's `size` first grows the box, up to "
                "this height, before it shrinks (the way `grows` says; boxes that `follow` it "
                "move along).",
                None,
                default_doc="h (the box does not grow)",
            ),
            "shrink": Key(
                "bool",
                "The box shrinks to its text's height about where `valign` holds the text (a "
                "middle box about its middle, a top one to its top), so that the boxes that "
                "`follow` it keep their designed distance from the text itself: an attribution "
                "under a short quotation stands under its last line, not at the foot of a box "
                "made for a long one.",
                False,
            ),
            "collapse": Key(
                "bool",
                "Left empty (a record's blank role), the box takes no height: the boxes that "
                "`follow` it move into its place instead of leaving a gap (a box with `valign = "
                '"middle"` gives half its height above it and half below).',
                False,
            ),
            "grows": Key(
                "str",
                "Which way a box with `max_h` grows.",
                None,
                ("up", "down", "both"),
                default_doc="from valign: bottom up, top down, middle both ways",
            ),
        },
        'style = "body"\nvalign = "bottom"',
    ),
    "figures": BoxType(
        "Key figures from the facts: each fact's `print` form over its caption, in columns.",
        {
            "role": Key(
                "str",
                "The fact role shown (the event's `[roles]` says which facts fill it); an "
                "empty role leaves the box out.",
                "headline",
                LIST_ROLES,
            ),
            "facts": Key("strs", "Fact ids instead of a role (one event only).", None),
            "max": Key("int", "At most this many of the role's facts.", None, default_doc="all"),
            "valign": Key(
                "str",
                "Where the rows of figures stand when they need less than the box's height.",
                "top",
                VALIGNS,
            ),
            "columns": Key("int", "Columns.", None, default_doc="one a fact"),
            "number_style": Key("style", "Style of the numbers (each fact's `print`)."),
            "caption_style": Key("style", "Style of the captions (each fact's `caption`)."),
            "gap": Key("mm", "Gap between columns.", 6),
            "gutter": Key(
                "mm",
                "Least space between numbers side by side: when the widest number would come "
                "nearer the next column than this, every number is set smaller (all at one size).",
                None,
                default_doc="half an em of the number style's largest size",
            ),
            "units": Key(
                "str",
                "A number too wide for its column in any grid even at its style's `min_size`: "
                "`caption` sets its unit (the words after the number, «млн ₸») in bold at the "
                "head of its caption; `number` keeps it (the box fails to fit).",
                "caption",
                ("caption", "number"),
            ),
            "divider": Key("colour", "Vertical rule between columns.", None, default_doc="none"),
            "rule": Key("colour", "Short rule above each figure.", None, default_doc="none"),
            "fill_share": Key(
                "num",
                "Share of the box's height the figures grow to take (numbers and captions by "
                "one factor, each up to its style's `max_size`; fewer columns when that sets "
                "them larger): one or two figures on a box made for four do not leave it bare.",
                None,
                default_doc="the styles' sizes",
            ),
        },
        'role = "headline"\nmax = 4\ncolumns = 2\nnumber_style = "body"\ncaption_style = "body"',
    ),
    "ornament": BoxType(
        "Kazakh ornament drawn as vectors.",
        {
            "pattern": Key("str", "Motif arrangement.", "band", ORNAMENTS),
            "colors": Key("colours", "Colours, in turn.", [], default_doc="the first colour"),
            "motif": Key("mm", "Size of one motif.", 12),
            "stroke_width": Key("num", "Line width in points.", 1.6),
        },
        'pattern = "band"\ncolors = ["ink"]',
    ),
    "qr": BoxType(
        "A QR code of the block's text (by default the event's `url`); empty text draws nothing.",
        {
            "block": _BLOCK,
            "color": Key("colour", "Module colour.", None, default_doc="black"),
            "background": Key("colour", "Background colour.", None, default_doc="none"),
        },
        'color = "ink"',
    ),
    "rule": BoxType(
        "Horizontal rules (lines), e.g. lines to write on.",
        {
            "color": Key("colour", "Line colour."),
            "weight": Key("num", "Line width in points.", 0.75),
            "count": Key("int", "Number of lines.", 1),
            "pitch": Key("mm", "Distance between lines.", 0),
            "direction": Key(
                "str",
                "`across`: horizontal lines from the top down; `down`: vertical lines.",
                None,
                ("across", "down"),
                default_doc="across (down for a single line in a tall box)",
            ),
        },
        'color = "ink"\nweight = 2',
    ),
    "flow": BoxType(
        "Booklet and tri-fold: the frame the article flows through, page after page.",
        {
            "style": Key("style", "Text style."),
            "block": _BLOCK,
            "optional": Key(
                "bool",
                "Tri-fold: left out (and the condition `short` set) when the article, at its "
                "largest size, cannot fill the frames to `min_fill`.",
                False,
            ),
            "tiny": Key(
                "bool",
                "Tri-fold: left out too (and the condition `tiny` set) when the article, without "
                "the optional frames, at its largest size and widest leading and paragraph "
                "space, would fill less than 40 % of the frames that remain.",
                False,
            ),
            "min_fill": Key(
                "num",
                "How far down the article's last columns (balanced) should end, a share of their "
                "height: below it the text grows (up to its style's max_size and max_leading) "
                "to fill them, and if still below, optional frames are dropped (read from the "
                "first flow box).",
                0.9,
            ),
            "max_size": Key(
                "num",
                "An optional frame: the largest size (points) the article may grow to while "
                "this frame is in use; past it the frame is left out instead (0: the style's "
                "max_size).",
                0.0,
            ),
        },
        'style = "body"',
    ),
    "chart": BoxType(
        "A horizontal bar chart of numeric facts; by role only facts of one declared unit, "
        "largest first, and no chart at all when the event declares none.",
        {
            "role": Key("str", "The fact role charted.", "chart", LIST_ROLES),
            "facts": Key("strs", "Fact ids instead of a role (one event only).", None),
            "max": Key("int", "At most this many bars.", None, default_doc="all"),
            "style": Key("style", "Style of the labels."),
            "value_style": Key("style", "Style of the values.", None, default_doc="`style`"),
            "bar": Key("colour", "Bar colour.", None, default_doc="the label style's colour"),
            "axis": Key("colour", "Axis colour.", None, default_doc="none"),
        },
        'role = "chart"\nstyle = "body"\nbar = "ink"',
    ),
    "folio": BoxType(
        "Booklet: the page number, at the outer edge.",
        {"style": Key("style", "Text style.")},
        'style = "body"',
    ),
    "image": BoxType(
        "A picture: JPEG, PNG (with transparency), WebP, HEIC, TIFF; SVG and one-page PDF "
        "stay vectors. Rasters are downsampled to 300 dpi at their placed size, converted to "
        "CMYK with `--color cmyk` and flattened for PDF/X-1a; a raster under 150 dpi fails a "
        "print build (under 250 warns). A picture that is not given draws nothing (or the "
        "`fallback` box): never an empty frame.",
        {
            "source": Key(
                "str",
                "`event.logo`, `event.photo`, `event.signature`, `event.partners` (a strip of "
                "logos at one visual height) from facts.toml `[event]`; `record.COLUMN`, a "
                "path in a batch data column (relative to the data file or `--images`, never "
                "outside it); or a file in the template's folder.",
            ),
            "fit": Key(
                "str",
                "`contain` shows all of the picture; `cover` fills the box and crops around "
                "`focus`.",
                "contain",
                FITS,
            ),
            "align": Key("str", "Horizontal placement.", "center", ("left", "center", "right")),
            "valign": Key("str", "Vertical placement.", "middle", VALIGNS),
            "focus": Key(
                "nums",
                "`[x, y]` fractions from the picture's top-left that `cover` keeps in view; "
                "facts.toml `photo_focus` overrides it for `event.photo`.",
                [0.5, 0.5],
            ),
            "focus_at": Key(
                "nums",
                "`[x, y]` fractions from the box's top-left where `cover` puts the event's "
                "`photo_focus` (its subject), as near as the picture allows: a place a logo "
                "over the photo keeps clear. Without `photo_focus` the picture's `focus` is "
                "centred.",
                None,
                default_doc="`[0.5, 0.5]`",
            ),
            "fallback": Key(
                "str",
                "A box on this page drawn instead when there is no picture.",
                None,
                default_doc="none",
            ),
            "background": Key(
                "colour",
                "The colour under the picture, for flattening transparency (PDF/X-1a).",
                None,
                default_doc="the fill of the last box under it, else white",
            ),
            "gap": Key("mm", "`event.partners`: space between logos.", 6),
        },
        'source = "event.logo"\nfit = "contain"',
    ),
}
