"""The download page and the preview pages as HTML. Pure: the site model in, UTF-8 bytes out.

Every value from a plan or the manifest is escaped on the way in; links are percent-encoded
paths relative to the page, so the site works from any folder, over ``plangen serve`` or opened
as a file. A Content-Security-Policy names the one inline style sheet and script by their hashes:
the page loads nothing else, and no script could run that the page did not bring.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterator
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import quote

from plangen.core.messages import Words
from plangen.core.vocab import format_date
from plangen.site import assets as siteassets
from plangen.site.history import History
from plangen.site.model import Bundle, DocumentEntry, PlanEntry, SiteModel


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _href(rel: str, depth: int = 0) -> str:
    return _e("../" * depth + quote(rel, safe="/"))


def file_size(size: int) -> str:
    """``18.3 KB``, ``1.2 MB``."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 1) / 1024:.1f} KB"


@lru_cache(maxsize=8)  # the same style sheet and script on every preview page
def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _page(t: Words, title: str, css: str, body: str, script: str = "") -> bytes:
    policy = f"default-src 'none'; style-src {_hash(css)}; base-uri 'none'; form-action 'none'"
    if script:  # the script may ask this server when the documents were made (HEAD)
        policy += f"; script-src {_hash(script)}; connect-src 'self'"
    lang = "en" if t.lang == "en" else "zh-CN"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        body,
        *([f"<script>{script}</script>"] if script else []),
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _download_links(t: Words, doc: DocumentEntry, depth: int = 0) -> str:
    links = [
        f'<a class="button" href="{_href(doc.docx, depth)}" '
        f'download="{_e(PurePosixPath(doc.docx).name)}">{t("site.page.word")} '
        f'<span class="size">{file_size(doc.docx_size)}</span></a>'
    ]
    if doc.pdf:
        links.append(
            f'<a class="button secondary" href="{_href(doc.pdf, depth)}" '
            f'download="{_e(PurePosixPath(doc.pdf).name)}">{t("site.page.pdf")} '
            f'<span class="size">{file_size(doc.pdf_size or 0)}</span></a>'
        )
    return " ".join(links)


def _version(t: Words, plan: PlanEntry) -> str:
    """第N版 and when, in a secretary's words; hashes and commits folded away as 技术信息."""
    history = plan.history
    tech = t("site.page.version-hash", hash=plan.content_hash[:12])
    if history is None:
        shown = t("site.page.version-unknown")
    else:
        commit = history.commit
        tech += t("site.page.sep") + t(
            "site.page.version-git", commit=commit.short, date=format_date(commit.date)
        )
        if history.uncommitted:
            tech += t("site.page.uncommitted")
            shown = t("site.page.version-draft", n=history.number)
        else:
            shown = t("site.page.version-n", n=history.number, date=format_date(commit.date))
    summary = _e(t("site.page.tech"))
    return f'{_e(shown)} <details class="tech"><summary>{summary}</summary>{_e(tech)}</details>'


def _changes(t: Words, history: History) -> str:
    previous = history.previous
    if previous is None:
        return _e(t("site.page.changes-first"))
    when = {"n": history.previous_number, "date": format_date(previous.date)}
    if history.changes is None:
        return _e(t("site.page.changes-unknown", subject=previous.subject, **when))
    if not history.changes:
        return _e(t("site.page.changes-none", **when))
    items = "\n".join(
        f'<li><span class="where">{_e(c.where)}</span>：{_e(c.what)}{_e(c.affects)}</li>'
        for c in history.changes
    )
    summary = _e(t("site.page.changes-count", count=len(history.changes), **when))
    return f'<details class="changes"><summary>{summary}</summary>\n<ul>\n{items}\n</ul></details>'


def _meta(t: Words, plan: PlanEntry) -> Iterator[str]:
    rows = [
        (t("site.page.issuer"), _e(plan.issuer)),
        (t("site.page.number"), _e(plan.number)),
        (t("site.page.date"), _e(format_date(plan.date))),
        (t("site.page.version"), _version(t, plan)),
    ]
    if plan.documents:  # the time its documents were written: filled in by the page's script
        made = _e(t("site.page.made-unknown"))
        first = _href(plan.documents[0].docx)
        rows.append((t("site.page.made"), f'<span class="made" data-made="{first}">{made}</span>'))
    if plan.history is not None:
        rows.append((t("site.page.changes"), _changes(t, plan.history)))
    yield '<dl class="meta">'
    for label, value in rows:
        yield f"<div><dt>{_e(label)}</dt><dd>{value}</dd></div>"
    yield "</dl>"


def _doc_changes(t: Words, doc: DocumentEntry) -> str:
    if doc.changes is None:
        return "—"
    if doc.changes:
        return f'<span class="changed">{_e(t("site.page.doc-changes", count=doc.changes))}</span>'
    return _e(t("site.page.doc-unchanged"))


