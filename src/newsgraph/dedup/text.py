"""Preprocess: the text views the copy finder compares.

Everything here is language-agnostic on purpose: copies arrive in any language,
and the same normalisation must hold for a Russian original and its English
translation. Words are Unicode ``\\w+`` runs, lower-cased after NFKC folding.

>>> words("The U.S. said: «Hello», world!")
['the', 'u', 's', 'said', 'hello', 'world']
>>> [s for s, e in split_sentences("One here. Two there!\\nThree")]
[0, 10, 21]
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)
# A sentence ends at . ! ? … (optionally followed by closing quotes or brackets)
# when white space and an opening capital, digit or quote follow.
_SENTENCE_END = re.compile(r"""[.!?…]+["'»”’)\]]*\s+(?=["'«“‘(\[]?[\d\w])""", re.UNICODE)
# Tokens after which a full stop does not end a sentence (initials, titles).
_NO_BREAK_AFTER = re.compile(
    r"^(?:\w|mr|mrs|ms|dr|st|gen|sen|rep|gov|lt|col|sgt|capt|prof|vs|jan|feb|mar|apr|jun|jul|"
    r"aug|sep|sept|oct|nov|dec|inc|corp|co|ltd|jr|sr|u\.s|u\.n|e\.g|i\.e|etc|г|гг|т\.е|им|ул|др)\.$",
    re.IGNORECASE | re.UNICODE,
)


def fold(text: str) -> str:
    """NFKC-fold and lower-case (typographic variants compare equal)."""
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    """The lower-cased word tokens of `text`."""
    return _WORD.findall(fold(text))


def normal_form(text: str) -> str:
    """Words joined by single spaces: two texts are `exact` copies when these agree."""
    return " ".join(words(text))


def normal_hash(text: str) -> str:
    """Stable hash of `normal_form`, indexed to find exact copies without LSH."""
    return hashlib.sha256(normal_form(text).encode("utf-8")).hexdigest()[:32]


def shingles(tokens: list[str], size: int) -> set[bytes]:
    """Word n-grams of `size` as bytes (short texts give one shingle of all their words)."""
    if len(tokens) < size:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)}


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`.

    Lines are units of their own (scraped text and wire copy put headings, bylines and
    paragraphs on lines); inside a line a sentence ends at terminal punctuation followed by
    a capital, a digit or an opening quote, except after initials and common abbreviations.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base = line.start()
        chunk = line.group()
        start = 0
        for m in _SENTENCE_END.finditer(chunk):
            head = chunk[start : m.start() + 1].split()
            if (
                m.group().startswith(". ")
                and head
                and _NO_BREAK_AFTER.match(head[-1].lstrip("(\"'«“"))
            ):
                continue
            _add_span(spans, chunk, base, start, m.end())
            start = m.end()
        _add_span(spans, chunk, base, start, len(chunk))
    return spans


def _add_span(spans: list[tuple[int, int]], chunk: str, base: int, start: int, end: int) -> None:
    piece = chunk[start:end]
    stripped = piece.strip()
    if not stripped or not _WORD.search(stripped):
        return
    lead = len(piece) - len(piece.lstrip())
    spans.append((base + start + lead, base + start + lead + len(stripped)))


def lead_text(text: str, max_words: int, min_line_words: int) -> str:
    """The opening of the article proper: the first `max_words` words of its body.

    Headlines, bylines, dates and section labels at the top differ between copies of one
    article far more than its first paragraph does, so the lead starts at the first of the
    top lines that reads like prose (at least `min_line_words` words, ending like a
    sentence), and later lines shorter than that are skipped.
    """
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    prose = [(start, line) for start, line in lines if len(line.split()) >= min_line_words]
    if not prose:  # a text of short lines only: use what there is
        return " ".join(text.split()[:max_words])
    first = next(
        (start for start, line in prose[:5] if line.rstrip()[-1:] in _TERMINAL), prose[0][0]
    )
    taken: list[str] = []
    for start, line in prose:
        if start < first:
            continue
        taken.extend(line.split())
        if len(taken) >= max_words:
            break
    return " ".join(taken[:max_words])


_TERMINAL = set(".!?…\"'»”’)")


@lru_cache(maxsize=1)
def _langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text` by py3langid, or None when too short or unsure."""
    sample = text[:3000]
    if len(_WORD.findall(sample)) < 5:
        return None
    lang, prob = _langid().classify(sample)
    return lang if prob >= 0.8 else None
