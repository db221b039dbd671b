"""The renderers, fed by the real core: every embed fits Discord's limits and passes the spec, and text from
the profile shows literally (no markdown, no pings), for the seed and for a profile built to be too long."""

from __future__ import annotations

import datetime as dt

import discord
import pytest
from openapi_check import limit_errors, schema_errors

from bot.chat import embeds, limits
from bot.chat.ask import question_text
from bot.chat.house import House, dress
from bot.chat.markup import highlighted, safe
from bot.chat.pages import Search, page_reply, reference
from bot.chat.paper_actions import PaperKit, actions_view, candidates_view, cite_reply
from bot.chat.papers import title_choice
from bot.chat.respond import Timing
from bot.palette import Palette
from retrieval.answers import (
    AskAnswer,
    Count,
    ListedPaper,
    PaperRef,
    Quote,
    SearchAnswer,
    SearchHit,
    Span,
    StatsAnswer,
)
from retrieval.models import Paper, Profile
from retrieval.service import Library

CALLBACK = "/interactions/1/token/callback"
NASTY = "*Attention* is __all__ you need @everyone <@&110000000000000004> `code` ~~struck~~ || spoiler || > quote [link](http://x)"


def assert_sendable(*embeds_: discord.Embed, components: list | None = None) -> None:
    """The embeds as one interaction reply: within every limit and accepted by Discord's spec."""
    data = {"embeds": [embed.to_dict() for embed in embeds_], "allowed_mentions": {"parse": []}}
    if components:
        data["components"] = components
    body = {"type": 4, "data": data}
    assert schema_errors("POST", CALLBACK, body) == []
    assert limit_errors(body) == []
    for embed in embeds_:
        assert len(embed) <= limits.EMBED_TOTAL
        assert len(embed.title or "") <= limits.EMBED_TITLE
        assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
        assert len(embed.fields) <= limits.EMBED_FIELDS
        for field in embed.fields:
            assert 0 < len(field.name) <= limits.EMBED_FIELD_NAME
            assert 0 < len(field.value) <= limits.EMBED_FIELD_VALUE
        assert len(embed.footer.text or "") <= limits.EMBED_FOOTER


def generated_profile(papers: int = 30, title_chars: int = 500, abstract_chars: int = 20_000) -> Profile:
    """A profile whose every text is longer than Discord shows, with markdown and pings in it."""
    records = []
    for number in range(papers):
        words = f"{NASTY} paper {number} diffusion models for language and vision "
        title = (f"Paper {number}: " + words * 20)[:title_chars]
        abstract = (f"Paper {number} studies diffusion. " + words * 400)[:abstract_chars]
        records.append(Paper(
            id=f"paper-{number}-" + "x" * 60, title=title, authors=[f"Author_{n} *Star*" for n in range(200)],
            authors_truncated=True, affiliation="University of " + "Very " * 100 + "Long Names",
            category="CV" if number % 2 else "LG",
            category_name="Computer Vision" if number % 2 else "Machine Learning",
            date=dt.date(1990 + number, 1 + number % 12, 1), year_given=number % 3 != 0, has_code=number % 2 == 0,
            abstract_raw=abstract, abstract=abstract, line=number * 5 + 1,
        ))
    return Profile(name="Dr. " + "Longname " * 40 + "@everyone", h_index=99, citations=123456, declared_papers=papers,
                   papers=records, primary_category="LG", primary_category_name="Machine Learning")


@pytest.fixture(scope="module")
def long_library() -> Library:
    return Library(generated_profile())


# ---- the seed ------------------------------------------------------------------------------------------

def test_seed_papers_with_the_longest_title_abstract_and_author_list_fit(library, seed_profile):
    papers = seed_profile.papers
    for paper in {max(papers, key=lambda p: len(p.title)).id, max(papers, key=lambda p: len(p.abstract)).id,
                  max(papers, key=lambda p: len(p.authors)).id}:
        answer = library.paper(paper)
        embed = embeds.paper_embed(answer)
        assert_sendable(embed)
        assert embed.title == safe(answer.detail.paper.title)[: limits.EMBED_TITLE]


def test_seed_stats_search_help_and_ask_fit(library):
    assert_sendable(embeds.stats_embed(library.stats()))
    assert_sendable(embeds.help_embed(library.help()))
    assert_sendable(embeds.search_embed(library.search("language models", k=25), page=4))
    assert_sendable(embeds.ask_embed(library.ask("which papers use diffusion?")))
    assert_sendable(embeds.ask_embed(library.ask("what did MetaMath reach on GSM8K?")))


def test_stats_chart_draws_one_bar_per_year_scaled_to_the_busiest(library):
    stats = library.stats()
    chart = embeds.year_chart(stats.per_year)
    rows = chart.strip("`\n").splitlines()
    assert len(rows) == len(stats.per_year)
    busiest = max(stats.per_year, key=lambda count: count.count)
    assert next(row for row in rows if row.startswith(busiest.label)).endswith("█" * embeds.BAR_WIDTH)
    for count, row in zip(stats.per_year, rows, strict=True):
        assert row.split()[0] == count.label and row.split()[1] == str(count.count)
        assert ("█" in row or "▏" in row) == (count.count > 0)


