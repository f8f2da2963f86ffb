"""`generator serve`: pages listed, rebuilt on a save, errors shown with file and key, loopback
only, nothing outside the event and template folders served."""

from __future__ import annotations

import http.client
import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.serve.conftest import built


def _poster_url(state: dict) -> str:
    poster = next(p for p in state["products"] if p["name"] == "poster")
    return poster["pages"][0]["url"]


def test_the_page_lists_every_page_of_the_chosen_products(serve, event_dir):
    served = serve(str(event_dir), "poster", "trifold")
    state = served.wait(lambda s: built("poster")(s) and built("trifold")(s))
    pages = {p["name"]: p["pages"] for p in state["products"]}
    assert [len(pages["poster"]), len(pages["trifold"])] == [1, 2]
    status, html = served.get("/")
    assert status == 200
    for name, count in (("poster", 1), ("trifold", 2)):
        for page in pages[name]:
            assert f'src="{page["url"]}"'.encode() in html
        assert html.count(f'alt="{name} page '.encode()) == count
    status, jpeg = served.get(pages["trifold"][1]["url"])
    assert status == 200 and jpeg.startswith(b"\xff\xd8\xff")  # a JPEG
    # The guides come from the template data: the poster's boxes, the tri-fold's folds.
    guides = pages["poster"][0]["guides"]
    assert {"title", "figures", "qr"} <= {b["name"] for b in guides["boxes"]}
    assert guides["width"] == pytest.approx(297) and guides["safe_zone"] == 4
    assert pages["trifold"][0]["guides"]["folds"] == [97, 197]


def test_a_saved_article_changes_the_poster_image_within_2_s(serve, event_dir):
    served = serve(str(event_dir), "poster")
    before = _poster_url(served.wait(built("poster")))
    article = event_dir / "article.kk.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    lines[0] += " мерекесі"  # the poster prints the title (still the date fact's source)
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    saved = time.monotonic()
    state = served.wait(lambda s: _poster_url(s) != before, timeout=2)
    assert time.monotonic() - saved < 2
    status, image = served.get(_poster_url(state))
    assert status == 200 and image != served.get(before)[1]


def test_a_broken_template_shows_file_and_key_and_keeps_the_last_pages(
    serve, event_dir, template_copy
):
    folder = template_copy("poster")
    served = serve(str(event_dir), str(folder))
    good = served.wait(built("poster"))
    data = folder / "template.toml"
    data.write_text(data.read_text(encoding="utf-8").replace("min_size = 40", "min_sise = 40"))
    state = served.wait(lambda s: bool(s["products"][0]["error"]), timeout=10)
    error = state["products"][0]["error"]
    assert str(data) in error and "styles.title.min_sise: unknown key" in error
    assert state["products"][0]["pages"] == good["products"][0]["pages"]  # last good pages
    status, html = served.get("/")
    assert b"styles.title.min_sise: unknown key" in html
    # A broken text.j2 names its line; fixing both brings the pages back.
    data.write_text(data.read_text(encoding="utf-8").replace("min_sise", "min_size"))
    text = folder / "text.j2"
    text.write_text(text.read_text(encoding="utf-8").replace("{% endblock %}", "{% endblok %}", 1))
    state = served.wait(lambda s: "text.j2" in s["products"][0]["error"], timeout=10)
    assert re.search(r"text\.j2: line \d+", state["products"][0]["error"])
    text.write_text(text.read_text(encoding="utf-8").replace("{% endblok %}", "{% endblock %}"))
    served.wait(lambda s: not s["products"][0]["error"], timeout=10)


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of sockets listening on ``port`` (Linux /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_it_listens_on_loopback_only_and_refuses_other_hosts(serve, event_dir):
    served = serve(str(event_dir), "poster")
    assert served.url.startswith("http://127.0.0.1:")
    assert _listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1, nothing else
    status, _ = served.get("/api/state", headers={"Host": f"attacker.example:{served.port}"})
    assert status == 400
    # A form on another site cannot change the options (only JSON, which needs a preflight).
    form = urllib.request.Request(
        served.url + "api/options", data=b'{"size": "A2"}', headers={"Content-Type": "text/plain"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(form, timeout=10)
    assert refused.value.code == 415 and served.state()["size"] == ""
    listed = urllib.request.Request(
        served.url + "api/options", data=b"[1, 2]", headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(listed, timeout=10)
    assert refused.value.code == 400
    assert json.loads(refused.value.read())["error"].startswith("send an object")


def _raw_get(port: int, path: str) -> int:
    """A request with the path exactly as written (no client-side normalisation of ..)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", f"127.0.0.1:{port}")
    conn.endheaders()
    status = conn.getresponse().status
    conn.close()
    return status


def test_no_file_outside_the_event_and_template_folders_can_be_fetched(serve, event_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the browser", encoding="utf-8")
    (event_dir / "link.txt").symlink_to(secret)
    served = serve(str(event_dir), "poster")
    status, body = served.get("/files/facts.toml")
    assert status == 200 and b"[[facts]]" in body
    for path in (
        "/files/../secret.txt",
        "/files/../../../../etc/passwd",
        "/files/%2e%2e/secret.txt",
        "/files/..%2fsecret.txt",
        "/files/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/files//etc/passwd",
        "/files/link.txt",
        "/../../etc/passwd",
        "/img/../../etc/passwd",
    ):
        assert _raw_get(served.port, path) in (400, 404), path


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error_not_an_internal_one(port):
    """«--port 99999» ended in «error: internal error: OverflowError: bind(): port must be
    0-65535»: said on one line as a wrong option (exit 2), before anything is built."""
    from tests.conftest import run_cli

    code, _, err = run_cli("serve", "--port", port)
    assert code == 2, err
    assert "internal error" not in err
    assert (
        err.strip()
        .splitlines()[-1]
        .endswith(f"--port: {port!r}: a port is a whole number from 0 to 65535 (0: a free one)")
    ), err
