"""Turn an exported abstract (LaTeX fragments, HTML entities, ragged whitespace) into readable plain text.

`clean_text` is called for every abstract when a profile is parsed, so it takes a fast path for the
common case of text with no LaTeX at all and only builds a pylatexenc parse for the rest.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as _text_context_db

from retrieval.mathtext import MathRenderer

# Characters that mean "this text may contain LaTeX". Without any of them only entities and spaces need work.
_LATEX_MARKERS = re.compile(r"[\\${}~^]")
# An unescaped % (pylatexenc would read it as a comment and drop the rest of the line) or & (alignment tab).
_BARE_SPECIAL = re.compile(r"(?<!\\)([%&#])")
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) +")
_TEX_QUOTES = re.compile(r"``([^`']{1,200}?)''")
_TIMES_BETWEEN_NUMBERS = re.compile(r"(\d) ?× ?(\d)")  # "256\times 256" renders as "256× 256"
# "(~600 sentences)", "a ~5% gain": a tilde after a space or an opening bracket and before a number means
# "approximately", not LaTeX's non-breaking space ("Fig.~3", "of~10" stay spaces). It is kept through the LaTeX
# parse as a private-use character and put back after.
_APPROX_TILDE = re.compile(r"(?<![^\s(\[{])~(?=\s?\$?[-+−]?\.?\d)")
_TILDE_MARK = "\ue000"

# Macros the default parser context does not know (so their arguments would be lost or crash the renderer).
_WALKER_MACROS = [
    macrospec.MacroSpec("href", "{{"),
    macrospec.MacroSpec("url", "{"),
    macrospec.MacroSpec("cite", "[{"),
    macrospec.MacroSpec("citep", "[{"),
    macrospec.MacroSpec("citet", "[{"),
    macrospec.MacroSpec("ref", "{"),
    macrospec.MacroSpec("eqref", "{"),
    macrospec.MacroSpec("footnote", "{"),
    macrospec.MacroSpec("mathbf", "{"),
    macrospec.MacroSpec("mathcal", "{"),
    macrospec.MacroSpec("mathit", "{"),
    macrospec.MacroSpec("mathrm", "{"),
    macrospec.MacroSpec("mathsf", "{"),
    macrospec.MacroSpec("mathtt", "{"),
    macrospec.MacroSpec("boldsymbol", "{"),
    macrospec.MacroSpec("bm", "{"),
    macrospec.MacroSpec("operatorname", "{"),
    macrospec.MacroSpec("textsc", "{"),
    macrospec.MacroSpec("texttt", "{"),
    macrospec.MacroSpec("textrm", "{"),
    macrospec.MacroSpec("textsf", "{"),
    macrospec.MacroSpec("text", "{"),
    macrospec.MacroSpec("dfrac", "{{"),
    macrospec.MacroSpec("tfrac", "{{"),
    macrospec.MacroSpec("cfrac", "{{"),
    macrospec.MacroSpec("binom", "{{"),
    macrospec.MacroSpec("mathop", "{"),
    macrospec.MacroSpec("mbox", "{"),
    macrospec.MacroSpec("pmb", "{"),
    macrospec.MacroSpec("textnormal", "{"),
    macrospec.MacroSpec("mathnormal", "{"),
]

# How those macros read as plain text. Bold and sans letters stay plain letters ('𝐱' would defeat search and
# stemming); \mathcal keeps its script letter (ℒ, 𝒟: NFKC folds them back to L, D for search).
_TEXT_MACROS = [
    MacroTextSpec("href", simplify_repl="%(2)s"),
    MacroTextSpec("url", simplify_repl="%(1)s"),
    MacroTextSpec("cite", discard=True),
    MacroTextSpec("citep", discard=True),
    MacroTextSpec("citet", discard=True),
    MacroTextSpec("ref", discard=True),
    MacroTextSpec("eqref", discard=True),
    MacroTextSpec("footnote", discard=True),
    MacroTextSpec("mathbf", simplify_repl="%(1)s"),
    MacroTextSpec("mathit", simplify_repl="%(1)s"),
    MacroTextSpec("mathrm", simplify_repl="%(1)s"),
    MacroTextSpec("mathsf", simplify_repl="%(1)s"),
    MacroTextSpec("mathtt", simplify_repl="%(1)s"),
    MacroTextSpec("boldsymbol", simplify_repl="%(1)s"),
    MacroTextSpec("bm", simplify_repl="%(1)s"),
    MacroTextSpec("operatorname", simplify_repl="%(1)s"),
    MacroTextSpec("textsc", simplify_repl="%(1)s"),
    MacroTextSpec("texttt", simplify_repl="%(1)s"),
    MacroTextSpec("textrm", simplify_repl="%(1)s"),
    MacroTextSpec("textsf", simplify_repl="%(1)s"),
    MacroTextSpec("text", simplify_repl="%(1)s"),
    MacroTextSpec("\\", simplify_repl=" "),
]


@lru_cache(maxsize=1)
def _contexts() -> tuple[macrospec.LatexContextDb, object, LatexNodes2Text]:
    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category("paperbot", macros=_WALKER_MACROS, prepend=True)
    text_db = _text_context_db()
    text_db.add_context_category("paperbot", macros=_TEXT_MACROS, prepend=True)
    converter = _Converter(latex_context=text_db, math_mode="text", strict_latex_spaces=False)
    return walker_db, text_db, converter


class _Converter(LatexNodes2Text):
    """pylatexenc's text converter with math rendered by `retrieval.mathtext` (fractions, scripts, norms)."""

    def math_node_to_text(self, node: latexwalker.LatexNode) -> str:
        return " " if not node.nodelist else MathRenderer(self.node_to_text).render(node.nodelist)


