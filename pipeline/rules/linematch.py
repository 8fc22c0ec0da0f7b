"""The line-rule engine: the rule table applied to every block of a batch at once.

Applying ~40 case-insensitive Python regexes to each block one by one costs more than
every other stage together: Python's ``re`` tries a long alternation at every position
of every line. RE2 (a DFA) scans text at memory speed whatever the alternation. So each
rule runs twice:

1. a *screen*: the rule's pattern, translated to RE2 so that it accepts at least
   everything Python's pattern accepts. All screens are compiled once, into
   alternations that find the blocks some rule may fire on (one pass over the batch's
   blocks of each length tier joined by newlines; a tier's alternation holds only the
   rules that reach its lengths) and into an ``RE2::Set`` that names the rules whose
   screens match such a block;
2. the *decision*: Python's own compiled pattern, on the few blocks and rules the
   screens let through, in table order.

The decision is the rule itself, so labels are exactly those of ``classify_line``
applied block by block (``tests/test_linematch.py`` checks this on real pages); the
screen only has to never miss. The translation keeps that promise by making RE2's
classes match what Python's do on ``str`` (Unicode ``\\w``, ``\\d``, ``\\s``) and by
dropping word-boundary assertions (RE2's are ASCII-only), which only widens the
screen. A rule RE2 cannot compile (look-arounds, back-references) is decided in Python
on every block within its length bound.
"""
from __future__ import annotations

import bisect
import functools
import logging
import re

import numpy as np
import re2

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
    """The RE2 screen for one rule, anchored as the rule is (see ``LineRule.compile``):
    its pattern, or its looser ``screen`` where it has one."""
    body = to_re2(rule.spaced_screen)
    space_or_punct = r"\W*"
    if rule.match == "full":
        return rf"^{space_or_punct}(?:{body}){space_or_punct}$"
    if rule.match == "start":
        return rf"^{space_or_punct}(?:{body})"
    return body


# RE2's memory for one compiled program (its DFA cache): the alternation of every
# screen needs more than the 8 MiB default to stay a DFA (past it, RE2 falls back to
# a much slower engine).
RE2_MAX_MEM = 64 << 20


def _re2_options(one_line_at_a_time: bool = False) -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False  # every rule is case-insensitive (LineRule.compile)
    options.max_mem = RE2_MAX_MEM
    options.never_nl = one_line_at_a_time  # no match runs past a line feed
    options.never_capture = True  # only whether and where a screen matches counts
    return options


def _screens() -> list[str | None]:
    screens: list[str | None] = []
    for rule in T.LINE_RULES:
        try:
            pat = screen_pattern(rule)
            re2.compile(pat, _re2_options())
        except (Untranslatable, re2.error) as exc:
            log.debug("rule %s is not screened: %s", rule.name, exc)
            pat = None
        screens.append(pat)
    return screens


SCREENS: list[str | None] = _screens()


# Lines are screened in length tiers: a line longer than a tier's bound is screened
# only for the rules whose max_chars reach past it, so the long lines, most of the
# text, go through a much smaller alternation. The last tier ends at MAX_RULE_CHARS.
SCREEN_TIER_BOUNDS = (100, 160, 300)


