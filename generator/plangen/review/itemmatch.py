"""Pairing the items of two versions of a list by identity, and finding which of them moved.

An item is known by its ``id``, or, for the requirements of one enterprise type, its ``type``
(strong identities: two different ones are never the same item); failing those by its ``name``
or ``title`` (weak: used when unique on both sides); an item whose name changed but nothing else is
followed, as git follows a renamed file. Items with no usable identity — none at all,
or one shared with another item such as a row of ``×××`` members — are aligned by content, and
those left over at the same place are paired in order, as position is all that identifies them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

Key = tuple[str, str] | None


def _first(item: Any, fields: tuple[str, ...]) -> Key:
    if isinstance(item, dict):
        for name in fields:
            if isinstance(item.get(name), str):
                return (name, item[name])
    return None


def strong_key(item: Any) -> Key:
    return _first(item, ("id", "type"))


def weak_key(item: Any) -> Key:
    """A name, a title, or — for a section that has no title of its own — its kind."""
    return _first(item, ("name", "title", "kind"))


def match(old: list[Any], new: list[Any]) -> dict[int, int]:
    """Pairs ``old index → new index`` of the items that are the same item in both lists."""
    pairs: dict[int, int] = {}
    for key in (strong_key, weak_key):
        old_keys = _unique(old, key, set(pairs))
        new_keys = _unique(new, key, set(pairs.values()))
        for k, i in old_keys.items():
            j = new_keys.get(k)
            if j is not None and _compatible(old[i], new[j]):
                pairs[i] = j
    _renamed(old, new, pairs)
    rest_old = [i for i in range(len(old)) if i not in pairs and _anonymous(old, i)]
    taken = set(pairs.values())
    rest_new = [j for j in range(len(new)) if j not in taken and _anonymous(new, j)]
    matcher = SequenceMatcher(
        None, [_fingerprint(old[i]) for i in rest_old], [_fingerprint(new[j]) for j in rest_new]
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                if _compatible(old[rest_old[i]], new[rest_new[j]]):
                    pairs[rest_old[i]] = rest_new[j]
    return pairs


def _renamed(old: list[Any], new: list[Any], pairs: dict[int, int]) -> None:
    """Pair a named item that left with one that came whose content, but for the name, is the
    same: it was renamed (as git follows a renamed file)."""
    taken = set(pairs.values())
    arrived: dict[str, int] = {}
    for j, item in enumerate(new):
        if j not in taken and strong_key(item) is None and not _anonymous(new, j):
            arrived.setdefault(_fingerprint(_unnamed(item)), j)
    for i, item in enumerate(old):
        if i in pairs or strong_key(item) is not None or _anonymous(old, i):
            continue
        fingerprint = _fingerprint(_unnamed(item))
        if fingerprint in arrived:
            pairs[i] = arrived.pop(fingerprint)


def _unnamed(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in ("name", "title")}


def moved(pairs: dict[int, int]) -> set[int]:
    """The old indices of paired items that changed place relative to the others: all but a
    longest run of pairs kept in the same order."""
    by_new = sorted(pairs.items(), key=lambda p: p[1])
    olds = [i for i, _ in by_new]
    # longest increasing subsequence of old indices, in new order (patience sorting)
    tails: list[int] = []
    tail_at: list[int] = []
    parent: list[int] = [-1] * len(olds)
    for n, value in enumerate(olds):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < value:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(value)
            tail_at.append(n)
        else:
            tails[lo] = value
            tail_at[lo] = n
        parent[n] = tail_at[lo - 1] if lo > 0 else -1
    keep: set[int] = set()
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        keep.add(olds[n])
        n = parent[n]
    return set(olds) - keep


def _unique(
    items: list[Any], key: Callable[[Any], Key], skip: set[int]
) -> dict[tuple[str, str], int]:
    keys = {i: key(item) for i, item in enumerate(items) if i not in skip}
    counts = Counter(k for k in keys.values() if k is not None)
    return {k: i for i, k in keys.items() if k is not None and counts[k] == 1}


def _compatible(a: Any, b: Any) -> bool:
    """Two items with different strong identities are never the same item."""
    ka, kb = strong_key(a), strong_key(b)
    return ka is None or kb is None or ka == kb


def _anonymous(items: list[Any], index: int) -> bool:
    """Whether an item has no identity that tells it apart from the others in its list."""
    for key in (strong_key, weak_key):
        k = key(items[index])
        if k is not None and sum(1 for other in items if key(other) == k) == 1:
            return False
    return True


def _fingerprint(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True, default=str)
