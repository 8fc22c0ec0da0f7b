"""The repair stage: damaged files restored exactly, ftfy's own cases, the fast path.

The damaged files are made here from clean paragraphs in several languages, one kind
of damage (or a realistic mix) at a time, and go through decode and repair the way a
document does in a run. Clean text has to come out untouched, so every paragraph is
already in the stage's normal form: LF line ends, single spaces, no trailing space.
"""
from __future__ import annotations

import codecs
import html.entities
import importlib
import json
import lzma
import unicodedata

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import ftfy.fixes
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from pipeline.stages.decode import decode_bytes

repair_mod = importlib.import_module("pipeline.stages.repair")
repair_text, ftfy_lines, FTFY_CONFIG = (
    repair_mod.repair_text, repair_mod.ftfy_lines, repair_mod.FTFY_CONFIG
)

DEVSET = ROOT.parent / "shared" / "devset" / "pages.jsonl.xz"
FTFY_CASES = ROOT.parent / "shared" / "ftfy-cases"

CLEAN = {
    "en": (
        "The council’s new cycling plan – announced on Tuesday after months of delay – sets"
        " aside £4.2m for protected lanes on three of the city’s busiest roads.\n"
        "“We’ve listened to residents, and we’re confident this is the right balance,” said"
        " councillor Jane Moore. Critics say the scheme doesn’t go far enough… and that the"
        " café owners on Market Street weren’t consulted at all.\n\n"
        "Work is due to start in the spring, with the first section — between the station"
        " and the river — open by October."
    ),
    "de": (
        "Die Stadtverwaltung hat am Dienstag ihre Pläne für den Ausbau des Radwegenetzes"
        " vorgestellt. Für geschützte Radstreifen auf drei der meistbefahrenen Straßen sind"
        " 4,2 Millionen Euro vorgesehen.\n"
        "„Wir haben den Anwohnerinnen und Anwohnern zugehört“, sagte Stadträtin Jana Müller."
        " Kritiker bemängeln, dass die Maßnahmen nicht weit genug gingen – und dass die"
        " Geschäftsleute in der Marktstraße überhaupt nicht gefragt worden seien.\n\n"
        "Die Bauarbeiten sollen im Frühjahr beginnen; der erste Abschnitt zwischen Bahnhof"
        " und Flussufer soll bis Oktober fertig sein."
    ),
    "fr": (
        "La mairie a présenté mardi son nouveau plan vélo, qui prévoit 4,2 millions d’euros"
        " pour des pistes protégées sur trois des rues les plus fréquentées de la ville.\n"
        "« Nous avons écouté les habitants, et nous pensons avoir trouvé le bon équilibre »,"
        " a déclaré l’adjointe Jeanne Moreau. Les critiques estiment que le projet ne va pas"
        " assez loin… et que les commerçants de la rue du Marché n’ont pas été consultés.\n"
        "Les travaux débuteront au printemps ; le premier tronçon, entre la gare et le"
        " fleuve, devrait ouvrir en octobre. Coût total : 12\u00a0000 € par mètre."
    ),
    "es": (
        "El ayuntamiento presentó el martes su nuevo plan de movilidad ciclista, que destina"
        " 4,2 millones de euros a carriles protegidos en tres de las calles más transitadas"
        " de la ciudad.\n"
        "«Hemos escuchado a los vecinos y creemos que es el equilibrio adecuado», afirmó la"
        " concejala Juana Muñoz. ¿Es suficiente? Los críticos dicen que no: según ellos, los"
        " comerciantes de la calle del Mercado no fueron consultados.\n"
        "¡Las obras comenzarán en primavera! El primer tramo, entre la estación y el río,"
        " estará listo en octubre."
    ),
    "it": (
        "Il comune ha presentato martedì il nuovo piano per le piste ciclabili: 4,2 milioni"
        " di euro per corsie protette su tre delle strade più trafficate della città.\n"
        "\"Abbiamo ascoltato i cittadini e crediamo che sia l'equilibrio giusto\", ha detto"
        " l'assessora Giovanna Morelli. Secondo i critici il progetto non è abbastanza"
        " ambizioso, e i negozianti di via del Mercato non sono stati consultati.\n"
        "I lavori cominceranno in primavera; il primo tratto, tra la stazione e il fiume,"
        " sarà aperto entro ottobre."
    ),
    "pl": (
        "Władze miasta przedstawiły we wtorek nowy plan rozwoju dróg rowerowych. Na chronione"
        " pasy na trzech najbardziej ruchliwych ulicach przeznaczono 4,2 mln złotych.\n"
        "„Wysłuchaliśmy mieszkańców i uważamy, że to właściwa równowaga” – powiedziała radna"
        " Joanna Żółkiewska. Krytycy twierdzą, że projekt idzie za mało daleko, a właściciele"
        " sklepów przy ulicy Targowej w ogóle nie zostali zapytani o zdanie.\n"
        "Prace rozpoczną się wiosną; pierwszy odcinek, między dworcem a rzeką, ma być gotowy"
        " do października."
    ),
    "ru": (
        "Городские власти во вторник представили новый план развития велосипедной"
        " инфраструктуры. На защищённые велодорожки на трёх самых загруженных улицах города"
        " выделено 4,2 миллиона рублей.\n"
        "«Мы выслушали жителей и считаем, что нашли правильный баланс», — заявила депутат"
        " городского совета Жанна Морозова. Критики говорят, что проект недостаточно смелый,"
        " а с владельцами магазинов на Рыночной улице вообще никто не советовался.\n"
        "Работы начнутся весной; первый участок, между вокзалом и рекой, откроют к октябрю."
    ),
    "el": (
        "Η δημοτική αρχή παρουσίασε την Τρίτη το νέο σχέδιο για τους ποδηλατοδρόμους της"
        " πόλης. Για προστατευμένες λωρίδες σε τρεις από τους πιο πολυσύχναστους δρόμους"
        " διατίθενται 4,2 εκατομμύρια ευρώ.\n"
        "«Ακούσαμε τους κατοίκους και πιστεύουμε ότι βρήκαμε τη σωστή ισορροπία», δήλωσε η"
        " δημοτική σύμβουλος Ιωάννα Μωραΐτη. Οι επικριτές λένε ότι το σχέδιο δεν είναι"
        " αρκετά φιλόδοξο.\n"
        "Οι εργασίες θα ξεκινήσουν την άνοιξη και το πρώτο τμήμα θα είναι έτοιμο τον"
        " Οκτώβριο."
    ),
    "ja": (
        "市は火曜日、自転車道の整備に関する新しい計画を発表した。市内で最も交通量の多い三つの"
        "通りに、保護された自転車レーンを設けるため、四億二千万円が計上された。\n"
        "「住民の皆さんの声に耳を傾け、適切なバランスを見つけたと考えています」と市議会議員の"
        "森田じゅん子氏は述べた。一方、批判的な人々は、計画は十分ではなく、市場通りの商店主には"
        "全く相談がなかったと指摘している。\n"
        "工事は春に始まり、駅から川までの最初の区間は十月までに開通する予定だ。"
    ),
    "zh": (
        "市政府周二公布了新的自行车道建设计划，将拨款四千二百万元，在市内交通最繁忙的三条道路上"
        "修建受保护的自行车专用道。\n"
        "“我们听取了居民的意见，相信这是一个恰当的平衡。”市议员莫静说。批评者则认为，该计划"
        "力度不够，而且市场街的商户根本没有被征求意见。\n"
        "工程将于春季开工，从火车站到河边的第一段预计在十月前通车。"
    ),
    "zh_tw": (
        "市政府週二公布了新的自行車道建設計畫，將撥款四千二百萬元，在市內交通最繁忙的三條道路上"
        "修建受保護的自行車專用道。\n"
        "「我們聽取了居民的意見，相信這是一個恰當的平衡。」市議員莫靜說。批評者則認為，該計畫"
        "力度不夠，而且市場街的商戶根本沒有被徵求意見。\n"
        "工程將於春季開工，從火車站到河邊的第一段預計在十月前通車。"
    ),
    "ko": (
        "시는 화요일 자전거 도로 확충에 관한 새로운 계획을 발표했다. 시내에서 가장 혼잡한 세 개의"
        " 도로에 보호된 자전거 전용 차로를 만들기 위해 42억 원이 배정되었다.\n"
        "“주민들의 의견을 듣고 적절한 균형을 찾았다고 생각합니다”라고 시의원 모정은 씨가 말했다."
        " 비판하는 사람들은 계획이 충분하지 않으며, 시장 거리의 상인들과는 전혀 상의하지 않았다고"
        " 지적했다.\n"
        "공사는 봄에 시작되며, 역에서 강까지 첫 구간은 10월까지 개통될 예정이다."
    ),
    # Zero-width joiners that must survive: emoji sequences and Persian's ZWNJ.
    "emoji_fa": (
        "The new app lets developers 👩\u200d💻 and families 👨\u200d👩\u200d👧 share maps"
        " of safe cycling routes 🚴\u200d♀️ across the city.\n"
        "شهرداری می\u200cخواهد تا پایان سال مسیرهای دوچرخه\u200cسواری را گسترش دهد و"
        " ساکنان می\u200cگویند این کار لازم است."
    ),
}

