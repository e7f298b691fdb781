"""Inline mode and buttons under the same rules as messages: ALLOWED_CHATS (for an
inline query, the user's id: a private chat's id is its user's) and the per-user rate
limit, which an inline query or a "More answers" press takes a token from without
waiting for one."""

from __future__ import annotations

from bot.telegram.phrases import phrase
from bot.telegram.ratelimit import Admission, QuestionRateLimiter
from tests.telegram.fake_bot_api import FakeBotApi, Request
from tests.telegram.helpers import FakeEngine, answer, article, ask_privately, running_bot


async def inline(api: FakeBotApi, text: str, user: dict) -> Request:
    query_id = await api.inline(text, user)
    return await api.wait_for(lambda r: r.method == "answerInlineQuery" and r.params["inline_query_id"] == query_id)


def test_a_token_now_or_a_refusal_never_a_place_in_the_queue() -> None:
    now = [0.0]
    limiter = QuestionRateLimiter(burst=2, per_minute=10, queue=2, clock=lambda: now[0])  # a token every 6 s
    assert limiter.admit_now(1) == Admission(True)
    assert limiter.admit_now(1) == Admission(True)
    assert limiter.admit_now(1) == Admission(False, retry_after=6)  # not queued
    assert limiter.admit(1) == Admission(True, 6.0)  # the refusal took no token: a question still queues
    assert limiter.admit_now(1) == Admission(False, retry_after=12)  # behind the queued question
    assert limiter.admit_now(2) == Admission(True)  # per user
    now[0] = 12.0
    assert limiter.admit_now(1) == Admission(True)
    assert QuestionRateLimiter(1, 0, 0).admit_now(1) == Admission(True)  # 0 = no limit


async def test_inline_queries_from_outside_allowed_chats_are_refused(api: FakeBotApi) -> None:
    engine = FakeEngine()
    allowed, stranger = api.user(3101), api.user(3102)
    async with running_bot(api, engine, allowed_chats=[allowed["id"], -1009]):
        refused = await inline(api, "apa kata Raisi?", stranger)
        served = await inline(api, "apa kata Raisi kepada Putin?", allowed)
    assert refused.status == 200 and refused.params["results"] == []
    assert refused.params.get("is_personal") is True  # not cached for anyone else typing the same
    assert served.params["results"]
    assert engine.questions == ["apa kata Raisi kepada Putin?"]  # the stranger's was never searched


async def test_inline_queries_count_against_the_rate_limit_without_waiting(api: FakeBotApi) -> None:
    engine = FakeEngine()
    user, other = api.user(3201), api.user(3202)
    limits = {"rate_limit_burst": 2, "rate_limit_per_minute": 1, "rate_limit_queue": 3}
    async with running_bot(api, engine, **limits):
        first = await inline(api, "apa kata Raisi?", user)
        second = await inline(api, "apa kata Putin?", user)
        third = await inline(api, "apa kata Netanyahu?", user)
        cached = await inline(api, "apa kata Raisi?", user)  # no search: costs no token
        others = await inline(api, "apa kata Netanyahu?", other)
    assert first.params["results"] and second.params["results"] and cached.params["results"]
    assert third.status == 200 and third.params["results"] == []
    assert third.params["button"] == {"text": phrase("id", "inline_slow_down"), "start_parameter": "help"}
    assert third.params.get("is_personal") is True and third.params.get("cache_time") == 0
    assert others.params["results"]  # per user
    assert engine.questions == ["apa kata Raisi?", "apa kata Putin?", "apa kata Netanyahu?"]


async def test_more_answers_presses_count_against_the_rate_limit(api: FakeBotApi) -> None:
    engine = FakeEngine([answer(f"Kalimat nomor {n}.", article(n)) for n in range(1, 8)])
    user = api.user(3301)
    async with running_bot(api, engine, answers_per_reply=1, rate_limit_burst=2, rate_limit_per_minute=1):
        reply = await ask_privately(api, "apa kata Raisi?", user=user)  # one token
        query_id = await api.press(reply.result, "more", user)  # the second
        await api.wait_for(lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query_id)
        query_id = await api.press(reply.result, "more", user)  # none left
        slow = await api.wait_for(
            lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query_id
        )
        vote_id = await api.press(reply.result, "up:0", user)  # a vote searches nothing: never limited
        vote = await api.wait_for(
            lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == vote_id
        )
    assert slow.params["text"] == phrase("id", "slow_down", seconds=60)
    assert vote.params["text"] == phrase("id", "vote_thanks")
    assert len(api.calls("editMessageText")) == 1
    assert engine.questions == ["apa kata Raisi?", "apa kata Raisi?"]
