"""Every table frame of a document, read once and joined: the loose and arm-column frames, and the
frames of tables whose cells hold compared pairs (pipe cells, stacked cells, trial columns with role
rows, space-separated pairs, one cell a line, labelled pairs). Where a space-separated table is read by a pair frame and by the
loose frame, the one that reads more of it stays. Each frame's partners index its own values; joined,
they index the joined list.
"""

from __future__ import annotations

from extractor.measure.arm_columns import read_arm_columns
from extractor.measure.labelled_pairs import read_labelled_pairs
from extractor.measure.loose_tables import read_loose_tables
from extractor.measure.pair_cells import read_pair_cells
from extractor.measure.spaced_pairs import read_spaced_pairs
from extractor.measure.stacked_cells import read_stacked_cells
from extractor.measure.stacked_lines import read_stacked_lines
from extractor.measure.tables import TableValue
from extractor.measure.role_rows import read_role_rows
from extractor.models import Entity

Frame = tuple[list[TableValue], list[tuple[int, int]]]


def read_table_frames(text: str, entities: list[Entity]) -> tuple[list[TableValue], list[tuple[int, int]], list[tuple[int, int]]]:
    """(every table value, every table's span, the spans of the pair frames' tables) of ``text``."""
    loose, loose_rows = _chain(read_loose_tables(text, entities), read_arm_columns(text, entities))
    spaced, spaced_rows = _chain(read_spaced_pairs(text, entities), read_stacked_lines(text, entities),
                                 read_labelled_pairs(text, entities))
    if spaced_rows:
        # a space-separated table of pairs both frames read: the one that reads more of it stays
        theirs = [span for span in spaced_rows
                  if sum(a <= v.start < b for v in loose for a, b in [span])
                  >= sum(a <= v.start < b for v in spaced for a, b in [span])]
        spaced = _drop_inside(spaced, theirs)
        spaced_rows = [span for span in spaced_rows if span not in theirs]
        loose = _drop_inside(loose, spaced_rows)
        loose_rows = [r for r in loose_rows if not any(a <= r[0] < b for a, b in spaced_rows)]
    paired, pair_rows = _chain(read_pair_cells(text, entities), read_stacked_cells(text, entities),
                               read_role_rows(text, entities), (spaced, spaced_rows))
    loose, loose_rows = _chain((loose, loose_rows), (paired, pair_rows))
    return loose, loose_rows, pair_rows


def _chain(*frames: Frame) -> Frame:
    """The frames' values and spans one after another, each partner moved by the values before its frame."""
    values: list[TableValue] = []
    spans: list[tuple[int, int]] = []
    for got, rows in frames:
        for v in got:
            if v.partner is not None:
                v.partner += len(values)
        values += got
        spans += rows
    return values, spans


def _drop_inside(values: list[TableValue], spans: list[tuple[int, int]]) -> list[TableValue]:
    """``values`` (table values whose partners index the list) without those inside ``spans``."""
    keep = [k for k, v in enumerate(values) if not any(a <= v.start < b for a, b in spans)]
    index = {old: new for new, old in enumerate(keep)}
    out = []
    for k in keep:
        v = values[k]
        v.partner = index.get(v.partner) if v.partner is not None else None
        out.append(v)
    return out
