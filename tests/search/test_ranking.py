"""The re-ranking layer: question types, dates, counted things, coverage and not-found."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Engine
from bot.search.analyzer import Analyzer
from bot.search.dates import DateFilter, question_dates
from bot.search.features import FEATURE_NAMES, FeatureRow, feature_matrix, view_question
from bot.search.qtypes import (
    carries_answer_type,
    counted_terms,
    counts_the_thing,
    counts_things,
    question_type,
)
from bot.search.question import AnalyzedQuestion, analyze_question
from bot.search.ranking import Candidate, contributions, describe, rerank
from bot.search.weights import RankingModel, packaged_model
from bot.text.markers import CAUSE_FLAG, text_flags
from bot.text.terms import index_terms


def analyze(question: str, vocabulary: set[str], **options: object) -> AnalyzedQuestion:
    return analyze_question(question, vocabulary, Analyzer.packaged(), **options)  # type: ignore[arg-type]


VOCABULARY = {"warga", "ungsi", "banjir", "putin", "raisi", "bulan", "tahan", "tanggul"}


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("How many people fled the flood?", "count"),
        ("Berapa warga yang mengungsi?", "count"),
        ("brp tahanan dibebaskan?", "count"),
        ("When did Putin call Raisi?", "when"),
        ("Kapan banjir terjadi?", "when"),
        ("Who read the text?", "who"),
        ("Siapa pembawa baki?", "who"),
        ("Where did they meet?", "where"),
        ("Di mana mereka bertemu?", "where"),
        ("Why did the dam break?", "why"),
        ("Kenapa tanggul jebol?", "why"),
        ("knp tanggul jebol?", "why"),
        ("What did Raisi tell Putin?", "speech"),
        ("apa kata Raisi kepada Putin?", "speech"),
        ("Banjir Demak", None),
        ("At what age do judges retire?", "count"),
        ("What is the city's new minimum wage level?", "count"),
        ("How fast did the economy grow?", "count"),
        ("What was the total damage from the storm?", "count"),
        ("What was the reason for the fuel price increase?", "why"),  # no measure after "for"
        ("What held up the construction of the dam?", "why"),
        ("What triggered the protests?", "why"),
        ("what's the price of rice now?", "count"),
        ("Which island did the ferry sail to?", "where"),
        ("Partai mana yang menolak usulan itu?", "who"),
        ("Banjir melanda kabupaten mana saja?", "where"),
        # "when/where" without the inverted auxiliary opens a clause, not a question
        ("What did the mayor promise when he visited the flood?", "speech"),
        ("What was the mayor hoping to get when he met Raisi?", None),
        ("When Putin visited Tehran, what did he tell Raisi?", "speech"),
        ("What happened in the city where the dam broke?", None),
        ("where putin go after tehran", "where"),  # typed without the auxiliary, alone
        ("the dam broke when?", "when"),
        ("When exactly did the dam break?", "when"),
        ("Do you know when the dam broke?", "when"),  # an indirect question keeps statement order
        ("tell me where the refugees went", "where"),
        ("what's behind the floods in Demak?", "why"),
        # a change asked by where it ended asks the new value
        ("what did the central bank cut its rate to in january", "count"),
        ("What did the government raise the fuel price to?", "count"),
        ("What did the mayor talk to the refugees about?", None),
        ("What did the governor say about the price at the meeting?", "speech"),
        ("what made the ferry go down?", "why"),
        ("what excuse did the company give for not paying full wages", "why"),
        ("What reasons did the minister cite?", "why"),
        ("hw many people fled the flood", "count"),
    ],
)
def test_question_types_in_both_languages(question: str, qtype: str | None) -> None:
    assert question_type(analyze(question, VOCABULARY)) == qtype


@pytest.mark.parametrize(
    ("qtype", "sentence", "expected"),
    [
        ("count", "Sebanyak 1.350 warga mengungsi.", True),
        ("count", "Banjir terjadi pada Senin (5/3/2024).", False),  # a date is not a count
        ("count", "Tim tiba pada 14 Juli dan pulang 20-21 Agustus.", False),  # nor a day of a month
        ("count", "Sebanyak 14 prajurit tiba pada Juli.", True),
        ("count", "Pasangan nomor urut 2 dilantik oleh Presiden ke-8.", False),  # labels and ordinals
        ("count", "Pasal 7 ayat (1) diubah pukul 10.30.", False),
        ("when", "Banjir terjadi pada Senin (5/3/2024).", True),
        ("when", "Warga mengungsi ke masjid.", False),
        ("when", "Hubungan kedua negara genap 75 tahun.", False),  # a length of time, not a date
        ("when", "Warga mengungsi selama tiga hari.", False),
        ("when", "Tanggul jebol dua hari lalu.", True),  # dates the event
        ("when", "Warga mengungsi sejak tanggul jebol.", False),  # relates it to another event
        ("why", "Banjir terjadi karena tanggul jebol.", True),
        ("why", "Warga mengungsi ke masjid untuk sementara.", True),  # a purpose: the weaker sign
        ("why", "Izin usaha dicabut setelah perusahaan gagal menambah modal.", True),  # the event it followed
        ("why", "Laba naik 12 persen ditopang efisiensi operasional.", True),  # what drove a figure
        ("why", "Ekspor naik didorong lonjakan pengiriman barang.", True),
        ("why", "Rupiah melemah dipengaruhi sentimen global.", True),
        ("speech", "Warga mengaku belum menerima bantuan.", True),
        ("speech", "Menurutnya, pasar tidak perlu panik.", True),  # the speaker named back by a clitic
        ("speech", "Ia berada di New York untuk berpidato di Sidang Umum PBB.", False),  # no words reported
        ("speech", '"Kami siap," kata Hevearita.', True),
        ("speech", "Hujan turun deras.", False),
        ("who", "Upacara dipimpin oleh Puan Maharani di halaman istana.", True),
        ("where", "Mereka bertemu di Tokyo pada Jumat.", True),
        ("where", "Misi itu didukung oleh Jepang, Korea Selatan, Filipina, dan Vietnam.", True),  # which countries
        ("where", "Operasi itu didukung oleh sejumlah sekutu.", False),
    ],
)
def test_answer_types(qtype: str, sentence: str, expected: bool) -> None:
    assert carries_answer_type(qtype, sentence) is expected


def test_counted_thing_is_the_noun_after_how_many() -> None:
    analysed = analyze("Berapa warga yang mengungsi?", VOCABULARY)
    counted = counted_terms(analysed)
    assert "warga" in counted
    assert counts_the_thing(["1350", "warga", "ungsi"], counted)
    assert not counts_the_thing(["warga", "ungsi", "masjid"], counted)


def test_a_measure_value_follows_its_noun() -> None:
    # Indonesian writes a count before the thing ("301 orang") and a measure's value after
    # the noun measured: "anggaran per porsi Rp 10.000", "suku bunga 6 persen".
    assert counts_the_thing(["anggaran", "porsi", "10000"], {"anggaran"})
    assert not counts_the_thing(["anggaran", "program", "capai", "target", "10000"], {"anggaran"})


def test_a_measure_asked_by_name_is_tied_to_its_value() -> None:
    # "What is the new interest rate": the value stands by "suku bunga", while a number
    # elsewhere ("dua instrumen baru") counts something else; the units are not the measure.
    vocabulary = {"suku", "bunga", "acuan", "baru", "instrumen", "bi"}
    question = analyze("What is BI's new benchmark interest rate?", vocabulary)
    assert question_type(question) == "count" and counted_terms(question) == {"bunga"}
    described = describe(
        question,
        [
            candidate(0, "BI menyiapkan dua instrumen baru."),
            candidate(1, "BI menetapkan suku bunga acuan 6,25 persen."),
        ],
        {"bi": 1.0, "baru": 1.0, "acuan": 1.0, "suku": 1.0, "bunga": 1.0},
    )
    assert [(c.features["type_tied"], c.features["counted_unmet"]) for c in described] == [(0.0, 1.0), (1.0, 0.0)]
    # Only what surely names the measure: its first sense ("fine" is denda, not "baik"), a
    # phrase's own words, not an abbreviation news also writes out, and no generic noun.
    fine = analyze("What's the biggest fine a platform can face?", {"denda", "besar", "baik", "halus"})
    assert counted_terms(fine) == {"denda"}
    wage = analyze("What is the minimum wage in Jakarta?", {"upah", "minimum", "ump", "umk", "jakarta"})
    assert counted_terms(wage) == set()
    generic = analyze("What is the number of people evacuated?", {"jumlah", "angka", "nomor", "warga", "ungsi"})
    assert counted_terms(generic) == set()
    cut = analyze("what did the central bank cut its rate to in january", vocabulary | {"bank", "sentral", "pangkas"})
    assert counted_terms(cut) and counted_terms(cut) <= {"suku", "bunga"}  # the rate, not the bank


def test_chat_asks_with_the_counted_thing_before_berapa() -> None:
    vocabulary = VOCABULARY | {"harga", "level", "pinjaman", "proyek", "ihsg", "tutup"}
    assert "harga" in counted_terms(analyze("harganya berapa sih?", vocabulary))
    # "berapa" followed by a clause opener or preposition: the noun before it is counted.
    assert counted_terms(analyze("IHSG ditutup di level berapa saat itu?", vocabulary)) >= {"level"}
    lent = counted_terms(analyze("Rusia memberi pinjaman berapa untuk proyek itu?", vocabulary))
    assert "pinjaman" in lent and "proyek" not in lent
    # With the noun after it, as standard Indonesian asks, that noun is counted.
    assert "proyek" in counted_terms(analyze("Berapa proyek yang dibiayai Rusia?", vocabulary))
    # A unit after it is counted, not the word before; a "brp" ending a longer question
    # counts none of its words in particular.
    assert counted_terms(analyze("kuota di proyek itu brp persen?", vocabulary | {"persen", "kuota"})) == {"persen"}
    assert counted_terms(analyze("harga proyek Rusia brp sih?", vocabulary | {"rusia"})) == set()
    # a place named before it is no thing counted, nor a verb before "berapa waktu"
    assert "demak" not in counted_terms(analyze("Korban banjir di Demak berapa?", vocabulary | {"demak", "korban"}))
    assert "butuh" not in counted_terms(analyze("Proyek itu butuh berapa waktu?", vocabulary | {"butuh", "waktu"}))


def test_question_dates_in_both_languages() -> None:
    assert question_dates(analyze("Who did Putin call in October 2023?", VOCABULARY)) == DateFilter(
        frozenset({2023}), frozenset({10})
    )
    assert question_dates(analyze("banjir bulan Februari 2024", VOCABULARY)) == DateFilter(
        frozenset({2024}), frozenset({2})
    )


def test_dates_agree_with_the_article_or_the_sentence() -> None:
    question = analyze("banjir Oktober 2023", {"banjir", "2023", "oktober"})

    def dates(published: str, text: str = "Banjir datang.") -> tuple[float, ...]:
        c = candidate(0, text)
        c.published = published
        f = FeatureRow(feature_matrix(view_question(question, {"banjir": 1.0}, [c]), [c]), 0)
        return f["date_agrees"], f["date_disagrees"], f["month_agrees"], f["month_disagrees"], f["names_other_date"]

    assert dates("2023-10-17") == (1.0, 0.0, 1.0, 0.0, 0.0)
    assert dates("2023-03-01") == (1.0, 0.0, 0.0, 1.0, 0.0)  # the article is from another month
    assert dates("2025-10-01") == (0.0, 1.0, 0.0, 0.0, 0.0)
    assert dates("2025-10-01", "Banjir datang pada 2023.")[0] == 1.0  # the sentence names the year
    # The sentence tells of another month of the same year: an earlier event of the story.
    assert dates("2023-10-17", "Banjir terakhir datang pada Januari 2023.")[3:] == (0.0, 1.0)
    assert dates("2023-03-01", "Banjir datang lagi pada Kamis (19/10/2023).")[3:] == (0.0, 0.0)
    assert dates("2023-10-17", "Banjir serupa terjadi pada 1945.")[4] == 0.0  # history, far from the year asked


def test_measures_count_in_their_units() -> None:
    analysed = analyze("Berapa lama banjir terjadi?", VOCABULARY | {"lama", "terjadi"})
    assert {"jam", "hari", "bulan", "tahun"} <= counted_terms(analysed)
    english = analyze("How long did the talks last?", VOCABULARY)
    assert "jam" in counted_terms(english)
    assert "kilometer" in counted_terms(analyze("How far is the dam from the city?", VOCABULARY))
    # A difference ("how far above", "how much quicker") counts in what is compared.
    assert counted_terms(analyze("How far above the limit was the flood?", VOCABULARY)) == set()
    assert counted_terms(analyze("How much quicker is the trip now?", VOCABULARY)) == set()
    # … but a noun in -er is counted as any: "meter", "former ministers".
    assert "meter" in counted_terms(analyze("Berapa meter tinggi tanggul?", VOCABULARY | {"meter", "tinggi"}))
    assert "menteri" in counted_terms(analyze("How many former ministers came?", VOCABULARY | {"menteri"}))


def test_a_sentence_that_never_names_the_thing_counted_cannot_answer() -> None:
    sure = RankingModel(dict.fromkeys(FEATURE_NAMES, 0.0), bias=5.0, threshold=0.5)
    vocabulary = {"gaji", "pokok", "anggota", "dewan", "tunjangan", "rumah"}
    idf = dict.fromkeys(vocabulary, 1.0)
    asked = analyze("Berapa gaji pokok anggota dewan?", vocabulary)
    allowance = candidate(1, "Tunjangan rumah anggota dewan Rp 50 juta per bulan.")
    salary = candidate(2, "Gaji pokok anggota dewan Rp 4 juta per bulan.")
    assert rerank(asked, [allowance], idf, model=sure) == []  # its number counts something else
    assert [c.doc for c in rerank(asked, [allowance, salary], idf, model=sure)] == [2]
    # An amount's units are written many ways ("Rp450.000" is indexed as rp450): only the
    # thing named is demanded.
    price = analyze("How much is a premium train ticket?", {"tiket", "kereta"})
    ticket = candidate(4, "Harga tiket kereta kelas premium kini Rp450.000 per penumpang.")
    assert rerank(price, [ticket], {"tiket": 1.0, "kereta": 1.0}, model=sure)
    # People are counted by what they are, seldom as "warga": no word is demanded.
    people = analyze("Berapa warga dewan yang hadir?", vocabulary | {"warga"})
    assert rerank(people, [candidate(3, "Sebanyak 40 anggota dewan hadir.")], idf, model=sure)


def test_a_speech_question_is_answered_only_by_what_was_said() -> None:
    sure = RankingModel(dict.fromkeys(FEATURE_NAMES, 0.0), bias=5.0, threshold=0.5)
    vocabulary = {"raisi", "putin", "sidang", "pidato", "moskow", "tegas", "kata", "kerja", "sama"}
    idf = dict.fromkeys(vocabulary, 1.0)
    asked = analyze("What did Raisi tell Putin?", vocabulary)
    both = ("raisi", "putin")
    trip = candidate(1, "Raisi berada di Moskow untuk bertemu Putin.", names=both)  # where he was, not what he said
    assert rerank(asked, [trip], idf, model=sure) == []
    said = candidate(2, "Raisi menegaskan kepada Putin bahwa kerja sama harus diperkuat.", names=both)
    assert [c.doc for c in rerank(asked, [trip, said], idf, model=sure)] == [2]
    # A quote is speech however it is reported; a headline is not checked for the type.
    quoted = candidate(3, '"Kerja sama kita kuat," ujar Raisi kepada Putin.', names=both)
    headline = candidate(4, "Raisi Temui Putin di Moskow", title=True, names=both)
    assert {c.doc for c in rerank(asked, [quoted, headline], idf, model=sure)} == {3, 4}
    # A sentence continuing the one before may go on with what was said, unmarked.
    going_on = candidate(5, "Selain itu, Raisi juga ingin kerja sama dengan Putin diperluas.", names=both)
    assert [c.doc for c in rerank(asked, [going_on], idf, model=sure)] == [5]


def candidate(
    doc: int,
    text: str,
    *,
    lead: bool = False,
    title: bool = False,
    names: tuple[str, ...] = (),
    position: int | None = None,
) -> Candidate:
    terms = set(index_terms(text))
    return Candidate(
        doc,
        10.0,
        text,
        terms,
        set(),
        set(),
        "2024-04-24",
        is_title=title,
        is_lead=lead,
        names_near=frozenset(names),
        names_in_article=frozenset(names),
        position=-1 if title else (0 if lead else (doc + 3 if position is None else position)),
        paragraph=0 if title or lead else 2,
    )


def test_a_lead_or_headline_that_matches_as_well_yields_to_the_detail() -> None:
    question = analyze("gubernur bank sentral", {"gubernur", "bank", "sentral"})
    text = "Gubernur bank sentral hadir."
    ranked = rerank(
        question,
        [candidate(0, text, lead=True), candidate(1, text, title=True), candidate(2, text, position=6)],
        {"gubernur": 2.0, "bank": 1.0, "sentral": 1.5},
    )
    features = {c.doc: c.features for c in ranked}
    assert features[0]["first_sentence"] == 1.0 and features[1]["headline"] == 1.0
    assert features[2]["first_sentence"] == features[2]["headline"] == 0.0
    assert ranked[0].doc == 2


def test_the_score_is_the_dot_product_of_features_and_weights() -> None:
    question = analyze("berapa warga mengungsi", {"warga", "ungsi"})
    ranked = rerank(question, [candidate(1, "Sebanyak 300 warga mengungsi.")], {"warga": 1.0, "ungsi": 2.0})
    model = packaged_model()
    parts = contributions(ranked[0])
    assert set(parts) == {"bias", *FEATURE_NAMES}
    assert abs(sum(parts.values()) - ranked[0].score) < 1e-9
    assert parts["bias"] == model.bias


def test_nothing_answers_below_the_threshold() -> None:
    question = analyze("berapa warga mengungsi", {"warga", "ungsi"})
    sure = RankingModel(dict.fromkeys(FEATURE_NAMES, 0.0), bias=5.0, threshold=0.5)
    unsure = RankingModel(dict.fromkeys(FEATURE_NAMES, 0.0), bias=-5.0, threshold=0.5)
    candidates = [candidate(1, "Sebanyak 300 warga mengungsi.")]
    assert rerank(question, candidates, {"warga": 1.0}, model=sure)
    assert rerank(question, candidates, {"warga": 1.0}, model=unsure) == []


def test_a_year_no_candidate_is_of_answers_nothing_however_sure_the_weights() -> None:
    sure = RankingModel(dict.fromkeys(FEATURE_NAMES, 0.0), bias=5.0, threshold=0.5)
    idf = {"warga": 1.0, "ungsi": 1.0}
    of_2024 = candidate(1, "Sebanyak 300 warga mengungsi.")  # published in 2024
    assert rerank(analyze("berapa warga mengungsi tahun 2024", {"warga", "ungsi"}), [of_2024], idf, model=sure)
    dated = analyze("berapa warga mengungsi tahun 2021", {"warga", "ungsi"})
    assert rerank(dated, [candidate(1, "Sebanyak 300 warga mengungsi.")], idf, model=sure) == []
    named = candidate(1, "Pada 2021, sebanyak 300 warga mengungsi.")  # tells of 2021 itself
    assert rerank(dated, [named], idf, model=sure)
    # a number that only looks like a year ("2021 warga") is no date to rule anything out
    counted = analyze("apakah 2021 warga mengungsi", {"warga", "ungsi"})
    assert rerank(counted, [candidate(1, "Sebanyak 300 warga mengungsi.")], idf, model=sure)


def test_a_sentence_of_another_year_in_an_article_of_another_year_answers_nothing() -> None:
    sure = RankingModel(dict.fromkeys(FEATURE_NAMES, 0.0), bias=5.0, threshold=0.5)
    idf = {"warga": 1.0, "ungsi": 1.0}
    dated = analyze("berapa warga mengungsi tahun 2023", {"warga", "ungsi"})
    of_2023 = candidate(1, "Sebanyak 100 warga mengungsi.")
    of_2023.published = "2023-05-02"
    later = candidate(2, "Pada 2024, sebanyak 300 warga mengungsi.")  # a 2024 article on 2024
    recalled = candidate(3, "Pada 2023, sebanyak 100 warga mengungsi.")  # a 2024 article recalling 2023
    assert {c.doc for c in rerank(dated, [of_2023, later, recalled], idf, model=sure)} == {1, 3}
    # the same for a month: an April article telling of March, asked about May of its year
    in_may = analyze("berapa warga mengungsi pada Mei 2024", {"warga", "ungsi"})
    of_may = candidate(4, "Sebanyak 50 warga mengungsi.")
    of_may.published = "2024-05-20"
    march = candidate(5, "Pada Maret 2024, sebanyak 300 warga mengungsi.")  # published in April 2024
    assert [c.doc for c in rerank(in_may, [of_may, march], idf, model=sure)] == [4]
    # A statement is dated to the day it was made: figures of February, reported on Monday
    # (3/3/2025), are no event of March.
    in_february = analyze("berapa inflasi Februari 2025", {"inflasi"})
    reported = candidate(6, "Inflasi Februari tercatat 1,12 persen, kata Kepala BPS, Senin (3/3/2025).")
    reported.published = "2025-03-03"
    of_february = candidate(7, "Inflasi bulan lalu melambat.")
    of_february.published = "2025-02-28"
    assert {c.doc for c in rerank(in_february, [reported, of_february], {"inflasi": 1.0}, model=sure)} == {6, 7}
    statement = candidate(8, "Inflasi melambat, kata Kepala BPS, Senin (3/3/2025).")
    statement.published = "2025-03-03"
    assert {c.doc for c in rerank(in_february, [statement, of_february], {"inflasi": 1.0}, model=sure)} == {7, 8}


def test_how_many_question_prefers_a_number() -> None:
    question = analyze("berapa warga mengungsi", {"warga", "ungsi"})
    ranked = rerank(
        question,
        [candidate(0, "Warga mengungsi ke masjid."), candidate(1, "Sebanyak 300 warga mengungsi.")],
        {"warga": 1.0, "ungsi": 2.0},
    )
    assert ranked[0].doc == 1 and ranked[0].features["type_carried"] == 1.0


def test_how_many_things_is_not_answered_by_a_share() -> None:
    # "naik 14 persen" says by what part the visitors grew, not how many came.
    for asked in ("how many visitors came to the island?", "berapa jumlah wisatawan ke pulau itu?"):
        question = analyze(asked, {"wisatawan", "pulau", "datang"})
        ranked = rerank(
            question,
            [
                candidate(0, "Kunjungan wisatawan ke pulau itu naik 14 persen."),
                candidate(1, "Sebanyak 112.400 wisatawan datang ke pulau itu."),
            ],
            {"wisatawan": 1.0, "pulau": 1.0},
        )
        assert [c.features["type_carried"] for c in sorted(ranked, key=lambda c: c.doc)] == [0.0, 1.0]
        assert ranked[0].doc == 1
    assert counts_things(analyze("What is the number of tourists this year?", {"wisatawan"}))
    # A share asked, or a change ("how much did … rise", "kenaikan jumlah"), is answered by one.
    for changed in ("berapa kenaikan jumlah wisatawan?", "how many more visitors came?", "what rates apply?"):
        assert not counts_things(analyze(changed, {"wisatawan", "naik", "tarif"}))
    for asked in ("berapa persen kenaikan wisatawan?", "how much did visitor numbers rise?"):
        question = analyze(asked, {"wisatawan", "naik"})
        share = rerank(question, [candidate(0, "Kunjungan wisatawan naik 14 persen.")], {"wisatawan": 1.0})
        assert share[0].features["type_carried"] == 1.0


@pytest.mark.parametrize(
    ("question", "yes_or_no"),
    [
        ("Did Prabowo attend the launch of the free meal program?", True),
        ("Didn't the court reject the appeal?", True),
        ("So can the ethics council cancel the ruling", True),
        ("Apakah Anwar Usman ikut rapat hakim?", True),
        ("Prabowo, apakah hadir di peluncuran?", True),
        ("Benarkah harga beras turun?", True),
        ("Do you know when the dam broke?", False),  # asks when
        ("Is it true that 300 people fled, and where did they go?", False),  # asks where
        ("Is the summit in Jakarta or in Bali?", False),  # asks which of the two
        ("What did Prabowo attend?", False),
        ("Langkah apa yang diambil BI?", False),  # a word ending in "-kah" that asks nothing
        ("Prabowo hadir di peluncuran gak?", False),  # a chat tag, measured apart
    ],
)
def test_yes_or_no_questions(question: str, yes_or_no: bool) -> None:
    vocabulary = {"prabowo", "hadir", "luncur", "harga", "beras", "tanggul", "jebol", "banding", "tolak"}
    analysed = analyze(question, vocabulary)
    assert view_question(analysed, dict.fromkeys(vocabulary, 1.0), []).yes_or_no is yes_or_no


def test_a_yes_or_no_question_prefers_the_sentence_that_denies() -> None:
    # News reports what did not happen only with a negator: among sentences that match
    # "did X attend" equally well, "X tidak menghadiri" answers it, where a sentence on
    # something else X attended does not.
    sentences = ["Prabowo menghadiri rapat sebelum peluncuran.", "Prabowo tidak menghadiri peluncuran."]
    idf = {"prabowo": 2.0, "hadir": 1.5, "peluncuran": 1.5, "luncur": 1.5}
    for asked in ("Did Prabowo attend the launch?", "Apakah Prabowo menghadiri peluncuran?"):
        question = analyze(asked, set(idf))
        ranked = rerank(question, [candidate(n, text, names=("prabowo",)) for n, text in enumerate(sentences)], idf)
        assert [c.features["denies"] for c in sorted(ranked, key=lambda c: c.doc)] == [0.0, 1.0]
        assert ranked[0].doc == 1
    # A question asking for a thing is not answered by a denial as such.
    question = analyze("What did Prabowo attend before the launch?", set(idf))
    ranked = rerank(question, [candidate(n, text, names=("prabowo",)) for n, text in enumerate(sentences)], idf)
    assert all(c.features["denies"] == 0.0 for c in ranked)


def test_why_question_prefers_a_reason() -> None:
    question = analyze("mengapa tanggul jebol", {"tanggul", "jebol"})
    ranked = rerank(
        question,
        [candidate(0, "Tanggul itu jebol pada Senin."), candidate(1, "Tanggul jebol karena hujan deras.")],
        {"tanggul": 1.0, "jebol": 2.0},
    )
    assert ranked[0].doc == 1 and ranked[0].features["type_carried"] == 1.0


def test_mei_is_a_month_and_may_only_next_to_a_number() -> None:
    assert carries_answer_type("when", "Pertemuan digelar pada 5 Mei.")
    assert question_dates(analyze("banjir Mei 2024", VOCABULARY)).months == {5}
    assert question_dates(analyze("What happened in May 2024?", VOCABULARY)).months == {5}
    assert question_dates(analyze("What may happen to the dam?", VOCABULARY)).months == frozenset()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Keputusan itu diambil oleh Putin.", True),
        ('"Kami siap," kata Jokowi.', True),
        ("Ketua DPR Puan Maharani membacakan teks.", True),
        ("Misi itu didukung oleh Jepang, Korea Selatan, Filipina, dan Vietnam.", True),
        ("Hujan turun sejak pagi di seluruh kota.", False),
    ],
)
def test_who_answers_name_a_person(sentence: str, expected: bool) -> None:
    assert carries_answer_type("who", sentence) is expected


def test_who_question_prefers_a_person() -> None:
    question = analyze("siapa yang membaca teks proklamasi", {"baca", "teks", "proklamasi"})
    ranked = rerank(
        question,
        [
            candidate(0, "Teks proklamasi dibaca dalam upacara pagi."),
            candidate(1, "Teks proklamasi dibaca oleh Puan Maharani."),
        ],
        {"baca": 1.0, "teks": 1.0, "proklamasi": 2.0},
    )
    assert ranked[0].doc == 1 and ranked[0].features["type_carried"] == 1.0


def test_which_place_is_where_and_what_things_is_no_who() -> None:
    assert question_type(analyze("Which city hosted the summit?", VOCABULARY)) == "where"
    assert question_type(analyze("Which ministers attended?", VOCABULARY)) == "who"
    assert question_type(analyze("Apa saja yang dibahas Raisi?", VOCABULARY)) != "who"


def test_a_sentence_sharing_only_the_names_does_not_answer() -> None:
    vocabulary = {"iran", "saudi", "duta", "besar", "baru", "tokyo", "temu"}
    question = analyze("Siapa duta besar baru Iran untuk Saudi?", vocabulary)
    names_only = candidate(
        0,
        "Pernyataan bersama Iran, Saudi, dan China diumumkan oleh Menteri Luar Negeri Wang Yi.",
        names=("iran", "saudi"),
    )
    ambassador = candidate(2, "Iran menunjuk duta besar baru untuk Saudi.", names=("iran", "saudi"))
    ambassador.bm25 = 14.0  # it shares the question's other words too
    ranked = rerank(
        question, [names_only, ambassador], {"iran": 1.0, "saudi": 2.0, "duta": 2.0, "besar": 1.0, "baru": 1.0}
    )
    assert ranked[0].doc == 2 and names_only.features["names_only"] == 1.0
    where = analyze("Di mana Iran dan Saudi bertemu?", vocabulary)
    place = candidate(1, "Iran dan Saudi berunding di Tokyo.", names=("iran", "saudi"))
    assert [c.doc for c in rerank(where, [place], {"iran": 1.0, "saudi": 2.0})] == [1]
    assert place.features["names_only"] == 0.0  # names and a place answer "where"


def test_an_article_naming_none_of_the_questions_names_answers_nothing() -> None:
    sure = RankingModel(dict.fromkeys(FEATURE_NAMES, 0.0), bias=5.0, threshold=0.5)
    vocabulary = {"iran", "saudi", "duta", "besar", "baru"}
    idf = dict.fromkeys(vocabulary, 1.0)
    question = analyze("Siapa duta besar baru Iran untuk Saudi?", vocabulary)
    elsewhere = candidate(1, "Duta besar baru itu tiba pekan lalu.")  # its article names neither
    assert rerank(question, [elsewhere], idf, model=sure) == []
    one_named = candidate(2, "Duta besar baru itu tiba pekan lalu.", names=("iran",))  # Saudi is not needed
    assert [c.doc for c in rerank(question, [elsewhere, one_named], idf, model=sure)] == [2]


def test_a_person_is_near_where_any_part_of_the_name_is() -> None:
    vocabulary = {"prabowo", "affan", "kurniawan", "rumah", "datang", "pramono", "anung", "rano", "karno", "suara"}
    idf = dict.fromkeys(vocabulary, 1.0)
    visit = analyze("Kapan Prabowo datang ke rumah Affan Kurniawan?", vocabulary)
    # news names him again as "Affan": both people asked about stand in the sentence
    again = candidate(1, "Prabowo datang ke rumah Affan pada Jumat (29/8).", names=("prabowo", "affan"))
    rerank(visit, [again], idf)
    assert again.features["names_apart"] == 0.0 and again.features["names_absent"] == 0.0
    # two people written apart stay two: one of them missing is half the names
    votes = analyze("Berapa suara Pramono Anung dan Rano Karno?", vocabulary)
    one = candidate(2, "Pramono meraih 2 juta suara.", names=("pramono", "anung"))
    rerank(votes, [one], idf)
    assert one.features["names_apart"] == 0.5
    # a title or a word of the language is no part standing for the person, and names
    # written apart by a comma are two people
    more = vocabulary | {"presiden", "putin", "jokowi", "temu"}
    titled = analyze("Kapan Putin ketemu Presiden Prabowo?", more)
    no_prabowo = candidate(3, "Putin bertemu presiden di Moskow.", names=("putin", "presiden"))
    rerank(titled, [no_prabowo], dict.fromkeys(more, 1.0))
    assert no_prabowo.features["names_absent"] > 0.0
    listed = analyze("Kapan Prabowo, Jokowi bertemu?", more)
    only_jokowi = candidate(4, "Jokowi bertemu warga.", names=("jokowi",))
    rerank(listed, [only_jokowi], dict.fromkeys(more, 1.0))
    assert only_jokowi.features["names_absent"] == 0.5


def test_an_adjective_of_nationality_is_no_person_to_stand_near() -> None:
    # "the Indonesian stock exchange" is answered by a sentence on the exchange (BEI) that
    # need not name Indonesia, as it must name a person asked about; the story still must.
    vocabulary = {"indonesia", "bursa", "efek", "bei", "investor", "minta", "putin", "rusia"}
    idf = dict.fromkeys(vocabulary, 1.0)
    exchange = analyze("What did the head of the Indonesian stock exchange tell investors?", vocabulary)
    assert exchange.modifiers == {"indonesian"}
    sentence = candidate(1, "Direktur BEI meminta investor tidak panik.")
    sentence.names_in_article = frozenset({"indonesian"})
    elsewhere = candidate(2, "BEI meminta investor tidak panik.")
    rerank(exchange, [sentence, elsewhere], idf)
    assert sentence.features["names_apart"] == 0.0 and sentence.features["names_absent"] == 0.0
    assert elsewhere.features["names_absent"] == 1.0  # a story never naming Indonesia
    # a country, or a person, named as such is no modifier; a demonym of another form is
    assert not analyze("What did Russia tell Putin?", vocabulary).modifiers
    assert not analyze("What did Germany tell the Philippines?", vocabulary | {"jerman", "filipina"}).modifiers
    assert analyze("Did Thai and Chinese leaders meet?", vocabulary | {"thailand", "china"}).modifiers == {
        "thai",
        "chinese",
    }


def test_the_standfirst_is_told_from_the_body_lead(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "pabrik.md").write_text(
        "---\ntitle: Pabrik Tekstil Tutup\nurl: https://w.example/1\nsource: Warta Kita\npublished: 2025-03-06\n"
        "standfirst: 1\n---\n\n"
        "Penutupan pabrik menjadi pukulan bagi ekonomi kota kecil itu.\n\n"
        "SOLO, Warta Kita - Pabrik tekstil di Solo berhenti beroperasi pada Kamis. Buruh pabrik pulang lebih awal.\n\n"
        "Pabrik itu tidak mampu membayar utang kepada bank.\n",
        encoding="utf-8",
    )
    engine = Engine.open(corpus, tmp_path / "index")
    explained = {c.text: c.features for c in engine.explain("pabrik", 10).candidates}
    standfirst = explained["Penutupan pabrik menjadi pukulan bagi ekonomi kota kecil itu."]
    lead = explained["Pabrik tekstil di Solo berhenti beroperasi pada Kamis."]  # its dateline taken off
    rest = explained["Buruh pabrik pulang lebih awal."]
    body = explained["Pabrik itu tidak mampu membayar utang kepada bank."]
    assert standfirst["standfirst"] == 1.0 and standfirst["first_sentence"] == standfirst["first_paragraph"] == 0.0
    assert lead["first_sentence"] == 1.0 and lead["standfirst"] == 0.0
    assert rest["first_paragraph"] == 1.0 and rest["first_sentence"] == 0.0
    assert body["standfirst"] == body["first_sentence"] == body["first_paragraph"] == 0.0


def test_a_cause_is_told_from_a_purpose() -> None:
    # "untuk" is a purpose and just "for"; "karena", "akibat", "sehingga" give a cause.
    assert text_flags("Banjir terjadi karena tanggul jebol.") & CAUSE_FLAG
    assert text_flags("Tanggul jebol sehingga banjir merendam kota.") & CAUSE_FLAG
    assert not text_flags("Warga mengungsi ke masjid untuk sementara.") & CAUSE_FLAG
    # What drove a figure, in economic news, is its cause; a bare "didorong" is also "urged
    # to", a weaker sign.
    assert text_flags("Kenaikan laba didorong oleh efisiensi operasional.") & CAUSE_FLAG
    assert text_flags("Laba naik ditopang efisiensi operasional.") & CAUSE_FLAG
    assert text_flags("Rupiah melemah dipengaruhi sentimen global.") & CAUSE_FLAG
    assert not text_flags("Warga didorong untuk segera mengungsi.") & CAUSE_FLAG


def test_a_speech_question_reads_its_reporting_verb_as_the_class() -> None:
    # "tell" is answered by "menjelaskan kepada" as well as by "mengatakan kepada": the
    # sentence need not hold the question's own verb.
    asked = analyze("What did Raisi tell Putin?", VOCABULARY | {"kata", "jelas"})
    view = view_question(asked, dict.fromkeys(VOCABULARY | {"kata", "jelas"}, 1.0), [])
    assert view.qtype == "speech" and "tell" in view.optional
