"""clean_text: LaTeX and HTML in exported abstracts become readable plain text, and nothing makes it raise."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.text import clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (r"DiffFit achieves 2$\times$ training speed-up", "DiffFit achieves 2× training speed-up"),
        (r"only 0.12\% of the parameters", "only 0.12% of the parameters"),
        (r"pipelines are \emph{recurring} (e.g., daily)", "pipelines are recurring (e.g., daily)"),
        (r"available here: {\url{https://github.com/a/DiM_x}}.", "available here: https://github.com/a/DiM_x."),
        (r"see \href{http://x.org}{our site} now", "see our site now"),
        (r"images ($256\times 256$)", "images (256×256)"),
        (r"modifying $softmax(x)$ to $x \cdot softmax(x)$", "modifying softmax(x) to x · softmax(x)"),
        (r"complexity $\mathcal{O}(n^2)$ in $\mathbb{R}^d$", "complexity O(n^2) in ℝ^d"),
        (r"on the $\infty$-bench", "on the ∞-bench"),
        ("Q&amp;A with &lt;tags&gt; and &#39;quotes&#39;", "Q&A with <tags> and 'quotes'"),
        ("  ragged\n\twhitespace   here ", "ragged whitespace here"),
    ],
)
def test_latex_and_entities_become_readable_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_bare_percent_does_not_swallow_the_rest_of_the_line() -> None:
    assert (
        clean_text(r"improves by 3.26% on Mistral and $2\times$ faster") == "improves by 3.26% on Mistral and 2× faster"
    )


def test_bare_ampersand_is_kept_as_text() -> None:
    assert clean_text(r"R&D on $\alpha$ models") == "R&D on α models"


def test_citations_are_dropped_not_rendered_as_placeholders() -> None:
    assert clean_text(r"as shown before \cite{smith2020}.") == "as shown before."


@pytest.mark.parametrize("raw", ["A $ lone dollar", "unbalanced { brace", "closing }}} only", "\\", "$", "{", r"\href"])
def test_malformed_latex_keeps_the_words(raw: str) -> None:
    words = [w for w in raw.split() if w.isalpha()]
    cleaned = clean_text(raw)
    assert all(word in cleaned for word in words)


def test_all_latex_abstract_gives_short_math_text_without_markup() -> None:
    cleaned = clean_text(r"$$ \begin{equation} a = \sum_i b_i \end{equation} $$")
    assert "\\" not in cleaned and "$" not in cleaned


def test_empty_input_gives_empty_text() -> None:
    assert clean_text("") == ""


def test_long_abstract_is_cleaned_fast() -> None:
    raw = r"We use $\alpha$ and \emph{x} to gain 50\% more. " * 400  # ~20,000 characters
    start = time.perf_counter()
    cleaned = clean_text(raw)
    assert time.perf_counter() - start < 2.0
    assert cleaned.startswith("We use α and x to gain 50% more.")


def test_seed_abstracts_lose_all_latex_markup(seed_profile) -> None:
    for paper in seed_profile.papers:
        assert "\\" not in paper.abstract, paper.title
        assert "$" not in paper.abstract, paper.title


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \\${}%&_^~#()[]0\n")), max_size=60))
def test_never_raises_on_arbitrary_latex_like_text(raw: str) -> None:
    assert isinstance(clean_text(raw), str)
