from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.ingest import ingest

SAMPLE = "REFLECT研究显示仑伐替尼的mOS为13.6个月vs12.3个月。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    doc = ingest(path)
    assert doc.text == SAMPLE
    assert doc.encoding == encoding
    assert doc.media_type == "text/plain"


def test_review_text_is_ingested_verbatim(review_txt_path: Path, review_text: str) -> None:
    doc = ingest(review_txt_path)
    assert doc.text == review_text
    assert len(doc.doc_id) == 64


def test_markdown_media_type(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# 标题\n\n正文。", encoding="utf-8")
    assert ingest(path).media_type == "text/markdown"


def test_latin1_bytes_are_not_silently_decoded_as_chinese(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café résumé naïve — déjà vu, señor, façade".encode("cp1252"))
    with pytest.raises(InputError) as err:
        ingest(path)
    assert "not valid UTF-8" in str(err.value)
    assert str(path) in str(err.value)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n", "no text"),
        ("bin.txt", b"\x00\x01\x02binary", "binary"),
        ("paper.docx", b"PK\x03\x04", "unsupported file type"),
        ("fake.pdf", "这是一个文本文件".encode(), "not a PDF"),
        ("pdf_named.txt", b"%PDF-1.7\n%binary", "is a PDF"),
        ("bad16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid utf-16"),
    ],
)
def test_bad_inputs_raise_one_line_errors(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        ingest(path)
    message = str(err.value)
    assert reason in message
    assert message.startswith(str(path))
    assert "\n" not in message


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        ingest(tmp_path)
