"""Scoring extractions against the hand-annotated gold set, and the regression gate.

Library entry points: ``evaluate_corpus(gold_dir, pred_path=...)`` returns an
``EvaluationReport``; ``format_table`` / ``format_errors`` / ``to_json`` render it;
``gate.check`` compares it with ``gold/baseline.json``.
"""

from extractor.evaluate.corpus import EvaluationReport, evaluate_corpus
from extractor.evaluate.report import format_errors, format_table, to_json

__all__ = ["EvaluationReport", "evaluate_corpus", "format_errors", "format_table", "to_json"]
