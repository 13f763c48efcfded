"""The chat in a real browser: the real server (`assistant chat`) on a free loopback port, driven through
Debian's Chromium by Playwright. Every page records its requests: none may leave the server.

Screenshots of each screen go to test-artifacts/screens/ (or $TEST_ARTIFACTS/screens/).
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chatserver import STAFF_NAME, STAFF_PASSWORD, chat_server
from tests.conftest import REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", REPO / "test-artifacts")) / "screens"
WAIT = 30_000  # ms: a first answer loads nothing (the engine is warm), but the machine is shared


@pytest.fixture(scope="module")
def server(built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """The real chat server on a free port, on its own copy of the app files and its own data folder."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: ./scripts/test installs Debian's chromium (apt-get install chromium)")
    with chat_server(built.paths.index_dir, tmp_path_factory.mktemp("chat")) as running:
        yield {"base": running.base, "data": running.data, "log": running.log}


@pytest.fixture(scope="module")
def browser(server: dict[str, object]) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser context (one visitor) whose every request is recorded."""

    def __init__(self, browser: object, base: str, locale: str = "fr-FR") -> None:
        self.base = base
        self.requests: list[str] = []
        self.context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.context.on("request", lambda request: self.requests.append(request.url))
        # Content security policy violations the browser reports (a message's outside image is one, on purpose).
        self.violations: list[str] = []
        self.context.on(
            "console", lambda m: self.violations.append(m.text) if "Content Security Policy" in m.text else None
        )
        self.page = self.context.new_page()
        self.starter = "Prochaines dates" if locale.startswith("fr") else "Upcoming dates"

    def open(self, path: str = "/") -> object:
        self.page.goto(self.base + path)
        if path == "/login":
            self.page.locator("input[type=password]").wait_for(timeout=WAIT)
        else:
            self.ready()
        return self.page

    def ready(self) -> None:
        """The chat is connected and its starters shown (before that, a message typed may be lost)."""
        self.page.get_by_text(self.starter, exact=True).wait_for(timeout=WAIT)
        self.page.wait_for_load_state("networkidle")

    def ask(self, question: str) -> None:
        self.page.locator("#chat-input").fill(question)
        self.page.locator("#chat-submit").click()

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def outside(self) -> list[str]:
        """Requests to any host but the server (data: and blob: URLs stay in the page)."""
        return [u for u in self.requests if not u.startswith((self.base + "/", "data:", "blob:"))]


@pytest.fixture
def visit(browser: object, server: dict[str, object]) -> Iterator[Visit]:
    v = Visit(browser, str(server["base"]))
    yield v
    outside = v.outside()
    v.context.close()
    assert not outside, f"requests outside the server: {outside[:5]}"
    # The page's own scripts and styles run under the policy (see web.CONTENT_SECURITY_POLICY): its inline scripts
    # by hash. A refused eval is no console message: it shows as a cited passage that does not open.
    refused = [m for m in v.violations if "directive 'script-src" in m or "directive 'style-src" in m]
    assert not refused, f"the page's own code was refused: {refused[:3]}"


def _open_source(page: object, n: int) -> object:
    """Click « Source n » and return its passage's highlighted quote.

    Chainlit opens the side panel by itself with all of a conversation's passages when they arrive; a click
    on a name shows that one alone. The click is retried until it is the only one shown.
    """
    quotes = page.get_by_test_id("passage-quote")  # type: ignore[attr-defined]
    for _ in range(10):
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        # The first match: the name in the message (the side panel's title, when open, comes after it).
        page.get_by_text(f"Source {n}", exact=True).first.click()  # type: ignore[attr-defined]
        quotes.first.wait_for(timeout=WAIT)
        if quotes.count() == 1 and page.locator("#side-view-title, #side-view-content").first.is_visible():  # type: ignore[attr-defined]
            return quotes.first
        time.sleep(0.5)
    raise AssertionError(f"Source {n} did not open alone: {quotes.count()} passages shown")


def test_a_question_is_answered_with_a_citation_that_opens_its_passage(visit: Visit) -> None:
    page = visit.open()
    visit.shot("01-home")
    visit.ask("Quelle est la date limite des postes d'accueil ?")
    answer = page.get_by_text("20 février 2026").last
    answer.wait_for(timeout=WAIT)
    quote = _open_source(page, 1)
    assert "20 février 2026" in quote.inner_text() or "20 janvier 2026" in quote.inner_text()
    assert "Postes d'accueil" in page.get_by_test_id("passage-title").inner_text()
    assert page.get_by_test_id("passage-edition").inner_text().endswith("2026")
    assert page.get_by_test_id("passage-url").get_attribute("href").startswith("https://pro.inserm.fr/")
    visit.shot("02-answer-and-passage")


def test_a_starter_asks_its_question(visit: Visit) -> None:
    page = visit.open()
    assert page.get_by_text("Exports", exact=True).count() == 0  # staff only
    page.get_by_text("Qui contacter ?", exact=True).click()
    page.get_by_text("contrat.interface-CIHU@inserm.fr").last.wait_for(timeout=WAIT)
    visit.shot("03-starter")


def test_a_follow_up_keeps_the_programme(visit: Visit) -> None:
    page = visit.open()
    visit.ask("Quelle est la date limite des contrats d'interface ?")
    page.get_by_text("27 mai 2026").last.wait_for(timeout=WAIT)
    visit.ask("Et qui contacter ?")
    page.get_by_text("contrat.interface-CIHU@inserm.fr").last.wait_for(timeout=WAIT)
    visit.shot("04-follow-up")


def test_the_guided_eligibility_check_ends_in_a_cited_verdict_table(visit: Visit) -> None:
    page = visit.open()
    page.get_by_text("Suis-je éligible ?", exact=True).click()
    for choice in ("Postes d'accueil", "interne", "médecin", "Oui"):
        page.get_by_role("button", name=choice, exact=True).last.click(timeout=WAIT)
    visit.shot("05-eligibility-question")
    page.get_by_role("button", name="Je ne sais pas", exact=True).last.click(timeout=WAIT)
    table = page.locator("table", has_text="Critère").last
    table.wait_for(timeout=WAIT)
    text = table.inner_text()
    assert text.count("✅ rempli") == 3 and "❓ inconnu" in text and "❌" not in text
    assert "« Le laboratoire d'accueil doit être une unité de recherche de l'Inserm. »" in text
    assert page.get_by_text("à confirmer").count() >= 1
    visit.shot("06-eligibility-verdict")
    assert "internes, chefs de clinique assistants" in _open_source(page, 1).inner_text()


def test_a_question_the_texts_do_not_settle_is_refused(visit: Visit) -> None:
    page = visit.open()
    visit.ask("Quel est le salaire d'un poste d'accueil ?")
    page.get_by_text("ne donnent pas ce montant").last.wait_for(timeout=WAIT)  # the reason, in one line
    assert page.get_by_text("postesdaccueil.siege@inserm.fr").count() >= 1
    visit.shot("07-refused")


def test_upcoming_dates_show_a_countdown_and_calendars(visit: Visit) -> None:
    page = visit.open()
    page.get_by_text("Prochaines dates", exact=True).click()
    table = page.locator("table", has_text="Dans").last
    table.wait_for(timeout=WAIT)
    assert "J-19" in table.inner_text()  # 20 February 2026, seen from 1 February
    page.get_by_text("postes-accueil.ics").first.wait_for(timeout=WAIT)  # the files may follow the table
    visit.shot("08-dates")


def test_feedback_is_stored_and_still_there_after_a_reload(visit: Visit, server: dict[str, object]) -> None:
    from assistant.chatstore import feedback_csv

    page = visit.open()
    visit.ask("Combien de temps dure un poste d'accueil ?")
    page.get_by_text("deux ans ou trois ans").last.wait_for(timeout=WAIT)
    page.locator("button:has(svg.lucide-thumbs-down)").last.click()
    page.locator("textarea").last.fill("Il manque le salaire.")
    page.get_by_role("button", name="Envoyer").last.click()
    time.sleep(1)
    visit.shot("09-feedback")
    rows = list(csv.DictReader(io.StringIO(feedback_csv(Path(str(server["data"])) / "chat.db")[1:]), delimiter=";"))
    assert any(
        r["comment"] == "Il manque le salaire." and "deux ans ou trois ans" in r["answer"] and r["value"] == "👎"
        for r in rows
    )
    page.reload()
    page.locator("#chat-input").wait_for(timeout=WAIT)
    page.get_by_text("Combien de temps dure un poste", exact=False).first.click()
    page.get_by_text("deux ans ou trois ans").last.wait_for(timeout=WAIT)
    assert "deux ans ou trois ans" in _open_source(page, 1).inner_text()  # the citation survived the reload
    visit.shot("10-after-reload")


def test_staff_log_in_and_draft_a_reply(visit: Visit) -> None:
    page = visit.open("/login")
    page.locator("input[name=email], input#email, input[type=text]").first.fill(STAFF_NAME)
    page.locator("input[type=password]").first.fill(STAFF_PASSWORD)
    visit.shot("11-login")
    page.locator("button[type=submit]").first.click()
    visit.ready()
    assert page.get_by_text("Exports", exact=True).count() == 1  # a staff-only command
    page.locator("#chat-profiles").click()
    page.get_by_text("Brouillon de réponse", exact=True).last.click()
    visit.ready()
    visit.ask(
        "Bonjour,\nJe suis interne en pharmacie et je souhaite candidater aux postes d'accueil. "
        "Quelle est la date limite ? Quel est le salaire ?\nCordialement,\nCamille"
    )
    draft = page.get_by_test_id("draft-text")
    try:
        draft.wait_for(timeout=WAIT)
    finally:
        visit.shot("12-draft")
    text = draft.input_value()
    assert text.startswith("Madame, Monsieur,") and "20 février 2026" in text and "[À confirmer]" in text
    draft.fill(text + "\nAjout de l'agent.")
    page.get_by_test_id("draft-copy").click()
    page.get_by_test_id("draft-copied").wait_for(timeout=WAIT)
    visit.shot("12-draft")


def test_the_api_answers_and_rejects_bad_bodies(server: dict[str, object]) -> None:
    base = str(server["base"])

    def post(body: bytes) -> tuple[int, dict[str, object]]:
        request = urllib.request.Request(base + "/api/ask", data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    status, answer = post(json.dumps({"question": "Et qui contacter ?", "history": ["contrats d'interface"]}).encode())
    assert status == 200 and answer["route"] == "rules" and answer["status"] == "answered"
    assert "contrat.interface-CIHU@inserm.fr" in str(answer["answer"])
    assert set(answer) == {"question", "answer", "status", "route", "citations", "lang"}
    for body, message in [
        (b"{", "body: not valid JSON"),
        (b"{}", "question: Field required"),
        (b'{"question": 3}', "question: Input should be a valid string"),
        (b'{"question": "x", "today": "hier"}', "today:"),
        (b'{"question": "x", "extra": 1}', "extra: Extra inputs are not permitted"),
        (b'{"question": "   "}', "question: empty"),
    ]:
        status, error = post(body)
        assert status == 422 and str(error["error"]).startswith(message), (body, error)


def test_staff_exports_refuse_anonymous_requests(server: dict[str, object]) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(str(server["base"]) + "/api/staff/feedback.csv", timeout=10)
    assert caught.value.code == 401


def test_the_page_links_nothing_outside_the_server(server: dict[str, object]) -> None:
    with urllib.request.urlopen(str(server["base"]) + "/", timeout=10) as response:
        html = response.read().decode()
    assert "googleapis" not in html and "jsdelivr" not in html and "https://" not in html


def test_a_message_pointing_outside_loads_nothing(visit: Visit, server: dict[str, object]) -> None:
    """Markdown images, HTML and scripts in a message (the chat renders Markdown) fetch nothing from another
    origin: a decoy server on another loopback port counts the requests that reach it."""
    import http.server
    import threading

    from tests.conftest import free_port

    hits: list[str] = []

    class Decoy(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    decoy = http.server.ThreadingHTTPServer(("127.0.0.1", port), Decoy)
    threading.Thread(target=decoy.serve_forever, daemon=True).start()
    outside = f"http://127.0.0.1:{port}"
    try:
        page = visit.open()
        visit.ask(
            f'![pixel]({outside}/markdown.png) <img src="{outside}/html.png"> '
            f"<script>fetch('{outside}/script')</script> [lien]({outside}/link) "
            "Quelle est la date limite des postes d'accueil ?"
        )
        page.get_by_text("20 février 2026").last.wait_for(timeout=WAIT)
        page.wait_for_load_state("networkidle")
        time.sleep(1)
        visit.shot("13-external-content")
        with urllib.request.urlopen(str(server["base"]) + "/", timeout=10) as response:
            policy = response.headers["Content-Security-Policy"]
    finally:
        decoy.shutdown()
    assert hits == [], f"the page fetched {hits} from another origin"
    assert "img-src 'self'" in policy and "default-src 'self'" in policy
    visit.requests[:] = [u for u in visit.requests if not u.startswith(outside)]  # blocked, never sent
