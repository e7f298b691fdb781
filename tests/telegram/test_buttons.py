"""Buttons and inline mode end to end: "More answers", 👍/👎 votes and their export
as evaluation data, paged /sources, and `@bot question` in any chat."""

from __future__ import annotations

import json
import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from telegram import CallbackQuery, Chat, InaccessibleMessage, Update, User
from telegram.constants import ChatType

from bot.cli import main as cli_main
from bot.eval.feedback import FeedbackStore, evaluation_lines
from bot.eval.metrics import load_questions
from bot.telegram.conversation import decode_start_payload
from bot.telegram.phrases import phrase
from tests.telegram.fake_bot_api import FakeBotApi, Request
from tests.telegram.helpers import FakeEngine, answer, article, ask_privately, running_bot, say_in_group, settle


def buttons(api: FakeBotApi, message: Request) -> list[tuple[str, str]]:
    chat_id, message_id = message.result["chat"]["id"], message.result["message_id"]
    return [(b["text"], b["callback_data"]) for row in api.markup(chat_id, message_id) for b in row]


async def press(api: FakeBotApi, message: Request, data: str, user: dict | None = None) -> Request:
    """Presses a button and waits for its answerCallbackQuery."""
    query_id = await api.press(message.result, data, user)
    return await api.wait_for(lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query_id)


def many_answers(count: int) -> FakeEngine:
    return FakeEngine([answer(f"Kalimat nomor {n}.", article(n)) for n in range(1, count + 1)])


async def test_more_answers_pages_by_editing_the_message(api: FakeBotApi) -> None:
    async with running_bot(api, many_answers(5), answers_per_reply=2):
        reply = await ask_privately(api, "apa kata Raisi?")
        assert buttons(api, reply) == [("👍 ①", "up:0"), ("👍 ②", "up:1"), ("👎", "down"), ("Jawaban lain ▸", "more")]
        first_press = await press(api, reply, "more")
        page_2 = api.message_text(reply.params["chat_id"], reply.result["message_id"])
        await press(api, reply, "more")
        page_3 = api.message_text(reply.params["chat_id"], reply.result["message_id"])
    assert "Kalimat nomor 3." in page_2 and "Kalimat nomor 1." not in page_2
    assert page_2.startswith("Temuan lainnya (2):")
    assert "Kalimat nomor 5." in page_3
    assert buttons(api, reply) == [("👍", "up:0"), ("👎", "down")]  # one quote, nothing further
    assert len(api.delivered()) == 1  # pages replace each other
    assert first_press.status == 200


async def test_votes_are_stored_once_per_person_and_exported_as_evaluation_data(
    api: FakeBotApi, tmp_path: Path, monkeypatch: Any
) -> None:
    engine = FakeEngine([answer("Raisi bertemu Putin di Moskow (kata *dia*).", article(1))])
    voter, other = api.user(9001), api.user(9002)
    async with running_bot(api, engine, data_dir=tmp_path) as application:
        reply = await ask_privately(api, "Apa kata Raisi kepada Putin?", user=voter)
        thanked = await press(api, reply, "up:0", voter)
        await press(api, reply, "up:0", voter)  # the same vote again: still one
        await press(api, reply, "up:0", other)  # (another person in the same chat, e.g. a group)
        down = await ask_privately(api, "Siapa presiden Rusia?", user=voter)
        await press(api, down, "down", voter)
        store: FeedbackStore = application.bot_data["kutipan"].feedback
        tallies = list(store.tallies())
    assert thanked.params["text"] == phrase("id", "vote_thanks")
    up = next(t for t in tallies if t.question == "Apa kata Raisi kepada Putin?")
    assert (up.up, up.down, up.article_id) == (2, 0, "a1")
    assert (tmp_path / "feedback.sqlite3").exists()

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    exported = tmp_path / "out" / "questions.jsonl"
    assert cli_main(["feedback", "--export", str(exported)]) == 0
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert lines == [
        {
            "id": lines[0]["id"],
            "lang": "id",
            "question": "Apa kata Raisi kepada Putin?",
            "gold": [re.escape("Raisi bertemu Putin di Moskow (kata *dia*).")],
            "note": lines[0]["note"],
        }
    ]
    (question,) = load_questions(exported)  # readable by `python -m bot eval`
    assert re.search(question.gold[0], "Raisi bertemu Putin di Moskow (kata *dia*).")
    assert cli_main(["feedback", "--export", str(exported), "--include-down"]) == 0
    with_down = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert [line["gold"] for line in with_down if line["question"] == "Siapa presiden Rusia?"] == [[]]


async def test_each_quote_has_its_own_vote_and_down_means_none_of_them(api: FakeBotApi, tmp_path: Path) -> None:
    engine = FakeEngine([answer(f"Kalimat nomor {n}.", article(n)) for n in range(1, 4)])
    async with running_bot(api, engine, data_dir=tmp_path) as application:
        reply = await ask_privately(api, "apa kata Raisi?")
        await press(api, reply, "up:1")
        other = await ask_privately(api, "siapa presiden Rusia?", user=api.user(9003))
        await press(api, other, "down", api.user(9003))
        bad = await press(api, other, "up:9", api.user(9003))
        store: FeedbackStore = application.bot_data["kutipan"].feedback
        lines = list(evaluation_lines(store.tallies(), include_down=True))
    assert "①" in reply.plain_text and "②" in reply.plain_text and "③" in reply.plain_text
    assert reply.plain_text.index("②") < reply.plain_text.index("Kalimat nomor 2.") < reply.plain_text.index("③")
    assert bad.params["text"] == phrase("id", "too_old")
    by_question = {line["question"]: line["gold"] for line in lines}
    assert by_question == {"apa kata Raisi?": [re.escape("Kalimat nomor 2.")], "siapa presiden Rusia?": []}


