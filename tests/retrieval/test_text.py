"""clean_text: LaTeX and HTML in exported abstracts become readable plain text, and nothing makes it raise."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

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


MATH_CORPUS = Path(__file__).with_name("scitldr_math.json")


def _math_snippets() -> list[dict]:
    return json.loads(MATH_CORPUS.read_text(encoding="utf-8"))["snippets"]


@pytest.mark.parametrize("row", _math_snippets(), ids=lambda row: row["latex"][:40])
def test_every_math_snippet_of_scitldr_reads_as_checked_by_hand(row: dict) -> None:
    assert clean_text(row["latex"]) == row["text"]


def test_math_snippets_lose_all_markup() -> None:
    for row in _math_snippets():
        assert not re.search(r"\\[A-Za-z]|\$", row["text"]), row


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (r"$\frac{a}{b+c}$", "a/(b+c)"),
        (r"$\frac{a+b}{c}$", "(a+b)/c"),
        (r"$\tfrac{1}{2}$ and $\dfrac{1}{n}$", "1/2 and 1/n"),
        (r"$\frac{1}{2}\|x\|^2$", "(1/2)‖x‖^2"),
        (r"$\frac{a}{b}^2$", "(a/b)^2"),
        (r"$\frac{\log n}{n}$", "(log n)/n"),
        (r"$\frac{1}{\sqrt{n}}$", "1/√n"),
        (r"$\sqrt{n+1}$ and $\sqrt[3]{x}$", "√(n+1) and ∛x"),
        (r"$x^{k+1}$, $x_{i,j}$, $x_i^2$, $10^{-3}$, $x^{2n}$", "x^(k+1), x_(i,j), x_i^2, 10^-3, x^(2n)"),
        (r"$W^{(l)}$ and $f^\prime$", "W^(l) and f'"),
        (r"$\mathcal{L}$, $\mathcal{D}_i$ and $\mathcal{O}(n \log n)$", "ℒ, 𝒟_i and O(n log n)"),
        (r"$\mathbb{R}^{k \times n}$", "ℝ^(k × n)"),
        (r"$\text{softmax}(x)$ and $\operatorname{KL}(p\|q)$", "softmax(x) and KL(p‖q)"),
        (r"$\sum_{i=1}^{n} x_i$", "∑_(i=1)^n x_i"),
        (r"$\prod_{i} p_i$ and $\int_0^1 f$", "∏_i p_i and ∫_0^1 f"),
        (r"$\|w\|_2$, $\left\| W \right\|_F$, $\lVert x \rVert$, $|x|$", "‖w‖_2, ‖W‖_F, ‖x‖, |x|"),
        (r"$\arg\min_x f(x)$", "argmin_x f(x)"),
        (r"$O(k\log L)$ and $L\log_2 L$", "O(k log L) and L log_2 L"),
        (r"$a \leq b$, $x\in\mathcal{X}$, $x \to \infty$", "a ≤ b, x ∈ 𝒳, x → ∞"),
        (r"$\binom{n}{k}$", "(n choose k)"),
        (r"$\hat{\theta}$, $\tilde{O}(n)$, $\bar{x}$", "θ̂, Õ(n), x̄"),
        (r"$\R^n \to \R$", "ℝ^n → ℝ"),
        (r"$\langle x, y \rangle$", "⟨x, y⟩"),
        (
            r"$\frac{(x - min(x_{\min},0))}{max(0,x_{max})-min(x_{min},0)} \cdot softmax(x)$",
            "(x - min(x_min,0))/(max(0,x_max)-min(x_min,0)) · softmax(x)",
        ),
        (r"$\tilde{O}({\frac{SA}{\epsilon^4(1-\gamma)^8}})$", "Õ(SA/(ϵ^4(1-γ)^8))"),
    ],
)
def test_math_keeps_its_meaning(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("only 16,000 words (~600 parallel sentences)", "only 16,000 words (~600 parallel sentences)"),
        ("a ~38% speed-up and ~2x less memory", "a ~38% speed-up and ~2x less memory"),
        ("a raw dataset of ~10K dialogues", "a raw dataset of ~10K dialogues"),
        ("~$10^3$ samples", "~10^3 samples"),
        ("accuracy of 94% ~ 99%", "accuracy of 94% ~ 99%"),
        ("[~0.5 s]", "[~0.5 s]"),
    ],
)
def test_a_tilde_before_a_number_means_approximately(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("see Fig.~3", "see Fig. 3"), ("proposed in~\\citep{x} and", "proposed in and"), ("of~10 runs", "of 10 runs")],
)
def test_a_tilde_inside_latex_is_still_a_non_breaking_space(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
