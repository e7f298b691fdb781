"""Conversation: small talk, follow-ups, the reply language, edits, captions and deep
links — the pure rules first, then end to end against the fake Bot API."""

from __future__ import annotations

from typing import Any

import pytest

from bot.search.analyzer import Analyzer
from bot.telegram.conversation import (
    Bounded,
    choose_language,
    combined_question,
    decode_start_payload,
    encode_start_payload,
    is_follow_up,
    small_talk,
)
from bot.telegram.phrases import phrase
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.helpers import (
    FakeEngine,
    answer,
    article,
    ask_privately,
    running_bot,
    say_in_group,
    settle,
)

DETECT = Analyzer.packaged().detect_language


# --- the pure rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi", ("greeting", "en")),
        ("Haiii!!", ("greeting", "id")),
        ("halo bot", ("greeting", "id")),
        ("Thanks!", ("thanks", "en")),
        ("thank you so much", ("thanks", "en")),
        ("makasih ya", ("thanks", "id")),
        ("Terima kasih banyak 🙏", ("thanks", "id")),
        ("who are you?", ("who", "en")),
        ("Kamu siapa?", ("who", "id")),
        ("help", ("help", "en")),
        ("bantuan", ("help", "id")),
        ("more", ("more", "en")),
        ("ada lagi?", ("more", "id")),
        ("ok", ("ack", "en")),
        ("oke sip", ("ack", "id")),
        ("@KutipanTestBot makasih", ("thanks", "id")),
    ],
)
def test_small_talk_is_recognised_in_both_languages(text: str, expected: tuple[str, str]) -> None:
    assert small_talk(text, "KutipanTestBot") == expected


@pytest.mark.parametrize(
    "text",
    ["What did Raisi tell Putin?", "siapa presiden Iran?", "thanks to whom did Putin call Netanyahu", "Raisi", ""],
)
def test_questions_are_not_small_talk(text: str) -> None:
    assert small_talk(text) is None


def test_follow_ups_point_back_and_name_nothing_new(real_engine: Any) -> None:
    previous = "Apa kata Raisi kepada Putin?"

    def follows(text: str) -> bool:
        return is_follow_up(text, previous, real_engine.analyze)

    assert follows("kapan itu?")
    assert follows("why did he say that?")
    assert follows("why did he win?")  # points back; a new word is fine then
    assert follows("dan Putin?")  # names only who was already named
    assert follows("tanggapannya?")
    assert follows("why?") and follows("Kenapa?") and follows("siapa?") and follows("how many?")
    assert follows("and Iran?") and follows("kalau Iran?") and follows("what about Iran?")  # a name swapped in
    assert follows("what did he tell him?")  # "tell" is what "kata" asked
    assert not follows("Berapa harga beras di Jakarta?")
    assert not follows("What did Netanyahu tell him?")  # a new person
    assert not follows("berapa harga beras di pasar tradisional sekarang")  # long, refers to nothing


@pytest.mark.parametrize(
    "text",
    [
        "Prabowo bilang apa?",  # a capitalised first word is a name unless a common word
        "Harga beras naik?",  # short, but asks about something new
        "Siapa Netanyahu?",
        "dan harga beras?",  # an elliptical opening, but new words, not a name swapped in
        "and what did Netanyahu say about rice prices?",
        "",
    ],
)
def test_short_new_questions_are_not_follow_ups(real_engine: Any, text: str) -> None:
    assert not is_follow_up(text, "apa kata Raisi kepada Putin", real_engine.analyze)
    assert combined_question("Apa kata Raisi?", "kapan itu?", 100) == "Apa kata Raisi? kapan itu?"
    assert combined_question("satu dua tiga empat", "lima", 12) == "empat lima"  # whole words, the end kept


def test_reply_language_pin_then_words_then_client_then_last_question() -> None:
    def choose(text: str, **kw: Any) -> str:
        return choose_language(text, **{"pinned": None, "language_code": None, "last": None, "detect": DETECT, **kw})

    assert choose("What did Raisi tell Putin?", language_code="id") == "en"
    assert choose("Apa kata Raisi kepada Putin?", language_code="en") == "id"
    assert choose("Raisi?", language_code="en", last="id") == "en"  # one name says no language
    assert choose("Raisi?", last="id") == "id"
    assert choose("Raisi?") == "en"
    assert choose("What did Raisi tell Putin?", pinned="id") == "id"


