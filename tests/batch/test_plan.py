"""How a per-file batch is planned: chunks for the workers, record keys, serial numbers."""

from __future__ import annotations

from generator.batch.manifest import inputs_key, inputs_keys
from generator.batch.run import chunk_sizes
from generator.batch.serials import SerialBook


def test_chunks_cover_every_record_once_and_end_small():
    for count in (0, 1, 5, 17, 100, 1000, 4099):
        for workers in (1, 2, 8):
            sizes = chunk_sizes(count, workers)
            assert sum(sizes) == count and all(s >= 1 for s in sizes)
            assert max(sizes, default=0) <= 16
            if count >= 1000:  # a long run ends on small chunks: no worker waits long
                assert sizes[0] == 16 and sizes[-2] <= 4
    assert chunk_sizes(10, 2, 3) == [3, 3, 3, 1]  # --chunk as given


def test_a_key_with_its_shared_part_made_once_is_the_same_key():
    # Incremental runs compare these keys with the manifest's: they must not change.
    base = {"template": "ab", "fonts": "cd", "generator": "1"}
    options = {"size": None, "bleed_mm": 3.0, "date": 1.5}
    record = {"name": 'Әсел «Ақ» "x"', "role": "Ерікті"}
    key = inputs_keys(base, options)
    assert key(record, "0002-Әсел.pdf", "№ 2026-0001", []) == inputs_key(
        base, options, record, "0002-Әсел.pdf", "№ 2026-0001", []
    )
    assert inputs_keys()("a", 1) == inputs_key("a", 1)


def test_new_records_take_the_next_numbers_after_those_issued():
    book = SerialBook("№ {n:04}", 2026, issued={"rec:kept": 7})
    records = [(2, {"name": "A"}, "a.pdf"), (3, {"name": "B"}, "b.pdf")]
    assert list(book.assign(records).values()) == ["№ 0008", "№ 0009"]
    again = SerialBook("№ {n:04}", 2026, issued=dict(book.issued))
    assert again.assign(records) == book.assign(records)
