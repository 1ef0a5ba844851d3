"""Debian's headless Chromium driven through its chromedriver (Selenium; nothing downloaded): for
the console's browser tests, ``kiosk-central demo``'s screenshots and the bench's paint times."""

from __future__ import annotations

import time
from pathlib import Path
from types import TracebackType
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHONE = (390, 844)
DESKTOP = (1280, 900)


class BrowserMissingError(RuntimeError):
    """Chromium or its driver is not installed."""


class Browser:
    def __init__(self, downloads: Path, size: tuple[int, int] = DESKTOP) -> None:
        if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
            raise BrowserMissingError(
                "chromium and chromium-driver are not installed: run packaging/setup/system-packages.sh"
            )
        downloads.mkdir(parents=True, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--no-first-run", "--disable-extensions", "--lang=zh-CN",
                         f"--window-size={size[0]},{size[1]}"):  # fmt: skip
            options.add_argument(argument)
        options.add_experimental_option(
            "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
        )
        self.downloads = downloads
        self.driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        self.driver.set_page_load_timeout(60)

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.driver.quit()

    def resize(self, size: tuple[int, int]) -> None:
        self.driver.set_window_size(*size)

    def open(self, url: str) -> None:
        self.driver.get(url)

    def log_in(self, base: str, login: str, password: str) -> None:
        self.open(f"{base}/console/login")
        self.one("#login").send_keys(login)
        self.one("#password").send_keys(password)
        self.one("#submit").click()

    def one(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    @property
    def text(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "body").text)

    @property
    def path(self) -> str:
        return str(self.driver.current_url).split("//", 1)[-1].split("/", 1)[-1]

    def screenshot(self, path: Path) -> Path:
        """The whole page, not only the window: the window is stretched to the page's height."""
        width = int(self.driver.get_window_size()["width"])
        height = int(self.driver.execute_script("return document.documentElement.scrollHeight"))
        before = self.driver.get_window_size()
        self.driver.set_window_size(width, min(max(height + 100, 400), 6000))
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(before["width"], before["height"])
        return path

    def painted_ms(self, url: str) -> float:
        """From asking for the page to its first contentful paint, as the browser measured it."""
        self.open(url)
        entry: Any = None
        deadline = time.monotonic() + 10
        while entry is None and time.monotonic() < deadline:
            entry = self.driver.execute_script(
                "const p = performance.getEntriesByName('first-contentful-paint')[0];"
                " return p ? p.startTime : null;"
            )
            if entry is None:
                time.sleep(0.01)
        if entry is None:
            raise RuntimeError(f"{url}: no first contentful paint reported")
        return float(entry)

    def wait_for_download(self, suffix: str, timeout: float = 20) -> Path:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [p for p in self.downloads.iterdir() if p.name.endswith(suffix)]
            if done:
                return done[0]
            time.sleep(0.1)
        raise TimeoutError(f"no {suffix} download in {timeout} s")