async def test_every_button_press_is_answered_even_when_it_cannot_act(api: FakeBotApi) -> None:
    async with running_bot(api, FakeEngine()):
        reply = await ask_privately(api, "/help")  # a message without answer buttons
        too_old = await press(api, reply, "up:0")
        unknown = await press(api, reply, "frobnicate")
    assert too_old.params["text"] == phrase("en", "too_old")
    assert "text" not in unknown.params
    assert api.calls("editMessageText") == []


async def test_a_press_on_a_message_too_old_to_read_is_answered_without_an_error(
    api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running_bot(api, many_answers(5), answers_per_reply=2) as application:
        reply = await ask_privately(api, "apa kata Raisi?")
        query_id = await api.press(reply.result, "more", inaccessible=True)
        answered = await api.wait_for(
            lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query_id
        )
        await settle(api, application, max(api.pushed_at))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert answered.params.get("text") == phrase("en", "too_old")
    assert api.calls("editMessageText") == []


# python-telegram-bot's own CommandHandler warns that effective_message skips it.
@pytest.mark.filterwarnings("ignore:.*InaccessibleMessage.*")
async def test_a_press_carrying_an_inaccessible_message_object_is_answered_as_too_old(
    api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """The same press as python-telegram-bot may hand it over: an InaccessibleMessage,
    which has no text and no effective_message."""
    caplog.set_level(logging.INFO)
    async with running_bot(api, many_answers(5), answers_per_reply=2) as application:
        reply = await ask_privately(api, "apa kata Raisi?")
        chat = Chat(reply.result["chat"]["id"], ChatType.PRIVATE)
        query = CallbackQuery(
            "old-1",
            User(reply.result["chat"]["id"], "Ani", False, language_code="en"),
            "ci",
            message=InaccessibleMessage(chat, reply.result["message_id"]),
            data="more",
        )
        query.set_bot(application.bot)
        await application.process_update(Update(99_999, callback_query=query))
        answered = await api.wait_for(
            lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == "old-1"
        )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert answered.params.get("text") == phrase("en", "too_old")
    assert api.calls("editMessageText") == []


async def test_sources_are_paged_with_buttons_and_short_in_groups(api: FakeBotApi) -> None:
    engine = FakeEngine([answer(f"Kalimat {n}.", article(n, published=f"2024-01-{n + 10}")) for n in range(12)])
    async with running_bot(api, engine):
        private = await ask_privately(api, "/sources")
        assert buttons(api, private) == [("▶", "src:1")]
        await press(api, private, "src:1")
        second_page = api.message_text(private.params["chat_id"], private.result["message_id"])
        await say_in_group(api, "/sources")
        (group,) = await api.wait_for_reply(-1001)
    assert private.params["text"].count("<a href") == 10
    assert second_page.count("Judul artikel") == 2 and second_page.endswith("Page 2 of 2")
    assert buttons(api, private) == [("◀", "src:0")]
    assert group.params["text"].count("<a href") == 5 and group.plain_text.endswith("Page 1 of 3")


async def test_inline_query_offers_top_quotes_with_links_and_caches_them(api: FakeBotApi, real_engine: Any) -> None:
    calls: list[str] = []

    class CountingEngine:
        def __getattr__(self, name: str) -> Any:
            return getattr(real_engine, name)

        def ask(self, question: str, k: int = 3, today: date | None = None) -> Any:
            calls.append(question)
            return real_engine.ask(question, k, today)

    async with running_bot(api, CountingEngine()):
        first = await api.inline("What did Raisi tell Putin?")
        answered = await api.wait_for(
            lambda r: r.method == "answerInlineQuery" and r.params["inline_query_id"] == first
        )
        again = await api.inline("what did  Raisi tell Putin?")
        await api.wait_for(lambda r: r.method == "answerInlineQuery" and r.params["inline_query_id"] == again)
        short = await api.inline("ra")
        hint = await api.wait_for(lambda r: r.method == "answerInlineQuery" and r.params["inline_query_id"] == short)
    results = answered.params["results"]
    assert answered.status == 200 and 1 <= len(results) <= 5
    assert answered.params["cache_time"] > 0
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and "<blockquote>" in content["message_text"]
    assert re.search(r'<a href="https?://[^"]+#:~:text=', content["message_text"])
    assert results[0]["title"] and results[0]["description"]
    (link,) = [b["url"] for row in results[0]["reply_markup"]["inline_keyboard"] for b in row]
    payload = link.split("?start=")[1]
    assert link.startswith("https://t.me/KutipanTestBot?start=")
    assert decode_start_payload(payload) == "What did Raisi tell Putin?"  # opens the bot with the question
    assert calls == ["What did Raisi tell Putin?"]  # the repeat came from the cache
    assert hint.params["results"] == [] and hint.params["button"]["start_parameter"] == "help"
