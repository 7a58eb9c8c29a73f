"""Paths the review tests read (a plainly named module: `conftest` is ambiguous across test folders)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_JSON = ROOT / "examples" / "ARC-001-MLOPS-v1.0.json"
EXAMPLE_MD = ROOT / "examples" / "ARC-001-MLOPS-v1.0.md"
EXAMPLE_REQUIREMENTS = ROOT / "assistant" / "resources" / "sample" / "benefits-fraud-requirements.md"
DRIFT_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "strategies").glob("*.md"))
CASSETTES = ROOT / "tests" / "cassettes" / "review"
