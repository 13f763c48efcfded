"""Malformed input: over a thousand generated inputs (tests/malformed_cases.py) through `assistant ask`,
`POST /api/ask` and the chat's websocket, and broken request bodies. Pass: no crash, no 500, a clear message,
a length cap that says so, nothing external in what is shown; the server log holds no question's words."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from typer.testing import CliRunner

from assistant import runtime
from assistant.answer import Answer, Engine
from assistant.guard import MAX_QUESTION_CHARS, visible
from assistant.settings import Settings
from assistant.web import MAX_BODY_BYTES
from tests.chatclient import ChatClient
from tests.chatserver import ChatServer, chat_server
from tests.malformed_cases import BASE, OUTSIDE, bodies, questions

pytestmark = pytest.mark.slow

CASES = questions(1100)
# What must never come back in an answer: markup or links that the input carried.
FORBIDDEN = ("<script", "<img", "<iframe", "<svg", "<link", "<style", "![", "javascript:", "onerror", OUTSIDE)


@pytest.fixture(scope="module")
def engine(built: Settings) -> Engine:
    runtime.configure(built)
    return Engine(built)


@pytest.fixture(scope="module")
def server(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    with chat_server(built.paths.index_dir, tmp_path_factory.mktemp("malformed")) as running:
        yield running


def _too_long(text: str) -> bool:
    return len(visible(text).strip()) > MAX_QUESTION_CHARS


def _check_answer(answer: Answer, engine: Engine) -> None:
    assert answer.status in ("answered", "refused") and answer.route in ("rules", "retrieval", "none")
    if answer.status == "answered":
        assert answer.citations and all(c.quote in engine.documents[c.doc_id].body for c in answer.citations)
    shown = answer.answer.lower()
    assert not [f for f in FORBIDDEN if f.lower() in shown], answer.answer[:200]


def test_there_are_enough_generated_inputs() -> None:
    kinds = Counter(kind for kind, _ in CASES)
    assert len(CASES) >= 1000 and len(kinds) >= 8, kinds


def test_the_cli_takes_every_input(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """`assistant ask` (in-process, on the loaded engine): an answer, or one error line and exit 1."""
    from assistant import cli

    monkeypatch.setattr(cli, "_engine", lambda settings: engine)
    runner = CliRunner()
    outcomes: Counter[str] = Counter()
    for kind, text in CASES:
        result = runner.invoke(cli.app, ["ask", "--json", "--", text])
        assert result.exception is None or isinstance(result.exception, SystemExit), (kind, text[:60], result.output)
        if result.exit_code == 0:
            _check_answer(Answer.model_validate_json(result.stdout), engine)
            assert not _too_long(text)
            outcomes["answer"] += 1
            continue
        lines = result.output.strip().splitlines()
        assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("error: QUESTION: "), result.output
        if _too_long(text):
            assert "too long" in lines[0] and f"at most {MAX_QUESTION_CHARS:,}" in lines[0]
        outcomes["error"] += 1
    print(f"\ncli: {len(CASES)} inputs, {dict(outcomes)}")
    assert outcomes["answer"] > 500 and outcomes["error"] > 20


def test_the_api_takes_every_input(server: ChatServer, engine: Engine) -> None:
    statuses: Counter[int] = Counter()
    with httpx.Client(base_url=server.base, timeout=120) as http:
        for kind, text in CASES:
            raw = json.dumps({"question": text})
            response = http.post("/api/ask", content=raw, headers={"Content-Type": "application/json"})
            statuses[response.status_code] += 1
            body = response.json()
            if len(raw) > MAX_BODY_BYTES:  # the body's cap comes first, and says so
                assert response.status_code == 413 and "too large" in body["error"], (kind, body)
            elif response.status_code == 200:
                _check_answer(Answer.model_validate(body), engine)
                assert not _too_long(text)
            else:
                assert response.status_code == 422, (kind, text[:60], response.status_code, body)
                error = str(body["error"])
                assert error.startswith(("question: empty", "question: too long")), (kind, error)
                assert ("too long" in error) == _too_long(text), (kind, error)
    print(f"\n/api/ask: {len(CASES)} inputs, statuses {dict(statuses)}")
    assert statuses[500] == 0 and statuses[200] > 500


def test_the_api_rejects_broken_bodies_with_a_clear_error(server: ChatServer) -> None:
    seen: Counter[int] = Counter()
    with httpx.Client(base_url=server.base, timeout=60) as http:
        for what, raw in bodies():
            response = http.post("/api/ask", content=raw, headers={"Content-Type": "application/json"})
            seen[response.status_code] += 1
            assert 400 <= response.status_code < 500, (what, response.status_code, response.text[:200])
            error = response.json()["error"]
            assert isinstance(error, str) and ": " in error and len(error) < 300, (what, error)
            if what == "huge body":
                assert response.status_code == 413 and "too large" in error
        assert http.post("/api/ask", json={"question": BASE[0]}).status_code == 200  # still serving
    print(f"\nbroken bodies: {len(bodies())} tried, statuses {dict(seen)}")


def test_the_chat_takes_every_input(server: ChatServer) -> None:
    """Each input typed into the chat: an answer or a message saying what is wrong, never an error."""

    async def run() -> Counter[str]:
        outcomes: Counter[str] = Counter()

        async def user(cases: list[tuple[str, str]]) -> None:
            async with ChatClient(server.base) as chat:
                for kind, text in cases:
                    reply = await chat.ask(text)
                    assert not reply.errors, (kind, text[:60], reply.errors)
                    content = reply.content
                    assert content.strip(), (kind, text[:60])
                    assert not [f for f in FORBIDDEN if f.lower() in content.lower()], (kind, content[:200])
                    status = reply.status or ""
                    if status == "rejected":
                        said = "trop long" if _too_long(text) else "vide"
                        assert said in content, (kind, content)
                    else:
                        assert status in ("answered", "refused") and not _too_long(text), (kind, status, content[:80])
                    outcomes[status] += 1

        await asyncio.gather(user(CASES[0::2]), user(CASES[1::2]))
        return outcomes

    outcomes = asyncio.run(run())
    print(f"\nchat: {len(CASES)} inputs, {dict(outcomes)}")
    assert sum(outcomes.values()) == len(CASES) and outcomes["answered"] > 300 and outcomes["rejected"] > 20


def test_the_server_log_holds_no_traceback_and_no_question(server: ChatServer) -> None:
    """Run last in this module (after the inputs above): the defaults keep questions' words out of the log."""
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[log.find("Traceback") - 500 :][:3000]
    assert "answered route=" in log  # the log does record each answer...
    for question in BASE:
        assert question not in log  # ...never its words (chat.log_questions is off)
    assert server.process.poll() is None
