"""Load on loopback (issue 7, "Load"): 50 simulated users at once for LOAD_SECONDS (default 120), half through
`POST /api/ask`, half through the chat's socket.io websocket (tests/chatclient.py), each asking from a fixed
mix of questions (French and English; rules, retrieval, refusals, injections, follow-ups) with a short
random think time (fixed seed), and each chat user rating every reply (PUT /feedback).

Bounded in time (no user starts a request after LOAD_SECONDS, and every request has a timeout) and in count
(MAX_REQUESTS per user). Recorded per channel: requests, throughput, p50/p95/p99 latency, errors; the server's
RSS before, after and at its peak (sampled every second), and /health's latency under load. Printed
(`pytest -s`) and written to test-artifacts/load.json (or $TEST_ARTIFACTS/load.json).

Asserted: no error at all (a non-200, a reply missing or late, a status other than answered / refused, an
answered API reply without citations, an exception, an error line in the server log), and afterwards the
chat database holds exactly the conversations, messages, elements and feedback the users saw and sent.
Memory growth is reported, bounded only loosely (the machine is shared and noisy).

Latency under 50 users is mostly queueing: the engine answers one question at a time (on its own thread,
web.run) and the server is one process (one GIL) on a shared 2-core machine, near one core busy for the whole
run. `first_token_s` (the first streamed text) is the chat's engine part; the rest is streaming the reply and
writing its elements.
Chat users leave a conversation as the frontend's "new chat" does (see ChatClient.disconnect): the server
keeps those sessions for `session_timeout`, part of the memory growth reported.

    LOAD_SECONDS=20 .venv/bin/pytest tests/test_load.py -s
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.settings import Settings
from tests.chatclient import KEEPALIVE_EXPIRY, ChatClient, Reply
from tests.chatserver import ChatServer, chat_server
from tests.conftest import REPO

pytestmark = pytest.mark.slow

LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "120"))
API_USERS = 25
CHAT_USERS = 25
MAX_REQUESTS = 400  # per user: the run's bound in count (a user asks far fewer in 120 s)
THINK = (0.0, 0.5)  # seconds between a user's requests
REPLY_TIMEOUT = 120.0  # seconds a request may take (queueing behind the engine's lock included)
DATES_SHARE = 0.05  # chat requests that are the "Dates" command (a reply with .ics files) rather than a question
SEED = 20260201
RSS_SANITY_KIB = 1024 * 1024  # growth over the run: 1 GiB would be a leak, not noise
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", REPO / "test-artifacts"))
# What the server log may not show during the load: a data-layer statement dropped, an exception...
LOG_PROBLEM = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b|An (?:unexpected )?error occurred|Failed to|Error ", re.I)


# --- the questions --------------------------------------------------------------------------------------------


def scripts() -> list[tuple[str, ...]]:
    """Conversations to play: each a question and, for a follow-up, the questions before it.

    From evals/questions.jsonl, the first two of each kind and the first two English ones of each kind
    (deadlines, eligibility, durations, contacts, comparisons, calendar, out-of-scope, injections,
    follow-ups...), and the out-of-scope set (questions the texts do not answer: must be refused).
    """
    chosen: list[tuple[str, ...]] = []
    taken: dict[tuple[str, str], int] = {}
    for line in (REPO / "evals" / "questions.jsonl").read_text().splitlines():
        item = json.loads(line)
        key = (str(item["expected"].get("kind")), "en" if item.get("lang") == "en" else "any")
        if taken.get(key, 0) >= 2:
            continue
        taken[key] = taken.get(key, 0) + 1
        chosen.append((*item.get("history", []), item["question"]))
    for line in (REPO / "evals" / "out-of-scope.jsonl").read_text().splitlines():
        chosen.append((json.loads(line)["question"],))
    return chosen


# --- what the users record ------------------------------------------------------------------------------------


@dataclass
class Channel:
    """One channel's requests: latencies of the successful ones, and every error."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    first_tokens: list[float] = field(default_factory=list)  # chat: seconds to the first streamed text
    first: float = float("inf")
    last: float = 0.0

    def record(self, started: float, ended: float, status: str | None = None) -> None:
        self.latencies.append(ended - started)
        self.first, self.last = min(self.first, started), max(self.last, ended)
        if status is not None:
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def fail(self, started: float, what: str) -> None:
        self.errors.append(what)
        self.first, self.last = min(self.first, started), max(self.last, time.monotonic())

    def figures(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        duration = self.last - self.first if self.latencies else 0.0
        requests = len(self.latencies) + len(self.errors)
        return {
            "requests": requests,
            "ok": len(self.latencies),
            "errors": len(self.errors),
            "error_samples": self.errors[:10],
            "duration_s": round(duration, 2),
            "throughput_rps": round(len(self.latencies) / duration, 2) if duration else 0.0,
            "latency_s": {
                "mean": round(sum(ordered) / len(ordered), 4) if ordered else None,
                "p50": percentile(ordered, 50),
                "p95": percentile(ordered, 95),
                "p99": percentile(ordered, 99),
                "max": round(ordered[-1], 4) if ordered else None,
            },
            "statuses": dict(sorted(self.statuses.items())),
            **({"first_token_s": _quantiles(sorted(self.first_tokens))} if self.first_tokens else {}),
        }


def _quantiles(ordered: list[float]) -> dict[str, float | None]:
    return {f"p{p}": percentile(ordered, p) for p in (50, 95, 99)}


def percentile(ordered: list[float], p: float) -> float | None:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
    return round(ordered[int(rank) - 1], 4)


@dataclass
class Sent:
    """What the chat users saw and sent: the ids the database must hold afterwards."""

    threads: dict[str, str] = field(default_factory=dict)  # thread id -> user identifier
    user_messages: set[str] = field(default_factory=set)
    assistant_messages: dict[str, str] = field(default_factory=dict)  # id -> text shown
    runs: set[str] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)
    feedback: dict[str, tuple[str, int, str | None]] = field(default_factory=dict)  # id -> (forId, value, comment)


