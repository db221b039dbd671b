

def test_any_comparative_with_than_claims_a_result() -> None:
    from retrieval.roles import states_claim
    assert states_claim("Our bounds are significantly tighter than those of prior work.")
    assert states_claim("The method is more accurate than every baseline.")
    assert not states_claim("We use data other than images, rather than text.")
    assert not states_claim("We train on more than 10 datasets.")