# The legacy code page each language was commonly saved in.
LEGACY = {
    "en": "cp1252", "de": "cp1252", "fr": "cp1252", "es": "cp1252", "it": "cp1252",
    "pl": "cp1250", "ru": "cp1251", "el": "cp1253", "ja": "shift_jis", "zh": "gb18030",
    "zh_tw": "big5", "ko": "euc-kr",
}
# Extra legacy encodings, where the text fits them.
LEGACY_ALSO = {"es": "latin-1", "it": "latin-1", "ja": "euc-jp", "ru": "koi8-r"}


def _spots(text: str, every: int):
    """Positions inside words (between two letters), about one per ``every`` chars."""
    return [
        i for i in range(1, len(text) - 1)
        if text[i - 1].isalpha() and text[i].isalpha() and i % every == 0
    ]


def _insert(text: str, every: int, pieces: list[str]) -> str:
    out, last = [], 0
    for n, i in enumerate(_spots(text, every)):
        out += (text[last:i], pieces[n % len(pieces)])
        last = i
    return "".join(out) + text[last:]


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (as browsers do, C1 bytes kept as C1)."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def mojibake_latin1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def entities(text: str) -> str:
    """HTML entities left in plain text: named ones where HTML has a name."""
    out = []
    for n, ch in enumerate(text.replace("&", "&amp;")):
        name = html.entities.codepoint2name.get(ord(ch))
        if ch.isascii():
            out.append(ch)
        elif name and n % 2:
            out.append(f"&{name};")
        else:
            out.append(f"&#{ord(ch)};")
    return "".join(out)


