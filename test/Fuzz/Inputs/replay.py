"""Runs mx-opt on every input the fuzzer once failed on, through every
pipeline the fuzz target runs (docs/Fuzzing.md).

An input must compile (exit code 0) or be rejected with a diagnostic (exit
code 1 and an `error:` line) within a minute; anything else (a crash, an
abort, `LLVM ERROR`, a hang) fails the test. This replays the findings in every build, without clang or
sanitizers; the lit test next to each finding checks its diagnostic.
"""

import os
import subprocess
import sys

CHIPS = ["sm_80", "sm_89", "sm_90a", "sm_100a", "sm_103a", "sm_120a"]
PIPELINES = (
    [[]]  # parse, verify and print only
    + [["--microscale-cpu-pipeline=features=avx512f,avx512bf16,avx512bw,avx512vnni"],
       ["--microscale-cpu-pipeline=features=none"]]
    + [[f"--microscale-gpu-pipeline=chip={chip} format=isa"] for chip in CHIPS])


def main():
    tool, directory = sys.argv[1], sys.argv[2]
    inputs = sorted(os.listdir(directory))
    for name in inputs:
        path = os.path.join(directory, name)
        for pipeline in PIPELINES:
            try:
                proc = subprocess.run([tool, path, "-o", os.devnull] + pipeline,
                                      capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                sys.stderr.write(f"{name} {' '.join(pipeline)}: over 60 s\n")
                sys.exit(1)
            if proc.returncode == 0 or (proc.returncode == 1 and
                                        b"error:" in proc.stderr):
                continue
            sys.stderr.write(
                f"{name} {' '.join(pipeline)}: exit code {proc.returncode}\n"
                f"{proc.stderr.decode(errors='replace')[-2000:]}\n")
            sys.exit(1)
    print(f"{len(inputs)} inputs through {len(PIPELINES)} pipelines, none crashed")


if __name__ == "__main__":
    main()
