"""The thread pass: where the article ends and a reader comment thread begins.

A scraper's text of a page with comments is the article, then (perhaps after a share
bar, a tags line or a header) the thread, to the end of the page or up to its footer.
Most threads have no header left in scraped text, and the comments themselves carry no
markup, so the pass decides the thread as one section:

1. every block where a thread may be gets a comment score, the log-odds of a small
   logistic model (``pipeline/rules/thread_model.json``, trained by ``make
   train-threads`` on the development parts only) over the block's register (first
   and second person, greetings, thanks, praise, questions, sign-offs), its shape
   (length, a name or a timestamp alone on its line, a pingback), the rules' labels,
   its words (a learned lexicon of the genre), and the same of its neighbours;
2. the thread is the run of blocks from a start to the thread's end (the last block
   that is not furniture the rules named) whose summed score, less a cost for each
   block, is highest, and it is taken only when that sum reaches the model's threshold
   (cost and threshold chosen out of fold), it follows at least
   SECTION_MIN_CONTENT_BEFORE of the article's prose, the article before it keeps
   THREAD_MIN_ARTICLE_SHARE of the page's prose, and it starts after the last block
   the page sets apart by layout (a scraper writes a thread flat: ``laid_out``);
3. the run's unlabelled blocks, and the chrome the rules found inside it (reply and
   like buttons, dates), become ``comments``; promo, newsletter and job blocks keep
   their own label, and what follows the thread's end is left to the other passes.

Rules fired: ``comments.thread`` (a block inside the thread) and
``comments.thread_start:<feature>`` (its first block, naming the feature that weighed
most there). Thresholds read (``pipeline.rules.table``):
THREAD_MIN_ARTICLE_SHARE, THREAD_CONTEXT_BLOCKS, SECTION_MIN_CONTENT_BEFORE,
PROSE_MIN_CHARS/PROSE_LONG_CHARS (what counts as prose); and here, RECURRING_META_*
(a post's meta line, a feature of the model).
"""
from __future__ import annotations

import functools

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.models import THREAD_MODEL as MODEL_PATH
from pipeline.models import read_model
from pipeline.rules import lexicons as L
from pipeline.rules import table as T

Label = tuple[str, str] | None


# Patterns are RE2 (Arrow's compute functions run them over all of a document's blocks
# at once): ``\\b`` is an ASCII word boundary there, so the lexicons' words end at
# ``_END`` instead.
_END = r"(?:$|[^\pL\pN])"
# Words: split at whitespace, trimmed of the punctuation around them.
_PUNCTUATION = "\"'.,;:!?()[]{}«»„“”‘’…-–—*#/|<>=+&%$@^~`_\\"
# Words of a lexicon, counted per block: (feature, the lexicon, as a share of the
# block's words or as present at all).
_WORD_FEATURES = (("first_person", L.FIRST_PERSON_WORDS, True), ("second_person", L.SECOND_PERSON_WORDS, True),
                  ("thanks", L.THANKS_WORDS, False), ("praise", L.PRAISE_WORDS, False))
# The lexicons as one vocabulary, looked up once per word, and for each lexicon which
# of its entries are in it (the last entry: a word in none).
_LEXICON_VOCAB = sorted({w for _, words, _ in _WORD_FEATURES for w in words.split("|")})
_LEXICON_WORDS = pa.array(_LEXICON_VOCAB, pa.string())
_IN_LEXICON = np.array([[w in set(words.split("|")) for w in _LEXICON_VOCAB] + [False]
                        for _, words, _ in _WORD_FEATURES], dtype=float)
