"""--single-file prints, page for page, exactly what the per-file mode prints, even when the
blocks branch on the record in conditions, macros, loops, set statements and other blocks."""

from __future__ import annotations

import json

from generator.batch.run import run_batch
from tests.conftest import squash

from .conftest import text_by_position, write_csv

TEXT = """{% macro word(r) %}{% if r.role == "спикер" %}СПИКЕР{% else %}қонақ{% endif %}{% endmacro %}
{% set initials %}{% for w in record.name.split() %}{{ w[0] }}.{% endfor %}{% endset %}
{% block kicker %}{{ article.title }}{% endblock %}
{% block heading %}{% if record.role == "спикер" %}СПИКЕР{% else %}қонақ{% endif %}{% endblock %}
{% block lead %}{{ word(record) }} · {{ initials }}{% endblock %}
{% block name %}{{ record.name }}{% endblock %}
{% block role %}{{ record.role }}{% endblock %}
{% block body %}{{ self.heading() }}: {% set n = record.organisation|length %}{{ "ұзын" if n > 25 else "қысқа" }}{% endblock %}
{% block fact %}{{ facts.founded.print }} {{ facts.founded.caption }}{% endblock %}
{% block footer %}{% for i in range(record.name.split()|length) %}*{% endfor %} {{ facts.date.print }}{% endblock %}
{% block signature %}Төраға{% endblock %}
{% block serial %}{{ serial }}{% endblock %}
{% block qr %}{{ event.url or "" }}{% endblock %}
"""

NAMES = ["Әлия Серікқызы", "Нұрлан Болатұлы Құдайбергенов", "Ержан", "Гүлнұр Өтегенова"]
ORGS = ["Ақ", "ҚазҰУ", "Алматы қаласы, №82 мектеп-гимназия"]


def test_single_file_pages_equal_their_per_file_twins(tmp_path, template_copy):
    folder = template_copy("certificate")
    (folder / "text.j2").write_text(TEXT, encoding="utf-8")
    rows = [
        {
            "name": NAMES[i % 4],
            "role": "спикер" if i % 3 == 0 else "қатысушы",
            "organisation": ORGS[i % 3],
        }
        for i in range(50)
    ]
    data = write_csv(tmp_path / "people.csv", rows)
    per = run_batch(folder, data, out=tmp_path / "per", workers=2)
    one = run_batch(folder, data, out=tmp_path / "one", single_file=True)
    assert per.ok and one.ok and len(per.written) == 50
    files = json.loads((tmp_path / "per" / "manifest.json").read_text(encoding="utf-8"))
    by_row = {e["row"]: n for n, e in files["files"].items()}
    book = one.written[0].read_bytes()
    for i, row in enumerate(rows):
        single = text_by_position(book, i)
        assert single == text_by_position(tmp_path / "per" / by_row[i + 2]), i
        word = "СПИКЕР" if row["role"] == "спикер" else "қонақ"
        assert word.upper() in single and squash(row["name"]) in " ".join(single)
