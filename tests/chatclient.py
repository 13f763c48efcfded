"""A simulated browser user of the chat: Chainlit's socket.io protocol, spoken the way its web frontend does.

What the frontend (chainlit 2.12, ``frontend/dist/assets/index-*.js``) does, and this client after it:

- ``GET /`` (the page): this app signs an anonymous applicant in with an ``access_token`` cookie. A helpdesk
  user opens ``/login`` (an applicant cookie is kept; ``GET /user`` answers 401 while the form is open) and
  posts the login form (``POST /login``, multipart ``username`` / ``password``), which sets a staff
  ``access_token``.
- ``POST /set-session-cookie`` ``{"session_id": ...}`` (the "sticky" session cookie), then socket.io on
  ``/ws/socket.io`` with the cookies and the auth payload ``{clientType: "webapp", sessionId, threadId: "",
  userEnv: "{}", chatProfile: encodeURIComponent(profile) or ""}``; on connect it emits
  ``connection_successful`` (the server answers ``task_end`` and runs ``on_chat_start``).
- A question is ``client_message`` ``{message: {threadId: "", id: uuid4, name, type: "user_message",
  output, createdAt, metadata: {location}, command?}, fileReferences: []}``. The server answers with
  ``task_start``; ``first_interaction`` ``{interaction, thread_id}`` for a conversation's first message;
  ``new_message`` for the ``on_message`` run step; ``stream_start`` / ``stream_token`` then ``new_message``
  for each assistant message (its ``parentId`` is the run); ``element`` for each element; ``update_message``
  when the run ends; ``task_end``. ``ask`` (a socket.io call the client acknowledges with its answer) is a
  question back to the user (``AskActionMessage``, ``AskUserMessage``).
- A thumbs up / down rates the run of a reply: ``PUT /feedback`` ``{feedback: {forId: <run id>, threadId,
  value: 0|1, comment}, sessionId}`` -> ``{success, feedbackId}``.
- "New chat": ``clear_session`` then disconnect, then a new session id (a new conversation, a new thread).

Used by the load test (tests/test_load.py) and reusable by any suite that needs a chat user without a
browser (security, hostile input). Each client has its own HTTP cookie jar and its own socket.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp
import httpx
import socketio

SOCKET_PATH = "/ws/socket.io"
DEFAULT_TIMEOUT = 120.0  # seconds a reply may take (the engine answers one question at a time)
# uvicorn closes a keep-alive connection idle for 5 s; httpx keeps one for 5 s too, so a request sent on it just
# then fails (ReadError, nothing processed). A browser resends in that case; here idle connections go sooner.
KEEPALIVE_EXPIRY = 2.0


class ChatClientError(Exception):
    """The server refused, dropped or did not answer in time."""


@dataclass(frozen=True)
class Prompt:
    """A question the server asked back during a reply (``AskActionMessage``, ``AskUserMessage``...)."""

    kind: str  # the spec type: "action", "text", "file", "element"
    message: dict[str, Any]  # the step shown with it
    spec: dict[str, Any]
    actions: tuple[dict[str, Any], ...] = ()  # the buttons offered: dicts with id, name, label, payload, forId

    @property
    def content(self) -> str:
        return str(self.message.get("output") or "")

    def action(self, label: str) -> dict[str, Any]:
        """The offered button with this label (what `respond` sends back when it is clicked)."""
        for action in self.actions:
            if action.get("label") == label:
                return action
        raise KeyError(f"no action {label!r} among {[a.get('label') for a in self.actions]}")


@dataclass(frozen=True)
class Reply:
    """What one user turn produced, as the frontend saw it."""

    question: str
    user_message_id: str | None  # the user message's id (None for an answer to a prompt by action)
    thread_id: str | None
    for_id: str | None  # the run step of the reply: what the thumbs rate
    messages: tuple[dict[str, Any], ...]  # the assistant messages of the turn, final versions, in order
    elements: tuple[dict[str, Any], ...]  # the elements sent with them
    prompt: Prompt | None  # set when the server asked something back and waits for `respond`
    errors: tuple[str, ...]  # error messages shown (an exception in the app, a timeout of a prompt...)
    elapsed: float  # seconds from the emit to the end of the turn
    first_token: float | None = None  # seconds from the emit to the first assistant text (stream start)

    @property
    def message_ids(self) -> tuple[str, ...]:
        return tuple(str(m["id"]) for m in self.messages)

    @property
    def last(self) -> dict[str, Any]:
        return self.messages[-1] if self.messages else {}

    @property
    def content(self) -> str:
        """The last assistant message's text (the prompt's, if the turn stopped on one)."""
        if self.prompt is not None:
            return self.prompt.content
        return str(self.last.get("output") or "")

    @property
    def metadata(self) -> dict[str, Any]:
        metadata = self.last.get("metadata")
        return metadata if isinstance(metadata, dict) else {}

    @property
    def status(self) -> str | None:
        status = self.metadata.get("status")
        return status if isinstance(status, str) else None


@dataclass
class _Turn:
    question: str
    user_message_id: str | None
    started: bool = False  # task_start seen: the next task_end ends the turn
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)  # by id, in arrival order
    elements: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    run_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    prompt: Prompt | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)
    t0: float = field(default_factory=time.perf_counter)
    first: float | None = None  # when the first assistant message arrived


class ChatClient:
    """One chat user (one cookie jar, one socket.io connection at a time).

    >>> async with ChatClient(base) as chat:          # an anonymous applicant
    ...     reply = await chat.ask("Quelle est la date limite des postes d'accueil ?")
    ...     await chat.feedback(reply.for_id, 1, "merci")

    ``ChatClient(base, staff=(name, password), chat_profile="Brouillon de réponse")`` signs in as helpdesk
    staff first and opens that chat profile.
    """

    def __init__(
        self,
        base: str,
        *,
        staff: tuple[str, str] | None = None,
        chat_profile: str | None = None,
        language: str = "fr-FR",
        timeout: float = DEFAULT_TIMEOUT,
        transports: tuple[str, ...] = ("websocket",),
        ready_event: str | None = "set_commands",
    ) -> None:
        """base: the server's address (http://127.0.0.1:PORT). ready_event: the event that tells the chat
        is started (this app's on_chat_start sets its commands); None to wait only for the first task_end."""
        self.base = base.rstrip("/")
        self.staff = staff
        self.chat_profile = chat_profile
        self.language = language
        self.timeout = timeout
        self.transports = list(transports)
        self.ready_event = ready_event
        self.http = httpx.AsyncClient(
            base_url=self.base,
            headers={"Accept-Language": language},
            timeout=timeout,
            follow_redirects=False,
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY),
        )
        self.session_id: str | None = None
        self.thread_id: str | None = None  # the current conversation's thread (known after its first message)
        self.user: dict[str, Any] | None = None  # GET /user: identifier, metadata (role)...
        self.events: list[tuple[str, Any]] = []  # every event received, for inspection (bounded)
        self.max_events = 2000
        self.commands: list[dict[str, Any]] = []
        self.unexpected_disconnects = 0  # the server or the network dropped the socket (not `disconnect`)
        self._sio: socketio.AsyncClient | None = None
        self._ws_http: aiohttp.ClientSession | None = None
        self._turn: _Turn | None = None
        self._ready = asyncio.Event()
        self._started = asyncio.Event()
        self._prompt_answer: asyncio.Future[Any] | None = None
        self._signed_in = False
        self._leaving = False

    # --- connection ------------------------------------------------------------------------------------------

    async def __aenter__(self) -> ChatClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def sign_in(self) -> dict[str, Any]:
        """Get a login cookie like the page does: the anonymous applicant's, or the staff login form's."""
        if self.staff is None:
            response = await self.http.get("/")
            response.raise_for_status()
        else:
            await self.login(*self.staff)
        self._signed_in = True
        return await self.whoami()

    async def login(self, username: str, password: str) -> httpx.Response:
        """The helpdesk login: open /login (the form's page), post the form; raises on a refusal."""
        (await self.http.get("/login")).raise_for_status()
        response = await self.http.post("/login", files={"username": (None, username), "password": (None, password)})
        if response.status_code != 200:
            raise ChatClientError(f"login refused: {response.status_code} {response.text[:200]}")
        return response

    async def whoami(self) -> dict[str, Any]:
        """GET /user: the signed-in user as the server sees it."""
        response = await self.http.get("/user")
        response.raise_for_status()
        self.user = response.json()
        return self.user

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.http.cookies.jar)

    async def connect(
        self,
        thread_id: str | None = None,
        *,
        auth: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Open a chat session (a new one; thread_id resumes a stored conversation) and wait until it is ready.

        auth and headers add to (or replace) what the frontend sends: for hostile tests."""
        if not self._signed_in:
            await self.sign_in()
        self.session_id = str((auth or {}).get("sessionId") or uuid.uuid4())
        self.thread_id = thread_id
        if "sessionId" not in (auth or {}):  # a hostile session id goes straight to the socket, as an attacker's would
            (await self.http.post("/set-session-cookie", json={"session_id": self.session_id})).raise_for_status()
        self._ready = asyncio.Event()
        self._started = asyncio.Event()
        self.commands = []
        # aiohttp's default cookie jar drops cookies of an IP host: the cookies go as a header of our own session.
        self._ws_http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        sio = socketio.AsyncClient(reconnection=False, http_session=self._ws_http, handle_sigint=False)
        self._register(sio)
        sent = {
            "clientType": "webapp",
            "sessionId": self.session_id,
            "threadId": thread_id or "",
            "userEnv": json.dumps({}),
            "chatProfile": quote(self.chat_profile, safe="-_.!~*'()") if self.chat_profile else "",
        } | dict(auth or {})
        try:
            await sio.connect(
                self.base,
                headers={"Cookie": self.cookie_header(), "Accept-Language": self.language} | dict(headers or {}),
                auth=sent,
                transports=self.transports,
                socketio_path=SOCKET_PATH,
                wait_timeout=self.timeout,
            )
        except socketio.exceptions.ConnectionError as exc:
            await self._ws_http.close()
            raise ChatClientError(f"socket.io connection refused: {exc}") from exc
        self._sio = sio
        await sio.emit("connection_successful")
        try:
            await asyncio.wait_for(self._started.wait(), self.timeout)
            if self.ready_event is not None and thread_id is None:
                await asyncio.wait_for(self._ready.wait(), self.timeout)
        except TimeoutError as exc:
            raise ChatClientError(f"the chat did not start within {self.timeout} s") from exc

    async def new_chat(self, confirmed: bool = False) -> None:
        """The "new chat" button: end this session (see `disconnect`) and open a new one."""
        await self.disconnect(clear=True, confirmed=confirmed)
        await self.connect()

    async def disconnect(self, clear: bool = True, confirmed: bool = False) -> None:
        """Leave the chat. clear=True asks the server to drop the session at once, else it keeps it for
        `session_timeout` (an hour here) in case the browser comes back.

        Like the frontend, `clear_session` is emitted and the socket closed right after. With python-socketio
        the server then handles the disconnect first and drops the event (its sid is gone): the session stays
        the hour anyway. confirmed=True waits for the server to acknowledge `clear_session` before closing, so
        the session is really dropped (what the frontend intends).
        """
        sio, self._sio = self._sio, None
        if sio is not None:
            self._leaving = True
            try:
                if clear and sio.connected:
                    if confirmed:
                        await sio.call("clear_session", timeout=self.timeout)
                    else:
                        await sio.emit("clear_session")
                await sio.disconnect()
            finally:
                self._leaving = False
        if self._ws_http is not None:
            await self._ws_http.close()
            self._ws_http = None

    async def close(self) -> None:
        await self.disconnect(clear=True)
        await self.http.aclose()

    @property
    def connected(self) -> bool:
        return self._sio is not None and self._sio.connected

    # --- events ----------------------------------------------------------------------------------------------

    def _register(self, sio: socketio.AsyncClient) -> None:
        def record(event: str, data: Any) -> None:
            if len(self.events) < self.max_events:
                self.events.append((event, data))

        async def any_event(event: str, data: Any = None) -> None:
            record(event, data)

        # Handlers of their own (a catch-all handler does not see events that have one): record them too.
        async def task_start(data: Any = None) -> None:
            record("task_start", data)
            if self._turn is not None:
                self._turn.started = True

        async def task_end(data: Any = None) -> None:
            record("task_end", data)
            self._started.set()
            if self.ready_event is None:
                self._ready.set()
            turn = self._turn
            if turn is not None and turn.started:
                turn.done.set()

        async def set_commands(data: Any = None) -> None:
            record("set_commands", data)
            self.commands = list(data or [])
            if self.ready_event == "set_commands":
                self._ready.set()

        async def first_interaction(data: Any = None) -> None:
            record("first_interaction", data)
            if isinstance(data, dict) and data.get("thread_id"):
                self.thread_id = str(data["thread_id"])

        async def new_message(data: Any = None) -> None:
            record("new_message", data)
            self._step(data)

        async def stream_start(data: Any = None) -> None:
            record("stream_start", data)
            self._step(data)

        async def update_message(data: Any = None) -> None:
            record("update_message", data)
            self._step(data, update=True)

        async def element(data: Any = None) -> None:
            record("element", data)
            if self._turn is not None and isinstance(data, dict):
                self._turn.elements.append(data)

        async def action(data: Any = None) -> None:
            record("action", data)
            if self._turn is not None and isinstance(data, dict):
                self._turn.actions.append(data)

        async def ask(data: Any = None) -> Any:
            """A question back to the user: the turn stops on it; `respond` gives the acknowledgement."""
            record("ask", data)
            data = data if isinstance(data, dict) else {}
            spec = data.get("spec") or {}
            message = data.get("msg") or {}
            loop = asyncio.get_running_loop()
            self._prompt_answer = loop.create_future()
            turn = self._turn
            if turn is not None:
                keys = set(spec.get("keys") or [])
                offered = tuple(a for a in turn.actions if a.get("id") in keys)
                turn.prompt = Prompt(kind=str(spec.get("type") or ""), message=message, spec=spec, actions=offered)
                turn.done.set()
            try:
                return await self._prompt_answer
            finally:
                self._prompt_answer = None

        async def ask_timeout(data: Any = None) -> None:
            record("ask_timeout", data)
            if self._turn is not None:
                self._turn.errors.append("ask_timeout")

        async def disconnected(reason: Any = None) -> None:
            record("disconnect", reason)
            if not self._leaving and reason != "client disconnect":
                self.unexpected_disconnects += 1
            turn = self._turn
            if turn is not None and not turn.done.is_set():
                turn.errors.append(f"disconnected: {reason}")
                turn.done.set()

        handlers = {
            "*": any_event,
            "task_start": task_start,
            "task_end": task_end,
            "set_commands": set_commands,
            "first_interaction": first_interaction,
            "new_message": new_message,
            "stream_start": stream_start,
            "update_message": update_message,
            "element": element,
            "action": action,
            "ask": ask,
            "ask_timeout": ask_timeout,
            "disconnect": disconnected,
        }
        for event, handler in handlers.items():
            sio.on(event, handler)

    def _step(self, step: Any, update: bool = False) -> None:
        turn = self._turn
        if turn is None or not isinstance(step, dict) or "id" not in step:
            return
        if step.get("threadId") and not self.thread_id:
            self.thread_id = str(step["threadId"])
        kind = step.get("type")
        if kind == "run":
            if step["id"] not in turn.run_ids and step.get("name") == "on_message":
                turn.run_ids.append(str(step["id"]))
            return
        if kind != "assistant_message":
            return
        if step.get("isError"):
            turn.errors.append(str(step.get("output") or "error"))
        known = turn.messages.get(step["id"])
        turn.messages[step["id"]] = {**known, **step} if (known and update) else step
        if turn.first is None:
            turn.first = time.perf_counter()

    # --- turns -----------------------------------------------------------------------------------------------

    async def ask(
        self,
        text: str,
        command: str | None = None,
        timeout: float | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> Reply:
        """Send a message like the chat input (or a starter / command button) and wait for the whole reply.

        fields add to (or replace) the message's fields as the frontend sends them: for hostile tests."""
        if self._sio is None or not self._sio.connected:
            raise ChatClientError("not connected")
        if self._turn is not None:
            raise ChatClientError("a turn is already under way")
        message_id = str((fields or {}).get("id") or uuid.uuid4())
        message: dict[str, Any] = {
            "threadId": "",
            "id": message_id,
            "name": (self.user or {}).get("identifier") or "User",
            "type": "user_message",
            "output": text,
            "createdAt": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "metadata": {"location": self.base + "/"},
        }
        if command is not None:
            message["command"] = command
        message |= dict(fields or {})
        turn = _Turn(question=text, user_message_id=message_id)
        self._turn = turn
        try:
            await self._sio.emit("client_message", {"message": message, "fileReferences": []})
            return await self._finish(turn, timeout)
        finally:
            self._turn = None

    async def respond(self, answer: Any, timeout: float | None = None) -> Reply:
        """Answer the prompt the last turn stopped on: an action dict (one of ``prompt.actions``) or, for a text
        prompt, a string; wait for the rest of the reply (which may stop on the next prompt)."""
        future = self._prompt_answer
        if future is None or future.done():
            raise ChatClientError("no prompt is waiting for an answer")
        turn = _Turn(question=answer if isinstance(answer, str) else str(answer.get("label", "")), user_message_id=None)
        if isinstance(answer, str):
            turn.user_message_id = str(uuid.uuid4())
            answer = {
                "threadId": "",
                "id": turn.user_message_id,
                "name": (self.user or {}).get("identifier") or "User",
                "type": "user_message",
                "output": answer,
                "createdAt": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            }
        self._turn = turn
        try:
            future.set_result(answer)
            return await self._finish(turn, timeout)
        finally:
            self._turn = None

    async def _finish(self, turn: _Turn, timeout: float | None) -> Reply:
        limit = self.timeout if timeout is None else timeout
        try:
            await asyncio.wait_for(turn.done.wait(), limit)
        except TimeoutError as exc:
            raise ChatClientError(f"no reply within {limit} s to {turn.question[:80]!r}") from exc
        elapsed = time.perf_counter() - turn.t0
        messages = tuple(turn.messages.values())
        for_id = next((str(m["parentId"]) for m in reversed(messages) if m.get("parentId")), None)
        if for_id is None and turn.run_ids:
            for_id = turn.run_ids[-1]
        return Reply(
            question=turn.question,
            user_message_id=turn.user_message_id,
            thread_id=self.thread_id,
            for_id=for_id,
            messages=messages,
            elements=tuple(turn.elements),
            prompt=turn.prompt,
            errors=tuple(turn.errors),
            elapsed=elapsed,
            first_token=None if turn.first is None else turn.first - turn.t0,
        )

    # --- feedback --------------------------------------------------------------------------------------------

    async def feedback(
        self,
        for_id: str,
        value: int,
        comment: str | None = None,
        thread_id: str | None = None,
        feedback_id: str | None = None,
    ) -> str:
        """A thumbs up (1) or down (0) on a reply's run, with an optional comment; returns the feedback id.

        feedback_id updates an earlier rating (the frontend sends the one it got back). Raises on a non-200.
        """
        response = await self.put_feedback(
            {
                **({"id": feedback_id} if feedback_id else {}),
                "forId": for_id,
                "threadId": thread_id or self.thread_id,
                "value": value,
                "comment": comment,
            }
        )
        if response.status_code != 200:
            raise ChatClientError(f"feedback refused: {response.status_code} {response.text[:200]}")
        return str(response.json()["feedbackId"])

    async def put_feedback(self, feedback: Mapping[str, Any]) -> httpx.Response:
        """The raw ``PUT /feedback`` with this client's cookies and session, whatever the body (for hostile tests)."""
        return await self.http.put("/feedback", json={"feedback": dict(feedback), "sessionId": self.session_id})

    async def emit(self, event: str, data: Any = None) -> None:
        """Send any socket.io event (for tests of what the server does with unexpected ones)."""
        if self._sio is None:
            raise ChatClientError("not connected")
        await self._sio.emit(event, data)
