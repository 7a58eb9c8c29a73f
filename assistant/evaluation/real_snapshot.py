"""Find a real project's source documents in a local snapshot and stage the annotated ones for ingestion.

A snapshot root may hold, for a gold file's repository `owner/name`:
- `owner+name/repo` (the layout the `fetch` tool writes), `owner+name`, `name` or the project id: a git dir or a
  work tree with `.git`: the gold's `folder` is extracted at the gold's `commit` with `git archive`;
- a plain checked-out copy of the repository (`<root>/<folder>` exists, e.g. the committed v22 case).
Only the documents the gold lists are staged (the annotators read exactly those): the gold is silent about
anything else, so ingesting more would turn true statements into "invented" ones. A file whose name says it
is an MLOps strategy is never staged.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from assistant.errors import InvalidInputError
from assistant.evaluation.real_gold import Gold

GLOBAL_DIR = "_global"  # where documents outside the project folder (../000-global/...) are staged


@dataclass
class Staged:
    folder: Path
    origin: str
    files: list[str] = field(default_factory=list)     # staged, relative to `folder`
    missing: list[str] = field(default_factory=list)   # listed in the gold, absent from the snapshot
    left_out: list[str] = field(default_factory=list)  # in the snapshot folder, not annotated (not ingested)


def _is_git_dir(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir()


def _candidates(gold: Gold, root: Path) -> list[Path]:
    owner_name = gold.repository.replace("/", "+")
    name = gold.repository.split("/")[-1]
    return [root / owner_name / "repo", root / owner_name, root / name, root / gold.project, root]


def locate(gold: Gold, roots: list[Path]) -> tuple[str, Path] | None:
    """('git', git dir) or ('tree', checkout root) for the first snapshot holding this project, else None."""
    for root in roots:
        for candidate in _candidates(gold, root):
            if not candidate.is_dir():
                continue
            if (candidate / gold.folder).is_dir():
                return "tree", candidate
            git_dir = candidate / ".git" if (candidate / ".git").exists() else candidate
            if _is_git_dir(git_dir) and _has_commit(git_dir, gold):
                return "git", git_dir
    return None


def _has_commit(git_dir: Path, gold: Gold) -> bool:
    probe = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "-e", f"{gold.commit}^{{tree}}"],
                           capture_output=True)
    return probe.returncode == 0


def _project_paths(gold: Gold) -> list[tuple[str, str]]:
    """(path in the repository, path in the staging folder) for every annotated document."""
    out = []
    folder = PurePosixPath(gold.folder)
    for doc in gold.documents:
        if not doc.file:
            continue
        rel = PurePosixPath(doc.file)
        if rel.parts and rel.parts[0] == "..":
            repo_path = PurePosixPath(*_normalise(folder.parts + rel.parts))
            staged = PurePosixPath(GLOBAL_DIR, rel.name)
        else:
            repo_path, staged = folder / rel, rel
        out.append((str(repo_path), str(staged)))
    return out


def _normalise(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == "..":
            if out:
                out.pop()
        elif part != ".":
            out.append(part)
    return out


def _is_strategy(name: str) -> bool:
    return "MLOPS" in name.upper()


def stage(gold: Gold, roots: list[Path], dest: Path) -> Staged | None:
    """Copy the gold's documents from the first snapshot that has them into `dest`; None when none has."""
    found = locate(gold, roots)
    if found is None:
        return None
    kind, where = found
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    staged = Staged(folder=dest, origin=f"{kind}:{where}" + (f"@{gold.commit}" if kind == "git" else ""))
    wanted = _project_paths(gold)
    read = _git_reader(where, gold.commit) if kind == "git" else _tree_reader(where)
    for repo_path, staged_path in wanted:
        if _is_strategy(repo_path):
            continue
        content = read(repo_path)
        if content is None:
            staged.missing.append(repo_path)
            continue
        target = dest / staged_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        staged.files.append(staged_path)
    wanted_paths = {p for p, _ in wanted}
    listing = _git_listing(where, gold) if kind == "git" else _tree_listing(where, gold)
    staged.left_out = sorted(p for p in listing if p not in wanted_paths)
    return staged


def _git_reader(git_dir: Path, commit: str) -> Callable[[str], bytes | None]:
    def read(path: str) -> bytes | None:
        out = subprocess.run(["git", "--git-dir", str(git_dir), "archive", commit, "--", path], capture_output=True)
        if out.returncode != 0:
            return None
        with tarfile.open(fileobj=io.BytesIO(out.stdout)) as tar:
            member = next((m for m in tar.getmembers() if m.isfile()), None)
            if member is None:
                return None
            handle = tar.extractfile(member)
            return handle.read() if handle else None
    return read


def _tree_reader(root: Path) -> Callable[[str], bytes | None]:
    def read(path: str) -> bytes | None:
        target = root / path
        return target.read_bytes() if target.is_file() else None
    return read


def _git_listing(git_dir: Path, gold: Gold) -> list[str]:
    out = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", gold.commit, "--",
                          gold.folder], capture_output=True, text=True)
    if out.returncode != 0:
        raise InvalidInputError(f"{git_dir}: cannot list {gold.folder} at {gold.commit}: {out.stderr.strip()}")
    return [line for line in out.stdout.splitlines() if line]


def _tree_listing(root: Path, gold: Gold) -> list[str]:
    base = root / gold.folder
    return [str(PurePosixPath(gold.folder) / p.relative_to(base).as_posix()) for p in base.rglob("*") if p.is_file()]