# ---- a profile made to be too long ----------------------------------------------------------------------

def test_500_character_titles_and_20000_character_abstracts_are_cut_to_fit(long_library):
    paper = long_library.profile.papers[0]
    answer = long_library.paper(paper.id)
    assert answer.status == "found"
    embed = embeds.paper_embed(answer)
    assert_sendable(embed)
    assert embed.title.endswith(limits.ELLIPSIS) and embed.description.endswith(limits.ELLIPSIS)
    assert "Author\\_0 \\*Star\\*" in embed.fields[0].value


async def test_search_pages_and_menus_of_the_long_profile_fit(long_library):
    answer = long_library.search("diffusion", k=25)
    assert len(answer.hits) == 25
    kit = PaperKit(long_library, None, Timing())
    search = Search(query="diffusion", limit=25)
    ref = reference(search, owner=1100000000000000101, fingerprint=long_library.fingerprint,
                    pages=embeds.page_count(answer), store=None)
    assert ref is not None, "a short search fits in the page buttons' custom_ids"
    for page in range(embeds.page_count(answer)):
        reply = page_reply(answer, kit, page=page, owner=1100000000000000101, ref=ref)
        assert reply.view is not None
        assert_sendable(reply.embeds[0], components=reply.view.to_components())
    picker = candidates_view([hit.paper for hit in answer.hits], kit)
    assert_sendable(embeds.notice_embed("pick"), components=picker.to_components())


def test_stats_and_ask_of_the_long_profile_fit(long_library):
    stats = long_library.stats()
    embed = embeds.stats_embed(stats)
    assert_sendable(embed)
    assert "@everyone" not in embed.title
    assert_sendable(embeds.ask_embed(long_library.ask("which papers use diffusion?")))


def test_autocomplete_choices_for_long_titles_stay_within_100_characters(long_library):
    for ref in long_library.suggest_titles("paper", limit=25):
        choice = title_choice(ref)
        assert len(choice.name) <= limits.CHOICE_NAME and choice.name.endswith(f"({ref.year})")
        assert len(choice.value) <= limits.CHOICE_VALUE
        assert choice.value == ref.id


def test_an_id_longer_than_a_choice_value_falls_back_to_the_title():
    ref = PaperRef(id="x" * 150, title="A title", year=2020, date=dt.date(2020, 1, 1), category="LG",
                   category_name="Machine Learning")
    assert title_choice(ref).value == "A title"


def test_answers_bigger_than_a_message_are_trimmed_to_6000_characters_in_all():
    ref = PaperRef(id="p", title="T" * 400, year=2020, date=dt.date(2020, 1, 1), category="LG",
                   category_name="Machine Learning")
    answer = AskAnswer(question="q" * 3000, answer_type="fact", text="t" * 5000,
                       quotes=[Quote(sentence="s" * 2000, paper=ref)] * 10,
                       papers=[ListedPaper(paper=ref, tldr="l" * 3000)] * 25, suggestion="/papers " + "x" * 3000)
    embed = embeds.ask_embed(answer)
    assert_sendable(embed)
    pages = limits.fit_message([embeds.ask_embed(answer) for _ in range(12)])
    assert len(pages) <= limits.EMBEDS_PER_MESSAGE
    assert limits.embed_length(pages) <= limits.EMBED_TOTAL
    assert_sendable(*pages)


def test_stats_with_a_century_of_years_keeps_the_recent_ones():
    per_year = [Count(label=str(year), count=year % 7) for year in range(1900, 2026)]
    stats = StatsAnswer(name="N", parsed_papers=500, per_year=per_year,
                        per_category=[Count(label="c" * 300, count=n) for n in range(40)])
    embed = embeds.stats_embed(stats)
    assert_sendable(embed)
    assert "2025" in embed.description


# ---- text from the profile shows literally ----------------------------------------------------------------

def test_markdown_and_mentions_in_titles_are_escaped():
    shown = safe(NASTY)
    assert "\\*Attention\\*" in shown and "\\_\\_all\\_\\_" in shown and "\\`code\\`" in shown
    assert "@everyone" not in shown and "<@&110000000000000004>" not in shown


def test_highlights_are_bold_and_the_rest_escaped():
    text = "Diffusion *models* are great"
    shown = highlighted(text, [Span(start=0, end=9)], 200)
    assert shown == "**Diffusion** \\*models\\* are great"


