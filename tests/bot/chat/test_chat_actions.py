"""The actions under a paper (Related menu, Cite, Ask, Discuss), the "Find papers about this" message menu and
components that survive a restart: the real discord.py client against the fake Discord on loopback.

Bodies are validated by the fake against Discord's OpenAPI description (multipart uploads included); the
last tests assert that nothing broke it and that every interaction was answered.
"""

from __future__ import annotations

import asyncio
import copy

import pytest
from chat_harness import action_id, custom_ids, ephemeral, item, paper_message, text_of, with_button
from fake_discord import (
    ALICE,
    ALL_PERMISSIONS,
    BOB,
    CHANNEL_ID,
    THREAD_PERMISSIONS,
    thread_channel,
    user,
)

from bot.chat import limits
from bot.chat.ask import QUESTION_MAX
from bot.chat.components import OLD_VERSION, encode
from bot.chat.message_search import MENU_NAME
from bot.chat.paper_actions import GONE, UNKNOWN
from bot.palette import Palette
from retrieval.service import Library

pytestmark = pytest.mark.asyncio(loop_scope="module")

CAROL = user(1100000000000000104, "carol")


def paper_id(library: Library, title: str) -> str:
    answer = library.paper(title)
    assert answer.detail is not None
    return answer.detail.paper.id


# ---- /paper and its buttons ----------------------------------------------------------------------------

async def test_a_paper_reply_carries_a_related_menu_and_cite_ask_discuss(fake, bot, slow_library):
    expected = slow_library.paper("metamath").detail
    reply = await paper_message(fake)
    fingerprint = slow_library.fingerprint
    token = expected.paper.id
    assert custom_ids(reply) == [f"pb1:{fingerprint}:open", f"pb1:{fingerprint}:cite:{token}",
                                 f"pb1:{fingerprint}:ask:{token}", f"pb1:{fingerprint}:discuss:{token}"]
    menu = item(reply, f"pb1:{fingerprint}:open")
    assert [option["value"] for option in menu["options"]] == [ref.id for ref in expected.related]
    assert all(len(cid) <= limits.CUSTOM_ID for cid in custom_ids(reply))
    assert not ephemeral(reply)


async def test_the_paper_embed_has_its_categorys_colour_and_the_house_footer(fake, bot, slow_library):
    reply = await paper_message(fake, "difffit")
    paper = slow_library.paper("difffit").detail.paper
    embed = reply["embeds"][0]
    assert embed["color"] == Palette(slow_library.categories).value(paper.category)
    footer = embed["footer"]["text"]
    exported = slow_library.profile.exported
    assert f"id: {paper.id}" in footer
    assert footer.endswith(f"{slow_library.profile.name} · 33 papers · profile exported {exported:%b} "
                           f"{exported.day}, {exported.year}")


async def test_the_related_menu_opens_a_paper_privately_with_its_own_actions(fake, bot, slow_library):
    reply = await paper_message(fake)
    related = slow_library.paper("metamath").detail.related[-1]
    opened = await fake.reply_to(await fake.choose(reply, action_id(reply, "open"), related.id, BOB))
    assert ephemeral(opened)
    assert opened["embeds"][0]["title"] == related.title.replace("_", "\\_")
    actions = [cid.split(":")[2] for cid in custom_ids(opened)]
    assert "cite" in actions and "ask" in actions
    assert "discuss" not in actions, "a private message cannot carry a thread"


async def test_cite_gives_a_private_bibtex_block_that_says_the_author_list_is_cut(fake, bot, slow_library):
    reply = await paper_message(fake)
    cited = await fake.reply_to(await fake.click(reply, action_id(reply, "cite"), BOB))
    assert ephemeral(cited)
    description = cited["embeds"][0]["description"]
    assert description.startswith("```bibtex\n% Author list truncated (et al.) in the profile after 3")
    assert "@misc{yu2023metamath," in description
    assert "author = {Longhui Yu and Weisen Jiang and Han Shi and others}," in description
    assert "year   = {2023}," in description and "month  = sep," in description
    assert "⚠️" in description  # the note, in words, under the block


