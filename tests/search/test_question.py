"""Text and question analysis, in both languages."""

from __future__ import annotations

import pytest

from bot.lang.lexicon import Lexicon
from bot.search.analyzer import Analyzer
from bot.search.english import cognates
from bot.search.indonesian import affix_family, correct_typo
from bot.search.question import AnalyzedQuestion, analyze_question
from bot.text.sentences import leans_on_previous
from bot.text.terms import find_acronyms, index_terms, split_token

ANALYZER = Analyzer.packaged()


def analyze(question: str, vocabulary: set[str], **options: object) -> AnalyzedQuestion:
    return analyze_question(question, vocabulary, ANALYZER, **options)  # type: ignore[arg-type]


def test_index_terms_normalise_lemmatise_and_drop_stopwords() -> None:
    terms = index_terms("Presiden menyampaikan bahwa negara-negara itu menolak")
    assert "sampai" in terms and "negara" in terms and "tolak" in terms
    assert "itu" not in terms and terms.count("negara") == 1


def test_dates_are_spelled_out_so_month_names_match() -> None:
    assert index_terms("pada Senin (16/10/2023)")[-3:] == ["16", "oktober", "2023"]
    assert split_token("16/10") == ["16", "oktober"]


def test_numbers_are_canonical_in_both_languages() -> None:
    assert split_token("21.197") == ["21197"]
    assert split_token("96,214,691", "en") == ["96214691"]
    assert split_token("6,25") == ["6,25"] and split_token("6.25", "en") == ["6,25"]


def test_amounts_read_alike_however_written() -> None:
    # A currency written onto its amount, and a percent sign, as news writes them apart.
    assert index_terms("tiket Rp450.000") == index_terms("tiket Rp 450.000") == ["tiket", "rp", "450000"]
    assert index_terms("Rp1,5 triliun") == ["rp", "1,5", "triliun"] == index_terms("Rp.1,5 triliun")
    assert index_terms("inflasi 2,6%") == index_terms("inflasi 2,6 persen")
    assert index_terms("rpm mesin") == ["rpm", "mesin"]  # a word that starts so stays whole


def test_hyphens_names_and_possessives() -> None:
    assert split_token("al-sisi") == ["sisi"]
    assert split_token("de-eskalasi") == ["de", "eskalasi"]
    assert split_token("iran's", "en") == ["iran"]


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("what did Raisi tell Putin", "en"),
        ("apa kata Raisi kepada Putin?", "id"),
        ("gmn kabar banjir di Demak?", "id"),
        ("Who is the new minister?", "en"),
        ("Raisi", "id"),
        ("Raisi Putin", "id"),
        ("ceasefire hostages Gaza", "en"),
    ],
)
def test_detect_language(question: str, lang: str) -> None:
    assert ANALYZER.detect_language(question) == lang


def test_english_lemmas_from_rules_and_irregulars() -> None:
    assert [ANALYZER.lemma_en(w) for w in ("told", "embassies", "stopped", "hostages", "said")] == [
        "tell",
        "embassy",
        "stop",
        "hostage",
        "say",
    ]


def test_cognates_cover_latinate_loanwords() -> None:
    assert "mediasi" in cognates("mediation")
    assert "diplomatik" in cognates("diplomatic")
    assert "eskalasi" in cognates("escalation")


def test_typo_correction_only_for_words_the_index_lacks() -> None:
    vocabulary = {"banjir", "tanggul", "benjir"}
    assert correct_typo("tanggl", vocabulary) == "tanggul"
    assert correct_typo("bnajir", vocabulary) == "banjir"  # transposition
    assert correct_typo("abc", vocabulary) is None  # too short to guess


def test_affix_family_finds_what_derivations_lemmatise_to() -> None:
    assert "pinta" in affix_family("minta", {"pinta"})


VOCABULARY = {
    "putin",
    "raisi",
    "kata",
    "sampai",
    "serangan",
    "darat",
    "israel",
    "gaza",
    "telepon",
    "belasungkawa",
    "bela",
    "sungkawa",
    "gencatan",
    "senjata",
    "mediasi",
    "tegang",
    "banjir",
    "tanggul",
    "tidak",
}


