"""Property test (hypothesis): any plan the schema and the checks accept builds, every edition
re-opens as a Word file that matches its manifest entry, and holds every text of the plan that the
edition shows, in the plan's order.

The plans are generated valid by construction — sections of every kind, items to the deepest
level the numbering allows, stages with dates in order inside the campaign, 分类指导 with
requirements, ``only`` on sections, items, paragraphs and attachments, tables, attachments with
members and closing lines, a cover notice, a seal, joint issuers, 签发人, ``format`` file,
letter or plain, a draft ``status`` — then written as YAML in one of several styles and built by the function
``plangen build`` runs. The expected texts are read from the generated data by the rules the
README states (what an edition shows), not by plangen's own code.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plangen.core.errors import ProblemsFound
from plangen.core.project import find_project
from plangen.document import build as builder
from plangen.plan.checks import _HEAD_AND_COLOPHON as HEAD_AND_COLOPHON
from plangen.plan.schemas import KIND_TITLES

from .conftest import ROOT
from .docxread import W
from .test_properties import _dump, dump_styles
from .test_transaction import assert_matches_manifest

BUILDS = settings(
    max_examples=25,  # each builds a plan's every edition: about 0.1 s apiece
    deadline=None,
    derandomize=True,  # the same 25 plans in every run, so CI is stable
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CATALOG = yaml.safe_load((ROOT / "plans" / "enterprise-types.yaml").read_text(encoding="utf-8"))
TYPES = {t["id"]: t for t in CATALOG["enterprise_types"]}
#: the kinds of sections with no rules of their own (stages and 分类指导 are made apart)
KINDS = [kind for kind in KIND_TITLES if kind not in ("stages", "types")]

# --- texts -------------------------------------------------------------------------------------

HANZI = "党的群众路线教育实践活动企业工委市委组织部学习调研整改落实制度建设業與開"
#: what a drafter types in running text besides hanzi: Latin, digits, Chinese punctuation, and
#: marks that Markdown would act on but the drafter's rules do not (plain text, kept as typed)
PLAIN = (
    HANZI + "abcXYZ0123456789，。、；：？！“”‘’（）《》〔〕——…％·" + "*_`#[]()\\<>&-+.!|~=:{}\"'"
)

words = (
    st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(HANZI),
        st.text(PLAIN + " ", max_size=24).map(lambda s: " ".join(s.split())),
    )
    .map(str.strip)
    .filter(lambda s: "**" not in s)  # **bold** is the one mark: not plain text
)
#: a paragraph may start as Markdown's headings, rules, quotes and references do, or with a
#: number the drafter typed (kept as typed); not with a bullet (``- ``), a list by the rules. Its
#: lines (one sentence a line, as drafters write) start with hanzi: they join without a space
paragraph = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(["", "", "", "# ", "---", "> ", "[1]: ", "2014. ", "12. "]),
    st.lists(words, min_size=1, max_size=3).map("\n".join),
)


def _paragraphs(text: str) -> list[str]:
    return ["".join(line.strip() for line in p.split("\n")) for p in text.split("\n\n")]


texts = st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)
types = st.lists(st.sampled_from(list(TYPES)), min_size=1, max_size=3, unique=True)


@st.composite
def limited(draw: st.DrawFn, node: dict[str, Any]) -> dict[str, Any]:
    """``node``, limited to some enterprise types now and then."""
    if draw(st.integers(0, 3)) == 0:
        node["only"] = draw(types)
    return node


@st.composite
def text_fields(draw: st.DrawFn) -> Any:
    """A text: one string of paragraphs, or a list of paragraphs some of which are limited."""
    if draw(st.booleans()):
        return draw(texts)
    parts = []
    for text in draw(st.lists(paragraph, min_size=1, max_size=3)):
        parts.append({"text": text, "only": draw(types)} if draw(st.booleans()) else text)
    return parts


# --- parts of a plan ---------------------------------------------------------------------------

cells = st.one_of(words, st.integers(0, 9999))


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    width = draw(st.integers(1, 3))
    columns = [{"title": draw(words)} for _ in range(width)]
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=3))
    if width > 1 and draw(st.booleans()):  # a cell across the whole table
        rows.insert(draw(st.integers(0, len(rows))), [{"text": draw(words), "columns": width}])
    table: dict[str, Any] = {"columns": columns, "rows": rows}
    if draw(st.booleans()):
        table["numbered"] = True
    return table


@st.composite
def items(draw: st.DrawFn, level: int, levels: int, most: int = 3) -> list[dict[str, Any]]:
    """Items at heading ``level``, with children while the numbering has levels for them."""
    out = []
    for _ in range(draw(st.integers(1, most))):
        item: dict[str, Any] = {"name": draw(words)}
        if draw(st.booleans()):
            item["text"] = draw(text_fields())
        if draw(st.integers(0, 5)) == 0:
            item["table"] = draw(tables())
        if level < levels and draw(st.integers(0, 2)) == 0:
            item["items"] = draw(items(level + 1, levels, 2))
        out.append(draw(limited(item)))
    return out


@st.composite
def stages(draw: st.DrawFn, first: dt.date, last: dt.date, levels: int) -> list[dict[str, Any]]:
    """Stages with dates in order inside ``first``–``last``, some with only a start or an end."""
    count = draw(st.integers(1, 3))
    days = sorted(draw(st.lists(st.dates(first, last), min_size=2 * count, max_size=2 * count)))
    out = []
    for n in range(count):
        stage: dict[str, Any] = {"name": draw(words)}
        shown = draw(st.sampled_from(["both", "start", "end", "neither"]))
        if shown in ("both", "start"):
            stage["start"] = days[2 * n].isoformat()
        if shown in ("both", "end"):
            stage["end"] = days[2 * n + 1].isoformat()
        if draw(st.integers(0, 3)) == 0:
            stage["duration"] = draw(st.sampled_from(["45天左右", "1个月", "两周"]))
        if draw(st.booleans()):
            stage["text"] = draw(text_fields())
        if levels >= 3 and draw(st.booleans()):
            stage["items"] = draw(items(3, levels, 2))
        out.append(draw(limited(stage)))
    return out


@st.composite
def requirements(draw: st.DrawFn, levels: int) -> list[dict[str, Any]]:
    """分类指导: one entry for each of some enterprise types."""
    out = []
    for type_id in draw(types):
        entry: dict[str, Any] = {"type": type_id}
        if draw(st.booleans()):
            entry["goals"] = draw(text_fields())
        if levels >= 4 and draw(st.booleans()):  # the tasks are numbered at level 4
            entry["tasks"] = draw(items(4, levels, 2))
        if draw(st.booleans()):
            entry["supervision"] = draw(text_fields())
        if draw(st.integers(0, 3)) == 0:
            entry["recipients"] = draw(st.lists(words, min_size=1, max_size=2))
        out.append(entry)
    return out


@st.composite
def sections(draw: st.DrawFn, first: dt.date, last: dt.date, levels: int) -> list[Any]:
    out = []
    kinds = draw(st.lists(st.sampled_from([*KINDS, None]), max_size=3))  # None: a title only
    for special in ("stages", "types"):  # the kinds with rules of their own, in half the plans
        if draw(st.booleans()):
            kinds.insert(draw(st.integers(0, len(kinds))), special)
    for kind in kinds:
        section: dict[str, Any] = {}
        if kind is not None:
            section["kind"] = kind
        if kind is None or draw(st.booleans()):
            section["title"] = draw(words)
        if draw(st.booleans()):
            section["text"] = draw(text_fields())
        if kind == "types":
            section["requirements"] = draw(requirements(levels))
        elif kind == "stages":
            section["items"] = draw(stages(first, last, levels))
        else:
            if draw(st.integers(0, 3)) == 0:
                section["table"] = draw(tables())
            if draw(st.booleans()):
                section["items"] = draw(items(2, levels))
        out.append(draw(limited(section)))
    return out or [{"title": draw(words), "text": draw(text_fields())}]


@st.composite
def attachments(draw: st.DrawFn, levels: int) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 2))):
        attachment: dict[str, Any] = {"title": draw(words)}
        if draw(st.integers(0, 3)) == 0:
            attachment["recipients"] = draw(words)
        if draw(st.booleans()):
            attachment["text"] = draw(text_fields())
        if draw(st.integers(0, 3)) == 0:
            attachment["table"] = draw(tables())
        if draw(st.integers(0, 2)) == 0:
            attachment["items"] = draw(items(1, levels, 2))
        if draw(st.integers(0, 2)) == 0:
            members = st.fixed_dictionaries(
                {"role": st.sampled_from(["组长", "副组长", "成员"])},
                optional={"name": words, "post": words},
            )
            attachment["members"] = draw(st.lists(members, min_size=1, max_size=3))
        if draw(st.integers(0, 3)) == 0:
            attachment["closing"] = draw(st.lists(words, min_size=1, max_size=3))
        out.append(draw(limited(attachment)))
    return out


@st.composite
def documents(draw: st.DrawFn, day: dt.date) -> dict[str, Any]:
    """``document``: required fields, and any of the optional ones its format allows."""
    form = draw(st.sampled_from([None, "file", "letter", "plain"]))
    doc: dict[str, Any] = {"issuer": draw(words), "title": draw(words), "date": day.isoformat()}
    optional = {
        "number": st.builds(lambda n: f"天企工委发〔{day.year}〕{n}号", st.integers(1, 99)),
        "copy_number": st.integers(1, 999999).map(lambda n: f"{n:06d}"),
        "classification": st.sampled_from(["秘密", "机密★1年"]),
        "urgency": st.sampled_from(["特急", "加急"]),
        "cc": st.lists(words, min_size=1, max_size=2),
        "printer": words,
        "print_date": st.dates(day, day + dt.timedelta(days=60)).map(dt.date.isoformat),
        "issuer_mark": words,
        "recipients": st.lists(words, min_size=1, max_size=3),
        "signatory": words,
        "seal": st.just(True),  # false is the default
        "note": words,
        "status": st.sampled_from(["征求意见稿", "送审稿"]),
    }
    for name, values in optional.items():
        if form == "plain" and name in HEAD_AND_COLOPHON:
            continue
        if form == "letter" and name in ("printer", "print_date"):
            continue
        if draw(st.integers(0, 2)) == 0:
            doc[name] = draw(values)
    if draw(st.integers(0, 3)) == 0:  # 联合行文: other issuers, none of them the host
        joint = draw(st.lists(words, min_size=1, max_size=3, unique=True))
        doc["joint_issuers"] = [name for name in joint if name != doc["issuer"]] or ["天水市总工会"]
    if form in (None, "file") and draw(st.integers(0, 3)) == 0:  # 签发人: the file format only
        doc["signers"] = draw(
            st.lists(st.sampled_from(SIGNERS), min_size=1, max_size=3, unique=True)
        )
    if form is not None:
        doc["format"] = form
    return doc


SIGNERS = ["张三", "李四民", "王五", "赵六", "欧阳修文"]


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    year_end = day.replace(month=12, day=31)
    first, last = sorted([draw(st.dates(day, year_end)), draw(st.dates(day, year_end))])
    forms = draw(
        st.sampled_from([None, ["一、", "（一）", "1.", "（1）"], ["一、", "1.", "（1）"]])
    )
    levels = 4 if forms is None else len(forms)
    plan: dict[str, Any] = {"document": draw(documents(day))}
    if draw(st.booleans()):
        plan["campaign"] = {
            "name": draw(words),
            "start": first.isoformat(),
            "end": last.isoformat(),
        }
    if forms is not None:
        plan["numbering"] = forms
    if draw(st.integers(0, 3)) == 0:
        plan["notice"] = {"plan_as": draw(st.sampled_from(["page", "attachment"]))}
        if draw(st.booleans()):
            plan["notice"]["text"] = draw(text_fields())
    body: dict[str, Any] = {"sections": draw(sections(first, last, levels))}
    if draw(st.booleans()):
        body["lead"] = draw(text_fields())
    plan["body"] = body
    if found := draw(attachments(levels)):
        plan["attachments"] = found
    return plan


# --- what an edition shows ---------------------------------------------------------------------


class Expected:
    """The plan's texts an edition shows, in the plan's order: the README's rules, read from the
    generated data."""

    def __init__(self, plan: dict[str, Any], edition: str) -> None:
        self.plan = plan
        self.edition = edition

    def shows(self, node: Any) -> bool:
        only = node.get("only") if isinstance(node, dict) else None
        return self.edition == "full" or only is None or self.edition in only

    def text(self, value: Any) -> Iterator[str]:
        if value is None:
            return
        parts = [value] if isinstance(value, str) else value
        for part in parts:
            if self.shows(part):
                yield from _paragraphs(part if isinstance(part, str) else part["text"])

    def table(self, table: dict[str, Any] | None) -> Iterator[str]:
        if table:
            yield from (column["title"] for column in table["columns"])
            for row in table["rows"]:
                yield from (str(c["text"] if isinstance(c, dict) else c) for c in row)

    def items(self, items: list[dict[str, Any]] | None) -> Iterator[str]:
        for item in items or []:
            if self.shows(item):
                yield item["name"]
                yield from self.text(item.get("text"))
                yield from self.table(item.get("table"))
                yield from self.items(item.get("items"))

    def requirement(self, entry: dict[str, Any]) -> Iterator[str]:
        yield from self.text(entry.get("goals"))
        yield from self.items(entry.get("tasks"))
        yield from self.text(entry.get("supervision"))

    def types(self, section: dict[str, Any]) -> Iterator[str]:
        """The full plan: the section and every type's part; an edition: its own type's part only
        (under a heading of its own, without the section's text)."""
        for entry in section["requirements"]:
            if self.edition == "full":
                yield TYPES[entry["type"]]["name"]
            if self.edition in ("full", entry["type"]):
                yield from self.requirement(entry)

    def section(self, section: dict[str, Any]) -> Iterator[str]:
        if section.get("kind") == "types":
            if self.edition == "full":
                yield from (t for t in [section.get("title")] if t)
                yield from self.text(section.get("text"))
            yield from self.types(section)
            return
        yield from (t for t in [section.get("title")] if t)
        yield from self.text(section.get("text"))
        yield from self.table(section.get("table"))
        yield from self.items(section.get("items"))

    def attachment(self, attachment: dict[str, Any]) -> Iterator[str]:
        yield attachment["title"]
        yield from (t for t in [attachment.get("recipients")] if t)
        yield from self.text(attachment.get("text"))
        yield from self.table(attachment.get("table"))
        yield from self.items(attachment.get("items"))
        for member in attachment.get("members") or []:
            yield from (member[k] for k in ("name", "post") if k in member)
        yield from attachment.get("closing") or []

    def recipients(self) -> Iterator[str]:
        """主送: the plan's, or in an edition its type's own (its 分类指导's, else the catalogue's)."""
        names = self.plan["document"].get("recipients")
        if self.edition != "full":
            own = [
                entry
                for section in self.plan["body"]["sections"]
                for entry in section.get("requirements") or []
                if entry["type"] == self.edition
            ]
            names = (own[0] if own else {}).get("recipients") or TYPES[self.edition]["recipients"]
        if names:
            yield "、".join(names) + "："

    def closing(self) -> Iterator[str]:
        doc = self.plan["document"]
        yield doc.get("signatory", doc["issuer"])
        yield from doc.get("joint_issuers") or []  # each issuer signs, the host first
        yield from (f"（{n}）" for n in [doc.get("note")] if n)

    def all(self) -> Iterator[str]:
        plan = self.plan
        notice = plan.get("notice")
        if notice is not None:  # the notice takes the 主送, the signature and the note
            yield from self.recipients()
            yield from self.text(notice.get("text"))
            yield from self.closing()
        yield plan["document"]["title"]
        if notice is None:
            yield from self.recipients()
        yield from self.text(plan["body"].get("lead"))
        for section in plan["body"]["sections"]:
            if self.shows(section):
                yield from self.section(section)
        if notice is None:
            yield from self.closing()
        for attachment in plan.get("attachments") or []:
            if self.shows(attachment):
                yield from self.attachment(attachment)


def editions(plan: dict[str, Any]) -> list[str]:
    """The full plan, then one edition for each type its 分类指导 names (in its order), then for
    each other type a part is limited to (in the catalogue's order)."""
    named = [e["type"] for s in plan["body"]["sections"] for e in s.get("requirements") or []]
    limited = set(_only(plan))
    return ["full", *dict.fromkeys([*named, *(t for t in TYPES if t in limited)])]


def _only(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        yield from node.get("only") or []
        for value in node.values():
            yield from _only(value)
    elif isinstance(node, list):
        for value in node:
            yield from _only(value)


def document_text(data: bytes) -> str:
    """Every text of the document's body, paragraphs (and table cells) in order, run together."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        body = etree.fromstring(archive.read("word/document.xml"))
    return "".join(t.text or "" for t in body.iter(f"{{{W}}}t"))


def assert_in_order(expected: list[str], text: str) -> None:
    at = 0
    for n, wanted in enumerate(expected):
        found = text.find(wanted, at)
        assert found >= 0, (
            f"text {n} {wanted!r} is missing after {text[max(0, at - 40) : at]!r}: {text!r}"
        )
        at = found + len(wanted)


# --- the property ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog_text() -> str:
    return (ROOT / "plans" / "enterprise-types.yaml").read_text(encoding="utf-8")


@BUILDS
@given(plan=plans(), style=dump_styles)
def test_every_generated_plan_builds_and_shows_all_its_text(
    catalog_text: str, plan: dict[str, Any], style: str | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".git").mkdir()
        (root / "plans").mkdir()
        (root / "plans" / "enterprise-types.yaml").write_text(catalog_text, encoding="utf-8")
        source = root / "plans" / "generated.yaml"
        source.write_text(_dump(plan, style), encoding="utf-8")
        out = root / "dist"
        try:
            builder.build([source], out, find_project(root))
        except ProblemsFound as problems:
            pytest.fail(f"a valid plan was refused: {problems.diagnostics}\n{_dump(plan, style)}")
        assert_matches_manifest(out)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert [entry["edition"] for entry in manifest["documents"]] == editions(plan)
        for entry in manifest["documents"]:
            data = (out / entry["docx"]).read_bytes()
            docx.Document(io.BytesIO(data))  # Word's model of it opens
            expected = list(Expected(plan, entry["edition"]).all())
            assert_in_order(expected, document_text(data))
