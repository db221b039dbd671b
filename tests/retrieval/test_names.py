"""One name normaliser for titles, short names and people."""

from __future__ import annotations

from retrieval.names import fold, name_key, same_name


def test_fold_unifies_case_diacritics_dashes_and_spaces():
    assert fold("  Zoë   Li—Chen ") == "zoe li-chen"
    assert fold("SJD++: Speculative") == "sjd++: speculative"
    assert fold("Ｍｅｔａ") == "meta"


def test_name_keys_read_hyphens_dots_and_apostrophes_as_spaces():
    assert name_key("LEGO-Prover") == name_key("lego prover") == "lego prover"
    assert name_key("J.-L. O'Neil") == "j l o neil"
    assert same_name("Han  Shi", "han shi")
    assert not same_name("Han Shi", "Han Shin")
