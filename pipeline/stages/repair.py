"""repair: undo damage to the text, never restyle it.

ftfy does the encoding work (mojibake, doubled mojibake, HTML entities in plain text,
C1 controls) and undoes Latin ligatures and digraph code points (``ﬁ``, ``ŉ``, ``ǌ``:
typesetting debris that breaks search and tokenizers). It is configured so that it
only repairs: curly quotes, dashes, full-width letters and Unicode normal forms stay
as the author wrote them.
Around it, a few cheap fixes of our own: line breaks, zero-width and control
characters, no-break-space and whitespace runs. Every change is reported by name,
the way ``ftfy.fix_and_explain`` does.

Speed: ftfy runs at about 1 MB/s, and almost every line of real text gives it nothing
to do. ``ftfy_lines`` screens the whole document with one precompiled regex that
matches wherever ftfy *could* change a line, and hands only the lines it hits to ftfy.
The screen is a superset of ftfy's own triggers (see ``_ftfy_screen``), so the result
is the same as running ftfy on every line.
"""
from __future__ import annotations

import functools
import re
from re import _parser as _sre  # private, but stable since Python 3.11 (our floor)

import ftfy
import pandas as pd
import re2
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES

from pipeline.config import Config
from pipeline.rules.linematch import to_re2
from pipeline.stages.base import map_documents

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html="auto",
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=True,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=True,
    fix_surrogates=True,
    remove_control_chars=True,
    normalization=None,
    explain=True,
)


# Characters a line may hold that make ftfy act on their own: its CONTROL_CHARS (ESC,
# which starts a terminal escape, is one), its LIGATURES, C1 controls, line breaks
# (U+0085 is C1) and surrogates.
_FTFY_SINGLES = "".join(map(re.escape, sorted(map(chr, set(CONTROL_CHARS) | set(LIGATURES))))) + (
    "\x80-\x9f\r\u2028\u2029\ud800-\udfff"
)


def _class_part(op, av) -> str:
    """Render one member of a parsed character class back to regex syntax."""
    if op is _sre.LITERAL:
        return re.escape(chr(av))
    if op is _sre.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    if op is _sre.CATEGORY and av in _CATEGORIES:
        return _CATEGORIES[av]
    raise ValueError(f"ftfy's BADNESS_RE changed shape: {op} {av} in a class")


_CATEGORIES = {_sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_DIGIT: r"\d"}


def _render(op, av) -> str:
    """Render one parsed item of a BADNESS_RE alternative back to regex syntax."""
    if op is _sre.LITERAL:
        return re.escape(chr(av))
    if op is _sre.ANY:
        return "."
    if op is _sre.IN:
        negate = av and av[0][0] is _sre.NEGATE
        members = av[1:] if negate else av
        return "[" + "^" * bool(negate) + "".join(_class_part(o, a) for o, a in members) + "]"
    if op is _sre.MAX_REPEAT and av[2].data and len(av[2].data) == 1:
        lo, hi, sub = av
        return f"(?:{_render(*sub.data[0])}){{{lo},{'' if hi == _sre.MAXREPEAT else hi}}}"
    raise ValueError(f"ftfy's BADNESS_RE changed shape: {op} {av}")


def _selective(op, av) -> bool:
    """True for an item that matches only non-ASCII characters: a screen may start
    there and still be rare in English text."""
    if op is _sre.LITERAL:
        return av > 0x7F
    if op is _sre.IN:
        return all(
            (o is _sre.LITERAL and a > 0x7F) or (o is _sre.RANGE and a[0] > 0x7F) for o, a in av
        )
    return False


def _badness_alternatives() -> list[tuple[str, str]]:
    """ftfy's BADNESS_RE as (first, rest) pairs, each alternative cut to its suffix
    that starts at the first non-ASCII-only item.

    A suffix of an alternative matches wherever the alternative does (on the same
    line, at a later start), so the cut alternatives match a superset of what
    BADNESS_RE matches: the ASCII context they drop (``\\s``, ``[a-z]``, ``^``) only
    made ftfy's test stricter. Reading the pattern instead of copying it keeps the
    screen in step with the installed ftfy; a shape this code does not know raises
    at import rather than screening wrongly.
    """
    tree = _sre.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    [(op, (_, branches))] = tree.data
    if op is not _sre.BRANCH:
        raise ValueError("ftfy's BADNESS_RE is no longer one alternation")
    out = []
    for branch in branches:
        items = list(branch.data)
        while items and not _selective(*items[0]):
            items.pop(0)
        if not items:
            raise ValueError(f"a BADNESS_RE alternative has no non-ASCII item: {branch}")
        out.append((_render(*items[0]), "".join(_render(*it) for it in items[1:])))
    return out


