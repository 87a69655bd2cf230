"""Dates in the text, resolved against the article's publication date.

`DateResolver.scan` finds date expressions in a stretch of text and resolves each to
an ISO date cut to its precision ("2001", "2021-03", "2021-03-09"), with an end date
for ranges ("since 2016", "from 2001 to 2014", "in the fall of 2001", "last week").
Absolute dates resolve without a publication date; relative ones ("yesterday", "last
year", "in March", "on Tuesday") need it and stay unresolved without it; "two days
later" counts from the previous day-precise date the resolver saw, in reading order.
No date is better than a wrong one: an expression the rules cannot pin down gives
``date=None`` with its text kept.

`dateline` reads a wire-style dateline at the head of an article, e.g.
"KABUL, Afghanistan (Jan. 25, 2013)", as the publication date.

    >>> r = DateResolver("2021-09-09", "day")
    >>> [(d.text, d.date) for d in r.scan("In March the talks stalled; two days later, on March 5, they resumed.")]
    [('In March', '2021-03'), ('on March 5', '2021-03-05')]
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from newsgraph.model import Precision

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a couple of": 2,
    "a few": None,
    "several": None,
}
# Seasons as month ranges (northern hemisphere, as news writes them).
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "winter": (12, 2),
}

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_YEAR2 = _YEAR.replace("?P<year>", "?P<year2>")
_NUM = r"(?P<num>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a couple of)"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PREP = r"(?:(?P<prep>since|from|until|till|by|before|after|in|on|during|through|throughout|as of|starting|beginning|between|early|late|mid-?|last|this|next|of|at the (?:start|end|beginning) of)(?:(?<=-)\s*|\s+))?"

# Ordered: longer and more specific forms first. Each names its resolver.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "range_years",
        re.compile(
            r"\b(?:(?P<kw>from|between)\s+)"
            + _YEAR
            + r"\s+(?:to|and|until|till|through)\s+"
            + _YEAR2
            + r"\b",
            re.I,
        ),
    ),
    ("range_years_dash", re.compile(r"\b" + _YEAR + r"\s?[-–]\s?" + _YEAR2 + r"\b")),
    ("mdy", re.compile(_PREP + r"\b" + _MON + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I)),
    (
        "dmy",
        re.compile(_PREP + r"\b" + _DAY + r"\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + r"\b", re.I),
    ),
    (
        "season",
        re.compile(
            r"\b(?:(?:in|during|since|by|until)\s+)?(?:the\s+)?(?P<part>early|late|mid-?)?\s*(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?"
            + _YEAR
            + r"\b",
            re.I,
        ),
    ),
    ("my", re.compile(_PREP + r"\b" + _MON + r",?\s+(?:of\s+)?" + _YEAR + r"\b", re.I)),
    (
        "decade",
        re.compile(
            r"\b(?:(?P<prep>in|since|during|by|until|through)\s+)?(?:the\s+)?(?:(?P<part>early|late|mid-?)\s*)?(?P<decade>(?:1[89]|20)\d0)'?s\b",
            re.I,
        ),
    ),
    ("ago", re.compile(r"\b" + _NUM + r"\s+" + _UNIT + r"\s+ago\b", re.I)),
    (
        "later",
        re.compile(
            r"\b"
            + _NUM
            + r"\s+"
            + _UNIT
            + r"\s+(?P<dir>later|after|afterwards|earlier|before|on)\b",
            re.I,
        ),
    ),
    (
        "nextday",
        re.compile(
            r"\bthe\s+(?P<which>next|following|previous|preceding|same)\s+(?P<unit>day|morning|evening|night|week|month|year)\b",
            re.I,
        ),
    ),
    (
        "daybefore",
        re.compile(
            r"\bthe\s+(?P<unit>day|week|month|year)\s+(?P<dir>before|after|earlier|later)\b", re.I
        ),
    ),
    (
        "relunit",
        re.compile(
            r"\b(?P<part>earlier|later)?\s*(?P<which>last|this|next|past|previous|coming)\s+(?P<unit>week|month|year|decade|weekend)\b",
            re.I,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"\b(?P<word>today|tonight|yesterday|tomorrow|last night|overnight|this (?:morning|afternoon|evening)|earlier today|the day before yesterday)\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<which>last|this|next|on|late|early)\s+)?"
            + _WD
            + r"(?:\s+(?:morning|afternoon|evening|night))?\b",
            re.I,
        ),
    ),
    ("md", re.compile(_PREP + r"\b" + _MON + r"\s+" + _DAY + r"\b(?!,?\s*\d)(?!:)", re.I)),
    ("dm", re.compile(_PREP + r"\b" + _DAY + r"\s+(?:of\s+)?" + _MON + r"\b(?!,?\s*\d)", re.I)),
    (
        "month",
        re.compile(
            r"\b(?P<prep>since|from|until|till|by|before|after|in|during|through|early|late|mid-?|last|this|next|of|on)(?:(?<=-)\s*|\s+)"
            + _MON
            + r"\b(?!\s*\d)",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?P<prep>since|from|until|till|by|before|after|in|during|through|throughout|early|late|mid-?|of|circa|around|the)(?:(?<=-)\s*|\s+)"
            + _YEAR
            + r"\b(?![-–]?\d)(?!\s*(?:people|soldiers|troops|men|women|fighters|civilians|residents|dollars|km|miles|kilometres|kilometers|metres|meters|tons|tonnes|cases|deaths|votes|members|children|families|refugees|%))",
            re.I,
        ),
    ),
    ("nine_eleven", re.compile(r"\b9/11\b")),
]


# What each rule cannot match without: a sentence is read once for these words and a rule
# runs only where all it needs is present (most sentences name no date; running every rule
# over every sentence was the largest part of the event stage's own time). A digit is read
# either as part of a year-like number (`year`: every rule that names a year needs one,
# wherever it stands) or alone (`digit`), so a rule that needs any digit accepts either.
_FEATURES = re.compile(
    r"(?P<year>(?:1[89]|20)\d\d)|(?P<digit>\d)|\b(?:"
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
    r"|(?P<season>spring|summer|fall|autumn|winter)"
    r"|(?P<ago>ago)"
    r"|(?P<unit>(?:day|week|month|year|decade|weekend|morning|evening|night)s?)"
    r"|(?P<deictic>today|tonight|yesterday|tomorrow|overnight|afternoon)"
    r"|(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r")\b",
    re.I,
)
_NEEDS: dict[str, tuple[frozenset[str], ...]] = {  # any one of the sets, all of its words
    "iso": (frozenset({"year"}),),
    "range_years": (frozenset({"year"}),),
    "range_years_dash": (frozenset({"year"}),),
    "mdy": (frozenset({"year", "month"}),),
    "dmy": (frozenset({"year", "month"}),),
    "season": (frozenset({"year", "season"}),),
    "my": (frozenset({"year", "month"}),),
    "decade": (frozenset({"year"}),),
    "ago": (frozenset({"ago", "unit"}),),
    "later": (frozenset({"unit"}),),
    "nextday": (frozenset({"unit"}),),
    "daybefore": (frozenset({"unit"}),),
    "relunit": (frozenset({"unit"}),),
    "deictic": (frozenset({"deictic"}), frozenset({"unit"})),
    "weekday": (frozenset({"weekday"}),),
    "md": (frozenset({"digit", "month"}), frozenset({"year", "month"})),
    "dm": (frozenset({"digit", "month"}), frozenset({"year", "month"})),
    "month": (frozenset({"month"}),),
    "year": (frozenset({"year"}),),
    "nine_eleven": (frozenset({"digit"}), frozenset({"year"})),
}
assert set(_NEEDS) == {name for name, _ in _RULES}


# Every feature is a run of word characters bounded by non-word ones (a year or a digit
# inside a longer run included), so the features of a text are the union of those of its
# word runs. Most runs recur from sentence to sentence ("the", "said", "2021"): each run's
# features are read once and kept, which costs a fraction of scanning every sentence with
# `_FEATURES` (the scan was most of the date rules' time). Bounded like the token tables.
_WORD_RUN = re.compile(r"\w+")
_NO_FEATURES: frozenset[str] = frozenset()
_RUN_FEATURES: dict[str, frozenset[str]] = {}
_MAX_RUNS = 100_000
_RULES_BY_FEATURES: dict[frozenset[str], list[tuple[str, re.Pattern[str]]]] = {}


def _features(text: str) -> frozenset[str]:
    """The `_FEATURES` groups that match somewhere in `text`."""
    present: set[str] = set()
    known = _RUN_FEATURES
    for run in set(_WORD_RUN.findall(text)):
        found = known.get(run)
        if found is None:
            found = frozenset(m.lastgroup for m in _FEATURES.finditer(run)) or _NO_FEATURES
            if len(known) >= _MAX_RUNS:
                known.clear()
            known[run] = found
        if found:
            present |= found
    return frozenset(present)


def _rules_for(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The rules that can match somewhere in `text`."""
    present = _features(text)
    rules = _RULES_BY_FEATURES.get(present)
    if rules is None:  # at most one list per combination of the eight features
        rules = [(n, rx) for n, rx in _RULES if any(need <= present for need in _NEEDS[n])]
        _RULES_BY_FEATURES[present] = rules
    return rules


