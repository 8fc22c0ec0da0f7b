"""The batch line-rule engine gives exactly the labels of the one-line reference.

The RE2 screens may let too much through, never too little; these tests hold the
batch path to ``classify_line`` on real pages and on strings built to sit on the edges
where Python's and RE2's character classes differ.
"""
import gzip
import json
import math
import re

import pytest
import re2

from conftest import DATA
from pipeline.rules import linematch as LM
from pipeline.rules import table as T
from pipeline.stages.segment import segment_text

# Letters RE2 calls non-word, digits it calls non-digit, spaces it calls non-space.
EDGE_LINES = [
    "Élan vital: subscribe now", "Ünsere Kommentare (3)", "Photo : Zoë Ørsted", "Fotó: ©ĀĒĪ",
    "Kommentar\u00a0schreiben", "Leave\u2003a reply", "Image ٣ of ١٢", "£２８,000 - £32,000",
    "3 Kommentare zu „Überschrift“", "ΦΩΤΟ: Ψ", "Teilen\u202fauf Facebook", "—Share—",
    "«Newsletter»", "Tags : économie, société", "© 2024 Ñandú Média", "SIGN UP", "sign up!",
    "Aktualisiert:\u00a0vor 2 Stunden", "Zuletzt aktualisiert am 3. Mai 2020", "Copyright ©\u2009Ñandú", "Impressum",
]
# Lines the joined-text pass cannot hold: a line feed inside, a lone surrogate.
ODD_LINES = ["Leave a\nreply", "Leave a reply\ud800", "Subscribe\nto our newsletter", "\udc80Kommentare (3)"]


def _screen_matches(screen: str, line: str) -> bool:
    return re2.search(screen, line.encode("utf-8"), LM._re2_options()) is not None