def _ftfy_screen(own: str = "") -> re.Pattern:
    """A regex that matches in every line ftfy could change (and in few others).

    With FTFY_CONFIG, ``ftfy.fix_and_explain`` changes a line only if one of its steps
    finds something to do on its first pass (otherwise the line comes back as it
    went in):

    - unescape_html: an entity (HTML_ENTITY_RE, which starts with '&');
    - fix_encoding: ``ftfy.badness.is_bad(line)``, a BADNESS_RE match; every mojibake
      repair, decode_inconsistent_utf8 and the C1 fixes inside it included, sits
      behind that test;
    - fix_c1_controls, fix_line_breaks, fix_surrogates, remove_terminal_escapes,
      remove_control_chars, fix_latin_ligatures: one of _FTFY_SINGLES.

    The screen is the union of those, with BADNESS_RE's alternatives cut as in
    _badness_alternatives. It opens with one character class, every alternative's
    first character, so the regex engine skips the rest of the text at C speed;
    each alternative then re-tests that character with a one-character lookbehind.
    A match may run past a line feed (``[^A-Za-z]``), but it always starts on the
    line that needs ftfy. tests/test_repair.py checks the superset claim.

    ``own`` adds, last, an empty group of that name matching the characters only
    this stage's own fixes care about, so that one pass over a document finds both.
    """
    firsts = ["&", f"[{_FTFY_SINGLES}]"]
    alternatives = [f"(?<=[{_FTFY_SINGLES}])", "(?<=&)" + HTML_ENTITY_RE.pattern[1:]]
    if not HTML_ENTITY_RE.pattern.startswith("&"):
        raise ValueError("ftfy's HTML_ENTITY_RE no longer starts with '&'")
    for first, rest in _badness_alternatives():
        firsts.append(first)
        alternatives.append(f"(?<={first}){rest}")
    if own:
        firsts.append(f"[{own}]")
        alternatives.append(f"(?P<own>(?<=[{own}]))")
    first_class = "".join(f[1:-1] if f.startswith("[") else f for f in firsts)
    return re.compile(f"[{first_class}](?:{'|'.join(alternatives)})")


_MAY_NEED_FTFY = _ftfy_screen()

# Characters that only our own fixes act on: zero-width spaces and the word joiner
# (a BOM inside the text is a zero-width no-break space; ftfy removes those), form
# feed (the one C0 control ftfy keeps), and the no-break and exotic spaces.
# ZWJ (U+200D) and ZWNJ (U+200C) stay: scripts and emoji sequences need them. Bidi
# marks stay too: right-to-left text needs them to display right.
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Horizontal spaces: ASCII space and tab, then no-break, U+2000-U+200A, narrow
# no-break, medium mathematical and ideographic spaces (none is special in a class).
_HSPACE = " \t\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_OWN_CHARS = "\u200b\u2060\ufeff\x0c" + _HSPACE[2:]
_SCAN = _ftfy_screen(own=_OWN_CHARS)


def _batch_screens() -> tuple[str, str]:
    """``_SCAN`` for a whole batch at once, in RE2 (``_screen_texts``), as two
    screens: where ftfy may have a line to fix, and where our own non-ASCII
    characters are. A text the first misses skips the Python scan, which costs most
    of this stage (every "ü" in German text starts a try of its alternatives). The
    same alternatives, each written from its first character on (RE2 has no
    lookbehind), translated so that they match at least what Python's match
    (``to_re2``). A text with a lone surrogate has no UTF-8 for RE2: it is scanned
    in Python."""
    singles = _FTFY_SINGLES.replace("\ud800-\udfff", "")
    alternatives = [f"[{singles}]", to_re2(HTML_ENTITY_RE.pattern)]
    alternatives += [to_re2(first + rest) for first, rest in _badness_alternatives()]
    return "|".join(f"(?:{a})" for a in alternatives), f"[{_OWN_CHARS}]"


