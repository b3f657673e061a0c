"""The regression gate: compare a report with a stored baseline.

``gold/baseline.json`` holds the flat scores of the current main and, per
``<doc>/<scope>``, the gold items that were matched. The gate fails when any
score falls by more than the tolerance, or disappears; it also lists the gold
items matched in the baseline and missed now, so a developer sees what broke.
Raising the baseline is a deliberate commit (``--write-baseline``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from extractor.evaluate.corpus import EvaluationReport
from extractor.evaluate.data import EvaluationError

TOLERANCE = 0.005
BASELINE_VERSION = 1


@dataclass
class GateResult:
    fallen: list[tuple[str, float, float]] = field(default_factory=list)  # name, baseline, now
    missing: list[str] = field(default_factory=list)
    lost: dict[str, list[str]] = field(default_factory=dict)
    improved: list[tuple[str, float, float]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.fallen and not self.missing

    def to_dict(self) -> dict[str, object]:
        return {
            "passed": self.passed,
            "fallen": [{"score": n, "baseline": o, "now": v} for n, o, v in self.fallen],
            "missing": self.missing,
            "lost": self.lost,
            "improved": [{"score": n, "baseline": o, "now": v} for n, o, v in self.improved],
        }


def write_baseline(report: EvaluationReport, path: Path) -> None:
    data = {
        "version": BASELINE_VERSION,
        "tolerance": TOLERANCE,
        "scores": {k: round(v, 6) for k, v in sorted(report.scores().items())},
        "matched": {k: sorted(v) for k, v in sorted(report.matched().items())},
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_baseline(path: Path) -> tuple[dict[str, float], dict[str, list[str]], float]:
    """Scores, matched item keys and tolerance stored in a baseline file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read baseline ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{path}: baseline is not JSON ({exc.msg})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("scores"), dict):
        raise EvaluationError(
            f"{path}: baseline has no 'scores' object (write it with --write-baseline)"
        )
    scores = {str(k): float(v) for k, v in data["scores"].items()}
    matched = {str(k): list(v) for k, v in data.get("matched", {}).items()}
    return scores, matched, float(data.get("tolerance", TOLERANCE))


def check(report: EvaluationReport, baseline: Path) -> GateResult:
    """Compare ``report`` with the baseline file: what fell, what vanished, what was lost."""
    old_scores, old_matched, tolerance = load_baseline(baseline)
    now = report.scores()
    result = GateResult()
    for name, old in sorted(old_scores.items()):
        if name not in now:
            result.missing.append(name)
        elif now[name] < old - tolerance:
            result.fallen.append((name, old, now[name]))
        elif now[name] > old + tolerance:
            result.improved.append((name, old, now[name]))
    now_matched = report.matched()
    for scope, keys in sorted(old_matched.items()):
        current = set(now_matched.get(scope, []))
        gone = [k for k in keys if k not in current]
        if gone:
            result.lost[scope] = gone
    return result


def format_gate(result: GateResult) -> str:
    lines = []
    if result.passed:
        lines.append("regression gate: passed")
        if result.improved:
            lines.append(
                f"  {len(result.improved)} scores rose; raise the baseline deliberately "
                f"with --write-baseline"
            )
    else:
        fell, missing = len(result.fallen), len(result.missing)
        lines.append(f"regression gate: FAILED ({fell} fell, {missing} missing)")
    for name, old, new in result.fallen:
        lines.append(f"  fell     {name}: {old:.3f} -> {new:.3f} ({new - old:+.3f})")
    for name in result.missing:
        lines.append(f"  missing  {name}: in the baseline, not scored now")
    for scope, keys in result.lost.items():
        lines.append(f"  lost in {scope} ({len(keys)}):")
        lines.extend(f"    {k}" for k in keys)
    return "\n".join(lines) + "\n"