def _plan(t: Words, plan: PlanEntry, number: int) -> Iterator[str]:
    searchable = f"{plan.title} {plan.issuer} {plan.number}"
    yield (
        f'<section class="plan" id="plan-{number}" data-date="{_e(plan.date)}" '
        f'data-title="{_e(plan.title)}" data-search="{_e(searchable)}">'
    )
    yield f"<h2>{_e(plan.title)}</h2>"
    yield from _meta(t, plan)
    yield '<table class="documents">'
    known = plan.history is not None  # outside git there is nothing to say about changes
    heads = ("col-document", "col-download", *(("col-changes",) if known else ()), "col-preview")
    yield "<thead><tr>" + "".join(
        f'<th scope="col" class="{h}">{_e(t("site.page." + h))}</th>' for h in heads
    )
    yield "</tr></thead><tbody>"
    for doc in plan.documents:
        yield f'<tr data-edition="{_e(doc.edition)}">'
        yield (
            f'<th scope="row"><span class="edition">{_e(doc.edition_name)}</span>'
            f'<span class="filename">{_e(PurePosixPath(doc.docx).name)}</span></th>'
        )
        yield f"<td>{_download_links(t, doc)}</td>"
        if known:
            yield f"<td>{_doc_changes(t, doc)}</td>"
        yield (
            f'<td class="col-preview"><a href="{_href(doc.preview)}">'
            f"{_e(t('site.page.preview'))}</a></td>"
        )
        yield "</tr>"
    yield "</tbody></table>"
    yield "</section>"


def _filter(t: Words, model: SiteModel) -> Iterator[str]:
    counts = {key: 0 for key, _ in model.filters}
    for plan in model.plans:
        for doc in plan.documents:
            counts[doc.edition] += 1
    total = sum(counts.values())
    yield f'<nav class="filter" id="filter" hidden aria-label="{_e(t("site.page.filter"))}">'
    yield f'<span class="filter-label">{_e(t("site.page.filter"))}</span>'
    choices = [("", t("site.page.filter-all"), total)]
    choices += [(key, name, counts[key]) for key, name in model.filters]
    for key, name, count in choices:
        yield (
            f'<button type="button" data-type="{_e(key)}" aria-pressed="false">'
            f"{_e(name)}（{count}）</button>"
        )
    yield "</nav>"


def _bundle(t: Words, bundle: Bundle) -> str:
    label = t("site.page.bundle", name=bundle.name, files=bundle.files)
    return (
        f'<li data-bundle="{_e(bundle.key)}"><a class="button secondary" '
        f'href="{_href(bundle.path)}" download="{_e(PurePosixPath(bundle.path).name)}">'
        f'{_e(label)} <span class="size">{file_size(bundle.size)}</span></a></li>'
    )


def _tools(t: Words) -> Iterator[str]:
    """A search box and the order of the plans (the script shows them; without it, the list)."""
    yield '<div class="tools" id="tools" hidden>'
    yield (
        f'<label>{_e(t("site.page.search"))} <input type="search" id="search" '
        f'placeholder="{_e(t("site.page.search-hint"))}"></label>'
    )
    yield f'<label>{_e(t("site.page.sort"))} <select id="sort">'
    for value, key in (("new", "site.page.sort-new"), ("old", "site.page.sort-old")):
        yield f'<option value="{value}">{_e(t(key))}</option>'
    yield f'<option value="title">{_e(t("site.page.sort-title"))}</option></select></label>'
    yield "</div>"


def _print_list(t: Words, model: SiteModel) -> Iterator[str]:
    """What to print for each enterprise type: the documents' titles, in the page's order."""
    yield f'<details class="print-list"><summary>{_e(t("site.page.print-list"))}</summary>'
    for key, name in model.filters:
        titles = [d.title for p in model.plans for d in p.documents if d.edition == key]
        yield f'<section data-bundle="{_e(key)}"><h3>{_e(name)}</h3><ol>'
        yield "".join(f"<li>{_e(title)}</li>" for title in titles)
        yield "</ol></section>"
    yield "</details>"


def index_page(model: SiteModel, lang: str) -> bytes:
    """The download page in ``lang``: every plan and its documents, the filter and the zips."""
    t = Words(lang)
    documents = sum(len(p.documents) for p in model.plans)
    pdfs = any(d.pdf for p in model.plans for d in p.documents)
    intro = "site.page.intro" if pdfs else "site.page.intro-word"  # say only what is offered
    body = [
        '<div class="page">',
        '<header class="site-head">',
        f"<h1>{_e(t('site.page.title'))}</h1>",
        f"<p>{_e(t(intro, plans=len(model.plans), documents=documents))}</p>",
        "</header>",
        *_filter(t, model),
        *_tools(t),
        '<section class="bundles">',
        f"<h2>{_e(t('site.page.bundles'))}</h2>",
        "<ul>",
        *(_bundle(t, b) for b in model.bundles),
        "</ul>",
        "</section>",
        "<main>",
    ]
    for number, plan in enumerate(model.plans, start=1):
        body += _plan(t, plan, number)
    body += [
        f'<p class="empty" id="empty" hidden>{_e(t("site.page.empty"))}</p>',
        "</main>",
        *_print_list(t, model),
        f'<footer class="site-foot">{_e(t("site.page.footer", generator=model.generator))}'
        "</footer>",
        "</div>",
    ]
    return _page(
        t,
        t("site.page.title"),
        siteassets.INDEX_CSS,
        "\n".join(body),
        siteassets.FILTER_JS + siteassets.MADE_JS,
    )


def preview_page(doc: DocumentEntry, document_html: str, lang: str) -> bytes:
    """One document's text (``preview.document_html``) with its download links, in ``lang``."""
    t = Words(lang)
    depth = len(PurePosixPath(doc.preview).parts) - 1
    body = "\n".join(
        [
            '<div class="page">',
            '<div class="bar noprint">',
            f'<a class="button secondary" href="{_href("index.html", depth)}">'
            f"{_e(t('site.page.back'))}</a>",
            _download_links(t, doc, depth),
            f"<p>{_e(t('site.page.preview-note'))}</p>",
            "</div>",
            document_html,
            "</div>",
        ]
    )
    title = t("site.page.preview-title", title=doc.title)
    return _page(t, title, siteassets.PREVIEW_CSS, body)