# --- the users ------------------------------------------------------------------------------------------------


async def api_user(n: int, base: str, deadline: float, channel: Channel, plays: list[tuple[str, ...]]) -> None:
    rng = random.Random(SEED * 100 + n)
    asked = 0
    limits = httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY)
    async with httpx.AsyncClient(base_url=base, timeout=REPLY_TIMEOUT, limits=limits) as http:
        while asked < MAX_REQUESTS and time.monotonic() < deadline:
            script = rng.choice(plays)
            for i, question in enumerate(script):
                if asked >= MAX_REQUESTS or time.monotonic() >= deadline:
                    break
                asked += 1
                started = time.monotonic()
                try:
                    response = await http.post("/api/ask", json={"question": question, "history": list(script[:i])})
                    ended = time.monotonic()
                    if response.status_code != 200:
                        channel.fail(started, f"api {response.status_code}: {response.text[:200]} ({question!r})")
                        continue
                    body = response.json()
                    if body.get("status") not in ("answered", "refused"):
                        channel.fail(started, f"api status {body.get('status')!r} ({question!r})")
                    elif body["status"] == "answered" and not body.get("citations"):
                        channel.fail(started, f"api answered without citations ({question!r})")
                    else:
                        channel.record(started, ended, f"{body['status']}/{body.get('route')}")
                except Exception as exc:  # every failure is counted, none stops the run
                    channel.fail(started, f"api {type(exc).__name__}: {exc} ({question!r})")
                await asyncio.sleep(rng.uniform(*THINK))


