"""spaCy's attribute ruler with a vectorised matcher: the same rules, the same result.

The English pipelines map each fine-grained tag (and some words) to a coarse part of
speech, morphology and lemma with an `AttributeRuler` of a few hundred rules. spaCy
runs them through its general `Matcher`, which tries every rule at every token: about
a tenth of the whole pipeline's time on news text, more than the tagger and lemmatizer
together. Yet these rules are plain: each token of a rule's pattern asks for exact
values of a few attributes (``{"TAG": "VBG"}``, ``{"LOWER": "ca", "TAG": "MD"}``), for a
value in or not in a list, or for a regular expression, with no operators.

`VectorAttributeRuler` is that component with another `match`. It reads the attributes
the rules ask about into one array per document (`Doc.to_array`), finds the matches of
the one-token rules of exact values (`IN` lists multiplied out into keys) with one
sorted lookup per set of attributes, and those of the other patterns with array
comparisons (a regular expression is tried only on the tokens the rest of its pattern
allows). It returns exactly what spaCy's `AttributeRuler.match` returns (the same
`(rule, key, start, end)` matches, de-duplicated and in the same order), and spaCy's own
`set_annotations` applies them. Rules it cannot read this way (operators, other
predicates, extension attributes, attributes outside `_READABLE`, an index outside its
pattern) make it use spaCy's matcher for the whole rule set, so a pipeline it does not
understand still gets spaCy's result.

`speed_up_rules(nlp)` swaps it in for a loaded pipeline's ``attribute_ruler``; the
benchmark's spaCy run loads the pipeline unchanged (`bench.harness`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id

FACTORY = "newsgraph_attribute_ruler"

# Attributes whose value `Doc.to_array` reads the way the Matcher compares it (both go
# through `Token.get_struct_attr`): strings (hashed) and boolean lexeme flags.
_STRINGS = ("ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "POS", "DEP", "LEMMA")
_FLAGS = ("IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE",
          "IS_UPPER", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE",
          "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY")  # fmt: skip
_READABLE = frozenset(_STRINGS) | frozenset(_FLAGS)

# Mixing the columns of a multi-attribute key into one uint64 (wrapping): a lookup
# candidate, which is then checked column by column, so a collision cannot give a
# false match.
_MIX = np.uint64(0x9E3779B97F4A7C15)

# A one-token pattern whose `IN` lists multiply out to more keys than this is matched
# as a general pattern instead of through the key table.
_MAX_KEYS = 4096

# One condition on one token: (attribute, kind, value) with kind "eq" (a hash), "in" or
# "not_in" (a tuple of hashes) or "re" (a regular expression on the attribute's text).
Condition = tuple[str, str, object]


@dataclass(frozen=True)
class _Single:
    """The one-token patterns of exact values (`IN` lists multiplied out) that ask about
    the same columns: sorted mixed keys, each key's column values, and the rules
    (ascending) each key belongs to."""

    columns: tuple[int, ...]
    mixed: np.ndarray  # (k,) uint64, sorted, unique
    values: np.ndarray  # (k, len(columns)) uint64
    rules: tuple[tuple[int, ...], ...]  # per key


@dataclass(frozen=True)
class _Pattern:
    """Any other pattern: its length and its conditions as (offset, column, kind, value),
    regular expressions last, so that they run only where the rest of the pattern holds."""

    rule: int
    length: int
    conditions: tuple[tuple[int, int, str, object], ...]


@dataclass(frozen=True)
class _Compiled:
    attrs: tuple[int, ...]  # the attribute ids read per document, in column order
    singles: tuple[_Single, ...]
    patterns: tuple[_Pattern, ...]
    keys: tuple[int, ...]  # per rule, the match key (the hash of str(rule))


def _mix(values: np.ndarray) -> np.ndarray:
    """(n, c) uint64 -> (n,) uint64, one wrapping hash per row."""
    out = values[:, 0].copy()
    for column in range(1, values.shape[1]):
        out = out * _MIX ^ values[:, column]
    return out


def _conditions(spec: object, strings) -> tuple[Condition, ...] | None:
    """A pattern token's conditions as the Matcher tests them, or None when the token
    asks for anything else (operators, other predicates, extension attributes)."""
    if not isinstance(spec, dict):
        return None
    out: list[Condition] = []
    for name, value in spec.items():
        if not isinstance(name, str):
            return None
        name = name.upper()
        name = "ORTH" if name == "TEXT" else name
        if name not in _READABLE:
            return None  # OP, _, SENT_START, ENT_*, LENGTH, MORPH, ...
        if name in _FLAGS:
            if not isinstance(value, bool):
                return None
            out.append((name, "eq", int(value)))
        elif isinstance(value, str):
            out.append((name, "eq", strings.add(value)))
        elif isinstance(value, dict) and len(value) == 1:
            ((operator, argument),) = value.items()
            if operator in ("IN", "NOT_IN") and isinstance(argument, list | tuple):
                if not all(isinstance(v, str) for v in argument):
                    return None
                out.append((name, operator.lower(), tuple(get_string_id(v) for v in argument)))
            elif operator == "REGEX" and isinstance(argument, str):
                out.append((name, "re", argument))
            else:
                return None
        else:
            return None  # raw hashes, several predicates on one attribute, ...
    return tuple(out)


def _keys(conditions: tuple[Condition, ...]) -> tuple[tuple[str, ...], list] | None:
    """A one-token pattern of exact values as key-table rows (its `IN` lists multiplied
    out), or None when it needs the general path."""
    if not conditions or any(kind not in ("eq", "in") for _, kind, _ in conditions):
        return None
    names = [name for name, _, _ in conditions]
    if len(set(names)) != len(names):
        return None
    ordered = sorted(conditions)
    rows: list[tuple[int, ...]] = [()]
    for _, kind, value in ordered:
        choices = (value,) if kind == "eq" else tuple(dict.fromkeys(value))
        rows = [row + (choice,) for row in rows for choice in choices]
        if len(rows) > _MAX_KEYS:
            return None
    return tuple(name for name, _, _ in ordered), rows


def compile_rules(ruler: AttributeRuler) -> _Compiled | None:
    """The vectorised form of `ruler`'s rules, or None when one of them needs spaCy's
    matcher (see the module's docstring)."""
    strings = ruler.vocab.strings
    attrs: list[str] = []
    tables: dict[tuple[str, ...], dict[tuple[int, ...], set[int]]] = {}
    general: list[tuple[int, tuple[tuple[Condition, ...], ...]]] = []
    keys = []
    for rule in range(len(ruler.attrs)):
        key = str(rule)
        keys.append(strings.add(key))
        if rule >= len(ruler.indices) or not ruler.matcher.has_key(key):
            return None
        if any(name == "_" for name in ruler.attrs[rule]):
            return None  # extension attributes: leave them to spaCy
        index = ruler.indices[rule]
        for pattern in ruler.matcher.get(key)[1]:
            specs = [_conditions(token, strings) for token in pattern]
            if not specs or any(spec is None for spec in specs):
                return None
            if not -len(specs) <= index < len(specs):
                return None  # spaCy raises for it when it matches: let it
            for spec in specs:
                for name, _, _ in spec:
                    if name not in attrs:
                        attrs.append(name)
            table = _keys(specs[0]) if len(specs) == 1 else None
            if table is None:
                general.append((rule, tuple(specs)))
            else:
                names, rows = table
                for row in rows:
                    tables.setdefault(names, {}).setdefault(row, set()).add(rule)
    column = {name: i for i, name in enumerate(attrs)}
    singles = []
    for names, groups in tables.items():
        rows = sorted(groups)
        values = np.array(rows, dtype=np.uint64).reshape(len(rows), len(names))
        mixed = _mix(values)
        if len(np.unique(mixed)) != len(mixed):
            return None  # two keys mix to one value: never seen, but stay exact
        order = np.argsort(mixed, kind="stable")
        singles.append(
            _Single(
                columns=tuple(column[name] for name in names),
                mixed=mixed[order],
                values=values[order],
                rules=tuple(tuple(sorted(groups[rows[i]])) for i in order.tolist()),
            )
        )
    patterns = []
    for rule, specs in general:
        conditions = []
        for offset, spec in enumerate(specs):
            for name, kind, value in spec:
                if kind in ("in", "not_in"):
                    value = np.array(sorted(set(value)), dtype=np.uint64)
                elif kind == "re":
                    value = re.compile(value)
                conditions.append((offset, column[name], kind, value))
        conditions.sort(key=lambda c: c[2] == "re")  # stable: the others keep their order
        patterns.append(_Pattern(rule, len(specs), tuple(conditions)))
    return _Compiled(
        attrs=tuple(IDS[name] for name in attrs),
        singles=tuple(singles),
        patterns=tuple(patterns),
        keys=tuple(keys),
    )


def _holds(
    table: np.ndarray, rows: np.ndarray, column: int, kind: str, value, strings
) -> np.ndarray:
    """Which of `rows` (token indexes) meet one condition."""
    got = table[rows, column]
    if kind == "eq":
        return got == value
    if kind == "in":
        return np.isin(got, value)
    if kind == "not_in":
        return ~np.isin(got, value)
    # "re": the Matcher searches the attribute's text
    return np.array([value.search(strings[int(h)]) is not None for h in got.tolist()], dtype=bool)


def find_matches(compiled: _Compiled, doc) -> list[tuple[int, int, int, int]]:
    """What `AttributeRuler.match(doc)` returns, for compiled rules: the sorted, unique
    ``(rule, key, start, end)`` of every match."""
    n = len(doc)
    if n == 0:
        return []
    # to_array gives one column as a 1-D array, and refuses no columns (rules of `{}` only)
    attrs = list(compiled.attrs)
    table = doc.to_array(attrs).reshape(n, len(attrs)) if attrs else np.zeros((n, 0), np.uint64)
    found: set[tuple[int, int, int]] = set()
    for single in compiled.singles:
        values = table[:, single.columns]
        at = np.searchsorted(single.mixed, _mix(values))
        at[at == len(single.mixed)] = 0
        hit = np.flatnonzero((single.values[at] == values).all(axis=1))
        for token, row in zip(hit.tolist(), at[hit].tolist(), strict=True):
            for rule in single.rules[row]:
                found.add((rule, token, token + 1))
    strings = doc.vocab.strings
    for pattern in compiled.patterns:
        starts = np.arange(n - pattern.length + 1)
        for offset, column, kind, value in pattern.conditions:
            if not len(starts):
                break
            starts = starts[_holds(table, starts + offset, column, kind, value, strings)]
        for start in starts.tolist():
            found.add((pattern.rule, start, start + pattern.length))
    keys = compiled.keys
    return sorted((rule, keys[rule], start, end) for rule, start, end in found)


class VectorAttributeRuler(AttributeRuler):
    """An `AttributeRuler` whose `match` is `find_matches` when its rules allow it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: _Compiled | None = None
        self._checked = False

    def clear(self) -> None:
        super().clear()
        self._checked = False

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._checked = False

    def vectorised(self) -> bool:
        """True when the rules are matched by `find_matches`, not spaCy's matcher."""
        if not self._checked:
            self._compiled = compile_rules(self)
            self._checked = True
        return self._compiled is not None

    def match(self, doc):
        if not self.vectorised():
            return super().match(doc)
        assert self._compiled is not None
        return find_matches(self._compiled, doc)


@Language.factory(
    FACTORY,
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def _make_ruler(nlp: Language, name: str, validate: bool, scorer) -> VectorAttributeRuler:
    return VectorAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def speed_up_rules(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace `nlp`'s attribute ruler `name` with a `VectorAttributeRuler` holding the
    same rules, in place. True when the new one matches them vectorised; False (and
    `nlp` left as it was) when there is no such component or its rules need spaCy's
    matcher."""
    if name not in nlp.pipe_names:
        return False
    old = nlp.get_pipe(name)
    if isinstance(old, VectorAttributeRuler):
        return old.vectorised()
    if type(old) is not AttributeRuler or compile_rules(old) is None:
        return False
    patterns = old.patterns
    new = nlp.replace_pipe(name, FACTORY, config={"validate": old.validate})
    new.add_patterns(patterns)
    return new.vectorised()