def sources(question: str) -> dict[str, set[str]]:
    analysed = analyze(question, VOCABULARY)
    return {group.source: group.terms for group in analysed.groups}


def test_english_question_maps_to_indonesian_terms_and_keeps_names() -> None:
    groups = sources("What did Raisi tell Putin about the ground offensive?")
    assert groups["raisi"] == {"raisi"} and groups["putin"] == {"putin"}
    assert "kata" in groups["tell"] or "sampai" in groups["tell"]
    assert {"serangan", "darat"} <= groups["ground offensive"]


def test_english_senses_are_filtered_by_the_corpus_vocabulary() -> None:
    analysed = analyze("ceasefire mediation", VOCABULARY)
    assert all(term in VOCABULARY for term in analysed.terms)
    assert {"gencatan", "senjata", "mediasi"} <= analysed.terms


def test_informal_indonesian_is_normalised() -> None:
    analysed = analyze("putin nyampein belasungkawa ga?", VOCABULARY, lang="id")
    assert "sampai" in analysed.terms and "tidak" in analysed.terms
    assert "tahun" in analyze("banjir taun lalu", VOCABULARY | {"tahun"}, lang="id").terms
    # Chat "abis" before a clause is "after", as "setelah" says it in news; ending the
    # question or after an aspect word it is "used up".
    chat = VOCABULARY | {"setelah", "habis", "rupiah", "stok", "tiket", "sudah"}
    after = analyze("reaksi rupiah abis BI pangkas bunga", chat, lang="id")
    assert "setelah" in after.terms and "habis" not in after.terms
    for used_up in ("kenapa stok abis?", "tiket udah abis belum"):
        assert "habis" in analyze(used_up, chat, lang="id").terms
        assert "setelah" not in analyze(used_up, chat, lang="id").terms


def test_compound_spelling_variants_meet() -> None:
    joined = analyze("bela sungkawa", {"belasungkawa", "bela", "sungkawa"}, lang="id")
    assert any(terms == ("belasungkawa",) for g in joined.groups for _, terms in g.alternatives)
    split = analyze("belasungkawa", {"bela", "sungkawa"}, lang="id")
    assert any(terms == ("bela", "sungkawa") for g in split.groups for _, terms in g.alternatives)


def test_typos_in_questions_are_corrected_but_names_kept() -> None:
    analysed = analyze("banjr tanggul Raisi", VOCABULARY, lang="id")
    assert {"banjir", "tanggul", "raisi"} <= analysed.terms
    assert "raisi" in analysed.names


def test_names_the_corpus_lacks_are_reported() -> None:
    analysed = analyze("What did Putin tell Erdogan?", VOCABULARY)
    assert analysed.missing_names == ("erdogan",)


def test_english_chat_forms_and_misspelt_question_words() -> None:
    analysed = analyze("waht did Raisi say abt Gaza", VOCABULARY)
    assert analysed.tokens[0] == "what" and "about" in analysed.tokens
    assert "waht" not in analysed.unknown and "abt" not in analysed.unknown


def test_se_before_a_quantity_is_the_measure() -> None:
    assert "panjang" in index_terms("Jalur sepanjang 162 kilometer itu")
    assert "lama" in index_terms("berlaku selama dua bulan")
    assert "panjang" not in index_terms("sepanjang jalan kenangan")  # no quantity follows: left whole


def test_acronyms_defined_in_text_map_to_their_expansion() -> None:
    found = find_acronyms(
        "di Ibu Kota Nusantara (IKN) dan bagi aparatur sipil negara (ASN), kata Presiden Jokowi (kiri)."
    )
    assert found["ikn"] == ("ibu", "kota", "nusantara")
    assert found["asn"] == ("aparatur", "sipil", "negara")
    assert "kiri" not in found


def test_questions_use_corpus_acronyms() -> None:
    vocabulary = {"ikn", "ibu", "kota", "nusantara", "upacara"}
    analysed = analyze("upacara di IKN", vocabulary, aliases={"ikn": ("ibu", "kota", "nusantara")})
    ikn = next(g for g in analysed.groups if g.source == "ikn")
    assert (1.0, ("ibu", "kota", "nusantara")) in ikn.alternatives


