"""End to end in headless Chromium: the page loads, shows the poster, and updates after a save."""

from __future__ import annotations

from tests.serve.conftest import built


def test_the_browser_shows_the_poster_and_reloads_after_an_edit(serve, event_dir, chromium):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    served = serve(str(event_dir), "poster")
    served.wait(built("poster"))
    driver = chromium()
    driver.get(served.url)
    img = driver.find_element(By.CSS_SELECTOR, "#product-poster img")

    def loaded(d) -> bool:
        return d.execute_script(
            "const i = arguments[0]; return i.complete && i.naturalWidth > 0", img
        )

    WebDriverWait(driver, 10).until(loaded)
    first = img.get_attribute("src")
    assert "/img/poster/1/" in first
    # The page's own script listens for rebuilds: no reload from the test.
    driver.execute_script("window.__marker = 1")
    article = event_dir / "article.kk.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    lines[0] += " мерекесі"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    WebDriverWait(driver, 10, poll_frequency=0.02).until(
        lambda d: img.get_attribute("src") != first and loaded(d)
    )
    assert driver.execute_script("return window.__marker") == 1  # updated in place
    # The guide toggles draw the template's boxes over the page.
    driver.find_element(By.CSS_SELECTOR, "[data-guide=boxes]").click()
    labels = driver.execute_script(
        "return [...document.querySelectorAll('#product-poster .g-boxes text')]"
        ".filter(t => t.getBBox().width > 0).map(t => t.textContent)"
    )
    assert "title · text" in labels and "qr · qr" in labels