@functools.lru_cache(maxsize=1)
def _engine() -> tuple:
    """The screens compiled once per process: ``(tiers, rule_set, set_rules,
    unscreened)``. ``tiers`` is a list of ``(max_len, alternations)``: for lines up to
    ``max_len`` characters (and longer than the tier before's), each alternation
    finds, in such lines joined by newlines, each line one of its screens matches
    (``^``/``$`` are line anchors, and no match crosses a line feed); together they
    hold the screens of every rule reaching that length. ``rule_set.Match(line)``
    lists, as positions in ``set_rules``, the rules whose screens match the line;
    ``unscreened`` are the rules without a screen.

    A tier has two alternations: the rules anchored at the line's start ("full",
    "start") and the rest. RE2 builds its automaton lazily, state by state, and one
    alternation of both kinds needs the product of their states: about 0.3 s of
    warm-up per process, against a third of that for the two, which then cost a
    millisecond or two more per batch."""
    screened = [(k, s) for k, s in enumerate(SCREENS) if s is not None]
    bounds = [b for b in SCREEN_TIER_BOUNDS if b < T.MAX_RULE_CHARS] + [T.MAX_RULE_CHARS]
    tiers, shorter = [], 0
    for bound in bounds:
        reaching = [k for k, _ in screened if T.LINE_RULES[k].max_chars > shorter]
        groups = ([k for k in reaching if T.LINE_RULES[k].match in ("full", "start")],
                  [k for k in reaching if T.LINE_RULES[k].match not in ("full", "start")])
        tiers.append((bound, [re2.compile("(?m)" + "|".join(f"(?:{SCREENS[k]})" for k in group),
                                          _re2_options(True)) for group in groups if group]))
        shorter = bound
    rule_set = re2.Set.SearchSet(_re2_options())
    for _, screen in screened:
        rule_set.Add(screen)
    rule_set.Compile()
    unscreened = [k for k, s in enumerate(SCREENS) if s is None]
    return tiers, rule_set, [k for k, _ in screened], unscreened


def classify_line(text: str) -> Label:
    """One line on its own: the first rule whose length bound and pattern both hold."""
    return None if len(text) > T.MAX_RULE_CHARS else _decide(text, range(len(T.COMPILED_LINE_RULES)))


def _decide(line: str, rule_indexes) -> Label:
    """The first of these rules (table positions, ascending) that fires on ``line``."""
    n = len(line)
    for k in rule_indexes:
        rule, decide = T.COMPILED_LINE_RULES[k]
        if n <= rule.max_chars and decide(line):
            return rule.category, rule.name
    return None


def _utf8(text: str) -> bytes | None:
    """The UTF-8 bytes of ``text``; None when it holds a lone surrogate (no UTF-8 for
    RE2 to scan)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def classify_lines(lines: list[str]) -> list[Label]:
    """The label of each line: the first rule, in table order, whose length bound,
    screen and pattern all hold (``None``: no rule fired). Same as ``classify_line``
    on each line."""
    tiers, rule_set, set_rules, unscreened = _engine()
    labels: list[Label] = [None] * len(lines)
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    tier_of = np.searchsorted([bound for bound, _ in tiers], lengths)  # len(tiers): out of reach
    for t, (_, alternations) in enumerate(tiers):
        if not alternations and not unscreened:
            continue
        reach = np.flatnonzero(tier_of == t).tolist()
        for k, line in _candidates(lines, reach, None if unscreened else alternations, labels):
            matched = rule_set.Match(line) or []
            labels[k] = _decide(lines[k], sorted([set_rules[i] for i in matched] + unscreened))
    return labels


def _candidates(lines: list[str], reach: list[int], alternations, labels: list[Label]):
    """``(k, UTF-8 of line k)`` for each line of ``reach`` that one of ``alternations``
    finds in them joined by newlines (every one when ``alternations`` is None), in
    order. A line holding a line feed, or one with no UTF-8 (a lone surrogate), is
    decided here on its own."""
    text = "\n".join([lines[k] for k in reach])
    joined = _utf8(text)
    if joined is None or text.count("\n") != max(len(reach) - 1, 0):
        alone = [k for k in reach if "\n" in lines[k] or _utf8(lines[k]) is None]
        for k in alone:
            labels[k] = classify_line(lines[k])
        alone_set = set(alone)
        reach = [k for k in reach if k not in alone_set]
        joined = "\n".join([lines[k] for k in reach]).encode("utf-8")
    if not reach:
        return
    feeds = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == 10) + 1
    line_starts = [0, *feeds.tolist(), len(joined) + 1]
    if alternations is None:
        hits = range(len(reach))
    else:
        found: set[int] = set()
        for any_rule in alternations:
            m = any_rule.search(joined)
            while m is not None:
                j = bisect.bisect_right(line_starts, m.start()) - 1
                found.add(j)
                m = any_rule.search(joined, line_starts[j + 1])  # on from the next line
        hits = sorted(found)
    for j in hits:
        yield reach[j], joined[line_starts[j]:line_starts[j + 1] - 1]
