"""The Telegram side under hostile input (issue 10): replies valid and within 4096
UTF-16 units whatever the articles hold, long texts bounded before the event loop,
every secret redacted, and a poisoned corpus still answering."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.model import Answer, ArticleInfo
from bot.telegram.addressing import extract_question
from bot.telegram.redaction import TokenRedactingFilter, redact_token
from bot.telegram.render import render_answers, render_sources_page
from tests.telegram.fake_bot_api import FakeBotApi, parse_telegram_html, utf16_length
from tests.telegram.helpers import TOKEN, answer, article, running_bot

LIMIT = 4096
text = st.text(max_size=300)
# Long texts are short ones repeated: generating thousands of random characters is what
# would make these tests slow, not rendering them.
long_text = st.one_of(text, st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=40), st.integers(50, 400)))
articles = st.builds(
    ArticleInfo,
    id=text,
    title=long_text,
    url=st.one_of(text, st.just("https://x.id/a")),
    source=long_text,
    published=long_text,
)
answers = st.builds(
    Answer,
    text=long_text,
    context_before=st.lists(long_text, max_size=3).map(tuple),
    context_after=st.lists(long_text, max_size=3).map(tuple),
    score=st.floats(allow_nan=False),
    article=articles,
    matched=st.lists(text, max_size=5).map(tuple),
    also_in=st.lists(articles, max_size=5).map(tuple),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(answers, min_size=1, max_size=4), st.sampled_from(["en", "id"]))
def test_replies_are_valid_html_within_the_limit_whatever_the_articles_hold(batch: list[Answer], lang: str) -> None:
    message = render_answers(batch, lang)  # type: ignore[arg-type]
    plain, _ = parse_telegram_html(message)
    assert utf16_length(plain) <= LIMIT


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(articles, max_size=30), st.sampled_from(["en", "id"]))
def test_source_lists_are_valid_html_within_the_limit(batch: list[ArticleInfo], lang: str) -> None:
    for page in range(max(1, -(-len(batch) // 10))):
        message = render_sources_page(batch, lang, page, 10)  # type: ignore[arg-type]
        plain, _ = parse_telegram_html(message)
        assert utf16_length(plain) <= LIMIT


def test_a_long_source_name_never_makes_a_reply_too_long() -> None:
    reply = render_answers([answer("Kalimat.", article(source="S" * 5000, published="9" * 5000))], "en")
    assert utf16_length(parse_telegram_html(reply)[0]) <= LIMIT


def test_a_two_megabyte_paragraph_renders_quickly() -> None:
    huge = answer("kata " * 400_000, matched=("kata",), before=("x " * 100_000,) * 20)
    started = time.perf_counter()
    reply = render_answers([huge], "en")
    assert time.perf_counter() - started < 0.5
    assert utf16_length(parse_telegram_html(reply)[0]) <= LIMIT


def test_a_long_run_of_separators_in_a_message_is_read_in_linear_time() -> None:
    # A message is read whole before its length is checked; the separators left before a
    # mention's question mark were looked for from each of a long run of them (quadratic:
    # a 30,000-character run took seconds).
    message = "@KutipanTestBot apa " + ",;:" * 10_000 + " lalu?"
    started = time.perf_counter()
    question = extract_question(message, [], username="KutipanTestBot", bot_id=1)
    assert time.perf_counter() - started < 0.5
    assert question == "apa" + ",;:" * 10_000 + " lalu?"
    assert extract_question("@KutipanTestBot apa kata Raisi,;:?", [], username="KutipanTestBot", bot_id=1) == (
        "apa kata Raisi?"
    )


def test_secrets_are_redacted_in_any_case_and_encoding() -> None:
    secret = "WebHookSecret-abc123XYZ"
    redactor = TokenRedactingFilter(TOKEN, (secret,))
    for leaked in (secret, secret.lower(), secret.upper(), "WebHookSecret%2Dabc123XYZ".replace("%2D", "-")):
        assert secret.lower() not in redactor.redact(f"header X-Telegram-Bot-Api-Secret-Token: {leaked}").lower()
    token_upper = TOKEN.upper()
    assert token_upper not in redact_token(f"url https://api/bot{token_upper}/getMe", TOKEN)
    assert TOKEN.split(":")[1].lower() not in redact_token(TOKEN.lower(), TOKEN).lower()


def test_the_configured_webhook_secret_never_reaches_a_log_line(api: FakeBotApi, caplog: Any) -> None:
    from bot.telegram.app import build_application
    from tests.telegram.helpers import FakeEngine, settings_for

    secret = "Sup3rSecretWebhookValue"
    handler = logging.StreamHandler()
    logging.getLogger().addHandler(handler)
    try:
        build_application(settings_for(api, webhook_secret_token=secret), FakeEngine())  # type: ignore[arg-type]
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "secret is %s", (secret.lower(),), None)
        for log_filter in handler.filters:
            log_filter.filter(record)  # type: ignore[union-attr]
        assert secret.lower() not in record.getMessage()
    finally:
        logging.getLogger().removeHandler(handler)


async def test_a_poisoned_corpus_still_answers_in_the_bot(api: FakeBotApi, tmp_path: Path) -> None:
    from bot import Engine
    from tests.faults.poison import poisoned_corpus

    corpus = poisoned_corpus(tmp_path / "corpus")
    started = time.perf_counter()
    engine = Engine.open(corpus, tmp_path / "index")
    async with running_bot(api, engine, corpus_dirs=[corpus]):
        chat = api.private_chat(api.user())
        await api.push(api.message(chat, "berapa warga mengungsi karena banjir di Semarang?"))
        reply = (await api.wait_for_reply(chat["id"]))[-1]
    assert time.perf_counter() - started < 1.0 + 1.0  # open + a round trip through the fake API
    assert "1.350" in reply.params["text"] and "Semarang" in reply.params["text"]