async def chat_user(
    n: int, base: str, deadline: float, channel: Channel, feedback: Channel, plays: list[tuple[str, ...]], sent: Sent
) -> None:
    rng = random.Random(SEED * 1000 + n)
    asked = rated = 0
    client = ChatClient(base, timeout=REPLY_TIMEOUT)
    started = time.monotonic()
    try:
        await client.connect()
    except Exception as exc:
        channel.fail(started, f"chat connect {type(exc).__name__}: {exc}")
        await client.close()
        return
    identifier = str((client.user or {}).get("identifier"))
    try:
        while asked < MAX_REQUESTS and time.monotonic() < deadline:
            # A conversation: one to three scripts, then "new chat".
            for _ in range(rng.randint(1, 3)):
                script = rng.choice(plays)
                for question in script:
                    if asked >= MAX_REQUESTS or time.monotonic() >= deadline:
                        break
                    asked += 1
                    command = "Dates" if rng.random() < DATES_SHARE else None
                    text = "Prochaines dates" if command else question
                    started = time.monotonic()
                    try:
                        reply = await client.ask(text, command=command)
                    except Exception as exc:
                        channel.fail(started, f"chat {type(exc).__name__}: {exc} ({text!r})")
                        if not client.connected:  # the socket is gone: a new one, a new conversation
                            await client.new_chat()
                        continue
                    ended = time.monotonic()
                    problem = check_reply(reply, command)
                    _remember(sent, reply, identifier)
                    if problem:
                        channel.fail(started, f"chat {problem} ({text!r})")
                        continue
                    channel.record(started, ended, reply.status or f"command:{command}")
                    if reply.first_token is not None:
                        channel.first_tokens.append(reply.first_token)
                    # Rate it: values alternate, a comment every third time.
                    rated += 1
                    value, comment = (
                        rated % 2,
                        (f"commentaire {n}-{rated} : « {text[:40]} »" if rated % 3 == 0 else None),
                    )
                    started = time.monotonic()
                    try:
                        assert reply.for_id is not None
                        feedback_id = await client.feedback(reply.for_id, value, comment, thread_id=reply.thread_id)
                        feedback.record(started, time.monotonic())
                        sent.feedback[feedback_id] = (reply.for_id, value, comment)
                    except Exception as exc:
                        feedback.fail(started, f"feedback {type(exc).__name__}: {exc}")
                    await asyncio.sleep(rng.uniform(*THINK))
            if time.monotonic() < deadline and asked < MAX_REQUESTS:
                await client.new_chat()
    except Exception as exc:
        channel.fail(time.monotonic(), f"chat user {n} {type(exc).__name__}: {exc}")
    finally:
        if client.unexpected_disconnects:
            channel.fail(time.monotonic(), f"chat user {n}: {client.unexpected_disconnects} unexpected disconnects")
        await client.close()


def check_reply(reply: Reply, command: str | None) -> str | None:
    """What is wrong with a chat reply, if anything."""
    if reply.errors:
        return f"error shown: {reply.errors[0][:200]}"
    if reply.prompt is not None:
        return f"unexpected prompt: {reply.prompt.content[:100]}"
    if not reply.messages:
        return "no assistant message"
    if reply.for_id is None:
        return "no run id to rate"
    if command == "Dates":
        if "Prochaines dates" not in reply.content or not reply.elements:
            return f"no dates table or no .ics file: {reply.content[:100]!r}"
        return None
    if reply.status not in ("answered", "refused"):
        return f"status {reply.status!r}: {reply.content[:100]!r}"
    if reply.status == "answered" and not reply.elements:
        return "answered without a cited passage"
    return None


def _remember(sent: Sent, reply: Reply, identifier: str) -> None:
    if reply.thread_id:
        sent.threads[reply.thread_id] = identifier
    if reply.user_message_id:
        sent.user_messages.add(reply.user_message_id)
    for message in reply.messages:
        sent.assistant_messages[str(message["id"])] = str(message.get("output") or "")
    if reply.for_id:
        sent.runs.add(reply.for_id)
    sent.elements.update(str(e["id"]) for e in reply.elements)


