"""The Telegram layer end to end: the real Application, polling a fake Bot API.

The first part tests the small pure rules the handlers are made of; the rest runs
`build_application` against tests/fake_bot_api.py (127.0.0.1, random port) and looks
at what reached "Telegram". Answers to real questions come from the real engine on
the bundled corpus; a canned engine is used only for what the corpus cannot provoke
(a crash, a search that hangs) or to see exactly what question reached the engine.
"""

from __future__ import annotations

import html
import io
import logging
import re
import socket
import threading
from datetime import date
from typing import Any

import aiohttp
import pytest
from telegram import MessageEntity, User
from telegram.error import InvalidToken

from bot.search.analyzer import Analyzer
from bot.search.dates import news_today
from bot.telegram import app as telegram_app
from bot.telegram import delivery
from bot.telegram.addressing import extract_question, mentions_bot, question_problem
from bot.telegram.app import webhook_path
from bot.telegram.phrases import MAX_QUESTION_CHARS, phrase
from bot.telegram.redaction import TokenRedactingFilter, protect_token_in_logs, redact_token
from tests.telegram.fake_bot_api import Failure, FakeBotApi
from tests.telegram.helpers import (
    BOT_ID,
    BOT_USERNAME,
    TOKEN,
    FakeEngine,
    answer,
    article,
    ask_privately,
    running_bot,
    say_in_group,
    settings_for,
    settle,
)

DETECT = Analyzer.packaged().detect_language
BOT = User(BOT_ID, "Kutipan", True, username=BOT_USERNAME)
# PTB itself reads RetryAfter.retry_after as an int and warns about it (PTB_TIMEDELTA)
PTB_RETRY_AFTER_DEPRECATION = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
QUESTION_EN = "What did Raisi tell Putin?"
QUESTION_ID = "Apa kata Raisi kepada Putin?"


# --- the pure rules -------------------------------------------------------------------


def entity(kind: str, offset: int, length: int, user: User | None = None) -> MessageEntity:
    return MessageEntity(kind, offset, length, user=user)


def test_mentions_bot_by_handle_anywhere_case_insensitively() -> None:
    assert mentions_bot("what did Raisi say, @kutipantestbot?", (), username=BOT_USERNAME, bot_id=BOT_ID)
    assert mentions_bot("@KutipanTestBot", (), username=BOT_USERNAME, bot_id=BOT_ID)
    assert not mentions_bot("@KutipanTestBot2 apa kabar", (), username=BOT_USERNAME, bot_id=BOT_ID)
    assert not mentions_bot("mail me at x@KutipanTestBot", (), username=BOT_USERNAME, bot_id=BOT_ID)
    assert not mentions_bot("Kutipan apa?", (), username=BOT_USERNAME, bot_id=BOT_ID)


def test_mentions_bot_by_text_mention_of_its_name() -> None:
    text = "Kutipan, apa kata Raisi?"
    assert mentions_bot(text, [entity("text_mention", 0, 7, BOT)], username=BOT_USERNAME, bot_id=BOT_ID)
    other = User(42, "Kutipan", False)
    assert not mentions_bot(text, [entity("text_mention", 0, 7, other)], username=BOT_USERNAME, bot_id=BOT_ID)


def test_extract_question_removes_command_mentions_and_their_punctuation() -> None:
    def extract(text: str, *entities: MessageEntity) -> str:
        return extract_question(text, entities, username=BOT_USERNAME, bot_id=BOT_ID)

    assert extract("/ask@KutipanTestBot  apa kata Raisi?", entity("bot_command", 0, 19)) == "apa kata Raisi?"
    assert extract("/ask", entity("bot_command", 0, 4)) == ""
    assert extract("@KutipanTestBot, apa kata Raisi?") == "apa kata Raisi?"
    assert extract("apa kata Raisi @kutipantestbot") == "apa kata Raisi"
    assert extract("apa kata Raisi, @KutipanTestBot?") == "apa kata Raisi?"
    assert extract("@KutipanTestBot: apa kata Raisi ?") == "apa kata Raisi?"
    assert extract("@KutipanTestBot") == ""
    assert extract("ask @OtherBot about it") == "ask @OtherBot about it"
    # a text_mention after emoji: Telegram's offsets are UTF-16 code units
    text = "😀😀 Kutipan: siapa presiden?"
    assert extract(text, entity("text_mention", 5, 7, BOT)) == "😀😀: siapa presiden?"


