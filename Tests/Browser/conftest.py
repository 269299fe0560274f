"""Fixtures for the dashboard's browser tests: a peacetrack server on the seeds, headless
Chromium through Selenium, and a small client for the JSON API.

Environment:
  PEACETRACK_BIN   the server binary (default .build/debug/peacetrack, from the repo root)
  CHROMIUM_BIN     default /usr/bin/chromium;  CHROMEDRIVER  default: chromedriver on PATH
Set-up on Debian: apt-get install -y chromium chromium-driver; pip install selenium pytest.
"""
import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
STARTUP_SECONDS = 60


class Server:
    """A running `peacetrack serve --port 0`, and a JSON client for it."""

    def __init__(self, base, token, process, log):
        self.base = base
        self.token = token
        self.process = process
        self.log = log

    def request(self, method, path, body=None, headers=None, timeout=10):
        """(status, headers, parsed JSON or None) of one request; errors are answers too."""
        data = None
        headers = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read()
                status, answer_headers = response.status, response.headers
        except urllib.error.HTTPError as error:
            raw, status, answer_headers = error.read(), error.code, error.headers
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return status, answer_headers, parsed

    def get(self, path):
        status, _, body = self.request("GET", path)
        assert status == 200, f"GET {path} answered {status}: {body}"
        return body

    def all(self, path):
        """Every item of a list endpoint, paging with limit/offset."""
        separator = "&" if "?" in path else "?"
        items, offset = [], 0
        while True:
            page = self.get(f"{path}{separator}limit=500&offset={offset}")
            items.extend(page["items"])
            offset += 500
            if not page["items"] or len(items) >= page["total"]:
                return items

    def status_of(self, method, path):
        """The status line of a request, without reading a (possibly endless) body."""
        request = urllib.request.Request(self.base + path, method=method)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def _binary(variable, default):
    binary = Path(os.environ.get(variable) or default)
    return binary if binary.is_absolute() else REPO / binary


@contextlib.contextmanager
def _serving(binary, arguments=(), startup_seconds=STARTUP_SECONDS, data=None):
    """`peacetrack serve --port 0` with a write token, until the block ends; `data` keeps its
    data folder (and the facts kept there) across runs, else a temporary one is removed."""
    if not binary.exists():
        pytest.fail(f"no peacetrack binary at {binary}: build it (swift build) or set PEACETRACK_BIN")
    token = secrets.token_hex(16)
    folder = data or tempfile.mkdtemp(prefix="peacetrack-browser-")
    env = dict(os.environ, PEACETRACK_TOKEN=token)
    process = subprocess.Popen(
        [str(binary), "serve", "--port", "0", "--data", str(folder), *arguments],
        cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log, found = [], threading.Event()
    address = {}

    def drain():
        for line in process.stderr:
            log.append(line.rstrip("\n"))
            match = re.search(r"address=(http://[^\s,\"]+)", line)
            if match and not found.is_set():
                address["base"] = match.group(1).rstrip("/")
                found.set()

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + startup_seconds
    while not found.wait(0.1):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("peacetrack did not start:\n" + "\n".join(log[-30:]))
    try:
        yield Server(address["base"], token, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if data is None:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    with _serving(_binary("PEACETRACK_BIN", ".build/debug/peacetrack")) as instance:
        yield instance


LARGE_COUNT = 10000
LARGE_CORPUS = REPO / "bench" / "out" / "extract" / f"corpus-{LARGE_COUNT}"


@pytest.fixture(scope="session")
def large_server():
    """The release build (PEACETRACK_LARGE_BIN to choose another) on the 10,000-article corpus
    of bench/extract/generate.py, made when missing. Its data folder under bench/out keeps the
    facts read, so only the first run reads the corpus."""
    binary = _binary("PEACETRACK_LARGE_BIN", ".build/release/peacetrack")
    if not binary.exists():
        pytest.skip(f"no release build at {binary} (make release): a debug build reads the large corpus for minutes")
    if not LARGE_CORPUS.is_dir():
        subprocess.run(["python3", str(REPO / "bench" / "extract" / "generate.py"), "--count", str(LARGE_COUNT),
                        "--out", str(LARGE_CORPUS)], check=True, stdout=subprocess.DEVNULL)
    data = REPO / "bench" / "out" / "browser-large-data"
    data.mkdir(parents=True, exist_ok=True)
    with _serving(binary, ["--corpus", str(LARGE_CORPUS)],
                  startup_seconds=600, data=data) as instance:
        yield instance


def _chromium_paths():
    browser = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    return browser, driver


@pytest.fixture(scope="session")
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install selenium)")
    binary, driver_path = _chromium_paths()
    if not binary or not driver_path:
        pytest.skip("Chromium or chromedriver is missing (apt-get install -y chromium chromium-driver)")
    options = Options()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=en-GB", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


class Page:
    """The dashboard in the browser, with waits keyed to the page's render counter."""

    def __init__(self, driver, server):
        self.driver = driver
        self.server = server
        self.console = []

    def set_width(self, width, height=900):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def open(self, query=""):
        self.driver.get(self.server.base + "/" + query)
        self.wait_ready()

    def wait(self, condition, timeout=15, message="condition"):
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {message}")
            time.sleep(0.05)

    def renders(self):
        return int(self.driver.execute_script("return document.documentElement.dataset.renders || '0'"))

    def status(self):
        return self.driver.execute_script("return document.documentElement.dataset.status")

    def wait_ready(self, after=None, timeout=15):
        """Waits for the page to finish rendering (a render newer than `after`, if given)."""
        try:
            self.wait(lambda: self.status() == "ready" and (after is None or self.renders() > after), timeout, "render")
        except AssertionError:
            logs = "\n".join(f"  {e['level']} {e['message']}" for e in self.collect_console())
            raise AssertionError(f"timed out waiting for the dashboard to render (status {self.status()!r}, "
                                 f"renders {self.renders()}, address {self.query()!r}); console:\n{logs}") from None

    def act(self, action):
        """Runs `action` (which changes the state) and waits for the render it causes."""
        before = self.renders()
        action()
        self.wait_ready(after=before)

    def query(self):
        return self.driver.execute_script("return location.search")

    def css(self, selector):
        from selenium.webdriver.common.by import By
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector):
        elements = self.css(selector)
        assert elements, f"nothing matches {selector}"
        return elements[0]

    def collect_console(self):
        self.console.extend(self.driver.get_log("browser"))
        return self.console

    def console_errors(self):
        return [entry for entry in self.collect_console() if entry["level"] == "SEVERE"]

    def screenshot(self, name, width):
        """A full-page screenshot at `width` CSS pixels, saved under screenshots/."""
        SCREENSHOTS.mkdir(exist_ok=True)
        height = self.driver.execute_script(
            "return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))")
        self.set_width(width, min(max(height, 600), 16000))
        time.sleep(0.3)
        path = SCREENSHOTS / f"{name}-{width}.png"
        self.driver.save_screenshot(str(path))
        self.set_width(width)
        return path


@pytest.fixture
def page(browser, server):
    """A fresh dashboard at 1280 px; fails the test on any console error it caused."""
    page = Page(browser, server)
    page.set_width(1280)
    browser.get_log("browser")  # forget what earlier tests left
    page.open()
    yield page
    errors = page.console_errors()
    assert not errors, "console errors:\n" + "\n".join(entry["message"] for entry in errors)
