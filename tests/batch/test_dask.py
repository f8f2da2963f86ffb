"""The Dask path: the same jobs on a LocalCluster (loopback) build the same bytes."""

from __future__ import annotations

import pytest

from generator.batch.run import run_batch

from .conftest import write_csv

distributed = pytest.importorskip("distributed")


def test_dask_builds_the_same_bytes_as_the_local_path(tmp_path, rows200):
    rows = rows200[:24]
    data = write_csv(tmp_path / "p.csv", rows)
    local = run_batch("certificate", data, out=tmp_path / "local", workers=2)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        remote = run_batch(
            "certificate", data, out=tmp_path / "dask", dask=cluster.scheduler_address
        )
    assert local.ok and remote.ok and len(remote.written) == 24
    for path in local.written:
        assert (tmp_path / "dask" / path.name).read_bytes() == path.read_bytes(), path.name
    manifest = (tmp_path / "dask" / "manifest.json").read_text(encoding="utf-8")
    assert manifest == (tmp_path / "local" / "manifest.json").read_text(encoding="utf-8")
