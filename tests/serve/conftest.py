"""Fixtures for the preview server: a server started as a user would, and headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# What Chromium needs to run as root in a container, without reaching the network by itself.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


class Served:
    """A running `generator serve`: its URL and helpers to read its state."""

    def __init__(self, process: subprocess.Popen, url: str) -> None:
        self.process, self.url = process, url

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url.rstrip("/") + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def state(self) -> dict:
        status, body = self.get("/api/state")
        assert status == 200
        return json.loads(body)

    def wait(self, check: Callable[[dict], bool], timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if check(state):
                return state
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; last state: {json.dumps(state)[:2000]}")
            time.sleep(0.02)

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])


def built(name: str) -> Callable[[dict], bool]:
    """True once the product has pages or an error."""

    def check(state: dict) -> bool:
        return any(p["name"] == name and (p["pages"] or p["error"]) for p in state["products"])

    return check


@pytest.fixture
def serve() -> Iterator[Callable[..., Served]]:
    """Start `generator serve ARGS --port 0` and return it once it answers; stopped after."""
    started: list[subprocess.Popen] = []

    def start(*args: str) -> Served:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", *args, "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        started.append(process)
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("serving http://"):
            process.kill()
            raise AssertionError(f"server did not start: {line}{process.stdout.read()}")
        return Served(process, line.split()[1])

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _install_chromium() -> str | None:
    """Install Debian's chromium and chromium-driver where missing; the reason when impossible."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return None
    apt = shutil.which("apt-get")
    if apt is None:
        return "apt-get is not available to install chromium and chromium-driver"
    if os.geteuid() != 0:
        return "chromium and chromium-driver are missing and installing them needs root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    lock = ["-o", "DPkg::Lock::Timeout=300"]
    cmd = [
        apt,
        *lock,
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:  # the package lists may be missing or stale: update once, retry
        subprocess.run([apt, *lock, "update", "-q"], env=env, capture_output=True)
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        return f"could not install chromium and chromium-driver with apt-get: {' '.join(tail)}"
    return None


def headless_chromium(profile: Path) -> Any:
    """A Selenium session in headless Chromium with a fresh profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1400,1000")
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


@pytest.fixture(scope="session")
def chromium(tmp_path_factory) -> Iterator[Callable[[], object]]:
    """A factory of headless Chromium sessions (Selenium), installed by the test set-up."""
    reason = _install_chromium()
    if reason:
        pytest.skip(f"headless browser test skipped: {reason}")
    drivers = []

    def make() -> object:
        driver = headless_chromium(tmp_path_factory.mktemp("chromium"))
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        driver.quit()
