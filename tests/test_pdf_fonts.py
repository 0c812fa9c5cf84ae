"""The per-process /UniqueID of LibreOffice's embedded Type 1 fonts, replaced (pdf_fonts.py), on
PDFs made here byte by byte as LibreOffice writes them: no LibreOffice needed."""

from __future__ import annotations

import datetime as dt
import re
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.document import pdf, pdf_fonts

CLEAR = (
    b"%%!FontType1-1.0: %s 001.003\n11 dict begin\n/FontType 1 def\n/FontName /%s def\n"
    b"/UniqueID %d def\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n"
    b"dup 1 /cid%d put\nreadonly def\ncurrentdict end\ncurrentfile eexec\n"
)
PRIVATE = (
    b"HDU dup\n/Private 9 dict dup begin\n/RD{string currentfile exch readstring pop}executeonly"
    b" def\n/ND{noaccess def}executeonly def\n/password 5839 def\n/BlueValues []ND\n"
    b"/UniqueID %d def\n/Subrs 1 array\ndup 0 5 RD \x5f\x3d\x6b\xac\xb9 NP\nND\n"
    b"2 index /CharStrings 2 dict dup begin\n/.notdef 5 RD \x00\x8b\x8d\x0d\x0e ND\n"
    b"/cid%d 9 RD \x00\x1f/UniqueID 4100009 def ND\nend end\nreadonly put\nput\n"
    b"dup/FontName get exch definefont pop\nmark currentfile closefile\n"
)
TRAILER = b"0" * 64 + b"\n"
TRAILER = TRAILER * 8 + b"cleartomark\n"


def encrypt(plain: bytes) -> bytes:
    """eexec, written here from Adobe's Type 1 book rather than taken from the module."""
    key, out = 55665, bytearray()
    for byte in plain:
        out.append(byte ^ (key >> 8))
        key = ((out[-1] + key) * 52845 + 22719) & 0xFFFF
    return bytes(out)


def decrypt(cipher: bytes) -> bytes:
    key, out = 55665, bytearray()
    for byte in cipher:
        out.append(byte ^ (key >> 8))
        key = ((byte + key) * 52845 + 22719) & 0xFFFF
    return bytes(out)


def programme(number: int, glyph: int = 9481, name: bytes = b"NotoSerifCJKjp-Regular") -> bytes:
    """A Type 1 font as LibreOffice's CFF subsetter writes it, numbered ``number``."""
    clear = CLEAR % (name, name, number, glyph)
    return clear + encrypt(PRIVATE % (number, glyph)) + TRAILER


def lengths(font: bytes) -> bytes:
    clear = font.index(b"eexec\n") + 6
    crypt = len(font) - clear - len(TRAILER)
    return b"/Length1 %d/Length2 %d/Length3 %d" % (clear, crypt, len(TRAILER))


def make_pdf(*fonts: bytes, compressed: bool = True, indirect: bool = True) -> bytes:
    """A PDF laid out as LibreOffice lays it out: each font programme a stream whose /Length is
    the object after it, objects before and after, one cross-reference table."""
    bodies = [b"<</Type/Catalog/Lang(en-US)>>"]
    for font in fonts:
        stored = zlib.compress(font) if compressed else font
        number = len(bodies) + 2
        size = b"%d 0 R" % number if indirect else b"%d" % len(stored)
        flate = b"/Filter/FlateDecode" if compressed else b""
        head = b"<</Length " + size + flate + lengths(font) + b">>\nstream\n"
        bodies += [head + stored + b"\nendstream", b"%d" % len(stored)]
        if not indirect:
            bodies[-1] = b"null"
    bodies.append(b"<</Type/FontDescriptor/FontFile 2 0 R>>")
    out, offsets = bytearray(b"%PDF-1.6\n%\xe4\xf0\xed\xf8\n"), []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R\n/ID [ <%s>\n<%s> ]\n" % (
        len(bodies) + 1,
        b"1" * 32,
        b"1" * 32,
    )
    return bytes(out + b"/DocChecksum /%s\n>>\nstartxref\n%d\n%%%%EOF\n" % (b"2" * 32, table))


def objects(data: bytes) -> dict[int, bytes]:
    """Each object in use, read where the cross-reference table says it is; the table is where
    ``startxref`` says."""
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data.startswith(b"xref", start)
    found = {}
    for number, offset in enumerate(re.findall(rb"(\d{10}) \d{5} n", data[start:]), 1):
        head = re.match(rb"(\d+) 0 obj\n(.*?)\nendobj", data[int(offset) :], re.S)
        assert head is not None and int(head.group(1)) == number, (number, offset)
        found[number] = head.group(2)
    return found


def fonts(data: bytes) -> list[bytes]:
    """Each font programme, read with its /Length, decompressed."""
    found = objects(data)
    programmes = []
    for body in found.values():
        head = re.match(rb"<<(.*?)>>\nstream\n", body, re.S)
        if head is None:
            continue
        size = re.search(rb"/Length (\d+)( 0 R)?", head.group(1))
        assert size is not None
        length = int(found[int(size.group(1))] if size.group(2) else size.group(1))
        stored = body[head.end() : head.end() + length]
        assert body[head.end() + length :] == b"\nendstream"
        programmes.append(zlib.decompress(stored) if b"Flate" in head.group(1) else stored)
    return programmes