async def test_cite_on_a_paper_without_a_year_leaves_the_year_out_and_says_so(fake, bot, slow_library):
    undated = next(paper for paper in slow_library.profile.papers if not paper.year_given)
    reply = await paper_message(fake, undated.id)
    cited = await fake.reply_to(await fake.click(reply, action_id(reply, "cite")))
    description = cited["embeds"][0]["description"]
    assert "% The profile gives no year for this paper" in description
    assert "year" not in description.split("@misc", 1)[1].split("\n```")[0].replace("no year", "")


async def test_ask_opens_a_modal_and_answers_from_that_paper_only(fake, bot, slow_library):
    reply = await paper_message(fake)
    clicked = await fake.click(reply, action_id(reply, "ask"), BOB)
    await fake.reply_to(clicked)
    modal = fake.modal_of(clicked)
    assert len(modal["title"]) <= limits.MODAL_TITLE and modal["title"].startswith("Ask about MetaMath")
    [text_input] = [c for row in modal["components"] for c in row["components"]]
    assert text_input["max_length"] == QUESTION_MAX and text_input["required"] is True
    answer = await fake.reply_to(await fake.submit(modal["custom_id"], {text_input["custom_id"]:
                                                                        "What accuracy does it reach on GSM8K?"}, BOB))
    assert ephemeral(answer)
    text = text_of(answer)
    assert "82.3%" in text and "From MetaMath (2023)" in text
    assert answer["embeds"][0]["author"]["name"].startswith("Asked about: MetaMath")


async def test_an_ask_about_something_the_paper_does_not_say_is_declined(fake, bot):
    reply = await paper_message(fake)
    clicked = await fake.click(reply, action_id(reply, "ask"))
    await fake.reply_to(clicked)
    modal = fake.modal_of(clicked)
    answer = await fake.reply_to(await fake.submit(modal["custom_id"], {"question": "Which robot arm did they use?"}))
    embed = answer["embeds"][0]
    assert embed["author"]["name"].startswith("Asked about: MetaMath")
    assert "> " not in embed["description"] and "—" not in embed["description"], "no quote from another paper"


async def test_an_empty_or_4000_character_modal_gets_a_clear_private_reply(fake, bot):
    reply = await paper_message(fake)
    clicked = await fake.click(reply, action_id(reply, "ask"))
    await fake.reply_to(clicked)
    custom_id = fake.modal_of(clicked)["custom_id"]
    empty = await fake.reply_to(await fake.submit(custom_id, {"question": "   "}))
    assert ephemeral(empty) and "Type a question about" in text_of(empty)
    long = await fake.reply_to(await fake.submit(custom_id, {"question": "GSM8K accuracy " * 267}))
    assert ephemeral(long) and "too long to be one question" in text_of(long)


async def test_discuss_starts_a_thread_named_after_the_paper_with_the_summary(fake, bot, slow_library):
    reply = await paper_message(fake, "sepllm")
    paper = slow_library.paper("sepllm").detail.paper
    clicked = await fake.reply_to(await fake.click(reply, action_id(reply, "discuss"), BOB))
    thread = fake.threads[int(reply["id"])]
    assert thread["name"] == paper.title[: limits.THREAD_NAME] and thread["parent_id"] == str(CHANNEL_ID)
    [first] = fake.thread_messages(thread["id"])
    assert first["embeds"][0]["title"] == paper.title
    assert first["embeds"][0]["description"].startswith("**TL;DR** ")
    assert ephemeral(clicked) and f"<#{thread['id']}>" in text_of(clicked)

    again = await fake.reply_to(await fake.click(reply, action_id(reply, "discuss"), ALICE))
    assert ephemeral(again) and "already has a thread" in text_of(again) and f"<#{thread['id']}>" in text_of(again)
    assert len(fake.thread_messages(thread["id"])) == 1