def _balance_dollars(text: str) -> str:
    """Escape the last unescaped `$` when they are odd, so one stray dollar does not swallow the text as math."""
    positions = [m.start() for m in _UNESCAPED_DOLLAR.finditer(text)]
    if len(positions) % 2 == 0:
        return text
    last = positions[-1]
    return text[:last] + "\\" + text[last:]


def _latex_to_text(text: str) -> str:
    walker_db, _, converter = _contexts()
    prepared = _balance_dollars(_BARE_SPECIAL.sub(r"\\\1", text))
    walker = latexwalker.LatexWalker(prepared, latex_context=walker_db, tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    return converter.nodelist_to_text(nodes)


def _strip_latex_crudely(text: str) -> str:
    """Last resort when the parser fails: drop macro names and grouping characters, keep the words."""
    text = re.sub(r"\\[a-zA-Z]+\*?", " ", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return re.sub(r"[{}$]", "", text)


def normalise_space(text: str) -> str:
    """Collapse all whitespace (including no-break spaces) to single spaces and tidy spaces around punctuation;
    TeX quotes (``like this'') become typographic ones."""
    text = _TEX_QUOTES.sub(lambda m: "“" + m.group(1) + "”", text)
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _TIMES_BETWEEN_NUMBERS.sub(r"\1×\2", text)
    return _SPACE_AFTER_OPEN.sub(r"\1", text)


@lru_cache(maxsize=4096)
def clean_text(raw: str) -> str:
    """Plain readable text from an exported abstract: LaTeX rendered to Unicode, HTML entities unescaped.

    Never raises: text the LaTeX parser cannot handle falls back to a crude macro strip. Cached: reloading a
    profile, or parsing a slightly edited one, re-renders only the abstracts that changed.
    """
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", html.unescape(str(raw)))
    text = "".join(ch if ch.isprintable() or ch.isspace() else " " for ch in text)
    text = _APPROX_TILDE.sub(_TILDE_MARK, text)
    if _LATEX_MARKERS.search(text):
        try:
            text = _latex_to_text(text)
        except Exception:  # pylatexenc raises a variety of internal errors on malformed input
            text = _strip_latex_crudely(text)
    return normalise_space(text.replace(_TILDE_MARK, "~"))
