#!/usr/bin/env python3
"""Fails when a program's peak memory grows with its iteration count.

  peak_rss.py --once ONCE.mlir --loop LOOP.mlir --max-mib 400 --max-growth-mib 32 \
      -- mlir-runner -e main -entry-point-result=void -shared-libs=...

Runs the command on each file (appended as its last argument), the same
program lowered with a loop count of 1 and of thousands, and reads each run's
peak resident set size from the kernel (wait4's rusage, so nothing is timed).
A program that frees what it allocates peaks at the same size either way; one
that leaks an intermediate per iteration grows by that much per iteration.
Prints both peaks and exits non-zero when the loop's peak exceeds the single
run's by more than --max-growth-mib, or either exceeds --max-mib.
"""

import argparse
import os
import subprocess
import sys
import tempfile


def run_measured(command):
    """Runs `command`, forwards its output, returns its peak RSS in MiB."""
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr)
        stdout = process.stdout.read()
        # Reaped with wait4 for this child's own rusage (RUSAGE_CHILDREN
        # would be the maximum over all children).
        _, status, usage = os.wait4(process.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        sys.stdout.write(stdout.decode())
        if code:
            stderr.seek(0)
            sys.stderr.write(stderr.read().decode())
            raise SystemExit(f"peak_rss: {' '.join(command)} exited with {code}")
    return usage.ru_maxrss / 1024.0  # KiB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--once", required=True, help="the program with one iteration")
    parser.add_argument("--loop", required=True, help="the same program with many")
    parser.add_argument("--max-mib", type=float, required=True)
    parser.add_argument("--max-growth-mib", type=float, required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command to run")

    once = run_measured(command + [args.once])
    loop = run_measured(command + [args.loop])
    print(f"peak RSS: once {once:.1f} MiB, loop {loop:.1f} MiB, "
          f"growth {loop - once:.1f} MiB")
    failures = []
    if loop - once > args.max_growth_mib:
        failures.append(f"the loop's peak grew by {loop - once:.1f} MiB "
                        f"(limit {args.max_growth_mib} MiB): buffers are not freed")
    if max(once, loop) > args.max_mib:
        failures.append(f"peak {max(once, loop):.1f} MiB exceeds {args.max_mib} MiB")
    for failure in failures:
        print(f"peak_rss: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
