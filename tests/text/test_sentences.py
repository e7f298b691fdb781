from bot.text.sentences import split_sentences


def test_splits_plain_sentences() -> None:
    assert split_sentences("Hujan turun. Banjir datang! Apa yang terjadi? Warga mengungsi.") == [
        "Hujan turun.",
        "Banjir datang!",
        "Apa yang terjadi?",
        "Warga mengungsi.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Dr. Budi dan Prof. Sari tiba di Jl. Sudirman No. 5 a.n. Ir. H. Ahmad. Susilo B. Yudhoyono hadir."
    assert split_sentences(text) == [
        "Dr. Budi dan Prof. Sari tiba di Jl. Sudirman No. 5 a.n. Ir. H. Ahmad.",
        "Susilo B. Yudhoyono hadir.",
    ]


def test_list_abbreviation_ends_sentence_only_before_a_new_one() -> None:
    assert split_sentences("Ia membeli beras, gula, dll. untuk dapur umum.") == [
        "Ia membeli beras, gula, dll. untuk dapur umum."
    ]
    assert split_sentences("Ia membeli beras, gula, dsb. Harga naik.") == [
        "Ia membeli beras, gula, dsb.",
        "Harga naik.",
    ]


def test_numbers_dates_and_times_stay_whole() -> None:
    text = "Inflasi 3,5 persen pada 16/10/2023 pukul 04.00 WIB dan harga Rp 1.500 per kg. Lalu turun."
    assert split_sentences(text) == [
        "Inflasi 3,5 persen pada 16/10/2023 pukul 04.00 WIB dan harga Rp 1.500 per kg.",
        "Lalu turun.",
    ]


def test_quote_stays_with_its_attribution() -> None:
    text = '"Situasi ini genting. Kami siap membantu," demikian pernyataan Kremlin. Putin lalu pergi.'
    assert split_sentences(text) == [
        '"Situasi ini genting. Kami siap membantu," demikian pernyataan Kremlin.',
        "Putin lalu pergi.",
    ]


def test_curly_quotes_and_closing_quote_after_stop() -> None:
    text = "“Kami menolak.” Ia pergi. “Ini mahal,” kata dia."
    assert split_sentences(text) == ["“Kami menolak.”", "Ia pergi.", "“Ini mahal,” kata dia."]


def test_ellipsis_before_new_sentence_splits_only_then() -> None:
    assert split_sentences("Dia menunggu... lalu pergi. Semua diam… Kemudian hujan.") == [
        "Dia menunggu... lalu pergi.",
        "Semua diam…",
        "Kemudian hujan.",
    ]


def test_keeps_every_character() -> None:
    text = 'Satu. "Dua," kata A. Tiga? Empat!'
    assert " ".join(split_sentences(text)) == text


def test_splitter_keeps_dotted_leaders_and_ellipses() -> None:
    assert split_sentences("Tarif........Rp5.000 per orang. Anak gratis.") == [
        "Tarif........Rp5.000 per orang.",
        "Anak gratis.",
    ]
    assert split_sentences("Ia ragu... Lalu pergi. Tarif…Rp5.000!!! Wah.") == [
        "Ia ragu...",
        "Lalu pergi.",
        "Tarif…Rp5.000!!!",
        "Wah.",
    ]
