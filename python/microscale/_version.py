"""The package's version: the CMake project's (``project(... VERSION ...)``).

A build writes it to ``_build_version.py`` beside the extension, and an
installed package (``pip install .``, ``cmake --install``) holds that file;
from the source tree (``PYTHONPATH=python``) it is read from CMakeLists.txt.
"""

import os
import re


def _version():
    try:
        from ._build_version import version
        return version
    except ImportError:
        pass
    cmake_lists = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               os.pardir, os.pardir, "CMakeLists.txt")
    try:
        with open(cmake_lists, encoding="utf-8") as f:
            found = re.search(r"project\(microscale VERSION ([0-9.]+)", f.read())
    except OSError:
        found = None
    return found.group(1) if found else "0+unknown"


__version__ = _version()
