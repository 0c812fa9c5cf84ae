"""The zip writer writes what ``zipfile`` writes: the same bytes for the same parts, so a
package written from parts compressed once (a template's static parts) is the package plangen
always wrote."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.document.ooxml import package


def zipfile_package(parts: dict[str, bytes], moment: dt.datetime, level: int) -> bytes:
    """How plangen packed a document before it wrote zips itself: through ``zipfile``."""
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in parts]
    names = first + sorted(n for n in parts if n not in first)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, parts[name], compresslevel=level)
    return buffer.getvalue()


names = st.one_of(
    st.sampled_from(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), min_size=1),
)
moments = st.datetimes(dt.datetime(1980, 1, 1), dt.datetime(2107, 12, 31)).map(
    lambda d: d.replace(tzinfo=dt.UTC)
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(names, st.binary(max_size=3000), max_size=6), moments, st.sampled_from([6, 9])
)
def test_the_same_bytes_as_zipfile(
    parts: dict[str, bytes], moment: dt.datetime, level: int
) -> None:
    assert package.repack(parts, moment, level) == zipfile_package(parts, moment, level)


def test_parts_compressed_once_make_the_same_package() -> None:
    parts = {"word/document.xml": "正文".encode() * 500, "_rels/.rels": b"<Relationships/>"}
    moment = dt.datetime(2014, 2, 24, tzinfo=dt.UTC)
    stored = {name: package.deflate(data, package.COMPRESSION) for name, data in parts.items()}
    written = package.write_zip(stored, moment)
    assert written == zipfile_package(parts, moment, package.COMPRESSION)
    assert package.read_parts(written) == parts
