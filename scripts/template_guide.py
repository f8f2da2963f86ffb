"""Write docs/templates.md from the template schema (`make docs`); `--check` only compares."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "templates.md"


def main(argv: list[str]) -> int:
    from generator.compose.guide import COMMAND, render_guide

    text = render_guide()
    current = GUIDE.read_text(encoding="utf-8") if GUIDE.exists() else None
    if "--check" in argv:
        if current != text:
            print(f"{GUIDE} is out of date: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if current == text:
        print(f"{GUIDE} is up to date")
        return 0
    GUIDE.parent.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=GUIDE.parent, prefix=".templates.", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, GUIDE)
    print(f"wrote {GUIDE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
