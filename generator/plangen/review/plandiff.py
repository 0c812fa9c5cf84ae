"""A semantic diff of two plans, in the plan's own terms. Pure: plan data in, changes out.

Where a change is, is said the way the documents say it — 基本原则「坚持正面教育为主」,
第二环节「查摆问题、开展批评」, 非公企业要求 › 主要任务 — using the section headings of the plan,
the field titles of the schema and the enterprise type names of the catalogue. Items of a list are
paired by identity (``itemmatch``), so a moved principle is one move, not a deletion and an
addition; text is compared by meaning (``textmodel``: re-breaking lines changes nothing) and
character by character (``textdiff``).

Each change also says which documents it touches: the requirements of one enterprise type touch
the full plan and that type's edition; an attachment limited to some editions touches those;
anything else touches the full plan and every edition.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from plangen.core.vocab import FULL, chinese_number, format_date
from plangen.plan import model, schemas, textmodel
from plangen.plan.textmodel import PathKey
from plangen.review import itemmatch, textdiff

#: list styles: how the items of a list are named
_SECTION, _PHASE, _REQUIREMENT, _ATTACHMENT = "section", "phase", "requirement", "attachment"
_SECTION_ITEMS, _NESTED, _FIELD = "section-items", "nested", "field"
_STANDALONE = (_SECTION, _PHASE, _REQUIREMENT, _ATTACHMENT)


#: what the items of a stage are called
STEPS = "步骤"

#: the shortest excerpt of a text that names an unnamed item
_EXCERPT = 20


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Change:
    """One change: where (the plan's terms, outermost first), what kind, and the values.

    Kinds: ``text`` (with ``segments``), ``text-added``, ``text-removed``, ``value`` (``field``
    ``old`` → ``new``), ``field-added``, ``field-removed``, ``added`` and ``removed`` (a whole
    section, phase, enterprise type or attachment), ``item-added`` and ``item-removed`` (an item of
    a list, named by ``new``/``old``), ``moved`` (from position ``old`` to ``new``)."""

    where: tuple[str, ...]
    kind: str
    path: PathKey
    field: str = ""
    old: str | None = None
    new: str | None = None
    segments: tuple[textdiff.Segment, ...] = ()
    scope: frozenset[str] | None = None
    editions: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanDiff:
    """The changes between two versions of a plan and the documents they touch."""

    changes: tuple[Change, ...]
    editions: tuple[str, ...]
    all_editions: tuple[str, ...]
    names: dict[str, str] = field(default_factory=dict)


def diff_plans(old: dict[str, Any], new: dict[str, Any], names: dict[str, str]) -> PlanDiff:
    """Compare two validated plans; ``names`` maps enterprise type ids to their names."""
    walker = _Walker(names, old, new)
    walker.mapping((), (), old, new, None)
    every = _ordered({*editions_of(old), *editions_of(new)}, names)
    changes = tuple(replace(c, editions=_resolve(c.scope, every)) for c in walker.changes)
    touched = {e for c in changes for e in c.editions}
    return PlanDiff(changes, tuple(e for e in every if e in touched), every, dict(names))


def editions_of(plan: dict[str, Any] | None) -> tuple[str, ...]:
    """The documents generated from a plan: ``full`` and one edition per enterprise type it
    names (in its 分类指导 or in an ``only``)."""
    if plan is None:
        return ()
    named = [str(ref) for _, ref in model.type_references(plan) if isinstance(ref, str)]
    return (FULL, *dict.fromkeys(named))


def _ordered(keys: set[str], names: dict[str, str]) -> tuple[str, ...]:
    """Full plan first, then the editions in catalogue order."""
    rank = {key: n for n, key in enumerate(names)}
    return tuple(sorted(keys, key=lambda k: (k != FULL, rank.get(k, len(rank)), k)))


def _resolve(scope: frozenset[str] | None, every: tuple[str, ...]) -> tuple[str, ...]:
    if scope is None:
        return every
    return tuple(e for e in every if e == FULL or e in scope)


def display_value(value: Any, kind: str) -> str:
    """A value as the documents show it: dates as 2014年7月15日, lists joined with 、."""
    if kind == "date" and isinstance(value, str):
        return format_date(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def excerpt(text: str) -> str:
    flat = textmodel.normalise(text).replace("\n", "")
    return flat if len(flat) <= _EXCERPT else flat[:_EXCERPT] + "…"


class _Walker:
    def __init__(self, names: dict[str, str], old: dict[str, Any], new: dict[str, Any]) -> None:
        self.names = names
        self.old, self.new = old, new
        self.changes: list[Change] = []

    def add(self, where: tuple[str, ...], kind: str, path: PathKey, scope: Any, **kw: Any) -> None:
        self.changes.append(Change(where, kind, path, scope=scope, **kw))

    # --- mappings -------------------------------------------------------------------------

    def mapping(
        self, path: PathKey, where: tuple[str, ...], old: Any, new: Any, scope: Any
    ) -> None:
        keys = textmodel.field_order(path)
        keys += sorted(k for k in {*old, *new} if k not in keys)
        for key in keys:
            o, n = old.get(key, MISSING), new.get(key, MISSING)
            if (o is MISSING and n is MISSING) or o == n:
                continue
            self.value((*path, key), where, o, n, scope)

    def value(self, path: PathKey, where: tuple[str, ...], o: Any, n: Any, scope: Any) -> None:
        kind = textmodel.kind_of(path)
        key = path[-1]
        if key == "table":
            self.table(path, where, o, n, scope)
        elif kind == "mapping":
            inner = where if path == ("body",) else (*where, self.heading(path, o, n))
            if o is MISSING or n is MISSING:
                self.add(inner, "removed" if n is MISSING else "added", path, scope)
            else:
                self.mapping(path, inner, o, n, scope)
        elif kind == "list":
            self.items(path, where, [] if o is MISSING else o, [] if n is MISSING else n, scope)
        elif kind == "text":
            inner = where if key == "text" else (*where, textmodel.title_of(path))
            self.text(path, inner, o, n, scope)
        else:
            if key == "only":  # enterprise type ids: show their names
                scope = _only_scope(scope, o, n)
                o, n = (v if v is MISSING else [self.names.get(t, t) for t in v] for v in (o, n))
            if key == "kind":  # a section's kind: show the title documents give it
                o, n = (v if v is MISSING else model.KIND_TITLES.get(v, v) for v in (o, n))
            self.scalar(path, where, o, n, scope, kind)

    def scalar(
        self, path: PathKey, where: tuple[str, ...], o: Any, n: Any, scope: Any, kind: str
    ) -> None:
        title = textmodel.title_of(path)
        if o is MISSING:
            self.add(where, "field-added", path, scope, field=title, new=display_value(n, kind))
        elif n is MISSING:
            self.add(where, "field-removed", path, scope, field=title, old=display_value(o, kind))
        else:
            old_shown, new_shown = display_value(o, kind), display_value(n, kind)
            self.add(where, "value", path, scope, field=title, old=old_shown, new=new_shown)

    def heading(self, path: PathKey, o: Any, n: Any) -> str:
        """How a mapping is named: a section, item or attachment by its own title."""
        if path[:2] == ("body", "sections") or path[:1] == ("attachments",):
            for side in (n, o):
                title = schemas.own_title(side)
                if title:
                    return title
        return textmodel.title_of(path)

    def text(self, path: PathKey, where: tuple[str, ...], o: Any, n: Any, scope: Any) -> None:
        old = "" if o is MISSING else textmodel.normalise(o)
        new = "" if n is MISSING else textmodel.normalise(n)
        if old == new:
            return
        kind = "text-added" if o is MISSING else "text-removed" if n is MISSING else "text"
        self.add(where, kind, path, scope, segments=tuple(textdiff.segments(old, new)))

    def table(self, path: PathKey, where: tuple[str, ...], o: Any, n: Any, scope: Any) -> None:
        """A table, as a reviewer reads one: its columns, then each row by its number."""
        inner = (*where, textmodel.title_of(path))
        if o is MISSING or n is MISSING:
            self.add(inner, "removed" if n is MISSING else "added", path, scope)
            return
        for key in ("title", "kind", "numbered"):
            if o.get(key, MISSING) != n.get(key, MISSING):
                self.value((*path, key), inner, o.get(key, MISSING), n.get(key, MISSING), scope)
        old_cols, new_cols = (_columns(side) for side in (o, n))
        if old_cols != new_cols:
            field = textmodel.title_of((*path, "columns"))
            self.add(
                inner, "value", (*path, "columns"), scope, field=field, old=old_cols, new=new_cols
            )
        old_rows, new_rows = o.get("rows") or [], n.get("rows") or []
        for index in range(max(len(old_rows), len(new_rows))):
            before = _row(old_rows[index]) if index < len(old_rows) else None
            after = _row(new_rows[index]) if index < len(new_rows) else None
            if before == after:
                continue
            where_row = (*inner, f"第{index + 1}行")
            row_path = (*path, "rows", index)
            if before is None:
                self.add(inner, "item-added", row_path, scope, new=after)
            elif after is None:
                self.add(inner, "item-removed", row_path, scope, old=before)
            else:
                segments = tuple(textdiff.segments(before, after))
                self.add(where_row, "text", row_path, scope, segments=segments)

    # --- lists of items -------------------------------------------------------------------

    def style(self, path: PathKey) -> str:
        """How the items of the list at ``path`` are named (see the styles above)."""
        generic: PathKey = tuple(0 if isinstance(p, int) else p for p in path)
        if generic == ("body", "sections"):
            return _SECTION
        if generic == ("attachments",):
            return _ATTACHMENT
        if generic == ("body", "sections", 0, "requirements"):
            return _REQUIREMENT
        if generic == ("body", "sections", 0, "items"):
            return _PHASE if self.kind_at(path[:3]) == "stages" else _SECTION_ITEMS
        if generic == ("attachments", 0, "items"):
            return _SECTION_ITEMS
        if (
            generic == ("body", "sections", 0, "items", 0, "items")
            and self.kind_at(path[:3]) == "stages"
        ):
            return _FIELD  # a stage's steps: 第一环节 › 步骤「……」
        return _NESTED if path[-1] == "items" else _FIELD

    def list_title(self, path: PathKey) -> str:
        """What a list is called where it is named as a field of its owner."""
        if path[-1] == "items" and path[:2] == ("body", "sections") and len(path) == 6:
            return STEPS
        return textmodel.title_of(path)

    def kind_at(self, path: PathKey) -> Any:
        """The kind of the section at ``path`` in the new version (else the old)."""
        for side in (self.new, self.old):
            found = model.value_at(side, (*path, "kind"))
            if found is not None:
                return found
        return None

    def label(
        self, style: str, path: PathKey, where: tuple[str, ...], item: Any, pos: int, unique: bool
    ) -> str:
        """How the item at 1-based ``pos`` is named in its list (by position when its name is
        shared with another item)."""
        item = item if isinstance(item, dict) else {}
        if style == _PHASE:
            return f"第{chinese_number(pos)}环节「{item.get('name', '')}」"
        if style == _REQUIREMENT:
            kind = str(item.get("type", ""))
            return f"{self.names.get(kind, kind)}要求"
        if style == _SECTION:
            return schemas.own_title(item) or f"第{chinese_number(pos)}部分"
        if style == _ATTACHMENT:
            return f"附件「{item.get('title', '')}」"
        own = item.get("name") or item.get("title")
        ident = f"「{own}」" if isinstance(own, str) and unique else f"第{pos}条"
        if style == _SECTION_ITEMS:
            return where[-1] + ident
        if style == _FIELD:
            return self.list_title(path) + ident
        return ident

    def item_where(self, style: str, where: tuple[str, ...], label: str) -> tuple[str, ...]:
        if style in _STANDALONE:
            return (label,)
        if style == _SECTION_ITEMS:
            return (*where[:-1], label)
        return (*where, label)

    def item_scope(self, style: str, scope: Any, *items: Any) -> Any:
        """The editions a change inside these items (the old and the new) can touch."""
        if style == _REQUIREMENT:
            return frozenset(str(i.get("type")) for i in items if isinstance(i, dict))
        limits = [i.get("only") for i in items if isinstance(i, dict)]
        lists = [x for x in limits if isinstance(x, list)]
        if lists and len(lists) == len(limits):
            own = frozenset(str(e) for x in lists for e in x)
            return own if scope is None else own & scope
        return scope

    def items(
        self, path: PathKey, where: tuple[str, ...], old: list[Any], new: list[Any], scope: Any
    ) -> None:
        style = self.style(path)
        pairs = itemmatch.match(old, new)
        list_where = where if style != _FIELD else (*where, self.list_title(path))
        for i, item in enumerate(old):
            if i not in pairs:
                label = self.label(style, path, where, item, i + 1, _unique_name(old, item))
                self.one_sided(style, (*path, i), label, list_where, item, scope, "removed")
        moved = itemmatch.moved(pairs)
        by_new = {j: i for i, j in pairs.items()}
        for j, item in enumerate(new):
            label = self.label(style, path, where, item, j + 1, _unique_name(new, item))
            if j not in by_new:
                self.one_sided(style, (*path, j), label, list_where, item, scope, "added")
                continue
            i = by_new[j]
            inner = self.item_where(style, where, label)
            inner_scope = self.item_scope(style, scope, old[i], item)
            if i in moved:
                move_scope = frozenset() if style == _REQUIREMENT else inner_scope
                self.add(inner, "moved", (*path, j), move_scope, old=str(i + 1), new=str(j + 1))
            if old[i] != item:
                self.mapping((*path, j), inner, old[i], item, inner_scope)

    def one_sided(
        self,
        style: str,
        path: PathKey,
        label: str,
        list_where: tuple[str, ...],
        item: Any,
        scope: Any,
        how: str,
    ) -> None:
        """An item only in the old (``how="removed"``) or only in the new list."""
        item_scope = self.item_scope(style, scope, item)
        if style in _STANDALONE:
            self.add((label,), how, path, item_scope)
            return
        item = item if isinstance(item, dict) else {}
        text, named = item.get("text"), item.get("name") or item.get("title")
        shown = (
            named if isinstance(named, str) else excerpt(text) if isinstance(text, str) else label
        )
        parts: tuple[textdiff.Segment, ...] = ()
        if isinstance(text, str):
            parts = (("+" if how == "added" else "-", textmodel.normalise(text)),)
        values = {"new": shown} if how == "added" else {"old": shown}
        self.add(list_where, f"item-{how}", path, item_scope, segments=parts, **values)


def _unique_name(items: list[Any], item: Any) -> bool:
    key = itemmatch.weak_key(item)
    return key is not None and sum(1 for other in items if itemmatch.weak_key(other) == key) == 1


@dataclass(frozen=True)
class Comparison:
    """Two versions of one plan: either side is ``None`` when the plan is new or was removed."""

    old_label: str | None
    new_label: str | None
    diff: PlanDiff

    @property
    def status(self) -> str:
        if self.old_label is None:
            return "added"
        if self.new_label is None:
            return "removed"
        return "modified"

    @property
    def differs(self) -> bool:
        return self.status != "modified" or bool(self.diff.changes)


def compare(
    old_label: str | None,
    new_label: str | None,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    names: dict[str, str],
) -> Comparison:
    """Compare two versions of a plan; a plan that exists on one side only touches all its
    documents."""
    if old is not None and new is not None:
        return Comparison(old_label, new_label, diff_plans(old, new, names))
    every = _ordered(set(editions_of(new if new is not None else old)), names)
    return Comparison(old_label, new_label, PlanDiff((), every, every, dict(names)))


def _only_scope(scope: Any, old: Any, new: Any) -> Any:
    """The editions a change of ``only`` touches: those it adds or removes — all of them when
    either side has no limit (no limit is every edition)."""
    if isinstance(old, list) and isinstance(new, list):
        return frozenset(str(t) for t in set(old) ^ set(new))
    return scope


def _columns(table: dict[str, Any]) -> str:
    return "、".join(
        str(c.get("title", "")) for c in table.get("columns") or [] if isinstance(c, dict)
    )


def _row(row: Any) -> str:
    """A table row as one line: its cells' texts joined by ｜."""
    cells = row if isinstance(row, list) else [row]
    return "｜".join(str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in cells)