def test_sentences_pointing_back() -> None:
    assert leans_on_previous("Keputusan tersebut diambil oleh Presiden.")
    assert leans_on_previous("Ia menambahkan bahwa bantuan dikirim.")
    assert not leans_on_previous("Presiden Joko Widodo membuka rapat terbatas di Istana.")


def test_misspelt_question_cue_and_name_are_fixed() -> None:
    analysed = analyze("pnyebab banjir di Semarng?", VOCABULARY | {"semarang"}, lang="id")
    assert analysed.tokens[0] == "penyebab"
    assert "semarang" in analysed.terms and analysed.missing_names == ()


def test_an_injected_lexicon_is_the_one_questions_are_read_with() -> None:
    small = Analyzer(Lexicon.from_tables({"flood": ["banjir"]}))
    analysed = analyze_question("flood victims", {"banjir", "korban"}, small, lang="en")
    assert [group.terms for group in analysed.groups] == [{"banjir"}]
    assert analysed.unknown == ("victims",)  # the packaged lexicon would know "victims"
    assert analyze("flood victims", {"banjir", "korban"}, lang="en").unknown == ()


def test_a_month_name_is_the_month_only_where_it_names_one() -> None:
    vocabulary = {"maret", "mei", "pawai", "mungkin", "buruh", "2025"}
    assert "maret" in analyze("What happened in March 2025?", vocabulary).terms
    assert "mei" in analyze("What happened on 1 May?", vocabulary).terms
    marched = analyze("Where have the workers marched?", vocabulary).terms
    assert "pawai" in marched and "maret" not in marched
    assert "mei" not in analyze("Who may lead the workers?", vocabulary).terms


def test_a_hyphenated_phrasal_verb_is_read_as_the_phrase() -> None:
    vocabulary = {"phk", "pekerja", "pabrik", "tekstil"}
    groups = {
        g.source: g.terms for g in analyze("How many laid-off workers did the textile factory have?", vocabulary).groups
    }
    assert groups["laid off"] == {"phk"} and "pekerja" in groups["workers"]
    # a compound that is no lexicon phrase is read part by part, as before
    assert "pabrik" in analyze("Which textile-factory workers?", vocabulary).terms


def test_english_plurals_and_comparatives_reach_their_base_word() -> None:
    analyzer = Analyzer(
        Lexicon.from_tables(
            {"judge": ["hakim"], "judges": ["kitab hakim-hakim"], "fisherman": ["nelayan"], "light": ["ringan"]}
        )
    )
    vocabulary = {"hakim", "nelayan", "ringan"}
    terms = analyze_question("Why did the judges give the fishermen a lighter fine?", vocabulary, analyzer).terms
    assert {"hakim", "nelayan", "ringan"} <= terms


def test_an_indonesian_word_in_an_english_question_is_found_by_its_lemma() -> None:
    # "Lebaran" is indexed under its lemma; asked in English it is no unknown word.
    vocabulary = {index_terms("Lebaran")[0], "kapal"}
    analysed = analyze("How many ships sail during Lebaran?", vocabulary)
    assert index_terms("Lebaran")[0] in analysed.terms and "lebaran" not in analysed.unknown


def test_a_name_is_corrected_only_to_a_name_with_its_first_letter() -> None:
    vocabulary = {"ebrahim", "raisi", "kata"}
    assert "ebrahim" in analyze("Apa kata Ebrahm Raisi?", vocabulary, lang="id").terms
    assert "ebrahim" not in analyze("What did Anwar Ibrahim say?", vocabulary).terms


def test_every_regular_base_is_tried_and_a_noun_phrase_is_no_mistyped_particle() -> None:
    analyzer = Analyzer(
        Lexicon.from_tables({"fin": ["sirip"], "fine": ["denda"], "head": ["kepala"], "head off": ["cegah"]})
    )
    vocabulary = {"denda", "kepala", "cegah"}
    assert "denda" in analyze_question("How much was he fined?", vocabulary, analyzer).terms
    terms = analyze_question("Who is the head of the federation?", vocabulary, analyzer).terms
    assert "kepala" in terms and "cegah" not in terms
    terms = analyze_question("Who is the head of Pertamina?", vocabulary | {"pertamina"}, analyzer).terms
    assert "kepala" in terms and "cegah" not in terms  # a name is a noun phrase too


