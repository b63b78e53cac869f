"""Browser tests of `gazette serve` in a real browser: Debian's chromium driven by Selenium (PyPI).

Usage: browser_tests.py GAZETTE_BINARY INDEX_DIR SCREENSHOT_DIR

Each test drives the pages as a reader would — type a query, click a facet, open a document, an entity, a
co-mentioned entity, page on, submit a malformed query — checks what the page shows, and saves a screenshot.
"""
import re
import subprocess
import sys
import time
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

# How long a page may take to arrive after a click, on a loaded 2-core machine.
PAGE_SECONDS = 20


def start_server(binary, index):
    server = subprocess.Popen([binary, "serve", "--index", index, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    found = re.search(r" at (http://\S+)", line)
    if not found:
        server.kill()
        sys.exit("gazette serve did not start: " + server.stderr.read())
    return server, found.group(1).rstrip("/")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Run:
    def __init__(self, driver, base, shots):
        self.driver, self.base, self.shots = driver, base, shots
        self.failures = []

    def test(self, name, body):
        started = time.monotonic()
        try:
            body()
            print(f"ok    {name} ({time.monotonic() - started:.2f} s)")
        except Exception as error:  # a failed check or a missing element: report and go on
            self.failures.append(name)
            where = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__][-1]
            print(f"FAIL  {name}: {error!r} (browser_tests.py line {where.lineno}: {where.line})")
        self.driver.save_screenshot(f"{self.shots}/{name}.png")

    def follow(self, element):
        """Clicks `element` and waits for the next page: a click returns before the browser has loaded it, and
        the checks that follow must not read the page it leaves (on a busy machine they did). The page left
        behind carries a mark set from script; the new one does not. While the browser is between the two pages,
        chromedriver may answer a call with a bare WebDriverException, so the wait asks again instead of failing."""
        self.driver.execute_script("window.gazetteLeftBehind = true")
        element.click()
        WebDriverWait(self.driver, PAGE_SECONDS, ignored_exceptions=(WebDriverException,)).until(
            lambda driver: driver.execute_script(
                "return !window.gazetteLeftBehind && document.readyState === 'complete'"))

    def search(self, query):
        box = self.driver.find_element(By.CSS_SELECTOR, "form.search input[name=q]")
        box.clear()
        box.send_keys(query)
        self.follow(self.driver.find_element(By.CSS_SELECTOR, "form.search button"))


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def main():
    binary, index, shots = sys.argv[1:4]
    server, base = start_server(binary, index)
    driver = browser()
    run = Run(driver, base, shots)
    by = By.CSS_SELECTOR
    try:
        def phrase_query():
            driver.get(base + "/")
            run.search('"security guarantees" Lavrov')
            hits = driver.find_elements(by, "li.hit")
            check(hits, "no hits")
            marks = [m.text for m in driver.find_elements(by, "li.hit .snippet .m")]
            check(any(m.lower() == "security guarantees" for m in marks), f"no highlighted phrase in {marks}")
            check(driver.find_elements(by, "li.hit .snippet .e-PERSON"), "no person marked")
            check("matched" in driver.find_element(by, "p.summary").text, "no total")

        def person_facet():
            link = next(a for a in driver.find_elements(by, "aside.facets a") if a.text == "Sergei Lavrov")
            run.follow(link)
            chips = [c.text for c in driver.find_elements(by, "li.chip")]
            check(any('person:"Sergei Lavrov"' in c for c in chips), f"no chip in {chips}")
            value = driver.find_element(by, "form.search input[name=q]").get_attribute("value")
            check('person:"Sergei Lavrov"' in value, f"the box shows {value!r}")
            check(driver.find_elements(by, "li.hit"), "no hits after the filter")

        def open_document():
            run.follow(driver.find_element(by, "li.hit a.title"))
            check(driver.find_elements(by, "article.document .text .m"), "no match marked in the document")
            check(driver.find_elements(by, "article.document .text a.e-PERSON"), "no person marked in the document")

        def entity_page():
            run.follow(driver.find_element(by, "aside.facets a.e-PERSON"))
            check(driver.find_elements(by, "article.entity h1"), "no entity heading")
            check(driver.find_elements(by, "section.occurrence"), "no mentions")

        def co_mentioned():
            driver.get(base + "/entity?name=Sergei+Lavrov&type=PERSON")
            links = driver.find_elements(by, "ul.co a")
            check(links, "no co-mentioned entity")
            name = links[0].text
            run.follow(links[0])
            check(name in driver.find_element(by, "article.entity h1").text, f"not on {name}'s page")

        def paging():
            driver.get(base + "/")
            run.search("Russia OR Ukraine OR EU OR court")
            run.follow(driver.find_element(by, "nav.pages a[rel=next]"))
            start = driver.find_element(by, "ol.hits").get_attribute("start")
            check(start == "11", f"second page starts at {start}")
            check(driver.find_elements(by, "nav.pages a[rel=prev]"), "no way back")

        def malformed_query():
            driver.get(base + "/")
            run.search("Lavrov AND (Peskov")
            error = driver.find_element(by, "div.error").text
            check("column" in error, f"error reads {error!r}")
            check(driver.find_elements(by, "div.error .error-at"), "no column marked")

        for name, body in [("1-phrase-query", phrase_query), ("2-person-facet", person_facet),
                           ("3-document", open_document), ("4-entity", entity_page),
                           ("5-co-mentioned", co_mentioned), ("6-paging", paging),
                           ("7-malformed-query", malformed_query)]:
            run.test(name, body)
    finally:
        driver.quit()
        server.terminate()
        server.wait(timeout=20)
    print(f"{7 - len(run.failures)} of 7 browser tests passed; screenshots in {shots}")
    sys.exit(1 if run.failures else 0)


if __name__ == "__main__":
    main()
