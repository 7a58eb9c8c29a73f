"""CI installs the way the README tells a new user to, from the hash-checked locks."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_test_command() -> str:
    blocks = re.findall(r"```bash\n(.*?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    return next(b.strip() for b in blocks if b.strip().endswith("python -m pytest"))


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    command = _readme_test_command()
    install, _, run = command.rpartition(" && ")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install in ci and run in ci


def test_every_lock_install_checks_hashes() -> None:
    command = _readme_test_command()
    for step in command.split(" && "):
        if re.search(r"\s-r\s+\S+\.lock\b", step):
            assert "--require-hashes" in step and "--no-deps" in step, step


def test_uv_is_installed_from_its_own_pin_in_the_test_lock() -> None:
    boot = (ROOT / "requirements" / "uv-bootstrap.lock").read_text(encoding="utf-8")
    pin = re.search(r"^uv==\S+", boot, re.M)
    assert pin is not None and re.search(rf"^{re.escape(pin.group(0))} \\$", (ROOT / "requirements-test.lock").read_text(
        encoding="utf-8"), re.M)
    assert "--hash=sha256:" in boot
