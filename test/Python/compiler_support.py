"""Whether the compiler extension (microscale._compiler) is there to test.

Run by hand without a build, the compiler tests skip and say why. ctest sets
MICROSCALE_REQUIRE_COMPILER=1 (the extension is part of the build), and then
a missing or broken extension fails the run instead of skipping quietly.
"""

import os

import pytest

from microscale import _native
from microscale.errors import CompilerUnavailableError

REQUIRE_ENV = "MICROSCALE_REQUIRE_COMPILER"


def _missing():
    try:
        _native.load()
    except CompilerUnavailableError as error:
        return str(error)
    return None


MISSING = _missing()
if MISSING is not None and os.environ.get(REQUIRE_ENV) == "1":
    raise RuntimeError(f"{REQUIRE_ENV}=1 but the compiler extension is unavailable: {MISSING}")

#: Mark for tests that need the extension.
requires_compiler = pytest.mark.skipif(
    MISSING is not None, reason=f"the compiler extension is not built ({MISSING})")
