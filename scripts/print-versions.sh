#!/usr/bin/env bash
# Prints the versions a test run uses: the OS, Python and the locked Python
# packages, the Debian packages of scripts/apt-versions.txt, LLVM and the
# compilers, and ptxas where the CUDA toolkit is found. A version that
# differs from the recorded one is marked, so a log shows what changed.
set -uo pipefail
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}

# First line of `TOOL ARGS`, or "not found".
first_line() {
  if command -v "$1" >/dev/null; then
    "$@" 2>&1 | head -n 1
  else
    echo "not found"
  fi
}

echo "== versions"
echo "os: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") ($(uname -m))"
echo "python: $("$PYTHON" -c 'import sys; print(sys.version.split()[0])' 2>&1)"

echo "python packages (scripts/requirements-lock.txt):"
"$PYTHON" "$SCRIPTS/python_lock.py" versions "$SCRIPTS/requirements-lock.txt" |
  while read -r name version; do
    locked=$(sed -n "s/^$name==//p" "$SCRIPTS/requirements-lock.txt")
    mark=""
    [[ $version != "$locked" ]] && mark="  (locked: $locked)"
    echo "  $name $version$mark"
  done

echo "debian packages (scripts/apt-versions.txt):"
grep -v '^#' "$SCRIPTS/apt-versions.txt" | while IFS='=' read -r package recorded; do
  installed=$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null || echo "not installed")
  mark=""
  [[ $installed != "$recorded" ]] && mark="  (recorded: $recorded)"
  echo "  $package $installed$mark"
done

LLVM_BIN=$(llvm-config-22 --bindir 2>/dev/null || echo /usr/lib/llvm-22/bin)
echo "llvm-config: $(first_line "$LLVM_BIN/llvm-config" --version)"
echo "mlir-runner: $(first_line "$LLVM_BIN/mlir-runner" --version | sed 's/^ *//')"
echo "g++: $(first_line g++ --version)"
echo "clang-22: $(first_line clang-22 --version)"
echo "cmake: $(first_line cmake --version)"
echo "ninja: $(first_line ninja --version)"
echo "ccache: $(first_line ccache --version)"
# lit looks for ptxas the same way (test/lit.cfg.py).
PTXAS=$(PATH="$PATH:${CUDA_HOME:-/usr/local/cuda}/bin" command -v ptxas || true)
echo "ptxas: $([[ -n $PTXAS ]] && "$PTXAS" --version | tail -n 1 || echo "not found")"
echo "=="
