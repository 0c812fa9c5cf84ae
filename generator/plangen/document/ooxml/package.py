"""The .docx zip package: deterministic bytes and document properties.

Word packages are zips; a zip stores a time for every entry and the order of entries, so the same
document saved twice differs. Everything plangen writes goes through :func:`repack`: entries in a
fixed order, every time the same (``SOURCE_DATE_EPOCH`` when set, else the plan's date), fixed
compression. Core and custom properties come from the plan, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

from plangen.core.errors import RenderError
from plangen.document.ooxml.ns import NAMESPACES, qn

_FIRST = ("[Content_Types].xml", "_rels/.rels")
_EPOCH_FLOOR = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip can store
#: zlib's level for the parts of a generated document. 6 (zlib's default) rather than 9: as
#: deterministic (the same zlib gives the same bytes for the same input at any level), faster on
#: a body part, and a few percent larger. Changing it changes every document's bytes once (0.1.0
#: went from 9 to 6). The packed template keeps level 9 (``template pack``: made once, shipped).
COMPRESSION = 6
TEMPLATE_COMPRESSION = 9


def build_time(default: dt.date, epoch: int | None) -> dt.datetime:
    """``epoch`` (``SOURCE_DATE_EPOCH``, for reproducible builds) when given, else midnight UTC
    of ``default``."""
    if epoch is not None:
        moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    else:
        moment = dt.datetime(default.year, default.month, default.day, tzinfo=dt.UTC)
    return max(moment, _EPOCH_FLOOR)


def repack(
    parts: dict[str, bytes], moment: dt.datetime, level: int = TEMPLATE_COMPRESSION
) -> bytes:
    """Zip ``parts`` deterministically: fixed order, fixed times, fixed compression ``level``."""
    names = [n for n in _FIRST if n in parts] + sorted(n for n in parts if n not in _FIRST)
    stamp = moment.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # the same on Windows and Linux
            archive.writestr(info, parts[name], compresslevel=level)
    return buffer.getvalue()


def read_parts(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except zipfile.BadZipFile as err:
        raise RenderError("render.bad-package", detail=str(err)) from err


def core_properties(
    title: str, creator: str, subject: str, keywords: str, moment: dt.datetime
) -> bytes:
    when = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<cp:coreProperties xmlns:cp="{NAMESPACES["cp"]}"'
        f' xmlns:dc="{NAMESPACES["dc"]}" xmlns:dcterms="{NAMESPACES["dcterms"]}"'
        f' xmlns:xsi="{NAMESPACES["xsi"]}">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>{escape(creator)}</dc:creator><cp:keywords>{escape(keywords)}</cp:keywords>"
        f"<cp:lastModifiedBy>plangen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def custom_properties(values: dict[str, str]) -> bytes:
    """docProps/custom.xml: string properties, in the order given."""
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{NAMESPACES["custom"]}" xmlns:vt="{NAMESPACES["vt"]}">'
        f"{items}</Properties>"
    ).encode()


def read_custom_properties(data: bytes) -> dict[str, str]:
    """The custom properties of a .docx (for tracing a downloaded file back to its plan)."""
    from lxml import etree

    parts = read_parts(data)
    if "docProps/custom.xml" not in parts:
        return {}
    root = etree.fromstring(parts["docProps/custom.xml"])
    return {
        str(prop.get("name", "")): "".join(str(t) for t in prop.itertext())
        for prop in root.iter(qn("custom:property"))
    }