_FTFY_SCREEN, _OWN_SCREEN = _batch_screens()
# Whatever ``_tidy`` acts on in text without our non-ASCII characters: a space or tab
# before a line end or at the end, a tab, two spaces, three line feeds.
_TIDY_SCREEN = r"[ \t]\n|[ \t]$|\t|  |\n\n\n"


# Screens for one text (google-re2, compiled once), much cheaper than the Python
# patterns they guard: whether our fixes left work for ftfy; whether a C0 control is
# there; and whether a run of horizontal spaces is there that is not all ASCII spaces
# (a tab aside: the caller tests for one first). Without such a run, every run
# _SPACE_RUN folds is ASCII spaces, and _DOUBLE_SPACE folds the same runs at
# string-search speed.
_FTFY_RE2 = re2.compile(_FTFY_SCREEN)
_NOT_ALL_SPACES = "".join(c for c in _HSPACE if c not in " \t")
_MAY_FOLD_OTHER = re2.compile(f"[{_NOT_ALL_SPACES}][{_HSPACE}]|[{_HSPACE}][{_NOT_ALL_SPACES}]")
_MAY_CONTROL = re2.compile(_CONTROL.pattern)
# The zero-width characters, each found by a substring search before _ZERO_WIDTH runs.
_ZERO_WIDTH_CHARS = tuple(_ZERO_WIDTH.pattern[1:-1])


def _may_match(screen, text: str) -> bool:
    """Does an RE2 screen match in ``text``? True for a text RE2 cannot take (a lone
    surrogate has no UTF-8): the guarded Python pattern then decides."""
    try:
        return screen.search(text) is not None
    except UnicodeEncodeError:
        return True


# RE2's memory for the batch screens' automaton (its DFA cache), as for the line rules.
SCREEN_MAX_MEM = 64 << 20


@functools.lru_cache(maxsize=4)
def _screen_set(screens: tuple[str, ...]):
    """The screens as one ``RE2::Set``, compiled once per process: one pass over a
    text names every screen that matches in it."""
    options = re2.Options()
    options.max_mem = SCREEN_MAX_MEM
    options.never_capture = True
    matcher = re2.Set.SearchSet(options)
    for screen in screens:
        matcher.Add(screen)
    matcher.Compile()
    return matcher


def _screen_texts(texts: list, *screens: str, utf8: list | None = None) -> list[list[bool]]:
    """Per screen, per text: does the screen match in it? (True where unsure: no text,
    or a lone surrogate, which has no UTF-8.) ``utf8``: each text's UTF-8 bytes where
    the caller has them already (a document read as strict UTF-8), else None."""
    matcher = _screen_set(screens)
    found = [[False] * len(texts) for _ in screens]
    for k, text in enumerate(texts):
        data = utf8[k] if utf8 is not None else None
        if data is None:
            try:
                data = text.encode("utf-8")
            except (AttributeError, UnicodeEncodeError):
                for column in found:
                    column[k] = True
                continue
        for i in matcher.Match(data) or ():
            found[i][k] = True
    return found


def _utf8_of_texts(batch: pd.DataFrame) -> list:
    """Each live text's UTF-8 bytes where the batch holds them already: a text
    document read as strict UTF-8 (no replacement character) is its raw bytes."""
    return [raw if (kind == "text" and enc == "utf-8" and isinstance(raw, bytes) and isinstance(text, str)
                    and "\ufffd" not in text) else None
            for raw, kind, enc, text in zip(batch["raw"], batch["kind"], batch["encoding"], batch["text"])]


# ftfy's explanation steps, renamed to the fix names this stage reports.
_FTFY_STEP_NAMES = {
    "unescape_html": "unescape_html",
    "fix_c1_controls": "fix_c1_controls",
    "fix_line_breaks": "normalize_line_breaks",
    "fix_surrogates": "fix_surrogates",
    "remove_terminal_escapes": "remove_terminal_escapes",
    "remove_control_chars": "remove_control_chars",
    "fix_latin_ligatures": "fix_latin_ligatures",
    "decode_inconsistent_utf8": "fix_mojibake",
    "restore_byte_a0": "fix_mojibake",
    "replace_lossy_sequences": "fix_mojibake",
}

