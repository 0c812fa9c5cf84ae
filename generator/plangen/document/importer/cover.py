"""A cover notice that issues the plan (印发通知): 关于印发《……》的通知, its text, 署名 and 成文日期,
then the plan — on a page of its own under its title (``plan_as: page``) or as 附件1
(``plan_as: attachment``, listed in the notice's 附件说明).

Read as plangen sets it and as offices type it: the document is a notice that issues a plan when
its title ends in 通知 and what follows the notice's 成文日期 is a plan — a title (styled so, or
centred) that is no 附件 label, or a first attachment that the title cites or that is a 方案. The
notice's 主送, 署名, 成文日期 and 附注 are the document's. A 署名 and 成文日期 the plan repeats
(typed files do) have no place in the model: they are kept at the end of the plan and listed.
"""

from __future__ import annotations

import re

from plangen.document.importer import closing, structure
from plangen.document.importer.parts import Notice, Parts, plain
from plangen.document.importer.reader import Block, Para

_CITED = re.compile(r"《(?P<title>.+)》")
_BRACKETED = re.compile(r"（[^（）]+）")
TITLE_LONGEST = 60  # characters: three lines of a 2号 title; a longer line is a paragraph


def read(parts: Parts, after: list[Block]) -> bool:
    """Read the plan after a cover notice into ``parts`` (the notice's text out of its body,
    the plan's title, body and attachments in); False, and ``parts`` unchanged, when the
    document is no notice that issues a plan."""
    title = str(parts.document.get("title", ""))
    if not title.endswith("通知"):
        return False
    first = after[0] if after else None
    if isinstance(first, Para) and _plan_title(first):
        _on_page(parts, after)
        return True
    found, stray = closing.attachments(after)
    if not found:
        return False
    # the title as the 附件说明 lists it: under the one on the attachment's page, an edition
    # names its enterprise type
    plan_title = (parts.note_titles or [""])[0] or found[0][0]
    if not _issued(plan_title, title):
        return False
    blocks = found[0][1]
    parts.notice = Notice(title, parts.body, "attachment")
    parts.document["title"] = plan_title
    kept, repeated = closing.own_closing(blocks)
    parts.body = kept + repeated
    parts.attachments = found[1:]
    parts.note_titles = parts.note_titles[1:]
    parts.unplaced.extend(stray)
    parts.found.append(("notice", parts.notice.text[0].index if parts.notice.text else 0))
    return True


def _on_page(parts: Parts, after: list[Block]) -> None:
    """The plan on a page of its own: its title lines (and a bracketed line under them: a draft's
    status or an edition's name), its body and 附件说明, then its attachments."""
    lines, i, bracketed = [], 0, False
    while i < len(after) and isinstance(block := after[i], Para):
        text = plain(block)
        if not closing.title_like(block) and not (i == 0 and _plan_title(block)):
            break
        if _BRACKETED.fullmatch(text):
            bracketed = True
            if text.endswith("稿）"):
                parts.document.setdefault("status", text[1:-1])
        elif bracketed:
            break  # a centred line under the bracketed one is the body's
        else:
            lines.append(text)
        i += 1
    rest = after[i:]
    end = next((n for n, b in enumerate(rest) if _label(b)), len(rest))
    kept, repeated = closing.own_closing(rest[:end])
    body, titles = closing.attachment_note(kept, parts.found)
    parts.notice = Notice(str(parts.document["title"]), parts.body, "page")
    parts.document["title"] = "".join(lines)
    parts.body = body + repeated
    parts.note_titles = parts.note_titles or titles
    parts.attachments, stray = closing.attachments(rest[end:])
    parts.unplaced.extend(stray)
    parts.found.append(("notice", after[0].index))


def _plan_title(para: Para) -> bool:
    """The plan's title after the notice: centred or so styled, or a line that starts a new
    page and reads as a title (short, no sentence, no heading number); no 附件 label."""
    text = plain(para)
    if _label(para) or _BRACKETED.fullmatch(text):
        return False
    if closing.title_like(para):
        return True
    heading = structure.heading_form(para) is not None
    return para.new_page and len(text) <= TITLE_LONGEST and not text.endswith("。") and not heading


def _label(block: Block) -> bool:
    return isinstance(block, Para) and bool(closing.LABEL.match(plain(block)))


def _issued(attachment: str, title: str) -> bool:
    """Whether the first attachment is the plan the notice issues: the title cites it (《》
    inside a citation are written 〈〉), or it is a 方案."""
    cited = _CITED.search(title)
    named = cited["title"].replace("〈", "《").replace("〉", "》") if cited else None
    return attachment == named or "方案" in attachment
