"""`python -m seeds` prints the folder of the profiles shipped with paperbot (for PROFILE_PATH or --profile)."""

from seeds import FOLDER

print(FOLDER)
