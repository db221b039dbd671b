"""The profiles that ship with paperbot: the seed profile it serves by default, and a sample BibTeX profile.

A package (not only a folder) so that `pip install .` installs the files and `paperbot` finds them from any
directory.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
