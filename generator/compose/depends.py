"""Which text blocks and boxes change with the record: decided from the Jinja syntax tree.

Batch modes draw the parts of a page that no record changes once and reuse them; getting this
wrong prints one person's words on another's page. So the rule proves constancy instead of
guessing it: a block is constant only when every name it reads, directly or through the macros
and blocks it calls, is one of the event's constants (``article``, ``facts``, ``event``...), a
pure Jinja global, or a name the block binds itself from those. Anything the rule cannot follow
(``include``, ``import``, ``extends``, ``self[...]`` by a variable, ``lipsum``, the ``random``
filter, a name it does not know) makes the block per-record: a constant box drawn per page is
only slower, a per-record box drawn once is wrong.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from .render import EVENT_CONTEXT
from .template import Template

# The context names that are the same for every record of a job (see compose()).
CONSTANT_NAMES = EVENT_CONTEXT
# The context names that change with the record; a block that binds one of them itself is
# per-record too, since Jinja falls back to the context on a branch that did not bind it.
RECORD_NAMES = frozenset({"record", "serial", "variant"})  # a batch gives each record these
# Jinja's globals that give the same result every time (``lipsum`` is random: not here).
_PURE_GLOBALS = frozenset({"range", "dict", "cycler", "joiner", "namespace"})
# Names Jinja binds itself inside loops, macros and call blocks.
_IMPLICIT_LOCALS = frozenset({"loop", "caller", "varargs", "kwargs"})
_IMPURE_FILTERS = frozenset({"random"})
# Box types whose drawing reads no block and no record (figures and chart read the facts).
_CONSTANT_BOX_TYPES = frozenset({"rect", "rule", "ornament", "figures", "chart"})
_BLOCK_BOX_TYPES = frozenset({"text", "qr", "flow"})


class _Reads:
    """What one block, macro or top-level assignment reads: the record itself, or something
    the rule cannot follow (``unfollowable``); other blocks; top-level macros and sets."""

    def __init__(self) -> None:
        self.unfollowable = False
        self.blocks: set[str] = set()
        self.top: set[str] = set()


def _bound(nodes: Iterable[Any]) -> set[str]:
    """Every name a body binds itself (set, for, with, macro and call-block arguments)."""
    from jinja2 import nodes as n

    names: set[str] = set()
    for node in nodes:
        for name in (node, *node.find_all(n.Name)):
            if isinstance(name, n.Name) and name.ctx in ("store", "param"):
                names.add(name.name)
        for macro in node.find_all((n.Macro, n.CallBlock)):
            names.update(a.name for a in macro.args)
    return names


_UNFOLLOWABLE = (
    "Extends",
    "Include",
    "Import",
    "FromImport",
    "ContextReference",
    "DerivedContextReference",
    "InternalName",
    "ImportedName",
)


def _reads(
    body: list[Any], args: Collection[str], top: Collection[str], record_names: Collection[str]
) -> _Reads:
    """Walk a body: every loaded name must be local, constant, a pure global or a top-level
    definition (followed later); a ``self`` anywhere but ``self.NAME`` is not followed."""
    from jinja2 import nodes as n

    reads = _Reads()
    local = _bound(body) | set(args) | _IMPLICIT_LOCALS
    unfollowable = tuple(getattr(n, name) for name in _UNFOLLOWABLE)
    for root in body:
        for node in (root, *root.find_all(n.Node)):
            if isinstance(node, unfollowable):
                reads.unfollowable = True
            elif isinstance(node, n.Filter) and node.name in _IMPURE_FILTERS:
                reads.unfollowable = True
            elif isinstance(node, n.Block):
                reads.blocks.add(node.name)
            elif isinstance(node, n.Getattr) and _is_self(node.node):
                reads.blocks.add(node.attr)
            elif isinstance(node, n.Getitem) and _is_self(node.node):
                if isinstance(node.arg, n.Const) and isinstance(node.arg.value, str):
                    reads.blocks.add(node.arg.value)
                else:
                    reads.unfollowable = True
            elif isinstance(node, n.Name) and node.ctx == "load" and node.name != "self":
                name = node.name
                if name in record_names:
                    reads.unfollowable = True  # reads the record (or may, on some branch)
                elif name in top:
                    reads.top.add(name)  # a top-level definition shadows the constants
                elif name in local or name in CONSTANT_NAMES or name in _PURE_GLOBALS:
                    continue
                else:
                    reads.unfollowable = True  # a name the rule does not know
            if any(_is_self(c) for c in node.iter_child_nodes()) and not isinstance(
                node, n.Getattr | n.Getitem
            ):
                reads.unfollowable = True  # self passed along, looped over...
    return reads


def _is_self(node: Any) -> bool:
    from jinja2 import nodes as n

    return isinstance(node, n.Name) and node.name == "self" and node.ctx == "load"


@cache
def _analyse(folder: Path, record_names: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(every block, the blocks not proven constant) of a folder's text.j2, kept in the disk
    cache beside the compiled template (one entry per file and set of record names, holding
    the digest of the source it was proven from): a batch's parent proves it before any
    worker starts (the parse and walk: ~5 ms of a certificate's start, ~1 ms from the cache)."""
    from .render import _environment, _load

    _load(folder)  # a syntax error is reported as compose reports it
    env = _environment(folder)
    source = (folder / "text.j2").read_text(encoding="utf-8")
    if env.bytecode_cache is None:
        return _prove(env, source, record_names)
    import hashlib

    from .. import cache as disk_cache
    from .jinja_cache import outline_entry

    # The rule's code and the constant names it trusts (render.py's EVENT_CONTEXT) both
    # shape the answer: editing either retires the entry.
    recipe = disk_cache.key(
        "depends",
        disk_cache.source_stamp(__file__),
        sorted(CONSTANT_NAMES),
        sorted(record_names),
    )
    entry = outline_entry(env, str(folder / "text.j2"), recipe)
    digest = hashlib.sha256(source.encode()).hexdigest()
    got = disk_cache.load("jinja", entry)
    if (
        isinstance(got, tuple)
        and len(got) == 2
        and got[0] == digest
        and isinstance(got[1], tuple)
        and len(got[1]) == 2
        and all(isinstance(s, frozenset) for s in got[1])
    ):
        return got[1]
    value = _prove(env, source, record_names)
    disk_cache.store("jinja", entry, (digest, value))  # (the file changed: replaced)
    return value


