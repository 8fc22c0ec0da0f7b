"""Block features for the learned pass: what a block looks like and where it sits.

jusText's insight: boilerplate is short, poor in stop words and link-like, and it
comes in runs; article text is long, rich in stop words, and surrounded by more of
itself. These features say that in numbers, for a block and its neighbourhood, and
are the same in training (``eval/train_model.py``) and in the classifier.
"""
from __future__ import annotations

import functools

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.rules import table as T
from pipeline.rules.lexicons import STOP_WORDS

_STOP = {lang: frozenset(ws.split()) for lang, ws in STOP_WORDS.items()}
_ALL_STOP = frozenset().union(*_STOP.values())

# The furniture categories the prev_/next_ features name.
_NEIGHBOUR_CATEGORIES = ("chrome", "comments", "promo", "newsletter", "media")

FEATURE_NAMES = (
    "bias", "log_len", "is_prose", "sentence_end", "stop_density", "cap_share", "digit_share",
    "punct_share", "ends_colon", "bullet", "table_or_link", "rel_pos", "in_first3", "in_last3",
    "inside_article", "dist_prose", "short_run", "prev_furniture", "next_furniture",
    "prev_prose", "next_prose", "log_prev_len", "log_next_len", "repeated", "words_log",
    "title_case_share", "very_short", "short", "no_stop_words", "short_after_furniture",
    "short_in_run", "tail_short", "doc_short_share", "doc_prose_share", "doc_labelled_share",
    # Where the block sits against the article as the rules left it: how much of the
    # document's prose lies before and after it, how much furniture since the last long
    # block, whether after-article boilerplate (comments, promo) came before it, and
    # which furniture borders the stretch of short blocks it is in.
    "prose_after_share", "prose_before_share", "furniture_since_long", "after_article_seen",
    *(f"prev_{c}" for c in _NEIGHBOUR_CATEGORIES),
    *(f"next_{c}" for c in _NEIGHBOUR_CATEGORIES),
    "len_vs_longest",
)


# Character classes by code point, as Python's ``str`` methods define them, so the
# counts match what ``re`` and ``str.isupper`` would give one block at a time.
_LETTER, _DIGIT, _UPPER, _SPACE, _WORDCH = 1, 2, 4, 8, 16
_BMP = 0x10000
# A short block, in characters: a label, a menu item, a button.
SHORT_BLOCK_CHARS = 50


def _char_flags(c: str) -> int:
    word = c.isalnum() or c == "_"
    return ((_LETTER if word and c != "_" and not c.isdecimal() else 0)
            | (_DIGIT if c.isdecimal() else 0)
            | (_UPPER if c.isupper() else 0)
            | (_SPACE if c.isspace() else 0)
            | (_WORDCH if word else 0))


@functools.lru_cache(maxsize=1)
def _bmp_flags() -> np.ndarray:
    return np.fromiter((_char_flags(chr(cp)) for cp in range(_BMP)), dtype=np.uint8, count=_BMP)


def _flags_of_cps(cps: np.ndarray) -> np.ndarray:
    if len(cps) == 0 or int(cps.max()) < _BMP:
        return np.take(_bmp_flags(), cps)
    flags = np.take(_bmp_flags(), np.minimum(cps, _BMP - 1))
    astral = np.flatnonzero(cps >= _BMP)  # emoji, old scripts: few, classed one by one
    unique, inverse = np.unique(cps[astral], return_inverse=True)
    flags[astral] = np.array([_char_flags(chr(cp)) for cp in unique.tolist()], dtype=np.uint8)[inverse]
    return flags


# A list item opens with one of these (a mark, then a space).
_BULLETS = ("- ", "• ", "* ", "· ")
# Bits 5 and 6 of a character's code: it starts a token (a run of non-space
# characters), it starts a word (a run of word characters).
_TOKEN_START, _WORD_START = 32, 64
_N_CODES = 128


def _count_columns() -> np.ndarray:
    """Which of the character codes (class flags, ``_TOKEN_START``, ``_WORD_START``)
    each count of ``_text_features`` adds up: letters, capitals, digits, punctuation,
    tokens, title-case tokens, words."""
    codes = np.arange(_N_CODES)

    def has(bit):
        return (codes & bit) != 0

    return np.column_stack([has(_LETTER), has(_UPPER), has(_DIGIT), ~has(_WORDCH) & ~has(_SPACE),
                            has(_TOKEN_START), has(_TOKEN_START) & has(_UPPER),
                            has(_WORD_START)]).astype(np.uint64)


_COUNT_COLUMNS = _count_columns()


