"""What ``plangen init`` and ``plangen new`` write, as texts: a plans repository and a new plan.

Pure: the functions return ``{relative path: text}`` or a text, and the CLI writes them (and never
over an existing file). The texts are package data in ``plan/data/scaffold/``, so a reviewer reads
the files an office gets as files, not as Python strings; only what depends on the repository
(dates, the schema's relative path, the enterprise types of its catalogue) is filled in here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import yaml

#: file in a new repository → the packaged text it is made from (the schemas come from
#: ``schemas.repository_schemas``, which knows what "this repository's schemas" are)
REPOSITORY_FILES: dict[str, str] = {
    "plans/enterprise-types.yaml": "enterprise-types.yaml",
    "plans/example.yaml": "example.yaml",
    "plangen.toml": "plangen.toml",
    "README.md": "README.md",
    ".gitignore": "gitignore",
    ".gitattributes": "gitattributes",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".vscode/settings.json": "vscode-settings.json",
    ".vscode/extensions.json": "vscode-extensions.json",
}
EXAMPLE_PLAN = "plans/example.yaml"

#: lines an existing file must hold for the repository to work as ``init`` sets it up
REQUIRED_LINES: dict[str, str] = {
    ".gitignore": "dist/",
    ".gitattributes": "*.docx diff=plangen-docx",
}

#: how long the campaign of a new plan runs, split evenly into its three phases
CAMPAIGN_DAYS = 90
PHASES = 3

_TOKEN = re.compile(r"\{\{(\w+)\}\}")


def packaged_text(name: str) -> str:
    """A scaffold text as shipped (``importlib.resources``: a wheel, an editable install, a zip)."""
    folder = resources.files("plangen.plan").joinpath("data", "scaffold")
    return folder.joinpath(name).read_text(encoding="utf-8")


def repository_files() -> dict[str, str]:
    """The files of a new plans repository (without the schemas), by path relative to its root."""
    return {path: packaged_text(name) for path, name in REPOSITORY_FILES.items()}


def new_plan(types: Iterable[Mapping[str, Any]], schema_ref: str, date: dt.date) -> str:
    """A plan with every section of the model, commented in Chinese, that validates as written:
    dated ``date``, with the requirements of each enterprise type in ``types`` (the entries of
    the catalogue, in its order), pointing editors at the schema ``schema_ref``."""
    entries = list(types)
    end = date + dt.timedelta(days=CAMPAIGN_DAYS - 1)
    values = {
        "schema": schema_ref,
        "date": date.isoformat(),
        "year": str(date.year),
        "start": date.isoformat(),
        "end": end.isoformat(),
        "enterprise_requirements": "".join(_requirement(e) for e in entries),
        "first_type": entries[0]["id"] if entries else "city-owned",
        "deadline": f"{end.month}月",
        "own_types": "".join(_own_type(e) for e in entries),
    }
    for number, (start, stop) in enumerate(_phases(date, end), start=1):
        values[f"phase{number}_start"] = start.isoformat()
        values[f"phase{number}_end"] = stop.isoformat()
    return fill(packaged_text("plan.yaml.in"), values)


def fill(template: str, values: Mapping[str, str]) -> str:
    """``{{name}}`` replaced by ``values[name]`` (not ``str.format``: YAML has braces of its own)."""
    return _TOKEN.sub(lambda match: values[match[1]], template)


def _phases(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """``PHASES`` consecutive, non-overlapping periods that fill ``start``–``end``."""
    days = (end - start).days + 1
    bounds = [start + dt.timedelta(days=days * i // PHASES) for i in range(PHASES + 1)]
    return [(bounds[i], bounds[i + 1] - dt.timedelta(days=1)) for i in range(PHASES)]


def _requirement(entry: Mapping[str, Any]) -> str:
    """The requirements of one enterprise type, indented for a 分类指导's ``requirements``."""
    name = _one_line(entry.get("name", ""))
    supervisor = _one_line(entry.get("supervisor", "")) or "××"
    return (
        f"        - type: {entry['id']}  # {name}\n"
        f"          goals: |  # 目标要求\n"
        f"            在这里写{name}开展活动的目标要求。\n"
        f"          tasks:  # 主要任务，每项写 name 和 text\n"
        f"            - name: 在这里写任务名称\n"
        f"              text: |\n"
        f"                在这里写任务的内容。\n"
        f"          supervision: {scalar(f'由{supervisor}督导。')}  # 督导安排\n"
        f"          # recipients:  # 这类企业分册的主送机关，默认取企业类型目录中的设置\n"
        f"          #   - 各{name}党组织\n"
    )


def _own_type(entry: Mapping[str, Any]) -> str:
    """One catalogue entry, commented out, for a plan that carries its own enterprise types."""
    lines = [f"#   - id: {entry['id']}", f"#     name: {scalar(_one_line(entry.get('name', '')))}"]
    if entry.get("supervisor"):
        lines.append(f"#     supervisor: {scalar(_one_line(entry['supervisor']))}")
    lines.append("#     recipients:")
    lines += [f"#       - {scalar(_one_line(r))}" for r in entry.get("recipients") or []]
    return "\n".join(lines) + "\n"


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())


def scalar(text: str) -> str:
    """``text`` as a YAML value on one line: plain when it reads back the same, else quoted."""
    try:
        plain_ok = yaml.safe_load(f"value: {text}") == {"value": text}
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else json.dumps(text, ensure_ascii=False)
