"""The fonts LibreOffice embeds in a PDF, made the same whichever process converted them.

LibreOffice turns each CFF font it embeds (the Noto CJK stand-ins) into a Type 1 font and gives it
a ``/UniqueID`` from a counter that lives as long as its process: 4100000 plus the number of fonts
the process embedded before (vcl's CFF subsetter). The number is written twice, in the font's
clear text and in its private dictionary, which is eexec-encrypted, and the font programme is
compressed. So a PDF's bytes depended on what its process converted before it.

Each such number is replaced by one derived from the font's clear text (its name and the glyphs of
its encoding), seven digits in the range Adobe keeps for private interchange like LibreOffice's, so
the font's /Length1 and /Length2 stay true. The private dictionary is encrypted again from there
on (each byte's key depends on the bytes before it), the programme compressed again as LibreOffice
compresses it (zlib level 6, memory level 9), its /Length updated and every object after it moved
in the cross-reference table by the difference.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import zlib
from collections.abc import Callable
from functools import cache

#: LibreOffice's numbers are 4100000 + n; the ones written here are 4000000 + a digest
_UNIQUE_ID = re.compile(rb"/UniqueID (4\d{6}) def")
#: eexec: the key's seed and the two constants of its recurrence (Adobe Type 1 Font Format, 7.2)
_SEED, _C1, _C2 = 55665, 52845, 22719
#: the private dictionary precedes the first encrypted charstring, which follows " RD "
_WINDOW = 4096

#: a stream dictionary of a Type 1 font programme (FontFile), and where the stream's bytes begin
_FONT_FILE = re.compile(rb"<<([^<>]*/Length1 \d+[^<>]*)>>\s*stream\r?\n")
_LENGTH = re.compile(rb"/Length (\d+)( 0 R)?")
_LENGTH_OBJECT = re.compile(rb"(\d+) 0 obj\s*(\d+)\s*endobj")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
#: how far from the end ``startxref`` is looked for
_TAIL = 1024
_XREF_ENTRY = re.compile(rb"(\d+) (\d+)(?: ([nf]))?")
_IN_USE = re.compile(rb"(\d{10})( \d{5} n)")

#: a change to the PDF: the bytes from ``start`` to ``end`` become ``new``
Edit = tuple[int, int, bytes]


def steady_fonts(data: bytes) -> bytes:
    """``data`` with every Type 1 font's per-process /UniqueID replaced (see the module).

    A PDF that is not what LibreOffice writes (one cross-reference table, not a stream, not
    updated) is returned as it is; so is a font programme in any other form."""
    table = _xref(data)
    if table is None:
        return data
    offsets = table[1]
    edits: list[Edit] = []
    for found in _FONT_FILE.finditer(data):
        edits += _font_edits(data, found, offsets)
    if not edits:
        return data
    return _relocated(data, sorted(edits), table[0])


def _font_edits(data: bytes, found: re.Match[bytes], offsets: dict[int, int]) -> list[Edit]:
    """What changes for the font programme whose stream dictionary is ``found``."""
    entries = found.group(1)
    length = _LENGTH.search(entries)
    parts = [re.search(rb"/Length%d (\d+)" % n, entries) for n in (1, 2)]
    filters = re.findall(rb"/Filter\s*/?(\w*)", entries)
    if length is None or parts[0] is None or parts[1] is None:  # TrueType has no /Length2
        return []
    if filters not in ([], [b"FlateDecode"]) or b"/DecodeParms" in entries:
        return []
    span = (found.start(1) + length.start(1), found.start(1) + length.end(1))
    if length.group(2):  # an indirect /Length: the number is an object of its own
        where = offsets.get(int(length.group(1)))
        held = None if where is None else _LENGTH_OBJECT.match(data, where)
        if held is None or held.group(1) != length.group(1):
            return []
        span = held.span(2)
    start = found.end()
    stored = data[start : start + int(data[span[0] : span[1]])]
    try:
        programme = zlib.decompress(stored) if filters else stored
    except zlib.error:
        return []
    steady = steady_programme(programme, int(parts[0].group(1)), int(parts[1].group(1)))
    if steady == programme:
        return []
    if not filters:  # the same length: in place
        return [(start, start + len(stored), steady)]
    packed = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS, 9)
    new = packed.compress(steady) + packed.flush()
    return [(start, start + len(stored), new), (*span, str(len(new)).encode())]


def steady_programme(programme: bytes, clear_length: int, crypt_length: int) -> bytes:
    """A Type 1 font programme (clear text, eexec-encrypted binary part, trailer) with its
    /UniqueID, in the clear text and in the private dictionary, derived from its clear text."""
    clear = programme[:clear_length]
    crypt = programme[clear_length : clear_length + crypt_length]
    if len(crypt) != crypt_length:
        return programme
    digest = hashlib.sha256(_UNIQUE_ID.sub(b"/UniqueID 0 def", clear)).digest()
    number = b"%d" % (4_000_000 + int.from_bytes(digest[:8], "big") % 1_000_000)
    clear = _UNIQUE_ID.sub(b"/UniqueID " + number + b" def", clear)
    plain, _ = _decrypt(crypt[:_WINDOW])
    text_end = plain.find(b" RD ")  # where the first encrypted charstring begins
    private = _UNIQUE_ID.search(plain, 0, text_end if text_end >= 0 else len(plain))
    if private is not None and private.group(1) != number:
        crypt = _replace_encrypted(crypt, private.start(1), number)
    return clear + crypt + programme[clear_length + crypt_length :]


def _decrypt(cipher: bytes) -> tuple[bytes, int]:
    """eexec-encrypted bytes decrypted, and the key after them."""
    key = _SEED
    plain = bytearray()
    for byte in cipher:
        plain.append(byte ^ (key >> 8))
        key = ((byte + key) * _C1 + _C2) & 0xFFFF
    return bytes(plain), key


@cache
def _next_keys() -> list[int]:
    """eexec's next key for each sum of a key and an encrypted byte: a look-up is a quarter
    faster than the arithmetic, in the loop over every byte of a font."""
    return [(total * _C1 + _C2) & 0xFFFF for total in range(0x10000 + 0x100)]


def _replace_encrypted(cipher: bytes, at: int, value: bytes) -> bytes:
    """eexec-encrypted bytes whose plain text at ``at`` is replaced by ``value``: every byte from
    there on is encrypted again, since each byte's key follows from the encrypted bytes before."""
    _, old = _decrypt(cipher[:at])
    new = old
    following = _next_keys()
    out = bytearray(cipher)
    end = at + len(value)
    for index, plain in enumerate(value, at):
        out[index] = byte = plain ^ (new >> 8)
        old = following[cipher[index] + old]
        new = following[byte + new]
    for index, stored in enumerate(cipher[end:], end):
        out[index] = byte = stored ^ ((old ^ new) >> 8)  # the same plain text, the new key
        old = following[stored + old]
        new = following[byte + new]
    return bytes(out)