def _block_counts(code: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Per block, each count of ``_COUNT_COLUMNS``: an (n, 7) integer array.

    A block's counts are at most its length plus one (its separator), so each fits a
    bit field that wide; as many fields as fit go side by side in one 64-bit word per
    character (a 128-entry table by code), and one ``add.reduceat`` over the blocks'
    starts sums every field at once without a carry crossing into the next. For
    blocks under 511 characters, the model's candidates, all seven fit in one word.
    (A bincount of (block, code) pairs would touch a 128-wide row per block, more
    memory than the characters themselves.)"""
    n, n_counts = len(lengths), _COUNT_COLUMNS.shape[1]
    counts = np.zeros((n, n_counts), dtype=np.int64)
    if n == 0 or len(code) == 0:
        return counts
    width = (int(lengths.max()) + 1).bit_length()
    per_word = 64 // width
    mask = np.uint64((1 << width) - 1)
    # The last block has no separator: an empty one starts past the end.
    live = starts < len(code)
    for first in range(0, n_counts, per_word):
        cols = range(first, min(n_counts, first + per_word))
        table = np.zeros(_N_CODES, dtype=np.uint64)
        for c in cols:
            table |= _COUNT_COLUMNS[:, c] << np.uint64(width * (c - first))
        sums = np.add.reduceat(np.take(table, code), starts[live])
        for c in cols:
            counts[live, c] = ((sums >> np.uint64(width * (c - first))) & mask).astype(np.int64)
    return counts


# ``_text_features`` holds a few arrays of 1-8 bytes per character of its blocks;
# blocks go through in chunks of about this many characters, so its memory does not
# grow with the batch.
TEXT_FEATURES_CHUNK_CHARS = 1 << 20


def _text_features_in_chunks(texts: list[str]) -> dict[str, np.ndarray]:
    chunks, start, size = [], 0, 0
    for k, t in enumerate(texts):
        size += len(t) + 1
        if size >= TEXT_FEATURES_CHUNK_CHARS:
            chunks.append(_text_features(texts[start:k + 1]))
            start, size = k + 1, 0
    if start < len(texts) or not chunks:
        chunks.append(_text_features(texts[start:]))
    if len(chunks) == 1:
        return chunks[0]
    return {key: np.concatenate([c[key] for c in chunks]) for key in chunks[0]}


def _text_features(texts: list[str]) -> dict[str, np.ndarray]:
    """What a block looks like, for many blocks at once. One code-point array of the
    blocks joined by newlines gives each character a code (its class flags, whether
    it starts a token, whether it starts a word), and one pass over those codes sums
    every count of every block (``_block_counts``). Words are the runs of word
    characters (``\\w``); stop words are looked up as numbers (``_stop_word_langs``),
    never as Python strings one by one."""
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    joined = "\n".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    flags = _flags_of_cps(cps)
    space = (flags & _SPACE) != 0
    word = (flags & _WORDCH) != 0
    token_start = ~space  # the separator before each block is a space
    token_start[1:] &= space[:-1]
    starts = np.cumsum(lengths + 1) - lengths - 1  # a block and its separator
    word_start = word.copy()
    word_start[1:] &= ~word[:-1]
    code = (flags & (_TOKEN_START - 1)) | (token_start.view(np.uint8) << 5) | (word_start.view(np.uint8) << 6)
    counts = _block_counts(code, starts, lengths)
    nw = counts[:, 6]
    langs = _stop_word_langs(cps, word, np.flatnonzero(word_start))
    is_stop = langs > 0
    stop_row, stop_langs = np.repeat(np.arange(n), nw)[is_stop], langs[is_stop]
    best = np.zeros(n)
    for bit in range(len(_STOP)):
        best = np.maximum(best, np.bincount(stop_row[((stop_langs >> bit) & 1) == 1], minlength=n))
    return {
        "len": lengths, "letters": counts[:, 0], "caps": counts[:, 1], "digits": counts[:, 2],
        "punct": counts[:, 3], "tokens": counts[:, 4], "title_tokens": counts[:, 5],
        "words": nw, "stop_best": best, "any_stop": np.bincount(stop_row, minlength=n).astype(float),
        "table_or_link": _table_or_link(joined, cps, starts, n),
        **_ends_and_bullets(texts, cps, space, lengths, starts),
    }


def _table_or_link(joined: str, cps: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
    """``T.TABLE_OR_LINK`` ("|", "http://", "https://", "www.") per block, from the
    joined text: a pipe by its code point, the rare links by a substring search (none
    of them can span the line feed between two blocks). A position's block is the
    last one starting at or before it."""
    hit = np.zeros(n, dtype=bool)
    at = [np.flatnonzero(cps == ord("|"))]
    for needle in _LINK_MARKS:
        found, pos = [], joined.find(needle)
        while pos >= 0:
            found.append(pos)
            pos = joined.find(needle, pos + 1)
        at.append(np.array(found, dtype=np.int64))
    positions = np.concatenate(at)
    hit[np.searchsorted(starts, positions, side="right") - 1] = True
    return hit


# The literal parts of T.TABLE_OR_LINK besides the pipe.
_LINK_MARKS = ("http://", "https://", "www.")
if T.TABLE_OR_LINK.pattern != r"\||https?://|www\.":
    raise RuntimeError("T.TABLE_OR_LINK changed: bring _table_or_link in step with it")


_SENTENCE_PUNCT_CPS = np.array([ord(c) for c in T.SENTENCE_PUNCT], dtype=np.uint32)
_SENTENCE_CLOSER_CPS = np.array([ord(c) for c in T.SENTENCE_CLOSERS], dtype=np.uint32)
_BULLET_CPS = np.array([ord(b[0]) for b in _BULLETS], dtype=np.uint32)


def _ends_and_bullets(texts: list[str], cps: np.ndarray, space: np.ndarray,
                      lengths: np.ndarray, starts: np.ndarray) -> dict[str, np.ndarray]:
    """``T.ends_sentence``, "ends in a colon" and "opens with a bullet" per block, from
    the first two and the last character of each block in the joined code points;
    only a block ending in a space or a closing quote is looked at in Python."""
    cps, space = np.append(cps, 0), np.append(space, False)  # a block's index is always valid
    present, pair = lengths > 0, lengths >= 2
    last = np.where(present, starts + lengths - 1, len(cps) - 1)
    ends = present & np.isin(cps[last], _SENTENCE_PUNCT_CPS)
    colon = present & (cps[last] == ord(":"))
    for k in np.flatnonzero(present & (space[last] | np.isin(cps[last], _SENTENCE_CLOSER_CPS))).tolist():
        ends[k] = T.ends_sentence(texts[k])
        colon[k] = texts[k].rstrip().endswith(":")
    first = np.where(pair, starts, len(cps) - 1)
    bullet = pair & np.isin(cps[first], _BULLET_CPS) & (cps[np.where(pair, first + 1, first)] == ord(" "))
    return {"sentence_end": ends, "ends_colon": colon, "bullet": bullet}


# Stop words looked up as numbers. Each character, lower-cased, is a symbol: its
# place in the stop words' alphabet counted from 1, one byte (255: a character no
# stop word has). A word's key is the 8 bytes of symbols from its first character,
# read as one integer, with the bytes past its end cleared: a stop word's key has
# only its own symbols, so a longer word or one with a foreign character never
# equals one. Keys are looked up in a table by a multiplicative hash, checked whole.
_STOP_ALPHABET = sorted(set("".join(_ALL_STOP)))
_NO_SYMBOL = 255
_KEY_BYTES = 8
if len(_STOP_ALPHABET) >= _NO_SYMBOL or max(map(len, _ALL_STOP)) >= _KEY_BYTES:
    raise RuntimeError("stop words outgrew their 8-byte keys")
# The key's bytes that a word of 0..8 characters keeps (little-endian: first ones).
_KEY_MASK = np.array([(1 << (8 * k)) - 1 for k in range(_KEY_BYTES)] + [(1 << 64) - 1], dtype=np.uint64)
# The hash table of stop-word keys: 2**_HASH_BITS slots.
_HASH_BITS = 14


@functools.lru_cache(maxsize=1)
def _lower_symbols() -> np.ndarray:
    """Per code point of the BMP: the symbol of its lower case (Arrow's ``utf8_lower``,
    one code point to one), else ``_NO_SYMBOL``. U+FFFF has none, so the astral
    characters, clipped to it, have none either. (Every BMP character, surrogates
    aside, as one Arrow string each, built from buffers: no Python string apiece.)"""
    cps = np.arange(_BMP, dtype=np.uint32)
    cps = cps[(cps < 0xD800) | (cps >= 0xE000)]
    data = cps.tobytes().decode("utf-32-le").encode("utf-8")
    offsets = np.concatenate(([0], np.cumsum(np.where(cps < 0x80, 1, np.where(cps < 0x800, 2, 3))))).astype(np.int32)
    chars = pa.StringArray.from_buffers(len(cps), pa.py_buffer(offsets), pa.py_buffer(data))
    lowered = pc.utf8_lower(chars)
    low_offsets = np.frombuffer(lowered.buffers()[1], dtype=np.int32)[lowered.offset:lowered.offset + len(cps) + 1]
    low_text = lowered.buffers()[2].to_pybytes()[low_offsets[0]:low_offsets[-1]].decode("utf-8")
    lowered_cps = np.frombuffer(low_text.encode("utf-32-le"), dtype=np.uint32)
    if len(lowered_cps) != len(cps):  # some character lowered to several: one by one
        singles = lowered.to_pylist()
        lowered_cps = np.array([ord(x) if len(x) == 1 else 0 for x in singles], dtype=np.uint32)
    symbol_of = np.full(0x110000, _NO_SYMBOL, dtype=np.uint8)
    symbol_of[[ord(ch) for ch in _STOP_ALPHABET]] = np.arange(1, len(_STOP_ALPHABET) + 1)
    table = np.full(_BMP, _NO_SYMBOL, dtype=np.uint8)
    table[cps] = symbol_of[lowered_cps]
    if table[_BMP - 1] != _NO_SYMBOL:
        raise RuntimeError("U+FFFF must have no symbol")
    return table


def _stop_word_table() -> tuple[np.uint64, np.ndarray, np.ndarray]:
    """``(multiplier, keys, langs)``: slot ``(key * multiplier) >> (64 - _HASH_BITS)``
    holds a stop word's key and its languages as bits (bit ``b``: a stop word of the
    ``b``-th language of ``_STOP``); 0 in an empty slot. The multiplier is the first
    odd number from a fixed sequence that gives every stop word a slot of its own."""
    place = {ch: k + 1 for k, ch in enumerate(_STOP_ALPHABET)}
    words = sorted(_ALL_STOP)
    keys = np.array([sum(place[c] << (8 * j) for j, c in enumerate(w)) for w in words], dtype=np.uint64)
    bits = np.array([sum(1 << b for b, ws in enumerate(_STOP.values()) if w in ws) for w in words], dtype=np.int64)
    rng = np.random.default_rng(0)
    for _ in range(10_000):
        multiplier = np.uint64(int(rng.integers(1, 1 << 62)) * 2 + 1)
        slots = (keys * multiplier) >> np.uint64(64 - _HASH_BITS)
        if len(np.unique(slots)) == len(keys):
            table_keys = np.zeros(1 << _HASH_BITS, dtype=np.uint64)
            table_langs = np.zeros(1 << _HASH_BITS, dtype=np.int64)
            table_keys[slots], table_langs[slots] = keys, bits
            return multiplier, table_keys, table_langs
    raise RuntimeError("no collision-free stop-word hash: raise _HASH_BITS")


_STOP_HASH, _STOP_SLOT_KEYS, _STOP_SLOT_LANGS = _stop_word_table()


def _stop_word_langs(cps: np.ndarray, word: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per word (a run of word characters, in text order): the languages it is a stop
    word of, as bits (0: none), lower-cased as Arrow's ``utf8_lower`` would.
    ``starts``: where each word starts."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    ends = np.flatnonzero(word & ~np.append(word[1:], False))  # each word's last character
    length = np.minimum(ends - starts + 1, _KEY_BYTES)
    symbols = np.zeros(len(cps) + _KEY_BYTES, dtype=np.uint8)
    np.take(_lower_symbols(), cps, mode="clip", out=symbols[:len(cps)])
    # Every character's next 8 symbols, as overlapping windows (no copy).
    windows = np.lib.stride_tricks.as_strided(symbols, shape=(len(cps), _KEY_BYTES), strides=(1, 1))
    key = windows[starts].view(np.uint64).ravel() & _KEY_MASK[length]
    slot = (key * _STOP_HASH) >> np.uint64(64 - _HASH_BITS)
    return np.where(_STOP_SLOT_KEYS[slot] == key, _STOP_SLOT_LANGS[slot], 0)


def _repeated_in_doc(texts: list[str], doc: np.ndarray) -> np.ndarray:
    """Per block: does its document hold another block with the same text, stripped
    and lower-cased? (Keys numbered by an Arrow dictionary, counted per document.)"""
    if not texts:
        return np.zeros(0, dtype=bool)
    keys = pc.utf8_lower(pc.utf8_trim_whitespace(pa.array(texts, type=pa.string())))
    key_id = keys.dictionary_encode().indices.to_numpy().astype(np.int64)
    pair = doc.astype(np.int64) * (int(key_id.max()) + 1) + key_id
    _, inverse, counts = np.unique(pair, return_inverse=True, return_counts=True)
    return counts[inverse] > 1


def _is_prose(lengths: np.ndarray, sentence_end: np.ndarray, unlabelled: np.ndarray) -> np.ndarray:
    """``pipeline.classifier.common.is_prose`` for many blocks, restricted to unlabelled ones."""
    return unlabelled & ((lengths >= T.PROSE_LONG_CHARS) | ((lengths >= T.PROSE_MIN_CHARS) & sentence_end))


def _sentence_end_where(texts: list[str], where: np.ndarray) -> np.ndarray:
    out = np.zeros(len(texts), dtype=bool)
    for k in np.flatnonzero(where).tolist():
        out[k] = T.ends_sentence(texts[k])
    return out


# A block's label as a number: 0 none (content); 1-5 the furniture categories the
# prev_/next_ features name; then title or byline, job ads, any other category.
_TOP_MATTER, _JOB_ADS, _OTHER = (len(_NEIGHBOUR_CATEGORIES) + n for n in (1, 2, 3))
_LABEL_CODE = {**{c: i for i, c in enumerate(_NEIGHBOUR_CATEGORIES, start=1)},
               "title": _TOP_MATTER, "byline": _TOP_MATTER, "job_ads": _JOB_ADS}
_AFTER_ARTICLE_CODES = [_LABEL_CODE[c] for c in T.AFTER_ARTICLE_CATEGORIES]


def batch_features(docs: list[tuple[list[str], list]], max_chars: int | None = None):
    """Feature rows for many documents at once: ``(X, owners)``, ``owners[r] = (d, i)``
    for row ``r`` (block ``i`` of document ``d``). Every block is scored, or with
    ``max_chars`` every unlabelled block up to that length (the block model's
    candidates)."""
    texts = [t for doc_texts, _ in docs for t in doc_texts]
    labels = [lab for _, doc_labels in docs for lab in doc_labels]
    sizes = np.array([len(doc_texts) for doc_texts, _ in docs], dtype=np.int64)
    total = int(sizes.sum())
    doc = np.repeat(np.arange(len(docs)), sizes)
    doc_start = np.concatenate(([0], np.cumsum(sizes)[:-1]))[doc] if total else np.zeros(0, dtype=np.int64)
    g = np.arange(total)
    k = g - doc_start
    n = sizes[doc]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=total)
    code = np.fromiter((0 if lab is None else _LABEL_CODE.get(lab[0], _OTHER) for lab in labels),
                       dtype=np.int8, count=total)
    unlabelled, furniture = code == 0, (code != 0) & (code != _TOP_MATTER)
    maybe_prose = unlabelled & (lengths >= T.PROSE_MIN_CHARS) & (lengths < T.PROSE_LONG_CHARS)
    prose = _is_prose(lengths, _sentence_end_where(texts, maybe_prose), unlabelled)

    # First and last prose block of each document; distance to the nearest prose.
    big = np.iinfo(np.int64).max
    first = np.full(len(docs), big)
    last = np.full(len(docs), -1)
    np.minimum.at(first, doc[prose], k[prose])
    np.maximum.at(last, doc[prose], k[prose])
    prose_g = np.where(prose, g, -1)
    before = np.maximum.accumulate(prose_g) if total else prose_g
    fwd = np.where(before >= doc_start, g - before, n + k + 1)
    after = np.where(prose, g, big)
    after = np.minimum.accumulate(after[::-1])[::-1] if total else after
    bwd = np.where(after < doc_start + n, after - g, 2 * n - k)
    dist = np.minimum(fwd, bwd)
    # The run of non-prose blocks each block sits in (0 for prose).
    run_id = np.cumsum(prose | (k == 0))
    run_len = np.bincount(run_id[~prose], minlength=int(run_id.max(initial=0)) + 1)
    run = np.where(prose, 0, run_len[run_id])
    # What kind of page the document is: a navigation-heavy page (many short blocks,
    # little of its text in prose, much of it already labelled by the rules) or an
    # article with a few labels around it. On the first kind an unlabelled short block
    # is more likely furniture the rules have no word for.
    n_docs = len(docs)
    short_share = np.bincount(doc, weights=lengths < SHORT_BLOCK_CHARS, minlength=n_docs) / np.maximum(sizes, 1)
    prose_chars = np.bincount(doc, weights=np.where(prose, lengths, 0), minlength=n_docs)
    prose_share = prose_chars / np.maximum(np.bincount(doc, weights=lengths, minlength=n_docs), 1)
    labelled_share = np.bincount(doc, weights=~unlabelled, minlength=n_docs) / np.maximum(sizes, 1)
    rows = g if max_chars is None else np.flatnonzero(unlabelled & (lengths <= max_chars))
    owners = list(zip(doc[rows].tolist(), k[rows].tolist()))
    if len(rows) == 0:
        return np.zeros((0, len(FEATURE_NAMES))), owners
    around = _article_context(code, lengths, unlabelled, furniture, prose, doc, g, k, doc_start, sizes, first,
                              prose_chars)
    # Lines repeated in their document. Only blocks that could equal a scored one are
    # compared (lower-casing at most doubles a length: "İ" -> "i̇").
    reach = 2 * int(lengths[rows].max())
    near = np.flatnonzero(lengths <= reach)
    repeated = np.zeros(total, dtype=bool)
    repeated[near] = _repeated_in_doc([texts[j] for j in near.tolist()], doc[near])
    tf = _text_features_in_chunks([texts[r] for r in rows.tolist()])
    kr, nr, L = k[rows], n[rows], tf["len"].astype(float)
    has_prev, has_next = kr > 0, kr + 1 < nr
    prev_g, next_g = np.maximum(rows - 1, 0), np.minimum(rows + 1, max(total - 1, 0))
    nw = tf["words"]
    short = L < SHORT_BLOCK_CHARS

    def f(x):
        return np.asarray(x, dtype=float)

    columns = {
        "bias": np.ones(len(rows)),
        "log_len": np.log1p(L),
        "is_prose": f(prose[rows]),
        "sentence_end": f(tf["sentence_end"]),
        "stop_density": np.divide(tf["stop_best"], nw, out=np.zeros(len(rows)), where=nw > 0),
        "cap_share": np.divide(tf["caps"], tf["letters"], out=np.zeros(len(rows)), where=tf["letters"] > 0),
        "digit_share": np.divide(tf["digits"], L, out=np.zeros(len(rows)), where=L > 0),
        "punct_share": np.divide(tf["punct"], L, out=np.zeros(len(rows)), where=L > 0),
        "ends_colon": f(tf["ends_colon"]),
        "bullet": f(tf["bullet"]),
        "table_or_link": f(tf["table_or_link"]),
        "rel_pos": kr / np.maximum(nr - 1, 1),
        "in_first3": f(kr < 3),
        "in_last3": f(kr >= nr - 3),
        "inside_article": f((first[doc[rows]] <= kr) & (kr <= last[doc[rows]])),
        "dist_prose": np.log1p(np.minimum(dist[rows], 50)),
        "short_run": np.log1p(run[rows]),
        "prev_furniture": f(has_prev & furniture[prev_g]),
        "next_furniture": f(has_next & furniture[next_g]),
        "prev_prose": f(has_prev & prose[prev_g]),
        "next_prose": f(has_next & prose[next_g]),
        "log_prev_len": np.where(has_prev, np.log1p(lengths[prev_g]), 0.0),
        "log_next_len": np.where(has_next, np.log1p(lengths[next_g]), 0.0),
        "repeated": f(repeated[rows]),
        "words_log": np.log1p(nw),
        "title_case_share": np.divide(tf["title_tokens"], tf["tokens"], out=np.zeros(len(rows)),
                                      where=tf["tokens"] > 0),
        "very_short": f(L < 15),
        "short": f(short),
        "no_stop_words": f((nw > 0) & (tf["any_stop"] == 0)),
        "short_after_furniture": f(short & has_prev & furniture[prev_g]),
        "short_in_run": f(short & (run[rows] >= 3)),
        "tail_short": f((L < 80) & (kr > last[doc[rows]])),
        "doc_short_share": short_share[doc[rows]],
        "doc_prose_share": prose_share[doc[rows]],
        "doc_labelled_share": labelled_share[doc[rows]],
        **{name: column[rows] for name, column in around.items()},
    }
    return np.column_stack([columns[name] for name in FEATURE_NAMES]), owners


def _article_context(code, lengths, unlabelled, furniture, prose, doc, g, k, doc_start, sizes, first,
                     prose_chars) -> dict[str, np.ndarray]:
    """The position features (``FEATURE_NAMES`` from ``prose_after_share`` on) for every
    block of the batch: a related-stories list or a commenter's text reads like prose,
    but it comes after the article's prose and after furniture that ended it."""
    n_docs, total = len(sizes), len(lengths)
    # Prose characters before and after the block, as shares of its document's prose.
    pc = np.where(prose, lengths, 0)
    before_g = np.cumsum(pc) - pc
    before = before_g - before_g[doc_start]
    doc_prose = np.maximum(prose_chars[doc], 1)
    after = prose_chars[doc] - before - pc
    # Furniture blocks since the last long unlabelled block before this one (or since
    # the document's start).
    long_block = unlabelled & (lengths >= T.PROSE_LONG_CHARS)
    furn_incl = np.cumsum(furniture)
    furn_excl = furn_incl - furniture
    last_long = np.maximum.accumulate(np.where(long_block, g, -1))
    last_long_before = np.concatenate(([-1], last_long[:-1]))
    since = np.where(last_long_before >= doc_start, furn_excl - furn_incl[np.maximum(last_long_before, 0)],
                     furn_excl - furn_excl[doc_start])
    # After-article boilerplate (comments, promo, newsletter, job ads) seen earlier in
    # the document, after its first prose block.
    ended = np.isin(code, _AFTER_ARTICLE_CODES) & (k > first[doc])
    ended_incl = np.cumsum(ended)
    seen = (ended_incl - ended - (ended_incl - ended)[doc_start]) > 0
    # The nearest block before and after that is labelled or long, and its category
    # when labelled: the furniture bordering the block's stretch of short content.
    cat = np.where(code <= len(_NEIGHBOUR_CATEGORIES), code, 0)  # the named categories only
    stop = ~unlabelled | long_block
    prev_stop = np.concatenate(([-1], np.maximum.accumulate(np.where(stop, g, -1))[:-1]))
    prev_cat = np.where(prev_stop >= doc_start, cat[np.maximum(prev_stop, 0)], 0)
    nxt = np.where(stop, g, total)
    next_stop = np.concatenate((np.minimum.accumulate(nxt[::-1])[::-1][1:], [total]))
    doc_end = doc_start + sizes[doc]
    next_cat = np.where(next_stop < doc_end, cat[np.minimum(next_stop, max(total - 1, 0))], 0)
    longest = np.zeros(n_docs, dtype=np.int64)
    np.maximum.at(longest, doc[unlabelled], lengths[unlabelled])
    columns = {
        "prose_after_share": after / doc_prose,
        "prose_before_share": before / doc_prose,
        "furniture_since_long": np.log1p(since),
        "after_article_seen": seen.astype(float),
    }
    for c, name in enumerate(_NEIGHBOUR_CATEGORIES, start=1):
        columns[f"prev_{name}"] = (prev_cat == c).astype(float)
        columns[f"next_{name}"] = (next_cat == c).astype(float)
    columns["len_vs_longest"] = lengths / np.maximum(longest[doc], 1)
    return columns


