"""PDF through LibreOffice headless: one process for the whole batch.

The official fonts are licensed and absent on Linux; without configuration fontconfig sends all of
them to one sans-serif face and the 22 × 28 grid breaks. A fontconfig file with strong aliases maps
each official name to a free stand-in of the same (full-width) metrics; the .docx keeps naming the
official fonts. Which stand-in each name got is reported, so a reader of the PDF knows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from plangen.core.errors import RenderError, ToolMissing
from plangen.core.messages import Message
from plangen.core.writer import write_atomic
from plangen.document.pdf_fonts import steady_fonts

#: official font name → free stand-in from Debian's packages (see README: PDF)
STAND_INS: dict[str, str] = {
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "FangSong": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC Black",
    "方正小标宋_GBK": "Noto Serif CJK SC Black",
    "黑体": "Noto Sans CJK SC",
    "SimHei": "Noto Sans CJK SC",
    "楷体_GB2312": "AR PL UKai CN",
    "楷体": "AR PL UKai CN",
    "KaiTi": "AR PL UKai CN",
    "宋体": "Noto Serif CJK SC",
    "SimSun": "Noto Serif CJK SC",
}


# Keep the blank page LibreOffice inserts before an even-page section (the 版记 must sit on an
# even page); its PDF export drops such pages by default.
_PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


#: LibreOffice's time limit: seconds to start, plus seconds per document
TIMEOUT = (120, 30)


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_file(folder: Path) -> Path:
    """Write a fontconfig file mapping the official names to their stand-ins; return its path."""
    aliases = "".join(
        f'  <alias binding="strong"><family>{escape(name)}</family>'
        f"<prefer><family>{escape(stand_in)}</family></prefer></alias>\n"
        for name, stand_in in STAND_INS.items()
    )
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{aliases}</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def stand_ins_used(names: Sequence[str], config: Path) -> dict[str, str]:
    """What fontconfig really gives for each name under ``config`` (``fc-match``)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return {}
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    used = {}
    for name in names:
        done = subprocess.run(
            # the full name tells the face (Noto Serif CJK SC Black for 小标宋), not only its family
            [fc_match, "-f", "%{fullname[0]}|%{family[0]}", name],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        full, _, family = done.stdout.strip().partition("|")
        used[name] = full or family
    return used


def stand_ins(names: Sequence[str]) -> dict[str, str]:
    """The stand-in fontconfig gives each of ``names`` under plangen's mapping, without
    converting anything (a build whose PDFs were all reused still reports them)."""
    with tempfile.TemporaryDirectory(prefix="plangen-fonts-") as tmp:
        return stand_ins_used(names, fontconfig_file(Path(tmp)))


#: documents per LibreOffice run: one run over a thousand documents stopped writing PDFs halfway
#: (bench's large corpus), so a long list goes in batches, each a process of its own (the
#: profile, made by the first, is reused)
BATCH = 200


def convert(
    docx_files: Sequence[Path],
    targets: Sequence[Path],
    moments: Sequence[dt.datetime],
    font_names: Sequence[str],
) -> dict[str, str]:
    """Convert each of ``docx_files`` to the PDF path at the same index of ``targets``, dated
    with the time at that index of ``moments`` (see :func:`normalise`).

    Returns the stand-in used for each of ``font_names``. Raises :class:`ToolMissing` when
    LibreOffice is not installed.
    """
    program = soffice()
    if program is None:
        raise ToolMissing("pdf.no-libreoffice")
    with tempfile.TemporaryDirectory(prefix="plangen-pdf-") as tmp:
        work = Path(tmp)
        config = fontconfig_file(work)
        inputs = []
        for index, source in enumerate(docx_files):
            copy = work / "in" / f"{index:04d}.docx"  # unique, ASCII names for one outdir
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, copy)
            inputs.append(copy)
        env = _child_env(config, work)
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            _PDF_FILTER,
            "--outdir",
            str(work / "out"),
        ]
        jobs = list(zip(inputs, targets, moments, strict=True))
        for start in range(0, len(jobs), BATCH):
            batch = jobs[start : start + BATCH]
            detail = _run(
                [*command, *(str(copy) for copy, _, _ in batch)],
                env,
                timeout=TIMEOUT[0] + TIMEOUT[1] * len(batch),
            )
            for copy, target, moment in batch:
                produced = work / "out" / f"{copy.stem}.pdf"
                if not produced.is_file():
                    raise RenderError("pdf.failed", path=f"{target.stem}.docx", detail=detail)
                write_atomic(target, normalise(produced.read_bytes(), moment))
        return stand_ins_used(font_names, config)


def _child_env(config: Path, work: Path) -> dict[str, str]:
    """LibreOffice's environment: our fonts, a throw-away profile, and a fixed time zone and
    locale, so that nothing of the machine's settings (dates, number formats, hyphenation) can
    change the PDF's bytes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    fixed = {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "zh_CN"}
    return {**env, **fixed, "FONTCONFIG_FILE": str(config), "HOME": str(work)}


def _run(command: list[str], env: dict[str, str], timeout: float) -> Message:
    """Run LibreOffice; what to say if a PDF is then missing (its own words, a crash, a hang)."""
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, check=False, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return Message("pdf.timeout", {"seconds": int(timeout)})
    except OSError as err:
        return Message("pdf.not-started", {"detail": err.strerror or str(err)})
    if done.returncode < 0 or done.returncode > 128:  # killed by a signal: a crash
        return Message("pdf.crashed", {"code": done.returncode})
    said = (done.stderr or done.stdout).strip()[-500:]
    return Message("pdf.said", {"detail": said or "-"})


_CREATED = re.compile(rb"/CreationDate\(D:\d{14}")
_IDENTITY = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>\s*\]")
_HEX = re.compile(rb"<[0-9A-Fa-f]{32}>")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-F]{32})")
#: LibreOffice names the document's Western language (Word's w:lang w:val, en-US as Chinese Word
#: writes it) as the PDF's language; a screen reader should read these documents as Chinese.
_LANGUAGE = re.compile(rb"/Lang\([a-z]{2}-[A-Z]{2}\)")


def normalise(data: bytes, moment: dt.datetime) -> bytes:
    """Make LibreOffice's PDF depend on its input only: it stamps the clock into CreationDate
    and derives /ID and /DocChecksum from it. Each is replaced in place by a value of the same
    length (the build time; a digest of the rest), so the cross-reference offsets stay valid.
    The document's language becomes zh-CN the same way, whatever the machine's settings. First
    the embedded fonts lose the numbers their process gave them (:func:`steady_fonts`), so a PDF
    is the same whatever its LibreOffice process converted before it."""
    data = steady_fonts(data)

    def identity(value: bytes) -> bytes:
        return _IDENTITY.sub(lambda m: _HEX.sub(b"<" + value + b">", m.group(0)), data, count=1)

    stamp = moment.strftime("%Y%m%d%H%M%S").encode()
    data = _LANGUAGE.sub(b"/Lang(zh-CN)", data)
    data = _CREATED.sub(b"/CreationDate(D:" + stamp, data, count=1)
    data = _CHECKSUM.sub(b"/DocChecksum /" + b"0" * 32, identity(b"0" * 32), count=1)
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest().upper().encode()
    data = identity(digest)
    return _CHECKSUM.sub(b"/DocChecksum /" + digest, data, count=1)
