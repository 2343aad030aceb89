"""Functions compiled in process, callable with NumPy arrays.

``microscale.jit(ir)`` returns a :class:`JitModule`; each public function of
the IR is an attribute of it (``module.kernel(x)``), a :class:`JitFunction`.
Arguments: a NumPy array per memref (zero-copy; the memref's element type,
rank and static sizes, C-contiguous), a Python or NumPy number per scalar.
Results: one value, a tuple of several, or None; memrefs come back as NumPy
arrays that own the buffers the function allocated, scalars as NumPy scalars.
After ``microscale-cpu-pipeline`` a ``!microscale.tensor`` argument or result
is three values (data, scales and, for NVFP4, the f32 global) and tensors are
memrefs: see python/README.md.
"""

import ctypes

from . import _memref

_PACKED = ctypes.CFUNCTYPE(None, ctypes.c_void_p)  # void f(void **), GIL released


class JitFunction:
    """One function of a :class:`JitModule`; call it with NumPy arrays."""

    def __init__(self, module, name, arguments, results, address):
        self._module = module  # keeps the compiled code alive
        self.name = name
        self._arguments = [tuple(a) for a in arguments]
        self._results = [tuple(r) for r in results]
        self._call = _PACKED(address)
        # The C interface returns one scalar by value; one memref or several
        # results through a struct whose address is the first argument.
        self._result_struct = None
        if len(results) > 1 or any(kind == "memref" for kind, *_ in results):
            fields = []
            for i, (kind, element, shape, _) in enumerate(results):
                ctype = (_memref.descriptor_type(len(shape)) if kind == "memref"
                         else _memref.scalar_ctype(element))
                fields.append((f"r{i}", ctype or ctypes.c_char))
            self._result_struct = type(f"{name}_results", (ctypes.Structure,),
                                       {"_fields_": fields})

    @property
    def signature(self):
        """The function's type at its C interface, as MLIR prints it."""
        args = ", ".join(text for *_, text in self._arguments)
        results = ", ".join(text for *_, text in self._results)
        return f"({args}) -> ({results})"

    def __repr__(self):
        return f"<JitFunction {self.name}{self.signature}>"

    def _check_supported(self):
        for what, values in (("argument", self._arguments), ("result", self._results)):
            for i, (kind, element, shape, text) in enumerate(values):
                if (kind == "unsupported"
                        or (kind == "scalar" and _memref.scalar_ctype(element) is None)
                        or (kind == "memref" and element not in _memref.ELEMENT_DTYPES)):
                    raise TypeError(
                        f"{self.name}: {what} {i} has type {text}, which cannot cross "
                        f"to Python (supported: identity-layout memrefs of "
                        f"{', '.join(_memref.ELEMENT_DTYPES)} and scalars of "
                        f"those but the f8 types)")

    def __call__(self, *args):
        self._check_supported()
        if len(args) != len(self._arguments):
            raise TypeError(f"{self.name} takes {len(self._arguments)} arguments "
                            f"{self.signature}, got {len(args)}")
        keep, packed, borrowed = [], [], []
        results = None
        if self._result_struct is not None:
            results = self._result_struct()
            pointer = ctypes.c_void_p(ctypes.addressof(results))
            keep.append(pointer)
            packed.append(ctypes.addressof(pointer))
        for i, (value, (kind, element, shape, text)) in enumerate(zip(args, self._arguments)):
            where = f"{self.name}: argument {i} ({text})"
            if kind == "memref":
                desc = _memref.memref_argument(value, element, shape, where)
                pointer = ctypes.c_void_p(ctypes.addressof(desc))
                keep += [desc, pointer]
                packed.append(ctypes.addressof(pointer))
                borrowed.append((value.ctypes.data, value.ctypes.data + value.nbytes))
            else:
                scalar = _memref.scalar_argument(value, element, where)
                keep.append(scalar)
                packed.append(ctypes.addressof(scalar))
        returned = None
        if results is None and self._results:
            returned = _memref.scalar_ctype(self._results[0][1])()
            packed.append(ctypes.addressof(returned))
        array = (ctypes.c_void_p * max(len(packed), 1))(*packed)
        self._call(array)

        if returned is not None:
            return _memref.scalar_result(returned.value, self._results[0][1])
        if results is None:
            return None
        # Every result is converted (and its buffer taken charge of) before
        # any error is raised, so that no buffer leaks.
        out, allocations, error = [], {}, None
        for i, (kind, element, shape, _) in enumerate(self._results):
            raw = getattr(results, f"r{i}")
            try:
                out.append(_memref.memref_result(raw, element, len(shape), borrowed, allocations)
                           if kind == "memref" else _memref.scalar_result(raw, element))
            except (TypeError, ValueError) as failure:
                error = error or failure
        if error is not None:
            raise error
        return out[0] if len(out) == 1 else tuple(out)


class JitModule:
    """IR compiled for this CPU; its public functions are attributes."""

    def __init__(self, native):
        self._native = native
        self._functions = {
            name: JitFunction(self, name, arguments, results, native.packed_address(name))
            for name, (arguments, results) in native.signatures().items()}

    @property
    def functions(self):
        """The names of the callable functions."""
        return tuple(self._functions)

    def __getitem__(self, name):
        try:
            return self._functions[name]
        except KeyError:
            raise KeyError(f"no public function {name!r}; this module has "
                           f"{', '.join(self._functions)}") from None

    def __getattr__(self, name):
        functions = self.__dict__.get("_functions", {})
        if name in functions:
            return functions[name]
        raise AttributeError(f"no public function {name!r}; this module has "
                             f"{', '.join(functions)}")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._functions))

    def __repr__(self):
        return f"<JitModule {', '.join(self._functions)}>"
