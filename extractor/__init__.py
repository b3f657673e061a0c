"""extractor: bilingual evidence extraction from oncology reviews."""

__version__ = "0.1.0"
