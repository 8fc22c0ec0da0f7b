"""Pass 3, sections: a comment thread or a job board opens at a header and runs on.

A comment thread runs from the first opener (a comments line rule with
``opens_section``) that follows enough of the article's prose and has comment
evidence close below it (a commenter, reply or timestamp line; a comment count in
figures needs none), to the end of the document. A job board runs from a board
header confirmed by job-ad evidence close below it to its last evidence line; a pay
range with no other job-ad evidence near it is not a job ad (a price list).

Rules: "comments.section"; "job_ads.board_header", "job_ads.board_section".

Thresholds: T.SECTION_MIN_CONTENT_BEFORE, T.COMMENT_EVIDENCE_WINDOW,
T.COMMENT_EVIDENCE_RULES, T.COMMENT_TIMESTAMP, T.SHORT_LINE; T.JOB_BOARD_HEADER,
T.JOB_EVIDENCE_WINDOW; the openers are the T.LINE_RULES with ``opens_section``.
"""
from __future__ import annotations

import re

from pipeline.classifier.common import Label, _content_chars, _fold
from pipeline.rules import table as T

_FIRST_NUMBER = re.compile(r"\W*(\d+)\b")
_COMMENT_OPENERS = frozenset(r.name for r in T.LINE_RULES if r.opens_section and r.category == "comments")


def _prose_chars_before(texts: list[str], labels: list[Label], i: int) -> int:
    """Characters of unlabelled prose before block ``i``, counted up to
    SECTION_MIN_CONTENT_BEFORE: a comment thread follows an article's prose, and a
    comment count in the page's header (menus above it) opens none."""
    return _content_chars(texts, labels, range(i), T.SECTION_MIN_CONTENT_BEFORE, prose_only=True)


def _mark_sections(texts: list[str], labels: list[Label]) -> None:
    """Pass 3: comment threads and job boards run on from their header."""
    n = len(texts)
    # Comment thread: from the first opener that has comment evidence close below it,
    # to the end of the document.
    for i in range(n):
        lab = labels[i]
        if not (lab and lab[1] in _COMMENT_OPENERS):
            continue
        if _prose_chars_before(texts, labels, i) < T.SECTION_MIN_CONTENT_BEFORE:
            continue
        window = range(i + 1, min(n, i + 1 + T.COMMENT_EVIDENCE_WINDOW))
        if not (_is_comment_count(texts[i], lab) or any(_is_comment_evidence(texts[j], labels[j]) for j in window)):
            continue  # "12 comments" after the article needs none: the thread is below it
        for j in range(i + 1, n):
            if labels[j] is None:
                labels[j] = ("comments", "comments.section")
        break
    _confirm_pay_ranges(texts, labels)
    # Job board: a header confirmed by salary/recruiter evidence close below it (so a
    # document without any job-ad line has none).
    i = 0 if any(lab and lab[0] == "job_ads" for lab in labels) else n
    while i < n:
        if labels[i] is None and len(texts[i]) <= T.SHORT_LINE and T.JOB_BOARD_HEADER.match(texts[i]):
            window = range(i + 1, min(n, i + 1 + T.JOB_EVIDENCE_WINDOW))
            if any(labels[j] and labels[j][0] == "job_ads" for j in window):
                end = _job_board_end(texts, labels, i)
                labels[i] = ("job_ads", "job_ads.board_header")
                for j in range(i + 1, end + 1):
                    if labels[j] is None:
                        labels[j] = ("job_ads", "job_ads.board_section")
                i = end
        i += 1


def _confirm_pay_ranges(texts: list[str], labels: list[Label]) -> None:
    """A pay range ("$1,000 - $10,000") is a job ad's only beside other job-ad evidence
    (a recruiter, an apply button, a salary label or a board header) within
    JOB_EVIDENCE_WINDOW blocks: alone, or beside other ranges only, it is a price list
    or a table of the article's, and it stays."""
    ranges = [i for i, lab in enumerate(labels) if lab and lab[1] == "job_ads.salary_range"]
    if not ranges:
        return
    n, w = len(texts), T.JOB_EVIDENCE_WINDOW

    def evidence(j: int) -> bool:
        lab = labels[j]
        if lab is not None:
            return lab[0] == "job_ads" and lab[1] != "job_ads.salary_range"
        return len(texts[j]) <= T.SHORT_LINE and T.JOB_BOARD_HEADER.match(texts[j]) is not None

    alone = [i for i in ranges if not any(evidence(j) for j in range(max(0, i - w), min(n, i + w + 1)))]
    for i in alone:
        labels[i] = None


def _is_comment_count(text: str, label: Label) -> bool:
    """A comment count in figures, one or more ("12 comments", "{ 3 Kommentare }"):
    a counter, never a heading of the article's ("Two responses to the crisis")."""
    if label is None or label[1] != "comments.count_header":
        return False
    m = _FIRST_NUMBER.match(text)
    return m is not None and int(m.group(1)) > 0


def _is_comment_evidence(text: str, label: Label) -> bool:
    """A line only a comment thread has: a commenter, a reply link, a timestamp."""
    if label is not None and label[1] in T.COMMENT_EVIDENCE_RULES:
        return True
    return len(text) <= T.SHORT_LINE * 2 and T.COMMENT_TIMESTAMP.search(text) is not None


def _job_board_end(texts: list[str], labels: list[Label], header: int) -> int:
    """Last block of a board: the last evidence line or repeat of a board line."""
    seen: set[str] = set()
    last = header
    for j in range(header + 1, len(texts)):
        if j - last > T.JOB_EVIDENCE_WINDOW:
            break
        key = _fold(texts[j])
        is_evidence = labels[j] is not None and labels[j][0] == "job_ads"
        if is_evidence or key in seen:
            last = j
        elif labels[j] is not None:
            break  # another kind of boilerplate closes the board
        seen.add(key)
    return last
