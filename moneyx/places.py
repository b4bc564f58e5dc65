"""North Korean places: recognise a place name and order the fallbacks when a table lacks it.

One table, ``moneyx/data/nk_places.csv`` (cities with their province and coordinates, provinces
with the spellings the sources use), serves both users of places: the KPW market quotes of
:mod:`moneyx.normalize` and the rice and wage references of :mod:`moneyx.burden`. A table row
names its place as the source did, sometimes several at once ("Pyongyang / Hyesan",
"Yanggang / N. Hamgyong (Asia Press)"); :func:`parts` reads such a label into place names.

Fallback order for a place a table has no row for (the same in every module, and always
stated in the result): the place itself; a place in the same province; the nearest located place
(great-circle distance, used for ranking only); then every place (the caller's default order).

Example:
    >>> province_of("Chongjin"), province_of("Yanggang / N. Hamgyong (Asia Press)")
    ('North Hamgyong', None)
    >>> parts("Pyongyang (Chung district, private changer)")
    ('Pyongyang',)

"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from moneyx.errors import DataError, UnknownPlaceError

__all__ = [
    "FallbackStep",
    "Place",
    "check_place",
    "distance_km",
    "fallback_steps",
    "find",
    "label_matches",
    "parts",
    "places",
    "province_of",
]

_TABLE = "nk_places.csv"
_PAREN = re.compile(r"\s*\(.*?\)\s*")
_SPLIT = re.compile(r"\s*/\s*")


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """One row of ``nk_places.csv``.

    Attributes:
        name: Canonical name, as the rate and reference tables write it.
        kind: "city" or "province".
        province: First-level division (a province names itself).
        lat: Latitude in degrees (cities), else None.
        lon: Longitude in degrees (cities), else None.
        aliases: Other spellings the sources use ("Yanggang" for Ryanggang).
        source: Citation of the row.

    """

    name: str
    kind: str
    province: str
    lat: float | None = None
    lon: float | None = None
    aliases: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FallbackStep:
    """One step of a place fallback: which table labels to try and how to say so.

    Attributes:
        labels: Table place labels accepted at this step; None = any place.
        how: "" for the place itself, else the fallback stated in results
            ("same province: North Hamgyong", "nearest place with data: Hyesan, about 130 km
            away", "all places").

    """

    labels: frozenset[str] | None
    how: str


def _number(text: str, where: str, key: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise DataError(where, key, f"not a number: {text!r}") from exc


@functools.cache
def places() -> tuple[Place, ...]:
    """Load ``nk_places.csv`` once.

    Returns:
        Every place, in file order.

    Raises:
        DataError: The shipped table is malformed.

    Example:
        >>> any(p.name == "Hyesan" and p.province == "Ryanggang" for p in places())
        True

    """
    text = (resources.files("moneyx") / "data" / _TABLE).read_text(encoding="utf-8")
    body = "".join(ln for ln in text.splitlines(True) if not ln.startswith("#"))
    out: list[Place] = []
    for line, rec in enumerate(csv.DictReader(io.StringIO(body)), start=2):
        where = f"moneyx/data/{_TABLE}:row {line}"
        kind = rec.get("kind", "")
        if kind not in ("city", "province") or not rec.get("place") or not rec.get("province"):
            raise DataError(where, "kind", f"need place, kind city|province and province: {rec}")
        out.append(
            Place(
                name=rec["place"].strip(),
                kind=kind,
                province=rec["province"].strip(),
                lat=_number(rec["lat"], where, "lat"),
                lon=_number(rec["lon"], where, "lon"),
                aliases=tuple(a.strip() for a in rec["aliases"].split(";") if a.strip()),
                source=rec["source"].strip(),
            )
        )
    return tuple(out)


@functools.cache
def _index() -> Mapping[str, Place]:
    index: dict[str, Place] = {}
    for p in places():
        for name in (p.name, *p.aliases):
            key = name.casefold()
            if key in index and index[key] != p:
                raise DataError(f"moneyx/data/{_TABLE}", name, "name used by two places")
            index[key] = p
    return MappingProxyType(index)


def parts(label: str) -> tuple[str, ...]:
    """Split a table's place label into place names (parenthetical remarks dropped).

    Example:
        >>> parts("Yanggang / N. Hamgyong (Asia Press)")
        ('Yanggang', 'N. Hamgyong')

    """
    out = []
    for part in _SPLIT.split(label.strip()):
        name = _PAREN.sub(" ", part).strip()
        if name:
            out.append(name)
    return tuple(out)


def find(name: str) -> Place | None:
    """Return the place a name or alias (any case, remarks in parentheses ignored) stands for.

    Example:
        >>> find("yanggang").name, find("Narnia") is None
        ('Ryanggang', True)

    """
    key = _PAREN.sub(" ", name).strip().casefold()
    return _index().get(key)


def label_matches(label: str, wanted: str) -> bool:
    """Return whether a table label ("Pyongyang / Hyesan") names the place asked for.

    Aliases count: "Yanggang" matches a request for "Ryanggang".

    Example:
        >>> label_matches("Pyongyang / Hyesan", "hyesan"), label_matches("Sinuiju", "Hyesan")
        (True, False)

    """
    want = wanted.strip().casefold()
    if not want:
        return False
    if label.strip().casefold() == want:
        return True
    target = find(wanted)
    for part in parts(label):
        if part.casefold() == want:
            return True
        if target is not None and find(part) == target:
            return True
    return False


def province_of(label: str) -> str | None:
    """Return the province every place of a label lies in, or None (unknown or several).

    Example:
        >>> province_of("Hoeryong / Chongjin"), province_of("Pyongyang / Hyesan")
        ('North Hamgyong', None)

    """
    provinces = set()
    for part in parts(label):
        p = find(part)
        if p is None:
            return None
        provinces.add(p.province)
    return provinces.pop() if len(provinces) == 1 else None


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance in km (haversine) between two located places; ranking only.

    Example:
        >>> round(distance_km(find("Hyesan"), find("Musan")))
        126

    """
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _label_distance(here: Place, label: str) -> float | None:
    found = [find(p) for p in parts(label)]
    dists = [distance_km(here, p) for p in found if p is not None]
    known = [d for d in dists if d is not None]
    return min(known) if known else None


def check_place(place: str, labels: Iterable[str] = ()) -> str:
    """Return ``place`` stripped when it is a known place or matches a table label, else raise.

    Args:
        place: The place asked for.
        labels: Place labels of the table the lookup reads (a user's own rows may name places
            that ``nk_places.csv`` lacks).

    Returns:
        The place, stripped.

    Raises:
        UnknownPlaceError: Neither ``nk_places.csv`` nor any label knows the name.

    Example:
        >>> check_place(" Hyesan ")
        'Hyesan'

    """
    if not isinstance(place, str) or not place.strip():
        raise UnknownPlaceError(str(place), "a place is a non-empty name such as 'Hyesan'")
    name = place.strip()
    if find(name) is not None:
        return name
    if any(label_matches(label, name) for label in labels):
        return name
    known = sorted(p.name for p in places() if p.kind == "city")
    raise UnknownPlaceError(
        name,
        "not a place moneyx knows (moneyx/data/nk_places.csv) nor one the tables name; "
        f"cities known: {', '.join(known)}",
    )


def fallback_steps(place: str, labels: Iterable[str]) -> tuple[FallbackStep, ...]:
    """Order the table labels to try for a place: itself, same province, nearest, all.

    Args:
        place: The place asked for (a city or a province).
        labels: The place labels the table has rows for.

    Returns:
        The steps, in order: the place itself when any label names it, then the fallbacks;
        the last one accepts any place (``labels`` None).

    Example:
        >>> steps = fallback_steps("Chongjin", ["Musan", "Hyesan", "Pyongyang"])
        >>> [s.how for s in steps][:2]
        ['same province: North Hamgyong', 'nearest place with data: Hyesan, about 140 km away']

    """
    pool = sorted({label for label in labels if label})
    here = find(place)
    exact = frozenset(lb for lb in pool if label_matches(lb, place))
    steps = [FallbackStep(labels=exact, how="")] if exact else []
    used = set(exact)
    if here is not None:
        province = here.province
        same = frozenset(lb for lb in pool if lb not in used and province_of(lb) == province)
        if same:
            steps.append(FallbackStep(labels=same, how=f"same province: {province}"))
            used |= same
        ranked = sorted(
            (d, lb)
            for lb in pool
            if lb not in used and (d := _label_distance(here, lb)) is not None
        )
        for d, lb in ranked:
            steps.append(
                FallbackStep(
                    labels=frozenset({lb}),
                    how=f"nearest place with data: {lb}, about {d:.0f} km away",
                )
            )
    steps.append(FallbackStep(labels=None, how="all places"))
    return tuple(steps)