def controls(text: str) -> str:
    return _insert(text, 37, ["\x07", "\x00", "\x1b[1m", "\x7f", "\x1b[0m", "\x08", "\x0c"])


def zero_width(text: str) -> str:
    return _insert(text, 23, ["\u200b", "\u2060", "\ufeff", "\u200b\u200b"])


def space_runs(text: str, wide: bool = True) -> str:
    """No-break-space padding, space runs, tabs and trailing whitespace; ``wide`` adds
    spaces that no legacy code page has."""
    runs = ["\u00a0\u00a0", " \u00a0", "\u00a0 \u00a0\u00a0", "   ", "\t"]
    runs += [" \u3000 ", "\u2003\u2003"] if wide else []
    words = text.split(" ")
    out = words[0]
    for n, word in enumerate(words[1:]):
        out += (runs[n % len(runs)] if n % 3 == 0 else " ") + word
    return out.replace("\n", " \u00a0\n") + "\u00a0 "


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


# name -> (text damage, then bytes). A text damage may raise UnicodeEncodeError:
# that language cannot carry it, and the pair is not made.
DAMAGES = {
    "mojibake": lambda t: _utf8(mojibake(t)),
    "mojibake_twice": lambda t: _utf8(mojibake(mojibake(t))),
    "mojibake_latin1": lambda t: _utf8(mojibake_latin1(t)),
    "cp1252_read_as_latin1": lambda t: _utf8(t.encode("cp1252").decode("latin-1")),
    "legacy": lambda t: None,  # filled per language below
    "utf16_bom": lambda t: t.encode("utf-16"),
    "utf16be_bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf32_bom": lambda t: t.encode("utf-32"),
    "bom_crlf": lambda t: codecs.BOM_UTF8 + _utf8(crlf(t)),
    "entities": lambda t: _utf8(entities(t)),
    "controls": lambda t: _utf8(controls(t)),
    "zero_width": lambda t: _utf8(zero_width(t)),
    "space_runs": lambda t: _utf8(space_runs(t)),
    # Mixes met in the wild.
    "mojibake+bom_crlf": lambda t: codecs.BOM_UTF8 + _utf8(crlf(mojibake(t))),
    "mojibake+space_runs": lambda t: _utf8(mojibake(space_runs(t))),
    "mojibake+zero_width": lambda t: _utf8(mojibake(zero_width(t))),
    "legacy+crlf+space_runs": lambda t: None,
    "entities+space_runs+controls": lambda t: _utf8(controls(space_runs(entities(t)))),
}


