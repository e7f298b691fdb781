"""A local stand-in for the Telegram Bot API, for end-to-end tests of the real bot.

It speaks the HTTP protocol python-telegram-bot uses (POST /bot<token>/<method>,
parameters as form fields with JSON-encoded values, JSON answers), serves queued
updates to long polling, parses message HTML as strictly as Telegram does (so a
rendering bug fails the test the way it would fail in production), records every
request, and can be told to fail requests with 429, 5xx or 403, or to deliver a
message and then not answer (a timeout whose outcome the bot cannot know). Besides
messages it serves edited messages, button presses (callback queries) and inline
queries, and answers editMessageText, answerCallbackQuery, answerInlineQuery and
setMessageReaction. It listens on 127.0.0.1 on a random port: tests never touch the
internet.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

JSON = dict[str, Any]

# Parameters sent as plain strings; everything else arrives JSON-encoded.
_STRING_PARAMETERS = frozenset(
    {
        "text",
        "parse_mode",
        "action",
        "language_code",
        "secret_token",
        "url",
        "caption",
        "callback_query_id",
        "inline_query_id",
    }
)
# Tags and attributes of https://core.telegram.org/bots/api#html-style
_ALLOWED_TAGS = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "span": {"class"},
    "tg-spoiler": set(),
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
    "tg-emoji": {"emoji-id"},
}
_NAMED_ENTITIES = {"lt", "gt", "amp", "quot"}
MAX_TEXT_LENGTH = 4096


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class TelegramHTMLError(ValueError):
    """What Telegram answers as "Bad Request: can't parse entities: …"."""


class _TelegramHTML(HTMLParser):
    """Parses Telegram's HTML subset into plain text plus (tag, attributes) spans."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.text: list[str] = []
        self.open: list[tuple[str, dict[str, str | None], int]] = []
        self.entities: list[JSON] = []

    def _offset(self) -> int:
        return utf16_length("".join(self.text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise TelegramHTMLError(f'Unsupported start tag "{tag}"')
        attributes = dict(attrs)
        unknown = set(attributes) - _ALLOWED_TAGS[tag]
        if unknown:
            raise TelegramHTMLError(f'Unsupported attribute {sorted(unknown)} of tag "{tag}"')
        self.open.append((tag, attributes, self._offset()))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise TelegramHTMLError(f'Unmatched end tag "{tag}"')
        name, attributes, start = self.open.pop()
        self.entities.append({"type": name, "offset": start, "length": self._offset() - start, **attributes})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise TelegramHTMLError(f'Unsupported self-closing tag "{tag}"')

    def handle_data(self, data: str) -> None:
        for character in "<>&":
            if character in data:
                raise TelegramHTMLError(f"Unescaped {character!r} in text")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _NAMED_ENTITIES:
            raise TelegramHTMLError(f"Unsupported entity &{name};")
        self.text.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text.append(html.unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        raise TelegramHTMLError("Comments are not supported")

    def handle_decl(self, decl: str) -> None:
        raise TelegramHTMLError("Declarations are not supported")


def parse_telegram_html(message: str) -> tuple[str, list[JSON]]:
    """The text a user sees and the formatting spans, or TelegramHTMLError."""
    parser = _TelegramHTML()
    parser.feed(message)
    parser.close()
    if parser.rawdata:
        raise TelegramHTMLError(f"Unclosed markup {parser.rawdata[:20]!r}")
    if parser.open:
        raise TelegramHTMLError(f'Unclosed start tag "{parser.open[-1][0]}"')
    for entity in parser.entities:
        if entity["type"] == "a" and not entity.get("href"):
            raise TelegramHTMLError("Link without href")
    return "".join(parser.text), parser.entities


def _entities_for(text: str) -> list[JSON]:
    """The entities Telegram attaches to a user's text: commands and @mentions."""
    found = []
    for match in re.finditer(r"(?<![\w/])/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?|(?<![\w@])@[A-Za-z0-9_]{5,32}", text):
        kind = "bot_command" if match.group().startswith("/") else "mention"
        found.append(
            {
                "type": kind,
                "offset": utf16_length(text[: match.start()]),
                "length": utf16_length(match.group()),
            }
        )
    return found


@dataclass
class Request:
    """One API call as the fake received it."""

    method: str
    params: JSON
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    plain_text: str | None = None  # sendMessage: the text after HTML parsing…
    entities: list[JSON] = field(default_factory=list)  # …and its formatting spans
    result: JSON | None = None  # sendMessage: the Message the bot got back


@dataclass
class Failure:
    """An injected error for the next `times` matching calls."""

    method: str
    status: int
    description: str
    retry_after: int | None = None
    chat_id: int | None = None
    times: int = 1
    hang: float = 0.0  # with status 200: handle the call, then wait this long before answering


class FakeBotApi:
    """The fake server. Start it, point the bot's base_url at `base_url`, `push` updates."""

    def __init__(self, token: str, *, bot_id: int = 123456789, username: str = "KutipanTestBot") -> None:
        self.token = token
        self.bot = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Kutipan",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.requests: list[Request] = []
        self.failures: list[Failure] = []
        self.flood_every: int | None = None  # answer every n-th sendMessage with 429
        self.flood_retry_after = 1
        self.blocked_chats: set[int] = set()
        self.pushed_at: dict[int, float] = {}
        self._updates: list[JSON] = []
        self._confirmed_offset = 0
        self._update_ids = itertools.count(1000)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], JSON] = {}
        self._chats: dict[int, JSON] = {}
        self._send_count = 0
        self._callback_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ---------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        async with self._changed:
            self._closing = True
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- building updates ----------------------------------------------------------

    @staticmethod
    def user(user_id: int = 1001, first_name: str = "Ani", language_code: str | None = "en") -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    @staticmethod
    def private_chat(user: JSON) -> JSON:
        return {"id": user["id"], "type": "private", "first_name": user["first_name"]}

    @staticmethod
    def group_chat(chat_id: int = -1001234567890, title: str = "Ruang Redaksi") -> JSON:
        return {"id": chat_id, "type": "supergroup", "title": title}

    def message(
        self,
        chat: JSON,
        text: str | None = None,
        *,
        sender: JSON | None = None,
        reply_to: JSON | None = None,
        entities: list[JSON] | None = None,
        **content: Any,
    ) -> JSON:
        """A user message as Telegram would deliver it (with command and mention entities)."""
        sender = sender or self.user()
        message_id = next(self._message_ids.setdefault(chat["id"], itertools.count(1)))
        message: JSON = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": sender}
        if text is not None:
            message["text"] = text
            found = _entities_for(text) + (entities or [])
            if found:
                message["entities"] = sorted(found, key=lambda e: e["offset"])
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        return message

    async def push(self, message: JSON, kind: str = "message") -> int:
        """Queues an update carrying `message` (or an edited_message); returns its update_id."""
        self._chats[message["chat"]["id"]] = message["chat"]
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return await self._push_update(kind, message)

    async def _push_update(self, kind: str, payload: JSON) -> int:
        update_id = next(self._update_ids)
        async with self._changed:
            self._updates.append({"update_id": update_id, kind: payload})
            self.pushed_at[update_id] = time.monotonic()
            self._changed.notify_all()
        return update_id

    async def edit(self, message: JSON, text: str) -> int:
        """The user edits `message` to `text`: queues an edited_message update."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        found = _entities_for(text)
        edited.pop("entities", None)
        if found:
            edited["entities"] = found
        return await self.push(edited, "edited_message")

    async def press(self, message: JSON, data: str, user: JSON | None = None, *, inaccessible: bool = False) -> str:
        """A user presses the button with `data` under the bot's `message`; returns the
        callback query id (answered by answerCallbackQuery). With `inaccessible` the
        message has been deleted meanwhile: the query carries only its chat and id, with
        date 0 (Telegram's InaccessibleMessage), and editing it fails."""
        query_id = str(next(self._callback_ids))
        current = self._messages[(message["chat"]["id"], message["message_id"])]
        if inaccessible:
            del self._messages[(message["chat"]["id"], message["message_id"])]
            current = {"chat": current["chat"], "message_id": current["message_id"], "date": 0}
        query = {"id": query_id, "from": user or self.user(), "chat_instance": "ci", "message": current, "data": data}
        await self._push_update("callback_query", query)
        return query_id

    async def inline(self, text: str, user: JSON | None = None) -> str:
        """A user types "@bot <text>" in some chat; returns the inline query id."""
        query_id = str(next(self._callback_ids))
        await self._push_update(
            "inline_query", {"id": query_id, "from": user or self.user(), "query": text, "offset": ""}
        )
        return query_id

    # --- observing -----------------------------------------------------------------

    def calls(self, method: str, chat_id: int | None = None) -> list[Request]:
        return [
            r for r in self.requests if r.method == method and (chat_id is None or r.params.get("chat_id") == chat_id)
        ]

    def delivered(self, chat_id: int | None = None) -> list[Request]:
        """sendMessage calls that succeeded, i.e. messages the user actually got."""
        return [r for r in self.calls("sendMessage", chat_id) if r.status == 200 and r.result is not None]

    def message_text(self, chat_id: int, message_id: int) -> str:
        """What a message shows now (after any edits), as plain text."""
        return self._messages[(chat_id, message_id)].get("text", "")

    def markup(self, chat_id: int, message_id: int) -> list[list[JSON]]:
        """The inline keyboard under a message now."""
        return self._messages[(chat_id, message_id)].get("reply_markup", {}).get("inline_keyboard", [])

    async def wait_for(self, predicate: Callable[[Request], bool], timeout: float = 5.0) -> Request:
        """The first recorded request matching `predicate`, waiting for it if need be."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: any(predicate(r) for r in self.requests)), timeout)
        return next(r for r in self.requests if predicate(r))

    async def wait_for_reply(self, chat_id: int, count: int = 1, timeout: float = 5.0) -> list[Request]:
        """Waits until `count` messages were delivered to `chat_id`; returns them all."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.delivered(chat_id)) >= count), timeout)
        return self.delivered(chat_id)

    async def wait_until_fetched(self, update_id: int, timeout: float = 5.0) -> None:
        """Waits until the bot confirmed `update_id` (asked for a later offset)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self._confirmed_offset > update_id), timeout)

    # --- the API ---------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        if method == "getUpdates":
            return await self._get_updates(params)
        record = Request(method, params)
        failure = self._injected(method, params)
        if failure is not None and not failure.hang:
            extra = {"retry_after": failure.retry_after} if failure.retry_after is not None else {}
            status, body = self._error(failure.status, failure.description, **extra)
        else:
            status, body = self._respond(method, params, record)
        record.status = status
        async with self._changed:
            self.requests.append(record)
            self._changed.notify_all()
        if failure is not None and failure.hang:
            await asyncio.sleep(failure.hang)  # done, but the bot gives up waiting for the answer
        return web.json_response(body, status=status)

    @staticmethod
    async def _params(request: web.Request) -> JSON:
        if request.content_type == "application/json":
            return await request.json()
        params: JSON = {}
        for key, value in (await request.post()).items():
            if key in _STRING_PARAMETERS or not isinstance(value, str):
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params

    async def _get_updates(self, params: JSON) -> web.Response:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        async with self._changed:
            self._confirmed_offset = max(self._confirmed_offset, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.requests.append(Request("getUpdates", params))
            self._changed.notify_all()
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._updates) or self._closing), timeout)
            except TimeoutError:
                pass
            batch = self._updates[:limit]
        return web.json_response({"ok": True, "result": batch})

    def _error(self, status: int, description: str, **parameters: Any) -> tuple[int, JSON]:
        body: JSON = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return status, body

    def _injected(self, method: str, params: JSON) -> Failure | None:
        for failure in self.failures:
            if failure.method == method and failure.times > 0 and failure.chat_id in (None, params.get("chat_id")):
                failure.times -= 1
                return failure
        return None

    def _respond(self, method: str, params: JSON, record: Request) -> tuple[int, JSON]:
        if method == "getMe":
            return 200, {"ok": True, "result": self.bot}
        if method in {"deleteWebhook", "setWebhook", "setMyCommands", "close", "answerCallbackQuery"}:
            return 200, {"ok": True, "result": True}
        if method == "answerInlineQuery":
            for result in params.get("results") or []:
                content = result["input_message_content"]
                try:
                    parse_telegram_html(content["message_text"])
                except TelegramHTMLError as error:
                    return self._error(400, f"Bad Request: can't parse entities: {error}")
            return 200, {"ok": True, "result": True}
        if method == "setMessageReaction":
            if (params.get("chat_id"), params.get("message_id")) not in self._messages:
                return self._error(400, "Bad Request: message to react not found")
            return 200, {"ok": True, "result": True}
        if method == "editMessageText":
            return self._edit_message(params, record)
        if method in {"sendMessage", "sendChatAction"}:
            chat_id = params.get("chat_id")
            if chat_id not in self._chats:
                return self._error(400, "Bad Request: chat not found")
            if chat_id in self.blocked_chats:
                return self._error(403, "Forbidden: bot was blocked by the user")
            if method == "sendChatAction":
                return 200, {"ok": True, "result": True}
            return self._send_message(params, record)
        return self._error(404, "Not Found: method not found")

    def _parse_text(self, params: JSON) -> tuple[str, list[JSON]] | tuple[int, JSON]:
        text = params.get("text") or ""
        entities: list[JSON] = []
        if params.get("parse_mode") == "HTML":
            try:
                text, entities = parse_telegram_html(text)
            except TelegramHTMLError as error:
                return self._error(400, f"Bad Request: can't parse entities: {error}")
        if not text.strip():
            return self._error(400, "Bad Request: message text is empty")
        if utf16_length(text) > MAX_TEXT_LENGTH:
            return self._error(400, "Bad Request: message is too long")
        return text, entities

    def _edit_message(self, params: JSON, record: Request) -> tuple[int, JSON]:
        key = (params.get("chat_id"), params.get("message_id"))
        message = self._messages.get(key)
        if message is None:
            return self._error(400, "Bad Request: message to edit not found")
        if message["from"]["id"] != self.bot["id"]:
            return self._error(400, "Bad Request: message can't be edited")
        parsed = self._parse_text(params)
        if isinstance(parsed[0], int):
            return parsed  # type: ignore[return-value]
        text, entities = parsed
        markup = params.get("reply_markup") or {}
        if text == message.get("text") and markup == message.get("reply_markup", {}):
            return self._error(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup of the message",
            )
        message.update(text=text, edit_date=int(time.time()))
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        record.plain_text, record.entities, record.result = text, entities, message
        return 200, {"ok": True, "result": message}

    def _send_message(self, params: JSON, record: Request) -> tuple[int, JSON]:
        self._send_count += 1
        if self.flood_every and self._send_count % self.flood_every == 0:
            return self._error(
                429, f"Too Many Requests: retry after {self.flood_retry_after}", retry_after=self.flood_retry_after
            )
        parsed = self._parse_text(params)
        if isinstance(parsed[0], int):
            return parsed  # type: ignore[return-value]
        text, entities = parsed
        chat = self._chats[params["chat_id"]]
        message: JSON = {
            "message_id": next(self._message_ids.setdefault(chat["id"], itertools.count(1))),
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot,
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        reply = params.get("reply_parameters")
        if reply:
            replied = self._messages.get((chat["id"], reply["message_id"]))
            if replied is None and not reply.get("allow_sending_without_reply"):
                return self._error(400, "Bad Request: message to be replied not found")
            if replied is not None:
                message["reply_to_message"] = replied
        self._messages[(chat["id"], message["message_id"])] = message
        record.plain_text, record.entities, record.result = text, entities, message
        return 200, {"ok": True, "result": message}
