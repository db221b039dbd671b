"""The house style every embed shares: a footer naming the profile served and its export date, and the
category colours (`bot.palette`). Built once per bot from the library; applied where replies leave
(`respond.send`, `errors.tell`, page turns), so answers, empty results and error notes look alike."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.chat import limits
from bot.palette import Palette
from retrieval.service import Library


@dataclass(frozen=True)
class House:
    footer: str
    palette: Palette

    @classmethod
    def of(cls, library: Library) -> House:
        return cls(footer=profile_line(library), palette=Palette(library.categories))


def profile_line(library: Library) -> str:
    """`Han Shi · 33 papers · profile exported May 7, 2026` (the date is left out when unknown)."""
    profile = library.profile
    count = len(profile.papers)
    parts = [profile.name, f"{count} paper{'s' if count != 1 else ''}"]
    if profile.exported is not None:
        parts.append(f"profile exported {profile.exported:%b} {profile.exported.day}, {profile.exported.year}")
    return limits.clip(" · ".join(parts), 200)


def dress(embeds: list[discord.Embed], house: House | None) -> list[discord.Embed]:
    """The embeds with the house footer under their own footer text (once, however often dressed)."""
    if house is None:
        return embeds
    for embed in embeds:
        own = embed.footer.text or ""
        if own.endswith(house.footer):
            continue
        text = f"{own}\n{house.footer}" if own else house.footer
        embed.set_footer(text=limits.clip(text, limits.EMBED_FOOTER), icon_url=embed.footer.icon_url)
    return embeds


def house_of(client: discord.Client) -> House | None:
    return getattr(client, "house", None)