def server_cpu_seconds(server: ChatServer) -> float:
    """User + system CPU time of the server process so far (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def sample_rss(server: ChatServer, samples: list[tuple[float, int]], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append((time.monotonic(), server.rss_kib()))
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def probe_health(base: str, channel: Channel, stop: asyncio.Event) -> None:
    """GET /health once a second: is the event loop still responsive while the engine is busy?"""
    async with httpx.AsyncClient(base_url=base, timeout=REPLY_TIMEOUT) as http:
        while not stop.is_set():
            started = time.monotonic()
            try:
                response = await http.get("/health")
                if response.status_code == 200:
                    channel.record(started, time.monotonic())
                else:
                    channel.fail(started, f"health {response.status_code}")
            except Exception as exc:
                channel.fail(started, f"health {type(exc).__name__}: {exc}")
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)


async def run_load(server: ChatServer) -> dict[str, Any]:
    plays = scripts()
    api, chat, rating, health = Channel("api"), Channel("chat"), Channel("feedback"), Channel("health")
    sent = Sent()
    samples: list[tuple[float, int]] = []
    stop = asyncio.Event()
    rss_before = server.rss_kib()
    cpu_before = server_cpu_seconds(server), time.process_time()
    watchers = [
        asyncio.create_task(sample_rss(server, samples, stop)),
        asyncio.create_task(probe_health(server.base, health, stop)),
    ]
    t0 = time.monotonic()
    deadline = t0 + LOAD_SECONDS
    users = [api_user(n, server.base, deadline, api, plays) for n in range(API_USERS)]
    users += [chat_user(n, server.base, deadline, chat, rating, plays, sent) for n in range(CHAT_USERS)]
    # The hard bound: every user stops asking at the deadline; a request in flight has REPLY_TIMEOUT.
    await asyncio.wait_for(asyncio.gather(*users), LOAD_SECONDS + REPLY_TIMEOUT + 60)
    load_end = time.monotonic()
    load_wall = load_end - t0
    server_cpu, client_cpu = (
        after - before
        for after, before in zip((server_cpu_seconds(server), time.process_time()), cpu_before, strict=True)
    )
    stop.set()
    await asyncio.gather(*watchers)
    rss_after = server.rss_kib()
    return {
        "config": {
            "load_seconds": LOAD_SECONDS,
            "api_users": API_USERS,
            "chat_users": CHAT_USERS,
            "max_requests_per_user": MAX_REQUESTS,
            "think_s": THINK,
            "reply_timeout_s": REPLY_TIMEOUT,
            "scripts": len(plays),
            "seed": SEED,
        },
        "load_wall_s": round(load_wall, 2),
        # CPU seconds used during the load (2 shared cores: the users' own process competes with the server).
        "cpu_s": {"server": round(server_cpu, 1), "users": round(client_cpu, 1), "cores": os.cpu_count()},
        "channels": {c.name: c.figures() for c in (api, chat, rating, health)},
        "rss_kib": {
            "before": rss_before,
            "after": rss_after,
            "peak": max([rss_before, rss_after, *(kib for _, kib in samples)]),
            "growth": rss_after - rss_before,
            "samples": len(samples),
            "series_mib": [[round(t - t0, 1), round(kib / 1024, 1)] for t, kib in samples],
        },
        "_load_end": load_end,
        "_sent": sent,
    }


# --- the database afterwards ----------------------------------------------------------------------------------


def stored(db: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        steps = connection.execute('SELECT "id", "type", "name", "output" FROM steps').fetchall()
        return {
            "threads": {r[0]: (r[1], r[2]) for r in connection.execute('SELECT "id", "userIdentifier", "name" FROM threads').fetchall()},
            "user_messages": {r[0] for r in steps if r[1] == "user_message"},
            "assistant_messages": {r[0]: r[3] or "" for r in steps if r[1] == "assistant_message"},
            "runs": {r[0] for r in steps if r[1] == "run" and r[2] == "on_message"},
            "elements": {r[0] for r in connection.execute('SELECT "id" FROM elements').fetchall()},
            "feedback": {r[0]: (r[1], r[2], r[3]) for r in connection.execute('SELECT "id", "forId", "value", "comment" FROM feedbacks').fetchall()},
        }  # fmt: skip


def settle(db: Path, sent: Sent, wait: float = 60.0) -> dict[str, Any]:
    """The database once Chainlit's background writes have landed (or after `wait` seconds)."""
    kinds = ("threads", "user_messages", "assistant_messages", "runs", "elements", "feedback")
    end = time.monotonic() + wait
    while True:
        found = stored(db)
        if all(len(found[k]) >= len(getattr(sent, k)) for k in kinds) or time.monotonic() > end:
            return found
        time.sleep(0.2)