def test_going_to_is_the_future_not_a_word_to_search() -> None:
    vocabulary = {"banding", "vonis", "tuju", "pergi"}
    analysed = analyze("Is he going to appeal the verdict?", vocabulary)
    assert "banding" in analysed.terms and "going" not in {g.source for g in analysed.groups}


def test_a_phrasal_verb_in_ing_is_read_as_the_phrase() -> None:
    # "finding" and "setting" are nouns too; their phrase is the verb's ("find out", "set up").
    analyzer = Analyzer(
        Lexicon.from_tables(
            {"find": ["temu"], "finding": ["temuan"], "find out": ["mengetahui"], "set up": ["bentuk"], "team": ["tim"]}
        )
    )
    vocabulary = {"temu", "ketahui", "bentuk", "tim"}
    found = analyze_question("When did people start finding out?", vocabulary, analyzer)
    assert "finding out" in {g.source for g in found.groups}
    assert "ketahui" in found.terms and "temu" not in found.terms
    assert "bentuk" in analyze_question("Who is setting up the team?", vocabulary, analyzer).terms


def test_have_to_is_a_modal_that_names_nothing() -> None:
    # The curated lexicon renders it by function words (harus); the general dictionary's
    # "pasti" (certainly) is not searched for.
    vocabulary = {"bayar", "pasti", "suara", "ulang"}
    analysed = analyze("Who has to pay for it?", vocabulary)
    assert "bayar" in analysed.terms and "pasti" not in analysed.terms


def test_re_words_are_read_with_or_without_the_hyphen() -> None:
    vocabulary = {"suara", "ulang", "kembali", "pemungutan", "bangun"}
    for question in ("Who won the re-vote?", "Who won the revote?"):
        alternatives = {t for g in analyze(question, vocabulary).groups for _, t in g.alternatives}
        assert ("pemungutan", "suara", "ulang") in alternatives
    # an inflected verb after the hyphen is read through its base ("re-built": rebuild)
    rebuilt = analyze("Which bridge was re-built?", vocabulary)
    assert "bangun" in rebuilt.terms and "re-built" not in rebuilt.unknown


def test_english_month_abbreviations_name_the_month_and_may_is_no_unknown_word() -> None:
    vocabulary = {"agustus", "desember", "demo", "menang", "2025", "mei"}
    analysed = analyze("How many were arrested at the protest in aug 2025?", vocabulary)
    assert "agustus" in analysed.terms and "aug" not in analysed.unknown
    assert "desember" in analyze("who won on 25 dec", vocabulary).terms
    # not next to a number or a date word, "may" is the modal: neither a month nor a topic
    modal = analyze("may i ask who won", vocabulary)
    assert "mei" not in modal.terms and "may" not in modal.unknown


def test_derived_nouns_are_indexed_whole_and_verbs_by_their_root() -> None:
    # pe(N)-, per-, ke-…-an and -an make nouns whose meaning has moved from the root's.
    assert index_terms("Pemerintah, pengadilan, pengadaan, keuangan, kebijakan, putusan") == [
        "pemerintah",
        "pengadilan",
        "pengadaan",
        "keuangan",
        "kebijakan",
        "putusan",
    ]
    assert index_terms("pemerintahnya") == ["pemerintah"]  # the clitic is no part of the noun
    # Verb inflections, also those ending in -an that belongs to the root, reduce to it.
    assert index_terms("memerintahkan ditahan berdatangan lakukan") == ["perintah", "tahan", "datang", "laku"]


