"""repair: undo damage to the text, never restyle it.

ftfy does the encoding work (mojibake, doubled mojibake, HTML entities in plain text,
C1 controls). It is configured so that it only repairs: curly quotes, dashes,
ligatures, full-width letters and Unicode normal forms stay as the author wrote them.
Around it, a few cheap fixes of our own: line breaks, zero-width and control
characters, no-break-space and whitespace runs. Every change is reported by name,
the way ``ftfy.fix_and_explain`` does.
"""
from __future__ import annotations

import re

import ftfy
import pandas as pd

from pipeline.config import Config
from pipeline.stages.base import map_documents

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html="auto",
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=True,
    fix_surrogates=True,
    remove_control_chars=True,
    normalization=None,
    explain=True,
)

# Characters whose presence may give ftfy work to do. A line with none of them is
# returned by ftfy unchanged, so it can skip ftfy entirely (the fast path).
_MAY_NEED_FTFY = re.compile(r"[^\n\t\x20-\x25\x27-\x7e]")

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Zero-width and invisible format characters. ZWJ (U+200D) and ZWNJ (U+200C) are kept:
# scripts and emoji sequences need them.
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A run of horizontal whitespace holding at least one no-break or exotic space, or two
# or more characters: folded to one space.
# Leading indentation is left alone: it is layout, not damage.
_SPACE_RUN = re.compile(r"(?<=\S)(?:[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u2000-\u200a\u202f\u205f\u3000])")
_TRAILING = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def _ftfy_line(line: str, fixes: list[str]) -> str:
    fixed, steps = ftfy.fix_and_explain(line, config=FTFY_CONFIG)
    if fixed != line:
        for step in steps or ():
            name = step[1] if isinstance(step, tuple) else getattr(step, "transformation", str(step))
            if name not in fixes:
                fixes.append(name)
    return fixed


def repair_text(text: str) -> tuple[str, list[str]]:
    """Return the repaired text and the names of the fixes that changed it."""
    fixes: list[str] = []

    def sub(pattern: re.Pattern, repl: str, name: str, s: str) -> str:
        out, n = pattern.subn(repl, s)
        if n and out != s and name not in fixes:
            fixes.append(name)
        return out

    text = sub(_LINE_BREAKS, "\n", "normalize_line_breaks", text)
    if _MAY_NEED_FTFY.search(text):
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if _MAY_NEED_FTFY.search(line):
                lines[i] = _ftfy_line(line, fixes)
        text = "\n".join(lines)
    text = sub(_ZERO_WIDTH, "", "remove_zero_width", text)
    text = sub(_CONTROL, "", "remove_control_chars", text)
    text = sub(_TRAILING, "", "strip_trailing_whitespace", text)
    text = sub(_SPACE_RUN, " ", "fold_whitespace_runs", text)
    text = sub(_BLANK_RUNS, "\n\n", "fold_blank_lines", text)
    return text, fixes


def repair(batch: pd.DataFrame, config: Config) -> pd.DataFrame:
    if "repair" in config.skip:
        batch["fixes"] = [[] for _ in range(len(batch))]
        return batch
    return map_documents(batch, "repair", repair_text, ["text"], ["text", "fixes"])
