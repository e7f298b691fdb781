"""Never dropping a question, never doubling an answer: the per-user token bucket,
"typing…" only when slow, the busy notice, retries on 5xx, and sends whose outcome is
unknown — the pure rules first, then end to end against the fake Bot API."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from typing import Any

import httpx
import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.telegram import delivery, handlers
from bot.telegram.delivery import Outcome, classify
from bot.telegram.phrases import phrase
from bot.telegram.ratelimit import Admission, QuestionRateLimiter
from tests.telegram.fake_bot_api import Failure, FakeBotApi
from tests.telegram.helpers import FakeEngine, ask_privately, running_bot

# --- the pure rules -------------------------------------------------------------------


def test_token_bucket_allows_a_burst_then_delays_then_refuses_with_a_time() -> None:
    now = [0.0]
    limiter = QuestionRateLimiter(burst=2, per_minute=10, queue=2, clock=lambda: now[0])  # a token every 6 s
    assert limiter.admit(1) == Admission(True, 0.0)
    assert limiter.admit(1) == Admission(True, 0.0)
    assert limiter.admit(1) == Admission(True, 6.0)  # queued: answered when its token comes
    assert limiter.admit(1) == Admission(True, 12.0)
    assert limiter.admit(1) == Admission(False, retry_after=6, tell=True)  # the queue is full
    assert limiter.admit(1) == Admission(False, retry_after=6, tell=False)  # told once
    assert limiter.admit(2) == Admission(True, 0.0)  # per user
    now[0] = 6.0
    assert limiter.admit(1) == Admission(True, 12.0)  # a place in the queue freed up
    now[0] = 100.0
    assert limiter.admit(1) == Admission(True, 0.0)
    assert QuestionRateLimiter(1, 0, 0).admit(1) == Admission(True, 0.0)  # 0 = no limit


def test_token_bucket_forgets_users_whose_bucket_refilled() -> None:
    now = [0.0]
    limiter = QuestionRateLimiter(1, 60, 0, clock=lambda: now[0])
    limiter.MAX_TRACKED_USERS = 10
    for user in range(20):
        limiter.admit(user)
    now[0] = 100
    limiter.admit(99)
    assert len(limiter._arrival) == 1


def _caused(error: Exception, cause: Exception) -> Exception:
    error.__cause__ = cause
    return error


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
def test_failures_are_classified_by_whether_the_request_may_have_arrived() -> None:
    request = httpx.Request("POST", "http://127.0.0.1/bot/sendMessage")
    assert classify(RetryAfter(1)) is Outcome.RETRY
    assert classify(NetworkError("Bad Gateway")) is Outcome.RETRY  # Telegram answered 502
    assert classify(_caused(NetworkError("x"), httpx.ConnectError("refused", request=request))) is Outcome.RETRY
    assert classify(_caused(TimedOut(), httpx.ConnectTimeout("slow", request=request))) is Outcome.RETRY
    assert classify(_caused(TimedOut(), httpx.PoolTimeout("busy", request=request))) is Outcome.RETRY
    assert classify(_caused(TimedOut(), httpx.ReadTimeout("no answer", request=request))) is Outcome.UNKNOWN
    assert classify(_caused(NetworkError("x"), httpx.RemoteProtocolError("cut", request=request))) is Outcome.UNKNOWN
    assert classify(BadRequest("can't parse entities")) is Outcome.FINAL
    assert classify(Forbidden("blocked")) is Outcome.FINAL


# --- end to end -------------------------------------------------------------------------


async def test_questions_over_the_limit_are_delayed_not_dropped(api: FakeBotApi) -> None:
    engine = FakeEngine()
    user = api.user(9101)
    chat = api.private_chat(user)
    async with running_bot(api, engine, rate_limit_burst=2, rate_limit_per_minute=120, rate_limit_queue=2):
        pushed = [await api.push(api.message(chat, f"apa kata Raisi {number}?", sender=user)) for number in range(5)]
        told = phrase("id", "rate_limited", seconds=1)  # the questions are Indonesian
        notice = await api.wait_for(lambda r: r.method == "sendMessage" and r.params.get("text") == told)
        await api.push(api.message(chat, "/help", sender=user))
        help_reply = await api.wait_for(lambda r: r.method == "sendMessage" and "Kutipan" in r.params["text"])
        await api.wait_for_reply(user["id"], count=6, timeout=5)
    answers = [r for r in api.delivered(user["id"]) if "<blockquote>" in r.params["text"]]
    assert engine.questions == [f"apa kata Raisi {n}?" for n in range(4)]  # in order; the fifth refused
    assert len(answers) == 4
    assert answers[3].at - api.pushed_at[pushed[0]] >= 0.99  # it waited for two tokens at 2 a second
    assert notice.status == 200
    assert "How to use Kutipan" in help_reply.plain_text  # /help is never limited
    assert help_reply.at < answers[3].at  # …nor queued behind the questions


async def test_typing_is_shown_only_when_the_search_is_slow(api: FakeBotApi, monkeypatch: Any) -> None:
    monkeypatch.setattr(handlers, "TYPING_AFTER_SECONDS", 0.2)

    class SlowEngine(FakeEngine):
        def ask(self, question: str, k: int = 3, today: date | None = None) -> list:
            if "lambat" in question:
                time.sleep(0.6)
            return super().ask(question, k, today)

    async with running_bot(api, SlowEngine()):
        quick = await ask_privately(api, "apa kata Raisi?", user=api.user(9201))
        slow = await ask_privately(api, "pertanyaan lambat", user=api.user(9202))
    assert api.calls("sendChatAction", quick.params["chat_id"]) == []
    (typing,) = api.calls("sendChatAction", slow.params["chat_id"])
    assert typing.params["action"] == "typing" and typing.at < slow.at


async def test_a_long_backlog_gets_a_busy_notice_before_the_answer(api: FakeBotApi, monkeypatch: Any) -> None:
    monkeypatch.setattr(handlers, "BUSY_NOTICE_SECONDS", -1.0)  # any backlog counts as long
    async with running_bot(api, FakeEngine()):
        answer = await ask_privately(api, "apa kata Raisi?", replies=2)
        again = await ask_privately(api, "apa kata Putin?")
    notice, _, _ = api.delivered()
    assert notice.params["text"] == phrase("id", "busy", seconds=0)
    assert "<blockquote>" in answer.params["text"] and "<blockquote>" in again.params["text"]


async def test_a_send_failing_with_502_is_retried_with_back_off_beyond_a_few_seconds(
    api: FakeBotApi, monkeypatch: Any
) -> None:
    monkeypatch.setattr(delivery, "FIRST_RETRY_DELAY", 0.2)
    user = api.user(9301)
    api.failures.append(Failure("sendMessage", 502, "Bad Gateway", chat_id=user["id"], times=4))
    async with running_bot(api, FakeEngine()):
        reply = await ask_privately(api, "apa kata Raisi?", user=user)
    attempts = api.calls("sendMessage", user["id"])
    assert [r.status for r in attempts] == [502, 502, 502, 502, 200]
    assert attempts[-1].at - attempts[0].at >= 2.5  # 0.2 + 0.4 + 0.8 + 1.6 s of back-off
    assert len(api.delivered(user["id"])) == 1 and "<blockquote>" in reply.params["text"]


async def test_a_send_that_timed_out_after_delivery_is_never_shown_twice(api: FakeBotApi, monkeypatch: Any) -> None:
    monkeypatch.setattr(delivery, "SEND_READ_TIMEOUT", 0.3)
    user = api.user(9401)
    api.failures.append(Failure("sendMessage", 200, "", chat_id=user["id"], hang=1.0))  # delivered, no answer
    async with running_bot(api, FakeEngine()):
        notice = await ask_privately(api, "apa kata Raisi?", user=user, replies=2)
        answer, _ = api.delivered(user["id"])
        query_id = await api.press(notice.result, "show")
        await api.wait_for(lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query_id)
        await asyncio.sleep(0.1)
    assert "<blockquote>" in answer.params["text"]
    assert notice.params["text"] == phrase("id", "unconfirmed")
    assert [b["callback_data"] for row in notice.params["reply_markup"]["inline_keyboard"] for b in row] == ["show"]
    answers_sent = [r for r in api.calls("sendMessage", user["id"]) if "<blockquote>" in r.params["text"]]
    assert len(answers_sent) == 1  # not resent
    shown = api.message_text(user["id"], notice.result["message_id"])
    assert "Raisi bertemu Putin di Moskow." in shown  # the notice became the answer on request
