"""The thread pass (``pipeline.classifier.threads``): a reader comment thread after an
article is decided as one section, with or without a header; an article without one
is left alone. The texts are written for the tests, not taken from pages."""
from __future__ import annotations

import numpy as np

from pipeline.classifier import classify_blocks
from pipeline.classifier import threads as TH

ARTICLE = [
    "The city council voted on Tuesday to extend the opening hours of the central library, "
    "after a year in which visitor numbers rose by a third and the reading rooms were often full by noon.",
    "Under the new plan the library will open at eight in the morning and close at ten in the evening "
    "on weekdays, and the cost of the extra staff will be met from the culture budget.",
    "Council members who opposed the plan said the money would be better spent on the branch libraries "
    "in the outer districts, several of which have had their hours cut since the last budget.",
    "The new hours take effect at the start of next month, and the council will review them after a year.",
]
THREAD = [
    "Hi Anna, thanks so much for writing this up! I had no idea the hours were changing.",
    "Great news, I study there every evening and it is always packed :)",
    "Does anyone know if the café on the ground floor will stay open later too?",
    "Thank you for the update. My kids will love this.",
    "I agree with you, Tom. Finally some good news from the council!",
    "Love it! See you all at the library then.",
]


def test_a_thread_without_a_header_is_taken_as_one_section():
    labels, _ = classify_blocks(ARTICLE + THREAD)
    assert all(lab is None for lab in labels[:len(ARTICLE)]), labels
    assert all(lab is not None and lab[0] == "comments" for lab in labels[len(ARTICLE):]), labels
    assert labels[len(ARTICLE)][1].startswith("comments.thread_start:")
    assert labels[len(ARTICLE)][1].split(":", 1)[1] in TH.FEATURE_NAMES


def test_an_article_without_a_thread_is_left_alone():
    labels, _ = classify_blocks(ARTICLE)
    assert labels == [None] * len(ARTICLE)


def test_the_thread_stops_at_the_footer():
    footer = ["Privacy policy", "Cookie settings"]
    labels, _ = classify_blocks(ARTICLE + THREAD + footer)
    assert all(lab is not None and lab[0] == "comments" for lab in labels[len(ARTICLE):len(ARTICLE) + len(THREAD)])
    assert all(lab is not None and lab[0] == "chrome" for lab in labels[-len(footer):]), labels[-len(footer):]


def test_the_batch_gives_what_one_document_at_a_time_gives():
    docs = [ARTICLE + THREAD, ARTICLE, THREAD, [], ARTICLE[:1] + THREAD]
    one_by_one = []
    for texts in docs:
        labels = [None] * len(texts)
        TH.mark_threads(texts, labels)
        one_by_one.append(labels)
    batch = [(texts, [None] * len(texts)) for texts in docs]
    TH.mark_threads_batch(batch)
    assert [labels for _, labels in batch] == one_by_one


def test_neighbour_means_stay_inside_their_document():
    values = np.arange(6, dtype=float)[:, None]
    first = np.array([0, 0, 0, 3, 3, 3])
    stop = np.array([3, 3, 3, 6, 6, 6])
    out = TH.neighbour_mean(values, first, stop)[:, 0]
    assert out.tolist() == [1.5, 1.0, 0.5, 4.5, 4.0, 3.5]


def test_substring_features_read_from_the_utf8_buffer_match_arrows_search():
    """'?', '!' and pingbacks are found from the array's bytes; slices and takes
    (offsets that do not start at 0) give what ``match_substring`` gives."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipeline.classifier.threads import _contains

    texts = pa.array(["Why?", "", "no", "é! ok?", "[...] a pingback", "x [", "[…] too", "?"] * 3)
    for arr in (texts, texts.slice(3, 10), texts.take(pa.array([7, 0, 5, 6]))):
        for needle in ("?", "!", "[...]", "[…]", "é"):
            assert (_contains(arr, needle) == pc.match_substring(arr, needle).to_numpy(zero_copy_only=False)).all()


# --- where a thread may start: after the article's own layout -------------------------

def _spans(text: str) -> list[tuple[int, int]]:
    from pipeline.stages.segment import segment_blocks

    return segment_blocks(text)[0]


def test_list_items_table_rows_indents_and_blank_lines_are_layout():
    text = "Intro line.\n- an item\n| a | b |\n   indented\nflat one\n\nafter a gap\nflat two"
    spans = _spans(text)
    assert [TH.laid_out(text, spans, j) for j in range(len(spans))] == [False, True, True, True, False, True, False]
    assert TH.last_laid_out(text, spans, 0, len(spans) - 1) == 5
    assert TH.last_laid_out(text, spans, 6, len(spans) - 1) == 5  # none from 6 on: lo - 1


def test_a_thread_never_starts_before_the_articles_last_list():
    """The same comment-like lines, once flat after the article and once followed by a
    list of the article's: only the first is a thread."""
    flat = "\n".join(ARTICLE + THREAD)
    listed = "\n".join(ARTICLE + THREAD + ["- Opening hours: 8:00 to 22:00", "- Entry: free"])
    labels = [None] * (len(ARTICLE) + len(THREAD))
    TH.mark_threads_batch([(ARTICLE + THREAD, labels)], [(flat, _spans(flat))])
    assert all(lab and lab[0] == "comments" for lab in labels[len(ARTICLE):]), labels
    texts = ARTICLE + THREAD + ["- Opening hours: 8:00 to 22:00", "- Entry: free"]
    labels = [None] * len(texts)
    TH.mark_threads_batch([(texts, labels)], [(listed, _spans(listed))])
    assert labels == [None] * len(texts)
    labels = [None] * len(texts)
    TH.mark_threads_batch([(texts, labels)])  # without the page's layout, the same lines are a thread
    assert labels[len(ARTICLE)] is not None


# --- a post's meta line, recurring down the thread ------------------------------------

def _recurring(texts: list[str]) -> np.ndarray:
    import pyarrow as pa

    return TH.recurring_meta(pa.array(texts), np.zeros(len(texts), int))


def test_recurring_meta_lines_by_their_first_or_last_words():
    texts = ["Liked by 3 people", "A comment.", "Liked by 12 people", "Another.", "Liked by 1 person",
             "Re: (Score:2)", "Re: (Score:3)", "x", "Re: (Score:1)", "y", "Re: (Score:5)",
             "Re: the new hours (Score:2)"]
    hit = _recurring(texts)
    assert hit[[0, 2, 4]].all() and not hit[[1, 3, 7]].any()  # "liked by" begins three
    assert hit[[5, 8, 10]].all() and not hit[6]  # the second, right below the first, is one with it
    assert not hit[11]  # its first two words and its last two are its own
    assert _recurring(["Reply", "x", "Reply", "y", "Reply"]).tolist() == [True, False, True, False, True]
    # repeated only right below itself (a doubled name line) is not a post's meta line
    assert not _recurring(["Anna", "Anna", "Anna", "hi"]).any()
    # longer blocks are no meta lines, however they begin
    long = "Liked by many readers, this column argues that the library should open on Sundays too."
    assert not _recurring([long, "x", long + " Again.", "y", long + " Third."]).any()
    # the batch form keeps documents apart
    import pyarrow as pa
    both = TH.recurring_meta(pa.array(["Reply", "x", "Reply", "Reply", "y", "Reply"]), np.array([0, 0, 0, 1, 1, 1]))
    assert not both.any()
