"""Hostile inputs cost time linear in their size (issue 10): the sentence splitter, the
cleaner's repeat detection. Bounds are generous (a shared CI machine); the quadratic
versions took minutes on these inputs. bench/robustness.py measures the growth."""

from __future__ import annotations

import random
import time

from bot.ingest.cleaning import _drop_repeats, clean_page
from bot.text.markers import carries_answer_type, text_flags, text_flags_by_definition
from bot.text.sentences import split_sentences


def seconds(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def test_splitter_is_linear_on_text_without_spaces() -> None:
    text = "A.\t" * 100_000  # 300 kB of initials: the old regex rescanned the whole sentence at every stop
    assert seconds(lambda: split_sentences(text)) < 2.0


def test_splitter_keeps_abbreviations_and_initials() -> None:
    assert split_sentences("Dr. Budi dan Susilo B. Yudhoyono tiba. Mereka bicara.") == [
        "Dr. Budi dan Susilo B. Yudhoyono tiba.",
        "Mereka bicara.",
    ]
    assert split_sentences("Ia tinggal di Jl. Sudirman No. 5 dsb. Lalu pergi.")[0].startswith(
        "Ia tinggal di Jl. Sudirman No. 5"
    )


def test_splitter_is_linear_on_a_run_of_dots_before_a_word() -> None:
    # A dotted leader: an ellipsis was also three full stops, so a run of dots with no space
    # after it was split into both in every way (exponential: 44 dots took seconds, each
    # more half as long again); a run of ellipses was read from each of them (quadratic).
    assert seconds(lambda: split_sentences("Tarif" + "." * 44 + "Rp5.000 per orang.")) < 0.5
    assert seconds(lambda: split_sentences("Tarif" + "…" * 30_000 + "Rp5.000 per orang.")) < 0.5


def test_markers_are_linear_in_a_long_number_or_word() -> None:
    # A share's word was looked for after each digit of a long number, a name's comma after
    # each capital of a long word (quadratic: these took seconds).
    assert seconds(lambda: text_flags("1" * 20_000 + " orang")) < 0.5
    assert seconds(lambda: text_flags("A" * 40_000 + ", Bandung dan Cirebon.")) < 0.5


def test_a_name_before_a_comma_may_have_its_capital_inside() -> None:
    sentence = "Ponsel iPhone, Samsung dan Xiaomi laris di pasar."
    assert carries_answer_type("where", sentence) and carries_answer_type("who", sentence)
    assert text_flags(sentence) == text_flags_by_definition(sentence)
    assert not carries_answer_type("where", "Ponsel iphone, Samsung dan Xiaomi laris.")


def test_overlong_sentences_are_cut_into_capped_passages() -> None:
    text = "kata " * 3000 + "akhir."
    pieces = split_sentences(text, max_chars=500)
    assert all(len(p) <= 500 for p in pieces) and len(pieces) >= 30
    assert " ".join(pieces).split() == text.split()
    assert split_sentences("x" * 1200, max_chars=500) == ["x" * 500, "x" * 500, "x" * 200]


def test_repeat_detection_is_linear_in_the_paragraphs() -> None:
    rng = random.Random(7)
    words = [f"kata{i}" for i in range(500)]
    paragraphs = [" ".join(rng.choice(words) for _ in range(30)) + "." for _ in range(8000)]
    assert seconds(lambda: _drop_repeats(paragraphs, "Judul")) < 3.0


def test_repeat_detection_still_drops_standfirsts_and_repeats() -> None:
    long = "Pemerintah kota Semarang mengumumkan status darurat banjir pada Senin malam setelah hujan deras."
    short = "mengumumkan status darurat banjir pada Senin malam"
    kept = _drop_repeats(
        [short, long, long, "Judul berita", "Paragraf lain yang berbeda sama sekali di sini."], "Judul berita"
    )
    assert kept == [long, "Paragraf lain yang berbeda sama sekali di sini."]


def test_cleaning_a_large_page_is_quick() -> None:
    rng = random.Random(3)
    words = "pemerintah kota banjir warga mengungsi presiden menteri harga pasar".split()
    body = "\n\n".join(" ".join(rng.choice(words) for _ in range(25)).capitalize() + "." for _ in range(6000))
    assert seconds(lambda: clean_page("Judul Berita Hari Ini\n\n" + body)) < 5.0