def _legacy(lang: str, damage: str, text: str) -> bytes:
    enc = LEGACY[lang] if damage.startswith("legacy") else LEGACY_ALSO[lang]
    if "crlf" in damage:
        text = crlf(space_runs(text, wide=False))
    return text.encode(enc)


def damaged_files() -> dict[str, tuple[str, bytes]]:
    """id -> (clean text, damaged bytes), every damage each language can carry."""
    files = {}
    for lang, clean in CLEAN.items():
        for damage, make in DAMAGES.items():
            if damage.startswith("legacy") and lang not in LEGACY:
                continue
            try:
                raw = _legacy(lang, damage, clean) if damage.startswith("legacy") else make(clean)
            except UnicodeEncodeError:
                continue
            if raw != clean.encode("utf-8"):
                files[f"{lang}-{damage}"] = (clean, raw)
        if lang in LEGACY_ALSO:
            try:
                files[f"{lang}-{LEGACY_ALSO[lang]}"] = (clean, _legacy(lang, "also", clean))
            except UnicodeEncodeError:
                pass
    return files


DAMAGED = damaged_files()


def restore(raw: bytes) -> str:
    text, _ = decode_bytes(raw)
    return repair_text(text)[0]


def test_damaged_set_is_broad():
    """Every damage kind is in the set, over a dozen languages."""
    kinds = {key.split("-", 1)[1] for key in DAMAGED}
    assert set(DAMAGES) <= kinds | {"legacy"} and len(CLEAN) >= 12
    assert len(DAMAGED) >= 150


@pytest.mark.parametrize("key", sorted(DAMAGED))
def test_damaged_file_restored_exactly(key):
    clean, raw = DAMAGED[key]
    assert restore(raw) == clean


@pytest.mark.parametrize("lang", sorted(CLEAN))
def test_clean_text_untouched(lang):
    assert repair_text(CLEAN[lang]) == (CLEAN[lang], [])