def test_verbs_whose_derivation_is_a_word_of_its_own_keep_apart_from_the_root() -> None:
    # "meninggal" (to die) is no "tinggal" (to stay), "berlaku" (to be in force) no "laku"
    # of "melakukan" (to do), "berusaha" (to try) no "usaha" (a business).
    assert index_terms("meninggal tinggal berlaku dilakukan berusaha usaha") == [
        "meninggal",
        "tinggal",
        "berlaku",
        "laku",
        "berusaha",
        "usaha",
    ]
    assert index_terms("diberlakukan meninggalnya dialaminya") == ["berlaku", "meninggal", "mengalami"]
    # "mempertahankan" (to defend) is kin of "bertahan", not of "ditahan" (detained)
    assert index_terms("mempertahankan bertahan ditahan") == ["bertahan", "bertahan", "tahan"]
    assert index_terms("berlangsung langsung bertolak menolak") == ["berlangsung", "langsung", "bertolak", "tolak"]
    # a noun derived from such a verb matches the verb, not the root's other sense
    statement = analyze("isi pernyataan menteri", {"pernyataan", "menyatakan", "nyata", "menteri"}, lang="id")
    assert "menyatakan" in statement.terms and "nyata" not in statement.terms
    # a derived noun is no root: its "affixed forms" are no words of kin ("pengakuan" is no "kaku")
    admission = analyze("pengakuan tersangka", {"pengakuan", "aku", "kaku", "tersangka"}, lang="id")
    assert "kaku" not in admission.terms
    vocabulary = {"meninggal", "tinggal", "warga", "laku", "berlaku"}
    assert "tinggal" not in analyze("berapa warga meninggal", vocabulary, lang="id").terms
    assert "meninggal" not in analyze("warga tinggal di mana", vocabulary, lang="id").terms
    assert "laku" not in analyze("kapan aturan berlaku", vocabulary, lang="id").terms


def test_a_derived_noun_in_a_question_also_matches_its_root_less_surely() -> None:
    vocabulary = {"pertemuan", "temu", "putin", "pemerintah", "perintah", "evakuasi"}
    alternatives = dict(
        (terms, weight)
        for g in analyze("pertemuan Putin", vocabulary, lang="id").groups
        for weight, terms in g.alternatives
    )
    assert alternatives[("pertemuan",)] == 1.0 and 0 < alternatives[("temu",)] < 1.0
    # A verb's root is no derived noun: "memerintahkan" (to order) does not match "pemerintah".
    assert "pemerintah" not in analyze("siapa yang memerintahkan evakuasi", vocabulary, lang="id").terms


def test_names_and_derived_nouns_keep_apart_from_roots() -> None:
    # A root asked does not match the nouns derived from it, which the index keeps whole.
    vocabulary = {"perintah", "pemerintahan", "pemalang", "malang", "banjir"}
    assert "pemerintahan" not in analyze("siapa yang memberi perintah", vocabulary, lang="id").terms
    # A name is no derived noun: "Pemalang" does not also match Malang.
    assert "malang" not in analyze("Banjir di Pemalang kapan?", vocabulary, lang="id").terms


def test_a_roots_score_never_exceeds_its_nouns() -> None:
    vocabulary = {"pertemuan", "temu"}
    idf = {"pertemuan": 2.0, "temu": 5.0}.__getitem__
    analysed = analyze_question("pertemuan itu", vocabulary, ANALYZER, lang="id", idf=idf)
    weights = {terms: weight for g in analysed.groups for weight, terms in g.alternatives}
    assert weights[("temu",)] * idf("temu") <= weights[("pertemuan",)] * idf("pertemuan")


def test_clitics_come_off_only_where_a_word_is_left() -> None:
    assert index_terms("pengolah pengolahnya penanya") == ["pengolah", "pengolah", "penanya"]
    # verbs with -kan or -i and a clitic still reduce to their root
    assert index_terms("lakukanlah perintahkan") == ["laku", "perintah"]


def test_english_reading_review_cases() -> None:
    vocabulary = {"pekerja", "mau", "danau", "dalam", "pimpin", "sebab", "2019"}
    # a word the curated lexicon renders by function words only is no unknown word
    assert "want" not in analyze("What do the workers want?", vocabulary).unknown
    # a month name that does name a month is unknown where the corpus lacks the month
    assert "may" in analyze("what happened in may 2019", vocabulary).unknown
    # only -ing forms read a phrasal verb through another base: "leader to" is no "lead to"
    assert "sebab" not in analyze("Who is the leader to ask?", vocabulary).terms
