#!/usr/bin/env python3
"""Runs one generated program (stdin) lowered by microscale-cpu-pipeline with
its parallel loops on 1, 2 and 3 OpenMP threads (3 on two cores splits the
work unevenly), and lowered with parallel=false; every run must print exactly
what the serial one prints, which goes to stdout for FileCheck.

  run_threads.py --mx-opt mx-opt --runner mlir-runner --shared-libs LIBS [--cpu CPU]
"""

import argparse
import os
import subprocess
import sys


def run(cmd, stdin, env=None):
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                          env=env)
    if proc.returncode:
        sys.stderr.write(f"run_threads: {' '.join(cmd)} exited with "
                         f"{proc.returncode}\n{proc.stderr}")
        sys.exit(1)
    return proc.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mx-opt", required=True)
    parser.add_argument("--runner", required=True)
    parser.add_argument("--shared-libs", required=True)
    parser.add_argument("--cpu", default="host")
    args = parser.parse_args()
    program = sys.stdin.read()

    def lower(parallel):
        return run([args.mx_opt, f"--microscale-cpu-pipeline=cpu={args.cpu} "
                    f"parallel={'true' if parallel else 'false'}"], program)

    def execute(lowered, threads):
        env = dict(os.environ)
        env["OMP_NUM_THREADS"] = str(threads)
        return run([args.runner, "-e", "main", "-entry-point-result=void",
                    f"-shared-libs={args.shared_libs}"], lowered, env)

    serial = execute(lower(False), 1)
    parallel = lower(True)
    if "omp.parallel" not in parallel:
        sys.stderr.write("run_threads: the parallel lowering has no "
                         "omp.parallel\n")
        return 1
    for threads in (1, 2, 3):
        output = execute(parallel, threads)
        if output != serial:
            sys.stderr.write(f"run_threads: {threads} thread(s) printed\n"
                             f"{output}\nbut the serial program printed\n"
                             f"{serial}")
            return 1
    sys.stdout.write(serial)
    return 0


if __name__ == "__main__":
    sys.exit(main())
