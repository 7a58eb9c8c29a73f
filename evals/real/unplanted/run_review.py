"""Review an unplanted strategy against a real ArcKit project, the way the hand judgements were made.

    python evals/real/unplanted/run_review.py STRATEGY.md --repo GIT_DIR --folder projects/001-name \
        [--commit REV] [--project KEY] [--out FINDINGS.json]

The project folder is extracted from the snapshot's git dir at --commit (default HEAD) into a temporary
folder, every file whose name says it is an MLOps strategy is deleted unread, the folder is ingested with the
product CLI (one-step ArcKit import) into a fresh MLOPS_ASSISTANT_HOME, and the strategy is reviewed with
`review --project KEY --no-rubric --json`. The findings are printed numbered (the numbers the judgements file
uses) and written to --out. They quote the project's documents, which have no licence: keep --out outside git
(the default is under evals/real/.work/, which git ignores).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def extract(git_dir: Path, commit: str, folder: str, dest: Path) -> Path:
    """`folder` of the repository at `commit`, under `dest`, without any MLOps strategy file; with the repository's
    global documents (`projects/000-global/`) beside it when it has them, as an ArcKit checkout has."""
    shared = str(Path(folder).parent / "000-global")
    listed = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", commit, "--", shared],
                            capture_output=True, text=True, check=True).stdout.split("\n")
    # its ARC documents only: a snapshot may list large attachments (external/*.pdf) without holding them
    paths = [folder, *(p for p in listed if Path(p).name.startswith("ARC-"))]
    archive = subprocess.run(["git", "--git-dir", str(git_dir), "archive", commit, "--", *paths],
                             capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        members = [m for m in tar.getmembers() if "MLOPS" not in Path(m.name).name.upper()]
        tar.extractall(dest, members=members, filter="data")
    return dest / folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("strategy", type=Path)
    parser.add_argument("--repo", type=Path, required=True, help="the snapshot's git dir")
    parser.add_argument("--folder", required=True, help="the project folder inside the repository")
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--project", default="unplanted")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--home", type=Path, default=None,
                        help="keep the ingested data home here and reuse it on the next run (development rounds: only changed facts are read again)")
    args = parser.parse_args(argv)
    commit = subprocess.run(["git", "--git-dir", str(args.repo), "rev-parse", args.commit], capture_output=True,
                            text=True, check=True).stdout.strip()
    out = args.out or ROOT / "evals" / "real" / ".work" / "unplanted" / f"{args.strategy.stem}.findings.json"
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        env = {**os.environ, "MLOPS_ASSISTANT_HOME": str(home)}
        cli = [sys.executable, "-m", "assistant"]
        # Always ingest: into a reused home every file is a duplicate, so only facts from another extractor
        # version are read again (the index is kept) and the review never runs on stale facts.
        folder = extract(args.repo, commit, args.folder, Path(tmp) / "snapshot")
        ingest = subprocess.run([*cli, "ingest", str(folder), "--project", args.project], cwd=ROOT, env=env,
                                capture_output=True, text=True)
        sys.stderr.write(ingest.stdout[-3000:] + ingest.stderr[-2000:])
        if ingest.returncode != 0:
            print(f"ingest failed (exit {ingest.returncode})", file=sys.stderr)
            return 2
        review = subprocess.run([*cli, "review", str(args.strategy.resolve()), "--project", args.project,
                                 "--no-rubric", "--json"], cwd=ROOT, env=env, capture_output=True, text=True)
    if not review.stdout.strip():
        print(review.stderr, file=sys.stderr)
        return 2
    result = json.loads(review.stdout)
    result["run"] = {"repository_git_dir": str(args.repo), "commit": commit, "folder": args.folder,
                     "review_exit": review.returncode}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    for n, f in enumerate(result["findings"]):
        print(f"[{n}] {f['severity']} s{f['section']} {f['rule']}: {f['message']}")
    print(f"\n{result['summary']['text']}; review exit {review.returncode}; commit {commit}; written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
