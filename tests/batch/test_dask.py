"""The Dask path: workers that share no files with the client build the same bytes."""

from __future__ import annotations

import shutil

import pytest

from generator.api import find_template
from generator.batch import carry
from generator.batch.run import run_batch

from .conftest import write_csv

distributed = pytest.importorskip("distributed")


def test_workers_elsewhere_build_the_same_bytes_from_carried_content(
    tmp_path, rows200, monkeypatch
):
    rows = [dict(r) for r in rows200[:24]]
    rows[5]["name"] = "😀 Эмодзи"  # fails alone, on the cluster as here
    data = write_csv(tmp_path / "p.csv", rows)
    # The template from a folder of its own, deleted as soon as the job has been packed (before
    # any record is sent): the workers can only build from what the job carries.
    folder = tmp_path / "my-template"
    shutil.copytree(find_template("certificate").folder, folder)
    local = run_batch(folder, data, out=tmp_path / "local", workers=2)
    packed = carry.pack

    def pack_then_delete(job, *args):
        bundle = packed(job, *args)
        shutil.rmtree(folder)
        return bundle

    monkeypatch.setattr(carry, "pack", pack_then_delete)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "worker-cache"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with monkeypatch.context() as m:
        m.chdir(elsewhere)  # the workers start in another working directory
        cluster = distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
    with cluster:
        remote = run_batch(folder, data, out=tmp_path / "dask", dask=cluster.scheduler_address)
    assert not folder.exists()
    # The same failure, naming the user's template.toml (it named the worker's cache copy,
    # ~/.cache/generator/jobs/…/template/template.toml).
    assert remote.failures == local.failures and len(local.failures) == 1, remote.failures
    assert f"{folder / 'template.toml'}: box 'name'" in remote.failures[0][1]
    assert len(remote.written) == 23
    for path in local.written:
        assert (tmp_path / "dask" / path.name).read_bytes() == path.read_bytes(), path.name
    assert (tmp_path / "worker-cache" / "generator" / "jobs").is_dir()  # unpacked there


def test_an_fsspec_url_receives_every_file(tmp_path, rows200):
    import fsspec

    rows = rows200[:12]
    data = write_csv(tmp_path / "p.csv", rows)
    local = run_batch("certificate", data, out=tmp_path / "local", workers=2)
    result = run_batch("certificate", data, out="memory://batch/certs", workers=2)
    assert result.ok and len(result.written) == 12
    fs = fsspec.filesystem("memory")
    names = sorted(p.rsplit("/", 1)[1] for p in fs.ls("/batch/certs", detail=False))
    made_here = [p.name for p in (tmp_path / "local").iterdir() if not p.name.startswith(".")]
    assert names == sorted(made_here)  # the documents, the manifest, the report
    assert set(made_here) >= {p.name for p in local.written} | {"manifest.json"}
    for path in local.written:
        assert fs.cat_file(f"/batch/certs/{path.name}") == path.read_bytes()
    single = run_batch("certificate", data, out="memory://batch/book", single_file=True)
    assert single.ok and single.written == ["memory://batch/book/certificate-all.pdf"]
    assert fs.cat_file("/batch/book/certificate-all.pdf").startswith(b"%PDF-")


def test_the_cli_sends_to_an_fsspec_url_and_zips_what_it_sent(
    tmp_path, rows200, monkeypatch, capsys
):
    import io
    import zipfile

    import fsspec

    from generator.cli import main

    data = write_csv(tmp_path / "p.csv", rows200[:5])
    monkeypatch.chdir(tmp_path)
    args = ["batch", "certificate", "--data", str(data), "--out", "memory://cli/certs", "--zip"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "wrote memory://cli/certs/certificate-all.zip" in printed
    assert not any(p.name.startswith("memory") for p in tmp_path.iterdir())  # no local folder
    fs = fsspec.filesystem("memory")
    pdfs = sorted(
        p.rsplit("/", 1)[1] for p in fs.ls("/cli/certs", detail=False) if p.endswith(".pdf")
    )
    assert len(pdfs) == 5
    with zipfile.ZipFile(io.BytesIO(fs.cat_file("/cli/certs/certificate-all.zip"))) as zf:
        assert zf.namelist() == pdfs
        for name in pdfs:
            assert zf.read(name) == fs.cat_file(f"/cli/certs/{name}")
