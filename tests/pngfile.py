"""Read a PNG file's structure without an image library: signature, chunks with their CRCs, size, text.

The chart tests check what a PNG says it draws (its `paperbot:data` text chunk) and that it is a well-formed
PNG a browser or Discord would show; they never compare pixels.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class Png:
    width: int
    height: int
    chunks: list[str] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)


def read_png(data: bytes) -> Png:
    """The PNG's header and text chunks; AssertionError when it is not a valid PNG."""
    assert data.startswith(SIGNATURE), "no PNG signature"
    position = len(SIGNATURE)
    png: Png | None = None
    names: list[str] = []
    text: dict[str, str] = {}
    while position < len(data):
        length, = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        crc, = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        names.append(kind.decode("ascii"))
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
            png = Png(width, height)
        elif kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            text[key.decode("latin-1")] = value.decode("latin-1")
        position += 12 + length
    assert png is not None and names[0] == "IHDR" and names[-1] == "IEND" and "IDAT" in names, names
    png.chunks, png.text = names, text
    return png