# (feature, RE2 pattern, longest block it counts in, or None)
_PATTERN_FEATURES = (
    ("greeting", rf"(?i)^[^\pL\pN]*(?:{L.GREETINGS}){_END}", None),
    ("emoticon", r"[:;=]-?[()DPp]|\^\^|<3|[\x{1F600}-\x{1F64F}\x{1F900}-\x{1F9FF}\x{2764}]", None),
    ("signoff", rf"(?i)^[^\pL\pN]*(?:{L.SIGNOFFS}){_END}", T.SHORT_LINE),
    ("timestamp", T.COMMENT_TIMESTAMP.pattern.join(["(?i)(?:", ")"]), T.SHORT_LINE * 2),
    ("date_line", r"(?:^|\D)(?:19|20)\d\d(?:$|\D)|\d{1,2}[./]\d{1,2}[./]\d{2,4}", T.SHORT_LINE * 2),
    # A commenter's name alone on its line: one to four words, each capitalised or a handle.
    ("name_line", r"^@?\p{Lu}[\pL\pN'.-]*(?:\s+(?:@?\p{Lu}[\pL\pN'.-]*|van|von|de|da|di|der|la|le)){0,3}$",
     T.SHORT_LINE),
    ("lower_start", r"^\p{Ll}", None),
)
# Plain substrings: (feature, the strings, any of which counts).
_SUBSTRING_FEATURES = (("question", ("?",)), ("exclaim", ("!",)), ("pingback", ("[…]", "[...]")))
# A sentence's end: its punctuation, closing quotes or brackets and spaces, matched in
# the block's last ENDING_CHARS characters.
_ENDS_SENTENCE = r"[.!?…:;]['\"’”»)]*\s*$"
_ENDING_CHARS = 12

# A block's own features; each is also averaged over THREAD_CONTEXT_BLOCKS neighbours
# on either side (a comment sits among comments).
OWN_FEATURES = (("log_chars",) + tuple(f for f, _, _ in _WORD_FEATURES) + tuple(f for f, _, _ in _PATTERN_FEATURES)
                + tuple(f for f, _ in _SUBSTRING_FEATURES)
                + ("ends_sentence", "comment_rule", "furniture_rule", "prose", "recurring_meta"))
DENSE_FEATURES = OWN_FEATURES + tuple(f"near_{f}" for f in OWN_FEATURES)
# Besides these, the model weighs the block's words and its neighbours' words (a
# learned lexicon of the genre, ``words`` and ``near_words`` in the model's file).
FEATURE_NAMES = DENSE_FEATURES + ("words", "near_words")


class Blocks:
    """A run of blocks as Arrow arrays: their words (lower case, split at whitespace and
    trimmed of punctuation) and what the features need."""

    def __init__(self, texts: list[str] | pa.Array):
        self.texts = texts if isinstance(texts, pa.Array) else pa.array(texts, pa.string())
        self.chars = pc.utf8_length(self.texts).to_numpy(zero_copy_only=False).astype(float)
        tokens = pc.utf8_split_whitespace(pc.utf8_lower(self.texts))
        self.offsets = tokens.offsets.to_numpy()
        self.words = pc.utf8_trim(tokens.flatten(), characters=_PUNCTUATION)
        self.real = pc.not_equal(self.words, "").to_numpy(zero_copy_only=False)
        self.word_counts = self.per_block(self.real)

    def per_block(self, values: np.ndarray) -> np.ndarray:
        """Per block: the sum of ``values``, one per word."""
        c = np.concatenate([[0.0], np.cumsum(values, dtype=float)])
        return c[self.offsets[1:]] - c[self.offsets[:-1]]

    def word_lists(self) -> list[list[str]]:
        words = self.words.to_pylist()
        return [[w for w in words[a:b] if w] for a, b in zip(self.offsets[:-1], self.offsets[1:])]


def _has_byte(texts: pa.Array, byte: int) -> np.ndarray | None:
    """Per block: whether its UTF-8 holds ``byte`` (an ASCII character), read from the
    array's buffers in one numpy pass; None for an array that is not plain ``string``."""
    if texts.type != pa.string() or texts.null_count:
        return None
    _, offsets, data = texts.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int32)[texts.offset:texts.offset + len(texts) + 1]
    if data is None or not len(offsets):
        return np.zeros(len(texts), bool)
    lo, hi = int(offsets[0]), int(offsets[-1])
    at = np.flatnonzero(np.frombuffer(data, dtype=np.uint8, count=hi - lo, offset=lo) == byte) + lo
    return np.searchsorted(at, offsets[1:]) > np.searchsorted(at, offsets[:-1])


