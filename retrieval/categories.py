"""arXiv-style category codes as the profile export writes them, and their human names."""

from __future__ import annotations

CATEGORY_NAMES: dict[str, str] = {
    "AI": "Artificial Intelligence",
    "AR": "Hardware Architecture",
    "CC": "Computational Complexity",
    "CE": "Computational Engineering",
    "CG": "Computational Geometry",
    "CL": "Computation and Language",
    "CR": "Cryptography and Security",
    "CV": "Computer Vision",
    "CY": "Computers and Society",
    "DB": "Databases",
    "DC": "Distributed Computing",
    "DL": "Digital Libraries",
    "DM": "Discrete Mathematics",
    "DS": "Data Structures and Algorithms",
    "ET": "Emerging Technologies",
    "FL": "Formal Languages",
    "GL": "General Literature",
    "GR": "Graphics",
    "GT": "Computer Science and Game Theory",
    "HC": "Human-Computer Interaction",
    "IR": "Information Retrieval",
    "IT": "Information Theory",
    "LG": "Machine Learning",
    "LO": "Logic in Computer Science",
    "MA": "Multiagent Systems",
    "MM": "Multimedia",
    "MS": "Mathematical Software",
    "NA": "Numerical Analysis",
    "NE": "Neural and Evolutionary Computing",
    "NI": "Networking and Internet Architecture",
    "OS": "Operating Systems",
    "PF": "Performance",
    "PL": "Programming Languages",
    "RO": "Robotics",
    "SC": "Symbolic Computation",
    "SD": "Sound",
    "SE": "Software Engineering",
    "SI": "Social and Information Networks",
    "SY": "Systems and Control",
    "ML": "Machine Learning (Statistics)",
    "IV": "Image and Video Processing",
    "AS": "Audio and Speech Processing",
}


def category_name(code: str) -> str:
    """The human name of a category code; an unknown code is shown as is."""
    return CATEGORY_NAMES.get(code, code)


CATEGORY_ALIASES: dict[str, tuple[str, ...]] = {
    "AI": ("ai", "artificial intelligence"),
    "AR": ("hardware", "computer architecture"),
    "AS": ("speech", "audio and speech", "speech processing"),
    "CC": ("complexity", "complexity theory"),
    "CE": ("computational engineering", "computational science"),
    "CG": ("computational geometry", "geometry"),
    "CL": ("nlp", "natural language processing", "language", "computational linguistics", "linguistics",
           "computation and language"),
    "CR": ("security", "cryptography", "crypto"),
    "CV": ("vision", "computer vision", "cv"),
    "CY": ("computers and society", "society"),
    "DB": ("databases", "database", "data management"),
    "DC": ("distributed computing", "distributed systems", "parallel computing"),
    "DL": ("digital libraries",),
    "DM": ("discrete mathematics", "discrete math"),
    "DS": ("algorithms", "data structures"),
    "GR": ("graphics", "computer graphics"),
    "GT": ("game theory",),
    "HC": ("hci", "human computer interaction", "human-computer interaction"),
    "IR": ("information retrieval", "ir"),
    "IT": ("information theory",),
    "IV": ("image processing", "video processing", "image and video processing"),
    "LG": ("machine learning", "ml"),
    "LO": ("logic",),
    "MA": ("multiagent", "multi-agent", "multi agent", "multiagent systems", "multi-agent systems"),
    "ML": ("statistics", "stats", "statistical machine learning", "stat ml", "stat.ml"),
    "MM": ("multimedia",),
    "NA": ("numerical analysis",),
    "NE": ("neural and evolutionary computing", "evolutionary computing", "evolutionary computation"),
    "NI": ("networking", "networks and internet"),
    "OS": ("operating systems",),
    "PL": ("programming languages",),
    "RO": ("robotics", "robot", "robot learning"),
    "SD": ("sound", "audio"),
    "SE": ("software engineering",),
    "SI": ("social networks", "social and information networks"),
    "SY": ("systems and control", "control", "control systems"),
}
"""What people call each category besides its code and name ("NLP papers", "vision", "stats"). General to any
profile: only the categories a profile has are ever matched."""


def category_words(code: str, name: str) -> tuple[str, ...]:
    """Every way a category may be written in a question, lower-cased: its name, code and common aliases."""
    return tuple(dict.fromkeys([name.casefold(), code.casefold(), *CATEGORY_ALIASES.get(code, ())]))
