"""Finds and loads the native extension ``microscale._compiler``.

The extension is built by CMake into ``<build>/python_packages/microscale``
(scripts/build.sh: ``build/``), not into this source directory. It is looked
for, in order:

1. where the import system finds ``microscale._compiler``: next to this file
   in an installed package (``pip install .``, ``cmake --install``), or where
   ``pip install -e .`` put it;
2. in the directory named by the environment variable ``MICROSCALE_EXT_DIR``
   (ctest sets it);
3. in ``build/python_packages/microscale`` of the source tree this package
   sits in (what scripts/build.sh produces).

Loading is lazy: importing microscale never needs the extension, only the
compiler entry points and the compiled backends do.
"""

import importlib.machinery
import importlib.util
import os
import sys
import threading

from .errors import CompilerUnavailableError

_MODULE = __name__.rpartition(".")[0] + "._compiler"
_HERE = os.path.dirname(os.path.abspath(__file__))
_loaded = None
_lock = threading.Lock()  # an extension module must be initialized once


def search_dirs():
    """The directories searched for the extension, in order."""
    dirs = [_HERE]
    env = os.environ.get("MICROSCALE_EXT_DIR")
    if env:
        dirs.append(os.path.abspath(env))
    dirs.append(os.path.join(os.path.dirname(os.path.dirname(_HERE)),
                             "build", "python_packages", "microscale"))
    return dirs


def _find():
    spec = importlib.util.find_spec(_MODULE)
    if spec is not None and spec.origin and os.path.isfile(spec.origin):
        return spec.origin
    for directory in search_dirs():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(directory, "_compiler" + suffix)
            if os.path.isfile(path):
                return path
    return None


def load():
    """The extension module; raises CompilerUnavailableError if not built."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = sys.modules.get(_MODULE) or _load_from(_find())
        return _loaded


def _load_from(path):
    if path is None:
        raise CompilerUnavailableError(
            "the microscale compiler extension (_compiler) is not built: run "
            "scripts/build.sh, or point MICROSCALE_EXT_DIR at the directory "
            "holding it; searched " + ", ".join(search_dirs()))
    spec = importlib.util.spec_from_file_location(_MODULE, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError as error:
        raise CompilerUnavailableError(
            f"the microscale compiler extension {path} does not load: {error}") from error
    sys.modules[_MODULE] = module
    return module


def available():
    """True when the extension is built and loads."""
    try:
        load()
    except CompilerUnavailableError:
        return False
    return True