def test_deep_link_payloads_decode_safely() -> None:
    payload = encode_start_payload("Apa kata Raisi kepada Putin?")
    assert payload is not None and len(payload) <= 64
    assert decode_start_payload(payload) == "Apa kata Raisi kepada Putin?"
    assert decode_start_payload("harga_beras_di_Jakarta") == "harga beras di Jakarta"
    assert decode_start_payload("help") == "help"
    for bad in ("", "a" * 65, "bad payload", "q-!!!", "q-_w", "q-AAEC"):  # spaces, not base64, control bytes
        assert decode_start_payload(bad) is None
    assert encode_start_payload("x" * 100) is None


def test_bounded_memory_forgets_the_least_recently_used() -> None:
    memory: Bounded[int, str] = Bounded(2)
    memory.put(1, "a")
    memory.put(2, "b")
    assert memory.get(1) == "a"  # 1 is now the most recent
    memory.put(3, "c")
    assert memory.get(2) is None and memory.get(1) == "a" and len(memory) == 2


# --- end to end -------------------------------------------------------------------------


async def test_small_talk_is_answered_briefly_without_a_search(api: FakeBotApi) -> None:
    engine = FakeEngine()
    user = api.user(8001, language_code=None)
    async with running_bot(api, engine):
        thanks = await ask_privately(api, "makasih!", user=user)
        hello = await ask_privately(api, "hi", user=user)
        who = await ask_privately(api, "siapa kamu?", user=user)
        help_reply = await ask_privately(api, "bantuan", user=user)
        more = await ask_privately(api, "more", user=user)
    assert thanks.params["text"] == phrase("id", "thanks")
    assert hello.params["text"] == phrase("en", "greeting")
    assert who.params["text"] == phrase("id", "who")
    assert "Cara memakai Kutipan" in help_reply.plain_text
    assert more.params["text"] == phrase("en", "nothing_to_continue")
    assert engine.questions == []


async def test_thanks_in_a_group_get_a_reaction_not_a_message(api: FakeBotApi) -> None:
    engine = FakeEngine()
    async with running_bot(api, engine) as application:
        await say_in_group(api, "@KutipanTestBot apa kata Raisi?")
        (first,) = await api.wait_for_reply(-1001)
        thanks = await say_in_group(api, "makasih 🙏", reply_to=first.result)
        reaction = await api.wait_for(lambda r: r.method == "setMessageReaction")
        await settle(api, application, thanks["update_id"])
    assert reaction.params["message_id"] == thanks["message_id"]
    assert reaction.params["reaction"] == [{"type": "emoji", "emoji": "👍"}]
    assert len(api.delivered(-1001)) == 1
    assert engine.questions == ["apa kata Raisi?"]


async def test_a_follow_up_is_searched_with_the_question_it_follows(api: FakeBotApi) -> None:
    engine = FakeEngine()
    user = api.user(8101)
    async with running_bot(api, engine):
        first = await ask_privately(api, "Apa kata Raisi kepada Putin?", user=user)
        await ask_privately(api, "kapan itu?", user=user)
        await ask_privately(api, "Berapa harga beras di Jakarta?", user=user)
        await ask_privately(api, "why did he say that?", user=user, reply_to=first.result)
        await ask_privately(api, "Prabowo bilang apa?", user=user)
        await ask_privately(api, "and Iran?", user=user)
        await ask_privately(api, "Harga beras naik?", user=user)
        await ask_privately(api, "why did he win?", user=user, reply_to=first.result)
    assert engine.questions == [
        "Apa kata Raisi kepada Putin?",
        "Apa kata Raisi kepada Putin? kapan itu?",
        "Berapa harga beras di Jakarta?",  # names something new: a new question
        "Apa kata Raisi kepada Putin? why did he say that?",  # a reply to the first answer
        "Prabowo bilang apa?",  # short, but names someone new
        "Prabowo bilang apa? and Iran?",  # a name swapped into the last question
        "Harga beras naik?",  # short, but asks about something new
        "Apa kata Raisi kepada Putin? why did he win?",  # a reply to an answer still follows it
    ]