async def test_discuss_without_the_bots_thread_permission_names_it(fake, bot):
    reply = await paper_message(fake, "difffit")
    note = await fake.reply_to(await fake.click(reply, action_id(reply, "discuss"),
                                                app_permissions=ALL_PERMISSIONS & ~THREAD_PERMISSIONS))
    text = text_of(note)
    assert ephemeral(note)
    assert "missing the Create Public Threads and Send Messages in Threads permissions" in text
    assert int(reply["id"]) not in fake.threads


async def test_discuss_by_a_member_who_may_not_start_threads_is_refused(fake, bot):
    reply = await paper_message(fake, "difffit")
    note = await fake.reply_to(await fake.click(reply, action_id(reply, "discuss"), CAROL,
                                                member_permissions=ALL_PERMISSIONS & ~THREAD_PERMISSIONS))
    assert ephemeral(note) and "You need the Create Public Threads permission" in text_of(note)
    assert int(reply["id"]) not in fake.threads


async def test_discuss_inside_a_thread_or_a_channel_discord_refuses_says_why(fake, bot):
    reply = await paper_message(fake, "difffit")
    in_thread = thread_channel(1100000000000000301, CHANNEL_ID, "a thread")
    posted_there = {**reply, "channel_id": in_thread["id"]}  # a /paper reply posted inside a thread
    note = await fake.reply_to(await fake.click(posted_there, action_id(reply, "discuss"), channel=in_thread))
    assert ephemeral(note) and "Threads can't be started from messages here" in text_of(note)

    fake.no_thread_channels.add(CHANNEL_ID)
    try:
        refused = await fake.reply_to(await fake.click(reply, action_id(reply, "discuss")))
    finally:
        fake.no_thread_channels.discard(CHANNEL_ID)
    assert ephemeral(refused) and "can't be started in this kind of channel" in text_of(refused)


async def test_in_a_direct_message_there_is_no_discuss_and_a_forged_one_is_explained(fake, bot, slow_library):
    reply = await paper_message(fake, dm=True)
    assert "discuss" not in [cid.split(":")[2] for cid in custom_ids(reply)]
    forged = encode("discuss", slow_library.fingerprint, paper_id(slow_library, "metamath"))
    note = await fake.reply_to(await fake.click(with_button(reply, forged), forged, dm=True))
    assert ephemeral(note) and "only in servers" in text_of(note)


async def test_a_strangers_clicks_answer_them_privately_and_leave_the_reply_alone(fake, bot):
    reply = await paper_message(fake, "difffit", ALICE)
    before = copy.deepcopy(fake.messages[int(reply["id"])])
    cited = await fake.reply_to(await fake.click(reply, action_id(reply, "cite"), CAROL))
    assert ephemeral(cited) and "@misc{" in text_of(cited)
    after = fake.messages[int(reply["id"])]
    assert (after["embeds"], after["components"]) == (before["embeds"], before["components"])


# ---- state in the custom_id -------------------------------------------------------------------------

async def test_a_click_after_the_profile_changed_still_answers_when_the_paper_is_there(fake, bot, slow_library):
    reply = await paper_message(fake)
    stale = encode("cite", "aaaaaa", paper_id(slow_library, "metamath"))
    cited = await fake.reply_to(await fake.click(with_button(reply, stale), stale))
    assert "@misc{yu2023metamath," in text_of(cited)
    gone = encode("cite", "aaaaaa", "a-paper-the-profile-no-longer-has")
    note = await fake.reply_to(await fake.click(with_button(reply, gone), gone))
    assert ephemeral(note) and note["embeds"][0]["description"] == GONE


