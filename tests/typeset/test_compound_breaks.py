"""A hyphenated compound at a line's end breaks at its own hyphen, not inside its first part
(«мек-/теп-лицейде» leaves two hyphens and a fragment of the first part). Such a cut is a last
resort, as a proper name's; an opening guillemet or bracket hid the first part from the rule,
so «мек- was an ordinary hyphen (20000 against the compound's own hyphen's 1000)."""

from __future__ import annotations

import pytest

from generator.typeset.breakplan import LAST_RESORT, Settings, _token_cuts

SETTINGS = Settings(language="kk", hyphenate=True, hyphen_min=(3, 3))


@pytest.mark.parametrize("token", ["мектеп-лицейде", "«мектеп-лицейде»,", "(мектеп-лицейде"])
def test_a_cut_inside_a_compounds_first_part_is_a_last_resort(token):
    cuts = {token[:cut]: price for cut, _, _, price in _token_cuts(token, SETTINGS)}
    first = next(piece for piece in cuts if piece.endswith("мек"))
    own = next(piece for piece in cuts if piece.endswith("мектеп-"))
    assert cuts[first] >= LAST_RESORT > cuts[own], cuts
