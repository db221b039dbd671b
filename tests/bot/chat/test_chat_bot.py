"""The real bot (discord.py client + our cogs) against the fake Discord on loopback.

Every body the bot sends is validated by the fake against Discord's OpenAPI description; the last tests
assert that no request broke it, that every interaction was answered, and that the token was never logged.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import pytest
from chat_harness import (
    ACK_DEADLINE,
    DEFER_AFTER,
    TOKEN,
    button,
    ephemeral,
    items,
    menu,
    reply_to_message,
    text_of,
)
from fake_discord import ALICE, APP_ID, BOB, BOT_ROLE_ID, BOT_USER, OTHER_BOT, ROLE_ID, user
from pngfile import read_png

from bot.chat import limits
from bot.chat.ask import COOLDOWN_NOTE, QUESTION_MAX
from bot.chat.components import OLD_VERSION
from bot.chat.errors import GENERIC
from bot.chat.pages import NOT_YOURS
from bot.chat.paper_actions import UNKNOWN
from bot.chat.respond import Timing

pytestmark = pytest.mark.asyncio(loop_scope="module")

_user_ids = itertools.count(1100000000000000500)
MENTION = f"<@{APP_ID}>"


def fresh_user() -> dict[str, Any]:
    """A user nobody has used yet, so per-user cooldowns from other tests do not interfere."""
    number = next(_user_ids)
    return user(number, f"reader{number % 1000}")


# ---- registration ----------------------------------------------------------------------------------

async def test_commands_are_registered_to_the_test_guild_with_described_options(fake, bot, seed_profile):
    puts = fake.bodies("PUT", "/guilds/{guild_id}/commands")
    assert len(puts) == 1, "one sync at start-up, to DISCORD_GUILD_ID"
    commands = {command["name"]: command for command in puts[0]}
    assert set(commands) == {"papers", "paper", "stats", "help", "ask", "researchers", "reload",
                             "Find papers about this"}
    menu = commands.pop("Find papers about this")
    assert menu["type"] == 3 and len(menu["name"]) <= limits.CONTEXT_MENU_NAME
    for command in commands.values():
        assert 0 < len(command["description"]) <= limits.COMMAND_DESCRIPTION
        for option in command.get("options", []):
            assert 0 < len(option["description"]) <= limits.OPTION_DESCRIPTION
    papers = {option["name"]: option for option in commands["papers"]["options"]}
    assert papers["query"]["required"] and papers["query"]["type"] == 3
    assert (papers["limit"]["min_value"], papers["limit"]["max_value"]) == (1, 25)
    assert (papers["year_from"]["min_value"], papers["year_to"]["max_value"]) == (1900, 2100)
    assert [choice["value"] for choice in papers["sort"]["choices"]] == ["relevance", "newest", "oldest"]
    assert papers["category"]["autocomplete"] is True  # the served categories, current after a reload
    assert all(commands[name]["options"][-1]["name"] == "researcher" for name in ("papers", "paper", "stats", "ask"))
    assert str(commands["reload"]["default_member_permissions"]) == "32"  # Manage Server
    assert commands["reload"]["contexts"] == [0]  # servers only: a DM has no permissions to check
    assert papers["has_code"]["type"] == 5
    title = commands["paper"]["options"][0]
    assert title["name"] == "title" and title["autocomplete"] is True
    assert commands["ask"]["options"][0]["max_length"] == QUESTION_MAX
    assert fake.identified == 1


# ---- commands -------------------------------------------------------------------------------------

async def test_stats_shows_metrics_and_attaches_a_chart_of_papers_per_year(fake, bot, slow_library):
    expected = slow_library.stats()
    reply = await fake.reply_to(await fake.slash("stats"))
    embed = reply["embeds"][0]
    assert expected.name in embed["title"]
    assert "```" not in embed["description"], "the picture replaces the text bars"
    assert "Most papers: 8 in 2023 and 2025." in embed["description"]
    [attachment] = reply["attachments"]
    assert embed["image"]["url"] == f"attachment://{attachment['filename']}"
    [upload] = fake.files[int(reply["id"])]
    assert upload.filename == attachment["filename"] and upload.data.startswith(b"\x89PNG")
    drawn = json.loads(read_png(upload.data).text["paperbot:data"])
    assert drawn["years"] == [int(count.label) for count in expected.per_year]
    totals = [sum(stack["counts"][i] for stack in drawn["stacks"]) for i in range(len(drawn["years"]))]
    assert totals == [count.count for count in expected.per_year]
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert fields["h-index"] == str(expected.h_index)
    assert fields["Citations"] == f"{expected.citations:,}"
    assert not ephemeral(reply)


async def test_help_lists_every_command_with_an_example_privately(fake, bot):
    interaction = await fake.slash("help", BOB)
    reply = await fake.reply_to(interaction)
    assert ephemeral(reply)
    embed = reply["embeds"][0]
    names = " ".join(field["name"] for field in embed["fields"])
    for command in ("/papers", "/paper", "/stats", "/ask", "/help"):
        assert command in names
    assert all("Example:" in field["value"] for field in embed["fields"])


async def test_papers_pages_turn_for_the_invoker_only(fake, bot, slow_library):
    expected = slow_library.search("models", k=12)
    assert len(expected.hits) == 12
    first = await fake.reply_to(await fake.slash("papers", query="models", limit=12))
    embed = first["embeds"][0]
    assert [field["name"].split(". ", 1)[1] for field in embed["fields"]] == \
        [hit.paper.title for hit in expected.hits[:5]]
    assert "Page 1/3" in embed["footer"]["text"]
    assert button(first, "Previous")["disabled"] is True
    assert button(first, "Next")["disabled"] is False

    stranger = await fake.reply_to(await fake.click(first, button(first, "Next")["custom_id"], BOB))
    assert ephemeral(stranger) and "isn't your search" in text_of(stranger)
    assert NOT_YOURS.split(",")[0] in text_of(stranger)
    assert "Page 1/3" in fake.messages[int(first["id"])]["embeds"][0]["footer"]["text"]

    second = await fake.reply_to(await fake.click(first, button(first, "Next")["custom_id"], ALICE))
    assert second["id"] == first["id"], "the page is turned in place"
    assert "Page 2/3" in second["embeds"][0]["footer"]["text"]
    assert second["embeds"][0]["fields"][0]["name"].startswith("6. ")
    assert button(second, "Previous")["disabled"] is False

    third = await fake.reply_to(await fake.click(second, button(second, "Next")["custom_id"], ALICE))
    assert "Page 3/3" in third["embeds"][0]["footer"]["text"]
    assert len(third["embeds"][0]["fields"]) == 2
    assert button(third, "Next")["disabled"] is True
    back = await fake.reply_to(await fake.click(third, button(third, "Previous")["custom_id"], ALICE))
    assert "Page 2/3" in back["embeds"][0]["footer"]["text"]


async def test_menu_opens_a_results_details(fake, bot, slow_library):
    expected = slow_library.search("diffusion", k=5)
    results = await fake.reply_to(await fake.slash("papers", query="diffusion"))
    options = menu(results)["options"]
    assert len(options) == len(expected.hits)
    details = await fake.reply_to(await fake.choose(results, menu(results)["custom_id"], options[1]["value"], BOB))
    assert ephemeral(details)
    assert details["embeds"][0]["title"] == expected.hits[1].paper.title.replace("_", "\\_")
    assert f"id: {expected.hits[1].paper.id}" in details["embeds"][0]["footer"]["text"]

    forged = await fake.reply_to(await fake.choose(results, menu(results)["custom_id"], "no-such-paper", BOB))
    assert ephemeral(forged) and UNKNOWN in text_of(forged)


async def test_papers_filters_and_sort_reach_the_core(fake, bot, slow_library):
    reply = await fake.reply_to(await fake.slash("papers", query="models", category="CV", sort="newest",
                                                 year_from=2023, has_code=True))
    expected = slow_library.search("models", k=10, category="CV", year_from=2023, has_code=True, sort="newest")
    titles = [field["name"].split(". ", 1)[1] for field in reply["embeds"][0].get("fields", [])]
    assert titles == [hit.paper.title for hit in expected.hits[:5]]
    assert "Filters:" in reply["embeds"][0]["description"]


async def test_search_without_results_says_so_politely(fake, bot):
    reply = await fake.reply_to(await fake.slash("papers", query="xqzvwk"))
    assert "nothing matched" in text_of(reply).lower()
    assert not items(reply)


async def test_autocomplete_offers_at_most_25_titles_with_ids_as_values(fake, bot, seed_profile):
    interaction = await fake.autocomplete("paper", "title", title="metamath")
    await fake.wait_for(lambda: interaction.answered)
    assert interaction.callback_type == 8
    choices = interaction.callbacks[0]["data"]["choices"]
    assert choices and "MetaMath" in choices[0]["name"]
    ids = {paper.id for paper in seed_profile.papers}
    assert all(choice["value"] in ids for choice in choices)

    everything = await fake.autocomplete("paper", "title", title="")
    await fake.wait_for(lambda: everything.answered)
    choices = everything.callbacks[0]["data"]["choices"]
    assert 0 < len(choices) <= limits.CHOICES
    assert all(len(choice["name"]) <= limits.CHOICE_NAME for choice in choices)


async def test_autocomplete_with_a_maximal_partial_still_answers(fake, bot):
    interaction = await fake.autocomplete("paper", "title", title="language " * 600)
    await fake.wait_for(lambda: interaction.answered)
    assert interaction.callback_type == 8


async def test_autocomplete_that_fails_or_is_too_slow_answers_with_no_choices(fake, bot, slow_library, log_capture,
                                                                              monkeypatch):
    slow_library.failure = RuntimeError("suggestions exploded")
    failed = await fake.autocomplete("paper", "title", title="meta")
    await fake.wait_for(lambda: failed.answered)
    assert failed.callbacks[0]["data"]["choices"] == []
    assert "RuntimeError: suggestions exploded" in log_capture.text

    monkeypatch.setattr(bot, "timing", Timing(defer_after=DEFER_AFTER, autocomplete_budget=0.3))
    with slow_library.slow(1.0):
        slow = await fake.autocomplete("paper", "title", title="meta")
        await fake.wait_for(lambda: slow.answered)
    assert slow.callbacks[0]["data"]["choices"] == [] and not slow.late


async def test_paper_by_picked_id_and_by_hand_typed_title(fake, bot, seed_profile):
    paper = seed_profile.papers[0]
    picked = await fake.reply_to(await fake.slash("paper", title=paper.id))
    assert picked["embeds"][0]["title"] == paper.title
    fields = {field["name"]: field["value"] for field in picked["embeds"][0]["fields"]}
    assert "Authors" in fields and "Published" in fields

    typed = await fake.reply_to(await fake.slash("paper", title="metamath bootstrap your own"))
    assert typed["embeds"][0]["title"] == paper.title


async def test_unknown_title_gets_closest_titles_and_a_menu(fake, bot):
    reply = await fake.reply_to(await fake.slash("paper", title="A treatise on underwater basket weaving"))
    assert "No paper titled" in reply["embeds"][0]["title"]
    if items(reply):  # closest titles to pick from, in a menu that survives restarts
        menu = items(reply)[0]
        assert menu["custom_id"].startswith("pb1:") and menu["custom_id"].endswith(":open")
        details = await fake.reply_to(await fake.choose(reply, menu["custom_id"], menu["options"][0]["value"]))
        assert ephemeral(details) and details["embeds"][0]["title"]


async def test_option_values_at_discords_maximum_lengths(fake, bot):
    query = await fake.reply_to(await fake.slash("papers", query=("diffusion " * 30)[:300]))
    assert query["embeds"]
    title = await fake.reply_to(await fake.slash("paper", title="x" * 6000))  # beyond what Discord would let through
    assert title["embeds"]
    question = await fake.reply_to(await fake.slash("ask", fresh_user(), question="What is MetaMath? " * 28))
    assert question["embeds"]


async def test_commands_pages_and_autocomplete_work_in_a_direct_message(fake, bot):
    interaction = await fake.slash("stats", BOB, dm=True)
    reply = await fake.reply_to(interaction)
    assert reply["embeds"][0]["title"].startswith("📊")
    assert "guild_id" not in interaction.payload

    first = await fake.reply_to(await fake.slash("papers", BOB, dm=True, query="models", limit=10))
    second = await fake.reply_to(await fake.click(first, button(first, "Next")["custom_id"], BOB, dm=True))
    assert "Page 2/2" in second["embeds"][0]["footer"]["text"]
    suggestions = await fake.autocomplete("paper", "title", BOB, dm=True, title="diff")
    await fake.wait_for(lambda: suggestions.answered)
    assert suggestions.callbacks[0]["data"]["choices"]


async def test_ask_command_renders_the_core_answer(fake, bot, slow_library):
    expected = slow_library.ask("which papers use diffusion?")
    reply = await fake.reply_to(await fake.slash("ask", fresh_user(), question="which papers use diffusion?"))
    embed = reply["embeds"][0]
    assert expected.text.split(":")[0] in embed["description"]
    if expected.papers:
        assert expected.papers[0].paper.title in embed["fields"][0]["name"]


# ---- deadlines and errors --------------------------------------------------------------------------

async def test_slow_core_is_deferred_then_the_original_response_edited(fake, bot, slow_library):
    with slow_library.slow(ACK_DEADLINE + 0.5):  # longer than the fake's acknowledgement deadline
        interaction = await fake.slash("stats")
        reply = await fake.reply_to(interaction, timeout=10)
    assert interaction.callback_type == 5, "deferred"
    assert interaction.acked_at is not None and interaction.acked_at - interaction.created < ACK_DEADLINE
    assert not interaction.late
    assert interaction.edits == 1 and reply["embeds"][0]["title"].startswith("📊")
    assert not (reply["flags"] & 128), "no longer thinking"


async def test_a_failure_in_the_core_gets_a_private_apology_and_a_logged_traceback(fake, bot, slow_library,
                                                                                    log_capture):
    slow_library.failure = RuntimeError("index exploded")
    interaction = await fake.slash("papers", query="diffusion")
    reply = await fake.reply_to(interaction)
    assert ephemeral(reply) and GENERIC in text_of(reply)
    assert "index exploded" not in text_of(reply)
    assert "RuntimeError: index exploded" in log_capture.text
    assert "Traceback" in log_capture.text


async def test_a_failure_after_deferring_replaces_the_thinking_message(fake, bot, slow_library):
    slow_library.failure = RuntimeError("late failure")
    with slow_library.slow(ACK_DEADLINE):
        interaction = await fake.slash("stats")
        reply = await fake.reply_to(interaction, timeout=10)
    assert interaction.callback_type == 5
    assert ephemeral(reply) and GENERIC in text_of(reply)
    assert interaction.original_id not in fake.messages, "the public 'thinking…' placeholder is gone"


async def test_a_core_that_takes_too_long_gets_a_polite_timeout_note(fake, bot, slow_library, monkeypatch):
    monkeypatch.setattr(bot, "timing", Timing(defer_after=DEFER_AFTER, core_timeout=DEFER_AFTER + 0.3))
    with slow_library.slow(DEFER_AFTER + 1.0):
        interaction = await fake.slash("stats")
        reply = await fake.reply_to(interaction, timeout=10)
    assert interaction.callback_type == 5
    assert ephemeral(reply) and "too long" in text_of(reply)


async def test_a_command_the_bot_does_not_know_gets_a_polite_reply(fake, bot):
    reply = await fake.reply_to(await fake.slash("frobnicate"))
    assert ephemeral(reply) and "changed" in text_of(reply)


async def test_a_click_on_a_button_of_an_earlier_version_is_answered_politely(fake, bot):
    first = await fake.reply_to(await fake.slash("papers", query="language models", limit=10))
    late = await fake.reply_to(await fake.click(first, "paperbot:next", ALICE))
    assert ephemeral(late) and OLD_VERSION in text_of(late)
    assert "Page 1/" in fake.messages[int(first["id"])]["embeds"][0]["footer"]["text"]


# ---- questions in messages -------------------------------------------------------------------------

async def test_a_mention_is_answered_as_a_reply_without_the_mention(fake, bot, slow_library):
    asker = fresh_user()
    message = await fake.say(f"{MENTION} which papers use diffusion?", asker, mentions=[BOT_USER])
    reply = await reply_to_message(fake, message)
    expected = slow_library.ask("which papers use diffusion?")
    assert reply["embeds"][0]["title"] == "❓ which papers use diffusion?"
    assert expected.text.split(":")[0] in reply["embeds"][0]["description"]


async def test_a_mention_of_the_bots_own_role_counts_as_a_mention(fake, bot):
    message = await fake.say(f"<@&{BOT_ROLE_ID}> which papers use diffusion?", fresh_user(),
                             mention_roles=[BOT_ROLE_ID])
    reply = await reply_to_message(fake, message)
    assert reply["embeds"][0]["title"] == "❓ which papers use diffusion?"


async def test_a_direct_message_is_answered(fake, bot):
    message = await fake.say("what is MetaMath?", fresh_user(), dm=True)
    reply = await reply_to_message(fake, message)
    assert reply["embeds"]


async def test_a_bare_mention_gets_a_short_how_to(fake, bot):
    message = await fake.say(MENTION, fresh_user(), mentions=[BOT_USER])
    reply = await reply_to_message(fake, message)
    embed = reply["embeds"][0]
    assert "for example" in embed["description"] and "/help" in embed["footer"]["text"]


async def test_a_4000_character_message_is_declined_politely_as_too_long(fake, bot):
    text = f"{MENTION} " + ("what datasets did MetaMath use? " * 130)[:3990]
    message = await fake.say(text, fresh_user(), mentions=[BOT_USER])
    reply = await reply_to_message(fake, message)
    assert "too long" in reply["embeds"][0]["description"]
    assert f"under {QUESTION_MAX} characters" in reply["embeds"][0]["description"]


async def test_a_question_in_a_code_block_is_read_without_the_fences(fake, bot):
    message = await fake.say(f"{MENTION} ```\nwhich papers use diffusion?\n```", fresh_user(), mentions=[BOT_USER])
    reply = await reply_to_message(fake, message)
    assert reply["embeds"][0]["title"] == "❓ which papers use diffusion?"


async def test_everyone_and_role_mentions_are_never_echoed_as_pings(fake, bot):
    message = await fake.say(f"{MENTION} @everyone <@&{ROLE_ID}> what is MetaMath?", fresh_user(),
                             mentions=[BOT_USER], mention_everyone=True, mention_roles=[ROLE_ID])
    reply = await reply_to_message(fake, message)
    shown = text_of(reply)
    assert "@everyone" not in shown and f"<@&{ROLE_ID}>" not in shown
    request = next(body for body in fake.bodies("POST", "/channels/{channel_id}/messages")
                   if str((body.get("message_reference") or {}).get("message_id")) == message["id"])
    assert request["allowed_mentions"]["parse"] == []


async def test_bots_the_bot_itself_and_messages_not_for_it_are_ignored(fake, bot):
    ignored = [
        await fake.say(f"{MENTION} what is MetaMath?", OTHER_BOT, mentions=[BOT_USER]),
        await fake.say(f"{MENTION} what is MetaMath?", BOT_USER, mentions=[BOT_USER]),
        await fake.say("what is MetaMath?", fresh_user()),
        await fake.say(f"<@&{ROLE_ID}> what is MetaMath?", fresh_user(), mention_roles=[ROLE_ID]),
    ]
    human = await fake.say(f"{MENTION} what is MetaMath?", fresh_user(), mentions=[BOT_USER])
    await reply_to_message(fake, human)
    await asyncio.sleep(0.2)
    assert [fake.replies_to_message(message) for message in ignored] == [[], [], [], []]


async def test_a_flood_of_questions_gets_answers_then_cooldown_notes_never_silence(fake, bot):
    flooder = fresh_user()
    messages = [await fake.say(f"{MENTION} what is MetaMath? #{n}", flooder, mentions=[BOT_USER]) for n in range(20)]
    await fake.wait_for(lambda: all(fake.replies_to_message(m) for m in messages), timeout=15)
    replies = [fake.replies_to_message(m)[0] for m in messages]
    cooldowns = [r for r in replies if COOLDOWN_NOTE.split(":")[0] in text_of(r)]
    answers = [r for r in replies if r["embeds"] and r["embeds"][0].get("title", "").startswith("❓")]
    assert len(answers) == 5 and len(cooldowns) == 15


async def test_ask_command_cooldown_is_a_polite_private_note(fake, bot):
    asker = fresh_user()
    for _ in range(5):
        await fake.reply_to(await fake.slash("ask", asker, question="what is MetaMath?"))
    reply = await fake.reply_to(await fake.slash("ask", asker, question="what is MetaMath?"))
    assert ephemeral(reply) and "ask again" in text_of(reply)


# ---- the whole session ------------------------------------------------------------------------------

async def test_every_body_the_bot_sent_was_valid_for_discord(fake, bot):
    assert fake.violations == []
    sent = [request for request in fake.requests if request.body is not None]
    assert len(sent) > 50
    assert all(request.status < 400 for request in fake.requests), [
        (r.method, r.path, r.status) for r in fake.requests if r.status >= 400]


async def test_no_interaction_was_left_unanswered(fake, bot):
    await asyncio.sleep(0.1)
    unanswered = [i.payload["data"] for i in fake.interactions.values() if not i.answered]
    assert unanswered == []
    assert not any(i.late for i in fake.interactions.values())


async def test_the_token_never_appears_in_the_logs(fake, bot, log_capture):
    assert len(log_capture.lines) > 20, "discord.py and paperbot logged at DEBUG"
    assert TOKEN not in log_capture.text
    assert TOKEN.split(".")[0] not in log_capture.text

