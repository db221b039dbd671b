"""paperbot's faces: the CLI, the console and the Discord bot. They render the core's answers."""
