"""Check request bodies against Discord's OpenAPI description and the limits it does not encode.

Request schemas sit under paths/<route>/<method>/requestBody/content/application~1json/schema; they
`$ref` into components, so the whole document is registered once and validators are cached per route.
Cross-field limits (6,000 characters across one message's embeds) are checked separately.

The full description (../shared/discord/openapi.json, or $PAPERBOT_DISCORD_OPENAPI) is used when present;
otherwise `discord_openapi_subset.json` next to this file: the same request schemas for the routes paperbot
uses, cut from the full description by `subset()` (a test keeps the two in step).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from bot.chat import limits

ROOT = Path(__file__).resolve().parents[3]
FULL_SPEC = Path(os.environ.get("PAPERBOT_DISCORD_OPENAPI", ROOT.parent / "shared" / "discord" / "openapi.json"))
SUBSET_SPEC = Path(__file__).with_name("discord_openapi_subset.json")
SPEC_URI = "urn:discord-openapi"
# Every route the bot calls (and the fake serves); the subset keeps their request schemas.
BOT_ROUTES = (
    "/gateway", "/gateway/bot", "/users/@me", "/oauth2/applications/@me",
    "/applications/{application_id}/commands", "/applications/{application_id}/guilds/{guild_id}/commands",
    "/interactions/{interaction_id}/{interaction_token}/callback",
    "/webhooks/{webhook_id}/{webhook_token}", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
    "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
    "/channels/{channel_id}/messages", "/channels/{channel_id}/typing",
    "/channels/{channel_id}/messages/{message_id}/threads",
)


def spec_path() -> Path:
    return FULL_SPEC if FULL_SPEC.is_file() else SUBSET_SPEC


def subset(document: dict[str, Any]) -> dict[str, Any]:
    """The JSON request schemas of BOT_ROUTES and every component they reference, from the full description."""
    schemas = document["components"]["schemas"]
    needed: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            reference = node.get("$ref")
            if isinstance(reference, str) and reference.startswith("#/components/schemas/"):
                name = reference.rsplit("/", 1)[-1]
                if name not in needed:
                    needed.add(name)
                    walk(schemas[name])
            for key, value in node.items():
                if key != "$ref":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    paths: dict[str, Any] = {}
    for route in BOT_ROUTES:
        operations: dict[str, Any] = {}
        for method, operation in document["paths"][route].items():
            if method == "parameters":
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            operations[method] = {"requestBody": {"content": {"application/json": body}}} if body else {}
            walk(body)
        paths[route] = operations
    return {"openapi": document["openapi"], "info": document["info"],
            "x-paperbot": "Request schemas of the routes paperbot uses, cut from Discord's OpenAPI description.",
            "paths": paths, "components": {"schemas": {name: schemas[name] for name in sorted(needed)}}}


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    document = json.loads(spec_path().read_text(encoding="utf-8"))
    # The one deliberate relaxation: Discord accepts a snowflake as a JSON integer as well as a string, and
    # discord.py sends integers (message_reference.channel_id); the description only lists strings.
    snowflake = document["components"]["schemas"]["SnowflakeType"]
    document["components"]["schemas"]["SnowflakeType"] = {"anyOf": [snowflake, {"type": "integer", "minimum": 0}]}
    return document


@lru_cache(maxsize=1)
def _registry() -> Registry:
    return Registry().with_resource(SPEC_URI, Resource.from_contents(spec(), default_specification=DRAFT202012))


@lru_cache(maxsize=1)
def _routes() -> list[tuple[re.Pattern[str], str]]:
    """Spec path templates as regexes, literal ones first (`/messages/@original` before `/{message_id}`)."""
    templates = sorted(spec()["paths"], key=lambda t: (t.count("{"), -len(t)))
    return [(re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", re.escape(t).replace(r"\{", "{").replace(r"\}", "}"))
                        + "$"), t) for t in templates]


def route_template(path: str) -> str | None:
    """The spec's template for a concrete API path such as `/interactions/1/tok/callback`."""
    for pattern, template in _routes():
        if pattern.match(path):
            return template
    return None


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


