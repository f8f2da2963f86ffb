"""A variant's printed label, per language: a badge prints «Спикер», not the data's «speaker»."""

from __future__ import annotations

import csv
import shutil

import pytest

from generator.batch.run import run_batch
from generator.compose.template import load_template
from generator.errors import TemplateError
from generator.resources import default_event_dir, templates_dir
from tests.batch.conftest import extract, write_csv

ROWS = [
    {"name": "Анна Иванова", "role": "speaker", "organisation": "Университет"},
    {"name": "Борис Петров", "role": "Докладчик", "organisation": "Фонд"},
    {"name": "Вера Сидорова", "role": "volunteer", "organisation": "Центр"},
    {"name": "Глеб Орлов", "role": "гость", "organisation": "Посольство"},
]


@pytest.mark.parametrize(
    ("lang", "speaker", "volunteer"), [("ru", "Спикер", "Волонтёр"), ("kk", "Баяндамашы", "Ерікті")]
)
@pytest.mark.parametrize("single", [False, True])
def test_a_badge_prints_its_variants_label_in_the_events_language(
    tmp_path, lang, speaker, volunteer, single
):
    data = write_csv(tmp_path / "people.csv", ROWS)
    result = run_batch(
        "badge", data, out=tmp_path / "out", workers=1, single_file=single,
        article=default_event_dir() / f"article.{lang}.txt", lang=lang,
    )  # fmt: skip
    assert not result.failures
    if single:
        [pdf] = result.written  # one A4 sheet of badges
        text = extract(pdf)
        roles = [text.split(r["name"])[1].split(r["organisation"])[0].strip() for r in ROWS]
    else:
        roles = []
        for path, r in zip(sorted(result.written), ROWS, strict=True):
            text = extract(path)
            roles.append(text.split(r["name"])[1].split(r["organisation"])[0].strip())
    # A role with a variant prints its label, whichever spelling chose it; any other as given,
    # its first letter a capital as a label's is («Ерікті» beside «гость» looked a slip).
    assert roles == [speaker, speaker, volunteer, "Гость"]
    assert [row for row, _ in result.defaulted] == [5]
    with open(tmp_path / "out" / "report.csv", encoding="utf-8") as f:
        report = {r["row"]: r for r in csv.DictReader(f)}
    assert "role 'гость' has no variant" in report["5"]["message"]


def _template_with(tmp_path, label: str):
    folder = tmp_path / "badge"
    shutil.copytree(templates_dir() / "badge", folder)
    toml = folder / "template.toml"
    text = toml.read_text(encoding="utf-8")
    old = 'label = { kk = "Баяндамашы", ru = "Спикер" }'
    assert old in text
    toml.write_text(text.replace(old, label), encoding="utf-8")
    return folder


def test_a_label_in_no_language_or_missing_one_is_a_clear_template_error(tmp_path):
    folder = _template_with(
        tmp_path, 'label = { kk = "Баяндамашы", ru = "Спикер", en = "Speaker" }'
    )
    with pytest.raises(
        TemplateError, match=r"variants\.role\.speaker\.label\.en: .*'en' is no language"
    ):
        load_template(folder)
    folder = _template_with(tmp_path / "b", 'label = { ru = "Спикер" }')
    with pytest.raises(TemplateError, match=r"variants\.role\.speaker\.label: no word in 'kk'"):
        load_template(folder)
