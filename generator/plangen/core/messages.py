"""Every sentence a user sees, in Chinese and English.

Chinese is the default whatever the locale; English only when asked (``--lang en`` or
``PLANGEN_LANG=en``). Keys are stable identifiers; the text may change freely.

Nothing here holds a current language: the stages keep message keys and values (a
:class:`~plangen.core.diagnostics.Diagnostic`, an error, a :class:`Message` nested in another's
values) and the edge — the command line, the page, the server — translates them with the
language it was asked for, through :func:`translate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("zh", "en")
DEFAULT = "zh"


@dataclass(frozen=True)
class Message:
    """A message not yet in words: a catalogue key and its values, translated at the edge."""

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Localized:
    """A text that comes from elsewhere already in both languages (a YAML parser's English
    sentence and our Chinese for it)."""

    zh: str
    en: str


@dataclass(frozen=True)
class Joined:
    """Several values joined with the separator ``sep`` (a catalogue key), as “字符串或数字”."""

    parts: tuple[Any, ...]
    sep: str


CATALOG: dict[str, tuple[str, str]] = {
    # general
    "severity.error": ("错误", "error"),
    "list.or": ("或", " or "),
    "date.what-campaign": ("活动", "The campaign"),
    "plan.old-form": (
        "这是旧版的方案格式（正文各部分写成 guiding_ideology、phases 等键）。现在正文是按顺序排列的 sections 列表，"
        "请运行 plangen migrate {path} 自动转换（内容不变）。",
        "this plan is in the old form (the body's parts as keys such as guiding_ideology and phases); "
        "the body is now a list of sections: run plangen migrate {path} to convert it (nothing it says changes).",
    ),
    "migrate.done": ("已转换：{path}", "converted: {path}"),
    "migrate.failed": (
        "{path} 无法自动转换（转换后的文件读不回来），文件没有改动：请先用 plangen validate 改正其中的问题，再运行 plangen migrate。",
        "{path} cannot be converted automatically (the result does not load back); it is unchanged. "
        "Fix the problems plangen validate reports, then run plangen migrate again.",
    ),
    "migrate.not-new": ("需要转换：{path}", "needs converting: {path}"),
    "migrate.summary": (
        "检查了 {files} 个文件，{changed} 个是旧格式。",
        "Checked {files} file(s): {changed} in the old form.",
    ),
    "schema.one-of": (
        "{where}“{value}”的写法不对。{explain}",
        "{where}'{value}' is not written in a form allowed here. {explain}",
    ),
    "section.no-title": (
        "这一部分既没有标题（title）也没有类别（kind）：请写 title，例如 title: 保障措施。",
        "this section has neither a title nor a kind: give it a title, e.g. title: 保障措施.",
    ),
    "section.requirements-not-types": (
        "只有分类指导部分（kind: types）才能写各类企业的要求（requirements）。",
        "only a section of kind types holds requirements for enterprise types.",
    ),
    "section.types-without-requirements": (
        "分类指导部分（kind: types）要在 requirements 中写各类企业的要求，每类企业一项。",
        "a section of kind types needs requirements, one for each enterprise type.",
    ),
    "heading.too-deep": (
        "这里是第 {level} 级标题，但方案的标题序号只有 {levels} 级（{forms}）：公文标题最多四级，"
        "请把这一级并入上一级的文字，或在 numbering 中增加一级。",
        "this is a level-{level} heading but the plan's numbering has {levels} levels ({forms}): "
        "merge it into the text above, or add a level to numbering.",
    ),
    "table.cells": (
        "表格第 {row} 行有 {cells} 格，表格有 {columns} 列：每行的单元格（算上跨行、跨列的）要和列数相同。",
        "row {row} of the table has {cells} cells for {columns} columns.",
    ),
    "table.tasks-columns": (
        "任务分解表（kind: tasks）要有“牵头单位”或“责任单位”列（有“完成时限”列时还会检查时限）。",
        "a task table (kind: tasks) needs a 牵头单位 or 责任单位 column (a 完成时限 column is checked too).",
    ),
    "table.tasks-responsible": (
        "任务分解表第 {row} 行没有写牵头单位或责任单位。",
        "row {row} of the task table names no responsible unit.",
    ),
    "table.tasks-deadline": (
        "任务分解表第 {row} 行的完成时限“{deadline}”在活动结束（{end}）之后。",
        "the deadline '{deadline}' in row {row} of the task table is after the campaign ends ({end}).",
    ),
    "date.what-phase": ("环节“{name}”", "The stage “{name}”"),
    "severity.warning": ("警告", "warning"),
    "summary.clean": (
        "检查了 {files} 个文件，没有发现问题。",
        "Checked {files} file(s): no problems.",
    ),
    "summary.problems": (
        "检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。",
        "Checked {files} file(s): {errors} error(s), {warnings} warning(s).",
    ),
    "problems-found": (
        "发现 {count} 个问题，未生成任何文件。",
        "{count} problem(s) found; nothing was written.",
    ),
    "internal-error": (
        "plangen 内部错误（这是程序的缺陷，请把下面的信息报告给维护者）：{detail}",
        "internal error in plangen (a bug; please report it with this text): {detail}",
    ),
    "internal-error.report": (
        "请把这段文字和所用的命令报告给维护者；用 plangen --debug <命令> 再运行一次可以看到详细的回溯信息。",
        "Please report this text and the command you ran; plangen --debug <command> shows the full traceback.",
    ),
    "interrupted": (
        "已中断：输出文件夹保持上次生成的样子，没有写入一半的文件。",
        "Interrupted; the output folder is as the last build left it, with nothing half-written.",
    ),
    # usage
    "usage.error": ("用法错误：{message}", "usage error: {message}"),
    "usage.help-hint": ("用 '{command} --help' 查看帮助。", "Try '{command} --help' for help."),
    "usage.no-such-path": ("找不到路径：{path}", "no such path: {path}"),
    "usage.bad-lang": (
        "不支持的语言：{lang}（可选 zh、en）",
        "unsupported language: {lang} (zh or en)",
    ),
    # loading
    "load.encoding": (
        "文件不是 UTF-8 编码（看起来是 {encoding}）。请在编辑器中用“另存为”选择 UTF-8 编码后再保存；"
        "记事本中选择“UTF-8”，WPS 中选择“Unicode (UTF-8)”。",
        "the file is not UTF-8 (it looks like {encoding}). Save it again as UTF-8 in your editor.",
    ),
    "load.encoding-unknown": (
        "这里有不是 UTF-8 编码的字节，文件可能混用了几种编码。请在编辑器中另存为 UTF-8 编码，再检查这一处的文字。",
        "bytes here are not UTF-8; the file may mix encodings. Save it as UTF-8 and check the text here.",
    ),
    "load.utf16": (
        "文件是 UTF-16 编码。请在编辑器中另存为 UTF-8 编码。",
        "the file is UTF-16. Save it again as UTF-8 in your editor.",
    ),
    "load.empty": ("文件是空的：实施方案至少要有“document”和“body”两部分。", "the file is empty."),
    "load.empty-catalog": ("文件是空的：企业类型目录至少要有一个企业类型。", "the file is empty."),
    "load.not-mapping": (
        "文件顶层应是“键: 值”形式的映射，现在是{found}。",
        "the top level must be a mapping of keys to values, not {found}.",
    ),
    "load.multi-document": (
        "一个文件只能有一份文档，这里出现了第二个“---”文档分隔符。",
        "a file may hold one document only; this is a second '---' document.",
    ),
    "load.syntax": ("YAML 语法错误：{problem}{context}", "YAML syntax error: {problem}{context}"),
    "load.tab-indent": (
        "YAML 不能用 Tab 键缩进，请改用空格（每层两个空格）。",
        "YAML cannot be indented with tabs; use spaces (two per level).",
    ),
    "load.chinese-quotes": (
        "这里的中文引号“”不起 YAML 引号的作用，值里的“: ”或“ #”就成了 YAML 的符号：请在整个值外面再加英文引号"
        "（如 title: '“……”: ……'），或改用 | 块写法。",
        "Chinese quotation marks do not quote a YAML value, so the ': ' or ' #' inside it is read as "
        "YAML: put the whole value in ASCII quotes, or use a | block.",
    ),
    "load.fullwidth-colon": (
        "YAML 语法错误：键后面用了全角冒号“：”。请把全角冒号“：”改成半角冒号“:”加空格。",
        "YAML syntax error: a full-width colon '：' after a key. Type the ASCII colon ':' and a space.",
    ),
    "load.fullwidth-space": (
        "YAML 语法错误：缩进用了全角空格（U+3000，中文输入法打出的空格）。请把全角空格改成半角空格。",
        "YAML syntax error: the indentation has full-width spaces (U+3000). Indent with ASCII spaces.",
    ),
    "load.fullwidth-dash": (
        "YAML 语法错误：列表项开头用了全角的“－”。请改成半角的“-”加空格。",
        "YAML syntax error: a list item starts with the full-width '－'. Type the ASCII '-' and a space.",
    ),
    "load.bad-char": (
        "不可见的控制字符 {codepoint} 不能写入 Word 文件，请删除它（常由复制网页或 Word 文本带入）。",
        "the invisible control character {codepoint} cannot go into a Word file; delete it.",
    ),
    "load.unsafe-tag": (
        "不允许使用 YAML 标签“{tag}”：方案文件只能包含普通文本、数字、列表和映射，标签不会被执行。",
        "the YAML tag '{tag}' is not allowed: plan files hold plain text, numbers, lists and "
        "mappings only; tags are never executed.",
    ),
    "load.alias-bomb": (
        "YAML 别名展开后超过 {limit} 个节点，文件被拒绝（可能是恶意的“十亿笑声”文件）。",
        "YAML aliases expand to more than {limit} nodes; the file is rejected.",
    ),
    "load.duplicate-key": (
        "键“{key}”重复出现（第一次在第 {first_line} 行）。后一个会覆盖前一个，内容会丢失，请合并或删除其中一个。",
        "the key '{key}' appears twice (first at line {first_line}); the later one would silently "
        "replace the earlier one. Merge or delete one.",
    ),
    "load.read-failed": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    # schema
    "schema.required": (
        "{where}缺少必填项“{name}”{title}。",
        "{where}the required field '{name}'{title} is missing.",
    ),
    "schema.unknown-key": (
        "{where}不认识的键“{name}”。{hint}",
        "{where}unknown key '{name}'. {hint}",
    ),
    "schema.did-you-mean": ("是不是“{suggestion}”{title}？", "Did you mean '{suggestion}'{title}?"),
    "schema.allowed-keys": ("可用的键：{keys}。", "Allowed keys: {keys}."),
    "schema.type": (
        "{where}应为{expected}，实际是{found}。{hint}",
        "{where}expected {expected}, found {found}. {hint}",
    ),
    "schema.quote-hint": (
        '如果这是编号等文本，请用英文引号括起来，例如 "{value}"。',
        'If it is text such as a number code, put it in quotes: "{value}".',
    ),
    "schema.enum": (
        "{where}“{value}”不是可选值，可选：{options}。",
        "{where}'{value}' is not one of: {options}.",
    ),
    "schema.pattern": (
        "{where}格式不对：“{value}”。{explain}",
        "{where}wrong format: '{value}'. {explain}",
    ),
    "schema.min-items": ("{where}至少要有 {limit} 项。", "{where}needs at least {limit} item(s)."),
    "schema.max-items": (
        "{where}最多只能有 {limit} 项。",
        "{where}may have at most {limit} item(s).",
    ),
    "schema.minimum": ("{where}不能小于 {limit}。", "{where}must be at least {limit}."),
    "schema.min-length": ("{where}不能为空。", "{where}must not be empty."),
    "schema.max-length": (
        "{where}太长：最多 {limit} 个字。",
        "{where}too long: at most {limit} characters.",
    ),
    "schema.unique": ("{where}有重复的项。", "{where}has duplicate items."),
    "schema.other": ("{where}{detail}", "{where}{detail}"),
    "schema.root": ("文件顶层", "the top level"),
    # types as named in messages
    "type.string": ("文本", "text"),
    "type.array": ("列表（每项以“- ”开头）", "a list (items starting with '- ')"),
    "type.object": ("映射（“键: 值”）", "a mapping ('key: value')"),
    "type.integer": ("整数", "a whole number"),
    "type.number": ("数字", "a number"),
    "type.boolean": ("是/否（true/false）", "true/false"),
    "type.null": ("空值", "nothing (null)"),
    # semantic checks
    "date.invalid": (
        "日期“{value}”不存在，请按“年-月-日”写成真实的日期，例如 2014-02-20。",
        "the date '{value}' does not exist; write a real date as YYYY-MM-DD, e.g. 2014-02-20.",
    ),
    "date.end-before-start": (
        "{what}的结束日期 {end} 早于开始日期 {start}。",
        "{what} ends ({end}) before it starts ({start}).",
    ),
    "date.outside-campaign": (
        "{what}（{start} 至 {end}）超出了活动起止时间（{cstart} 至 {cend}）。",
        "{what} ({start} to {end}) lies outside the campaign ({cstart} to {cend}).",
    ),
    "date.phase-order": (
        "{what}的开始日期 {start} 早于上一环节“{previous}”的结束日期 {previous_end}，环节应按时间顺序排列且不重叠。",
        "{what} starts ({start}) before the previous phase '{previous}' ends ({previous_end}).",
    ),
    "date.print-before-date": (
        "印发日期 {print_date} 早于成文日期 {date}。",
        "the printing date {print_date} is before the document date {date}.",
    ),
    "ref.unknown-type": (
        "不存在的企业类型“{ref}”。{hint}",
        "unknown enterprise type '{ref}'. {hint}",
    ),
    "ref.known-types": ("目录 {catalog} 中有：{ids}。", "{catalog} has: {ids}."),
    "ref.no-catalog": (
        "找不到企业类型目录 enterprise-types.yaml（应放在方案所在目录或其上级目录中）。",
        "no enterprise type catalogue (enterprise-types.yaml) beside the plan or above it.",
    ),
    "ref.duplicate-type": (
        "企业类型“{ref}”的要求写了两次（第一次在第 {first_line} 行）。",
        "the requirements for enterprise type '{ref}' are given twice (first at line {first_line}).",
    ),
    "ref.duplicate-id": (
        "编号“{ref}”重复（第一次在第 {first_line} 行）。",
        "the id '{ref}' is used twice (first at line {first_line}).",
    ),
    "docno.brackets": (
        "发文字号的年份要用六角括号〔〕，不能用“{found}”：应写作“{suggestion}”。",
        "the year in a document number goes in 〔〕, not '{found}': write '{suggestion}'.",
    ),
    "docno.di": (
        "发文字号中不加“第”字：应写作“{suggestion}”。",
        "no '第' in a document number: write '{suggestion}'.",
    ),
    "docno.leading-zero": (
        "发文字号的序号不编虚位（不要前导 0）：应写作“{suggestion}”。",
        "no leading zeros in a document number: write '{suggestion}'.",
    ),
    "format.plain-unused": (
        "内部方案（format: plain）没有版头和版记，{field} 不会出现在文件中：删去这一项，或者改用 format: file。",
        "a plain internal plan (format: plain) has no 版头 or 版记, so {field} would not appear: "
        "remove it, or use format: file.",
    ),
    "format.letter-unused": (
        "信函格式（format: letter）的版记只有抄送，没有印发机关和印发日期，{field} 不会出现在文件中：删去这一项，或者改用 format: file。",
        "a letter's 版记 (format: letter) has only 抄送, no 印发机关 or 印发日期, so {field} "
        "would not appear: remove it, or use format: file.",
    ),
    "format.letter-signers": (
        "信函格式（format: letter）没有签发人：签发人只排在文件格式的版头中（上报的公文）。删去 signers，或者改用 format: file。",
        "a letter (format: letter) has no 签发人: they stand only in the file format's 版头 "
        "(documents sent upward). Remove signers, or use format: file.",
    ),
    "document.joint-host": (
        "“{name}”是主办机关（issuer），不再列入联合发文机关：joint_issuers 只写其他发文机关。",
        "“{name}” is the host issuer (issuer); do not list it again among the joint issuers: "
        "joint_issuers lists the other issuers only.",
    ),
    "format.letter-mark": (
        "信函格式（format: letter）的发文机关标志用发文机关全称或规范化简称，不加“文件”：删去“文件”二字（不写 issuer_mark 时默认用发文机关）。",
        "a letter's organ mark (format: letter) is the organ's name without 文件: remove 文件 "
        "(without issuer_mark the mark is the issuer).",
    ),
    "docno.shape": (
        "发文字号“{value}”格式不对，应为“机关代字〔年份〕序号号”，例如“天企工委发〔2014〕5号”。",
        "the document number '{value}' should read like 天企工委发〔2014〕5号 (organ code, year in 〔〕, number, 号).",
    ),
    "docno.year": (
        "发文字号中的年份 {year} 与成文日期的年份 {date_year} 不一致。",
        "the year {year} in the document number differs from the document date's year {date_year}.",
    ),
    "text.bad-char": (
        "{where}含有不能写入 Word 文件的字符 {codepoint}（第 {index} 个字），请删除它。",
        "{where}contains {codepoint} (character {index}), which cannot go into a Word file; delete it.",
    ),
    # rendering and building
    "render.template": (
        "模板 {template} 有错误：{detail}",
        "the template {template} is broken: {detail}",
    ),
    "render.template-name": (
        "模板 {template} 中用到了 plangen 不提供的名称“{detail}”（拼写错了？），文件会缺少这一部分，所以没有生成："
        "请改正模板中 {{{{ }}}} 或 {{% %}} 标记里的名称。",
        "the template {template} uses a name plangen does not provide ({detail}); the part would be "
        "missing, so nothing was made: correct the name in the template's {{{{ }}}} or {{% %}} tag.",
    ),
    "render.template-syntax": (
        "模板 {template} 中有写错的 {{{{ }}}} 或 {{% %}} 标记（括号不成对、关键字拼错或缺少 end…），所以没有生成。",
        "the template {template} has a broken {{{{ }}}} or {{% %}} tag{detail}; nothing was made.",
    ),
    "render.bad-package": ("不是有效的 Word 文件：{detail}", "not a valid Word file: {detail}"),
    "template.stale": (
        "模板 {path} 与源文件 {source} 不一致：请运行 plangen template pack（或 unpack，看改的是哪一个）。",
        "{path} does not match its source {source}: run plangen template pack (or unpack).",
    ),
    "pdf.no-libreoffice": (
        "生成 PDF 需要 LibreOffice，但没有找到 soffice 程序。"
        "Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai；"
        "Windows：安装 LibreOffice 后把其 program 文件夹加入 PATH。不加 --pdf 仍可生成 Word 文件。",
        "making PDFs needs LibreOffice, and no soffice program was found. On Debian/Ubuntu: sudo apt-get "
        "install libreoffice-writer-nogui fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai. Without "
        "--pdf the Word files are still made.",
    ),
    "pdf.failed": (
        "LibreOffice 没能把 {path} 转成 PDF：{detail}。输出文件夹保持上次生成的样子。",
        "LibreOffice could not convert {path}: {detail}. The output folder is as the last build left it.",
    ),
    "build.summary": (
        "生成了 {documents} 个 Word 文件（{plans} 份方案）{pdfs}，用时 {seconds} 秒，输出到 {out}。",
        "Wrote {documents} Word file(s) ({plans} plan(s)){pdfs} in {seconds} s to {out}.",
    ),
    "build.up-to-date": (
        "{out} 已是最新：{documents} 个 Word 文件（{plans} 份方案）{pdfs}所用的方案、模板和设置都未变，"
        "没有重写（--force 全部重新生成）。",
        "{out} is up to date: nothing that its {documents} Word file(s) ({plans} plan(s)){pdfs} "
        "are made of has changed, so nothing was rewritten (--force rebuilds everything).",
    ),
    "build.pdfs": ("和 {count} 个 PDF 文件", " and {count} PDF file(s)"),
    "build.stand-in": (
        "PDF 字体替代：{name} → {stand_in}",
        "PDF font stand-in: {name} → {stand_in}",
    ),
    "build.progress": ("正在生成", "Rendering"),
    "build.page": (
        "下载页面：{index}（与这些文件一起生成；plangen serve 可提供给同事）。",
        "Download page: {index} (made with these files; plangen serve offers it to colleagues).",
    ),
    "build.official-draft": (
        "这份方案是{status}（document.status），不能作为正式文件生成：定稿印发时删去 status 一项，"
        "或者不加 --official 生成{status}。",
        "this plan is a draft ({status}, document.status) and cannot be built as the official text: "
        "remove status when it is issued, or build the draft without --official.",
    ),
    # reliability: the output folder as one transaction, file names, settings, templates
    "write.failed": (
        "无法写入输出文件夹 {path}：{reason}。上次生成的文件保持原样，没有写入任何新文件。",
        "cannot write the output folder {path}: {reason}. The files of the last build are unchanged.",
    ),
    "write.no-space": ("磁盘空间已满", "the disk is full"),
    "write.no-permission": ("没有写入权限", "permission denied"),
    "write.read-only": ("文件系统是只读的", "the file system is read-only"),
    "write.not-a-folder": (
        "路径上有同名的文件，而这里需要文件夹",
        "a file is in the way where a folder should be",
    ),
    "write.name-too-long": ("文件名太长", "a file name is too long"),
    "write.os-error": ("系统错误（{detail}）", "system error ({detail})"),
    "write.holds-sources": (
        "输出文件夹 {path} 包含方案或方案仓库（{source}）：生成时整个输出文件夹会被替换，所以不能用它。请换一个文件夹（默认 dist/）。",
        "the output folder {path} holds the plans or the repository ({source}): a build replaces the "
        "whole output folder, so it cannot be used. Choose another folder (dist/ by default).",
    ),
    "write.not-ours": (
        "输出文件夹 {path} 中已有文件，但不是 plangen 生成的（没有 {marker}）：生成时整个输出文件夹会被替换，"
        "为免误删，没有写入。请换一个空文件夹，或确认后删除其中的文件。",
        "the output folder {path} has files that plangen did not make (no {marker}): a build replaces "
        "the whole folder, so nothing was written. Choose an empty folder, or empty it.",
    ),
    "write.locked": (
        "另一个 plangen（进程 {pid}）正在写入 {path}，等待后仍未结束：请等它完成后再运行。",
        "another plangen (process {pid}) is writing {path} and did not finish in time; run again "
        "when it is done.",
    ),
    "pdf.timeout": (
        "LibreOffice 在 {seconds} 秒内没有完成，已停止",
        "LibreOffice did not finish within {seconds} s and was stopped",
    ),
    "pdf.not-started": (
        "无法启动 LibreOffice（{detail}）",
        "LibreOffice could not start ({detail})",
    ),
    "pdf.crashed": ("LibreOffice 异常退出（代码 {code}）", "LibreOffice crashed (code {code})"),
    "pdf.said": ("LibreOffice 的输出：{detail}", "LibreOffice said: {detail}"),
    "config.syntax": (
        "{path}:{line}:{col}: 错误: plangen.toml 不是有效的 TOML（常见原因：引号或方括号不成对、文字没有加引号）。",
        "{path}:{line}:{col}: error: plangen.toml is not valid TOML: {detail}.",
    ),
    "config.not-table": (
        '{path}:{line}:{col}: 错误: [fonts] 应当是一个表（[fonts] 下面每行“名称 = "字体"”）。',
        '{path}:{line}:{col}: error: fonts must be a table ([fonts], then one name = "font" a line).',
    ),
    "config.not-text": (
        "{path}:{line}:{col}: 错误: 字体名称 {name} 应当是加引号的文字。",
        "{path}:{line}:{col}: error: the font name {name} must be a quoted string.",
    ),
    "config.bad-font": (
        "{path}:{line}:{col}: 错误: 字体名称 {value} 含有不允许的字符：只能用文字、数字、空格和 _ - . + ( )，最多 64 个字。",
        "{path}:{line}:{col}: error: the font name {value} has characters a font name cannot have: "
        "only letters, digits, spaces and _ - . + ( ), at most 64.",
    ),
    "config.unreadable": (
        "无法读取 {path}：{detail}",
        "cannot read {path}: {detail}",
    ),
    "template.broken": (
        "模板 {path} 已损坏：{reason}。请用 plangen template pack 重新生成，或从版本库恢复。",
        "the template {path} is broken: {reason}. Make it again with plangen template pack, or restore it.",
    ),
    "template.not-zip": (
        "不是 Word 文件（不是 zip 压缩包）",
        "not a Word file (not a zip archive)",
    ),
    "template.missing-part": ("缺少 {part}", "{part} is missing"),
    "template.bad-xml": ("{part} 不是有效的 XML", "{part} is not well-formed XML"),
    "fmt.lost-comment": (
        "整理格式会丢掉这条注释（{comment}），所以没有改动这个文件：方括号或花括号写法（[a, b]、{{x: 1}}）中的注释"
        "和 --- 之前的注释无法保留，请把注释移到单独的一行，或把列表改成每项一行（- 开头）的写法。",
        "formatting would drop this comment ({comment}), so the file was left alone: comments inside "
        "[a, b] or {{x: 1}} and before --- cannot be kept; put the comment on a line of its own or write "
        "the list one item a line (- ...).",
    ),
    "load.unreadable-folder": (
        "无法读取文件夹 {path}（{detail}），其中的方案没有检查，所以停止：请检查这个文件夹的权限。",
        "cannot read the folder {path} ({detail}); its plans were not checked, so nothing was done: "
        "check its permissions.",
    ),
    "load.alias-cycle": (
        "这里的内容通过别名（*名称）引用了它自己，展开后无穷无尽：请去掉这个引用。",
        "this value contains itself through an alias (*name), which would never end: remove it.",
    ),
    "build.name-collision": (
        "生成的文件名 {name} 与 {other}（{edition}）的文件相同，两份文件会互相覆盖：请修改标题（或企业类型名称）使它们不同。",
        "the file name {name} is the same as that of {other} ({edition}): one would overwrite the other. "
        "Change the title (or the enterprise type's name) so they differ.",
    ),
    "template.missing": ("找不到模板 {path}。", "no template at {path}."),
    "template.no-source": (
        "找不到模板的源文件夹 {path}：先运行 plangen template unpack。",
        "no template source at {path}: run plangen template unpack first.",
    ),
    # reviewers: plangen diff, textconv, fmt
    "diff.text": ("文字修改", "text changed"),
    "diff.text-added": ("新增文字", "text added"),
    "diff.text-removed": ("删除文字", "text removed"),
    "diff.value": ("{field} {old} → {new}", "{field} {old} → {new}"),
    "diff.field-added": ("新增{field}「{new}」", "{field} added: 「{new}」"),
    "diff.field-removed": ("删除{field}「{old}」", "{field} removed: 「{old}」"),
    "diff.added": ("新增", "added"),
    "diff.removed": ("删除", "removed"),
    "diff.item-added": ("新增一条「{new}」", "item added: 「{new}」"),
    "diff.item-removed": ("删除一条「{old}」", "item removed: 「{old}」"),
    "diff.moved": ("从第{old}条移到第{new}条", "moved from position {old} to {new}"),
    "diff.affects": ("（影响：{docs}）", " (affects: {docs})"),
    "diff.affects-all": ("全文和所有分册", "the full plan and every edition"),
    "diff.full": ("全文", "full plan"),
    "diff.edition": ("{name}分册", "{name} edition"),
    "diff.list-sep": ("、", ", "),
    "diff.documents": ("影响的文件：{docs}", "Documents affected: {docs}"),
    "diff.plan-added": ("新增方案", "new plan"),
    "diff.plan-removed": ("方案已删除", "plan removed"),
    "diff.summary": (
        "共 {plans} 个方案有改动，{changes} 处修改。",
        "{plans} plan(s) changed, {changes} change(s).",
    ),
    "diff.none": ("没有差异。", "No differences."),
    "diff.heading": ("方案修改", "Plan changes"),
    "diff.problems": (
        "无法比较：发现 {count} 个问题（见上）。",
        "cannot compare: {count} problem(s) found (see above).",
    ),
    "diff.not-found": (
        "“{arg}”既不是文件，也不是 git 修订（如 HEAD~1）或修订中的文件（如 HEAD~1:plans/x.yaml）。",
        "'{arg}' is neither a file nor a git revision (HEAD~1) or a file at a revision "
        "(HEAD~1:plans/x.yaml).",
    ),
    "diff.two-sides": (
        "比较两个文件时要给出两个：plangen diff 旧 新（每个是文件或“修订:路径”）。",
        "to compare files give two: plangen diff OLD NEW (each a file or REV:PATH).",
    ),
    "diff.option-after-dashes": (
        "“{option}”写在了“--”之后：“--”之后只能写路径，选项要写在它前面，例如 plangen diff --format json HEAD~1 -- plans/",
        "'{option}' comes after '--', where only paths go; put options before it: "
        "plangen diff --format json HEAD~1 -- plans/",
    ),
    "diff.no-such-path": (
        "路径“{path}”在工作区和要比较的修订中都不存在，请检查拼写。",
        "'{path}' exists neither in the working tree nor in the revisions compared; check the spelling.",
    ),
    "diff.ambiguous": (
        "“{arg}”既是修订名又是路径，请用“--”分开：plangen diff 修订 -- 路径",
        "'{arg}' is both a revision and a path; separate them with '--': plangen diff REV -- PATH",
    ),
    "diff.too-many-revisions": (
        "最多给两个修订，“{arg}”是第三个；路径请写在“--”之后。",
        "at most two revisions; '{arg}' is a third. Put paths after '--'.",
    ),
    "git.missing": (
        "找不到 git 程序：比较 git 修订需要安装 git。",
        "git is not installed; comparing git revisions needs it.",
    ),
    "git.failed": ("git 出错：{detail}", "git failed: {detail}"),
    "git.not-a-repository": (
        "当前文件夹不在 git 仓库中，无法读取修订“{arg}”。",
        "this folder is not in a git repository, so the revision '{arg}' cannot be read.",
    ),
    "fmt.changed": ("已整理：{path}", "formatted: {path}"),
    "fmt.not-canonical": ("格式不规范：{path}", "not canonical: {path}"),
    "fmt.summary": (
        "检查了 {files} 个文件，整理了 {changed} 个。",
        "Checked {files} file(s), formatted {changed}.",
    ),
    "fmt.clean": (
        "检查了 {files} 个文件，格式都已规范。",
        "Checked {files} file(s): all canonical.",
    ),
    "fmt.check-summary": (
        "检查了 {files} 个文件：{count} 个格式不规范，运行 plangen fmt 可以整理。",
        "Checked {files} file(s): {count} not canonical; run plangen fmt to fix.",
    ),
    "fmt.meaning": (
        "整理会改变文件的内容，因此没有改动这个文件（这是 plangen 的缺陷，请报告维护者）。",
        "formatting would change what the file says, so it was left alone (a bug in plangen; "
        "please report it).",
    ),
    "diff.docx-one-plan": (
        "--docx 只能用于一份方案的两个版本，这里比较的是 {count} 份方案；请指定一份，例如 plangen diff HEAD~1 -- plans/x.yaml。",
        "--docx needs the two versions of one plan, and {count} plans are compared here; name one, "
        "e.g. plangen diff HEAD~1 -- plans/x.yaml.",
    ),
    "diff.docx-both": (
        "--docx 需要方案的新旧两个版本，{label} 是新增或已删除的方案。",
        "--docx needs both an old and a new version; {label} was added or removed.",
    ),
    "diff.no-edition": (
        "两个版本中没有都生成“{edition}”这份文件；可选：{editions}。",
        "'{edition}' is not a document of both versions; choose one of: {editions}.",
    ),
    "diff.docx-written": (
        "已写出带修订标记的 Word 文件：{path}（{edition}；修订人 {author}，{date}）",
        "Wrote {path} with tracked changes ({edition}; by {author}, {date}).",
    ),
    "diff.edition-needs-docx": (
        "--edition 要和 --docx 一起用：它选择写成修订文件的是哪份文件。",
        "--edition goes with --docx: it picks the document the redline is made of.",
    ),
    # secretaries: plangen site and plangen serve
    "site.summary": (
        "下载页面已生成：{index}（{plans} 份方案，{documents} 个文件，{bundles} 个打包文件）。",
        "Wrote the download page {index} ({plans} plan(s), {documents} document(s), {bundles} zip file(s)).",
    ),
    "site.no-manifest": (
        "找不到 {path}：请先运行 plangen build（或 make build）生成文件，再生成下载页面。",
        "no {path}: run plangen build (or make build) first, then make the download page.",
    ),
    "site.bad-manifest": (
        "{path} 已损坏或不是 plangen 生成的（{detail}）：请重新运行 plangen build。",
        "{path} is damaged or was not written by plangen ({detail}): run plangen build again.",
    ),
    "site.bad-path": (
        "manifest.json 中的路径“{path}”不在输出文件夹内，已拒绝：请重新运行 plangen build。",
        "the path '{path}' in manifest.json leaves the output folder and was refused: run plangen build again.",
    ),
    "site.missing-file": (
        "manifest.json 列出的文件 {path} 找不到或已被改动：请重新运行 plangen build。",
        "{path}, listed in manifest.json, is missing or was changed: run plangen build again.",
    ),
    "site.plan-missing": (
        "生成文件所用的方案 {plan} 找不到了：请重新运行 plangen build。",
        "the plan {plan} the documents were built from is gone: run plangen build again.",
    ),
    "site.stale": (
        "方案 {plan} 在上次生成文件之后有改动，文件已过时：请先运行 plangen build（或 make build），再生成下载页面。",
        "the plan {plan} changed after its documents were built: run plangen build (or make build) first.",
    ),
    "site.bundle-file": ("实施方案（{name}）.zip", "plans ({name}).zip"),
    "site.page.title": ("实施方案文件下载", "Implementation plans: downloads"),
    "site.page.intro": (
        "共 {plans} 份方案、{documents} 个文件。点“Word”或“PDF”下载文件，点“预览”可以先看文字。",
        "{plans} plan(s), {documents} document(s). Click “Word” or “PDF” to download, "
        "“Preview” to read the text first.",
    ),
    "site.page.filter": ("按企业类型筛选：", "Show the documents for:"),
    "site.page.filter-all": ("全部", "All"),
    "site.page.bundles": ("打包下载", "Download as a zip"),
    "site.page.bundle": ("{name}（{files} 个文件）", "{name} ({files} files)"),
    "site.page.bundle-all": ("全部文件", "all documents"),
    "site.page.issuer": ("发文机关", "Issued by"),
    "site.page.number": ("发文字号", "Document number"),
    "site.page.date": ("成文日期", "Date"),
    "site.page.version": ("版本", "Version"),
    "site.page.intro-word": (
        "共 {plans} 份方案、{documents} 个文件。点“Word”下载文件，点“预览”可以先看文字。",
        "{plans} plan(s), {documents} document(s). Click “Word” to download, "
        "“Preview” to read the text first.",
    ),
    "site.page.search": ("查找", "Find"),
    "site.page.search-hint": ("标题、发文机关或发文字号", "title, issuer or number"),
    "site.page.sort": ("排序", "Order"),
    "site.page.sort-new": ("成文日期，新的在前", "newest first"),
    "site.page.sort-old": ("成文日期，旧的在前", "oldest first"),
    "site.page.sort-title": ("标题", "by title"),
    "site.page.print-list": (
        "打印清单：每类企业要打印的文件",
        "What to print for each enterprise type",
    ),
    "site.page.made": ("文件生成", "Documents made"),
    "site.page.made-unknown": ("—", "—"),
    "site.page.version-hash": ("内容 {hash}", "content {hash}"),
    "site.page.version-n": ("第{n}版（{date}）", "version {n} ({date})"),
    "site.page.version-draft": (
        "第{n}版（修改后尚未提交）",
        "version {n} (edited, not yet committed)",
    ),
    "site.page.version-unknown": (
        "（方案不在 git 仓库中，没有版本记录）",
        "(the plan is not in a git repository: no version history)",
    ),
    "site.page.tech": ("技术信息", "Technical details"),
    "site.page.version-git": ("git 提交 {commit}（{date}）", "git commit {commit} ({date})"),
    "site.page.sep": ("；", "; "),
    "site.page.uncommitted": ("，另有未提交的修改", ", with changes not yet committed"),
    "site.page.changes": ("修改情况", "Changes"),
    "site.page.changes-count": (
        "与第{n}版（{date}）相比有 {count} 处修改",
        "{count} change(s) since version {n} ({date})",
    ),
    "site.page.changes-none": (
        "与第{n}版（{date}）相比内容没有修改",
        "no change in content since version {n} ({date})",
    ),
    "site.page.changes-first": ("第一个版本", "first version"),
    "site.page.changes-unknown": (
        "上一版本：第{n}版（{date}）“{subject}”，无法比较内容",
        "previous version: version {n} ({date}) “{subject}”; the content could not be compared",
    ),
    "site.page.col-document": ("文件", "Document"),
    "site.page.col-download": ("下载", "Download"),
    "site.page.col-changes": ("本文件的修改", "Changed"),
    "site.page.col-preview": ("预览", "Preview"),
    "site.page.doc-changes": ("有 {count} 处修改", "{count} change(s)"),
    "site.page.doc-unchanged": ("没有修改", "unchanged"),
    "site.page.word": ("Word", "Word"),
    "site.page.pdf": ("PDF", "PDF"),
    "site.page.preview": ("预览", "Preview"),
    "site.page.preview-title": ("预览：{title}", "Preview: {title}"),
    "site.page.preview-note": (
        "这是文字预览，正式版式以 Word 文件为准。",
        "This is a preview of the text; the Word file has the official layout.",
    ),
    "site.page.back": ("← 返回下载页面", "← Back to the downloads"),
    "site.page.empty": ("没有这一类企业的文件。", "No documents for this type of enterprise."),
    "site.page.footer": (
        "由 {generator} 生成。打印或转发前请核对发文字号和版本。",
        "Made by {generator}. Check the document number and version before printing or sending.",
    ),
    "serve.started": (
        "下载页面已启动：{url}\n在浏览器的地址栏输入这个地址即可打开。按 Ctrl-C 停止。",
        "The download page is up: {url}\nOpen this address in a browser. Press Ctrl-C to stop.",
    ),
    "serve.colleagues": ("同事可以在浏览器中打开：{urls}", "Colleagues can open: {urls}"),
    "serve.local-only": (
        "现在只有本机能打开；要让办公室的同事也能打开，请加 --host 0.0.0.0。",
        "Only this computer can open it; add --host 0.0.0.0 for colleagues on the office network.",
    ),
    "serve.stopped": (
        "已停止，下载页面不再提供。",
        "Stopped; the download page is no longer served.",
    ),
    "serve.no-site": (
        "找不到 {path}：请先运行 make build（或 plangen build，再运行 plangen site）。",
        "no {path}: run make build (or plangen build, then plangen site) first.",
    ),
    "serve.port-in-use": (
        "端口 {port} 已被占用（也许已有一个 plangen serve 在运行）：请换一个端口，例如 --port {other}。",
        "port {port} is in use (perhaps plangen serve already runs): pick another, e.g. --port {other}.",
    ),
    "serve.cannot-listen": (
        "无法在 {host} 的端口 {port} 上提供下载页面：{detail}",
        "cannot serve on {host} port {port}: {detail}",
    ),
    "serve.watching": (
        "正在监视 {path}：方案改动后会自动重新生成 Word 文件和下载页面（不生成 PDF）。",
        "Watching {path}: when a plan changes, the Word files and the page are made again (no PDFs).",
    ),
    "serve.rebuilding": ("{path} 有改动，正在重新生成……", "{path} changed; rebuilding…"),
    "serve.stale": (
        "方案在上次生成之后改过（{plans}），页面上的文件不是最新的：请运行 plangen build（或 make build）重新生成。",
        "Plans changed after the last build ({plans}): the files here are out of date. "
        "Run plangen build (or make build).",
    ),
    "serve.rebuilt": (
        "已重新生成 {documents} 个文件，下载页面已更新。",
        "Rebuilt {documents} document(s); the page is up to date.",
    ),
    "serve.rebuild-failed": (
        "重新生成失败，下载页面保持上一次的内容。",
        "Rebuilding failed; the page keeps the last good documents.",
    ),
    "serve.request-failed": (
        "处理来自 {client} 的请求时出错：{detail}",
        "a request from {client} failed: {detail}",
    ),
    "http.400": ("请求的地址不正确。", "Bad request."),
    "http.other": ("无法处理这个请求。", "This request cannot be answered."),
    "http.408": ("等待请求的时间过长，连接已关闭。", "The request took too long."),
    "http.414": ("请求的地址太长。", "The address is too long."),
    "http.431": ("请求头太长。", "The request's headers are too long."),
    "http.505": ("不支持这个 HTTP 版本。", "This HTTP version is not supported."),
    "http.404": (
        "找不到这个文件。请回到下载页面重新点击。",
        "No such file. Go back to the download page and try again.",
    ),
    "http.405": (
        "这里只能查看和下载文件（只接受 GET 和 HEAD 请求）。",
        "Files here can only be viewed and downloaded (GET and HEAD only).",
    ),
    # plangen schema: the schemas for editors, and --check
    "editor.type-enum": (
        "企业类型要写企业类型目录（plans/enterprise-types.yaml）中的标识之一：{options}。",
        "an enterprise type is one of the ids in the catalogue (plans/enterprise-types.yaml): {options}.",
    ),
    "editor.type-description": (
        "**{name}**（督导主体：{supervisor}）",
        "**{name}** (supervised by {supervisor})",
    ),
    "editor.stale": (
        "{path} 不是最新的（企业类型目录或 plangen 改过之后要重新生成）。",
        "{path} is out of date (the catalogue or plangen changed since it was written).",
    ),
    "editor.missing": ("缺少 {path}。", "{path} is missing."),
    "editor.fix": (
        "请运行 plangen schema -o {folder} 重新生成，再提交。",
        "Run plangen schema -o {folder} to write them again, then commit.",
    ),
    "editor.current": (
        "{folder} 中的 {count} 个 Schema 文件是最新的。",
        "The {count} schema file(s) in {folder} are up to date.",
    ),
    "editor.check-needs-output": (
        "--check 要和 -o 一起用，指明要检查的文件夹，例如 plangen schema --check -o schemas",
        "--check needs -o, the folder to check, e.g. plangen schema --check -o schemas",
    ),
    "editor.catalog-problems": (
        "企业类型目录有错误，没有写出 Schema：请先改正上面的问题。",
        "The enterprise-type catalogue has errors; no schema was written. Fix the problems above first.",
    ),
    # a new plans repository and a new plan: plangen init, plangen new
    "init.created": ("已创建：{path}", "created: {path}"),
    "init.kept": ("已存在，保留原样：{path}", "exists, kept as it is: {path}"),
    "init.example-skipped": (
        "plans/ 中已有方案，不再添加示例方案 {path}。",
        "plans/ already has plans, so the example {path} was not added.",
    ),
    "init.add-line": (
        "{path} 中没有“{line}”这一行，请把它加上（已有的文件不会被改动）。",
        "{path} lacks the line '{line}'; please add it (existing files are never changed).",
    ),
    "init.git-init": ("已建立 git 仓库（git init）。", "Made a git repository (git init)."),
    "init.git-inside": (
        "这个文件夹已在 git 仓库 {path} 中，git 设置写入这个仓库。",
        "This folder is inside the git repository {path}; the git settings go there.",
    ),
    "init.git-config": ("已设置 git：{key} = {value}", "git config: {key} = {value}"),
    "init.git-missing": (
        "没有找到 git 程序。安装 git 后，请在 {path} 中运行下面的命令，"
        "这样 git diff 能显示 Word 文件中文字的改动，中文文件名也能正常显示：",
        "git was not found. After installing git, run these commands in {path}, so that git diff "
        "shows the text of Word files and Chinese file names show as text:",
    ),
    "init.git-failed": (
        "git 设置没有完成（{detail}）。请在 {path} 中运行下面的命令：",
        "the git settings were not made ({detail}). Run these commands in {path}:",
    ),
    "init.write-failed": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "init.not-a-folder": ("{path} 不是文件夹。", "{path} is not a folder."),
    "init.problems": (
        "方案仓库已建立，但其中的方案有问题（见上）：改正后运行 plangen validate 再检查。",
        "The repository is set up, but its plans have problems (see above): fix them and run "
        "plangen validate again.",
    ),
    "init.done": (
        "方案仓库已就绪：{path}（新建 {created} 个文件，保留 {kept} 个已有文件）。",
        "The plans repository is ready: {path} ({created} file(s) made, {kept} kept).",
    ),
    "init.next": (
        "下一步：在 plans/ 中编辑方案（plangen new plans/方案名称 新建一份），"
        "plangen validate 检查，plangen build 生成 Word 文件。",
        "Next: edit the plans in plans/ (plangen new plans/NAME makes a new one), check them "
        "with plangen validate, make the Word files with plangen build.",
    ),
    "init.next-cd": (
        "下一步：cd {path}，在 plans/ 中编辑方案（plangen new plans/方案名称 新建一份），"
        "plangen validate 检查，plangen build 生成 Word 文件。",
        "Next: cd {path}, edit the plans in plans/ (plangen new plans/NAME makes a new one), "
        "check them with plangen validate, make the Word files with plangen build.",
    ),
    "new.created": (
        "已创建方案：{path}（成文日期 {date}，{types} 类企业的要求）。"
        "请按文件中的注释填写，写好后运行 plangen validate 检查。",
        "Made the plan {path} (dated {date}, requirements for {types} enterprise type(s)). Fill "
        "it in as its comments say, then check it with plangen validate.",
    ),
    "new.exists": (
        "{path} 已经存在，没有改动它：请换一个文件名。",
        "{path} already exists and was left alone: choose another name.",
    ),
    "new.bad-date": (
        "日期“{value}”不对：请按“年-月-日”写成真实的日期，例如 2024-03-01。",
        "the date '{value}' is wrong: write a real date as YYYY-MM-DD, e.g. 2024-03-01.",
    ),
    "new.no-catalog": (
        "找不到企业类型目录 enterprise-types.yaml（应在 {path} 所在的文件夹或其上级文件夹中）："
        "请先运行 plangen init 建立方案仓库，或把方案建在仓库的 plans/ 中。",
        "no enterprise type catalogue (enterprise-types.yaml) beside {path} or above it: run "
        "plangen init first, or make the plan in a repository's plans/.",
    ),
    "new.bad-catalog": (
        "企业类型目录 {path} 有错误（见上）：改正后再新建方案。",
        "the enterprise type catalogue {path} has errors (see above): fix them first.",
    ),
    "new.no-schema": (
        "提示：编辑器的中文说明来自 {path}，它还不存在；在仓库的根目录运行 plangen schema -o schemas 可以生成。",
        "Note: editors read their hints from {path}, which does not exist yet; plangen schema -o "
        "schemas at the repository's root writes it.",
    ),
    # plangen lint: the mistakes pasted text brings (plan/lint/)
    "lint.halfwidth": (
        "中文里用了半角标点“{found}”：请改成全角“{fix}”。",
        "half-width '{found}' in Chinese text: use the full-width '{fix}'.",
    ),
    "lint.quotes": (
        "中文里用了直引号 {found}：请改成 {fix}。",
        "straight quotes {found} around Chinese: write {fix}.",
    ),
    "lint.ellipsis": (
        "省略号“{found}”：中文的省略号是六个点“……”。",
        "the ellipsis '{found}': Chinese writes it as '……'.",
    ),
    "lint.date": (
        "文中的日期“{found}”应写作“{fix}”。",
        "write the date '{found}' in the text as '{fix}'.",
    ),
    "lint.doubled": (
        "标点重复：“{found}”应写作“{fix}”。",
        "a punctuation mark typed twice: write '{fix}', not '{found}'.",
    ),
    "lint.space": (
        "中文字之间有空格：“{found}”应写作“{fix}”（名单中对齐姓名请用全角空格“　”）。",
        "a space between Chinese characters: write '{fix}', not '{found}' (pad names in a list with a full-width space).",
    ),
    "lint.unbalanced": (
        "“{found}”没有对应的“{pair}”：请补上或删去。",
        "'{found}' has no matching '{pair}': add it or remove this one.",
    ),
    "lint.docno-cited": (
        "引用的发文字号中年份要用六角括号〔〕：“{found}”应写作“{fix}”。",
        "the year in a cited document number goes in 〔〕: write '{fix}', not '{found}'.",
    ),
    "lint.stage-date": (
        "文中的“{found}”不在这一环节的时间（{first} 至 {last}）之内：是环节的时间写错了，还是这里写错了？",
        "'{found}' lies outside this stage's time ({first} to {last}): is the stage's time or this text wrong?",
    ),
    "lint.hexagonal": (
        "六角括号〔〕只用于发文字号的年份：“{found}”应写作“{fix}”。",
        "〔〕 are for the year of a document number only: write '{fix}', not '{found}'.",
    ),
    "lint.traditional": (
        "繁体字“{found}”：应写作“{fix}”。",
        "Traditional characters '{found}': write '{fix}'.",
    ),
    "lint.pinyin": (
        "“{found}”带着从网页复制来的拼音注音：应写作“{fix}”。",
        "'{found}' carries pinyin copied from a web page: write '{fix}'.",
    ),
    "lint.fixed-term": (
        "固定提法写错了：“{found}”应写作“{fix}”。",
        "a fixed term is mistyped: '{found}' should be '{fix}'.",
    ),
    "lint.manual-number": (
        "开头手工输入了序号“{found}”：序号由 plangen 自动生成，请删去，写作“{fix}”。",
        "the number '{found}' was typed by hand: plangen numbers headings itself; write '{fix}'.",
    ),
    "lint.docno-copied": (
        "发文字号“{number}”与 {other} 的相同：复制来的方案要改用自己的发文字号。",
        "the document number '{number}' is also that of {other}: a copied plan needs its own number.",
    ),
    "lint.fixed": ("已修正 {path}：{count} 处。", "fixed {path}: {count} change(s)."),
    "lint.fix-refused": (
        "{path} 没有修改：修正后的文件读回来与预期不一致，请按提示手工修改。",
        "{path} was left alone: the fixed file would not read back as intended; fix it by hand.",
    ),
    "fmt.unreadable": (
        "无法整理这个文件：其中有不存在的日期等读不出的值。请先运行 plangen validate，按提示改正后再整理。",
        "cannot format this file: it holds a value that cannot be read, such as a date that does "
        "not exist. Run plangen validate and fix what it reports first.",
    ),
    # plangen import
    "import.report.head": ("导入报告：{source}", "Import report: {source}"),
    "import.report.fields": ("  公文要素：{fields}", "  document fields: {fields}"),
    "import.report.lead": ("  导语：{count} 段", "  lead: {count} paragraph(s)"),
    "import.report.section": (
        "  第{n}部分「{title}」→ {kind}，{items} 个条目{table}",
        "  section {n} “{title}” → {kind}, {items} item(s){table}",
    ),
    "import.report.kind": ("kind: {kind}", "kind: {kind}"),
    "import.report.no-kind": ("无类别（只写 title）", "no kind (title only)"),
    "import.report.table": ("，含表格", ", with a table"),
    "import.report.numbering": (
        "  标题序号：{forms}（不是默认的 一、（一）1.（1），已写入 numbering）",
        "  heading numbers: {forms} (not the default 一、（一）1.（1）; written as numbering)",
    ),
    "import.report.attachment": (
        "  附件{n}「{title}」：{what}",
        "  attachment {n} “{title}”: {what}",
    ),
    "import.report.all-placed": ("  每一段都已归类。", "  every paragraph found its place."),
    "import.report.unplaced-head": (
        "  无法归类 {count} 处（保留在最近的文字中，YAML 中有“# 导入时无法归类”注释，请人工处理）：",
        "  {count} paragraph(s) could not be placed (kept in the nearest text, marked "
        "“# 导入时无法归类” in the YAML: please place them by hand):",
    ),
    "import.report.unplaced": (
        "    第{para}段「{text}」→ {place}",
        "    paragraph {para} “{text}” → {place}",
    ),
    "import.field.letter": ("信函格式", "letter format"),
    "import.field.plain": ("内部方案（没有版头和版记）", "plain plan (no 版头, no 版记)"),
    "import.field.notice": ("印发通知", "cover notice"),
    "import.field.seal": ("加盖印章的落款", "sealed signature"),
    "import.field.copy_number": ("份号", "copy number"),
    "import.field.classification": ("密级", "classification"),
    "import.field.urgency": ("紧急程度", "urgency"),
    "import.field.issuer_mark": ("发文机关标志", "issuer mark"),
    "import.field.number": ("发文字号", "document number"),
    "import.field.signer": ("签发人", "signers"),
    "import.field.joint": ("联合发文机关", "joint issuers"),
    "import.field.status": ("稿次（征求意见稿等）", "draft status"),
    "import.field.title": ("标题", "title"),
    "import.field.recipients": ("主送机关", "recipients"),
    "import.field.issuer": ("署名", "signature"),
    "import.field.date": ("成文日期", "date"),
    "import.field.attachment_note": ("附件说明", "attachment list"),
    "import.field.note": ("附注", "note"),
    "import.field.colophon": ("版记", "colophon"),
    "import.field.unplaced": ("无法归类的版头行", "unplaced head line"),
    "import.written": (
        "已写出 {path}（{unplaced} 处需要人工处理）。检查结果：",
        "wrote {path} ({unplaced} place(s) need a hand). Validation:",
    ),
    "import.exists": (
        "{path} 已存在，没有覆盖；要覆盖请加 --force。",
        "{path} exists and was not overwritten; add --force to overwrite it.",
    ),
    "import.not-docx": (
        "{path} 不是 Word（.docx）文件：{detail}",
        "{path} is not a Word (.docx) file: {detail}",
    ),
}


def language_from(environ: Mapping[str, str], asked: str | None = None) -> str:
    """The language of a run: what was asked for (``--lang``), else ``PLANGEN_LANG``, else
    Chinese — whatever the locale says, since the users read Chinese."""
    if asked in LANGUAGES:
        return asked
    env = environ.get("PLANGEN_LANG", "").strip().lower()
    return "en" if env.startswith("en") else DEFAULT


def translate(key: str, lang: str, /, **args: Any) -> str:
    """The message ``key`` in ``lang``, with ``args`` filled in (nested messages translated)."""
    zh, en = CATALOG[key]
    text = en if lang == "en" else zh
    if not args:
        return text
    return text.format(**{name: render(value, lang) for name, value in args.items()})


class Words:
    """:func:`translate` bound to one language, for the modules that write many sentences (the
    diff report, the page): ``t = Words(lang)`` then ``t("diff.none")``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, /, **args: Any) -> str:
        return translate(key, self.lang, **args)


def render(value: Any, lang: str) -> Any:
    """A message value in ``lang``: messages and texts in both languages become words."""
    if isinstance(value, Message):
        return translate(value.key, lang, **value.args)
    if isinstance(value, Localized):
        return value.en if lang == "en" else value.zh
    if isinstance(value, Joined):
        return translate(value.sep, lang).join(str(render(part, lang)) for part in value.parts)
    return value