@cache
def _validator(template: str, method: str, ref: str | None = None) -> Draft202012Validator | None:
    operation = spec()["paths"].get(template, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    pointer = _pointer("paths", template, method.lower(), "requestBody", "content", "application/json", "schema")
    target = ref or f"{SPEC_URI}#/{pointer}"
    return Draft202012Validator({"$ref": target}, registry=_registry())


def _branch_for(template: str, method: str, body: Any) -> str | None:
    """For a union keyed by an integer `type` (interaction callbacks), the one branch that `type` selects,
    so an error names the real problem instead of 'not valid under any of the given schemas'."""
    if not isinstance(body, dict) or not isinstance(body.get("type"), int):
        return None
    schema = spec()["paths"][template][method.lower()]["requestBody"]["content"]["application/json"]["schema"]
    for branch in schema.get("anyOf", []):
        ref = branch.get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        component = spec()["components"]["schemas"].get(name, {})
        if body["type"] in component.get("properties", {}).get("type", {}).get("enum", []):
            return f"{SPEC_URI}{ref}"
    return None


def schema_errors(method: str, path: str, body: Any) -> list[str]:
    """Why Discord's spec rejects `body` for `method path` (empty when it accepts it)."""
    template = route_template(path)
    if template is None:
        return [f"{method} {path}: no such route in the spec"]
    validator = _validator(template, method)
    if validator is None:
        return [] if body is None else [f"{method} {template}: the spec takes no JSON body"]
    branch = _branch_for(template, method, body)
    if branch is not None:
        validator = _validator(template, method, branch) or validator
    error = best_match(validator.iter_errors(body))
    if error is None:
        return []
    while error.context:  # descend into anyOf/oneOf to the branch that came closest
        error = best_match(error.context)
    where = "/".join(str(part) for part in error.absolute_path) or "(body)"
    rule = f"{error.validator}={str(error.validator_value)[:60]}"
    return [f"{method} {template}: {where}: breaks {rule} (value {str(error.instance)[:80]!r})"]


def _message_parts(body: Any) -> list[dict[str, Any]]:
    """The message payloads inside a request body: itself, or an interaction callback's `data`."""
    if not isinstance(body, dict):
        return []
    if "type" in body and isinstance(body.get("data"), dict):
        return [body["data"]]
    return [body]


def embed_chars(embed: dict[str, Any]) -> int:
    """Characters Discord counts for one embed (title, description, fields, footer text, author name)."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in embed.get("fields") or [])
    total += len((embed.get("footer") or {}).get("text") or "") + len((embed.get("author") or {}).get("name") or "")
    return total


def limit_errors(body: Any) -> list[str]:
    """Limits Discord enforces that the spec cannot express (or that we want to see named)."""
    problems: list[str] = []
    for message in _message_parts(body):
        if len(message.get("content") or "") > limits.MESSAGE_CONTENT:  # the spec allows 4,000 in channels
            problems.append(f"content is longer than {limits.MESSAGE_CONTENT} characters")
        embeds = message.get("embeds") or []
        total = sum(embed_chars(embed) for embed in embeds)
        if total > limits.EMBED_TOTAL:
            problems.append(f"embeds hold {total} characters (limit {limits.EMBED_TOTAL})")
        for embed in embeds:
            for field in embed.get("fields") or []:
                if not field.get("name") or not field.get("value"):
                    problems.append("an embed field has an empty name or value")
        for choice in message.get("choices") or []:
            if len(str(choice.get("value", ""))) > limits.CHOICE_VALUE:
                problems.append(f"a choice value is longer than {limits.CHOICE_VALUE} characters")
    return problems


def mention_errors(body: Any) -> list[str]:
    """Our own rule: every message we send says allowed_mentions = none."""
    problems = []
    for message in _message_parts(body):
        if "content" in message or "embeds" in message:
            allowed = message.get("allowed_mentions")
            if not allowed or allowed.get("parse") != [] or allowed.get("users") or allowed.get("roles") \
                    or allowed.get("replied_user"):
                problems.append(f"message sent without AllowedMentions.none(): {allowed!r}")
    return problems