# --- the test -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    # 50 users from one address, each asking up to 400 questions: limits that never trip (the defaults would).
    limits = {
        "ASSISTANT_CHAT__QUESTIONS_PER_MINUTE": "1000",
        "ASSISTANT_CHAT__QUESTIONS_PER_MINUTE_PER_ADDRESS": "100000",
    }
    with chat_server(built.paths.index_dir, tmp_path_factory.mktemp("load"), limits) as running:
        yield running


def test_fifty_users_for_two_minutes_through_the_api_and_the_chat(server: ChatServer) -> None:
    started = time.monotonic()
    log_start = server.log.stat().st_size
    result = asyncio.run(run_load(server))
    sent: Sent = result.pop("_sent")
    found = settle(server.data / "chat.db", sent)
    # Chainlit writes in background tasks: how long after the last reply the database held everything.
    result["db_complete_after_s"] = round(time.monotonic() - result.pop("_load_end"), 2)
    log_problems = [
        line for line in server.log.read_text(errors="replace")[log_start:].splitlines() if LOG_PROBLEM.search(line)
    ]
    result["database"] = {
        kind: {"sent": len(getattr(sent, kind)), "found": len(found[kind])}
        for kind in ("threads", "user_messages", "assistant_messages", "runs", "elements", "feedback")
    }
    result["server_log_problems"] = {"count": len(log_problems), "samples": log_problems[:10]}
    result["test_wall_s"] = round(time.monotonic() - started, 2)
    report(result)

    channels = result["channels"]
    for name in ("api", "chat", "feedback", "health"):
        assert channels[name]["errors"] == 0, f"{name} errors: {channels[name]['error_samples']}"
    assert channels["api"]["ok"] > 0 and channels["chat"]["ok"] > 0
    assert not log_problems, f"the server logged problems under load: {log_problems[:5]}"

    # Every conversation, message, element and rating is in the chat database: the same ids, nothing more.
    assert set(found["threads"]) == set(sent.threads)
    for thread_id, identifier in sent.threads.items():
        owner, name = found["threads"][thread_id]
        assert owner == identifier, f"thread {thread_id} belongs to {owner!r}, not to its user {identifier!r}"
        assert name, f"thread {thread_id} has no name (the history would show it blank)"
    assert found["user_messages"] == sent.user_messages
    assert found["assistant_messages"] == sent.assistant_messages
    assert found["runs"] == sent.runs
    assert found["elements"] == sent.elements
    assert found["feedback"] == sent.feedback

    assert result["rss_kib"]["growth"] < RSS_SANITY_KIB


def report(result: dict[str, Any]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    lines = [f"\nload: {LOAD_SECONDS:g} s, {API_USERS} API users + {CHAT_USERS} chat users"]
    for name, c in result["channels"].items():
        lat = c["latency_s"]
        lines.append(
            f"  {name:8} {c['requests']:6} requests {c['throughput_rps']:7.2f}/s  p50 {lat['p50']} p95 {lat['p95']} "
            f"p99 {lat['p99']} max {lat['max']} s  errors {c['errors']}"
        )
        if "first_token_s" in c:
            first = c["first_token_s"]
            lines.append(f"  {'':8} first streamed text: p50 {first['p50']} p95 {first['p95']} p99 {first['p99']} s")
    rss = result["rss_kib"]
    lines.append(
        f"  server RSS before {rss['before'] / 1024:.0f} MiB, after {rss['after'] / 1024:.0f} MiB, "
        f"peak {rss['peak'] / 1024:.0f} MiB (growth {rss['growth'] / 1024:+.0f} MiB)"
    )
    lines.append(
        "  chat.db: "
        + ", ".join(f"{k} {v['found']}/{v['sent']}" for k, v in result["database"].items())
        + " (found/sent)"
    )
    cpu = result["cpu_s"]
    lines.append(f"  CPU during the load: server {cpu['server']} s, users {cpu['users']} s ({cpu['cores']} cores)")
    lines.append(f"  chat.db complete {result['db_complete_after_s']} s after the load ended")
    lines.append(f"  server log problems: {result['server_log_problems']['count']}; wall {result['test_wall_s']} s")
    print("\n".join(lines))
