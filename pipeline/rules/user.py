"""Rules a user changes without code: the ``[rules]`` table of the TOML config.

    [rules]
    keep = ["comments"]                      # categories left in the text
    off = ["promo.list_under_header"]        # rules switched off, by name
    [rules.phrases]                          # phrases added to a category, any language
    newsletter = ["Jetzt kostenlos abonnieren"]
    [rules.phrases.de]                       # ... or for one language's documents
    promo = ["Mehr aus dem Ressort"]
    [rules.thresholds]                       # named thresholds of pipeline/rules/table.py
    SECTION_MIN_CONTENT_BEFORE = 500

How each applies, and why so:

- ``off``: a rule's name as the ``rule`` column writes it, up to any ``:`` detail
  (``model.block_score`` covers ``model.block_score:link_density``), or a family
  (``promo`` covers every ``promo.`` rule). The blocks it removed stay in the text. It
  acts on the outcome, not inside the passes, so switching a rule off never makes
  another rule fire where it did not.
- ``keep``: every block of that category stays in the text (``title`` and ``byline``
  included: the headline then stays in the body too).
- ``phrases``: a block still in the text that holds one of the phrases (case and runs of
  whitespace folded) goes, under that category, rule ``user.phrase``, when it is at
  most USER_PHRASE_MAX_CHARS long and does not read as prose: a sentence of the
  article that quotes the phrase stays.
  Phrases under a language code apply to documents in that language (the language of
  what the cleaner would keep, as the ``language`` column names it).
- ``thresholds``: only those in TUNABLE_THRESHOLDS, which the passes read each time they
  run; each stays the type it has in the table. The batch is classified with them set,
  and the table restored after (one batch at a time in a process: the engines' workers
  are processes with one thread each).

Everything here is part of the config, so of the output fingerprint: a changed rule
redoes every input under ``--incremental``.
"""
from __future__ import annotations

import contextlib
import dataclasses
import re
from typing import Iterator

# (The rule table and the output schema are imported where they are used: ``Config``
# holds a ``UserRules``, and the command line's --help and --version should not wait
# for the table's patterns to compile or for pyarrow to load.)

# A block longer than this (a one-sentence prompt's length, T.PROMPT_LINE), or one
# that reads as prose, is article: a user's phrase inside it does not remove it.
USER_PHRASE_MAX_CHARS = 160
USER_PHRASE_RULE = "user.phrase"  # written by pipeline/classifier/user.py

# Thresholds a config may set: each is read from the table each time a pass runs.
# (THREAD_CONTEXT_BLOCKS is left out: the thread model was trained with it; the line
# rules' lengths are fixed when the rules are compiled.)
TUNABLE_THRESHOLDS = (
    "TITLE_MIN_CHARS", "TITLE_SEARCH_BLOCKS", "TITLE_MIN_BODY_CHARS", "BYLINE_SEARCH_BLOCKS",
    "SECTION_MIN_CONTENT_BEFORE", "COMMENT_EVIDENCE_WINDOW", "JOB_EVIDENCE_WINDOW",
    "TAIL_BLOCK_MAX_CHARS", "PROSE_MIN_CHARS", "PROSE_LONG_CHARS", "TAIL_FRAGMENT_MAX_CHARS",
    "HEAD_FRAGMENT_MAX_CHARS", "PROMO_LIST_ITEM_MAX_CHARS", "TEMPLATE_MIN_DOCS", "TEMPLATE_MIN_SHARE",
    "MODEL_MAX_CHARS", "BIO_MAX_BLOCKS", "BIO_MAX_CHARS", "REPEAT_MAX_CHARS", "THREAD_MIN_ARTICLE_SHARE",
)
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_WS = re.compile(r"\s+")

Phrases = tuple[tuple[str, tuple[str, ...]], ...]  # ((category, (phrase, ...)), ...)


class RulesError(ValueError):
    """A ``[rules]`` entry that cannot be applied; the message names its key."""


