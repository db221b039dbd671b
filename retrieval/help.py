"""What each command does, with an example: one text shared by /help in Discord and the console."""

from __future__ import annotations

from retrieval.answers import HelpAnswer, HelpEntry
from retrieval.models import Profile


def help_answer(profile: Profile, *, search: str = "", title: str = "", question: str = "") -> HelpAnswer:
    """The help text; its examples (`search` words, a `title`, a `question`) come from the profile served."""
    search = search or "a topic"
    title = title or (profile.papers[0].title.split(":")[0] if profile.papers else "a title")
    question = question or "How many papers are there?"
    return HelpAnswer(
        profile_name=profile.name,
        entries=[
            HelpEntry(
                command="papers",
                usage="/papers query [limit] [category] [year_from] [year_to] [has_code] [sort]",
                description=f"Search {profile.name}'s papers by title and abstract; filter and sort the results.",
                example=f"/papers {search}",
            ),
            HelpEntry(
                command="paper",
                usage="/paper title",
                description="One paper in ten seconds: a one-line TL;DR, key points, the abstract and related papers.",
                example=f"/paper {title}",
            ),
            HelpEntry(
                command="stats",
                usage="/stats",
                description="The record at a glance: h-index, citations, papers per year and category, co-authors.",
                example="/stats",
            ),
            HelpEntry(
                command="ask",
                usage="/ask question",
                description="Ask in plain words; the answer quotes the papers' own sentences and names its sources.",
                example=f"/ask {question}",
            ),
            HelpEntry(
                command="help",
                usage="/help",
                description="This list.",
                example="/help",
            ),
        ],
        tips=[
            "Titles are forgiving: case, word order, half a title and small typos are fine.",
            "Mention the bot or send it a direct message to ask a question without a command.",
            "Follow up by replying to an answer (keep the mention on), or in a direct message: "
            "“and in the year before?”, “which of them have code?”.",
            "In Discord, under /paper: Related opens a related paper, Cite gives a BibTeX entry, Ask answers from "
            "that paper alone, Discuss starts a thread on it.",
            "Right-click a message → Apps → Find papers about this: the papers on its topic, just for you.",
        ],
    )


def group_entries(names: list[str]) -> list[HelpEntry]:
    """The entries a group of researchers adds: who is served, and the `researcher` option every command takes."""
    example = names[0] if names else "a name"
    return [
        HelpEntry(
            command="researchers",
            usage="/researchers",
            description="Who is served: each researcher with their papers. Every command also takes researcher: "
                        "to look at one of them.",
            example=f"/papers query:… researcher:{example}",
        ),
    ]
