

def test_a_sentence_that_says_what_moved_the_authors_shows_what_they_did() -> None:
    from retrieval.clauses import for_display
    assert for_display("This motivated us to develop Foo-Net, a new network.") == "We develop Foo-Net, a new network."
    assert for_display("These observations lead us to propose a new loss.") == "We propose a new loss."


def test_those_after_than_compares_with_the_sentence_itself() -> None:
    from retrieval.clauses import dangling
    assert not dangling("The bounds computed by our method are tighter than those by interval propagation.")
    assert dangling("We improve those by a large margin.")
