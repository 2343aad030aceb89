#!/usr/bin/env python3
"""The pinned Python packages of scripts/requirements-lock.txt, as installed.

  python_lock.py check LOCK       lists each pinned package that is missing or
                                  at another version; exit status 1 if any
  python_lock.py versions LOCK    "name version" of each pinned package as
                                  installed ("-" when missing)
  python_lock.py freeze [--no-deps NAME]... NAME...
                                  pins of NAME... and of everything they need,
                                  as installed now (to regenerate the lock);
                                  --no-deps pins NAME alone

The lock holds lines "name==version", comments (#) and blank lines. Names
compare as PyPI does (case, "-", "_" and "." alike). `check` and `versions`
need nothing beyond the standard library, since they run before anything
is installed.
"""

import argparse
import importlib.metadata as metadata
import re
import sys


_SHOWN = 8  # mismatches listed by name; a fresh machine has them all


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path):
    """[(name, version)] of a lock file; ValueError on a line that is no pin."""
    pins = []
    with open(path, encoding="utf-8") as lock:
        for number, line in enumerate(lock, 1):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s=;]+)", text)
            if not match:
                raise ValueError(f"{path}:{number}: expected 'name==version', got {text!r}")
            pins.append((match.group(1), match.group(2)))
    return pins


def installed_version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def check(path):
    wrong = []
    for name, version in read_lock(path):
        have = installed_version(name)
        if have != version:
            wrong.append(f"{name}=={version} ({'missing' if have is None else 'have ' + have})")
    if wrong:
        shown = ", ".join(wrong[:_SHOWN]) + (f" and {len(wrong) - _SHOWN} more"
                                             if len(wrong) > _SHOWN else "")
        print(f"python_lock: {len(wrong)} package(s) not as pinned: {shown}")
    return 1 if wrong else 0


def versions(path):
    for name, _ in read_lock(path):
        print(f"{name} {installed_version(name) or '-'}")
    return 0


def freeze(names, no_deps):
    # packaging is there once the lock is installed (pytest, matplotlib and
    # scikit-build-core need it); only regenerating the lock uses it.
    from packaging.requirements import Requirement

    pins, todo = {}, [(name, False) for name in names] + [(name, True) for name in no_deps]
    while todo:
        name, alone = todo.pop()
        key = normalized(name)
        if key in pins:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise SystemExit(f"python_lock: {name} is not installed") from None
        pins[key] = dist.version
        if alone:
            continue
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append((requirement.name, False))
    for key in sorted(pins):
        print(f"{key}=={pins[key]}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for command in ("check", "versions"):
        commands.add_parser(command).add_argument("lock")
    frozen = commands.add_parser("freeze")
    frozen.add_argument("--no-deps", action="append", default=[], metavar="NAME")
    frozen.add_argument("names", nargs="*")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return check(args.lock)
        if args.command == "versions":
            return versions(args.lock)
    except BrokenPipeError:  # the reader (head, say) has what it wanted
        return 0
    except (OSError, ValueError) as error:
        print(f"python_lock: {error}", file=sys.stderr)
        return 2
    return freeze(args.names, args.no_deps)


if __name__ == "__main__":
    sys.exit(main())
