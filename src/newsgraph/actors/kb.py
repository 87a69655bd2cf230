"""The actor knowledge base: YAML data files loaded into plain `Actor` records and the
look-up tables resolution needs (aliases, surnames, demonyms, capitals, seats of power,
places, sector phrases).

Shipped files live in ``newsgraph/actors/kb/*.yaml``; a user adds files of the same
format (see docs/actors.md). User decisions from the store (merge, split) arrive as
`Override` records and are applied last, so they win over every file.

>>> kb = KnowledgeBase.load()
>>> kb.actor("RUS.GOV").name
'Government of Russia'
>>> kb.codes_at("person:vladimir-putin", "2010-06-01")
('RUS', 'GOV')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml

from newsgraph import errors
from newsgraph.actors import cache
from newsgraph.errors import ModelError
from newsgraph.model import Actor, Role

T = TypeVar("T")

# Non-state "countries" in PLOVER/CAMEO style: intergovernmental bodies and
# international militarised groups have no ISO code.
NON_STATE = {"IGO", "IMG", "NGO", "MNC"}
# Names written surname first, so the short form is the first word.
SURNAME_FIRST = {"CHN", "PRK", "KOR", "TWN", "VNM"}
ORG_KINDS = {"igo", "group", "organisation", "other"}


@dataclass(frozen=True)
class Override:
    """A user decision: ``merge`` folds `other` (an actor id) into `actor_id`;
    ``split`` takes the alias `other` away from `actor_id` into an actor of its own."""

    action: str
    actor_id: str
    other: str


@dataclass(frozen=True)
class Country:
    """What the knowledge base knows of one state."""

    code: str
    name: str
    adjectives: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    historical: bool = False


_POSSESSIVE_END = re.compile(r"'s$")
_DASHES = re.compile(r"[\u2010-\u2015\-_/]+")
_SPACES = re.compile(r"\s+")


# Resolution asks for the same few thousand keys again and again (every phrase of up to
# five words at every token); the cache is bounded so a long build's memory stays flat.
@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """The look-up key of a name: case, accents, dots, dashes and a leading "the" removed.

    >>> normalise("the U.S.")
    'us'
    >>> normalise("ISIS–K") == normalise("ISIS K") == normalise("Isis-K")
    True
    """
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").casefold()
    text = _POSSESSIVE_END.sub("", text.strip())
    text = text.replace(".", "")
    text = _DASHES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def slug(text: str) -> str:
    """A readable id part: ``Vladimir Putin`` -> ``vladimir-putin``."""
    key = normalise(text).replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-") or "unnamed"


def parse_role(text: str) -> Role:
    """``"RUS GOV Prime Minister 1999-08-09/2000-05-07"`` -> Role."""
    parts = text.split()
    if len(parts) < 4 or "/" not in parts[-1]:
        raise ValueError(f"role {text!r} is not 'COUNTRY SECTOR Title START/END'")
    start, _, end = parts[-1].partition("/")
    return Role(
        title=" ".join(parts[2:-1]),
        country=parts[0],
        sector=parts[1],
        start=start or None,
        end=end or None,
    )


def _date_bounds(start: str | None, end: str | None) -> tuple[str, str]:
    """First and last day covered by two dates of any precision (None: open)."""
    lo = start + "-01-01"[len(start) - 4 :] if start else "0000-01-01"
    hi = end + "-12-31"[len(end) - 4 :] if end else "9999-12-31"
    return lo, hi


def role_active(role: Role, date: str | None) -> bool:
    """True when `role` was held on `date` (any precision; None means today)."""
    if date is None:
        return role.end is None
    lo, hi = _date_bounds(role.start, role.end)
    d_lo, d_hi = _date_bounds(date, date)
    return lo <= d_hi and d_lo <= hi


# Title words that name the same office, so "foreign secretary" finds a
# "Foreign Minister" role. Keys and values are lower case.
TITLE_SYNONYMS = {
    "minister of foreign affairs": "foreign minister",
    "foreign secretary": "foreign minister",
    "secretary of state": "foreign minister",
    "external affairs minister": "foreign minister",
    "defense minister": "defence minister",
    "minister of defence": "defence minister",
    "minister of defense": "defence minister",
    "defence secretary": "defence minister",
    "defense secretary": "defence minister",
    "secretary of defense": "defence minister",
    "premier": "prime minister",
    "head of government": "prime minister",
    "head of state": "president",
    "chairman of the council of ministers": "prime minister",
    "chairman of the cabinet of ministers": "prime minister",
    "chief executive": "prime minister",
}


def canonical_title(title: str) -> str:
    """The office a title names: "Foreign Secretary" and "Acting Foreign Minister" are
    both "foreign minister"."""
    key = re.sub(r"^(?:acting|interim|caretaker) ", "", normalise(title))
    return TITLE_SYNONYMS.get(key, key)


@dataclass
class KnowledgeBase:
    """Actors and the indexes used to find them. Build it with `KnowledgeBase.load`."""

    actors_by_id: dict[str, Actor] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # id -> kb | user
    aliases: dict[str, list[str]] = field(default_factory=dict)  # normalised alias -> ids
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # only when NER marked it
    surnames: dict[str, list[str]] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    adjectives: dict[str, str] = field(default_factory=dict)  # normalised demonym -> code
    capitals: dict[str, str] = field(default_factory=dict)
    seats: dict[str, str] = field(default_factory=dict)  # normalised seat -> CODE.GOV
    places: dict[str, str] = field(default_factory=dict)
    sector_names: dict[str, str] = field(default_factory=dict)
    sector_phrases: dict[str, str] = field(default_factory=dict)  # phrase -> sector
    person_titles: set[str] = field(default_factory=set)
    ruler_names: list[tuple[str, str, str]] = field(default_factory=list)  # label, text, id
    merged: dict[str, str] = field(default_factory=dict)  # merged-away id -> kept id
    split_off: dict[tuple[str, str], str] = field(default_factory=dict)  # (id, alias) -> new id
    user_ids: list[str] = field(default_factory=list)
    coalitions: list[str] = field(default_factory=list)  # multinational forces ("ISAF")
    homelands: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ethnic id -> states
    # Tables derived from the above for resolution (choices for fuzzy matching, phrase
    # beginnings), built on first use and dropped whenever the knowledge base changes.
    _derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    loaded_from: str = field(default="files", repr=False, compare=False)  # or "cache"

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(
        cls,
        paths: Sequence[Path] = (),
        extra: Sequence[object] = (),
        *,
        folder: Path | None = None,
    ) -> KnowledgeBase:
        """The shipped knowledge base, plus user YAML files `paths`, plus `extra`
        (`Override` decisions or `Actor` records, e.g. from the store). `folder`
        replaces the shipped files' folder (``newsgraph/actors/kb``).

        What the files give is read from a compiled copy when one was made from the
        same bytes (see `newsgraph.actors.cache`); `extra` is applied afresh each time."""
        files = _shipped_files(folder) + _user_files(paths)
        key = cache.cache_key([(f"{origin}:{name}", data) for origin, name, data in files])
        kb = cache.read(key)
        if isinstance(kb, cls):
            kb.loaded_from = "cache"
        else:
            kb = cls()
            for origin, name, data in files:
                kb._add_file(_parse(origin, name, data), origin, name)
            cache.write(key, kb)
        overrides = []
        for item in extra:
            if isinstance(item, Actor):
                kb.add_actor(item, "user")
            elif getattr(item, "action", None) in ("merge", "split"):
                overrides.append(Override(item.action, item.actor_id, item.other))  # type: ignore[attr-defined]
        for ov in overrides:
            kb.apply_override(ov)
        return kb

    def _add_file(self, data: object, origin: str, source: str) -> None:
        self._changed()
        if not isinstance(data, dict):
            raise ModelError(
                errors.ACTOR_FILE_BAD.format(detail="the top level is not a mapping"), source=source
            )
        try:
            for section in ("countries", "historical"):
                for code, entry in (data.get(section) or {}).items():
                    self._add_country(code, entry, origin, historical=section == "historical")
            if "sectors" in data:
                self.sector_names.update(data["sectors"])
            for sector, phrases in (data.get("titles") or {}).items():
                for phrase in phrases:
                    self.sector_phrases.setdefault(normalise(phrase), sector)
            self.person_titles.update(normalise(t) for t in data.get("person_titles") or ())
            kinds = {
                "igos": "igo",
                "formats": "other",
                "groups": "group",
                "agencies": "organisation",
                "actors": None,
            }
            for section, kind in kinds.items():
                for entry in data.get(section) or ():
                    self._add_entry(entry, kind, origin)
            for entry in data.get("people") or ():
                self._add_person(entry, origin)
            for entry in data.get("ethnic") or ():
                self._add_ethnic(entry, origin)
            for actor_id, names in (data.get("aliases") or {}).items():
                for name in names:
                    self._index_alias(name, actor_id)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(
                errors.ACTOR_FILE_BAD.format(detail=f"{type(exc).__name__}: {exc}"), source=source
            ) from exc

    def _add_country(self, code: str, e: dict, origin: str, historical: bool) -> None:
        name = e["name"]
        adjectives = tuple(e.get("adj") or ())
        capitals = tuple([e["cap"]] if e.get("cap") else []) + tuple(e.get("aka_cap") or ())
        seats = tuple(e.get("seat") or ())
        country = Country(
            code, name, adjectives, capitals, seats, tuple(e.get("places") or ()), historical
        )
        self.countries[code] = country
        self.add_actor(
            Actor(
                id=code,
                name=name,
                kind="country",
                country=code,
                wikidata=e.get("qid"),
                aliases=tuple(dict.fromkeys([name, *(e.get("aka") or ())])),
            ),
            origin,
        )
        self.add_actor(
            Actor(
                id=f"{code}.GOV",
                name=f"Government of {name}",
                kind="government",
                country=code,
                sector="GOV",
                aliases=tuple(f"{a} government" for a in adjectives[:1]) + seats,
            ),
            origin,
        )
        for adj in adjectives:
            self.adjectives.setdefault(normalise(adj), code)
        if not historical:
            for cap in capitals:
                self.capitals.setdefault(normalise(cap), code)
            for place in country.places:
                self.places.setdefault(normalise(place), code)
        for seat in seats:
            self.seats[normalise(seat)] = f"{code}.GOV"

    def _add_entry(self, e: dict, kind: str | None, origin: str) -> None:
        name = e["name"]
        actor_id = e.get("id") or f"{(kind or 'actor')}:{slug(name)}"
        actor = Actor(
            id=actor_id,
            name=name,
            kind=e.get("kind") or kind or "organisation",
            country=e.get("country"),
            sector=e.get("sector"),
            wikidata=e.get("qid"),
            aliases=tuple(dict.fromkeys([name, *(e.get("aka") or ())])),
            roles=tuple(parse_role(r) for r in e.get("roles") or ()),
            description=e.get("description", ""),
        )
        self.add_actor(actor, origin)
        for alias in e.get("ambiguous") or ():
            self.ambiguous.setdefault(normalise(alias), []).append(actor_id)
        if e.get("coalition"):
            self.coalitions.append(actor_id)
        label = e.get("label") or ("PERSON" if actor.kind == "person" else "ORG")
        for alias in actor.aliases:
            self.ruler_names.append((label, alias, actor_id))

    def _add_ethnic(self, e: dict, origin: str) -> None:
        """An ethnic or religious community: sector CVL, country its only homeland."""
        homes = tuple(e.get("countries") or ())
        actor_id = e.get("id") or f"ethnic:{slug(e['name'])}"
        self.add_actor(
            Actor(
                id=actor_id,
                name=e["name"],
                kind="other",  # the data contract has no ethnic kind; ids say "ethnic:"
                country=homes[0] if len(homes) == 1 else None,
                sector="CVL",
                wikidata=e.get("qid"),
                aliases=tuple(dict.fromkeys([e["name"], *(e.get("aka") or ())])),
            ),
            origin,
        )
        self.homelands[actor_id] = homes

    def _add_person(self, e: dict, origin: str) -> None:
        roles = tuple(parse_role(r) for r in e.get("roles") or ())
        latest = max(roles, key=lambda r: r.start or "") if roles else None
        actor = Actor(
            id=e.get("id") or f"person:{slug(e['name'])}",
            name=e["name"],
            kind="person",
            country=e.get("country") or (latest.country if latest else None),
            sector=e.get("sector") or (latest.sector if latest else None),
            wikidata=e.get("qid"),
            aliases=tuple(dict.fromkeys([e["name"], *(e.get("aka") or ())])),
            roles=roles,
            description=e.get("description", ""),
        )
        self.add_actor(actor, origin)
        for alias in actor.aliases:
            self.ruler_names.append(("PERSON", alias, actor.id))
        surname_first = actor.country in SURNAME_FIRST
        for alias in actor.aliases:
            words = normalise(alias).split()
            if len(words) >= 2:
                surname = words[0] if surname_first else words[-1]
                ids = self.surnames.setdefault(surname, [])
                if actor.id not in ids:
                    ids.append(actor.id)

    def add_actor(self, actor: Actor, origin: str = "user") -> None:
        """Add (or, for a known id, extend with new aliases and roles) one actor."""
        self._changed()
        old = self.actors_by_id.get(actor.id)
        if old is not None:
            actor = replace(
                old,
                aliases=tuple(dict.fromkeys(old.aliases + actor.aliases)),
                roles=old.roles + tuple(r for r in actor.roles if r not in old.roles),
                wikidata=old.wikidata or actor.wikidata,
                description=old.description or actor.description,
            )
        else:
            self.origin[actor.id] = origin
            if origin == "user":
                self.user_ids.append(actor.id)
        self.actors_by_id[actor.id] = actor
        for alias in actor.aliases:
            self._index_alias(alias, actor.id)

    def _index_alias(self, alias: str, actor_id: str) -> None:
        self._changed()
        ids = self.aliases.setdefault(normalise(alias), [])
        if actor_id not in ids:
            ids.append(actor_id)

    # ------------------------------------------------------------------ user decisions
    def apply_override(self, ov: Override) -> None:
        """Apply a merge or a split (see `Override`)."""
        self._changed()
        if ov.action == "merge":
            keep, gone = self.canonical(ov.actor_id), self.canonical(ov.other)
            if keep == gone:
                return
            self.merged[gone] = keep
            for ids in list(self.aliases.values()) + list(self.surnames.values()):
                if gone in ids:
                    ids[ids.index(gone)] = keep
                    ids[:] = list(dict.fromkeys(ids))
            if gone in self.actors_by_id and keep in self.actors_by_id:
                kept = self.actors_by_id[keep]
                self.actors_by_id[keep] = replace(
                    kept,
                    aliases=tuple(dict.fromkeys(kept.aliases + self.actors_by_id[gone].aliases)),
                )
        elif ov.action == "split":
            owner, alias = self.canonical(ov.actor_id), ov.other
            key = normalise(alias)
            new_id = split_actor_id(alias)
            self.split_off[(owner, key)] = new_id
            for ids in (self.aliases.get(key), self.ambiguous.get(key)):
                if ids and owner in ids:
                    ids.remove(owner)
            old = self.actors_by_id.get(owner)
            if old is not None:
                self.actors_by_id[owner] = replace(
                    old, aliases=tuple(a for a in old.aliases if normalise(a) != key)
                )
            kind = old.kind if old is not None else "other"
            self.add_actor(
                Actor(
                    id=new_id,
                    name=alias,
                    kind=kind,
                    aliases=(alias,),
                    description=f"split from {owner} by a user",
                ),
                "user",
            )

    def canonical(self, actor_id: str) -> str:
        """The id an actor goes by after user merges."""
        seen = set()
        while actor_id in self.merged and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self.merged[actor_id]
        return actor_id

    def after_overrides(self, actor_id: str | None, text: str) -> str | None:
        """The actor a mention `text` resolved to `actor_id` belongs to once user
        decisions apply (a split alias leaves its old owner)."""
        if actor_id is None:
            return None
        actor_id = self.canonical(actor_id)
        return self.split_off.get((actor_id, normalise(text)), actor_id)

    # ------------------------------------------------------------------ queries
    def derived(self, name: str, build: Callable[[], T]) -> T:
        """The table `name`, made by `build()` on first use after the last change."""
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]  # type: ignore[return-value]

    def _changed(self) -> None:
        if self._derived:
            self._derived.clear()

    def phrase_starts(self) -> frozenset[str]:
        """Every beginning of the first word of a sector phrase ("s", "se", ...,
        "security" for "security forces"). A phrase can start at a word (other than
        "the", which `normalise` drops) only if the word's key is in this set."""

        def build() -> frozenset[str]:
            firsts = {key.split(" ", 1)[0] for key in self.sector_phrases}
            return frozenset(w[:k] for w in firsts for k in range(1, len(w) + 1))

        return self.derived("phrase-starts", build)

    def phrase_ends(self) -> frozenset[str]:
        """The last word of every sector phrase's key ("forces" for "security forces")."""
        return self.derived(
            "phrase-ends", lambda: frozenset(key.rsplit(" ", 1)[-1] for key in self.sector_phrases)
        )

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id (after merges). ``CODE.SECTOR`` ids of known countries
        exist for every PLOVER sector, e.g. ``TJK.MIL``."""
        actor_id = self.canonical(actor_id)
        found = self.actors_by_id.get(actor_id)
        if found is not None:
            return found
        code, _, sector = actor_id.partition(".")
        if code in self.countries and sector in self.sector_names and "." not in sector:
            country = self.countries[code]
            adj = country.adjectives[0] if country.adjectives else country.name
            return Actor(
                id=actor_id,
                name=f"{adj} {self.sector_names[sector]}",
                kind="government" if sector == "GOV" else "organisation",
                country=code,
                sector=sector,
            )
        return None

    def actors(self) -> Iterator[Actor]:
        """Every actor of the knowledge base, in a stable order."""
        for actor_id in sorted(self.actors_by_id):
            if actor_id not in self.merged:
                yield self.actors_by_id[actor_id]

    def lookup(self, text: str, date: str | None = None, *, marked: bool = True) -> list[str]:
        """Ids whose alias is `text`, people in office at `date` first."""
        key = normalise(text)
        ids = list(self.aliases.get(key, ()))
        if marked:
            ids += [i for i in self.ambiguous.get(key, ()) if i not in ids]
        return self.rank_by_date(ids, date)

    def rank_by_date(self, ids: Iterable[str], date: str | None) -> list[str]:
        ids = list(ids)
        if len(ids) < 2:
            return ids

        def score(actor_id: str) -> tuple[int, str]:
            actor = self.actors_by_id.get(actor_id)
            if actor is None or not actor.roles:
                return (1, "")
            if any(role_active(r, date) for r in actor.roles):
                return (0, "")
            # Not in office then: the one whose last office ended most recently before it.
            ends = [r.end or "9999" for r in actor.roles if (r.start or "") <= (date or "9999")]
            return (2, "".join(chr(0x10FFFF - ord(c)) for c in max(ends, default="0000")))

        return sorted(ids, key=score)

    def by_surname(self, word: str, date: str | None) -> str | None:
        """The person of that surname in office at `date`, else the one who left office
        last before it; None when two fit equally."""
        ids = [self.canonical(i) for i in self.surnames.get(normalise(word), ())]
        ids = list(dict.fromkeys(ids))
        if not ids:
            return None
        active = [i for i in ids if any(role_active(r, date) for r in self.actors_by_id[i].roles)]
        if len(active) == 1:
            return active[0]
        if len(active) > 1:
            return None
        ranked = self.rank_by_date(ids, date)
        return ranked[0] if len(ranked) == 1 or ranked[0] != ranked[1] else None

    def role_at(self, actor_id: str, date: str | None) -> Role | None:
        """The office `actor_id` held at `date` (the most recently started one)."""
        actor = self.actor(actor_id)
        if actor is None:
            return None
        active = [r for r in actor.roles if role_active(r, date)]
        return max(active, key=lambda r: r.start or "") if active else None

    def codes_at(self, actor_id: str, date: str | None) -> tuple[str | None, str | None]:
        """PLOVER (country, sector) of an actor at `date`. A person out of office keeps the
        country of the last office and the sector ELI (former official)."""
        actor = self.actor(actor_id)
        if actor is None:
            return (None, None)
        role = self.role_at(actor_id, date)
        if role is not None:
            return self._role_codes(role)
        if actor.kind == "person" and actor.roles:
            past = [r for r in actor.roles if (r.start or "") <= (date or "9999")]
            if not past:
                return (actor.country, None)
            last = self._role_codes(max(past, key=lambda r: r.end or "9999"))
            return (
                last[0],
                "ELI" if last[1] in ("GOV", "MIL", "SPY", "COP", "JUD", "LEG") else last[1],
            )
        return (actor.country, actor.sector)

    def _role_codes(self, role: Role) -> tuple[str | None, str | None]:
        # A role inside a group or an IGO ("group:taliban REB Leader") takes that
        # actor's country.
        if ":" in role.country:
            owner = self.actors_by_id.get(role.country)
            return (owner.country if owner else None, role.sector)
        return (role.country, role.sector)

    def holder_at(self, country: str, title: str, date: str | None) -> str | None:
        """The person holding office `title` for `country` at `date`, if known and unique."""
        want = canonical_title(title)
        found = [
            a.id
            for a in self.actors_by_id.values()
            if a.kind == "person"
            and any(
                r.country == country and canonical_title(r.title) == want and role_active(r, date)
                for r in a.roles
            )
        ]
        return found[0] if len(found) == 1 else None

    def government_of(self, actor_id: str, date: str | None) -> str | None:
        """The government actor (``CODE.GOV``) a person or seat of power belongs to at `date`:
        "Putin" in 2015 -> ``RUS.GOV``."""
        country, sector = self.codes_at(actor_id, date)
        if country and sector == "GOV" and country in self.countries:
            return f"{country}.GOV"
        return None


# libyaml's loader reads the shipped files about eight times faster than the pure-Python
# one and gives the same data (tests/actors/test_kb_cache.py compares them). User files
# keep the pure-Python loader, whose error messages docs/actors.md shows.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _shipped_files(folder: Path | None) -> list[tuple[str, str, bytes]]:
    """(origin "kb", file name, bytes) of the shipped YAML files, in name order."""
    where = resources.files("newsgraph.actors") / "kb" if folder is None else Path(folder)
    return [
        ("kb", entry.name, entry.read_bytes())
        for entry in sorted(where.iterdir(), key=lambda e: e.name)
        if entry.name.endswith((".yaml", ".yml"))
    ]


def _user_files(paths: Sequence[Path]) -> list[tuple[str, str, bytes]]:
    """(origin "user", path as given, bytes) of the user's actor files."""
    found = []
    for path in paths:
        p = Path(path)
        try:
            found.append(("user", str(p), p.read_bytes()))
        except FileNotFoundError as exc:
            raise ModelError(errors.ACTOR_FILE_MISSING, source=str(p)) from exc
    return found


def _parse(origin: str, name: str, data: bytes) -> object:
    if origin == "kb":
        return yaml.load(data.decode("utf-8"), Loader=_FAST_LOADER) or {}
    try:
        return yaml.safe_load(data.decode("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ModelError(errors.ACTOR_FILE_BAD.format(detail=exc), source=name) from exc


def split_actor_id(alias: str) -> str:
    return f"user:{slug(alias)}"
