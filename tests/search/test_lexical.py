"""Indonesian as people type it: abbreviations, synonyms, chat particles (made-up examples)."""

from __future__ import annotations

from bot.lang.lexicon import Lexicon, abbreviations, synonyms_id
from bot.search.analyzer import Analyzer
from bot.search.indonesian import DERIVED_WEIGHT
from bot.search.question import analyze_question

ANALYZER = Analyzer(
    Lexicon.from_tables({"flood": ["banjir"]}),
    abbreviations={"kpk": "komisi pemberantasan korupsi", "bi": "bank indonesia", "ham": "hak asasi manusia"},
    synonyms={"tewas": ("meninggal", "wafat"), "sering": ("kerap",)},
)


def analyze(question: str, vocabulary: set[str], lang: str = "id"):  # type: ignore[no-untyped-def]
    return analyze_question(question, vocabulary, ANALYZER, lang=lang)


def test_an_abbreviation_the_corpus_lacks_matches_its_expansion() -> None:
    vocabulary = {"komisi", "pemberantasan", "korupsi", "periksa"}
    analysed = analyze("Siapa yang diperiksa KPK?", vocabulary)
    assert ("komisi", "pemberantasan", "korupsi") in {t for g in analysed.groups for _, t in g.alternatives}
    assert not analysed.missing_names


def test_an_abbreviation_the_corpus_uses_also_matches_its_expansion() -> None:
    # Articles write both "KPK" and "Komisi Pemberantasan Korupsi": either answers.
    vocabulary = {"kpk", "komisi", "pemberantasan", "korupsi", "periksa"}
    for question, lang in (("Siapa yang diperiksa KPK?", "id"), ("Who did the KPK question?", "en")):
        alternatives = {t for g in analyze(question, vocabulary, lang).groups for _, t in g.alternatives}
        assert {("kpk",), ("komisi", "pemberantasan", "korupsi")} <= alternatives


def test_a_public_figure_s_short_name_matches_the_full_name() -> None:
    analysed = analyze_question("Ke mana Jokowi pergi?", {"jokowi", "joko", "widodo", "pergi"}, Analyzer.packaged())
    assert ("joko", "widodo") in {t for g in analysed.groups for _, t in g.alternatives}


def test_spelled_out_words_also_match_the_abbreviation() -> None:
    analysed = analyze("Kapan Bank Indonesia menaikkan suku bunga?", {"bank", "indonesia", "bi", "naik"})
    assert any(("bi",) in [t for _, t in g.alternatives] for g in analysed.groups)


def test_a_short_abbreviation_that_is_a_word_needs_capitals() -> None:
    vocabulary = {"hak", "asasi", "manusia", "makan"}
    assert "hak" not in analyze("makan ham", vocabulary).terms
    assert "hak" in analyze("pelanggaran HAM", vocabulary).terms


def test_synonyms_stand_in_for_a_word_the_index_lacks() -> None:
    analysed = analyze("berapa orang tewas", {"orang", "meninggal"})
    assert (0.8, ("meninggal",)) in [a for g in analysed.groups for a in g.alternatives]
    # A word the index holds is searched as it is, without its synonyms.
    analysed = analyze("berapa orang tewas", {"orang", "tewas", "meninggal"})
    assert "meninggal" not in analysed.terms


def test_a_root_the_index_holds_only_in_its_noun_in_an_reaches_it() -> None:
    # Chat writes the root ("partai yg gugat"), prose the noun ("gugatan itu diajukan").
    analysed = analyze("partai yg gugat ke MK?", {"partai", "mk", "gugatan"})
    assert (DERIVED_WEIGHT, ("gugatan",)) in [a for g in analysed.groups for a in g.alternatives]
    assert "gugat" not in analysed.unknown
    # Nouns made with per-, peN- or ke-…-an have moved from the root: no stand-ins.
    for question, noun in (("hakim yang adil", "pengadilan"), ("usaha warga", "perusahaan")):
        analysed = analyze(question, {"hakim", "warga", noun})
        assert noun not in analysed.terms, question
    # A root the index holds is searched as it is: its noun is a word of its own.
    analysed = analyze("partai yg gugat", {"partai", "gugat", "gugatan"})
    assert "gugatan" not in analysed.terms


def test_chat_particles_are_never_content() -> None:
    analysed = analyze("banjir yg kemarin gimana sih dong, kok aja deh nih tuh?", {"banjir", "kemarin"})
    assert {g.source for g in analysed.groups} <= {"banjir", "kemarin"} and not analysed.unknown


def test_packaged_tables_load() -> None:
    assert abbreviations()["kpk"] == "komisi pemberantasan korupsi"
    assert "meninggal" in synonyms_id()["tewas"]


