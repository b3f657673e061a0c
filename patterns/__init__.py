"""Lexicons and rule data (shipped as extractor.patterns)."""
