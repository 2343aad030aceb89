"""The compiler entry points: pass pipelines and the in-process JIT.

Both need the native extension ``microscale._compiler`` (built by CMake, see
python/README.md); without it they raise CompilerUnavailableError.
"""

from . import _native
from .errors import CompileError, CompilerUnavailableError  # noqa: F401  (re-exported)
from .jit import JitModule

#: The pipeline ``jit`` lowers with unless told otherwise.
DEFAULT_PIPELINE = "microscale-cpu-pipeline"


def compile(ir, pipeline):  # noqa: A001  (the API's name: microscale.compile)
    """Parses `ir` (MLIR text), runs the textual pass `pipeline` and returns
    the resulting IR as text.

    `pipeline` is what mx-opt takes after ``--pass-pipeline``, with or without
    the ``builtin.module(...)`` anchor: ``"microscale-cpu-pipeline"``,
    ``"canonicalize,cse"``, ``"microscale-cpu-pipeline{vector-bits=256}"``.
    The dialects and passes are mx-opt's. Raises CompileError carrying MLIR's
    diagnostics (``<input>:line:col: error: ...``) when parsing, the pipeline
    text or a pass fails.
    """
    _check_text(ir, "ir")
    _check_text(pipeline, "pipeline")
    return _native.load().compile(ir, pipeline)


def jit(ir, pipeline=DEFAULT_PIPELINE, *, opt_level=3):
    """Lowers `ir` with `pipeline`, compiles it for this CPU (LLVM -O`opt_level`,
    host features) and returns a :class:`~microscale.jit.JitModule` whose
    public functions take and return NumPy arrays.

    Raises CompileError when lowering or code generation fails.
    """
    _check_text(ir, "ir")
    _check_text(pipeline, "pipeline")
    if isinstance(opt_level, bool) or not isinstance(opt_level, int) or not 0 <= opt_level <= 3:
        raise ValueError(f"opt_level must be 0, 1, 2 or 3, got {opt_level!r}")
    return JitModule(_native.load().JitModule(ir, pipeline, opt_level))


def available():
    """True when the compiler extension is built and loads."""
    return _native.available()


def _check_text(value, name):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
