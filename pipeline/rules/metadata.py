"""Byline and date recognition for the top of an article.

A byline is a short line naming a person ("By Jane Doe", "Jane Doe 14 July 2015",
"Von Max Muster | 3. Mai 2020") or only a date. Names are recognised by shape (two to
four capitalised words), never from a list of people.
"""
from __future__ import annotations

import datetime as _dt
import re

from pipeline.rules import lexicons as L

_MONTH_NAMES = "|".join(sorted((re.escape(m) for m in L.MONTHS), key=len, reverse=True))

# Day Month Year: "14 July 2015", "3. Mai 2020", "14 de julio de 2015", "5 maja 2021"
_DMY = re.compile(rf"\b(\d{{1,2}})\.?\s+(?:de\s+)?({_MONTH_NAMES})\.?,?\s+(?:de\s+)?(\d{{4}})\b", re.I)
# Month Day, Year: "July 14, 2015"
_MDY = re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
# ISO: "2015-07-14"
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)")
# Numeric European: "14.07.2015", "14/07/2015"
_NUM = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")

DATE_PATTERNS = (_ISO, _DMY, _MDY, _NUM)
# A time of day right after a date: "14 July 2015, 14:30", "3. Mai 2020 um 9.05 Uhr",
# "July 14, 2015 at 2:30 pm", "2015-07-14T14:30:00+02:00"; then perhaps a zone.
_TIME_AFTER = re.compile(
    r"(?:T|,?\s*(?:um|at|à|a las|alle|o|godz\.?|[,|–—-])?\s*)"
    r"(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?!\w))?(?:\s*(?:Uhr|h)(?!\w))?"
    r"(?:\s*(?P<zone>Z|(?:UTC|GMT)?\s?[+-]\d{1,2}(?::?\d{2})?|UTC|GMT)(?![\w:]))?", re.I)
_OFFSET = re.compile(r"(?:UTC|GMT)?\s?([+-])(\d{1,2})(?::?(\d{2}))?", re.I)
# Every date pattern holds a four-digit year: a text without one skips them all
# (the month-name alternations are slow to try at every position).
_YEAR = re.compile(r"\d{4}")

# A person's name by shape: 2-4 capitalised words, allowing particles and hyphens.
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.-]*"
_PARTICLE = r"(?:van|von|der|de|den|da|di|du|del|la|le|dos|das|y|e|bin|al)"
# Lower-case words a byline's names may hold: particles and the joining "and".
NAME_JOINERS = frozenset("van von der de den da di du del la le dos das y e bin al and und et i en".split())
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{1,3}}"
_NAMES = rf"{NAME}(?:\s*(?:,|and|und|et|y|e|i|en|&)\s*{NAME})*"
_SEP = r"\s*(?:[|•·,–—-]|\bon\b|\bam\b|\ble\b|\bel\b|\bil\b)?\s*"

# "By Jane Doe", "Von Max Muster", optionally followed by a date or a role.
BY_LINE = re.compile(rf"^\W*(?:{L.BY_WORDS})\s*:?\s+(?P<author>{_NAMES})(?P<rest>.*)$", re.I)
# A credit line on its own: "By Jane Doe", "Von Max Muster und Erika Muster, dpa".
SIGNATURE_LINE = re.compile(
    rf"^\W*(?:{L.BY_WORDS})\s*:?\s+(?P<author>{_NAMES})(?:\s*[,|–—-]\s*[\w .'’-]{{0,40}})?\W*$", re.I)
# "Jane Doe 14 July 2015" / "Jane Doe | 2015-07-14"
NAME_DATE_LINE = re.compile(rf"^\W*(?P<author>{_NAMES}){_SEP}(?P<rest>.+)$")


def _first_date(text: str) -> tuple[re.Match, _dt.date] | None:
    """The first date pattern that matches ``text`` and names a real day."""
    if _YEAR.search(text) is None:
        return None
    for pat in DATE_PATTERNS:
        m = pat.search(text)
        if not m:
            continue
        try:
            if pat is _ISO:
                y, mo, d = int(m[1]), int(m[2]), int(m[3])
            elif pat is _DMY:
                d, mo, y = int(m[1]), L.MONTHS[m[2].lower()], int(m[3])
            elif pat is _MDY:
                mo, d, y = L.MONTHS[m[1].lower()], int(m[2]), int(m[3])
            else:
                d, mo, y = int(m[1]), int(m[2]), int(m[3])
            return m, _dt.date(y, mo, d)
        except (ValueError, KeyError):
            continue
    return None


def parse_date(text: str) -> str | None:
    """Return the first date in ``text`` as ISO 8601 (YYYY-MM-DD), or None."""
    found = _first_date(text)
    return found[1].isoformat() if found else None


def date_wording(text: str) -> str | None:
    """The first date in ``text`` as it is written there, with the time of day and
    zone that follow it: what the ``date_text`` column keeps."""
    found = _first_date(text)
    if not found:
        return None
    m = found[0]
    t = _TIME_AFTER.match(text, m.end())
    return text[m.start():t.end() if t else m.end()].strip()


def to_utc(wording: str | None) -> _dt.datetime | None:
    """A date's wording as a UTC instant. A time of day is kept when written; with a
    zone or offset it is converted to UTC, without one it is taken as UTC as written
    (the day stays the one the page shows). No time: midnight UTC."""
    if not wording:
        return None
    found = _first_date(wording)
    if not found:
        return None
    m, day = found
    hour = minute = second = 0
    zone = None
    t = _TIME_AFTER.match(wording, m.end())
    if t:
        hour, minute, second = int(t["h"]), int(t["mi"]), int(t["s"] or 0)
        ampm = (t["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        zone = t["zone"]
        if hour > 23 or minute > 59 or second > 59:
            hour = minute = second = 0
            zone = None
    stamp = _dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=_dt.timezone.utc)
    off = _OFFSET.fullmatch(zone) if zone else None
    if off:
        delta = _dt.timedelta(hours=int(off[2]), minutes=int(off[3] or 0))
        stamp = stamp - delta if off[1] == "+" else stamp + delta
    return stamp


def is_only_date(text: str) -> bool:
    """A dateline: the block is a date and little else (weekday, time, separators)."""
    if _YEAR.search(text) is None:
        return False
    for pat in DATE_PATTERNS:
        m = pat.search(text)
        if m:
            rest = (text[: m.start()] + text[m.end():]).strip(" ,.|-–—:")
            return len(rest) <= 25 and not re.search(r"[.!?]\s*$", rest)
    return False


def parse_byline(text: str) -> tuple[str | None, str | None] | None:
    """(author, date) when ``text`` is a byline, else None; the date as it is written
    (``date_wording``)."""
    text = text.strip()
    m = BY_LINE.match(text)
    if m:
        rest = m["rest"]
        # "By Jane Doe, who has covered health for a decade." is prose, not a byline.
        if rest and not (parse_date(rest) or len(rest.strip(" ,|•·-–—")) <= 40):
            return None
        return _clean_author(m["author"]), date_wording(rest) if rest else None
    date = date_wording(text)
    if date:
        m = NAME_DATE_LINE.match(text)
        if m and parse_date(m["rest"]) and is_only_date(m["rest"]):
            return _clean_author(m["author"]), date
        if is_only_date(text):
            return None, date
    return None


def _clean_author(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,|•·-–—")
