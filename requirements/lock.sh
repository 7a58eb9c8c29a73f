#!/usr/bin/env bash
# Writes the install locks (requirements-app.lock, requirements-test.lock) from pyproject.toml (uv resolves in seconds where pip backtracks for most of an hour),
# and requirements/uv-bootstrap.lock: uv's own pin and hashes, copied from the test lock, so the README installs uv
# hash-checked with pip and then installs the locks with uv (several times faster than pip).
#   bash requirements/lock.sh          refresh the locks, keeping every pin that still satisfies pyproject.toml
#   bash requirements/lock.sh --check  exit 1 when a lock is stale (pyproject.toml asks for what the lock lacks)
# torch is resolved as its CPU build but left out of the locks: the README installs it in its own step
# (`pip install torch==2.13.0`), which takes the CPU wheel where one is offered (this machine's wheel folder, or
# PyTorch's CPU index) and the ordinary PyPI build elsewhere, so the locks work on any machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-write}
uv=${UV:-uv}
status=0
# Where the CPU build of torch comes from: this machine's wheel folder, else PyTorch's CPU index.
if [ -d "${TORCH_CPU_WHEELS:-/opt/wheels}" ]; then torch_source=(--find-links "${TORCH_CPU_WHEELS:-/opt/wheels}")
else torch_source=(--extra-index-url https://download.pytorch.org/whl/cpu --index-strategy unsafe-best-match); fi
for target in app test; do
  extra=(); [ "$target" = test ] && extra=(--extra test)
  out=requirements-$target.lock
  tmp=$(mktemp)
  [ -f "$out" ] && cp "$out" "$tmp"
  # The existing lock is read as preferences: only a change to pyproject.toml moves a pin, never a new release.
  "$uv" pip compile pyproject.toml "${extra[@]}" --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
    --generate-hashes --no-emit-package torch --no-header --quiet \
    "${torch_source[@]}" --constraint requirements/torch-cpu.txt -o "$tmp"
  if [ "$mode" = --check ]; then
    if ! diff -q "$out" "$tmp" >/dev/null 2>&1; then
      echo "lock: $out is stale; run: bash requirements/lock.sh" >&2
      diff "$out" "$tmp" | head -20 >&2 || true
      status=1
    fi
  else
    mv "$tmp" "$out"
  fi
  rm -f "$tmp"
done
# uv's entry of the test lock (its pin line and hash lines), the one source of its version.
boot=requirements/uv-bootstrap.lock
tmp=$(mktemp)
{ echo "# uv, hash-pinned: written by requirements/lock.sh from requirements-test.lock (do not edit)"
  awk '/^uv==/{p=1; print; next} p && /^    --hash=/{print; next} {p=0}' requirements-test.lock; } > "$tmp"
grep -q '^uv==' "$tmp" || { echo "lock: no uv pin in requirements-test.lock" >&2; exit 1; }
if [ "$mode" = --check ]; then
  diff -q "$boot" "$tmp" >/dev/null 2>&1 || { echo "lock: $boot is stale; run: bash requirements/lock.sh" >&2; status=1; }
  rm -f "$tmp"
else
  mv "$tmp" "$boot"
fi
exit $status
