"""Evaluations kept next to the code they measure; each runs with ``python -m``."""

from pathlib import Path

# Where the shared corpora sit relative to a checkout (../shared/corpora).
CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
