"""Builders for the hostile-input corpus: broken, disguised and malicious files, made on the fly."""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 24  # 16 MiB of one repeated byte compresses to a steady 16 KB block


@dataclass
class Member:
    name: str
    compressed: bytes
    crc: int
    size: int


def deflated(name: str, data: bytes) -> Member:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush()
    return Member(name, body, zlib.crc32(data), len(data))


def inflating(name: str, head: bytes, filler: bytes, chunks: int, tail: bytes) -> Member:
    """A member that inflates to head + filler * (chunks * 16 MiB) + tail, built in ~0.5 s."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = filler * _CHUNK
    parts = [
        compressor.compress(head) + compressor.compress(block),
        compressor.flush(zlib.Z_FULL_FLUSH),
    ]
    steady = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    parts.append(steady * (chunks - 1))
    parts.append(compressor.compress(tail) + compressor.flush())
    crc = zlib.crc32(head)
    for _ in range(chunks):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return Member(name, b"".join(parts), crc, len(head) + chunks * _CHUNK + len(tail))


def write_zip(path: Path, members: list[Member], *, declare: dict[str, int] | None = None) -> Path:
    """A zip written by hand, so a member's declared size can lie (`declare`)."""
    local, central = bytearray(), bytearray()
    for m in members:
        size = (declare or {}).get(m.name, m.size)
        name = m.name.encode()
        offset = len(local)
        local += (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0x800,
                8,
                0,
                0x21,
                m.crc,
                len(m.compressed),
                size,
                len(name),
                0,
            )
            + name
            + m.compressed
        )
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0x800,
                8,
                0,
                0x21,
                m.crc,
                len(m.compressed),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0
    )
    path.write_bytes(bytes(local + central + end))
    return path


def members_of(xlsx: Path) -> list[Member]:
    with zipfile.ZipFile(xlsx) as archive:
        return [deflated(i.filename, archive.read(i.filename)) for i in archive.infolist()]


def zip_bomb(base: Path, target: Path, gib: int = 1) -> Path:
    """`base` with its first sheet padded by `gib` GiB of XML whitespace (~1 MB on disk)."""
    members = members_of(base)
    for i, m in enumerate(members):
        if m.name == "xl/worksheets/sheet1.xml":
            with zipfile.ZipFile(base) as archive:
                head, tail = archive.read(m.name).split(b"<sheetData>", 1)
            members[i] = inflating(m.name, head + b"<sheetData>", b" ", 64 * gib, tail)
    return write_zip(target, members)


def lying_bomb(base: Path, target: Path) -> Path:
    """A zip bomb whose headers claim the huge sheet is 10 KB."""
    bomb = zip_bomb(base, target.with_suffix(".tmp.xlsx"))
    members = members_of_raw(bomb)
    bomb.unlink()
    return write_zip(target, members, declare={"xl/worksheets/sheet1.xml": 10_000})


def members_of_raw(path: Path) -> list[Member]:
    """Members of a zip written by `write_zip`, without inflating them."""
    data = path.read_bytes()
    members, pos = [], 0
    while data[pos : pos + 4] == b"PK\x03\x04":
        (_, _, _, _, _, _, crc, csize, size, nlen, xlen) = struct.unpack(
            "<IHHHHHIIIHH", data[pos : pos + 30]
        )
        name = data[pos + 30 : pos + 30 + nlen].decode()
        start = pos + 30 + nlen + xlen
        members.append(Member(name, data[start : start + csize], crc, size))
        pos = start + csize
    return members
