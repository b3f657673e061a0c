from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def review_txt_path() -> Path:
    return CORPUS / "review.txt"


@pytest.fixture(scope="session")
def review_pdf_path() -> Path:
    return CORPUS / "review_2col.pdf"


@pytest.fixture(scope="session")
def review_text(review_txt_path: Path) -> str:
    return review_txt_path.read_text(encoding="utf-8")
