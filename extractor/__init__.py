"""extractor: bilingual evidence extraction from oncology reviews.

    from extractor import extract, Extractor

``extract`` and ``Extractor`` are loaded on first use (PEP 562), so ``import extractor``
does not pay for pydantic models, spaCy or jieba.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Extractor", "__version__", "extract"]

if TYPE_CHECKING:
    from extractor.api import Extractor, extract


def __getattr__(name: str) -> Any:
    if name in ("extract", "Extractor"):
        from extractor import api

        return getattr(api, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