def _xref(data: bytes) -> tuple[tuple[int, int], dict[int, int]] | None:
    """Where the one cross-reference table is (from ``xref`` to ``trailer``), and the offset of
    each object in use; None for anything else (a stream, an update with /Prev)."""
    end = _STARTXREF.search(data, max(len(data) - _TAIL, 0))
    if end is None or not data.startswith(b"xref", at := int(end.group(1))):
        return None
    stop = data.find(b"trailer", at)
    if stop < 0 or re.search(rb"/(Prev|XRefStm)\b", data[stop : end.start()]):
        return None
    offsets: dict[int, int] = {}
    number = 0
    for entry in _XREF_ENTRY.finditer(data, at + 4, stop):
        first, _, kind = entry.groups()
        if kind is None:  # a subsection: its first object's number and how many follow
            number = int(first)
            continue
        if kind == b"n":
            offsets[number] = int(first)
        number += 1
    return (at, stop), offsets


def _relocated(data: bytes, edits: list[Edit], table: tuple[int, int]) -> bytes:
    """``data`` with the sorted ``edits`` made, each object's offset in the cross-reference table
    and the table's own after ``startxref`` moved by the bytes the edits added before it."""
    pieces = []
    ends: list[int] = []
    shifts = [0]
    done = 0
    for start, end, new in edits:
        pieces += [data[done:start], new]
        done = end
        ends.append(end)
        shifts.append(shifts[-1] + len(new) - (end - start))
    pieces.append(data[done:])

    def moved(offset: int) -> int:
        return offset + shifts[bisect.bisect_right(ends, offset)]

    out = b"".join(pieces)
    at, stop = moved(table[0]), moved(table[1])
    entries = _IN_USE.sub(lambda m: b"%010d%s" % (moved(int(m.group(1))), m.group(2)), out[at:stop])
    out = out[:at] + entries + out[stop:]
    tail = max(len(out) - _TAIL, 0)
    return out[:tail] + _STARTXREF.sub(lambda m: _startxref(m, moved), out[tail:])


def _startxref(found: re.Match[bytes], moved: Callable[[int], int]) -> bytes:
    """The ``startxref`` line with the table's new offset."""
    old = found.group(1)
    return found.group(0).replace(old, b"%d" % moved(int(old)), 1)
