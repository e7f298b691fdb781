"""Behaviour of the language data and its loader (bot.lang.lexicon)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from bot.lang.lexicon import Lexicon, Sense, informal_forms, normalize_english, stopwords

ROOT = Path(__file__).resolve().parents[2]  # the repository (this file is tests/lang/…)
BUILD_SCRIPT = ROOT / "tools" / "build_lexicon.py"
GAPS_SCRIPT = ROOT / "tools" / "lexicon_gaps.py"
FREEDICT_SOURCE = Path("/usr/share/dictd/freedict-eng-ind.dict.dz")


def data_text(*parts: str) -> str:
    node = resources.files("bot.lang.data")
    for part in parts:
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def indonesian(lexicon: Lexicon, english: str) -> list[str]:
    return [sense.indonesian for sense in lexicon.senses(english)]


# --- curated lexicon -------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        ("ceasefire", "gencatan senjata"),
        ("ground offensive", "serangan darat"),
        ("prime minister", "perdana menteri"),
        ("phone call", "panggilan telepon"),
        ("interest rate", "suku bunga"),
        ("civil servant", "aparatur sipil negara"),
        ("work from home", "bekerja dari rumah"),
        ("central bank", "bank sentral"),
        ("last week", "pekan lalu"),
        ("how long", "berapa lama"),
        ("iranian president", "presiden iran"),
        ("iran's president", "presiden iran"),
        ("the kremlin", "kremlin"),
    ],
)
def test_phrases_are_present(lexicon: Lexicon, english: str, expected: str) -> None:
    assert english in lexicon
    assert expected in indonesian(lexicon, english)


@pytest.mark.parametrize(
    ("english", "primary"),
    [
        ("tell", "mengatakan"),
        ("hostage", "sandera"),
        ("condolence", "belasungkawa"),
        ("mediation", "mediasi"),
        ("unrest", "kerusuhan"),
        ("yesterday", "kemarin"),
        ("first", "pertama"),
        ("us", "as"),
        ("british", "inggris"),
        ("russian", "rusia"),
        ("israeli", "israel"),
        ("egypt", "mesir"),
        ("syria", "suriah"),
        ("moscow", "moskow"),
        ("yemen", "yaman"),
        ("dutch", "belanda"),
        ("japan", "jepang"),
        ("germany", "jerman"),
        ("un", "pbb"),
        ("pm", "perdana menteri"),
        ("nato", "nato"),
        ("president", "presiden"),
    ],
)
def test_curated_primary_sense(lexicon: Lexicon, english: str, primary: str) -> None:
    senses = lexicon.senses(english)
    assert senses[0] == Sense(primary, "news", 0)


@pytest.mark.parametrize(
    ("english", "primary"),
    [
        # Common English words no lexicon translated before (tools/lexicon_gaps.py).
        ("ethics", "etik"),
        ("benchmark", "acuan"),
        ("nationwide", "nasional"),
        ("stakeholder", "pemangku kepentingan"),
        ("contractor", "kontraktor"),
        ("amid", "di tengah"),
        ("snap election", "pemilu dipercepat"),
        ("grocery", "sembako"),
        # Frequent words whose only (FreeDict) senses were wrong for news.
        ("inner", "dalam"),
        ("presidential", "presiden"),
        ("palm", "sawit"),
        ("crop", "tanaman"),
    ],
)
def test_common_words_have_curated_senses(lexicon: Lexicon, english: str, primary: str) -> None:
    assert lexicon.senses(english)[0] == Sense(primary, "news", 0)


def test_gap_script_filters_names_stopwords_and_known_words(lexicon: Lexicon) -> None:
    from bot.search.analyzer import Analyzer

    spec = importlib.util.spec_from_file_location("lexicon_gaps", GAPS_SCRIPT)
    assert spec is not None and spec.loader is not None
    gaps = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gaps)
    words = ["the", "john", "ethics", "benchmarks", "running", "qwzxv", "ok"]
    found = [lemma for _, _, lemma in gaps.candidates(words)]
    assert "the" not in found and "john" not in found and "qwzxv" not in found and "ok" not in found
    assert {"ethics", "benchmark"} <= set(found)
    analyzer = Analyzer(lexicon)
    assert gaps.senses_of("benchmarks", "benchmark", lexicon, analyzer)
    assert not gaps.senses_of("qwzxv", "qwzxv", lexicon, analyzer)


def test_alternatives_keep_their_order(lexicon: Lexicon) -> None:
    assert indonesian(lexicon, "tell")[:4] == ["mengatakan", "menyampaikan", "memberi tahu", "kata"]
    assert [s.rank for s in lexicon.senses("tell") if s.origin == "news"][:4] == [0, 1, 2, 3]


def test_curated_senses_come_before_freedict(lexicon: Lexicon) -> None:
    senses = lexicon.senses("offensive")
    origins = [sense.origin for sense in senses]
    assert origins[0] == "news" and "freedict" in origins
    assert origins == sorted(origins, key=lambda origin: origin != "news")
    assert senses[0].indonesian == "serangan"


def test_duplicates_across_sources_are_removed(lexicon: Lexicon) -> None:
    # "bank" -> "bank" is both curated and FreeDict's first sense.
    words = indonesian(lexicon, "bank")
    assert words.count("bank") == 1
    assert lexicon.senses("bank")[0].origin == "news"


def test_freedict_only_word_keeps_dictionary_order() -> None:
    lexicon = Lexicon.from_tables({"attack": ["serangan"]}, {"run": ["lari", "berlari", "menjalankan"]})
    senses = lexicon.senses("run")
    assert [sense.indonesian for sense in senses] == ["lari", "berlari", "menjalankan"]
    assert all(sense.origin == "freedict" for sense in senses)
    assert [sense.rank for sense in senses] == [0, 1, 2]


def test_lookup_normalises_case_space_and_apostrophes(lexicon: Lexicon) -> None:
    assert lexicon.senses("  Prime   Minister ") == lexicon.senses("prime minister")
    assert lexicon.senses("Iran\u2019s president") == lexicon.senses("iran's president")
    assert normalize_english("The  Kremlin") == "the kremlin"


def test_hyphen_variants_are_found(lexicon: Lexicon) -> None:
    # FreeDict spells it "cease-fire"; questions write "cease fire".
    assert "cease-fire" in lexicon
    assert "cease fire" in lexicon
    assert "gencatan senjata" in indonesian(lexicon, "cease fire")


def test_unknown_word(lexicon: Lexicon) -> None:
    assert "qwzxv" not in lexicon
    assert lexicon.senses("qwzxv") == []
    assert 42 not in lexicon  # type: ignore[operator]


def test_senses_returns_a_copy(lexicon: Lexicon) -> None:
    lexicon.senses("ceasefire").clear()
    assert lexicon.senses("ceasefire")


def test_max_phrase_words_covers_curated_phrases(lexicon: Lexicon) -> None:
    assert lexicon.max_phrase_words >= len("international committee of the red cross".split())
    longest = max(
        len(line.split("\t")[0].split())
        for line in data_text("lexicon", "news_en_id.tsv").splitlines()
        if line and not line.startswith("#")
    )
    assert lexicon.max_phrase_words >= longest


def test_from_tables_merges_and_normalises() -> None:
    lex = Lexicon.from_tables(
        {"Ground  Offensive": ["Serangan Darat", "ofensif"]},
        {"ground offensive": ["ofensif", "x"]},
    )
    assert lex.senses("ground offensive") == [
        Sense("serangan darat", "news", 0),
        Sense("ofensif", "news", 1),
        Sense("x", "freedict", 1),
    ]
    assert lex.max_phrase_words == 2


def test_load_is_cached() -> None:
    assert Lexicon.load() is Lexicon.load()


# --- data file hygiene -----------------------------------------------------------


def test_news_lexicon_is_well_formed() -> None:
    keys: list[str] = []
    topics = 0
    for number, line in enumerate(data_text("lexicon", "news_en_id.tsv").splitlines(), 1):
        if line.startswith("# topic: "):
            topics += 1
            continue
        if not line or line.startswith("#"):
            continue
        english, indonesian_side = line.split("\t")
        assert english == normalize_english(english), number
        alternatives = indonesian_side.split("|")
        assert all(alt and alt == " ".join(alt.lower().split()) for alt in alternatives), number
        assert len(set(alternatives)) == len(alternatives), number
        keys.append(english)
    assert len(keys) == len(set(keys)), "an English key occurs twice"
    assert len(keys) >= 600
    assert topics >= 15


def test_freedict_file_carries_attribution_and_is_normalised() -> None:
    text = data_text("lexicon", "freedict_en_id.tsv")
    header = "\n".join(line for line in text.splitlines()[:30] if line.startswith("#"))
    licence_url = "creativecommons.org/licenses/by-sa/3.0"
    for needle in ("FreeDict", "Wiktionary", "WikDict", "CC BY-SA 3.0", licence_url):
        assert needle in header
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rows) > 10_000
    for english, translation in rows:
        assert english == normalize_english(english)
        assert re.fullmatch(r"[a-z0-9]+(?:[ '-][a-z0-9]+)*", translation), translation
        assert "(" not in translation


def test_readme_documents_sources() -> None:
    readme = data_text("lexicon", "README.md")
    assert "CC BY-SA 3.0" in readme and "FreeDict" in readme and "news_en_id.tsv" in readme


# --- informal forms and stopwords -----------------------------------------------


@pytest.mark.parametrize(
    ("informal", "standard"),
    [
        ("gmn", "bagaimana"),
        ("gimana", "bagaimana"),
        ("ga", "tidak"),
        ("nggak", "tidak"),
        ("udah", "sudah"),
        ("brp", "berapa"),
        ("knp", "mengapa"),
        ("yg", "yang"),
        ("utk", "untuk"),
        ("nyampein", "menyampaikan"),
        ("ngasih", "memberi"),
        ("ketemu", "bertemu"),
        ("gpp", "tidak apa-apa"),
    ],
)
def test_informal_forms(informal: str, standard: str) -> None:
    assert informal_forms()[informal] == standard


def test_informal_forms_is_large_lowercase_and_read_only() -> None:
    forms = informal_forms()
    assert len(forms) >= 150
    for key, value in forms.items():
        assert key == key.lower() and " " not in key and value == value.lower()
    with pytest.raises(TypeError):
        forms["ga"] = "changed"  # type: ignore[index]
    assert informal_forms()["ga"] == "tidak"


def test_stopwords_exclude_question_words_and_markers() -> None:
    indonesian_stop = stopwords("id")
    english_stop = stopwords("en")
    assert {"yang", "di", "ke", "dari", "dan", "itu", "ini", "dengan", "untuk", "akan"} <= indonesian_stop
    assert {"the", "a", "of", "did", "does", "is"} <= english_stop
    kept_id = {"tidak", "kepada", "bahwa", "karena", "berapa", "kapan", "siapa", "mengapa"}
    kept_id |= {"bagaimana", "di mana", "mana", "apa", "belum", "bukan"}
    kept_en = {"who", "when", "where", "why", "how", "what", "which", "whom", "not", "us", "may"}
    assert not indonesian_stop & kept_id
    assert not english_stop & kept_en
    assert 150 <= len(indonesian_stop) <= 300
    assert not any(word.startswith("#") for word in indonesian_stop | english_stop)


def test_stopwords_unknown_language() -> None:
    with pytest.raises(ValueError):
        stopwords("fr")


# --- build script and load time --------------------------------------------------


@pytest.mark.skipif(not FREEDICT_SOURCE.exists(), reason="dict-freedict-eng-ind is not installed")
def test_build_script_regenerates_identical_output(tmp_path: Path) -> None:
    out = tmp_path / "freedict_en_id.tsv"
    subprocess.run([sys.executable, str(BUILD_SCRIPT), "--out", str(out)], check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == data_text("lexicon", "freedict_en_id.tsv")


@pytest.mark.parametrize("english", ["detain", "arrest"])
def test_police_detaining_reads_as_news_writes_it(lexicon: Lexicon, english: str) -> None:
    # Indonesian police reports say people were "secured": "polisi mengamankan 30 orang".
    assert {"mengamankan", "diamankan"} <= {sense.indonesian for sense in lexicon.senses(english)}
