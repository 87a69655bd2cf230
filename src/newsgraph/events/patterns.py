"""PLOVER ontology, cue lists and verb/noun patterns, loaded from YAML data files.

The shipped files live in ``newsgraph/events/data/``: ``plover.yaml`` (types, modes,
quad classes, scores), ``cues.yaml`` (the word lists behind negation, modality,
reporting and argument finding) and ``patterns.yaml`` (which words state which event).
A user file in the format of ``patterns.yaml`` (see docs/events.md) adds patterns,
tried before the shipped ones, and may extend any cue list.

    >>> ps = PatternSet.load()
    >>> ps.ontology.quad_class("ASSAULT")
    'material-conflict'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from newsgraph import errors
from newsgraph.errors import ModelError

DATA = Path(__file__).parent / "data"
INTENT = "INTENT"  # pseudo-type: AGREE or THREATEN after what is promised

# Argument roles a pattern may name for its source or target.
ROLES = {"subj", "obj", "dative", "poss", "mod", "objmod", "clause_subj"}


@dataclass(frozen=True)
class Ontology:
    """PLOVER types with their quad class, score and modes."""

    types: dict[str, dict]
    quads: dict[str, str]
    aliases: dict[str, str]

    def quad_class(self, event_type: str) -> str:
        return self.quads[event_type]

    def score(self, event_type: str, mode: str | None) -> float:
        info = self.types[event_type]
        if mode and mode in info.get("modes", {}):
            m = info["modes"][mode] or {}
            if "score" in m:
                return float(m["score"])
        return float(info["score"])

    def canonical(self, event_type: str) -> str:
        """The current PLOVER name for a type (older drafts used DEMAND, FIGHT ...)."""
        name = event_type.upper()
        return self.aliases.get(name, name)

    def has_mode(self, event_type: str, mode: str) -> bool:
        return mode in (self.types[event_type].get("modes") or {})


@dataclass(frozen=True)
class Pattern:
    """One way of stating an event. See docs/events.md for each field."""

    pos: str  # "verb" or "noun"
    lemmas: frozenset[str]
    type: str
    mode: str | None = None
    default: str | None = None  # for INTENT: the type when no complement event is found
    particle: frozenset[str] | None = None  # required particle ("" = none)
    not_particle: frozenset[str] = frozenset()
    object: frozenset[str] | None = None  # lemmas; "@actor" = an actor
    not_object: frozenset[str] = frozenset()
    prep: tuple[tuple[str, frozenset[str]], ...] = ()
    not_prep: frozenset[str] = frozenset()
    subject: frozenset[str] | None = None
    not_subject: frozenset[str] = frozenset()
    modifier: frozenset[str] | None = None
    not_modifier: frozenset[str] = frozenset()  # "a propaganda campaign" is no attack
    light: frozenset[str] | None = None
    not_dep: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    confidence: float = 0.75
    name: str = ""
    origin: str = ""

    @property
    def specificity(self) -> int:
        """How many constraints the pattern places (more wins)."""
        return sum(
            x is not None and x != ()
            for x in (
                self.particle,
                self.object,
                self.prep or None,
                self.subject,
                self.modifier,
                self.light,
            )
        )


@dataclass
class Cues:
    """The word lists of cues.yaml as sets."""

    lists: dict[str, frozenset[str]] = field(default_factory=dict)

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.lists[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class PatternSet:
    """Everything the extractor needs: ontology, cues and patterns indexed by lemma."""

    ontology: Ontology
    cues: Cues
    verbs: dict[str, list[Pattern]]
    nouns: dict[str, list[Pattern]]
    sources: tuple[str, ...] = ()

    @classmethod
    def load(cls, paths: Sequence[Path] = ()) -> PatternSet:
        """The shipped ontology, cues and patterns plus the user's pattern files `paths`.

        User patterns are tried before shipped ones; user cue lists extend the shipped
        lists. A missing or malformed file raises ModelError naming the file."""
        ontology = _load_ontology(DATA / "plover.yaml")
        cue_lists = {
            k: frozenset(str(w).lower() for w in v or ())
            for k, v in _read_yaml(DATA / "cues.yaml").items()
        }
        files = [Path(p) for p in paths] + [DATA / "patterns.yaml"]
        verbs: dict[str, list[Pattern]] = {}
        nouns: dict[str, list[Pattern]] = {}
        for path in files:
            doc = _read_yaml(path)
            for key, words in (doc.get("cues") or {}).items():
                cue_lists[key] = cue_lists.get(key, frozenset()) | {str(w).lower() for w in words}
            vocab = {
                k: frozenset(str(w).lower() for w in v) for k, v in (doc.get("vocab") or {}).items()
            }
            for pos, index in (("verb", verbs), ("noun", nouns)):
                for i, entry in enumerate(doc.get(pos + "s") or ()):
                    pattern = _parse_pattern(
                        entry, pos, ontology, vocab, f"{path.name}:{pos}s[{i}]"
                    )
                    for lemma in sorted(pattern.lemmas):
                        index.setdefault(lemma, []).append(pattern)
        for index in (verbs, nouns):
            for lemma, plist in index.items():
                # stable: more specific first, then file order (user files first)
                index[lemma] = sorted(plist, key=lambda p: -p.specificity)
        return cls(
            ontology=ontology,
            cues=Cues(cue_lists),
            verbs=verbs,
            nouns=nouns,
            sources=tuple(str(p) for p in files),
        )

    @property
    def known(self) -> frozenset[str]:
        """Every word the patterns and cue lists name (built once)."""
        words = self.__dict__.get("_known")
        if words is None:
            words = frozenset(self.verbs) | frozenset(self.nouns)
            for cue in self.cues.lists.values():
                words |= cue
            self.__dict__["_known"] = words
        return words

    def lemma(self, tok) -> str:
        """The token's lemma, repaired when the tagger's lemma is no word we know but a
        plain inflection of the form is ("staged" lemmatised as "stag")."""
        return self.lemma_of(tok.lemma_.lower(), tok.tag_, tok.lower_)

    def lemma_of(self, lemma: str, tag: str, lower: str) -> str:
        """`lemma` for a token given as its lower-cased lemma, fine tag and lower-cased form."""
        if lemma in self.known or not tag.startswith("VB"):
            return lemma
        for cand in _inflection_bases(lower):
            if cand in self.known:
                return cand
        return lemma

    def for_verb(self, lemma: str) -> list[Pattern]:
        return self.verbs.get(lemma, [])

    def for_noun(self, lemma: str) -> list[Pattern]:
        return self.nouns.get(lemma, [])


def _inflection_bases(word: str) -> list[str]:
    """Base forms an English verb form may come from, most likely first."""
    out = []
    for suffix in ("ied", "ies"):
        if word.endswith(suffix):
            out.append(word[: -len(suffix)] + "y")
    for suffix in ("ed", "ing", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out += [stem + "e", stem]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "stopped" -> "stop"
    return out


# --------------------------------------------------------------------------- loading
# libyaml's loader parses the shipped pattern files ten times faster than the pure-Python
# one (half a second of every worker's start-up) and gives the same data; a file it
# refuses is parsed again by the pure-Python loader, whose error message names the line.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=_FAST_LOADER) or {}
    except yaml.YAMLError:
        return yaml.safe_load(text) or {}


def _read_yaml(path: Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(
            errors.PATTERN_FILE_UNREADABLE.format(detail=exc.strerror), source=str(path)
        ) from exc
    try:
        doc = _load_yaml(text)
    except yaml.YAMLError as exc:
        raise ModelError(
            errors.PATTERN_FILE_INVALID.format(detail=str(exc).splitlines()[0]), source=str(path)
        ) from exc
    if not isinstance(doc, dict):
        raise ModelError(
            errors.PATTERN_FILE_INVALID.format(detail="the top level is not a mapping"),
            source=str(path),
        )
    return doc


def _load_ontology(path: Path) -> Ontology:
    doc = _read_yaml(path)
    quads = {t: q for q, ts in doc["quad_classes"].items() for t in ts}
    return Ontology(types=doc["types"], quads=quads, aliases=doc.get("aliases") or {})


def _words(value, vocab: dict[str, frozenset[str]], where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    items: Iterable = [value] if isinstance(value, str) else value
    out: set[str] = set()
    for item in items:
        item = str(item).lower()
        if item.startswith("@") and item != "@actor":
            if item[1:] not in vocab:
                raise ModelError(
                    errors.PATTERN_INVALID.format(where=where, detail=f"unknown word class {item}")
                )
            out |= vocab[item[1:]]
        else:
            out.add(item)
    return frozenset(out)


def _roles(value, where: str) -> tuple[str, ...]:
    roles = tuple(value or ())
    for role in roles:
        if role not in ROLES and not role.startswith("prep:"):
            raise ModelError(
                errors.PATTERN_INVALID.format(where=where, detail=f"unknown role {role!r}")
            )
    return roles


def _parse_pattern(entry: dict, pos: str, ontology: Ontology, vocab, where: str) -> Pattern:
    if not isinstance(entry, dict) or pos not in entry or "type" not in entry:
        raise ModelError(
            errors.PATTERN_INVALID.format(where=where, detail=f"needs '{pos}' and 'type'")
        )
    etype = str(entry["type"]).upper()
    if etype != INTENT:
        etype = ontology.canonical(etype)
        if etype not in ontology.types:
            raise ModelError(
                errors.PATTERN_INVALID.format(where=where, detail=f"unknown PLOVER type {etype}")
            )
    mode = entry.get("mode")
    if mode and etype != INTENT and not ontology.has_mode(etype, mode):
        raise ModelError(
            errors.PATTERN_INVALID.format(where=where, detail=f"{etype} has no mode {mode!r}")
        )
    prep = entry.get("prep") or {}
    particle = entry.get("particle")
    return Pattern(
        pos=pos,
        lemmas=_words(entry[pos], vocab, where),
        type=etype,
        mode=mode,
        default=entry.get("default"),
        particle=None if particle is None else _words(particle, vocab, where),
        not_particle=_words(entry.get("not_particle"), vocab, where),
        object=_words(entry["object"], vocab, where) if "object" in entry else None,
        not_object=_words(entry.get("not_object"), vocab, where),
        prep=tuple(sorted((str(k).lower(), _words(v, vocab, where)) for k, v in prep.items())),
        not_prep=_words(entry.get("not_prep"), vocab, where),
        subject=_words(entry["subject"], vocab, where) if "subject" in entry else None,
        not_subject=_words(entry.get("not_subject"), vocab, where),
        modifier=_words(entry["modifier"], vocab, where) if "modifier" in entry else None,
        not_modifier=_words(entry.get("not_modifier"), vocab, where),
        light=_words(entry["light"], vocab, where) if "light" in entry else None,
        not_dep=_words(entry.get("not_dep"), vocab, where),
        requires=_words(entry.get("requires"), vocab, where),
        source=_roles(entry.get("source"), where),
        target=_roles(entry.get("target"), where),
        confidence=float(entry.get("confidence", 0.75)),
        name=entry.get("name")
        or f"{pos}:{'/'.join(sorted(_words(entry[pos], vocab, where))[:3])}"
        f"->{etype}{'/' + mode if mode else ''}",
        origin=where,
    )
