"""Templates are data for any event: no template file carries the 1 May article's words or the
captions of its facts (they must come from the event, or from the vocabulary files)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from generator.resources import default_event_dir, templates_dir

SEED = Path("/work/shared/seed/article.kk.txt")
WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _seed_text() -> str:
    # The seed article (the shared copy when present) and its translations shipped with the
    # default event.
    articles = sorted(default_event_dir().glob("article.*.txt"))
    if SEED.exists():
        articles.append(SEED)
    return "\n".join(p.read_text(encoding="utf-8") for p in articles)


def _template_files() -> list[Path]:
    return sorted(p for p in templates_dir().rglob("*") if p.suffix in (".toml", ".j2"))


@pytest.fixture(scope="module")
def seed():
    facts = tomllib.loads((default_event_dir() / "facts.toml").read_text(encoding="utf-8"))
    captions = []
    for fact in facts["facts"]:  # a caption is one text, or one a language
        caption = fact["caption"]
        captions.extend(caption.values() if isinstance(caption, dict) else [caption])
    text = _seed_text() + "\n" + "\n".join(captions)
    words = _words(text)
    # Function words (мен, үшін, және) are every Kazakh text's; content words are 5+ letters.
    content = {w for w in words if len(w) >= 5}
    pairs = {" ".join(p) for p in zip(words, words[1:], strict=False)}
    return content, pairs, [c.lower() for c in captions]


@pytest.mark.parametrize(
    "path", _template_files(), ids=lambda p: str(p.relative_to(templates_dir()))
)
def test_no_template_file_carries_the_seed_events_words(path, seed):
    content, pairs, captions = seed
    text = path.read_text(encoding="utf-8").lower()
    words = _words(text)
    found = sorted({w for w in words if w in content})
    assert not found, f"{path.name} has the 1 May article's words: {found[:8]}"
    two = {" ".join(p) for p in zip(words, words[1:], strict=False)} & pairs
    assert not two, f"{path.name} has the 1 May article's phrases: {sorted(two)[:5]}"
    for caption in captions:
        assert caption not in text, f"{path.name} has a fact caption: {caption}"
