"""Runs a tool on truncated and byte-corrupted copies of a valid input file.

Malformed input must give a diagnostic and exit code 1, never a crash: any
other exit code, or exit code 1 without an `error:` line, fails the test.
"""

import random
import subprocess
import sys


def check(tool, text, what):
    proc = subprocess.run([tool, "-"], input=text, capture_output=True)
    if proc.returncode == 0:
        return 0
    if proc.returncode != 1 or b"error:" not in proc.stderr:
        sys.stderr.write(
            f"{what}: exit code {proc.returncode}\n"
            f"{proc.stderr.decode(errors='replace')[-2000:]}\n")
        sys.exit(1)
    return 1


def main():
    tool, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    text = open(path, "rb").read()
    # Drop the comments (RUN and CHECK lines) so that every cut lands in IR.
    text = b"\n".join(line for line in text.split(b"\n")
                      if not line.lstrip().startswith(b"//"))
    rng = random.Random(20261122)
    rejected = 0
    for cut in sorted(rng.sample(range(1, len(text)), count)):
        rejected += check(tool, text[:cut], f"truncated at byte {cut}")
    for _ in range(count):
        corrupt = bytearray(text)
        for _ in range(rng.randint(1, 4)):
            corrupt[rng.randrange(len(corrupt))] = rng.choice(
                b"<>(),:=x?%#!0123456789abcdefgiuxsy \n\x00\xff")
        rejected += check(tool, bytes(corrupt), "corrupted copy")
    print(f"{2 * count} mutated inputs, {rejected} rejected with a diagnostic,"
          " none crashed")


if __name__ == "__main__":
    main()
