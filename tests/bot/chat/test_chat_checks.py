"""The test oracle itself: the OpenAPI check rejects what Discord rejects (and a fake in-process Discord
would let through), and the command comparison behind 'sync only when changed'."""

from __future__ import annotations

import json

import pytest
from openapi_check import FULL_SPEC, SUBSET_SPEC, limit_errors, mention_errors, route_template, schema_errors, subset

from bot.chat.client import same_commands

CALLBACK = "/interactions/1/token/callback"
COMMANDS = "/applications/1/guilds/2/commands"
NONE = {"parse": []}


def choices(count: int) -> dict:
    return {"type": 8, "data": {"choices": [{"name": f"Paper {n}", "value": f"p{n}"} for n in range(count)]}}


def test_routes_map_to_the_specs_templates_literal_segments_first():
    assert route_template("/webhooks/1/tok/messages/@original") == \
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
    assert route_template("/webhooks/1/tok/messages/5") == \
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
    assert route_template("/no/such/route") is None


def test_26_autocomplete_choices_are_rejected_and_25_accepted():
    assert schema_errors("POST", CALLBACK, choices(25)) == []
    problems = schema_errors("POST", CALLBACK, choices(26))
    assert problems and "maxItems=25" in problems[0]


def test_a_150_character_command_description_is_rejected():
    command = {"name": "papers", "description": "d" * 150, "type": 1}
    problems = schema_errors("PUT", COMMANDS, [command])
    assert problems and "maxLength=100" in problems[0]
    assert schema_errors("PUT", COMMANDS, [{**command, "description": "d" * 100}]) == []


def test_oversized_embed_parts_are_rejected_by_the_spec():
    for embed in ({"title": "t" * 257}, {"description": "d" * 4097}, {"fields": [{"name": "n", "value": "v"}] * 26},
                  {"fields": [{"name": "n", "value": "v" * 1025}]}, {"footer": {"text": "f" * 2049}}):
        body = {"type": 4, "data": {"embeds": [embed], "allowed_mentions": NONE}}
        assert schema_errors("POST", CALLBACK, body), embed


def test_6000_characters_across_a_messages_embeds_is_checked_beyond_the_spec():
    embeds = [{"description": "d" * 4000}, {"description": "d" * 2001}]
    body = {"type": 4, "data": {"embeds": embeds, "allowed_mentions": NONE}}
    assert schema_errors("POST", CALLBACK, body) == []
    assert limit_errors(body) == ["embeds hold 6001 characters (limit 6000)"]


def test_content_over_2000_characters_and_11_embeds_are_rejected():
    assert schema_errors("POST", CALLBACK, {"type": 4, "data": {"content": "c" * 2001}})
    assert limit_errors({"content": "c" * 2001}) == ["content is longer than 2000 characters"]
    assert schema_errors("POST", CALLBACK, {"type": 4, "data": {"embeds": [{"title": "t"}] * 11}})


def test_messages_without_allowed_mentions_none_are_flagged():
    assert mention_errors({"content": "hi @everyone"})
    assert mention_errors({"content": "hi", "allowed_mentions": {"parse": ["everyone"]}})
    assert mention_errors({"content": "hi", "allowed_mentions": {"parse": [], "replied_user": False}}) == []


def test_registered_commands_compare_equal_despite_discords_extra_fields():
    local = [{"name": "stats", "description": "d", "type": 1, "options": [], "nsfw": False, "dm_permission": True,
              "default_member_permissions": None, "contexts": [0, 1, 2], "integration_types": [0]}]
    remote = [{**local[0], "id": "9", "application_id": "8", "version": "7", "contexts": [2, 1, 0]}]
    assert same_commands(local, remote)
    assert not same_commands(local, [{**remote[0], "description": "changed"}])
    assert not same_commands(local, [])


@pytest.mark.skipif(not FULL_SPEC.is_file(), reason="Discord's full OpenAPI description is not available here")
def test_the_vendored_subset_matches_the_full_description():
    full = json.loads(FULL_SPEC.read_text(encoding="utf-8"))
    assert subset(full) == json.loads(SUBSET_SPEC.read_text(encoding="utf-8")), \
        "regenerate discord_openapi_subset.json with openapi_check.subset()"