def block_features(texts: list[str], labels: list) -> list[list[float]]:
    """Feature rows for every block of one document."""
    X, _ = batch_features([(texts, labels)])
    return X.tolist()


class TreeModel:
    """A boosted tree ensemble as arrays, scored for many blocks at once with numpy.

    Each tree costs a handful of array operations over all rows of a batch (see
    ``raw_scores``) instead of a Python walk per tree and block.
    """

    def __init__(self, spec: dict):
        trees = spec["trees"]
        width = max(len(t["feature"]) for t in trees)

        def pad(key, fill):
            return np.array([t[key] + [fill] * (width - len(t[key])) for t in trees])

        self.feature = np.maximum(pad("feature", 0), 0)
        self.threshold = pad("threshold", 0.0)
        self.left = pad("left", -1)
        self.right = pad("right", -1)
        self.value = pad("value", 0.0)
        self.is_leaf = self.left == -1
        self.init = spec["init"]
        self.threshold_p = spec["threshold"]
        self.spec = spec
        self._complete(trees)

    def _path_credits(self) -> np.ndarray:
        """Per tree and (original) node: what the path from the root to the node
        credits each feature, every split's change in node value to its feature."""
        n_trees, width = self.feature.shape
        credits = np.zeros((n_trees, width, len(FEATURE_NAMES)))
        for t in range(n_trees):
            stack = [0]
            while stack:
                node = stack.pop()
                if self.is_leaf[t, node]:
                    continue
                for child in (self.left[t, node], self.right[t, node]):
                    credits[t, child] = credits[t, node]
                    credits[t, child, self.feature[t, node]] += self.value[t, child] - self.value[t, node]
                    stack.append(child)
        return credits

    def _complete(self, trees: list[dict]) -> None:
        """Every tree as a complete binary tree in heap order (node ``j`` has children
        ``2j+1`` and ``2j+2``): a leaf above the last level becomes a split that always
        goes left, its value copied to all leaves below it. ``raw_scores`` then needs
        only each split's comparison and a table lookup. (``reasons`` walks the original
        arrays: it needs the values of inner nodes, and runs only on the few hits.)"""
        def depth(t, j=0):
            return 0 if t["left"][j] == -1 else 1 + max(depth(t, t["left"][j]), depth(t, t["right"][j]))

        D = max(depth(t) for t in trees)
        n_split, n_leaf = 2 ** D - 1, 2 ** D
        feat = np.zeros((len(trees), n_split), dtype=np.int64)
        thr = np.full((len(trees), n_split), np.inf)
        leaf = np.zeros((len(trees), n_leaf))
        leaf_credits = np.zeros((len(trees), n_leaf, len(FEATURE_NAMES)))
        path_credits = self._path_credits()
        for ti, t in enumerate(trees):
            stack = [(0, 0, 0)]  # (sklearn node, heap position, level)
            while stack:
                node, pos, level = stack.pop()
                if level == D:
                    leaf[ti, pos - n_split] = t["value"][node]
                    leaf_credits[ti, pos - n_split] = path_credits[ti, node]
                elif t["left"][node] == -1:
                    stack += [(node, 2 * pos + 1, level + 1), (node, 2 * pos + 2, level + 1)]
                else:
                    feat[ti, pos], thr[ti, pos] = t["feature"][node], t["threshold"][node]
                    stack += [(t["left"][node], 2 * pos + 1, level + 1), (t["right"][node], 2 * pos + 2, level + 1)]
        self.depth, self.split_feature, self.split_threshold, self.leaf_value = D, feat, thr, leaf
        self.leaf_credits = leaf_credits
        # Split positions (in tree-major order) and thresholds, by feature.
        flat_feat, flat_thr = feat.ravel(), thr.ravel()
        self._splits_by_feature = {int(f): (np.flatnonzero(flat_feat == f), flat_thr[flat_feat == f])
                                   for f in np.unique(flat_feat)}
        if D > self.MAX_TABLE_DEPTH:
            raise ValueError(f"trees deeper than {self.MAX_TABLE_DEPTH} are not supported")
        self.outcome_table = self._outcome_table()

    # Trees up to this depth are scored through a table of every split outcome
    # (2 ** 15 entries per tree at depth 4).
    MAX_TABLE_DEPTH = 4

    def _outcome_table(self) -> np.ndarray:
        """Per tree, the leaf value for every combination of split outcomes (bit ``j``
        of the code: split ``j`` went right)."""
        n_split = 2 ** self.depth - 1
        codes = np.arange(2 ** n_split)
        pos = np.zeros_like(codes)
        for _ in range(self.depth):
            went_right = (codes >> pos) & 1
            pos = 2 * pos + 1 + went_right
        leaf_index = pos - n_split
        self.leaf_of_code = leaf_index
        return self.leaf_value[:, leaf_index]

    def _codes(self, X: np.ndarray) -> np.ndarray:
        """Per tree and row, the outcomes of the tree's splits packed as bits (bit
        ``j``: split ``j`` went right). All splits on one feature are compared in one
        go (a splits x rows array), then every tree's bits are packed together; an
        always-left split has an infinite threshold and never sets its bit."""
        n_trees, n_split = self.split_feature.shape
        columns = np.ascontiguousarray(X.T)
        went_right = np.empty((n_trees * n_split, len(X)), dtype=bool)
        for f, (splits, thresholds) in self._splits_by_feature.items():
            went_right[splits] = columns[f][None, :] > thresholds[:, None]
        by_tree = went_right.reshape(n_trees, n_split, len(X))
        codes = np.zeros((n_trees, len(X)), dtype=np.uint16)
        for bit in range(n_split):
            codes |= by_tree[:, bit, :].astype(np.uint16) << bit
        return codes

    def raw_scores(self, X: np.ndarray, codes: np.ndarray | None = None) -> np.ndarray:
        """Sum of the trees' leaf values per row: each tree's split outcomes index a
        table of its leaf values (no walking)."""
        codes = self._codes(X) if codes is None else codes
        out = np.full(codes.shape[1], float(self.init))
        for code, table in zip(codes, self.outcome_table):
            out += table[code]
        return out

    def probability(self, X: np.ndarray) -> np.ndarray:
        return self.score(X)[0]

    def score(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(probability, codes)``: the codes (``_codes``) let ``reasons`` skip the
        comparisons for the rows it explains."""
        if len(X) == 0:
            return np.zeros(0), np.zeros((len(self.split_feature), 0), dtype=np.uint16)
        codes = self._codes(X)
        z = self.raw_scores(X, codes)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))), codes

    def reasons(self, X: np.ndarray, codes: np.ndarray | None = None) -> list[str]:
        """Per row, the feature whose splits pushed it furthest towards boilerplate:
        each split's change in node value credited to its feature, summed along the
        row's path in every tree. A path is fixed by the leaf it ends in, so what it
        credits is a table per tree and leaf (``leaf_credits``)."""
        if len(X) == 0:
            return []
        codes = self._codes(X) if codes is None else codes
        contrib = np.zeros((codes.shape[1], len(FEATURE_NAMES)))
        for code, credits in zip(codes, self.leaf_credits):
            contrib += credits[self.leaf_of_code[code]]
        return [FEATURE_NAMES[i] for i in contrib.argmax(axis=1)]