@dataclasses.dataclass(frozen=True)
class UserRules:
    keep: tuple[str, ...] = ()
    off: tuple[str, ...] = ()
    phrases: Phrases = ()                                   # any language
    phrases_by_language: tuple[tuple[str, Phrases], ...] = ()
    thresholds: tuple[tuple[str, int | float], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.keep or self.off or self.phrases or self.phrases_by_language or self.thresholds)

    @classmethod
    def from_table(cls, table: dict, where: str = "rules") -> "UserRules":
        """Validate a ``[rules]`` table; a RulesError names the first bad key."""
        from pipeline.rules import table as T
        from pipeline.schema import CATEGORIES

        if not isinstance(table, dict):
            raise RulesError(f"{where}: a table is expected")
        unknown = set(table) - {"keep", "off", "phrases", "thresholds"}
        if unknown:
            raise RulesError(f"{where}: unknown key(s) {sorted(unknown)}; known: keep, off, phrases, thresholds")
        keep = _strings(table.get("keep", []), f"{where}.keep")
        for c in keep:
            if c not in CATEGORIES:
                raise RulesError(f"{where}.keep: {c!r} is no category; categories: {', '.join(CATEGORIES)}")
        off = _strings(table.get("off", []), f"{where}.off")
        known = _rule_names()
        for name in off:
            if name not in known:
                raise RulesError(f"{where}.off: {name!r} is no rule or rule family (see pipeline/rules/table.py)")
        phrases, by_language = [], []
        raw = table.get("phrases", {})
        if not isinstance(raw, dict):
            raise RulesError(f"{where}.phrases: a table of category = [phrases] is expected")
        for key, value in raw.items():
            if isinstance(value, dict):
                if not _LANGUAGE_CODE.match(key):
                    raise RulesError(f"{where}.phrases.{key}: a language table needs an ISO 639 code (de, en, ...)")
                by_language.append((key, _phrase_table(value, f"{where}.phrases.{key}")))
            else:
                phrases.extend(_phrase_table({key: value}, f"{where}.phrases"))
        thresholds = []
        raw = table.get("thresholds", {})
        if not isinstance(raw, dict):
            raise RulesError(f"{where}.thresholds: a table of NAME = number is expected")
        for name, value in raw.items():
            if name not in TUNABLE_THRESHOLDS:
                raise RulesError(f"{where}.thresholds.{name}: not a tunable threshold; "
                                 f"tunable: {', '.join(TUNABLE_THRESHOLDS)}")
            current = getattr(T, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                    isinstance(current, int) and not isinstance(value, int)):
                raise RulesError(f"{where}.thresholds.{name}: expected {type(current).__name__}, got {value!r}")
            if value < 0:
                raise RulesError(f"{where}.thresholds.{name}: must not be negative, got {value!r}")
            thresholds.append((name, value))
        return cls(keep=tuple(sorted(set(keep))), off=tuple(sorted(set(off))), phrases=tuple(sorted(phrases)),
                   phrases_by_language=tuple(sorted(by_language)), thresholds=tuple(sorted(thresholds)))

    def to_dict(self) -> dict:
        return {"keep": list(self.keep), "off": list(self.off),
                "phrases": {c: list(p) for c, p in self.phrases} | {
                    lang: {c: list(p) for c, p in table} for lang, table in self.phrases_by_language},
                "thresholds": dict(self.thresholds)}


def _strings(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(f"{where}: a list of non-empty strings is expected")
    return [v.strip() for v in value]


def _phrase_table(table: dict, where: str) -> Phrases:
    from pipeline.schema import CATEGORIES

    out = []
    for category, phrases in table.items():
        if category not in CATEGORIES or category in ("title", "byline"):
            raise RulesError(f"{where}.{category}: phrases go to a category that removes: "
                             f"{', '.join(c for c in CATEGORIES if c not in ('title', 'byline'))}")
        out.append((category, tuple(sorted({fold_phrase(p) for p in _strings(phrases, f'{where}.{category}')}))))
    return tuple(sorted(out))


def fold_phrase(s: str) -> str:
    """Case and runs of whitespace folded: how phrases and blocks are compared."""
    return _WS.sub(" ", s).strip().lower()


def _rule_names() -> set[str]:
    """Every rule name and family a config may switch off: the table's line and context
    rules, the learned passes, and ``user.phrase``."""
    from pipeline.rules import table as T

    names = {r.name for r in (*T.LINE_RULES, *T.CONTEXT_RULES)} | {USER_PHRASE_RULE}
    names = {n.split(":", 1)[0] for n in names}
    return names | {n.split(".", 1)[0] for n in names}


@contextlib.contextmanager
def thresholds_set(rules: UserRules | None) -> Iterator[None]:
    """The table's thresholds as the rules set them, for the duration of a batch."""
    if not rules or not rules.thresholds:
        yield
        return
    from pipeline.rules import table as T

    saved = {name: getattr(T, name) for name, _ in rules.thresholds}
    try:
        for name, value in rules.thresholds:
            setattr(T, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(T, name, value)
