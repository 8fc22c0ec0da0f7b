"""Pass 6, the user's rules (``pipeline.rules.user``, the config's ``[rules]`` table):
phrases added to a category, then rules switched off and categories kept.

Rule: "user.phrase" (a block still in the text that holds one of the phrases, at most
USER_PHRASE_MAX_CHARS long and not prose; its category is the phrase's). Reads
USER_PHRASE_MAX_CHARS, and PROSE_MIN_CHARS/PROSE_LONG_CHARS through ``is_prose``: a
sentence of the article that quotes a phrase stays.
"""
from __future__ import annotations

from pipeline.classifier.common import Label, is_prose
from pipeline.rules.user import USER_PHRASE_MAX_CHARS, UserRules, fold_phrase


def _is_off(rule: str, off: tuple[str, ...]) -> bool:
    """A rule is off by its name (up to any ``:`` detail) or its family."""
    name = rule.split(":", 1)[0]
    return name in off or name.split(".", 1)[0] in off


def apply_user_rules(texts: list[str], labels: list[Label], rules: UserRules, language: str | None = None) -> None:
    """The user's rules on one document's labels, in place."""
    phrases = list(rules.phrases) + [p for lang, table in rules.phrases_by_language if lang == language
                                     for p in table]
    if phrases:
        for i, (text, label) in enumerate(zip(texts, labels)):
            if label is None and len(text) <= USER_PHRASE_MAX_CHARS and not is_prose(text):
                folded = fold_phrase(text)
                for category, wanted in phrases:
                    if any(p in folded for p in wanted):
                        labels[i] = (category, "user.phrase")
                        break
    if rules.off or rules.keep:
        for i, label in enumerate(labels):
            if label is not None and (label[0] in rules.keep or _is_off(label[1], rules.off)):
                labels[i] = None
