"""Content-stream instructions for the preflight scanner, read from the stream's bytes.

A regular expression reads a whole instruction (its operands, then its operator) at a time,
in C, and only the operands of the operators the scanner interprets are converted. Anything
it does not read with certainty (an inline image, a nested array, an unreadable token, a
string nested deeper than three levels) sends the stream to pikepdf's parser instead, so
every file reads as qpdf reads it. Instructions are ``(operator, operands)`` with numbers as
float and names as ``"/Name"`` strings; parsed streams are kept by content, so a form that
every document of a batch repeats (a logo, an ornament) is read once per process.
"""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict

from generator.press import _pikepdf as pikepdf

_WS = rb"[\x00\t\n\x0c\r ]"
_SKIP = _WS + rb"*+(?:%[^\r\n]*+" + _WS + rb"*+)*+"  # white space and comments
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_NUM = rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?!" + _REGULAR + rb")"
_NAME = rb"/" + _REGULAR + rb"*+"
_STR0 = rb"\((?:[^()\\]|\\.)*+\)"
_STR1 = rb"\((?:[^()\\]|\\.|" + _STR0 + rb")*+\)"
_STR = rb"\((?:[^()\\]|\\.|" + _STR1 + rb")*+\)"  # nested three deep, as PDF allows
_HEX = rb"<[0-9A-Fa-f\x00\t\n\x0c\r ]*+>"
_WORD = rb"(?:true|false|null)(?!" + _REGULAR + rb")"
_SIMPLE = b"|".join((_NUM, _NAME, _STR, _HEX, _WORD))
_ARRAY = rb"\[(?:" + _SKIP + rb"(?:" + _SIMPLE + rb"))*+" + _SKIP + rb"\]"
_DICT0 = rb"<<(?:" + _SKIP + rb"(?:" + _SIMPLE + rb"|" + _ARRAY + rb"))*+" + _SKIP + rb">>"
_DICT = rb"<<(?:" + _SKIP + rb"(?:" + _SIMPLE + rb"|" + _ARRAY + rb"|" + _DICT0 + rb"))*+"
_DICT += _SKIP + rb">>"
# (the look-ahead turns an operator away at its first character, before six alternatives)
_OPERAND = rb"(?=[-+.0-9/(<\[])(?:" + b"|".join((_NUM, _NAME, _STR, _HEX, _ARRAY, _DICT)) + rb")"
_OPERATOR = rb"[A-Za-z'\"]" + _REGULAR + rb"*+"
# One instruction: operands (possessive: none of them can start an operator), operator.
_INSTRUCTION = _SKIP + rb"((?:" + _OPERAND + _SKIP + rb")*+)(" + _OPERATOR + rb")"
# Every instruction of a stream in one call: (operands, operator, "") each; a comment gives
# ("", "", ""); a character no instruction starts with gives it as the third (the stream is
# then not read with certainty). Only white space is passed over unmatched.
_ALL = re.compile(_INSTRUCTION + rb"|%[^\r\n]*+|([^\x00\t\n\x0c\r ])", re.DOTALL)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

# Operators whose operands the scanner reads: numbers and names only, by the standard.
ARGS = frozenset("cm w gs rg RG k K g G cs CS sc scn SCN Tf Tm Tr sh Do".split())
PAINT_FILL = frozenset({"f", "F", "f*", "B", "B*", "b", "b*"})
PAINT_STROKE = frozenset({"S", "s", "B", "B*", "b", "b*"})
SHOW_TEXT = frozenset({"Tj", "TJ", "'", '"'})
# Everything else (paths, text positioning, marked content) changes no fact; not kept.
WANTED = ARGS | PAINT_FILL | PAINT_STROKE | SHOW_TEXT | {"q", "Q", "BT"}
_PIKEPDF_WANTED = " ".join(sorted(WANTED | {"BI", "ID", "EI"}))
_NO_ARGS: tuple = ()
_NOT_READ = frozenset({b"BI", b"ID", b"EI", b"true", b"false", b"null"})
_CANONICAL = {op.encode("latin-1"): op for op in WANTED}  # the operator's bytes -> its str
INLINE_IMAGE = "INLINE IMAGE"  # operator of an inline image; its operand is the image

# What the scanner reads of an operator's operands (n a number, / a name); an instruction
# that does not fit is left out, as readers ignore it, rather than stopping the check (a
# "k" still selects DeviceCMYK, its values unknown).
_SHAPE = {"cm": "nnnn", "w": "n", "gs": "/", "k": "nnnn", "cs": "/", "CS": "/", "Tf": "/n"}
_SHAPE |= {"Tm": "nnnn", "Tr": "n", "sh": "/", "Do": "/"}

# How many numbers an operator needs when its operands are numbers only (an operator that
# wants a name then never fits)
_NUMBERS = {op: (len(shape) if "/" not in shape else 1 << 30) for op, shape in _SHAPE.items()}
Instruction = tuple[str, tuple]
_CACHE: OrderedDict[bytes, list[Instruction]] = OrderedDict()
_CACHE_SIZE = 64
_CACHE_MAX_BYTES = 64 * 1024  # larger streams are read every time, and never kept


class HeldContent:
    """A content stream's bytes held in memory (the build's own document, ``press.held``):
    read as a file's are, but there is no qpdf to fall back to."""

    __slots__ = ()
    held_data: bytes | None