def test_search_hits_show_highlights_and_escape_titles():
    ref = PaperRef(id="p", title="__Bold__ @here", year=2021, date=dt.date(2021, 1, 1), category="LG",
                   category_name="Machine Learning", has_code=True)
    hit = SearchHit(paper=ref, title=ref.title, score=1.0, snippet="We study diffusion.",
                    highlights=[Span(start=9, end=18)])
    answer = SearchAnswer(query="diffusion", searched_query="diffusion", total=1, hits=[hit])
    embed = embeds.search_embed(answer)
    assert embed.fields[0].name == "1. \\_\\_Bold\\_\\_ @\u200bhere"
    assert "**diffusion**" in embed.fields[0].value and "code" in embed.fields[0].value
    assert_sendable(embed)


def test_clip_never_leaves_half_an_escape():
    clipped = limits.clip("ab\\*cd", 4)
    assert clipped == "ab" + limits.ELLIPSIS
    assert limits.clip("short", 10) == "short"
    assert len(limits.clip("x" * 5000, limits.EMBED_DESCRIPTION)) == limits.EMBED_DESCRIPTION


def test_question_text_drops_mentions_and_code_fences():
    assert question_text("<@1> @everyone <@&2> ```\nwhat is x?\n```") == "what is x?"


def test_related_papers_show_their_reason_escaped(library):
    answer = library.paper("MetaMath")
    assert answer.detail and answer.detail.related
    embed = embeds.paper_embed(answer)
    field = next(f for f in embed.fields if f.name == "Related papers")
    for ref in answer.detail.related:
        assert safe(ref.reason) in field.value
    nasty = answer.model_copy(deep=True)
    nasty.detail.related[0].reason = NASTY
    field = next(f for f in embeds.paper_embed(nasty).fields if f.name == "Related papers")
    assert "@everyone" not in field.value.replace("@\u200beveryone", "") and "\\*Attention\\*" in field.value
    assert_sendable(embeds.paper_embed(nasty))


# ---- the paper's actions and their replies --------------------------------------------------------------

def kit_for(library: Library, *, discuss: bool = True) -> PaperKit:
    return PaperKit(library, Palette(library.categories), Timing(), discuss=discuss)


async def test_a_papers_actions_of_the_long_profile_fit_in_custom_ids_and_a_message(long_library):
    for paper in long_library.profile.papers[:3]:
        answer = long_library.paper(paper.id)
        view = actions_view(answer.detail, kit_for(long_library))
        components = view.to_components()
        assert_sendable(embeds.paper_embed(answer, kit_for(long_library).palette), components=components)
        ids = [c["custom_id"] for row in components for c in row["components"]]
        assert all(len(custom_id) <= limits.CUSTOM_ID for custom_id in ids)
        assert_sendable(embeds.summary_embed(answer, kit_for(long_library).palette))


def test_an_entry_too_long_for_an_embed_is_attached_as_a_bib_file(long_library):
    answer = long_library.cite(long_library.profile.papers[0].id)
    assert not embeds.cite_fits(answer), "200 authors do not fit a code block in an embed"
    reply = cite_reply(answer, None)
    [attached] = reply.files
    assert attached.filename == f"{answer.key}.bib" and attached.data.decode().startswith("% Author list truncated")
    embed = reply.embeds[0]
    assert_sendable(embed)
    assert f"attached as `{answer.key}.bib`" in embed.description and "```" not in embed.description


def test_a_seed_entry_fits_in_a_code_block(library):
    answer = library.cite("MetaMath")
    reply = cite_reply(answer, Palette(library.categories))
    assert reply.files == [] and reply.ephemeral
    assert_sendable(*reply.embeds)
    assert reply.embeds[0].description.startswith("```bibtex\n%")


def test_stats_with_a_chart_shows_the_image_instead_of_text_bars(library):
    embed = embeds.stats_embed(library.stats(), chart_url="attachment://papers-per-year.png")
    assert_sendable(embed)
    assert embed.image.url == "attachment://papers-per-year.png" and "```" not in (embed.description or "")


def test_the_house_footer_is_added_once_and_the_embed_still_fits(library, long_library):
    house = House.of(long_library)
    embed = embeds.search_embed(long_library.search("diffusion", k=25))
    dress([embed], house)
    dress([embed], house)
    assert embed.footer.text.count(house.footer) == 1 and embed.footer.text.startswith("Page 1/")
    assert_sendable(*limits.fit_message([embed]))
    assert House.of(library).footer.startswith("Han Shi · 33 papers · profile exported ")


def test_a_count_embed_names_every_paper_it_counted(seed_profile):
    answer = Library(seed_profile).ask("how many papers since 2023")
    assert len(answer.papers) > embeds.ASK_FIELDS
    embed = embeds.ask_embed(answer).to_dict()
    assert len(embed["fields"]) == embeds.ASK_FIELDS
    rest = answer.papers[embeds.ASK_FIELDS:]
    assert f"Also counted ({len(rest)})" in embed["description"]
    assert all(safe(listed.paper.title)[:40] in embed["description"] for listed in rest)
    assert not limit_errors({"embeds": [embed]})