def numbers(font: bytes) -> tuple[list[bytes], list[bytes]]:
    """The /UniqueID in a font's clear text and in its private dictionary."""
    clear, private, _ = parts(font)
    return re.findall(rb"/UniqueID (\d+)", clear), re.findall(rb"/UniqueID (\d+) def\n/S", private)


def test_the_number_a_process_gave_a_font_does_not_reach_the_pdf() -> None:
    first = make_pdf(programme(4100001), programme(4100002, glyph=17))
    later = make_pdf(programme(4100006), programme(4100007, glyph=17))
    assert pdf_fonts.steady_fonts(first) == pdf_fonts.steady_fonts(later) != first


def test_the_pdf_stays_whole() -> None:
    """Every object where the table says, the table where startxref says, every stream as long
    as its /Length; the fonts as they were but for their numbers."""
    before = make_pdf(programme(4100006), programme(4100007, glyph=17))
    after = pdf_fonts.steady_fonts(before)
    assert len(objects(after)) == len(objects(before)) == 6
    for font, was in zip(fonts(after), fonts(before), strict=True):
        number, old = numbers(font)[0], numbers(was)[0]
        assert numbers(font) == (number, number) and len(number) == 1
        assert 4_000_000 <= int(number[0]) < 5_000_000
        for part, former in zip(parts(font), parts(was), strict=True):
            assert part.replace(number[0], b"?") == former.replace(old[0], b"?")


def parts(font: bytes) -> tuple[bytes, bytes, bytes]:
    """A font's clear text, its encrypted part decrypted, its trailer."""
    clear = font.index(b"eexec\n") + 6
    return font[:clear], decrypt(font[clear : -len(TRAILER)]), font[-len(TRAILER) :]


def test_only_the_private_dictionary_number_changes_in_the_encrypted_part() -> None:
    """A charstring's bytes that happen to read as a number are glyph data, not the font's."""
    after = fonts(pdf_fonts.steady_fonts(make_pdf(programme(4100006))))[0]
    assert b"/UniqueID 4100009 def ND" in decrypt(after[after.index(b"eexec\n") + 6 :])


def test_the_number_follows_the_font() -> None:
    """The same font has the same number in every PDF; another font another one."""
    same = [pdf_fonts.steady_fonts(make_pdf(programme(n))) for n in (4100001, 4100042)]
    other = pdf_fonts.steady_fonts(make_pdf(programme(4100001, glyph=18)))
    assert numbers(fonts(same[0])[0]) == numbers(fonts(same[1])[0])
    assert numbers(fonts(other)[0]) != numbers(fonts(same[0])[0])


def test_a_steady_pdf_is_left_as_it_is() -> None:
    once = pdf_fonts.steady_fonts(make_pdf(programme(4100003), programme(4100004, glyph=2)))
    assert pdf_fonts.steady_fonts(once) == once


def test_an_uncompressed_programme_changes_in_place() -> None:
    before = make_pdf(programme(4100001), compressed=False)
    after = pdf_fonts.steady_fonts(before)
    assert len(after) == len(before) and after != before
    assert after == pdf_fonts.steady_fonts(make_pdf(programme(4100077), compressed=False))


def test_a_direct_length_is_rewritten() -> None:
    before = make_pdf(programme(4100005), indirect=False)
    after = pdf_fonts.steady_fonts(before)
    assert after == pdf_fonts.steady_fonts(make_pdf(programme(4100011), indirect=False))
    assert numbers(fonts(after)[0])[0] != [b"4100005"]


def test_what_libreoffice_does_not_write_is_left_alone() -> None:
    """A TrueType programme (no /Length2), another filter, a table updated (/Prev) or none."""
    truetype = make_pdf(programme(4100001)).replace(b"/Length2", b"/Lengthx")
    hexed = make_pdf(programme(4100001)).replace(b"/FlateDecode", b"/ASCIIHexD")
    updated = make_pdf(programme(4100001)).replace(b"/Root", b"/Prev 9/Root")
    # startxref at an object, as at a cross-reference stream
    no_table = re.sub(rb"startxref\n\d+", b"startxref\n15", make_pdf(programme(4100001)))
    for data in (truetype, hexed, updated, no_table):
        assert pdf_fonts.steady_fonts(data) == data


def test_normalise_makes_the_same_pdf_of_two_processes() -> None:
    moment = dt.datetime(2014, 2, 24, tzinfo=dt.UTC)
    first = pdf.normalise(make_pdf(programme(4100001)), moment)
    later = pdf.normalise(make_pdf(programme(4100005)), moment)
    assert first == later
    assert b"/ID [ <" + b"1" * 32 not in first  # the digest of the steady fonts
    assert len(objects(first)) == 4


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.binary(max_size=300), st.integers(0, 300), st.binary(min_size=1, max_size=8))
def test_encrypted_text_replaced_as_if_encrypted_anew(plain: bytes, at: int, value: bytes) -> None:
    at = min(at, len(plain))
    value = value[: len(plain) - at]
    changed = plain[:at] + value + plain[at + len(value) :]
    assert pdf_fonts._replace_encrypted(encrypt(plain), at, value) == encrypt(changed)
