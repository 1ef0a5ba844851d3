"""Debian's headless Chromium driven through its chromedriver (Selenium; nothing downloaded): for
the console's browser tests, ``kiosk-central demo``'s screenshots and the bench's paint times."""

from __future__ import annotations

import base64
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

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
        self.resize(size)

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.driver.quit()

    def resize(self, size: tuple[int, int]) -> None:
        """A phone's viewport is emulated (a headless window is never narrower than 500 px)."""
        if size[0] < DESKTOP[0]:
            self.driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": True},
            )
        else:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            self.driver.set_window_size(*size)

    def open(self, url: str) -> None:
        self.driver.get(url)

    def log_in(self, base: str, login: str, password: str) -> None:
        self.open(f"{base}/console/login")
        self.one("#login").send_keys(login)
        self.one("#password").send_keys(password)
        self.follow(self.one("#submit"))

    def follow(self, element: WebElement, timeout: float = 20) -> None:
        """Click a link or a form's button and wait for the next page: a click returns before the
        browser has left the page, and what is read at once would be the old page."""
        self.driver.execute_script("document.documentElement.dataset.left = 'no'")
        element.click()
        WebDriverWait(self.driver, timeout).until(
            lambda driver: driver.execute_script(
                "return document.readyState === 'complete' && document.documentElement.dataset.left !== 'no'"
            )
        )

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
        """The whole page, as wide as the viewport and as long as the page."""
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        width, height = metrics["cssLayoutViewport"]["clientWidth"], metrics["cssContentSize"]["height"]
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 8000), "scale": 1},
            },
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
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
