"""Archives as every archive the tool writes is: the same bytes for the same members.

A DOCX is a ZIP archive, and so is each zipped open dataset of the site. Each member has a
fixed time (1980-01-01, the earliest a ZIP can say), is deflated and is rw-------, so equal
documents give equal bytes on every machine. Apart from :mod:`kehoach.render.docx` so that what
zips the open data does not load python-docx, docxtpl and Jinja2 (a build that finds nothing
changed loads neither, issue #31).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_entry(name: str, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
    """One member as :func:`deterministic_zip` writes it (fixed time, deflated, rw-------): its
    ZipInfo and its compressed bytes, made once for a part that every plan shares."""
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    info.file_size, info.compress_size, info.CRC = len(data), len(packed), zlib.crc32(data)
    return info, packed


# The ZIP format's central directory header and end record (APPNOTE 4.3.12, 4.3.16), as zipfile packs them.
_CENTRAL, _CENTRAL_SIGNATURE = "<4s4B4HL2L5H2L", b"PK\001\002"
_END, _END_SIGNATURE = b"<4s4H2LH", b"PK\005\006"


def zip_entries(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """The archive of already compressed members, byte for byte as ``zipfile`` writes it to a
    seekable file (local headers, then the central directory and its end record)."""
    out, directory = [], []
    offset = 0
    for info, packed in entries:
        header = info.FileHeader(False)
        out += [header, packed]
        try:  # as zipfile marks a name: ASCII, or UTF-8 with flag bit 11
            name, flags = info.filename.encode("ascii"), info.flag_bits
        except UnicodeEncodeError:
            name, flags = info.filename.encode("utf-8"), info.flag_bits | 0x800
        dosdate = (info.date_time[0] - 1980) << 9 | info.date_time[1] << 5 | info.date_time[2]
        dostime = info.date_time[3] << 11 | info.date_time[4] << 5 | (info.date_time[5] // 2)
        directory.append(
            struct.pack(
                _CENTRAL,
                _CENTRAL_SIGNATURE,
                info.create_version,
                info.create_system,
                info.extract_version,
                info.reserved,
                flags,
                info.compress_type,
                dostime,
                dosdate,
                info.CRC,
                info.compress_size,
                info.file_size,
                len(name),
                0,
                0,
                0,
                info.internal_attr,
                info.external_attr,
                offset,
            )
            + name
        )
        offset += len(header) + len(packed)
    central = b"".join(directory)
    end = struct.pack(_END, _END_SIGNATURE, 0, 0, len(entries), len(entries), len(central), offset, 0)
    return b"".join(out) + central + end


def zipped(members: dict[str, bytes]) -> bytes:
    """An archive of ``members`` (name → bytes) as every archive the tool writes is: fixed times,
    deflated, the same bytes for the same members (a DOCX, the site's zipped open data)."""
    return zip_entries([zip_entry(name, data) for name, data in members.items()])


def deterministic_zip(data: bytes) -> bytes:
    """Re-pack a DOCX with fixed timestamps so equal documents give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
