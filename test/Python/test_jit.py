"""ms.jit: IR compiled in process, called with NumPy arrays."""

import gc
import os
import weakref

import ml_dtypes
import numpy as np
import pytest

import microscale as ms
from microscale import _memref
from compiler_support import requires_compiler

pytestmark = requires_compiler

PROGRAM = """\
func.func @add(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c = arith.addf %a, %b : tensor<2x3xf32>
  return %c : tensor<2x3xf32>
}

func.func @sum_count(%a: tensor<?xf32>) -> (f32, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %a, %c0 : tensor<?xf32>
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> f32 {
    %v = tensor.extract %a[%i] : tensor<?xf32>
    %r = arith.addf %acc, %v : f32
    scf.yield %r : f32
  }
  return %s, %n : f32, index
}

func.func @widen(%a: tensor<4xbf16>) -> tensor<4xf32> {
  %w = arith.extf %a : tensor<4xbf16> to tensor<4xf32>
  return %w : tensor<4xf32>
}

func.func @twice(%x: f64, %k: i32) -> f64 {
  %y = arith.addf %x, %x : f64
  return %y : f64
}

func.func @identity(%a: tensor<4xi32>) -> tensor<4xi32> {
  return %a : tensor<4xi32>
}

func.func @constant() -> tensor<3xf32> {
  %c = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  return %c : tensor<3xf32>
}

func.func @fill(%m: memref<5xi8>, %v: i8) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  scf.for %i = %c0 to %c5 step %c1 {
    memref.store %v, %m[%i] : memref<5xi8>
  }
  return
}

func.func private @helper(%a: f32) -> f32 {
  return %a : f32
}
"""


@pytest.fixture(scope="module")
def module():
    return ms.jit(PROGRAM)


def test_public_functions_are_exposed(module):
    assert set(module.functions) == {"add", "sum_count", "widen", "twice", "identity",
                                     "constant", "fill"}
    assert module.add.signature == "(memref<2x3xf32>, memref<2x3xf32>) -> (memref<2x3xf32>)"
    assert module["add"] is module.add
    with pytest.raises(AttributeError, match="no public function 'helper'"):
        module.helper


def test_memref_in_memref_out(module):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.full((2, 3), 0.5, np.float32)
    c = module.add(a, b)
    assert c.dtype == np.float32 and c.shape == (2, 3)
    np.testing.assert_array_equal(c, a + b)


def test_dynamic_size_and_scalar_results(module):
    x = np.array([1.0, 2.5, -4.0, 8.0, 0.25], np.float32)
    total, count = module.sum_count(x)
    assert total == np.float32(7.75) and isinstance(total, np.float32)
    assert count == 5
    assert module.sum_count(np.zeros(0, np.float32)) == (0.0, 0)


def test_bfloat16_arguments(module):
    x = np.array([1.5, -2.0, 3.25, 1e30], ml_dtypes.bfloat16)
    np.testing.assert_array_equal(module.widen(x), x.astype(np.float32))


def test_rank_zero_and_half_scalars():
    module = ms.jit("""\
func.func @double(%a: tensor<f32>) -> tensor<f32> {
  %b = arith.addf %a, %a : tensor<f32>
  return %b : tensor<f32>
}
func.func @pass(%a: tensor<3xf16>, %s: f16, %t: bf16) -> (tensor<3xf16>, f16, bf16) {
  return %a, %s, %t : tensor<3xf16>, f16, bf16
}
""")
    r = module.double(np.array(1.5, np.float32))
    assert r.shape == () and r.dtype == np.float32 and r == 3.0
    a, s, t = module["pass"](np.array([1, 2, 3], np.float16), 0.5, -2.75)
    np.testing.assert_array_equal(a, [1, 2, 3])
    assert s.dtype == np.float16 and s == 0.5
    assert t.dtype == ml_dtypes.bfloat16 and t == -2.75


def test_scalar_arguments(module):
    assert module.twice(1.25, 7) == 2.5
    assert module.twice(np.float32(3), np.int64(1)) == 6.0
    with pytest.raises(TypeError, match=r"twice: argument 0 \(f64\): expected a real number"):
        module.twice("1.0", 1)
    with pytest.raises(TypeError, match=r"twice: argument 1 \(i32\): expected an integer"):
        module.twice(1.0, 1.5)
    with pytest.raises(ValueError, match=r"argument 1 \(i32\): 4294967296 does not fit in i32"):
        module.twice(1.0, 2 ** 32)


def test_arguments_are_zero_copy(module):
    m = np.zeros(5, np.uint8)        # i8 storage may be held as uint8
    module.fill(m, 7)
    np.testing.assert_array_equal(m, [7] * 5)
    assert module.fill(np.zeros(5, np.int8), -1) is None


def test_dtype_mismatch(module):
    a = np.zeros((2, 3), np.float32)
    with pytest.raises(TypeError, match=r"add: argument 1 \(memref<2x3xf32>\): expected dtype "
                                        r"float32, got float64"):
        module.add(a, a.astype(np.float64))
    with pytest.raises(TypeError, match=r"argument 0 \(memref<4xi32>\): expected dtype int32 "
                                        r"\(or uint32\), got int64"):
        module.identity(np.zeros(4, np.int64))


def test_shape_and_rank_mismatch(module):
    a = np.zeros((2, 3), np.float32)
    with pytest.raises(ValueError, match=r"add: argument 1 \(memref<2x3xf32>\): expected shape "
                                         r"\(2, 3\), got \(3, 2\)"):
        module.add(a, np.zeros((3, 2), np.float32))
    with pytest.raises(ValueError, match=r"argument 0 \(memref<\?xf32>\): expected rank 1, "
                                         r"shape \(\?,\), got rank 2"):
        module.sum_count(a)