def instructions(stream: pikepdf.Object | pikepdf.Page | HeldContent) -> list[Instruction]:
    """The wanted instructions of a content stream, a page's contents or a form/pattern."""
    if isinstance(stream, HeldContent):
        found = _cached_read(stream.held_data) if stream.held_data is not None else None
        if found is None:
            raise ValueError("content the reader is not certain of")
        return found
    try:
        data = _contents(stream)
    except Exception:  # noqa: BLE001 - qpdf's parser below says what is wrong, as before
        data = None
    if data is not None:
        found = _cached_read(data)
        if found is not None:
            return found
    return _with_pikepdf(stream)


def _cached_read(data: bytes) -> list[Instruction] | None:
    """``read(data)``, kept by content for small streams."""
    small = len(data) <= _CACHE_MAX_BYTES
    found = _CACHE.get(data) if small else None
    if found is not None:
        with contextlib.suppress(KeyError):  # another thread may have dropped it
            _CACHE.move_to_end(data)
        return found
    found = read(data)
    if found is not None and small:
        _CACHE[data] = found
        while len(_CACHE) > _CACHE_SIZE:
            try:
                _CACHE.popitem(last=False)
            except KeyError:
                break
    return found


def read(data: bytes) -> list[Instruction] | None:
    """The wanted instructions of the bytes, or None where this reader is not certain."""
    out: list[Instruction] = []
    append = out.append
    canonical = _CANONICAL.get
    for operands, operator, odd in _ALL.findall(data):
        if odd:
            return None
        op = canonical(operator)
        if op is None:
            if operator in _NOT_READ:
                return None  # an inline image's data is binary; a lone keyword is odd: qpdf
        elif op in ARGS:
            if 0x2F in operands:  # a name among them
                args = _args(operands)
                if args is None:
                    return None
                fits = op not in _SHAPE or _fits(args, _SHAPE[op])
            else:  # numbers only (colours, matrices, widths): converted at once
                try:
                    args = tuple(map(float, operands.split())) if operands else _NO_ARGS
                except ValueError:
                    return None
                fits = len(args) >= _NUMBERS.get(op, 0)
            if fits:
                append((op, args))
            elif op == "k":
                append((op, _NO_ARGS))
        else:
            append((op, _NO_ARGS))
    return compact(out)


_EFFECT = SHOW_TEXT | PAINT_FILL | PAINT_STROKE | {"gs", "Do", "sh", "scn", "SCN", INLINE_IMAGE}
_PAINT = PAINT_FILL | PAINT_STROKE


def compact(ops: list[Instruction]) -> list[Instruction]:
    """The instructions less those that add no fact: a q ... Q block that only changes state
    (restored at Q), and a text or paint operator right after the same kind in the same state
    (it would note the same facts again)."""
    out: list[Instruction] = []
    blocks: list[list] = []  # open q blocks: [index in out, whether anything inside counts]
    last = None
    for ins in ops:
        op = ins[0]
        if op == "q":
            blocks.append([len(out), False])
        elif op == "Q" and blocks:
            start, counts = blocks.pop()
            if not counts:
                del out[start:]
                last = out[-1][0] if out else None
                continue
            if blocks:
                blocks[-1][1] = True
        elif op in _EFFECT:
            if (op in SHOW_TEXT and last in SHOW_TEXT) or (op in _PAINT and op == last):
                continue
            if blocks:
                blocks[-1][1] = True
        out.append(ins)
        last = op
    return out


def _args(text: bytes) -> tuple | None:
    """Numbers and names of an operand list, or None for anything else."""
    if not text:
        return _NO_ARGS
    args = []
    for token in text.split():
        if token[0] == 0x2F:  # "/"
            if token.count(b"/") > 1:
                return None
            if b"#" in token:
                token = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token)
            args.append(token.decode("latin-1"))
        else:
            try:
                args.append(float(token))
            except ValueError:
                return None
    return tuple(args)


def _fits(args: tuple, shape: str) -> bool:
    if len(args) < len(shape):
        return False
    return all(
        a.__class__ is (str if c == "/" else float) for a, c in zip(args, shape, strict=False)
    )


def _contents(stream: pikepdf.Object | pikepdf.Page) -> bytes | None:
    """The decoded bytes of a stream, or of a page's contents (several streams joined)."""
    if isinstance(stream, pikepdf.Page):
        contents = stream.obj.get("/Contents")
        if contents is None:
            return b""
        if isinstance(contents, pikepdf.Array):
            # streams split only between tokens; a line break keeps their tokens apart
            return b"\n".join(s.read_bytes() for s in contents)
        stream = contents
    return stream.read_bytes() if isinstance(stream, pikepdf.Stream) else None


def _with_pikepdf(stream: pikepdf.Object | pikepdf.Page) -> list[Instruction]:
    """The same instructions through qpdf's own parser (inline images, unusual syntax)."""
    out: list[Instruction] = []
    for ins in pikepdf.parse_content_stream(stream, _PIKEPDF_WANTED):
        op = str(ins.operator)
        if op == INLINE_IMAGE:
            out.append((op, (ins.iimage.obj,)))
        elif op in ARGS:
            args = tuple(_value(v) for v in ins.operands)
            if op not in _SHAPE or _fits(args, _SHAPE[op]):
                out.append((op, args))
            elif op == "k":
                out.append((op, _NO_ARGS))
        elif op in WANTED:
            out.append((op, _NO_ARGS))
    return compact(out)


def _value(v: object) -> object:
    """A number as float, a name as its string; anything else as it is."""
    if isinstance(v, pikepdf.Name):
        return str(v)
    try:
        return float(v)  # type: ignore[arg-type]  # int, Decimal, pikepdf numbers
    except (TypeError, ValueError):
        return v