def _prove(
    env: Any, source: str, record_names: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """``_analyse`` from the syntax tree of a text.j2's source."""
    from jinja2 import nodes as n

    tree = env.parse(source)
    blocks = {b.name: b for b in tree.find_all(n.Block)}
    # Top-level definitions compose() makes visible to every block: macros and plain sets.
    defs: dict[str, list[Any]] = {}
    opaque: set[str] = set()  # names bound at the top level in a way not followed
    for node in tree.body:
        if isinstance(node, n.Macro):
            defs[node.name] = [node]
        elif isinstance(node, n.Assign | n.AssignBlock) and isinstance(node.target, n.Name):
            defs.setdefault(node.target.name, []).append(node)
        elif not isinstance(node, n.Block | n.Output):
            opaque |= _bound([node])
            if isinstance(node, tuple(getattr(n, name) for name in _UNFOLLOWABLE)):
                return frozenset(blocks), frozenset(blocks)  # extends, import: not followed
    top = set(defs) | opaque
    items: dict[tuple[str, str], _Reads] = {}
    for name, block in blocks.items():
        items[("block", name)] = _reads(block.body, (), top, record_names)
    for name, nodes in defs.items():
        reads = _Reads()
        for node in nodes:
            if isinstance(node, n.Macro):
                args = [a.name for a in node.args]
                found = _reads([*node.body, *node.defaults], args, top, record_names)
            elif isinstance(node, n.Assign):
                found = _reads([node.node], (), top, record_names)
            else:
                found = _reads(node.body, (), top, record_names)
            reads.unfollowable |= found.unfollowable
            reads.blocks |= found.blocks
            reads.top |= found.top
        items[("top", name)] = reads
    for name in opaque - set(defs):
        items[("top", name)] = _Reads()
        items[("top", name)].unfollowable = True

    # Least fixpoint: an item is per-record when it reads the record (or something not
    # followed) itself, or calls, through any chain of blocks and definitions, one that does.
    dependent = {key for key, r in items.items() if r.unfollowable or bool(r.blocks - set(blocks))}
    changed = True
    while changed:
        changed = False
        for key, reads in items.items():
            calls = {("block", b) for b in reads.blocks} | {("top", t) for t in reads.top}
            if key not in dependent and calls & dependent:
                dependent.add(key)
                changed = True
    return frozenset(blocks), frozenset(name for kind, name in dependent if kind == "block")


def per_record_blocks(
    template: Template, record_names: Collection[str] = RECORD_NAMES
) -> frozenset[str]:
    """The blocks of a template's text.j2 that may render differently for another record.

    ``record_names`` are the context names that change with the record (``record`` and any
    per-record extra passed to compose(), such as a serial number). Every other block renders
    the same for every record: proven from the syntax tree, not sampled.
    """
    return _analyse(template.folder, frozenset(record_names))[1]


def per_record_boxes(
    template: Template, record_names: Collection[str] = RECORD_NAMES
) -> frozenset[str]:
    """The boxes (by name, over every page spec) whose drawing may change with the record.

    A box is constant when its type reads no record (rectangles, rules, ornaments, figures,
    charts) or it reads a block proven constant; a type this rule does not know is per-record.
    """
    dynamic = per_record_blocks(template, record_names)
    names: set[str] = set()
    for page in template.pages:
        for box in page.boxes:
            if box.type in _CONSTANT_BOX_TYPES:
                continue
            if box.type == "image" and not box.opt("source", "").startswith("record."):
                continue  # an event's or the template's own picture
            if box.type in _BLOCK_BOX_TYPES and box.opt("block", box.name) not in dynamic:
                continue
            names.add(box.name)
        # A box that follows another moves with it: both change when either does.
        for box in page.boxes:
            if box.opt("follow") and (box.name in names or box.opt("follow") in names):
                names.update((box.name, box.opt("follow")))
    return frozenset(names)


@cache
def event_fields(folder: Path, block: str, of: str = "event") -> tuple[str, ...]:
    """The event details (``event.NAME``) a block of a folder's text.j2 prints, in order, read
    from its own body (so a text too long for its box can name the field to shorten);
    ``of="record"``: a batch record's fields (``record.NAME``)."""
    from jinja2 import nodes as n

    from .render import _environment

    tree = _environment(folder).parse((folder / "text.j2").read_text(encoding="utf-8"))
    found = next((b for b in tree.find_all(n.Block) if b.name == block), None)
    if found is None:
        return ()
    names = (
        g.attr
        for g in found.find_all(n.Getattr)
        if isinstance(g.node, n.Name) and g.node.name == of
    )
    return tuple(dict.fromkeys(names))