def _contains(texts: pa.Array, needle: str) -> np.ndarray:
    """Per block: whether it holds ``needle``. A needle that starts with an ASCII
    character is looked for only in the blocks holding that character."""
    first = ord(needle[0])
    has = _has_byte(texts, first) if first < 128 else None
    if has is None:
        return pc.match_substring(texts, needle).to_numpy(zero_copy_only=False)
    if len(needle) == 1:
        return has
    hit = np.zeros(len(texts), bool)
    rows = np.flatnonzero(has)
    if len(rows):
        hit[rows] = pc.match_substring(texts.take(pa.array(rows)), needle).to_numpy(zero_copy_only=False)
    return hit


def _ends_sentence(texts: pa.Array) -> np.ndarray:
    """``T.ends_sentence`` of each block, read in its last ENDING_CHARS characters."""
    ending = pc.utf8_slice_codeunits(texts, -_ENDING_CHARS)
    return pc.match_substring_regex(ending, _ENDS_SENTENCE).to_numpy(zero_copy_only=False)


def _prose(chars: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``common.is_prose`` from each block's length and sentence ending."""
    return (chars >= T.PROSE_LONG_CHARS) | ((chars >= T.PROSE_MIN_CHARS) & ends)


def own_features(blocks: Blocks, ends: np.ndarray, labels: list[Label], recurring: np.ndarray) -> np.ndarray:
    """One row of OWN_FEATURES per block (of any number of documents); ``ends``: their
    ``_ends_sentence``; ``recurring``: their ``recurring_meta``, each computed within
    its document's run."""
    chars = blocks.chars
    cols = [np.log1p(chars)]
    n_words = np.maximum(blocks.word_counts, 1.0)
    ids = pc.index_in(blocks.words, value_set=_LEXICON_WORDS).fill_null(len(_LEXICON_VOCAB))
    ids = ids.to_numpy(zero_copy_only=False)
    for (_, _, share), member in zip(_WORD_FEATURES, _IN_LEXICON):
        count = blocks.per_block(member[ids])
        cols.append(count / n_words if share else (count > 0).astype(float))
    for _, pattern, max_chars in _PATTERN_FEATURES:
        if max_chars is None:
            hit = pc.match_substring_regex(blocks.texts, pattern).to_numpy(zero_copy_only=False)
        else:  # only the short blocks are matched
            hit = np.zeros(len(blocks.chars), bool)
            short = np.flatnonzero(blocks.chars <= max_chars)
            if len(short):
                hit[short] = pc.match_substring_regex(blocks.texts.take(short), pattern).to_numpy(zero_copy_only=False)
        cols.append(hit.astype(float))
    for _, strings in _SUBSTRING_FEATURES:
        hit = np.zeros(len(blocks.chars), bool)
        for x in strings:
            hit |= _contains(blocks.texts, x)
        cols.append(hit.astype(float))
    unlabelled = np.array([lab is None for lab in labels], dtype=bool)
    cols.append(ends)
    cols.append([lab is not None and lab[0] == "comments" for lab in labels])
    cols.append([lab is not None and lab[0] not in ("comments", "title", "byline") for lab in labels])
    cols.append(_prose(chars, ends) & unlabelled)
    cols.append(recurring)
    return np.column_stack(cols).astype(float)


# A post's meta line ("Liked by 5 people", "Re: ... (Score:2)", "<name> · Permalink",
# a date and a quote button) recurs between the posts of a thread:
# a block of at most RECURRING_META_CHARS whose first or last RECURRING_META_WORDS words
# (lower case, digits as 0) begin or end RECURRING_META_MIN other short blocks of the
# run. Posts keep it apart, so a line repeated only right below itself does not count.
RECURRING_META_CHARS = 2 * T.SHORT_LINE
RECURRING_META_WORDS = 2
RECURRING_META_MIN = 2


def recurring_meta(texts: pa.Array, group: np.ndarray) -> np.ndarray:
    """Per block of the runs of many documents (``group``: each block's document):
    whether it is a recurring meta line (above). In Arrow: the short blocks folded
    (lower case, digits as 0, white space single), keyed by their first and last
    words, and the keys counted per document."""
    out = np.zeros(len(texts), bool)
    short = np.flatnonzero(pc.utf8_length(texts).to_numpy(zero_copy_only=False) <= RECURRING_META_CHARS)
    if not len(short):
        return out
    folded = pc.replace_substring_regex(pc.utf8_lower(texts.take(pa.array(short))), r"[1-9]", "0")
    folded = pc.utf8_trim_whitespace(pc.replace_substring_regex(folded, r"\s+", " "))
    k = RECURRING_META_WORDS - 1
    for key in (pc.replace_substring_regex(folded, rf"^((?:\S+ ){{0,{k}}}\S+).*$", r"\1"),
                pc.replace_substring_regex(folded, rf"^.*?((?:\S+ ){{0,{k}}}\S+)$", r"\1")):
        out[short[_recurs(key, group[short], short)]] = True
    return out


def _recurs(keys: pa.Array, group: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Per block: whether its key is that of more than RECURRING_META_MIN blocks of its
    document, counting none whose block right above has the same key (a doubled line
    is one)."""
    code = pc.dictionary_encode(keys).indices.to_numpy(zero_copy_only=False).astype(np.int64)
    combined = group.astype(np.int64) * (int(code.max()) + 1) + code
    order = np.lexsort((position, combined))
    comb, pos = combined[order], position[order]
    same = np.concatenate([[False], comb[1:] == comb[:-1]])  # the key of the one before in order
    counts = ~(same & (np.diff(pos, prepend=-2) == 1))
    inverse = np.cumsum(~same) - 1  # each sorted block's key, numbered
    per_key = np.bincount(inverse, weights=counts)
    hit = np.zeros(len(keys), bool)
    hit[order] = counts & (per_key[inverse] > RECURRING_META_MIN)
    return hit


def neighbour_mean(values: np.ndarray, first: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Each row's mean over THREAD_CONTEXT_BLOCKS rows on either side, itself left out,
    within its document: rows ``first[i]`` up to ``stop[i]`` (exclusive)."""
    k = T.THREAD_CONTEXT_BLOCKS
    csum = np.concatenate([np.zeros((1,) + values.shape[1:]), np.cumsum(values, axis=0)])
    idx = np.arange(len(values))
    lo, hi = np.maximum(idx - k, first), np.minimum(idx + k + 1, stop)
    count = (hi - lo - 1).reshape((len(values),) + (1,) * (values.ndim - 1))
    return (csum[hi] - csum[lo] - values) / np.maximum(count, 1)


class ThreadModel:
    """A logistic model of a block being a reader's comment: standardised dense
    features, one weight each, plus the weights of the block's words and of its
    neighbours' words (a word outside the lexicon weighs nothing). A block's word
    weights are summed and divided by the square root of its number of words."""

    def __init__(self, spec: dict):
        self.mean = np.array(spec["mean"])
        self.scale = np.array(spec["scale"])
        self.weights = np.array(spec["weights"])
        # One vocabulary for both lexicons, and their weights by its index (the last
        # entry, weight 0, for a word in neither).
        vocab = sorted(set(spec["words"]) | set(spec["near_words"]))
        self._vocab = pa.array(vocab, pa.string())
        self._own = np.array([spec["words"].get(w, 0.0) for w in vocab] + [0.0])
        self._near = np.array([spec["near_words"].get(w, 0.0) for w in vocab] + [0.0])
        self.bias = float(spec["bias"])
        self.min_score = float(spec.get("threshold", 0.0))
        # What each block of a thread must earn: subtracted from its log-odds, so that
        # a thread does not start early by taking article blocks that score near zero.
        self.block_cost = float(spec.get("block_cost", 0.0))
        self.spec = spec

    def word_scores(self, blocks: Blocks) -> np.ndarray:
        """Per block: (its words' weight, its words' weight as a neighbour)."""
        ids = pc.index_in(blocks.words, value_set=self._vocab).fill_null(len(self._own) - 1)
        ids = ids.to_numpy(zero_copy_only=False)
        norm = np.sqrt(np.maximum(blocks.word_counts, 1.0))
        return np.column_stack([blocks.per_block(self._own[ids]) / norm, blocks.per_block(self._near[ids]) / norm])

    def word_parts(self, runs: Runs) -> np.ndarray:
        """Per block: its words' weight and its neighbours' words' weight."""
        scores = self.word_scores(runs.blocks)
        return np.column_stack([scores[:, 0], neighbour_mean(scores[:, 1], runs.first, runs.stop)])

    def log_odds(self, runs: Runs, words: np.ndarray) -> np.ndarray:
        """Each block's log-odds, less the block cost (``words``: ``word_parts``)."""
        w = self.weights / self.scale
        return runs.dense @ w - self.mean @ w + words.sum(axis=1) + self.bias - self.block_cost

    def contributions(self, dense: np.ndarray, words: np.ndarray) -> np.ndarray:
        """A block's log-odds split by FEATURE_NAMES (the bias left out): why it scored."""
        return np.concatenate([(dense - self.mean) / self.scale * self.weights, words])


@functools.lru_cache(maxsize=1)
def thread_model() -> ThreadModel:
    return ThreadModel(read_model(MODEL_PATH))


def _counted_mask(labels: list[Label]) -> np.ndarray:
    """Blocks a thread is made of: the unlabelled, and the comment lines the rules
    found. Other furniture inside a thread is neither thread nor article evidence."""
    return np.array([lab is None or lab[0] == "comments" for lab in labels], dtype=bool)


# Lines a scraper sets apart by layout: a list item or a table row. With a blank line
# before a block or an indent, these mark the article's own layout: a scraper writes a
# comment thread flat, one paragraph a line (on the development part of the labelled
# threads, 1 of the threads' 2,696 lines is laid out, against 611 of their articles'
# 2,489: 343 list items, 164 blank lines, 53 indents, 51 table rows).
_LAYOUT_MARKERS = ("- ", "* ", "• ", "|")


def laid_out(text: str, spans: list[tuple[int, int]], j: int) -> bool:
    """Whether block ``j`` (``spans`` into ``text``) is set apart by layout: a blank
    line before it, an indent, a list marker or a table row."""
    s = spans[j][0]
    if s > 0 and text[s - 1] != "\n":
        return True  # indented
    if j > 0 and text.count("\n", spans[j - 1][1], s) >= 2:
        return True  # a blank line before it
    return text.startswith(_LAYOUT_MARKERS, s)


def last_laid_out(text: str, spans: list[tuple[int, int]], lo: int, end: int) -> int:
    """The last block from ``lo`` to ``end`` set apart by layout, else ``lo - 1``: the
    article runs at least to it, so a thread starts after it (read backwards from the
    end, so a page costs the length of its flat tail)."""
    for j in range(end, lo - 1, -1):
        if laid_out(text, spans, j):
            return j
    return lo - 1


class Runs:
    """The blocks of a batch's documents where a thread may be, as one set of arrays
    with their DENSE_FEATURES.

    A thread may end at a document's last block that is not other furniture (a footer
    or a related list closes it), and start at the first block with
    SECTION_MIN_CONTENT_BEFORE of the article's prose before it and
    THREAD_MIN_ARTICLE_SHARE of the page's, and after the last block the page sets
    apart by layout (``layouts``: each document's repaired text and block spans, where
    the caller has them). Features are computed from THREAD_CONTEXT_BLOCKS before that
    start on (the neighbours a start's features read), for the documents where a
    thread may start at all."""

    def __init__(self, docs: list[tuple[list[str], list[Label]]],
                 layouts: list[tuple[str, list[tuple[int, int]]] | None] | None = None):
        ends, counted = {}, {}
        for d, (_, labels) in enumerate(docs):
            mask = _counted_mask(labels)
            hit = np.flatnonzero(mask)
            if len(hit):
                ends[d], counted[d] = int(hit[-1]), mask[:hit[-1] + 1]
        texts = pa.array([t for d, e in ends.items() for t in docs[d][0][:e + 1]], pa.string())
        unlabelled = np.array([lab is None for d, e in ends.items() for lab in docs[d][1][:e + 1]], dtype=bool)
        chars = pc.utf8_length(texts).to_numpy(zero_copy_only=False)
        sentence = _ends_sentence(texts)
        prose = np.where(unlabelled & _prose(chars, sentence), chars, 0)
        # Per document: where a thread may start (prose before it, counted from the
        # batch's start, is never less further on), and the blocks its features read.
        sizes = np.array([e + 1 for e in ends.values()], dtype=int)
        at = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        before = np.cumsum(prose) - prose
        total = np.add.reduceat(prose, at[:-1]) if len(prose) else np.zeros(0)
        need = np.maximum(T.SECTION_MIN_CONTENT_BEFORE, T.THREAD_MIN_ARTICLE_SHARE * total)
        lo = np.searchsorted(before, before[at[:-1]] + need, side="left") - at[:-1] if len(prose) else sizes
        doc_ids = list(ends)
        if layouts is not None:
            for i, d in enumerate(doc_ids):
                if layouts[d] is not None and lo[i] < sizes[i]:
                    lo[i] = last_laid_out(*layouts[d], int(lo[i]), int(sizes[i]) - 1) + 1
        keep = np.flatnonzero(lo < sizes)
        self.docs = [doc_ids[i] for i in keep]
        self.starts = lo[keep].astype(int).tolist()
        self.ends = [ends[d] for d in self.docs]
        self.firsts = [max(0, s - T.THREAD_CONTEXT_BLOCKS) for s in self.starts]
        self.counted = [counted[d] for d in self.docs]
        take = [np.arange(at[i] + f, at[i] + e + 1) for i, f, e in zip(keep, self.firsts, self.ends)]
        if not self.docs:
            return
        sizes = np.array([e - f + 1 for e, f in zip(self.ends, self.firsts)], dtype=int)
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self.first = np.repeat(self.offsets[:-1], sizes)
        self.stop = np.repeat(self.offsets[1:], sizes)
        rows = np.concatenate(take)
        self.blocks = Blocks(texts.take(pa.array(rows, pa.int64())))
        labels = [lab for d, e, f in zip(self.docs, self.ends, self.firsts) for lab in docs[d][1][f:e + 1]]
        recurring = recurring_meta(self.blocks.texts, self.first)
        own = own_features(self.blocks, sentence[rows], labels, recurring)
        self.dense = np.hstack([own, neighbour_mean(own, self.first, self.stop)])


def best_thread(counted: np.ndarray, first: int, scores: np.ndarray, min_score: float) -> int | None:
    """The thread's first block: the start (from ``first`` on) whose run to the end
    has the highest summed log-odds (``scores`` and ``counted``: the document's blocks
    from ``first`` on), when that sum reaches ``min_score``."""
    s = np.where(counted, scores, 0.0)
    suffix = np.where(counted, np.cumsum(s[::-1])[::-1], -np.inf)
    k = int(np.argmax(suffix))
    return first + k if suffix[k] >= min_score else None


def mark_threads(texts: list[str], labels: list[Label]) -> None:
    """Find the thread (see the module's docstring) and label it, in place. One
    document's blocks carry no layout, so the layout guard is the stage's alone
    (``mark_threads_batch`` with ``layouts``)."""
    mark_threads_batch([(texts, labels)])


def mark_threads_batch(docs: list[tuple[list[str], list[Label]]],
                       layouts: list[tuple[str, list[tuple[int, int]]] | None] | None = None) -> list[dict]:
    """``mark_threads`` for a batch of documents at once: their blocks are one set of
    Arrow arrays, so each pattern and the lexicon are applied once a batch.
    ``layouts``: see ``Runs``. Returns, per document, the comment log-odds of the
    blocks it scored, the block cost not subtracted (``(first block, log-odds)``, else
    None): a later pass names a removed block that reads as a comment after it."""
    odds: list[tuple[int, np.ndarray] | None] = [None] * len(docs)
    if not docs:
        return odds
    model = thread_model()
    runs = Runs(docs, layouts)
    if not runs.docs:
        return odds
    words = model.word_parts(runs)
    scores = model.log_odds(runs, words)
    for d, lo, end, first, counted, at in zip(runs.docs, runs.starts, runs.ends, runs.firsts, runs.counted,
                                              runs.offsets):
        rows = slice(at + lo - first, at + end - first + 1)
        odds[d] = (lo, scores[rows] + model.block_cost)
        start = best_thread(counted[lo:], lo, scores[rows], model.min_score)
        if start is None:
            continue
        labels = docs[d][1]
        row = at + start - first
        why = FEATURE_NAMES[int(np.argmax(model.contributions(runs.dense[row], words[row])))]
        for j in range(start, end + 1):
            lab = labels[j]
            if lab is None or lab[0] in ("chrome", "media"):
                labels[j] = ("comments", "comments.thread")
        if labels[start] is not None and labels[start][1] == "comments.thread":
            labels[start] = ("comments", f"comments.thread_start:{why}")
    return odds
