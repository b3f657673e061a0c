"""PDF reader: reading-order text with page and box per character (pdfium or pdfplumber backend)."""

from extractor.ingest.pdf.reader import PdfText, read_pdf

__all__ = ["PdfText", "read_pdf"]
