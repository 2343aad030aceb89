"""Our GPU kernels for the benchmark: user IR with microscale ops compiled by
`mx-opt --microscale-gpu-pipeline="... host-data=false"` into a shared
library, called on device buffers.

The device-resident ABI (docs/GPU.md, "Device-resident functions"): every
memref argument is passed expanded as LLVM's lowering of memref descriptors
does (allocated pointer, aligned pointer, offset, sizes, strides), a
`!microscale.tensor` as its storage (data, scales, and for NVFP4 the f32
global); the memref results follow as caller-allocated output buffers in
the same form; the last argument is the CUstream to launch on.
"""

import ctypes
import os
import shutil
import subprocess
import tempfile

import numpy as np


class Toolchain:
    """mx-opt, mlir-translate and a C compiler that takes LLVM IR."""

    def __init__(self, build_dir, chip):
        self.build_dir = os.path.abspath(build_dir)
        self.chip = chip
        self.mx_opt = os.path.join(self.build_dir, "bin", "mx-opt")
        self.lib_dir = os.path.join(self.build_dir, "lib")
        self.runtime = os.path.join(self.lib_dir, "libmicroscale_cuda_runtime.so")
        self.translate = shutil.which("mlir-translate-22") or shutil.which(
            "mlir-translate", path="/usr/lib/llvm-22/bin")
        self.cc = shutil.which("clang-22") or shutil.which("clang", path="/usr/lib/llvm-22/bin")

    def missing(self):
        """What is missing to compile our kernels, or None."""
        for what, path in (("mx-opt", self.mx_opt), ("libmicroscale_cuda_runtime", self.runtime)):
            if not os.path.exists(path):
                return f"{what} is not built ({path})"
        if not self.translate:
            return "mlir-translate (LLVM 22) is not installed"
        if not self.cc:
            return "clang-22 is not installed"
        return None

    def compile(self, ir, workdir):
        """A shared library of `ir`'s functions; raises RuntimeError with the
        failing step's output."""
        pipeline = f"--microscale-gpu-pipeline=chip={self.chip} format=bin host-data=false"
        mlir = os.path.join(workdir, "kernel.mlir")
        llvm_ir = os.path.join(workdir, "kernel.ll")
        library = os.path.join(workdir, "kernel.so")
        with open(mlir, "w") as f:
            f.write(ir)
        steps = [
            [self.mx_opt, mlir, pipeline, "-o", mlir + ".llvm"],
            [self.translate, "--mlir-to-llvmir", mlir + ".llvm", "-o", llvm_ir],
            [self.cc, "-O2", "-shared", "-fPIC", "-x", "ir", llvm_ir, "-o", library,
             f"-L{self.lib_dir}", "-lmicroscale_cuda_runtime", f"-Wl,-rpath,{self.lib_dir}"],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"{os.path.basename(step[0])} failed:\n{done.stderr[-4000:]}")
        return library


class DeviceMemRef:
    """A device buffer seen as an identity-layout memref."""

    def __init__(self, ptr, shape):
        self.ptr = ptr
        self.shape = tuple(shape)

    def expanded(self):
        strides, step = [], 1
        for size in reversed(self.shape):
            strides.insert(0, step)
            step *= size
        return ([ctypes.c_void_p(self.ptr), ctypes.c_void_p(self.ptr), ctypes.c_int64(0)]
                + [ctypes.c_int64(s) for s in self.shape] + [ctypes.c_int64(s) for s in strides])


class CompiledFunction:
    """One function of a compiled library, called with DeviceMemRefs, f32
    scalars and the stream last."""

    def __init__(self, library, name, returns_f32=False):
        self._function = getattr(library, name)
        self._function.restype = ctypes.c_float if returns_f32 else None

    def __call__(self, *arguments, stream):
        flat = []
        for argument in arguments:
            if isinstance(argument, DeviceMemRef):
                flat.extend(argument.expanded())
            else:
                flat.append(ctypes.c_float(np.float32(argument)))
        flat.append(ctypes.c_void_p(stream))
        return self._function(*flat)


def load(toolchain, ir):
    """Compiles `ir` and loads it (the runtime library first, for its mgpu*
    symbols); returns (ctypes library, temporary directory kept alive)."""
    workdir = tempfile.TemporaryDirectory(prefix="mx-bench-gpu-")
    path = toolchain.compile(ir, workdir.name)
    ctypes.CDLL(toolchain.runtime, mode=ctypes.RTLD_GLOBAL)
    return ctypes.CDLL(path), workdir


def matmul_ir(scheme, m, n, k):
    qa = f"!microscale.tensor<{m}x{k}, {scheme}>"
    qb = f"!microscale.tensor<{n}x{k}, {scheme}>"
    return (f"func.func @matmul(%a: {qa}, %b: {qb}) -> tensor<{m}x{n}xf32> {{\n"
            f"  %c = microscale.matmul %a, %b : {qa}, {qb} -> tensor<{m}x{n}xf32>\n"
            f"  return %c : tensor<{m}x{n}xf32>\n}}\n")


def quantize_ir(scheme, m, k, with_global):
    q = f"!microscale.tensor<{m}x{k}, {scheme}>"
    if with_global:
        return (f"func.func @quantize(%x: tensor<{m}x{k}xf32>, %g: f32) -> {q} {{\n"
                f"  %q = microscale.quantize %x global %g : tensor<{m}x{k}xf32>, f32 -> {q}\n"
                f"  return %q : {q}\n}}\n")
    return (f"func.func @quantize(%x: tensor<{m}x{k}xf32>) -> {q} {{\n"
            f"  %q = microscale.quantize %x : tensor<{m}x{k}xf32> -> {q}\n"
            f"  return %q : {q}\n}}\n")