def test_question_problems() -> None:
    assert question_problem("") == "empty_question"
    assert question_problem("x" * (MAX_QUESTION_CHARS + 1)) == "too_long"
    assert question_problem("?!…") == "no_words"
    assert question_problem("😀🙏") == "no_words"
    assert question_problem("2024?") is None
    assert question_problem("siapa?") is None


def test_redact_token() -> None:
    url = f"POST https://api.telegram.org/bot{TOKEN}/getMe"
    assert redact_token(url, TOKEN) == "POST https://api.telegram.org/bot<redacted>/getMe"
    other = "bot987654321:ZZZ-anotherSecretTokenValue_0123456789"
    assert "anotherSecret" not in redact_token(f"see {other} and 987654321%3AZZZ-anotherSecretTokenValue_01234", TOKEN)
    assert redact_token("nothing secret: 12:30", TOKEN) == "nothing secret: 12:30"


def test_redacting_filter_covers_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TokenRedactingFilter(TOKEN))
    log = logging.getLogger("tests.redaction")
    log.addHandler(handler)
    try:
        log.warning("calling %s", f"https://x/bot{TOKEN}/getMe")
        log.warning("a malformed call %s %s", f"https://x/bot{TOKEN}/getMe")  # one argument short
        try:
            raise RuntimeError(f"failed https://x/bot{TOKEN}/sendMessage")
        except RuntimeError:
            log.exception("boom", stack_info=True)
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert output.count("bot<redacted>") == 3  # two message arguments and the exception


def test_protect_token_quietens_httpx_and_filters_root_handlers() -> None:
    root = logging.getLogger()
    handler = logging.NullHandler()
    root.addHandler(handler)
    try:
        protect_token_in_logs(TOKEN)
        protect_token_in_logs(TOKEN)  # idempotent
        assert logging.getLogger("httpx").level == logging.WARNING
        assert logging.getLogger("httpcore").level == logging.WARNING
        assert sum(isinstance(f, TokenRedactingFilter) for f in handler.filters) == 1
    finally:
        root.removeHandler(handler)


def test_webhook_path_is_the_path_telegram_posts_to() -> None:
    assert webhook_path("https://bot.example.org/telegram/hook") == "telegram/hook"
    assert webhook_path("https://bot.example.org") == ""


# --- run(): token check first, then polling or webhook ----------------------------------