async def test_reply_language_uses_client_language_last_question_and_lang_command(api: FakeBotApi) -> None:
    engine = FakeEngine()
    english_client = api.user(8201, language_code="en")
    no_client = api.user(8202, language_code=None)
    async with running_bot(api, engine):
        raisi = await ask_privately(api, "Raisi?", user=english_client)
        await ask_privately(api, "Apa kata Raisi kepada Putin?", user=no_client)
        after_indonesian = await ask_privately(api, "Raisi?", user=no_client)
        pinned = await ask_privately(api, "/lang id", user=english_client)
        english_words = await ask_privately(api, "What did Raisi tell Putin?", user=english_client)
        usage = await ask_privately(api, "/lang klingon", user=english_client)
        auto = await ask_privately(api, "/lang auto", user=english_client)
        unpinned = await ask_privately(api, "What did Raisi tell Putin?", user=english_client)
    assert raisi.plain_text.startswith("Here is what I found")
    assert after_indonesian.plain_text.startswith("Ini yang saya temukan")
    assert pinned.params["text"] == phrase("id", "lang_set")
    assert english_words.plain_text.startswith("Ini yang saya temukan")
    assert usage.params["text"] == phrase("id", "lang_usage")  # still pinned
    assert auto.params["text"] == phrase("en", "lang_auto")
    assert unpinned.plain_text.startswith("Here is what I found")


async def test_an_edited_question_is_answered_by_editing_the_reply(api: FakeBotApi) -> None:
    engine = FakeEngine()
    user = api.user(8301)
    chat = api.private_chat(user)
    async with running_bot(api, engine) as application:
        question = api.message(chat, "apa kata Raisi?", sender=user)
        await api.push(question)
        (reply,) = await api.wait_for_reply(user["id"])
        engine.answers = [answer("Putin menelepon Netanyahu.", article(2))]
        update_id = await api.edit(question, "apa kata Putin?")
        edit = await api.wait_for(lambda r: r.method == "editMessageText" and r.status == 200)
        await settle(api, application, update_id)
    assert engine.questions == ["apa kata Raisi?", "apa kata Putin?"]
    assert edit.params["message_id"] == reply.result["message_id"]
    assert "Putin menelepon Netanyahu." in api.message_text(user["id"], reply.result["message_id"])
    assert len(api.delivered(user["id"])) == 1  # no second message


async def test_a_caption_is_read_as_a_question(api: FakeBotApi) -> None:
    engine = FakeEngine()
    photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
    async with running_bot(api, engine):
        reply = await ask_privately(api, None, photo=photo, caption="apa kata Raisi?")
        await say_in_group(api, None, photo=photo, caption="@KutipanTestBot apa kata Putin?")
        await api.wait_for_reply(-1001)
    assert "<blockquote>" in reply.params["text"]
    assert engine.questions == ["apa kata Raisi?", "apa kata Putin?"]


async def test_deep_links_open_with_their_question(api: FakeBotApi) -> None:
    engine = FakeEngine()
    payload = encode_start_payload("Apa kata Raisi kepada Putin?")
    async with running_bot(api, engine):
        coded = await ask_privately(api, f"/start {payload}")
        topic = await ask_privately(api, "/start harga_beras")
        broken = await ask_privately(api, "/start q-!!")
        help_reply = await ask_privately(api, "/start help")
    assert "<blockquote>" in coded.params["text"] and "<blockquote>" in topic.params["text"]
    assert engine.questions == ["Apa kata Raisi kepada Putin?", "harga beras"]
    assert broken.plain_text.startswith("Hello, Ani!")  # undecodable: the usual greeting
    assert "How to use Kutipan" in help_reply.plain_text


async def test_typed_more_shows_the_next_answers(api: FakeBotApi) -> None:
    engine = FakeEngine([answer(f"Kalimat nomor {n}.", article(n)) for n in range(1, 6)])
    user = api.user(8401)
    async with running_bot(api, engine, answers_per_reply=2):
        await ask_privately(api, "apa kata Raisi?", user=user)
        more = await ask_privately(api, "lagi", user=user)
        most = await ask_privately(api, "more", user=user)
        done = await ask_privately(api, "more", user=user)
    assert "Kalimat nomor 3." in more.plain_text and "Kalimat nomor 1." not in more.plain_text
    assert "Kalimat nomor 5." in most.plain_text
    assert done.params["text"] == phrase("id", "no_more")  # the language of the question


async def test_group_greeting_to_the_bot_is_brief(api: FakeBotApi) -> None:
    engine = FakeEngine()
    async with running_bot(api, engine):
        await say_in_group(api, "halo @KutipanTestBot")
        (reply,) = await api.wait_for_reply(-1001)
    assert reply.params["text"] == phrase("id", "greeting")
    assert engine.questions == []
