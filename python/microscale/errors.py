"""Exceptions of the compiler bindings.

Defined in pure Python so that they exist (and can be caught) whether or not
the native extension ``microscale._compiler`` was built.
"""


class CompileError(RuntimeError):
    """Parsing, a pass pipeline or JIT compilation failed.

    The message holds MLIR's diagnostics, one ``<input>:line:col: error: ...``
    entry each, followed by the offending source line.
    """


class CompilerUnavailableError(ImportError):
    """The native extension microscale._compiler is not built or not found."""