def test_layout_and_kind_mismatch(module):
    with pytest.raises(ValueError, match="argument 0 .*must be C-contiguous"):
        module.add(np.asfortranarray(np.zeros((2, 3), np.float32)), np.zeros((2, 3), np.float32))
    with pytest.raises(TypeError, match=r"argument 0 \(memref<2x3xf32>\): expected a NumPy "
                                        r"array, got list"):
        module.add([[0.0] * 3] * 2, np.zeros((2, 3), np.float32))
    with pytest.raises(TypeError, match=r"add takes 2 arguments .*, got 1"):
        module.add(np.zeros((2, 3), np.float32))


def test_results_alias_nothing(module):
    x = np.array([1, 2, 3, 4], np.int32)
    y = module.identity(x)               # the function returns its argument: copied
    x[0] = 100
    np.testing.assert_array_equal(y, [1, 2, 3, 4])
    c = module.constant()                # a constant global of the module: copied
    c[0] = 9.0
    np.testing.assert_array_equal(module.constant(), [1.0, 2.0, 3.0])


def _allocation_of(array):
    base = array
    while not isinstance(base, _memref._BufferView):
        base = base.base
    return base._allocation


def test_results_own_and_free_their_buffers():
    module = ms.jit(PROGRAM)
    a = np.ones((2, 3), np.float32)
    c = module.add(a, a)
    del module
    gc.collect()
    np.testing.assert_array_equal(c, 2 * a)   # outlives the compiled code
    allocation = weakref.ref(_allocation_of(c))
    view = c[1]
    del c
    gc.collect()
    assert allocation() is not None          # a view still uses the buffer
    np.testing.assert_array_equal(view, [2, 2, 2])
    del view
    gc.collect()
    assert allocation() is None              # freed with its last user


def test_pipeline_must_reach_llvm():
    with pytest.raises(ms.CompileError, match="must lower func.func to the LLVM dialect"):
        ms.jit(PROGRAM, "canonicalize")


def test_jit_reports_pass_failures():
    with pytest.raises(ms.CompileError, match="unknown CPU feature in 'sse9'"):
        ms.jit(PROGRAM, "microscale-cpu-pipeline{features=sse9}")


def test_unresolved_externals_are_reported():
    ir = """\
func.func private @no_such_function(f32) -> f32
func.func private @expf(f32) -> f32
func.func @f(%a: f32) -> f32 {
  %b = func.call @no_such_function(%a) : (f32) -> f32
  %c = func.call @expf(%b) : (f32) -> f32
  return %c : f32
}
"""
    with pytest.raises(ms.CompileError, match=r"unresolved external function\(s\) "
                                              r"no_such_function: "):
        ms.jit(ir)
    libm = ms.jit(ir.replace("@no_such_function(f32) -> f32\n", "@logf(f32) -> f32\n")
                  .replace("@no_such_function(%a)", "@logf(%a)"))
    assert libm.f(2.0) == pytest.approx(2.0, rel=1e-6)


def test_opt_level_is_checked():
    with pytest.raises(ValueError, match="opt_level must be 0, 1, 2 or 3"):
        ms.jit(PROGRAM, opt_level=4)
    assert ms.jit(PROGRAM, opt_level=0).twice(2.0, 0) == 4.0


def test_unsupported_types_raise_on_call():
    module = ms.jit("""\
func.func @v(%a: vector<4xf32>) -> vector<4xf32> {
  return %a : vector<4xf32>
}
""")
    with pytest.raises(TypeError, match=r"v: argument 0 has type vector<4xf32>, which cannot "
                                        r"cross to Python"):
        module.v(np.zeros(4, np.float32))
    complex_module = ms.jit("""\
func.func @c(%a: memref<2xcomplex<f32>>) {
  return
}
""")
    with pytest.raises(TypeError, match=r"c: argument 0 has type memref<2xcomplex<f32>>"):
        complex_module.c(np.zeros(2, np.complex64))


LAYER = """\
func.func @layer(%x: tensor<8x1024xf32>, %w: tensor<1024x1024xf32>) -> tensor<8x1024xf32> {
  %q = microscale.quantize %w : tensor<1024x1024xf32> -> !microscale.tensor<1024x1024, mxfp4>
  %n = microscale.quantize %w : tensor<1024x1024xf32> -> !microscale.tensor<1024x1024, nvfp4>
  %y = microscale.matmul %x, %q : tensor<8x1024xf32>, !microscale.tensor<1024x1024, mxfp4> -> tensor<8x1024xf32>
  %z = microscale.matmul %x, %n acc %y : tensor<8x1024xf32>, !microscale.tensor<1024x1024, nvfp4>, tensor<8x1024xf32> -> tensor<8x1024xf32>
  return %z : tensor<8x1024xf32>
}
"""


def _resident_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads Linux's /proc")
def test_calls_in_a_loop_keep_a_flat_rss():
    # Each call quantizes a 1024x1024 weight twice (0.53 MiB + 0.56 MiB of
    # intermediates) and returns a 32 KiB result: 400 calls that leaked
    # either would grow the process by hundreds of MiB.
    layer = ms.jit(LAYER).layer
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 1024), dtype=np.float32)
    w = rng.standard_normal((1024, 1024), dtype=np.float32)
    for _ in range(20):                      # warm up malloc's arenas
        layer(x, w)
    gc.collect()
    before = _resident_mib()
    for _ in range(400):
        y = layer(x, w)
    del y
    gc.collect()
    growth = _resident_mib() - before
    assert growth < 8, f"RSS grew by {growth:.1f} MiB over 400 calls"
