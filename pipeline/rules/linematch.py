"""The line-rule engine: the rule table applied to every block of a batch at once.

Applying ~40 case-insensitive Python regexes to each block one by one costs more than
every other stage together: Python's ``re`` tries a long alternation at every position
of every line. Arrow's regex kernels (RE2, a DFA) scan a whole column in one pass at
hundreds of MB/s. So each rule runs twice:

1. a *screen*: the rule's pattern, translated to RE2 so that it accepts at least
   everything Python's pattern accepts, over the batch's blocks that are short enough
   for the rule (blocks are sorted by length once, so each length bound is a slice);
2. the *decision*: Python's own compiled pattern, on the few blocks the screen let
   through.

The decision is the rule itself, so labels are exactly those of ``classify_line``
applied block by block (``tests/test_classify.py`` checks this on real pages); the
screen only has to never miss. The translation keeps that promise by making RE2's
classes match what Python's do on ``str`` (Unicode ``\\w``, ``\\d``, ``\\s``) and by
dropping word-boundary assertions (RE2's are ASCII-only), which only widens the
screen. A rule RE2 cannot compile (look-arounds, back-references) is decided in Python
on every block within its length bound.
"""
from __future__ import annotations

import logging
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.rules import table as T

log = logging.getLogger("pipeline.rules")

Label = tuple[str, str] | None

# Python's ``str`` classes against RE2's (ASCII) ones. Each Python escape becomes an
# RE2 class that holds at least the same characters, cheap to compile (RE2 builds a
# case-folded Unicode letter class slowly, about 1.5 ms, on every call):
# - ``\W``, ``\D``, ``\S``: RE2's own already hold more (a Unicode letter is ``\W`` to RE2);
# - ``\w``: any non-space; ``\d``: Unicode decimal digits; ``\s``: Unicode spaces.
# Inside a negated class the opposite holds: RE2's smaller ``\w``, ``\d``, ``\s`` exclude
# less, so the class matches more; a negated ``\W``, ``\D`` or ``\S`` has no such
# spelling and leaves the rule unscreened.
_SPACES = r"\s\p{Z}\x0b\x{1c}-\x{1f}\x{85}"
_AS_CLASS_MEMBER = {"w": r"\S", "d": r"\p{Nd}", "s": _SPACES, "W": r"\W", "D": r"\D", "S": r"\S"}
_IN_NEGATED_CLASS = {"w": r"\w", "d": r"\d", "s": r"\s"}
_OUTSIDE = {"w": r"\S", "d": r"\p{Nd}", "s": f"[{_SPACES}]", "W": r"\W", "D": r"\D", "S": r"\S",
            "b": None, "B": None}  # None: a word boundary (ASCII in RE2) is dropped
# A counted repeat: {m}, {m,}, {m,n} or {,n}, lazy or not (a literal "{}" is not one).
_BOUNDED_REPEAT = re.compile(r"\{(?=,?\d)(?P<low>\d*)(?:,\d*)?\}\??")


class Untranslatable(ValueError):
    pass


def to_re2(pattern: str) -> str:
    """Python regex -> an RE2 regex that matches at least the same strings."""
    out: list[str] = []
    i, n, in_class, negated = 0, len(pattern), False, False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            if in_class:
                table = _IN_NEGATED_CLASS if negated else _AS_CLASS_MEMBER
                if e in table:
                    out.append(table[e])
                elif e in "wdsWDSbB":
                    raise Untranslatable(f"\\{e} inside a negated character class")
                else:
                    out.append(c + e)
            elif e in _OUTSIDE:
                if _OUTSIDE[e] is not None:
                    out.append(_OUTSIDE[e])
            elif e.isdigit() or e in "AZ":
                raise Untranslatable(f"\\{e}")
            else:
                out.append(c + e)
            i += 2
            continue
        if in_class:
            if c == "]" and out[-1] not in ("[", "[^"):
                in_class = False
            out.append(c)
        elif c == "[":
            in_class, negated = True, pattern.startswith("[^", i)
            out.append("[^" if negated else "[")
            i += 2 if negated else 1
            continue
        else:
            if c == "(" and pattern.startswith(("(?=", "(?!", "(?<=", "(?<!", "(?>"), i):
                raise Untranslatable("look-around or atomic group")
            bounded = _BOUNDED_REPEAT.match(pattern, i) if c == "{" else None
            if bounded:
                # X{m,n} -> X{m,}: RE2 unrolls a counted repeat into n states, which
                # makes its automaton slow; an open upper bound only widens the screen.
                out.append("{%s,}" % (bounded["low"] or "0"))
                i = bounded.end()
                continue
            out.append(c)
        i += 1
    return "".join(out)


def screen_pattern(rule: T.LineRule) -> str:
    """The RE2 screen for one rule, anchored as the rule is (see ``LineRule.compile``)."""
    body = to_re2(rule.spaced_pattern)
    space_or_punct = r"\W*"
    if rule.match == "full":
        return rf"^{space_or_punct}(?:{body}){space_or_punct}$"
    if rule.match == "start":
        return rf"^{space_or_punct}(?:{body})"
    return body


def _screens() -> list[str | None]:
    screens: list[str | None] = []
    probe = pa.array(["probe"])
    for rule in T.LINE_RULES:
        try:
            pat = screen_pattern(rule)
            pc.match_substring_regex(probe, pat, ignore_case=True)
        except (Untranslatable, pa.ArrowInvalid) as exc:
            log.debug("rule %s is not screened: %s", rule.name, exc)
            pat = None
        screens.append(pat)
    return screens


SCREENS: list[str | None] = _screens()

# Below this many lines the screens cost more than they save: Arrow compiles each
# rule's RE2 program on every call (about 1 ms for the whole table per 25 rules).
SCREEN_MIN_LINES = 500


def classify_line(text: str) -> Label:
    """One line on its own: the first rule whose length bound and pattern both hold."""
    n = len(text)
    if n > T.MAX_RULE_CHARS:
        return None
    for rule, decide in T.COMPILED_LINE_RULES:
        if n <= rule.max_chars and decide(text):
            return rule.category, rule.name
    return None


def classify_lines(lines: list[str]) -> list[Label]:
    """The label of each line: the first rule, in table order, whose length bound,
    screen and pattern all hold (``None``: no rule fired). Same as ``classify_line``
    on each line."""
    if len(lines) < SCREEN_MIN_LINES:
        return [classify_line(t) for t in lines]
    labels: list[Label] = [None] * len(lines)
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    order = np.argsort(lengths, kind="stable")
    sorted_lengths = lengths[order]
    n_short = int(np.searchsorted(sorted_lengths, T.MAX_RULE_CHARS, side="right"))
    if n_short == 0:
        return labels
    short_order = order[:n_short]
    column = pa.array([lines[k] for k in short_order.tolist()], type=pa.string())
    for (rule, decide), screen in zip(T.COMPILED_LINE_RULES, SCREENS):
        reach = int(np.searchsorted(sorted_lengths, rule.max_chars, side="right"))
        if reach == 0:
            continue
        if screen is None:
            candidates = short_order[:reach]
        else:
            passed = pc.match_substring_regex(column.slice(0, reach), screen, ignore_case=True)
            hits = np.flatnonzero(passed.to_numpy(zero_copy_only=False))
            if hits.size == 0:
                continue
            candidates = short_order[hits]
        label = (rule.category, rule.name)
        for k in candidates.tolist():
            if labels[k] is None and decide(lines[k]):
                labels[k] = label
    return labels