def test_phrasal_verbs_are_looked_up_with_a_separated_or_mistyped_particle() -> None:
    analyzer = Analyzer(Lexicon.from_tables({"call off": ["membatalkan"], "summit": ["ktt"], "lay off": ["phk"]}))
    vocabulary = {"batal", "ktt", "phk"}
    analysed = analyze_question("why did they call the summit off", vocabulary, analyzer, lang="en")
    assert {"batal", "ktt"} <= analysed.terms and "off" not in analysed.unknown
    analysed = analyze_question("how many were laid of", vocabulary, analyzer, lang="en")
    assert "phk" in analysed.terms
    # A longer stretch is another clause: "up" belongs to "wrapping", not to "signed".
    analyzer = Analyzer(Lexicon.from_tables({"sign up": ["daftar"], "sign": ["teken"]}))
    analysed = analyze_question("who signed the papers wrapping up talks", {"daftar", "teken"}, analyzer, lang="en")
    assert "daftar" not in analysed.terms


def test_a_noun_in_an_is_not_read_through_its_roots_synonyms() -> None:
    analyzer = Analyzer(Lexicon.from_tables({}), synonyms={"muat": ("memasukkan",)})
    analysed = analyze_question("berapa muatan kapal", {"masuk", "kapal"}, analyzer, lang="id")
    assert "masuk" not in analysed.terms


def test_negative_contractions_mean_not_with_or_without_their_apostrophe() -> None:
    analyzer = Analyzer(Lexicon.from_tables({"not": ["tidak"], "want": ["ingin"], "sign": ["teken"]}))
    vocabulary = {"tidak", "ingin", "teken", "menteri"}
    for question in (
        "why wasn't the minister at the summit",
        "why wasnt the minister at the summit",
        "why didnt he sign",
    ):
        analysed = analyze_question(question, vocabulary, analyzer, lang="en")
        assert "tidak" in analysed.terms and "ingin" not in analysed.terms, question


def test_about_a_topic_and_right_before_after_are_no_content() -> None:
    analyzer = Analyzer(
        Lexicon.from_tables({"about": ["sekitar"], "right": ["hak", "kanan"], "say": ["kata"], "after": ["setelah"]})
    )
    vocabulary = {"sekitar", "hak", "kanan", "kata", "setelah", "100", "putusan"}
    topic = analyze_question("what did she say about the ruling", vocabulary, analyzer, lang="en")
    assert "sekitar" not in topic.terms and "kata" in topic.terms
    quantity = analyze_question("were about 100 people there", vocabulary, analyzer, lang="en")
    assert "sekitar" in quantity.terms
    assert "sekitar" in analyze_question("about a hundred came", vocabulary, analyzer, lang="en").terms
    assert "sekitar" not in analyze_question("what did he say about a plan", vocabulary, analyzer, lang="en").terms
    intensified = analyze_question("where did he go right after the ceremony", vocabulary, analyzer, lang="en")
    assert not {"hak", "kanan"} & intensified.terms and "setelah" in intensified.terms
    turned = analyze_question("did he turn right at the palace", vocabulary, analyzer, lang="en")
    assert "kanan" in turned.terms


def test_an_inflected_english_typo_is_corrected_through_its_lemma() -> None:
    analyzer = Analyzer(Lexicon.from_tables({"design": ["rancang"], "bridge": ["jembatan"]}))
    analysed = analyze_question("Who desgined the bridge?", {"rancang", "jembatan"}, analyzer, lang="en")
    assert "rancang" in analysed.terms and not analysed.unknown


def test_amounts_written_as_chat_writes_them_match_as_news_writes_them() -> None:
    analysed = analyze("knp tiketnya cuma 10rb, gak 15rb?", {"tiket", "10000", "15", "ribu"})
    assert ("10000",) in {terms for group in analysed.groups for _, terms in group.alternatives}
    assert ("15", "ribu") in {terms for group in analysed.groups for _, terms in group.alternatives}
    assert "10rb" not in analysed.unknown and "15rb" not in analysed.unknown
    decimal = analyze("gajinya 1.5jt?", {"1,5", "juta", "gaji"})
    assert ("1,5", "juta") in {terms for group in decimal.groups for _, terms in group.alternatives}
    metres = analyze("tanggul 100m jebol", {"100", "miliar", "tanggul"})
    assert ("100", "miliar") not in {terms for group in metres.groups for _, terms in group.alternatives}


def test_a_real_word_the_corpus_lacks_is_not_corrected_into_another() -> None:
    # "molor" (delayed) is a word of the thesaurus, not a slip for "motor".
    analyzer = Analyzer(Lexicon.from_tables({}), synonyms={"molor": ("mundur",)})
    analysed = analyze_question("kenapa jadwalnya molor", {"motor", "jadwal"}, analyzer, lang="id")
    assert "motor" not in analysed.terms and "molor" in analysed.unknown


