"""Answers as a user sees them: the right quote first, its context and sources, or nothing."""

from __future__ import annotations

from pathlib import Path

from bot import Engine
from bot.model import ArticleInfo
from bot.search.answers import Quote, assemble_answers, context_for, matched_words

A = ArticleInfo("a", "Judul A", "https://a.example/1", "Outlet A", "2024-01-02")
B = ArticleInfo("b", "Judul B", "https://b.example/2", "Outlet B", "2024-01-03")


def quote(text: str, article: ArticleInfo = A, previous: str | None = None, following: str | None = None) -> Quote:
    return Quote(text, 1.0, article, previous, following)


def test_anaphoric_sentence_gets_the_one_before() -> None:
    before, after = context_for(
        quote(
            "Ia menambahkan bahwa dapur umum dibuka di enam kecamatan sejak kemarin sore.",
            previous="Wali kota menetapkan status tanggap darurat.",
        )
    )
    assert before == ("Wali kota menetapkan status tanggap darurat.",) and after == ()


def test_unattributed_quote_keeps_its_attribution_from_the_next_sentence() -> None:
    _, after = context_for(
        quote(
            '"Kami akan mengirim bantuan ke seluruh wilayah terdampak secepatnya hari ini juga."',
            following="Demikian kata Menteri Sosial.",
        )
    )
    assert after == ("Demikian kata Menteri Sosial.",)


def test_self_contained_sentence_stands_alone() -> None:
    text = "Badan Penanggulangan Bencana Daerah mencatat 1.350 warga mengungsi ke masjid dan sekolah di kota itu."
    assert context_for(quote(text, previous="Sebelumnya hujan.", following="Banjir terjadi karena tanggul jebol.")) == (
        (),
        (),
    )


def test_near_duplicates_are_shown_once_with_every_source() -> None:
    same = "Presiden menyampaikan belasungkawa kepada keluarga korban banjir di Semarang."
    answers = assemble_answers(
        [quote(same, A), quote(same + "", B), quote("Hujan turun deras sejak malam.", A)], {"belasungkawa"}, k=3
    )
    assert [a.text for a in answers] == [same, "Hujan turun deras sejak malam."]
    assert answers[0].article == A and answers[0].also_in == (B,)


def test_a_sentence_is_shown_once_in_a_reply() -> None:
    # The second quote is what the first leans on: it stays the first one's context and the
    # next quote takes its place; a later quote does not repeat shown sentences as context.
    first = "Wali kota menetapkan status tanggap darurat."
    second = "Ia menambahkan bahwa dapur umum dibuka di enam kecamatan sejak kemarin sore."
    third = "Mereka mengungsi ke masjid dan sekolah di kota itu sejak Selasa malam."
    answers = assemble_answers(
        [quote(second, previous=first), quote(first, following=second), quote(third, previous=second)],
        {"dapur"},
        k=3,
    )
    assert [(a.context_before, a.text) for a in answers] == [((first,), second), ((), third)]


def test_a_quote_that_follows_a_better_answer_is_its_own_answer() -> None:
    # A short quote's next sentence is its context after; ranked too, it is quoted on its
    # own and leaves the first answer's context (trimming trailing context cannot lose it).
    short = "Tanggul jebol."
    flood = "Air setinggi dua meter merendam 4.200 rumah di tiga kecamatan sejak Senin malam."
    answers = assemble_answers([quote(short, following=flood), quote(flood, previous=short)], {"rumah"}, k=3)
    assert [(a.text, a.context_after) for a in answers] == [(short, ()), (flood, ())]
    assert assemble_answers([quote(short, following=flood)], {"rumah"}, k=0) == []


def test_matched_words_are_the_surface_forms() -> None:
    assert matched_words(["Presiden menyampaikan belasungkawa kepada warga."], {"sampai", "warga"}) == (
        "menyampaikan",
        "warga",
    )


def first(engine: Engine, question: str) -> str:
    answers = engine.ask(question)
    assert answers, f"no answer for {question!r}"
    return answers[0].text


def test_indonesian_and_english_questions_find_the_same_quote(engine: Engine) -> None:
    assert "1.350 warga mengungsi" in first(engine, "Berapa warga yang mengungsi akibat banjir Semarang?")
    assert "1.350 warga mengungsi" in first(engine, "How many residents were evacuated by the Semarang flood?")


def test_english_speech_question_quotes_the_speaker(engine: Engine) -> None:
    assert first(engine, "What did Sugiono tell Iwaya?").startswith("Sugiono menyampaikan kepada Iwaya")


def test_why_question_prefers_the_reason(engine: Engine) -> None:
    assert "karena tanggul Sungai Babon jebol" in first(engine, "Mengapa banjir terjadi di Semarang?")


def test_answer_carries_its_source(engine: Engine) -> None:
    answer = engine.ask("harga tiket kereta cepat")[0]
    assert answer.article.url == "https://kabar.example/ekonomi/2023/11/20/kereta-cepat-sejuta"
    assert answer.article.source == "Kabar Contoh" and answer.article.published == "2023-11-20"
    assert "Rp 300.000" in answer.text


