"""The browser tests' server: the Lanshan demo in a fresh SQLite file, served by ``runserver``
as ``make run`` does, driven by Playwright in Debian's Chromium (``/usr/bin/chromium``; the
Playwright package cannot download a browser here). Screenshots go to ``var/screenshots/``."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("DANGJIAN_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "Dangjian@2026"
VIEWPORT = {"width": 1440, "height": 900}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists() or not (ROOT / "assets" / "echarts").exists():
        message = "needs /usr/bin/chromium and the npm assets (make install, .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[str]:
    """The demo, migrated and seeded once for the browser tests, on a free port."""
    var = tmp_path_factory.mktemp("browser")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var / 'demo.sqlite3'}",
        "DANGJIAN_VAR_DIR": str(var),
        "DJANGO_DEBUG": "1",
        "DANGJIAN_ADMIN_OTP": "0",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "-v0"], ["seed_demo", "-v0"]):
        subprocess.run([*manage, *command], check=True, env=env, cwd=ROOT, capture_output=True)
    port = _free_port()
    log = (var / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{url}/admin/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the demo server did not start: " + (var / "server.log").read_text())
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        yield browser
        browser.close()


class Session:
    """One signed-in user's browser page, recording the console's errors."""

    def __init__(self, browser: Any, base_url: str, username: str) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(f"{base_url}/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(f"{base_url}/admin/")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def todo_count(self, label: str) -> int:
        """The count the home page shows beside a to-do."""
        page = self.context.new_page()
        page.goto(f"{self.base_url}/admin/")
        count = page.locator(f".todo:has-text('{label}') .todo-count").inner_text()
        page.close()
        return int(count)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def sign_in(browser: Any, demo_server: str) -> Iterator[Any]:
    sessions: list[Session] = []

    def _sign_in(username: str) -> Session:
        session = Session(browser, demo_server, username)
        sessions.append(session)
        return session

    yield _sign_in
    for session in sessions:
        session.close()
