"""microscale.__version__ is the CMake project's version (ctest passes it)."""

import os

import pytest

import microscale as ms


def test_version_is_the_cmake_projects():
    want = os.environ.get("MICROSCALE_VERSION")
    if not want:
        pytest.skip("MICROSCALE_VERSION is set by ctest")
    assert ms.__version__ == want
