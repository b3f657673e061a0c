"""Plain-text and markdown reader: detect the encoding, never guess silently."""

from __future__ import annotations

import codecs
from pathlib import Path

from extractor.errors import InputError

# Share of non-ASCII characters that must be common (GB2312) ideographs or CJK
# punctuation before bytes that are not UTF-8 are accepted as GB18030: Latin-1 or
# random bytes also "decode" as GB18030, but into rare characters.
_GB_COMMON_SHARE = 0.9


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError when no supported encoding fits."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(path, data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(path, data, "utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise InputError(path, "looks like a binary file (NUL bytes), not UTF-8/UTF-16/GB18030 text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(path, _reason(utf8_error)) from None
    if not _plausible_chinese(text):
        raise InputError(path, _reason(utf8_error) + "; as GB18030 it gives unlikely characters")
    return text, "gb18030"


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"invalid {encoding} text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def _reason(exc: UnicodeDecodeError) -> str:
    return (
        f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}) "
        "and not GB18030/GBK text either"
    )


def _plausible_chinese(text: str) -> bool:
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return True
    common = 0
    for c in non_ascii:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(non_ascii) >= _GB_COMMON_SHARE
