"""Compiled text.j2 templates kept across runs: Jinja's bytecode cache, stored in the user's
disk cache (``generator.cache``) so an unchanged template is not lexed, parsed and compiled
to Python again in every process.

Jinja checks each entry against the template's source (a checksum) and its own version; the
entry's name also carries the environment's settings that shape the generated code, so a
change of options is never served code compiled under the old ones.
"""

from __future__ import annotations

from typing import Any

import jinja2

from .. import cache as disk_cache

KIND = "jinja"


class DiskBytecodeCache(jinja2.BytecodeCache):
    """A Jinja bytecode cache in the user's generator cache folder; a damaged entry is
    ignored (the template is compiled again and the entry rewritten)."""

    def __init__(self, settings: str) -> None:
        self.settings = settings

    def _name(self, bucket: jinja2.bccache.Bucket) -> str:
        # One entry per template file (Jinja's key: its name and path), rewritten when the file
        # changes: Jinja checks the source's checksum stored in the entry.
        return disk_cache.key(KIND, jinja2.__version__, self.settings, bucket.key)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        payload = disk_cache.read(KIND, self._name(bucket))
        if payload is None:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:  # noqa: BLE001 - Jinja raises what unpickling/unmarshalling raises
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        disk_cache.write(KIND, self._name(bucket), bucket.bytecode_to_string())


def outline_entry(env: Any, path: str, recipe: str) -> str:
    """The entry name of what compose reads from a template file's parse tree (render._outline,
    whose module's stamp is ``recipe``): one per file, holding the digest of its source."""
    settings = env.bytecode_cache.settings
    return disk_cache.key("outline", recipe, jinja2.__version__, settings, path)


def settings_of(env: Any) -> str:
    """The environment's settings that change the code Jinja generates for a template."""
    finalize = getattr(env.finalize, "__qualname__", repr(env.finalize))
    return repr(
        (
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            env.is_async,
            bool(env.autoescape),
            finalize,
            sorted(env.extensions),
        )
    )