def test_run_refuses_a_malformed_token_before_loading_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_load(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the engine was loaded before the token was checked")

    monkeypatch.setattr(telegram_app.Engine, "open", must_not_load)
    for token in (None, "", "not-a-token", "123:short"):
        settings = settings_for(FakeBotApi(TOKEN), telegram_bot_token=token)
        with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN") as error:
            telegram_app.run(settings)
        assert "\n" not in str(error.value)
        if token:
            assert token not in str(error.value)


@pytest.mark.parametrize("secret", [None, "", "my-own-secret_123"])
def test_run_serves_a_webhook_when_webhook_url_is_set(monkeypatch: pytest.MonkeyPatch, secret: str | None) -> None:
    calls: dict[str, Any] = {}
    monkeypatch.setattr(telegram_app.Engine, "open", lambda *a, **k: FakeEngine())
    monkeypatch.setattr(telegram_app.Application, "run_webhook", lambda self, **kw: calls.update(kw))
    monkeypatch.setattr(telegram_app.Application, "run_polling", lambda self, **kw: calls.update(polling=kw))
    settings = settings_for(
        FakeBotApi(TOKEN), webhook_url="https://bot.example.org/tg/hook", webhook_secret_token=secret, webhook_port=8443
    )
    telegram_app.run(settings)
    assert "polling" not in calls
    assert calls["webhook_url"] == "https://bot.example.org/tg/hook"
    assert calls["url_path"] == "tg/hook"
    assert calls["port"] == 8443
    assert calls["allowed_updates"] == ["message", "edited_message", "callback_query", "inline_query"]
    if secret:
        assert calls["secret_token"] == secret
    else:
        assert re.fullmatch(r"[A-Za-z0-9_-]{32,256}", calls["secret_token"])


def test_run_reports_a_rejected_token_in_one_line_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def rejected(self: Any, **kwargs: Any) -> None:
        raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.")

    monkeypatch.setattr(telegram_app.Engine, "open", lambda *a, **k: FakeEngine())
    monkeypatch.setattr(telegram_app.Application, "run_polling", rejected)
    with pytest.raises(ValueError) as error:
        telegram_app.run(settings_for(FakeBotApi(TOKEN)))
    assert TOKEN not in str(error.value) and "rejected" in str(error.value) and "\n" not in str(error.value)


def test_webhook_secret_is_redacted_from_logs() -> None:
    record = logging.LogRecord(
        "telegram.Bot", logging.DEBUG, __file__, 1, "setWebhook secret_token=%s", ("s3cret-abc",), None
    )
    TokenRedactingFilter(TOKEN, ("s3cret-abc",)).filter(record)
    assert "s3cret-abc" not in record.getMessage()


def test_run_polls_without_webhook_url(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: dict[str, Any] = {}
    monkeypatch.setattr(telegram_app.Engine, "open", lambda *a, **k: FakeEngine())
    monkeypatch.setattr(telegram_app.Application, "run_polling", lambda self, **kw: calls.update(kw))
    telegram_app.run(settings_for(FakeBotApi(TOKEN)))
    assert calls["allowed_updates"] == telegram_app.ALLOWED_UPDATES


async def test_webhook_serves_the_webhook_path_and_checks_the_secret(api: FakeBotApi) -> None:
    """What run_webhook sets up, driven step by step: updates posted to the path of
    WEBHOOK_URL with the secret are answered; without it they are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"https://bot.example.org/tg/hook-{port}"
    application = telegram_app.build_application(settings_for(api), FakeEngine())
    await application.initialize()
    await application.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path=webhook_path(url),
        webhook_url=url,
        secret_token="s3cret_token",
        allowed_updates=telegram_app.ALLOWED_UPDATES,
    )
    await application.start()
    try:
        user = api.user()
        message = api.message(api.private_chat(user), "apa kata Raisi?", sender=user)
        update_id = await api.push(message)  # (registers the chat with the fake)
        update = {"update_id": update_id, "message": message}
        async with aiohttp.ClientSession() as session:
            endpoint = f"http://127.0.0.1:{port}/tg/hook-{port}"
            async with session.post(endpoint, json=update) as forged:
                assert forged.status == 403
            header = {"X-Telegram-Bot-Api-Secret-Token": "s3cret_token"}
            async with session.post(endpoint, json=update, headers=header) as genuine:
                assert genuine.status == 200
        (reply,) = await api.wait_for_reply(user["id"])
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
    assert "<blockquote>" in reply.params["text"]
    (registration,) = api.calls("setWebhook")
    assert registration.params["url"] == url and registration.params["secret_token"] == "s3cret_token"


# --- end to end: private chats --------------------------------------------------------


async def test_private_question_gets_quoted_answers_with_links(api: FakeBotApi, real_engine: Any) -> None:
    async with running_bot(api, real_engine):
        reply = await ask_privately(api, QUESTION_EN)
    text = reply.params["text"]
    assert reply.params["parse_mode"] == "HTML"
    assert reply.params["link_preview_options"] == {"is_disabled": True}
    assert "reply_parameters" not in reply.params  # no need to quote in a private chat
    assert "<blockquote>" in text
    assert re.search(r'<a href="https?://[^"]+#:~:text=[^"]+">', text)
    assert re.search(r"<b>(Raisi|Putin)</b>", text)
    assert reply.plain_text.startswith("Here is what I found")
    # a quick search shows no "typing…": it would only cost a request
    assert api.calls("sendChatAction") == []


async def test_questions_are_asked_on_todays_date_in_jakarta(api: FakeBotApi) -> None:
    # "pekan lalu", "kemarin" count from the day the question is asked, where the news is.
    engine = FakeEngine()
    async with running_bot(api, engine):
        before = news_today()
        await ask_privately(api, "Apa kata Jokowi kemarin?")
        after = news_today()
    assert engine.days and engine.days[-1] in (before, after)


async def test_indonesian_question_gets_an_indonesian_reply(api: FakeBotApi, real_engine: Any) -> None:
    async with running_bot(api, real_engine):
        reply = await ask_privately(api, QUESTION_ID)
    assert reply.plain_text.startswith("Ini yang saya temukan")


async def test_not_found_is_friendly_and_in_the_askers_language(api: FakeBotApi, real_engine: Any) -> None:
    async with running_bot(api, real_engine):
        english = await ask_privately(api, "What is the airspeed velocity of an unladen swallow?")
        indonesian = await ask_privately(
            api, "Berapa kecepatan terbang burung walet tanpa muatan?", user=api.user(1002)
        )
    assert english.plain_text == phrase("en", "not_found")
    assert indonesian.plain_text == phrase("id", "not_found")


async def test_start_help_and_sources(api: FakeBotApi, real_engine: Any) -> None:
    user = api.user(language_code="id")
    async with running_bot(api, real_engine):
        start = await ask_privately(api, "/start", user=user)
        help_reply = await ask_privately(api, "/help", user=user)
        sources = await ask_privately(api, "/sources", user=user)
    assert start.plain_text.startswith("Halo, Ani!")
    assert "Apa kata Raisi kepada Putin?" in start.plain_text
    assert "How to use Kutipan" in help_reply.plain_text and "Cara memakai Kutipan" in help_reply.plain_text
    assert f"@{BOT_USERNAME}" in help_reply.plain_text
    assert sources.plain_text.startswith(f"Saya mengutip dari {real_engine.article_count} artikel")
    links = [html.unescape(h) for h in re.findall(r'<a href="(https?://[^"]+)">', sources.params["text"])]
    assert links and {a.url for a in real_engine.articles()} >= set(links)


async def test_command_menu_is_registered_at_start(
    api: FakeBotApi, real_engine: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram")
    async with running_bot(api, real_engine):
        pass
    menus = {
        r.params.get("language_code"): [c["command"] for c in r.params["commands"]] for r in api.calls("setMyCommands")
    }
    assert menus == {
        None: ["start", "help", "ask", "sources", "lang"],
        "id": ["start", "help", "ask", "sources", "lang"],
    }
    serving = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Serving corpus")]
    assert serving == [
        f"Serving corpus {settings_for(api).corpus_dirs[0]} ({real_engine.article_count} articles, "
        f"{real_engine.sentence_count} sentences) as @{BOT_USERNAME}"
    ]


async def test_html_characters_in_the_question_are_harmless(api: FakeBotApi, real_engine: Any) -> None:
    async with running_bot(api, real_engine):
        reply = await ask_privately(api, "<b>Raisi</b> & *Putin* _bilang_ apa? </blockquote> &amp;")
    assert reply.status == 200  # the fake parses HTML as strictly as Telegram
    assert reply.plain_text


@pytest.mark.parametrize(
    ("text", "content", "expected"),
    [
        ("/ask", {}, "empty_question"),
        ("what " * 250, {}, "too_long"),
        ("?!?! ...", {}, "no_words"),
        ("😀🙏🔥", {}, "no_words"),
        ("/frobnicate now", {}, "unknown_command"),
        (
            None,
            {
                "sticker": {
                    "file_id": "s1",
                    "file_unique_id": "u1",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                }
            },
            "not_text",
        ),
        (None, {"photo": [{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}]}, "not_text"),
        (None, {"voice": {"file_id": "v1", "file_unique_id": "u3", "duration": 2}}, "not_text"),
    ],
    ids=["empty-ask", "too-long", "punctuation", "emoji", "unknown-command", "sticker", "photo", "voice"],
)
async def test_bad_input_in_private_gets_a_polite_answer(
    api: FakeBotApi, text: str | None, content: dict, expected: str
) -> None:
    engine = FakeEngine()
    async with running_bot(api, engine):
        reply = await ask_privately(api, text, **content)
    assert reply.params["text"] == phrase("en", expected, limit=MAX_QUESTION_CHARS)
    assert engine.questions == []


# --- end to end: groups ---------------------------------------------------------------


async def test_group_chatter_is_ignored(api: FakeBotApi) -> None:
    engine = FakeEngine()
    async with running_bot(api, engine) as application:
        for text in (
            "apa kata Raisi kepada Putin?",
            "/ask@SomeOtherBot apa kata Raisi?",
            "/start@OtherBot",
            "/help@OtherBot",
            "/frobnicate",
            "kirim ke @KutipanTestBot2 saja",
        ):
            last = await say_in_group(api, text)
        sticker = await say_in_group(
            api,
            None,
            sticker={
                "file_id": "s",
                "file_unique_id": "u",
                "type": "regular",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
            },
        )
        await settle(api, application, max(last["update_id"], sticker["update_id"]))
    assert api.calls("sendMessage") == [] and api.calls("sendChatAction") == []
    assert engine.questions == []


async def test_group_mention_is_answered_in_reply_without_the_mention(api: FakeBotApi) -> None:
    engine = FakeEngine()
    async with running_bot(api, engine):
        asked = await say_in_group(api, "@KutipanTestBot apa kata Raisi kepada Putin?")
        (reply,) = await api.wait_for_reply(-1001)
    assert engine.questions == ["apa kata Raisi kepada Putin?"]
    assert reply.params["reply_parameters"] == {"message_id": asked["message_id"], "allow_sending_without_reply": True}
    assert reply.result["reply_to_message"]["message_id"] == asked["message_id"]
    assert "<blockquote>" in reply.params["text"]


async def test_group_text_mention_and_mention_at_the_end(api: FakeBotApi) -> None:
    engine = FakeEngine()
    bot_user = {"id": BOT_ID, "is_bot": True, "first_name": "Kutipan"}
    async with running_bot(api, engine):
        await say_in_group(
            api,
            "Kutipan, siapa presiden?",
            entities=[{"type": "text_mention", "offset": 0, "length": 7, "user": bot_user}],
        )
        await api.wait_for_reply(-1001)
        await say_in_group(api, "apa kata Raisi, @kutipantestbot?")
        await api.wait_for_reply(-1001, count=2)
    assert engine.questions == ["siapa presiden?", "apa kata Raisi?"]


async def test_reply_to_the_bots_message_is_a_question(api: FakeBotApi) -> None:
    engine = FakeEngine()
    async with running_bot(api, engine) as application:
        await say_in_group(api, "@KutipanTestBot apa kata Raisi?")
        (first,) = await api.wait_for_reply(-1001)
        follow_up = await say_in_group(api, "dan kapan itu terjadi?", reply_to=first.result)
        second = (await api.wait_for_reply(-1001, count=2))[-1]
        # a reply to another member's message is chatter
        chatter = await say_in_group(api, "setuju", reply_to=follow_up)
        await settle(api, application, chatter["update_id"])
    # searched together with the question the replied-to answer answered
    assert engine.questions == ["apa kata Raisi?", "apa kata Raisi? dan kapan itu terjadi?"]
    assert second.params["reply_parameters"]["message_id"] == follow_up["message_id"]
    assert len(api.delivered(-1001)) == 2


async def test_ask_command_addressed_to_this_bot(api: FakeBotApi) -> None:
    engine = FakeEngine()
    async with running_bot(api, engine) as application:
        asked = await say_in_group(api, f"/ask@{BOT_USERNAME} apa kata Raisi?")
        (reply,) = await api.wait_for_reply(-1001)
        await say_in_group(api, "/ask apa kata Putin?")
        await api.wait_for_reply(-1001, count=2)
        ignored = await say_in_group(api, "/ask@SomeOtherBot apa kata Jokowi?")
        await settle(api, application, ignored["update_id"])
    assert engine.questions == ["apa kata Raisi?", "apa kata Putin?"]
    assert reply.params["reply_parameters"]["message_id"] == asked["message_id"]
    assert len(api.delivered(-1001)) == 2


async def test_empty_question_in_a_group_gets_a_prompt(api: FakeBotApi) -> None:
    engine = FakeEngine()
    async with running_bot(api, engine):
        await say_in_group(api, "@KutipanTestBot")
        await say_in_group(api, f"/ask@{BOT_USERNAME}", chat_id=-1002)
        (mention,) = await api.wait_for_reply(-1001)
        (command,) = await api.wait_for_reply(-1002)
    assert mention.params["text"] == command.params["text"] == phrase("en", "empty_question")
    assert "reply_parameters" in mention.params
    assert engine.questions == []


async def test_group_start_and_help_addressed_to_this_bot(api: FakeBotApi) -> None:
    async with running_bot(api, FakeEngine()):
        await say_in_group(api, f"/help@{BOT_USERNAME}")
        (reply,) = await api.wait_for_reply(-1001)
    assert "Cara memakai Kutipan" in reply.plain_text
    assert "reply_parameters" in reply.params


# --- end to end: access, rate limits, failures ------------------------------------------


async def test_allowed_chats_are_enforced(api: FakeBotApi) -> None:
    engine = FakeEngine()
    allowed = api.user(3001)
    stranger = api.user(3002)
    async with running_bot(api, engine, allowed_chats=[allowed["id"], -1009]) as application:
        await ask_privately(api, "apa kata Raisi?", user=allowed)
        refused = await ask_privately(api, "apa kata Raisi?", user=stranger)
        await say_in_group(api, "@KutipanTestBot apa kata Raisi?", chat_id=-1009)
        await api.wait_for_reply(-1009)
        outsider = await say_in_group(api, "@KutipanTestBot apa kata Raisi?", chat_id=-1008)
        await settle(api, application, outsider["update_id"])
    assert refused.params["text"] == phrase("en", "not_allowed")
    assert api.calls("sendMessage", -1008) == []
    assert engine.questions == ["apa kata Raisi?", "apa kata Raisi?"]


@PTB_RETRY_AFTER_DEPRECATION
async def test_retry_after_429_is_honoured_and_the_answer_arrives(api: FakeBotApi, real_engine: Any) -> None:
    api.failures.append(Failure("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1))
    async with running_bot(api, real_engine):
        reply = await ask_privately(api, QUESTION_EN)
    attempts = api.calls("sendMessage")
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # the retry waited as told
    assert "<blockquote>" in reply.params["text"]


@PTB_RETRY_AFTER_DEPRECATION
async def test_no_answer_is_lost_under_flood_control(api: FakeBotApi, real_engine: Any) -> None:
    api.flood_every = 10
    users = [api.user(5000 + n) for n in range(20)]
    async with running_bot(api, real_engine):
        for user in users:
            await api.push(api.message(api.private_chat(user), QUESTION_EN, sender=user))
        for user in users:
            await api.wait_for_reply(user["id"], timeout=15)
    assert any(r.status == 429 for r in api.calls("sendMessage"))
    for user in users:
        assert len(api.delivered(user["id"])) == 1


async def test_a_failing_chat_does_not_stop_answers_to_others(
    api: FakeBotApi, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "FIRST_RETRY_DELAY", 0.01)
    monkeypatch.setattr(delivery, "RETRY_FOR_SECONDS", 0.5)
    broken, blocked, missing, flaky, fine = (api.user(6000 + n) for n in range(5))
    api.failures += [
        Failure("sendMessage", 500, "Internal Server Error", chat_id=broken["id"], times=99),
        Failure("sendMessage", 400, "Bad Request: chat not found", chat_id=missing["id"]),
        Failure("sendMessage", 502, "Bad Gateway", chat_id=flaky["id"]),
    ]
    api.blocked_chats.add(blocked["id"])
    caplog.set_level(logging.INFO)
    async with running_bot(api, FakeEngine()) as application:
        for user in (broken, blocked, missing, flaky, fine):
            last = await api.push(api.message(api.private_chat(user), "apa kata Raisi?", sender=user))
        await api.wait_for_reply(fine["id"])
        await api.wait_for_reply(flaky["id"])  # retried after a 502
        await settle(api, application, last)
        still_answering = await ask_privately(api, "apa kata Raisi?", user=api.user(6100))
    assert "<blockquote>" in still_answering.params["text"]
    assert len(api.calls("sendMessage", broken["id"])) >= 3  # retried with back-off until the deadline
    assert api.delivered(broken["id"]) == api.delivered(blocked["id"]) == api.delivered(missing["id"]) == []
    warnings = [
        r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and r.name.startswith("bot.telegram")
    ]
    assert any(f"chat {blocked['id']}" in w and "blocked" in w for w in warnings)
    assert any(f"chat {missing['id']}" in w and "chat not found" in w.lower() for w in warnings)
    assert any(f"chat {broken['id']}" in w and "Internal Server Error" in w for w in warnings)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_message_telegram_refuses_is_an_error_not_a_routine_warning(
    api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    api.failures.append(Failure("sendMessage", 400, "Bad Request: can't parse entities: unclosed tag"))
    async with running_bot(api, FakeEngine()) as application:
        first = await api.push(api.message(api.private_chat(api.user()), "apa kata Raisi?"))
        await settle(api, application, first)
        reply = await ask_privately(api, "apa kata Raisi?")
    assert "<blockquote>" in reply.params["text"]
    (error,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "Can't parse entities" in error.exc_text
    sent = api.calls("sendMessage")
    assert len(sent) == 3  # not retried; a plain apology instead, then the next answer
    assert sent[1].params["text"] == phrase("id", "error")


async def test_an_engine_crash_is_logged_and_the_asker_gets_an_apology(
    api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    engine = FakeEngine(error=RuntimeError("index file is corrupt"))
    async with running_bot(api, engine):
        reply = await ask_privately(api, "apa kata Raisi?")
        engine.error = None
        recovered = await ask_privately(api, "apa kata Raisi?")
    assert reply.params["text"] == phrase("id", "error")  # in the language of the question
    assert "<blockquote>" in recovered.params["text"]
    (error,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.getMessage().startswith("Failed to handle update")
    assert "index file is corrupt" in error.exc_text


async def test_a_slow_search_does_not_block_other_chats(api: FakeBotApi) -> None:
    release = threading.Event()

    class SlowEngine(FakeEngine):
        def ask(self, question: str, k: int = 3, today: date | None = None) -> list:
            if "lambat" in question:
                release.wait(10)
            return super().ask(question, k, today)

    engine = SlowEngine()
    slow_user, quick_user = api.user(7001), api.user(7002)
    async with running_bot(api, engine):
        await api.push(api.message(api.private_chat(slow_user), "pertanyaan lambat", sender=slow_user))
        await api.wait_for(lambda r: r.method == "sendChatAction" and r.params["chat_id"] == slow_user["id"])
        quick = await ask_privately(api, "apa kata Raisi?", user=quick_user)
        assert api.delivered(slow_user["id"]) == []
        release.set()
        (slow,) = await api.wait_for_reply(slow_user["id"])
    assert "<blockquote>" in quick.params["text"] and "<blockquote>" in slow.params["text"]


async def test_a_huge_answer_still_fits_one_message(api: FakeBotApi) -> None:
    huge = [answer("Kalimat panjang sekali " * 150, article(n), before=("Konteks. " * 100,)) for n in range(5)]
    async with running_bot(api, FakeEngine(huge), answers_per_reply=5):
        reply = await ask_privately(api, "apa kata Raisi?")
    assert reply.status == 200  # the fake refuses messages over 4096 UTF-16 units, like Telegram


async def test_the_token_never_reaches_the_logs_or_the_chat(
    api: FakeBotApi, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "FIRST_RETRY_DELAY", 0.01)
    monkeypatch.setattr(delivery, "RETRY_FOR_SECONDS", 0.3)
    caplog.set_level(logging.DEBUG)
    engine = FakeEngine(error=RuntimeError(f"engine saw https://api.telegram.org/bot{TOKEN}/getMe"))
    api.failures.append(Failure("sendMessage", 500, "Internal Server Error", times=99, chat_id=6999))
    async with running_bot(api, engine) as application:
        # after build_application quietened httpx, turn it up again: the filter alone must hold
        logging.getLogger("httpx").setLevel(logging.DEBUG)
        logging.getLogger("httpcore").setLevel(logging.DEBUG)
        try:
            apology = await ask_privately(api, "apa kata Raisi?")
            last = await api.push(api.message(api.private_chat(api.user(6999)), "/start", sender=api.user(6999)))
            await settle(api, application, last)
        finally:
            logging.getLogger("httpx").setLevel(logging.WARNING)
            logging.getLogger("httpcore").setLevel(logging.WARNING)
    secret = TOKEN.split(":")[1]
    logged = caplog.text + "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert len(caplog.records) > 50  # DEBUG really was on for the whole run
    assert "bot<redacted>" in logged  # httpx's request lines were there, redacted
    assert TOKEN not in logged and secret not in logged
    assert all(secret not in r.params.get("text", "") for r in api.requests)
    assert apology.params["text"] == phrase("id", "error")