def test_light_verbs_how_many_and_words_translated_only_by_function_words_are_no_content() -> None:
    analyzer = Analyzer(
        Lexicon.from_tables(
            {"get": ["dapat", "ambil"], "many": ["banyak"], "inside": ["di dalam", "dalam"], "worker": ["pekerja"]}
        )
    )
    vocabulary = {"dapat", "ambil", "banyak", "pekerja", "iran"}
    analysed = analyze_question("how many workers got hurt inside Iran", vocabulary, analyzer, lang="en")
    assert not {"dapat", "ambil", "banyak"} & analysed.terms and "pekerja" in analysed.terms
    assert "inside" not in analysed.unknown  # its every sense is a function word (dalam)
    assert "banyak" in analyze_question("were there many workers", vocabulary, analyzer, lang="en").terms
    # "put" takes its meaning from what follows too: "put a tariff on", "put … in place"
    placed = Analyzer(Lexicon.from_tables({"put": ["letak", "tempat"], "tariff": ["tarif"]}))
    tariff = analyze_question("what tariff did Trump put on goods", {"letak", "tempat", "tarif"}, placed, lang="en")
    assert not {"letak", "tempat"} & tariff.terms and "tarif" in tariff.terms


def test_chat_reduplication_and_chat_nouns_reach_their_base_word() -> None:
    analyzer = Analyzer(Lexicon.from_tables({}), informal={"telpon": "telepon"})
    terms = analyze_question("pihak2 sempat telponan?", {"pihak", "telepon", "sempat"}, analyzer, lang="id").terms
    assert {"pihak", "telepon"} <= terms


def test_a_month_abbreviation_beside_a_year_is_the_month() -> None:
    analysed = analyze("brp suku bunga BI okt 2023?", {"suku", "bunga", "bi", "oktober", "2023"})
    assert "oktober" in analysed.terms and "okt" not in analysed.unknown


def test_an_english_word_in_an_indonesian_question_is_read_through_the_lexicon() -> None:
    analyzer = Analyzer(Lexicon.from_tables({"driver": ["pengemudi"]}))
    analysed = analyze_question("driver ojol yg tewas siapa?", {"pengemudi", "ojol", "tewas"}, analyzer, lang="id")
    assert "pengemudi" in analysed.terms and "driver" not in analysed.unknown


def test_phrases_are_found_through_an_inflected_head_or_verb() -> None:
    analyzer = Analyzer(
        Lexicon.from_tables(
            {
                "polling station": ["tps"],
                "station": ["stasiun"],
                "poll": ["jajak pendapat"],
                "ramp up": ["menggenjot"],
                "blow up": ["meledak"],
            }
        ),
        irregular_en={"blew": "blow"},
    )
    vocabulary = {"tps", "genjot", "ledak"}
    for question, term in (
        ("How many polling stations were opened?", "tps"),  # the compound's head in the plural
        ("Who ramped up the output?", "genjot"),  # "ramp" is a headword only as a phrase's verb
        ("Why did the truck blew up?", "ledak"),  # an irregular past
    ):
        assert term in analyze_question(question, vocabulary, analyzer).terms, question


def test_a_university_asked_by_its_abbreviation_matches_its_name() -> None:
    vocabulary = {"ekonom", "universitas", "gadjah", "mada", "inflasi"}
    analysed = analyze_question("Apa kata ekonom UGM soal inflasi?", vocabulary, Analyzer.packaged())
    assert {"gadjah", "mada"} <= analysed.terms and not analysed.missing_names


def test_jakarta_cities_and_kepri_by_their_short_names() -> None:
    analysed = analyze_question(
        "banjir di Jaksel kapan?", {"banjir", "jakarta", "selatan"}, Analyzer.packaged(), lang="id"
    )
    assert ("jakarta", "selatan") in {t for g in analysed.groups for _, t in g.alternatives}


def test_the_killed_are_reported_as_having_died() -> None:
    # "The quake killed 11 people" is reported as "11 orang meninggal" as often as with
    # "menewaskan": the English verb reaches both.
    analysed = analyze_question(
        "how many people did the earthquake kill", {"orang", "gempa", "meninggal"}, Analyzer.packaged()
    )
    assert ("meninggal",) in {t for g in analysed.groups for _, t in g.alternatives}
    assert not analysed.unknown


def test_news_idioms_for_cost_and_for_raising_a_topic() -> None:
    # "Proyek itu menelan biaya Rp 3 triliun" (swallowed) is how news says what a project
    # cost, but a disaster "menelan korban" (claimed victims) states no cost; "tidak
    # menyinggung isu Papua" (did not touch on) answers "did they talk about Papua".
    analyzer = Analyzer.packaged()
    cost = analyze_question("how much did the terminal cost", {"terminal", "telan", "biaya", "korban"}, analyzer)
    alternatives = {t for g in cost.groups for _, t in g.alternatives}
    assert ("telan", "biaya") in alternatives and ("telan",) not in alternatives
    talk = analyze_question("did they talk about papua", {"papua", "singgung"}, analyzer)
    assert ("singgung",) in {t for g in talk.groups for _, t in g.alternatives}