# --- what the stage does and does not change ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "She said “no” — twice ‘really’… fine, ＡＢＣ, ½, Œuvre, ℃",  # no restyling
        "Price:\u00a010\u00a0€; « oui\u202f»; 10\u2009000",  # single exotic spaces stay
        "\tindented\n    code block",  # leading indentation stays
        "emoji 👨\u200d👩\u200d👧 and ZWNJ می\u200cخواهم",  # joiners stay
        "a < b &amp; c",  # a '<' on the line: entities are left (ftfy's "auto")
        "",
    ],
)
def test_repairs_do_not_restyle(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize(
    "damaged, fixed, fix",
    [
        ("It’s the café’s", "It’s the café’s", None),
        ("ItÃ¢â‚¬â„¢s", "It’s", "fix_mojibake"),
        ("caf&eacute; &amp; bar", "café & bar", "unescape_html"),
        ("\x93quoted\x94", "“quoted”", "fix_c1_controls"),
        ("a\r\nb\rc", "a\nb\nc", "normalize_line_breaks"),
        ("a\u2028b", "a\nb", "normalize_line_breaks"),
        ("bold \x1b[1mtext\x1b[0m", "bold text", "remove_terminal_escapes"),
        ("zero\u200bwidth", "zerowidth", "remove_zero_width"),
        ("a \ufb01ne o\ufb00er", "a fine offer", "fix_latin_ligatures"),
        ("\u01cce\u0149", "nje\u02bcn", "fix_latin_ligatures"),
        ("bell\x07", "bell", "remove_control_chars"),
        ("a\u00a0\u00a0\u00a0b", "a b", "fold_whitespace_runs"),
        ("a  \nb", "a\nb", "strip_trailing_whitespace"),
        ("a\n\n\n\nb", "a\n\nb", "fold_blank_lines"),
    ],
)
def test_each_fix_is_named(damaged, fixed, fix):
    text, fixes = repair_text(damaged)
    assert text == fixed
    assert fixes == ([fix] if fix else [])


# --- ftfy's own test cases -----------------------------------------------------------


def _fold_style(text: str) -> str:
    """What ftfy's defaults restyle and this stage keeps, plus whitespace runs (folded
    here, kept by ftfy): compared after folding all of them on both sides. Ligatures
    are not folded: this stage undoes them as ftfy does."""
    for fix in (ftfy.fixes.fix_character_width, ftfy.fixes.uncurl_quotes):
        text = fix(text)
    return " ".join(unicodedata.normalize("NFC", text).split())


def _ftfy_pass_cases():
    if not FTFY_CASES.is_dir():
        return []
    cases = []
    for path in sorted(FTFY_CASES.glob("*.json")):
        for n, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            if case.get("expect") == "pass":
                cases.append(pytest.param(case, id=f"{path.stem}-{n}"))
    return cases


@pytest.mark.skipif(not FTFY_CASES.is_dir(), reason="shared/ftfy-cases not present")
@pytest.mark.parametrize("case", _ftfy_pass_cases())
def test_ftfy_pass_cases(case):
    assert _fold_style(repair_text(case["original"])[0]) == _fold_style(case["fixed"])


# --- the fast path -------------------------------------------------------------------


def ftfy_every_line(text: str) -> str:
    return "\n".join(ftfy.fix_text(line, config=FTFY_CONFIG) for line in text.split("\n"))


def _badness_alphabet() -> list[str]:
    """Every character BADNESS_RE names, and some ASCII context."""
    from re import _parser as sre

    from ftfy.badness import BADNESS_RE

    chars: set[str] = set()

    def walk(items):
        for op, av in items:
            if op is sre.LITERAL:
                chars.add(chr(av))
            elif op is sre.IN:
                for o, a in av:
                    if o is sre.LITERAL:
                        chars.add(chr(a))
                    elif o is sre.RANGE:
                        chars.update(map(chr, range(a[0], a[1] + 1)))
            elif op is sre.MAX_REPEAT:
                walk(av[2].data)

    for branch in sre.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data[0][1][1]:
        walk(branch.data)
    return sorted(chars | set(" aZz.,?!1&#;<\t\n\r\x85\u2028\x1b\x07"))


ALPHABET = _badness_alphabet()


def test_screen_covers_every_badness_pair():
    """Every two-character string ftfy calls bad, the screen hits (exhaustive)."""
    from ftfy.badness import is_bad

    screen = repair_mod._MAY_NEED_FTFY
    missed = [a + b for a in ALPHABET for b in ALPHABET if is_bad(a + b) and not screen.search(a + b)]
    assert missed == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ALPHABET + ["Ã©", "â€™", "ГўВЂВ™s", "&amp;", "&eacute;"]), max_size=40))