@dataclass(frozen=True)
class DateRef:
    """A date expression found in the text and what it resolves to."""

    start: int
    end: int
    text: str
    date: str | None
    date_end: str | None
    precision: Precision | None
    relative: bool  # needed the publication date or an earlier date


def _iso(d: date, precision: Precision) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def parse_iso(value: str | None) -> tuple[date, Precision] | None:
    """('2021-03', ...) -> (date(2021, 3, 1), 'month'); None when not a date."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip()[:10])
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return date(y, int(mo), int(d)), "day"
        if mo:
            return date(y, int(mo), 1), "month"
        return date(y, 1, 1), "year"
    except ValueError:
        return None


def period_end(value: str) -> date | None:
    """The last day of the period an ISO date names ('2021-02' -> 2021-02-28)."""
    parsed = parse_iso(value)
    if parsed is None:
        return None
    d, precision = parsed
    if precision == "year":
        return date(d.year, 12, 31)
    if precision == "month":
        return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return d


def _shift_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


class DateResolver:
    """Resolves the date expressions of one document, in reading order.

    `published` is the ISO publication date (any precision) or None.
    """

    def __init__(self, published: str | None, precision: Precision | None = None) -> None:
        parsed = parse_iso(published)
        self.anchor: date | None = parsed[0] if parsed else None
        self.anchor_precision: Precision | None = precision or (parsed[1] if parsed else None)
        self.previous: tuple[date, Precision] | None = (
            None  # last resolved date, for "two days later"
        )

    # ------------------------------------------------------------------ public
    def scan(self, text: str, offset: int = 0) -> list[DateRef]:
        """Date expressions in `text` (offsets shifted by `offset`), resolved."""
        taken: list[tuple[int, int, str, re.Match[str]]] = []
        for name, rx in _rules_for(text):
            for m in rx.finditer(text):
                s, e = m.span()
                # drop leading spaces and articles the optional groups may leave
                while s < e and text[s].isspace():
                    s += 1
                if text[s : s + 4].lower() == "the ":
                    s += 4
                if any(s < te and ts < e for ts, te, _, _ in taken):
                    continue
                if name in ("month", "md", "mdy", "my") and not self._month_word_ok(text, m):
                    continue
                taken.append((s, e, name, m))
        found: list[DateRef] = []
        # resolve in reading order: "two days later" counts from the date before it
        for s, e, name, m in sorted(taken, key=lambda x: x[0]):
            ref = getattr(self, "_r_" + name)(m)
            if ref is None:
                continue
            dt, dt_end, precision, relative = ref
            found.append(
                DateRef(offset + s, offset + e, text[s:e], dt, dt_end, precision, relative)
            )
            parsed = parse_iso(dt) if dt and precision else None
            if parsed:
                self.previous = parsed
        return found

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _month_word_ok(text: str, m: re.Match[str]) -> bool:
        """'May' and 'March' are also words: accept them capitalised only."""
        word = m.group("mon")
        return word[0].isupper()

    def _need_anchor(self, precision: Precision) -> bool:
        order = {"year": 0, "month": 1, "day": 2}
        return self.anchor is not None and order[self.anchor_precision or "day"] >= order[precision]

    def _infer_year(self, month: int, day: int | None) -> int | None:
        """Year of a month (and day) given without one: the most recent one not after
        the publication date (news mostly reports the past), allowing a week ahead."""
        if not self._need_anchor("month"):
            return None
        assert self.anchor is not None
        year = self.anchor.year
        probe = _safe_date(year, month, day or 1)
        if probe is None:
            return None
        if probe > self.anchor + timedelta(days=7):
            year -= 1
        return year

    def _since(self, m: re.Match[str], d: date, precision: Precision):
        prep = (m.groupdict().get("prep") or "").lower()
        if prep in ("since", "starting", "beginning", "as of") and self.anchor is not None:
            return _iso(d, precision), _iso(self.anchor, precision)
        return _iso(d, precision), None

    # ------------------------------------------------------------------ resolvers
    def _r_iso(self, m):
        d = _safe_date(int(m["year"]), int(m["m"]), int(m["d"]))
        return (d.isoformat(), None, "day", False) if d else None

    def _r_range_years(self, m):
        a, b = int(m["year"]), int(m["year2"])
        return (str(a), str(b), "year", False) if a <= b else None

    def _r_range_years_dash(self, m):
        a, b = int(m["year"]), int(m["year2"])
        return (str(a), str(b), "year", False) if a < b <= a + 60 else None

    def _r_mdy(self, m):
        d = _safe_date(int(m["year"]), _MONTHS[m["mon"].lower().rstrip(".")], int(m["day"]))
        if d is None:
            return None
        start, end = self._since(m, d, "day")
        return start, end, "day", False

    _r_dmy = _r_mdy

    def _r_season(self, m):
        first, last = _SEASONS[m["season"].lower()]
        year = int(m["year"])
        start = date(year, first, 1)
        end = date(year + 1 if last < first else year, last, 1)
        return _iso(start, "month"), _iso(end, "month"), "month", False

    def _r_my(self, m):
        d = date(int(m["year"]), _MONTHS[m["mon"].lower().rstrip(".")], 1)
        start, end = self._since(m, d, "month")
        return start, end, "month", False

    def _r_decade(self, m):
        y = int(m["decade"])
        if y % 10:
            return None
        part = (m["part"] or "").lower().rstrip("-")
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part, (0, 9))
        if (m["prep"] or "").lower() == "since" and self.anchor is not None:
            return str(y + lo), str(self.anchor.year), "year", False
        return str(y + lo), str(y + hi), "year", False

    def _count(self, m) -> int | None:
        raw = m["num"].lower()
        return int(raw) if raw.isdigit() else _NUMBERS.get(raw)

    def _offset(self, base: date, n: int, unit: str) -> tuple[date, Precision]:
        unit = unit.lower()
        if unit == "day":
            return base + timedelta(days=n), "day"
        if unit == "week":
            return base + timedelta(weeks=n), "day"
        if unit == "month":
            return _shift_months(base, n), "month"
        if unit == "year":
            return date(base.year + n, 1, 1), "year"
        return date(base.year + 10 * n, 1, 1), "year"

    def _r_ago(self, m):
        n = self._count(m)
        unit = m["unit"].lower()
        if n is None or unit == "decade" and n > 20:
            return None
        need: Precision = (
            "day" if unit in ("day", "week") else ("month" if unit == "month" else "year")
        )
        if not self._need_anchor(need):
            return None, None, None, True
        assert self.anchor is not None
        d, precision = self._offset(self.anchor, -n, unit)
        return _iso(d, precision), None, precision, True

    def _r_later(self, m):
        n = self._count(m)
        unit = m["unit"].lower()
        sign = -1 if m["dir"].lower() in ("earlier", "before") else 1
        if m["dir"].lower() == "on":
            sign = 1
        need: Precision = (
            "day" if unit in ("day", "week") else ("month" if unit == "month" else "year")
        )
        prev = self.previous
        order = {"year": 0, "month": 1, "day": 2}
        if n is None or prev is None or order[prev[1]] < order[need]:
            return None, None, None, True
        d, precision = self._offset(prev[0], sign * n, unit)
        return _iso(d, precision), None, precision, True

    def _r_nextday(self, m):
        which, unit = m["which"].lower(), m["unit"].lower()
        prev = self.previous
        if unit in ("morning", "evening", "night"):
            unit = "day"
        need: Precision = (
            "day" if unit in ("day", "week") else ("month" if unit == "month" else "year")
        )
        order = {"year": 0, "month": 1, "day": 2}
        if prev is None or order[prev[1]] < order[need]:
            return None, None, None, True
        n = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "same": 0}[which]
        if unit == "week":
            return None, None, None, True
        d, precision = self._offset(prev[0], n, unit)
        return _iso(d, precision), None, precision, True

    def _r_daybefore(self, m):
        unit, direction = m["unit"].lower(), m["dir"].lower()
        prev = self.previous
        if prev is None or unit == "week" or (unit == "day" and prev[1] != "day"):
            return None, None, None, True
        n = -1 if direction in ("before", "earlier") else 1
        d, precision = self._offset(prev[0], n, unit)
        return _iso(d, precision), None, precision, True

    def _r_relunit(self, m):
        which, unit = m["which"].lower(), m["unit"].lower()
        n = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
        if unit == "decade":
            return None, None, None, True  # "the past decade" is a span, not a date
        need: Precision = "day" if unit in ("week", "weekend") else unit  # type: ignore[assignment]
        if not self._need_anchor(need):
            return None, None, None, True
        assert self.anchor is not None
        a = self.anchor
        if unit in ("week", "weekend"):
            monday = a - timedelta(days=a.weekday()) + timedelta(weeks=n)
            if unit == "weekend":
                sat = monday + timedelta(days=5)
                return sat.isoformat(), (sat + timedelta(days=1)).isoformat(), "day", True
            return monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "day", True
        if unit == "month":
            return _iso(_shift_months(date(a.year, a.month, 1), n), "month"), None, "month", True
        return str(a.year + n), None, "year", True

    def _r_deictic(self, m):
        word = m["word"].lower()
        if not self._need_anchor("day"):
            return None, None, None, True
        assert self.anchor is not None
        shift = {
            "yesterday": -1,
            "last night": -1,
            "overnight": -1,  # news convention: the night before publication
            "tomorrow": 1,
            "the day before yesterday": -2,
        }.get(word, 0)
        return (self.anchor + timedelta(days=shift)).isoformat(), None, "day", True

    def _r_weekday(self, m):
        which = (m["which"] or "").lower()
        if not which and not m.group(0)[0].isupper():
            return None
        if not self._need_anchor("day"):
            return None, None, None, True
        assert self.anchor is not None
        target = _WEEKDAYS[m["wd"].lower()]
        back = (self.anchor.weekday() - target) % 7
        if which == "next":
            fwd = (target - self.anchor.weekday()) % 7 or 7
            d = self.anchor + timedelta(days=fwd)
        elif which == "last":
            d = self.anchor - timedelta(days=back or 7)
        else:
            d = self.anchor - timedelta(days=back)
        return d.isoformat(), None, "day", True

    def _r_md(self, m):
        month, day = _MONTHS[m["mon"].lower().rstrip(".")], int(m["day"])
        if not 1 <= day <= 31:
            return None
        year = self._infer_year(month, day)
        if year is None:
            return None, None, None, True
        d = _safe_date(year, month, day)
        if d is None:
            return None
        start, end = self._since(m, d, "day")
        return start, end, "day", True

    _r_dm = _r_md

    def _r_month(self, m):
        month = _MONTHS[m["mon"].lower().rstrip(".")]
        prep = m["prep"].lower()
        if not self._need_anchor("month"):
            return None, None, None, True
        assert self.anchor is not None
        if prep == "last":
            year = self.anchor.year if month < self.anchor.month else self.anchor.year - 1
        elif prep == "next":
            year = self.anchor.year if month > self.anchor.month else self.anchor.year + 1
        elif prep == "this":
            year = self.anchor.year
        else:
            year = self._infer_year(month, None)
            if year is None:
                return None, None, None, True
        start, end = self._since(m, date(year, month, 1), "month")
        return start, end, "month", True

    def _r_year(self, m):
        y = int(m["year"])
        if self.anchor is not None and y > self.anchor.year + 10:
            return None
        start, end = self._since(m, date(y, 1, 1), "year")
        return start, end, "year", False

    def _r_nine_eleven(self, m):
        return "2001-09-11", None, "day", False


# --------------------------------------------------------------------------- dateline
_DATELINE_PAREN = re.compile(
    r"^\s*[A-Z][A-Za-z .'\-]{1,40}(?:,\s*[A-Z][A-Za-z .'\-]{1,40})?\s*\((?P<inner>[^)]{3,40})\)",
    re.M,
)
_DATELINE_COMMA = re.compile(
    r"^\s*[A-Z][A-Z .'\-]{1,40},\s*(?:[A-Z][A-Za-z .'\-]{1,40},\s*)?(?P<inner>"
    + _MON.replace("?P<mon>", "?:")
    + r"\s+[0-3]?\d(?:,\s*(?:1[89]|20)\d\d)?)\b",
    re.M | re.I,
)


# A title or first line that is, or ends in, a date: "June 15: Operations in ...",
# "Operational Update, Feb. 8, 2011".
_DATELINE_TITLE = re.compile(
    r"^(?:(?P<inner>" + _MON.replace("?P<mon>", "?:") + r"\s+[0-3]?\d(?:,\s*(?:1[89]|20)\d\d)?)\s*:"
    r"|[^\n]{0,80}?,\s*(?P<inner2>"
    + _MON.replace("?P<mon>", "?:")
    + r"\s+[0-3]?\d,\s*(?:1[89]|20)\d\d)\s*$)",
    re.M | re.I,
)


def dateline(text: str, default_year: int | None = None) -> tuple[str, Precision] | None:
    """The publication date a wire-style dateline states, as (ISO date, precision).

    Reads the first lines only: "KABUL, Afghanistan (Jan. 25, 2013)", "MOSCOW, March 3,
    2022 (Reuters) -", "GENEVA, Oct 2 -". A dateline without a year resolves only when
    `default_year` is given.

    >>> dateline("KABUL, Afghanistan (Jan. 25, 2013)\\nDuring an operation ...")
    ('2013-01-25', 'day')
    """
    found = _find_dateline(text, default_year)
    return found[0] if found else None


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the dateline stands in `text` (so that it is not read as an event's date)."""
    found = _find_dateline(text, 2000)
    return found[1] if found else None


