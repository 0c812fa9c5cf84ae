"""Validate plan files and enterprise-type catalogues: every problem, in one run, as data.

``validate_paths`` finds the YAML files, loads each (``loader``), checks it against its JSON
Schema and then runs the checks a schema cannot express (``checks``). It never raises for bad
input: problems come back as diagnostics, together with the plans that are fit to build.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

from plangen.core import cache
from plangen.core.diagnostics import Diagnostic
from plangen.core.project import display_path, resolved_name
from plangen.plan import checks, model, schemas
from plangen.plan.files import catalog_above, discover
from plangen.plan.loader import LoadedFile, load_file

if TYPE_CHECKING:
    import jsonschema


@dataclass
class Catalog:
    """The enterprise types that plans refer to, by id."""

    path: str
    types: dict[str, dict[str, Any]]
    text: str = ""  # the file as read: part of what a document is made from (build.input_hash)


@dataclass
class Plan:
    """A plan that loaded and validated clean, with the catalogue it refers to."""

    source: Path
    display: str
    data: dict[str, Any]
    catalog: Catalog
    loaded: LoadedFile


@dataclass
class ValidationResult:
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def validate_paths(
    paths: Iterable[Path], base: Path, catalogs: dict[Path, Catalog | None] | None = None
) -> ValidationResult:
    """Load and check every YAML file under ``paths``; files are named relative to ``base``
    (the repository's root), so names do not depend on where plangen was started. ``catalogs``
    keeps the catalogues read for later calls (their problems are reported the first time)."""
    files = discover(paths)  # resolved: named and their catalogues found without again
    result = ValidationResult(files=len(files))
    catalogs = {} if catalogs is None else catalogs
    root = base.resolve()
    for path in files:
        if path.name == schemas.CATALOG_FILENAME:
            _catalog(path, catalogs, result, base)
            continue
        loaded = load_file(path, resolved_name(path, root))
        result.diagnostics.extend(loaded.diagnostics)
        if not loaded.ok:
            continue
        catalog, catalog_name = None, None
        if not _own_catalog(loaded.data):
            catalog_path = catalog_above(path.parent)
            catalog = _catalog(catalog_path, catalogs, result, base) if catalog_path else None
            catalog_name = resolved_name(catalog_path, root) if catalog_path else None
        plan, problems = checked_plan(path, loaded, catalog, catalog_name)
        result.diagnostics.extend(problems)
        if plan is not None:
            result.plans.append(plan)
    return result


def checked_plan(
    path: Path, loaded: LoadedFile, catalog: Catalog | None, catalog_name: str | None
) -> tuple[Plan | None, list[Diagnostic]]:
    """A loaded plan checked against the schema and the checks, with the catalogue it uses
    (its own, the folder's, or none when it names no enterprise type); ``None`` when it has
    errors."""
    problems = plan_problems(loaded, catalog, catalog_name)
    if any(d.severity == "error" for d in problems):
        return None, problems
    own = _own_catalog(loaded.data)
    if own is not None:
        catalog = Catalog(loaded.path, {e["id"]: e for e in own})
    elif catalog is None:
        if any(True for _ in model.type_references(loaded.data)):
            return None, problems
        catalog = Catalog("", {})  # a plan for no particular enterprise types
    return Plan(path, loaded.path, loaded.data, catalog, loaded), problems


def _own_catalog(data: Any) -> list[dict[str, Any]] | None:
    own = data.get("enterprise_types") if isinstance(data, dict) else None
    return own if isinstance(own, list) else None


def plan_problems(
    loaded: LoadedFile, catalog: Catalog | None, catalog_name: str | None
) -> list[Diagnostic]:
    """Schema and semantic problems of a loaded plan. ``catalog`` is ``None`` when there is no
    usable catalogue; ``catalog_name`` names its file, or is ``None`` when there is none at all."""
    if model.is_old_form(loaded.data):
        where = ("body",)
        return [loaded.diag(where, "plan.old-form", "plan.old-form", on_key=True, path=loaded.path)]
    problems = schema_diagnostics(loaded, schemas.PLAN)
    own = _own_catalog(loaded.data)
    if own is not None:
        types = {e["id"]: e for e in own if isinstance(e, dict) and isinstance(e.get("id"), str)}
        problems += checks.check_plan(loaded, types, loaded.path)
    else:
        problems += checks.check_plan(loaded, catalog.types if catalog else None, catalog_name)
    return problems


def catalog_from(loaded: LoadedFile) -> tuple[Catalog | None, list[Diagnostic]]:
    """The catalogue in a loaded file, or ``None``, and its problems (an empty catalogue file is
    reported as such, not as an empty plan)."""
    problems = [
        Diagnostic(d.path, d.line, d.col, d.rule, "load.empty-catalog")
        if d.key == "load.empty"
        else d
        for d in loaded.diagnostics
    ]
    if not loaded.ok:
        return None, problems
    problems += schema_diagnostics(loaded, schemas.CATALOG)
    problems += checks.check_catalog(loaded)
    if any(d.severity == "error" for d in problems):
        return None, problems
    entries = loaded.data.get("enterprise_types", [])
    return Catalog(loaded.path, {e["id"]: e for e in entries}, loaded.text), problems


def _catalog(
    path: Path, cache: dict[Path, Catalog | None], result: ValidationResult, base: Path
) -> Catalog | None:
    """Load a catalogue once per run; its problems are reported the first time it is read."""
    path = path.resolve()
    if path in cache:
        return cache[path]
    catalog, diagnostics = catalog_from(load_file(path, display_path(path, base)))
    result.diagnostics.extend(diagnostics)
    cache[path] = catalog
    return catalog


# --- the schema check -------------------------------------------------------------------------


def schema_diagnostics(loaded: LoadedFile, schema_name: str) -> list[Diagnostic]:
    """Check ``loaded.data`` against a schema; one diagnostic per problem, at its line."""
    if is_valid(loaded.data, schema_name):  # the common case, checked by compiled code
        return []
    from plangen.plan import schema_errors  # jsonschema: only for a file with problems

    root = schemas.load_schema(schema_name)
    validator = _validator(schema_name)
    out: list[Diagnostic] = []
    for error in validator.iter_errors(loaded.data):
        out.extend(schema_errors.translate(error, loaded, root))
    return out


_VALIDATORS: dict[str, jsonschema.Draft7Validator] = {}
_COMPILED: dict[str, Callable[[Any], Any]] = {}
_CHECKED: dict[str, int] = {}

#: files checked by jsonschema before the schema is compiled to Python (fastjsonschema), when
#: the compiled code cannot be kept for later runs (no cache folder, or one that cannot be
#: written: ``core.cache``): compiling takes about 100 ms, then a plan takes 0.3 ms instead of 5,
#: so it pays for itself only after about 16 plans — and a rebuild after one plan was edited
#: checks one
INTERPRETED = 16


def expect(files: int) -> None:
    """Compile the plan schema now when about ``files`` files are to be checked, enough to pay
    for it (before a build forks its workers, so that they inherit the compiled code). The
    catalogue's schema too, though a process reads a catalogue once: to keep its compiled check
    (``core.cache``) for the runs that check one plan."""
    if files > INTERPRETED:
        _compile_all()


def is_valid(data: Any, schema_name: str) -> bool:
    """Whether ``data`` satisfies the schema: by compiled code where it can be kept for later
    runs (``core.cache``: compiled once, by the first run, however few plans it checks) or once
    compiling pays for itself in this run, else interpreted by jsonschema (it stops at the first
    error; both follow draft 7)."""
    import fastjsonschema  # here, not above: a command that checks no plan does not need it

    if schema_name not in _COMPILED and not cache.keeps():
        _CHECKED[schema_name] = _CHECKED.get(schema_name, 0) + 1
        if _CHECKED[schema_name] <= INTERPRETED:
            return bool(_validator(schema_name).is_valid(data))
        _compile_all()
    check = _compiled(schema_name)
    try:
        check(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _compile_all() -> None:
    """Both schemas compiled, and so kept for later runs (``core.cache``), once compiling pays."""
    for name in (schemas.PLAN, schemas.CATALOG):
        _compiled(name)


def _identity(schema_name: str) -> str:
    """What the compiled check of ``schema_name`` is made from: fastjsonschema's version and the
    schema exactly as it is given to it (``_for_compiling``)."""
    import fastjsonschema

    given = json.dumps(_for_compiling(schema_name), ensure_ascii=False, sort_keys=True)
    return f"fastjsonschema {fastjsonschema.VERSION}\n{given}"


def _for_compiling(schema_name: str) -> dict[str, Any]:
    """The schema without its relative ``$id``, which fastjsonschema would try to resolve as a
    URL."""
    return {k: v for k, v in schemas.load_schema(schema_name).items() if k != "$id"}


def _compiled(schema_name: str) -> Callable[[Any], Any]:
    """The schema's check, compiled to Python by fastjsonschema (or kept from an earlier run)."""
    if schema_name not in _COMPILED:
        import fastjsonschema

        schema = _for_compiling(schema_name)

        def make() -> CodeType:
            return compile(fastjsonschema.compile_to_code(schema), schema_name, "exec")

        namespace: dict[str, Any] = {}
        exec(cache.code("schema", _identity(schema_name), make), namespace)
        _COMPILED[schema_name] = namespace["validate"]
    return _COMPILED[schema_name]


def _validator(name: str) -> jsonschema.Draft7Validator:
    import jsonschema

    if name not in _VALIDATORS:
        _VALIDATORS[name] = jsonschema.Draft7Validator(schemas.load_schema(name))
    return _VALIDATORS[name]