async def test_unknown_versions_actions_and_forged_arguments_get_a_note(fake, bot, slow_library):
    reply = await paper_message(fake)
    fingerprint = slow_library.fingerprint
    cases = [(f"pb0:{fingerprint}:cite:x", OLD_VERSION), (f"pb1:{fingerprint}:nosuch:x", OLD_VERSION),
             (f"pb1:{fingerprint}:cite", UNKNOWN), (f"pb1:{fingerprint}:cite:no-such-paper", UNKNOWN),
             (f"pb1:{fingerprint}:cite:#999", UNKNOWN)]
    for custom_id, expected in cases:
        note = await fake.reply_to(await fake.click(with_button(reply, custom_id), custom_id))
        assert ephemeral(note) and note["embeds"][0]["description"] == expected, custom_id


# ---- the message menu ---------------------------------------------------------------------------------

async def test_find_papers_about_a_message_answers_privately_with_a_menu(fake, bot, slow_library):
    message = await fake.say("Has anyone tried diffusion models for high-resolution image synthesis?", BOB)
    reply = await fake.reply_to(await fake.message_command(MENU_NAME, message))
    assert ephemeral(reply)
    embed = reply["embeds"][0]
    assert embed["title"] == "🔎 Papers about this message"
    assert embed["description"].startswith("> Has anyone tried diffusion models")
    expected = slow_library.search("Has anyone tried diffusion models for high-resolution image synthesis?", k=5)
    assert [field["name"].split(". ", 1)[1] for field in embed["fields"]] == \
        [hit.paper.title.replace("_", "\\_") for hit in expected.hits]
    menu = item(reply, action_id(reply, "open"))
    assert [option["value"] for option in menu["options"]] == [hit.paper.id for hit in expected.hits]
    opened = await fake.reply_to(await fake.choose(reply, menu["custom_id"], menu["options"][0]["value"]))
    assert ephemeral(opened) and opened["embeds"][0]["title"] == expected.hits[0].paper.title.replace("_", "\\_")


@pytest.mark.parametrize(("content", "attachments", "expected"), [
    ("", [{"id": "1", "filename": "figure.png", "size": 10, "url": "https://cdn.fake/f.png",
           "proxy_url": "https://media.fake/f.png", "content_type": "image/png"}], "only an image or a file"),
    ("https://arxiv.org/abs/2309.12284", [], "only a link"),
    (f"<@{BOB['id']}> <@&1100000000000000004> @everyone", [], "only mentions"),
])
async def test_find_papers_on_a_message_without_words_says_what_it_has(fake, bot, content, attachments, expected):
    message = await fake.say(content, ALICE, attachments=attachments)
    note = await fake.reply_to(await fake.message_command(MENU_NAME, message, BOB))
    assert ephemeral(note) and f"That message has {expected}" in text_of(note)
    assert "@everyone" not in text_of(note) and "<@" not in text_of(note)


async def test_find_papers_works_in_a_direct_message_too(fake, bot):
    message = await fake.say("mixture of experts expert pool", ALICE, dm=True)
    reply = await fake.reply_to(await fake.message_command(MENU_NAME, message, ALICE, dm=True))
    assert ephemeral(reply) and "UniPool" in text_of(reply)


# ---- the whole session ------------------------------------------------------------------------------

async def test_every_body_the_bot_sent_was_valid_and_only_the_refused_thread_failed(fake, bot):
    assert fake.violations == []
    failed = [(r.method, r.template, r.status) for r in fake.requests if r.status >= 400]
    assert failed == [("POST", "/channels/{channel_id}/messages/{message_id}/threads", 400)]
    uploads = [r for r in fake.requests if r.files]
    assert all(r.template and "callback" in r.template for r in uploads) or not uploads


async def test_no_interaction_was_left_unanswered(fake, bot):
    await asyncio.sleep(0.1)
    unanswered = [i.payload["data"] for i in fake.interactions.values() if not i.answered]
    assert unanswered == []
    assert not any(i.late for i in fake.interactions.values())