def _find_dateline(text: str, default_year: int | None):
    # Unicode line and paragraph separators end lines too (copied PDFs are full of them)
    head = text[:600].replace("\u2028", "\n").replace("\u2029", "\n")
    for rx in (_DATELINE_PAREN, _DATELINE_COMMA, _DATELINE_TITLE):
        for m in rx.finditer(head):
            inner = m.groupdict().get("inner") or m.groupdict().get("inner2")
            if not inner:
                continue
            found = _absolute_date(inner, default_year)
            if found:
                return found, m.span()
    return None


_ABS = re.compile(r"^\s*" + _MON + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?\s*$", re.I)
_ABS_DMY = re.compile(r"^\s*" + _DAY + r"\s+" + _MON + r"(?:,?\s+" + _YEAR + r")?\s*$", re.I)


def _absolute_date(inner: str, default_year: int | None) -> tuple[str, Precision] | None:
    for rx in (_ABS, _ABS_DMY):
        m = rx.match(inner)
        if m:
            year = int(m["year"]) if m["year"] else default_year
            if year is None:
                return None
            d = _safe_date(year, _MONTHS[m["mon"].lower().rstrip(".")], int(m["day"]))
            return (d.isoformat(), "day") if d else None
    if not re.search(r"(?:1[89]|20)\d\d", inner) or re.search(r"[A-Za-z]{12,}", inner):
        return None
    # other spellings ("25.01.2013", "2013/01/25"): dateparser, strictly
    import dateparser

    parsed = dateparser.parse(
        inner, languages=["en"], settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"}
    )
    return (parsed.date().isoformat(), "day") if parsed else None