_CRLF = re.compile(r"\r\n?")
# Rounds of ftfy + our own fixes before the text is taken as it is (see repair_text).
MAX_REPAIR_ROUNDS = 3
# After a non-space: a run of two or more horizontal spaces (NBSP runs included), or
# one tab, becomes one space. A single no-break, thin or ideographic space stays:
# it is the author's typography ("10\u00a0km", "\u00ab\u202fOui\u202f\u00bb").
# Leading indentation stays (layout, not damage). Written to open with a character
# class, so the engine scans at C speed; the lookbehinds re-check that character.
_SPACE_RUN = re.compile(f"[{_HSPACE}](?:(?<=\\S[{_HSPACE}])[{_HSPACE}]+|(?<=\\S\t))")
# The same fold for text whose only horizontal spaces are ASCII spaces: opening with
# a literal, it runs at string-search speed, several times the general one.
_DOUBLE_SPACE = re.compile(r"  (?<=\S  ) *")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _fix_names(steps) -> list[str]:
    """Name ftfy's explanation steps. An encode/decode plan is one fix: mojibake, or,
    when it ends in windows-1252, C1 controls standing in for cp1252 punctuation."""
    names = []
    for action, param in steps or ():
        if action == "encode":
            continue  # named by the decode that completes the plan
        if action == "decode":
            names.append("fix_c1_controls" if param == "windows-1252" else "fix_mojibake")
        else:
            names.append(_FTFY_STEP_NAMES.get(param, param))
    return names


def _ftfy_line(line: str, fixes: list[str]) -> str:
    """ftfy one line exactly as ``ftfy.fix_text(line, config=FTFY_CONFIG)`` does,
    keeping its explanation. fix_text cuts lines longer than max_decode_length into
    pieces, and turns HTML unescaping off from the first piece holding a '<' on."""
    config, out, size = FTFY_CONFIG, [], FTFY_CONFIG.max_decode_length
    for pos in range(0, len(line), size):
        piece = line[pos:pos + size]
        if config.unescape_html == "auto" and "<" in piece:
            config = config._replace(unescape_html=False)
        fixed, steps = ftfy.fix_and_explain(piece, config=config)
        if fixed != piece:
            for name in _fix_names(steps):
                if name not in fixes:
                    fixes.append(name)
        out.append(fixed)
    return "".join(out)


def _ftfy_pass(text: str, fixes: list[str]) -> tuple[str, bool, bool]:
    """ftfy the lines the scan hits. Also say whether our own fixes may have work
    (``own``), and whether ftfy turned a line into several (``resplit``: U+2028,
    U+0085), which ftfy would see one by one on another pass.

    A match starts on the line that needs ftfy (it may run on past the line feed),
    so each one names a line; after that line the scan goes on from its end. The
    text is never split, and is copied only when ftfy changed a line.
    """
    scan = _SCAN
    m = scan.search(text)
    out, done, own, resplit = [], 0, False, False
    while m is not None:
        if m.lastgroup == "own":
            own, scan = True, _MAY_NEED_FTFY  # known now: look for ftfy's lines only
            m = scan.search(text, m.end())
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        line = text[start:end]
        fixed = _ftfy_line(line, fixes)
        if fixed != line:
            out += (text[done:start], fixed)
            done, own = end, True  # ftfy may have made NBSP (Â\xa0 -> \xa0)
            resplit = resplit or "\n" in fixed
        m = scan.search(text, end)
    if out:
        out.append(text[done:])
        text = "".join(out)
    return text, own, resplit


def ftfy_lines(text: str, fixes: list[str] | None = None) -> str:
    """``"\\n".join(ftfy.fix_text(l, config=FTFY_CONFIG) for l in text.split("\\n"))``,
    at screen speed: only the lines that the screen hits go to ftfy."""
    return _ftfy_pass(text, [] if fixes is None else fixes)[0]


def _sub(pattern: re.Pattern, repl: str, name: str, text: str, fixes: list[str]) -> str:
    out, n = pattern.subn(repl, text)
    return _noted(out, text, name, fixes)


def _noted(out: str, text: str, name: str, fixes: list[str]) -> str:
    if out != text and name not in fixes:
        fixes.append(name)
    return out


def _strip_trailing(text: str, fixes: list[str]) -> str:
    """Strip horizontal whitespace at line ends; rstrip per line beats a regex 5x."""
    out = "\n".join([line.rstrip(_HSPACE) for line in text.split("\n")])
    return _noted(out, text, "strip_trailing_whitespace", fixes)


