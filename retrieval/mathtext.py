"""LaTeX math (the inside of `$...$`, `\\(...\\)`, `$$...$$`) as readable plain text that means the same.

pylatexenc renders math symbol by symbol, which loses structure: `\\frac{a}{b+c}` becomes `a/b+c`, `x^{k+1}`
becomes `x^k+1`, `\\|w\\|_2` loses its bars and `\\tfrac`, `\\binom`, `\\sqrt[3]` their arguments. This module walks
pylatexenc's nodes and writes what a reader needs:

* fractions `a/(b+c)`, `(a+b)/c`, `1/2` — brackets only around a compound numerator or denominator;
* sub- and superscripts `x_i`, `x^2`, `x^(k+1)`, `x_(i,j)`, `10^-3`, `ℝ^(k × n)`, `∑_(i=1)^n`;
* norms and delimiters `‖w‖_2`, `|x|`, `⟨x, y⟩`; `\\left`/`\\right` and sizes dropped;
* `\\mathcal{L}` → `ℒ` (but `\\mathcal{O}` → `O`, the Landau symbol), `\\mathbb{R}` → `ℝ`, `\\mathbf{x}` → `x`,
  `\\text{...}`/`\\operatorname{...}` → their words, `\\sqrt{n}` → `√n`, `\\sqrt[3]{x}` → `∛x`;
* operator names kept as words (`k log n`, `arg min_x`), relations spaced at the top level (`a ≤ b`).

Symbols it does not treat specially (Greek letters, `\\times`, `\\infty`, accents) are rendered by pylatexenc.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pylatexenc import latexwalker

_OPERATOR_NAMES = (
    "log ln lg exp min max sup inf lim limsup liminf arg argmin argmax det dim ker deg gcd lcm sin cos tan cot sec "
    "csc sinh cosh tanh arcsin arccos arctan Pr mod bmod pmod softmax sign sgn tr trace diag rank span var cov "
    "Var Cov poly polylog"
)
_OPERATORS = frozenset(_OPERATOR_NAMES.split())
_RELATIONS: dict[str, str] = {
    "le": "≤", "leq": "≤", "leqslant": "≤", "ge": "≥", "geq": "≥", "geqslant": "≥", "ne": "≠", "neq": "≠",
    "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "in": "∈", "notin": "∉",
    "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "gets": "←", "Rightarrow": "⇒", "Leftarrow": "⇐", "implies": "⇒", "iff": "⇔",
    "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦", "ll": "≪", "gg": "≫", "coloneqq": "≔",
    "triangleq": "≜", "models": "⊨", "vdash": "⊢", "perp": "⊥", "mid": "|",
}  # fmt: skip
_DELIMITERS: dict[str, str] = {
    "|": "‖", "Vert": "‖", "lVert": "‖", "rVert": "‖", "vert": "|", "lvert": "|", "rvert": "|",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "lbrack": "[", "rbrack": "]",
}  # fmt: skip
_SIZE_NAMES = (
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr displaystyle textstyle "
    "scriptstyle scriptscriptstyle limits nolimits"
)
_SIZES = frozenset(_SIZE_NAMES.split())
_SPACES = frozenset([",", ";", ":", "!", " ", "quad", "qquad", "thinspace", "medspace", "thickspace", "enspace"])
_PLAIN_STYLE_NAMES = (
    "mathbf mathrm mathit mathsf mathtt mathnormal boldsymbol bm pmb text textrm textit textbf textsf texttt textsc "
    "textnormal mbox hbox emph operatorname mathop"
)
_PLAIN_STYLES = frozenset(_PLAIN_STYLE_NAMES.split())
_BINARY: dict[str, str] = {
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "div": "÷", "circ": "∘", "otimes": "⊗", "oplus": "⊕",
    "odot": "⊙", "ast": "∗", "setminus": "∖", "cup": "∪", "cap": "∩", "wedge": "∧", "vee": "∨",
}  # fmt: skip
_ACCENTS: dict[str, str] = {
    "hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303", "bar": "\u0304",
    "overline": "\u0305", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308", "check": "\u030c",
    "breve": "\u0306", "acute": "\u0301", "grave": "\u0300",
}  # fmt: skip
# Conventional one-macro names of number sets and of expectation that no standard package defines.
_SET_MACROS: dict[str, str] = {
    "R": "ℝ", "RR": "ℝ", "Real": "ℝ", "Reals": "ℝ", "reals": "ℝ", "N": "ℕ", "NN": "ℕ", "naturals": "ℕ",
    "Z": "ℤ", "ZZ": "ℤ", "integers": "ℤ", "Q": "ℚ", "QQ": "ℚ", "C": "ℂ", "CC": "ℂ", "E": "𝔼", "EE": "𝔼",
}  # fmt: skip
_FRACTIONS = frozenset(["frac", "dfrac", "tfrac", "cfrac"])
_ROOTS = {"2": "√", "3": "∛", "4": "∜"}
_OPEN, _CLOSE = "([{⟨⌊⌈", ")]}⟩⌋⌉"


@dataclass
class _Script:
    """A `^` or `_` waiting for its argument."""

    mark: str


def compound(text: str, leading_sign: bool = True) -> bool:
    """True when `text` needs brackets as a fraction part or a script argument.

    Not compound: one *atom* — a word or number (`x`, `2n`, `α`), a bracketed group, a function applied to one
    (`f(x)`, `log(n)`), a root (`√n`) — followed by any scripts (`x_i^2`, `k^(k+1)`). Everything else (`b+c`,
    `k × n`, `ϵ^4(1-γ)^8`, `number of iterations`) is. A leading sign is allowed when `leading_sign` (`10^-3`).
    """
    text = text.strip()
    if leading_sign and text[:1] in "+-−" and len(text) > 1:
        text = text[1:]
    if not text:
        return False
    end = _atom_end(text, 0)
    while end is not None and end < len(text) and text[end] in "_^'′":
        end = end + 1 if text[end] in "'′" else _atom_end(text, end + 1, call=False)
    return end != len(text)


def _atom_end(text: str, start: int, call: bool = True) -> int | None:
    """Where the atom starting at `start` ends, or None when no atom starts there. With `call`, a name may take
    one bracketed argument (`f(x)`); a number never does (`4(1-γ)` is a product)."""
    i = start
    while i < len(text) and text[i] in "√∛∜":
        i += 1
    word = i
    while i < len(text) and (text[i].isalnum() or text[i] in ".∞∗*⋆†" or "\u0300" <= text[i] <= "\u036f"):
        i += 1
    named = i > word and text[word].isalpha()
    if i < len(text) and text[i] in _OPEN and (i == word or (call and named)):
        close = _matching(text, i)
        return None if close is None else close + 1
    return i if i > word else None


def _matching(text: str, start: int) -> int | None:
    """Offset of the bracket closing the one at `start`, or None."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in _OPEN:
            depth += 1
        elif text[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return None


def _bracket(text: str, leading_sign: bool = True) -> str:
    text = text.strip()
    return f"({text})" if compound(text, leading_sign) else text


class MathRenderer:
    """Renders a math node list; `fallback(node)` renders a single node the way pylatexenc would."""

    def __init__(self, fallback: Callable[[latexwalker.LatexNode], str]) -> None:
        self.fallback = fallback

    def render(self, nodes: Sequence[latexwalker.LatexNode | None], top: bool = True) -> str:
        pieces: list[str | _Script] = []
        skip_dot = False
        for node in nodes:
            if node is None:
                continue
            if isinstance(node, latexwalker.LatexCharsNode):
                chars = node.chars
                if skip_dot and chars.lstrip().startswith("."):
                    chars = chars.lstrip()[1:]
                skip_dot = False
                for char in chars:
                    pieces.append(_Script(char) if char in "^_" else char)
                continue
            skip_dot = False
            if isinstance(node, latexwalker.LatexGroupNode):
                pieces.append(_Group(self.render(node.nodelist, top=False)))
            elif isinstance(node, latexwalker.LatexMacroNode):
                if node.macroname in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "middle"):
                    skip_dot = True  # "\left." is an invisible delimiter
                rendered = self._macro(node, top)
                if isinstance(rendered, _Binary) and pieces and str(pieces[-1]).endswith(" "):
                    rendered = _Binary(f"{rendered} ")  # "n \times d" -> "n × d", but "d\times k" -> "d×k"
                pieces.append(rendered)
                bare = not (node.nodeargd and any(a is not None for a in node.nodeargd.argnlist or []))
                # the space that ends a control word ("\alpha x") separates letters, not symbols ("\pm 1")
                if bare and node.macro_post_space and str(rendered)[-1:].isalnum():
                    pieces.append(" ")
            elif isinstance(node, latexwalker.LatexMathNode):
                pieces.append(self.render(node.nodelist, top))
            else:
                pieces.append(self.fallback(node))
        return _tidy(_attach_scripts(pieces))

    def _arg(self, node: latexwalker.LatexMacroNode, k: int) -> str:
        args = node.nodeargd.argnlist if node.nodeargd and node.nodeargd.argnlist else []
        if k >= len(args) or args[k] is None:
            return ""
        arg = args[k]
        if isinstance(arg, latexwalker.LatexGroupNode):
            return self.render(arg.nodelist, top=False)
        return self.render([arg], top=False)

    def _macro(self, node: latexwalker.LatexMacroNode, top: bool) -> str | _Group:
        name = node.macroname
        if name in _FRACTIONS:
            numerator, denominator = self._arg(node, 0), self._arg(node, 1)
            return _Fraction(f"{_bracket(numerator)}/{_bracket(denominator, leading_sign=False)}")
        if name == "binom":
            return _Group(f"({self._arg(node, 0)} choose {self._arg(node, 1)})")
        if name == "sqrt":
            degree, radicand = self._arg(node, 0).strip(), self._arg(node, 1)
            root = _ROOTS.get(degree or "2")
            if root is None:
                return _Group(f"{_bracket(radicand, False)}^(1/{degree})")
            return _Group(root + _bracket(radicand, leading_sign=False))
        if name in _SIZES:
            return ""
        if name in _SPACES:
            return " "
        if name in _DELIMITERS:
            return _DELIMITERS[name]
        if name in _RELATIONS:
            return f" {_RELATIONS[name]} " if top else _RELATIONS[name]
        if name in _OPERATORS:
            return _Word(name)
        if name in _BINARY:
            return _Binary(_BINARY[name])
        if name in _ACCENTS and len(base := self._arg(node, 0).strip()) == 1:
            return _Group(unicodedata.normalize("NFC", base + _ACCENTS[name]))
        if name in _PLAIN_STYLES:
            text = self._arg(node, 0)
            return _Word(text) if name in ("operatorname", "mathop") else _Group(text)
        if name == "mathcal" and self._arg(node, 0).strip() == "O":
            return _Group("O")  # the Landau symbol: O(n log n)
        rendered = self.fallback(node)
        if not rendered and not (node.nodeargd and node.nodeargd.argnlist) and name.isalpha():
            # an unknown macro: \R is ℝ by convention; \softmax says more by its name than by nothing
            return _SET_MACROS.get(name) or (_Word(name) if len(name) > 1 else name)
        return rendered


