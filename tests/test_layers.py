"""The pipeline runs one way: no stage imports a stage that comes after it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
STAGES = ["content", "compose", "typeset", "press", "publish"]


def _imports(path: Path) -> set[str]:
    """The generator sub-packages a module imports (relative or absolute, at any depth)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 2 or (node.level == 0 and module.startswith("generator.")):
                name = module.removeprefix("generator.").split(".")[0]
                found.add(name)
                if not module:
                    found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_imports_a_later_one(stage):
    later = set(STAGES[STAGES.index(stage) + 1 :]) | {"api", "cli", "batch"}
    for path in (PACKAGE / stage).rglob("*.py"):
        wrong = _imports(path) & later
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"