def _tidy(text: str, own: bool, fixes: list[str]) -> str:
    """Our own fixes, after ftfy: invisible characters, then whitespace.

    Unless the scan saw one of our non-ASCII characters (``own``), the only spaces
    are ASCII ones, and a substring test (memory speed) tells whether a fix has work.
    """
    if own:
        if any(c in text for c in _ZERO_WIDTH_CHARS):
            text = _sub(_ZERO_WIDTH, "", "remove_zero_width", text, fixes)
        if _may_match(_MAY_CONTROL, text):
            text = _sub(_CONTROL, "", "remove_control_chars", text, fixes)
    if own or " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = _strip_trailing(text, fixes)
    if "\t" in text or (own and _may_match(_MAY_FOLD_OTHER, text)):
        text = _sub(_SPACE_RUN, " ", "fold_whitespace_runs", text, fixes)
    elif "  " in text:
        text = _sub(_DOUBLE_SPACE, " ", "fold_whitespace_runs", text, fixes)
    if "\n\n\n" in text:
        text = _sub(_BLANK_RUNS, "\n\n", "fold_blank_lines", text, fixes)
    return text


def repair_text(text: str, ftfy_lines: bool = True, own: bool = True, tidy: bool = True
                ) -> tuple[str, list[str]]:
    """Return the repaired text and the names of the fixes that changed it.

    The flags are what the batch screens (``_screen_texts``) found in the text; a
    False one lets this skip work: ``ftfy_lines``, the Python scan for ftfy's lines
    (``_FTFY_SCREEN``); ``own``, our fixes of non-ASCII characters (``_OWN_SCREEN``);
    ``tidy``, our other fixes (``_TIDY_SCREEN``). All False: nothing to change.

    One round is ftfy on the lines that need it, then our own fixes. Another round
    follows, up to MAX_REPAIR_ROUNDS, only when the first could have left ftfy work:
    ftfy split a line (it sees the parts one by one next time), or our fixes changed
    a text that still hits the screen (removing ``\u200b`` from ``Ã\u200b `` makes
    mojibake). That keeps repair idempotent, and clean text takes one round.
    """
    if not (ftfy_lines or own or tidy):
        return text, []
    fixes: list[str] = []
    if "\r" in text:
        text = _sub(_CRLF, "\n", "normalize_line_breaks", text, fixes)
    for round_ in range(MAX_REPAIR_ROUNDS):
        if ftfy_lines or round_:
            text, own, resplit = _ftfy_pass(text, fixes)
        else:  # no line for ftfy: the scan would only have told whether ours are there
            resplit = False
        tidied = _tidy(text, own, fixes)
        again = resplit or (tidied != text and _may_match(_FTFY_RE2, tidied)
                            and _MAY_NEED_FTFY.search(tidied) is not None)
        text = tidied
        if not again:
            break
    return text, fixes


def repair(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    if "repair" in config.skip:
        batch["fixes"] = [[] for _ in range(len(batch))]
        return batch
    live = batch["status"].ne("error").to_numpy()
    texts = batch["text"].where(live, None).tolist()
    screens = {"_ftfy": _FTFY_SCREEN, "_own": _OWN_SCREEN, "_tidy": _TIDY_SCREEN}
    utf8 = _utf8_of_texts(batch) if {"raw", "kind", "encoding"} <= set(batch.columns) else None
    for column, hits in zip(screens, _screen_texts(texts, *screens.values(), utf8=utf8)):
        batch[column] = hits
    batch = map_documents(batch, "repair", repair_text, ["text", *screens], ["text", "fixes"])
    batch = batch.drop(columns=list(screens))
    if config.fix_character_width or config.normalization:
        batch = map_documents(batch, "repair", lambda text, fixes: restyle(text, fixes, config), ["text", "fixes"],
                              ["text", "fixes"])
    return batch


def restyle(text: str, fixes: list[str], config: Config) -> tuple[str, list[str]]:
    """The repair options that restyle, each named in ``fixes`` when it changed the text:
    full-width forms to their ASCII letters and digits (ftfy's ``fix_character_width``),
    then the Unicode normal form ``config.normalization``."""
    import unicodedata

    fixes = list(fixes or [])
    if config.fix_character_width:
        text = _noted(ftfy.fixes.fix_character_width(text), text, "fix_character_width", fixes)
    if config.normalization:
        text = _noted(unicodedata.normalize(config.normalization, text), text,
                      f"normalize_{config.normalization.lower()}", fixes)
    return text, fixes
