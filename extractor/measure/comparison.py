"""The document's comparison as the group register holds it: the keys for its experimental and
control arms, and how an add-on design (A + B against placebo + B) is written into it."""

from __future__ import annotations

from functools import cache

import regex

from extractor.measure import lexicon as lx

EXPERIMENTAL = "__experimental__"
CONTROL = "__control__"
ADD_ON = "__add_on__"  # set once an add-on design has named both arms
CONTROL_LABEL = "__control_label__"  # the control's group words when the comparison named it by them
ALONE = "__alone__"  # set while reading: the comparison's control was written "… alone"


def set_add_on(out: dict[str, list[str]], experimental: list[str], backbone: list[str], label: str | None) -> bool:
    """Both arms of an add-on design; the experimental arm's drugs in the order the text names them."""
    out[EXPERIMENTAL] = list(dict.fromkeys(experimental))
    out[CONTROL] = list(dict.fromkeys(backbone))
    if label:
        out[CONTROL_LABEL] = [label]
    out[ADD_ON] = out[EXPERIMENTAL]
    return True


def is_placebo(label: str | None) -> bool:
    return label is not None and _placebo().search(label) is not None


@cache
def _placebo() -> regex.Pattern[str]:
    return lx.compile_alt(lx.cues().placebo_words)



def addition(subs: list, out: dict[str, list[str]]) -> bool:
    """"The addition of A to B", "adding A (brand) to B" (one phrase whose ``backbone`` is B): an
    add-on design named without an allocation, A + B against B."""
    for s in subs:
        if s.backbone and s.label is None and not s.prior and set(s.backbone) < set(s.drugs):
            return set_add_on(out, s.drugs, s.backbone, None)
    return False