def test_not_found_for_people_and_topics_the_corpus_lacks(engine: Engine) -> None:
    assert engine.ask("Apa kata Erdogan tentang banjir?") == []
    assert engine.ask("resep rendang padang yang enak") == []
    assert engine.ask("???") == [] and engine.ask("") == []


def test_a_person_never_named_near_the_quote_lowers_its_score(engine: Engine) -> None:
    # Sugiono is in the corpus, but never in the flood story: a quote from that story
    # is far less likely to be what he said than what the mayor quoted there said.
    quoted = engine.explain("What did Hevearita say about the Semarang flood?").candidates[0]
    absent = engine.explain("What did Sugiono say about the Semarang flood?").candidates[0]
    assert "Hevearita" in quoted.text
    assert absent.features["names_apart"] > quoted.features["names_apart"] == 0.0
    assert absent.features["names_absent"] > quoted.features["names_absent"] == 0.0
    assert absent.score < quoted.score - 1.0


def test_headlines_are_checked_for_numbers_not_for_names(engine: Engine) -> None:
    # A headline stating a count answers "how many" as a sentence would; a title-cased
    # headline is capitalised throughout, so it is never taken for a name.
    count = engine.explain("Berapa penumpang kereta cepat?").candidates
    headline = next(c for c in count if c.text.startswith("Penumpang Kereta Cepat Tembus"))
    assert headline.features["type_carried"] == 1.0
    who = engine.explain("Siapa penumpang kereta cepat?").candidates
    headline = next(c for c in who if c.text.startswith("Penumpang Kereta Cepat Tembus"))
    assert headline.features["type_carried"] == headline.features["type_lacking"] == 0.0


def test_dates_in_the_question_prefer_articles_of_that_year(tmp_path: Path, corpus_dir: Path) -> None:
    for year in (2022, 2024):
        (corpus_dir / f"{year}_banjir.md").write_text(
            f"---\ntitle: Banjir Kudus {year}\nurl: https://k.example/{year}\nsource: K\npublished: {year}-02-10\n---\n\n"
            f"Banjir merendam 300 rumah di Kudus setelah hujan deras semalaman.\n",
            encoding="utf-8",
        )
    engine = Engine.open(corpus_dir, tmp_path / "index")
    assert engine.ask("banjir Kudus Februari 2024")[0].article.url == "https://k.example/2024"
    assert engine.ask("flood in Kudus in 2022")[0].article.url == "https://k.example/2022"


def test_how_many_needs_a_number(engine: Engine) -> None:
    answers = engine.ask("Berapa warga Semarang yang mengungsi?")
    assert answers
    assert any(ch.isdigit() for ch in answers[0].text)


def test_focus_prefers_the_sentence_with_the_rare_word(engine: Engine) -> None:
    # "dapur umum" stands in one sentence of the flood story; "banjir" and "Semarang" run through it.
    assert "dapur umum" in " ".join(
        (*engine.ask("dapur umum banjir Semarang")[0].context_before, engine.ask("dapur umum banjir Semarang")[0].text)
    )


def test_acronym_in_question_finds_the_spelled_out_name(tmp_path: Path, corpus_dir: Path) -> None:
    (corpus_dir / "bmkg.md").write_text(
        "---\ntitle: Gempa di Maluku\nurl: https://g.example/1\nsource: G\npublished: 2024-05-01\n---\n\n"
        "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) mencatat gempa bermagnitudo 5,2 di Maluku.\n\n"
        "Badan Meteorologi, Klimatologi, dan Geofisika memastikan gempa tidak berpotensi tsunami.\n",
        encoding="utf-8",
    )
    engine = Engine.open(corpus_dir, tmp_path / "index")
    answers = engine.ask("Apakah menurut BMKG gempa Maluku berpotensi tsunami?")
    assert answers and "tidak berpotensi tsunami" in answers[0].text


def test_lacking_the_type_is_told_apart_by_the_type_asked(engine: Engine) -> None:
    candidates = engine.explain("Berapa penumpang kereta cepat?").candidates
    lacking = [c for c in candidates if c.features["type_lacking"]]
    assert lacking and all(c.features["lacks_count"] == 1.0 for c in lacking)
    assert all(c.features["lacks_who"] == c.features["lacks_why"] == 0.0 for c in candidates)


def test_what_a_neighbour_lends_is_weighed_by_the_type_asked(engine: Engine) -> None:
    candidates = engine.explain("Apa kata wali kota soal banjir Semarang?").candidates
    lent = [c for c in candidates if c.features["neighbour_bm25_share"]]
    assert lent and all(c.features["lends_speech"] == c.features["neighbour_bm25_share"] for c in lent)
    assert all(c.features["lends_who"] == c.features["lends_count"] == 0.0 for c in candidates)