def test_fast_path_equals_ftfy_on_mojibake_soup(pieces):
    text = "".join(pieces)
    assert ftfy_lines(text) == ftfy_every_line(text)


def _batch_flags(texts):
    screens = (repair_mod._FTFY_SCREEN, repair_mod._OWN_SCREEN, repair_mod._TIDY_SCREEN)
    return list(zip(*repair_mod._screen_texts(texts, *screens)))


def test_batch_screens_never_miss_what_the_python_scan_finds():
    """The RE2 batch screens may let a text through for nothing, never skip one the
    Python scans have work in: every bad pair, our own characters, entities, and the
    stage gives the same text with the screens as without."""
    texts = [a + b for a in ALPHABET for b in ALPHABET]
    texts += ["x\u00a0y", "a\u200bb", "caf&eacute;", "&#233;", "\x0c", "Ã©t\u00e9", "line\r\nline", "ü ä ß",
              "a \nb", "tab\there", "two  spaces", "x\n\n\ny", "end ", "Ã\u00a0 x\u00a0\u00a0y"]
    flags = _batch_flags(texts)
    missed = [t for t, (ftfy_lines, own, _) in zip(texts, flags)
              if (repair_mod._MAY_NEED_FTFY.search(t) and not ftfy_lines)
              or (any(c in repair_mod._OWN_CHARS for c in t) and not own)]
    assert missed == []
    assert [t for t, f in zip(texts, flags) if repair_text(t) != repair_text(t, *f)] == []
    assert not all(any(f) for f in flags)  # it does screen: plain German passes untouched
    assert repair_mod._screen_texts(["ok", "\ud800 lone surrogate", None], repair_mod._TIDY_SCREEN) == [[False, True, True]]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ALPHABET + ["Ã©", "â€™", "&amp;", "\u00a0", "\u200b", "ü", "  ", "\t", "\n"]),
                max_size=30))
def test_batch_screens_change_nothing_on_soup(pieces):
    text = "".join(pieces)
    assert repair_text(text) == repair_text(text, *_batch_flags([text])[0])


def _devset_texts():
    with lzma.open(DEVSET, "rt", encoding="utf-8") as fh:
        for line in fh:
            page = json.loads(line)
            yield page["id"], "scraped", page["scraped"]
            yield page["id"], "fulltext", page["fulltext"]


@pytest.mark.slow
@pytest.mark.skipif(not DEVSET.exists(), reason="shared/devset not present")
def test_fast_path_equals_ftfy_on_every_devset_text():
    """Both text forms of all 990 pages. ftfy is run on each distinct line once
    (menus repeat across pages), which keeps the reference under a minute."""
    seen: dict[str, str] = {}

    def full(text: str) -> str:
        out = []
        for line in text.split("\n"):
            if line not in seen:
                seen[line] = ftfy.fix_text(line, config=FTFY_CONFIG)
            out.append(seen[line])
        return "\n".join(out)

    mismatched, n = [], 0
    for page_id, form, text in _devset_texts():
        n += 1
        if ftfy_lines(text) != full(text):
            mismatched.append(f"{page_id}/{form}")
    assert n == 2 * 990
    assert mismatched == []


# --- properties ----------------------------------------------------------------------

_WORDS = sorted({w for text in CLEAN.values() for w in text.split()})


