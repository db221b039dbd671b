"""Shared fixtures: the seed profile, parsed once per test session with a fixed 'today'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval.models import Profile
from retrieval.profile import parse_profile
from retrieval.service import Library

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "han-shi.profile.txt"
REFERENCE_DATE = dt.date(2026, 11, 29)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_profile() -> Profile:
    return parse_profile(SEED, reference_date=REFERENCE_DATE)


@pytest.fixture(scope="session")
def library(seed_profile: Profile) -> Library:
    return Library(seed_profile)
