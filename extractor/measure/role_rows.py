"""Tables whose columns are trials and whose rows are the arms' roles, under endpoint sections.

A review compares trials side by side, one column a trial, the treatments named once at the top by
role and every result row labelled by that role:

    | Variable | Motzer et al. (CheckMate 214) | … (IMmotion 151) | … (KEYNOTE-426) |
    | Investigational | Ipilimumab–nivolumab | Atezolizumab–bevacizumab | Pembrolizumab–axitinib |
    | Comparator | Sunitinib | Sunitinib | Sunitinib |
    | Median PFS (months) | ||||
    | Investigational | 11.6 | 11.2 | 15.1 |
    | Comparator | 8.4 | 7.7 | 11.1 |
    | Hazard ratio | 0.82 | 0.74 | 0.69 |
    | p Value | 0.03 | 0.02 | <0.001 |

- the *header* row names a trial in two or more of its cells after the first: each is a column;
- a *role row* holds no values, its cells naming drugs or a control: its label ("Investigational",
  "Comparator", "Experimental arm") is a role, each cell that column's arm for the role;
- a *section row* (one cell) names the endpoint of the rows below it;
- a row labelled by a role gives, per column, the section's value for that column's arm in that
  role; two roles' values in one column are a compared pair;
- a ratio row ("Hazard ratio") gives per column the first role's ratio against the second; a P row
  gives the P of the ratio above it in the section, or, with no ratio, of the column's pair.

Every value is grounded on its number; each row is read once, so work is linear in the table.
"""

from __future__ import annotations

import regex

from extractor.measure.tables import (
    Cell,
    Ents,
    TableValue,
    blocks,
    cell_arm,
    cell_interval,
    cell_number,
    endpoint_codes,
    is_control,
    p_head,
    unit_for,
)
from extractor.measure import lexicon as lx
from extractor.models import Entity
from extractor.normalize import normalize

_RATIOS = frozenset({"HR", "OR", "RR"})
_PERCENT = regex.compile(r"\(\s*%\s*\)|,\s*%\s*$")


def _section_code(cell: str) -> str | None:
    """The endpoint a section row names; "Complete responses (%)", responders in percent, their rate."""
    codes = endpoint_codes(cell)
    if codes:
        return codes[0]
    pct = _PERCENT.search(cell)
    if pct is None:
        return None
    count = lx.responder_by_surface().get(normalize(cell[: pct.start()]).text.strip().casefold())
    return lx.cues().responder_share.get(count) if count else None


def read_role_rows(text: str, entities: list[Entity]) -> tuple[list[TableValue], list[tuple[int, int]]]:
    """Every value the role-row tables of ``text`` (Document.text) state, and each table's span."""
    if "|" not in text:
        return [], []
    ents = Ents(entities)
    out: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    for block in blocks(text):
        trials = [cell_arm(c, ents)[2] for c in block[0][1:]]
        if sum(t is not None for t in trials) < 2:
            continue
        got = _read(block, trials, ents)
        if not got:
            continue
        for v in got:
            if v.partner is not None:
                v.partner += len(out)
        out.extend(got)
        spans.append((block[0][0].start, block[-1][-1].end))
    return out, spans


def _read(block: list[list[Cell]], trials: list[str | None], ents: Ents) -> list[TableValue]:
    roles: dict[str, list[tuple[list[str], str | None]]] = {}
    out: list[TableValue] = []
    code: str | None = None
    section = ""
    # per column, the values of the current section's rows: by role, and its last ratio
    by_role: dict[str, list[int | None]] = {}
    ratio_at: list[int | None] = []
    for row in block[1:]:
        label = row[0].text.strip().rstrip(":：").casefold()
        cells = row[1:]
        if len(row) == 1:
            code, section = _section_code(row[0].text), row[0].text
            by_role, ratio_at = {}, [None] * len(trials)
            continue
        if not any(c.numeric for c in cells):
            arms = [cell_arm(c, ents)[:2] for c in cells]
            if sum(1 for d, lab in arms if d or is_control(lab)) * 2 >= len(cells):
                roles[label] = arms
            continue
        if label in roles and code is not None and code not in _RATIOS:
            made: list[int | None] = []
            for j, cell in enumerate(cells[: len(trials)]):
                num = cell_number(cell)
                if num is None or j >= len(roles[label]):
                    made.append(None)
                    continue
                drugs, arm_label = roles[label][j]
                made.append(len(out))
                out.append(TableValue(code, num[0], unit_for(code, section), num[1], num[2], drugs, arm_label,
                                      ci=cell_interval(cell), trial=trials[j], row=(row[0].start, row[-1].end),
                                      rule="value.role_rows"))
            for j, k in enumerate(made):
                other = next((ks[j] for r, ks in by_role.items() if j < len(ks) and ks[j] is not None), None)
                if k is not None and other is not None and out[other].partner is None:
                    out[k].partner, out[other].partner = other, k
            by_role[label] = made
            continue
        ratio = next((c for c in endpoint_codes(row[0].text) if c in _RATIOS), None)
        if ratio is not None and len(roles) >= 2:
            (first, second) = list(roles.values())[:2]
            ratio_at = [None] * len(trials)
            for j, cell in enumerate(cells[: len(trials)]):
                num = cell_number(cell)
                if num is None or j >= min(len(first), len(second)):
                    continue
                ratio_at[j] = len(out)
                out.append(TableValue(ratio, num[0], None, num[1], num[2], first[j][0], first[j][1],
                                      second[j][0], second[j][1], ci=cell_interval(cell), trial=trials[j],
                                      row=(row[0].start, row[-1].end), rule="value.role_rows"))
            continue
        if p_head().fullmatch(row[0].text.strip().rstrip("*†‡")):
            for j, cell in enumerate(cells[: len(trials)]):
                num = cell_number(cell)
                if num is None:
                    continue
                p = (num[3] or "=", num[0])
                targets = [ratio_at[j]] if j < len(ratio_at) and ratio_at[j] is not None else \
                    [ks[j] for ks in by_role.values() if j < len(ks) and ks[j] is not None]
                for k in targets:
                    if k is not None:
                        out[k].p = p
    return out