@st.composite
def clean_documents(draw):
    """Real words, single spaces, paragraphs: text already in the stage's normal form."""
    paragraphs = draw(
        st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=30), min_size=1, max_size=5)
    )
    sep = draw(st.sampled_from(["\n", "\n\n"]))
    return sep.join(" ".join(words) for words in paragraphs)


@settings(max_examples=200, deadline=None)
@given(clean_documents())
def test_clean_text_is_left_alone(text):
    assert repair_text(text) == (text, [])


DAMAGE_FNS = [mojibake, mojibake_latin1, entities, controls, zero_width, space_runs, crlf]


@settings(max_examples=200, deadline=None)
@given(clean_documents(), st.lists(st.sampled_from(DAMAGE_FNS), max_size=3))
def test_repair_is_idempotent_on_damaged_text(text, damages):
    for damage in damages:
        text = damage(text)
    once = repair_text(text)[0]
    assert repair_text(once) == (once, [])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET + ["\u200b", "\u00a0", "\u3000", "é", "’"])))
def test_repair_is_idempotent_on_arbitrary_text(text):
    once = repair_text(text)[0]
    assert repair_text(once)[0] == once


def test_screened_repair_takes_a_lone_surrogate():
    """A text RE2 cannot take (no UTF-8) is left to the Python patterns, not an error."""
    text = "a\ud800\u00a0\u00a0b"
    assert repair_text(text, False, True, True)[0] == repair_text(text)[0] == "a\ufffd b"


def test_batch_screens_on_raw_utf8_equal_screens_on_the_texts():
    """The repair stage screens a strict-UTF-8 text document's raw bytes instead of
    encoding its text again; a document read with replacements is encoded anew."""
    import pandas as pd

    from pipeline.config import Config
    from pipeline.stages.decode import decode

    texts = ["plain text", "caf\u00e9 au lait", "Ã©t\u00e9", "x\u00a0\u00a0y", "two  spaces", "tab\tbed", "end "]
    raws = [t.encode("utf-8") for t in texts] + [b"bad \xff byte \xc3\xa9t\xc3\xa9 \xc3\xa9 and more"]
    screens = (repair_mod._FTFY_SCREEN, repair_mod._OWN_SCREEN, repair_mod._TIDY_SCREEN)
    batch = pd.DataFrame({"raw": raws, "kind": ["text"] * len(raws), "status": ["ok"] * len(raws),
                          "error": [None] * len(raws)})
    batch = decode(batch, Config())
    utf8 = repair_mod._utf8_of_texts(batch)
    assert utf8[:-1] == raws[:-1] and utf8[-1] is None  # the last was read with a replacement
    assert (repair_mod._screen_texts(batch["text"].tolist(), *screens, utf8=utf8)
            == repair_mod._screen_texts(batch["text"].tolist(), *screens))


@pytest.mark.parametrize("options, fixed, fix", [
    ({}, "ＡＢＣ café", None),
    ({"fix_character_width": True}, "ABC café", "fix_character_width"),
    ({"normalization": "NFKC"}, "ABC café", "normalize_nfkc"),
    ({"normalization": "NFD"}, "ＡＢＣ cafe\u0301", "normalize_nfd"),
])
def test_repair_options_that_restyle_are_off_by_default(options, fixed, fix):
    """Full-width forms and a normal form are options (the config's fix_character_width
    and normalization): off, the text keeps them; on, each is a named fix."""
    import pipeline
    from pipeline.config import Config

    body = "The council met for three hours and agreed that the budget would be published in full."
    cleaned = pipeline.clean(f"ＡＢＣ caf\u00e9\n\n{body}\n\n{body}", config=Config(**options))
    assert cleaned.repaired.split("\n")[0] == fixed
    assert (fix in cleaned.fixes) if fix else not {"fix_character_width", "normalize_nfkc"} & set(cleaned.fixes)