class _Group(str):
    """Rendered text that acts as one unit: the argument of a following `^`/`_` takes it whole."""


class _Fraction(_Group):
    """`a/b`: bracketed when a script or a factor follows it (`(a/b)^2`, `(1/2)k`)."""


class _Binary(str):
    """A binary operator (×, ·, ±): spaced as the author spaced it before it."""


class _Word(str):
    """An operator name (log, min, softmax): kept apart from neighbouring letters by spaces."""


def _attach_scripts(pieces: list[str | _Script]) -> str:
    """Join pieces, turning each `_Script` plus its argument into `_x`, `^2`, `^(k+1)`."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if isinstance(piece, _Script):
            j = i + 1
            while j < len(pieces) and pieces[j] == " ":
                j += 1
            if j >= len(pieces) or isinstance(pieces[j], _Script):
                out.append(piece.mark)
                i = j
                continue
            out.append(_script(piece.mark, str(pieces[j]).strip(), isinstance(pieces[j], _Group)))
            i = j + 1
            continue
        if isinstance(piece, _Fraction) and _followed_by_factor(pieces, i + 1):
            out.append(f"({piece})")
        elif isinstance(piece, _Word):
            out.append(f"\x02{piece.strip()}\x03")
        else:
            out.append(piece)
        i += 1
    return "".join(out)


def _script(mark: str, argument: str, grouped: bool) -> str:
    """`_i`, `^2`, `^(k+1)`, `_(i,j)`; a multi-letter exponent is bracketed (`x^(2n)`, but `x_ij`, `2^10`, `10^-3`)."""
    if mark == "^" and argument in ("'", "′", "''"):
        return argument  # f^\prime is f'
    if not grouped and len(argument) <= 1:
        return mark + argument
    if mark == "^" and not re.fullmatch(r"[+\-−]?\d+|.", argument) and argument[:1] not in _OPEN:
        return f"^({argument})"
    return mark + _bracket(argument)


def _followed_by_factor(pieces: list[str | _Script], start: int) -> bool:
    """A script, a letter, a digit or an opening bracket comes next (spaces skipped)."""
    for piece in pieces[start:]:
        if isinstance(piece, _Script):
            return True
        text = str(piece).lstrip()
        if text:
            return text[0].isalnum() or text[0] in "(√‖|⟨" or text.startswith("\x02")
    return False


_MULTI_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_CLOSE = re.compile(r"\s+([)\]}⟩⌋⌉,;])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{⟨⌊⌈])\s+")
_NORM = re.compile(r"‖\s*([^‖]*?)\s*‖")
_SPACE_BEFORE_SCRIPT = re.compile(r"\s+([_^])")


_WORD_START = re.compile(r"(?<=[^\W_]|[)\]])\x02")
_WORD_END = re.compile(r"\x03(?=[^\W_])")


def _tidy(text: str) -> str:
    """Single spaces, none inside brackets or before a script; an operator name apart from adjacent letters."""
    text = _WORD_END.sub(" ", _WORD_START.sub(" ", text)).replace("\x02", "").replace("\x03", "")
    text = _MULTI_SPACE.sub(" ", text)
    text = _SPACE_BEFORE_CLOSE.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _SPACE_BEFORE_SCRIPT.sub(r"\1", text)
    return _NORM.sub(r"‖\1‖", text).strip()
