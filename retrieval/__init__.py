"""paperbot's core: parsing, search, summaries, stats and answers. No Discord import here."""