@pytest.fixture(scope="module")
def sample_lines():
    with gzip.open(DATA / "quality_sample.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    lines = []
    for r in rows:
        for form in ("scraped", "fulltext"):
            lines += [r[form][s:e] for s, e in segment_text(r[form])[0]]
    return lines


def test_batch_labels_equal_line_by_line(sample_lines):
    lines = sample_lines + EDGE_LINES * 40 + ODD_LINES
    expected = [LM.classify_line(t) for t in lines]
    assert LM.classify_lines(lines) == expected
    assert sum(lab is not None for lab in expected) > 100  # rules do fire on this sample


def test_every_rule_is_screened():
    unscreened = [r.name for r, s in zip(T.LINE_RULES, LM.SCREENS) if s is None]
    assert unscreened == []


@pytest.mark.parametrize("rule", T.LINE_RULES, ids=lambda r: r.name)
def test_screen_never_misses_an_edge_line(rule):
    decide = rule.compile()
    screen = LM.screen_pattern(rule)
    for line in EDGE_LINES:
        if decide(line):
            assert _screen_matches(screen, line), (rule.name, line)


def test_a_rules_own_screen_accepts_what_the_rule_takes():
    """A rule with a looser ``screen`` of its own: on the furniture lines of the
    coverage test, every line the rule takes passes its screen."""
    lines = [ln for ln in (DATA / "furniture_lines.txt").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    rules = [r for r in T.LINE_RULES if r.screen is not None]
    assert rules
    for rule in rules:
        decide, screen = rule.compile(), LM.screen_pattern(rule)
        taken = [ln for ln in lines + EDGE_LINES if decide(ln)]
        assert taken, rule.name
        assert all(_screen_matches(screen, ln) for ln in taken), rule.name


@pytest.mark.parametrize("pattern,line", [
    (r"\w+ says:", "Zoë says:"),             # \w holds non-ASCII letters
    (r"[^\w\s]{2}", "«»"),                   # a negated class stays a superset
    (r"\d{2,4}", "٢٠٢٤"),                    # Unicode digits
    (r"a\sb", "a\u2003b"),                   # Unicode spaces
    (r"\bfoo\b", "éfooé"),                   # word boundaries are dropped, not narrowed
    (r"x{1,3}y", "xxxxxy"),                  # bounded repeats are opened
])
def test_translation_is_a_superset(pattern, line):
    translated = LM.to_re2(pattern)
    python = re.search(pattern, line, re.IGNORECASE) is not None
    assert _screen_matches(translated, line) or not python, (pattern, translated)


def test_untranslatable_pattern_raises():
    with pytest.raises(LM.Untranslatable):
        LM.to_re2(r"foo(?=bar)")
    with pytest.raises(LM.Untranslatable):
        LM.to_re2(r"[^\W\d]")


def test_block_features_do_not_depend_on_the_batch(sample_lines):
    """Scoring documents together (the stage) or one by one (training) gives the same
    rows: nothing leaks across a document boundary."""
    import numpy as np

    from pipeline.rules.features import FEATURE_NAMES, batch_features, block_features
    from pipeline.classifier import classify_rules

    docs = []
    for k in range(0, 600, 120):
        texts = sample_lines[k:k + 120]
        docs.append((texts, classify_rules(texts)[0]))
    together, owners = batch_features(docs)
    alone = np.vstack([np.asarray(block_features(t, lab)) for t, lab in docs])
    assert together.shape == (600, len(FEATURE_NAMES))
    assert owners[120] == (1, 0)
    np.testing.assert_allclose(together, alone)


def test_text_features_by_hand():
    from pipeline.rules.features import FEATURE_NAMES, block_features

    texts = ["Die Katze und der Hund sind im Garten.", "FACEBOOK TWITTER", "Zoë’s 3 cats"]
    rows = block_features(texts, [None, None, None])
    col = {name: [r[i] for r in rows] for i, name in enumerate(FEATURE_NAMES)}
    assert col["stop_density"][0] == pytest.approx(5 / 8)   # die, und, der, sind, im
    assert col["no_stop_words"][1] == 1.0
    assert col["cap_share"][1] == 1.0
    assert col["digit_share"][2] == pytest.approx(1 / 12)
    assert col["title_case_share"][2] == pytest.approx(1 / 3)
    assert col["sentence_end"] == [1.0, 0.0, 0.0]


def test_page_kind_features():
    """A navigation-heavy page and an article differ in their share of short blocks and
    of text in prose, the same for every block of the page."""
    from pipeline.rules.features import FEATURE_NAMES, block_features

    prose = ("The committee met for three hours and agreed that the budget would be published "
             "before the end of the month, with a summary for residents.")
    rows = block_features(["Home", "News", prose, "Contact"], [None] * 4)
    short = FEATURE_NAMES.index("doc_short_share")
    in_prose = FEATURE_NAMES.index("doc_prose_share")
    assert {r[short] for r in rows} == {0.75}
    assert rows[0][in_prose] == pytest.approx(len(prose) / (len(prose) + 15))
    # the share of the page's blocks the rules labelled (the title counts too)
    labelled = FEATURE_NAMES.index("doc_labelled_share")
    rows = block_features(["Home", "News", prose, "Contact"], [("chrome", "x"), None, None, ("title", "y")])
    assert {r[labelled] for r in rows} == {0.5}


def test_article_context_features_by_hand():
    """A teaser under a related-stories header, after the article's prose: no prose
    after it, after-article furniture before it and bordering it; a paragraph between
    the article's two paragraphs has prose on both sides. The neighbour search stops
    at a long block, so the paragraphs see no furniture before them."""
    from pipeline.rules.features import FEATURE_NAMES, block_features

    para = ("The committee met for three hours and agreed that the budget would be published "
            "before the end of the month, with a summary for residents. ") * 2
    middle = "The mayor said the plan was fair to every district of the city."
    texts = ["Menu", para, middle, para, "Related stories", "Council votes on the new bus lanes", "Imprint"]
    labels = [("chrome", "x"), None, None, None, ("promo", "promo.header"), None, ("chrome", "x")]
    rows = block_features(texts, labels)
    col = {name: [r[i] for r in rows] for i, name in enumerate(FEATURE_NAMES)}
    teaser = 5
    assert col["prose_after_share"][teaser] == 0.0
    assert col["prose_before_share"][teaser] == 1.0
    assert col["after_article_seen"][teaser] == 1.0
    assert col["prev_promo"][teaser] == 1.0 and col["next_chrome"][teaser] == 1.0
    assert col["furniture_since_long"][teaser] == pytest.approx(math.log1p(1))
    assert col["prose_before_share"][2] == pytest.approx(0.5)  # the middle one is not prose itself
    assert col["prose_after_share"][2] == pytest.approx(0.5)
    assert col["after_article_seen"][2] == 0.0
    assert col["prev_chrome"][1] == 1.0 and col["prev_chrome"][3] == 0.0  # the search stops at a long block
    assert col["len_vs_longest"][2] == pytest.approx(len(middle) / len(para))


def test_text_features_equal_a_block_by_block_reference(sample_lines):
    """The batch counts (one bincount over the joined code points, words split in
    Arrow) against plain ``str`` methods, one block at a time."""
    import numpy as np

    from pipeline.rules import features as F

    texts = sample_lines[:3000] + ["", "  ", "😀 emoji 𝔘𝔫𝔦 ok", "ǅ title", "x_y 3² ٣", "a\nb c", "Über\u00a0die Straße",
                                   "Read more: ", "„Zitat.“ ", "- item", "-", "* x", "Ende.)", "Why? '",
                                   "a | b", "see https://x.y", "www.", "HTTP://X", "http:/", "|"]
    got = F._text_features(texts)

    def reference(t: str) -> dict:
        words = [w.lower() for w in re.findall(r"\w+", t)]
        per_lang = [sum(w in ws for w in words) for ws in F._STOP.values()]
        tokens = t.split()
        return {
            "letters": sum(c.isalnum() and not c.isdecimal() for c in t),
            "caps": sum(c.isupper() for c in t),
            "digits": sum(c.isdecimal() for c in t),
            "punct": sum(not (c.isalnum() or c == "_") and not c.isspace() for c in t),
            "tokens": len(tokens),
            "title_tokens": sum(tok[0].isupper() for tok in tokens),
            "words": len(words),
            "stop_best": max(per_lang),
            "any_stop": sum(w in F._ALL_STOP for w in words),
            "sentence_end": T.ends_sentence(t),
            "ends_colon": t.rstrip().endswith(":"),
            "bullet": t[:2] in F._BULLETS,
            "table_or_link": T.TABLE_OR_LINK.search(t) is not None,
        }

    expected = [reference(t) for t in texts]
    for key in expected[0]:
        np.testing.assert_array_equal(np.asarray(got[key], dtype=float),
                                      np.array([e[key] for e in expected], dtype=float), err_msg=key)


def test_stop_word_keys_equal_a_lookup_of_arrow_lowered_words():
    """The numeric stop-word lookup (8-byte symbol keys, a hash table) against the plain
    one: each word lower-cased by Arrow's ``utf8_lower`` and looked up by name. Words
    one character longer than a stop word, prefixes, astral and foreign characters,
    and the one capital Arrow lowers differently from Python ("İ" -> "i") included."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipeline.rules import features as F

    stops = sorted(F._ALL_STOP)
    words = (stops + [w.upper() for w in stops] + [w.title() for w in stops] + [w + "x" for w in stops]
             + [w + "é" for w in stops] + [w[:-1] for w in stops if len(w) > 1] + [w + w for w in stops]
             + ["İN", "İm", "DİE", "\u212aa", "e𝔘", "𝔘", "der_", "de1", "ΣΑ", "ŻE", "straße", "x" * 40,
                "a" * 7, "a" * 8, "a" * 9, "über", "ÜBER", "ją", "JĄ", "1", "_"])
    text = " ".join(words)
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    word = np.array([c.isalnum() or c == "_" for c in text])
    starts = np.flatnonzero(word & np.concatenate(([True], ~word[:-1])))
    got = F._stop_word_langs(cps, word, starts)

    split = re.findall(r"\w+", text)
    lowered = pc.utf8_lower(pa.array(split)).to_pylist()
    expected = [sum(1 << b for b, ws in enumerate(F._STOP.values()) if w in ws) for w in lowered]
    assert len(split) == len(starts)
    np.testing.assert_array_equal(got, expected)
    assert got[split.index("İN")] != 0  # Arrow: "in"
    assert got[words.index("a" * 7)] == 0
