"""MLIR source of the kernels behind the compiled backends.

The same programs the CPU integration tests run: a function on tensors
holding one ``microscale.quantize``, ``dequantize``, ``requantize`` or
``matmul``. After
``microscale-cpu-pipeline`` every ``!microscale.tensor`` at the function
boundary is its storage (Numerics §5): packed data ``memref<...xi8>``, block
scales ``memref<...x f8E8M0FNU | f8E4M3FN>`` and, for NVFP4-style schemes, an
f32 global scale.
"""

import ml_dtypes
import numpy as np

from .schemes import Scheme

_ELEMENT_TYPES = {"e2m1": "f4E2M1FN", "e2m3": "f6E2M3FN", "e3m2": "f6E3M2FN",
                  "e4m3": "f8E4M3FN", "e5m2": "f8E5M2", "int8": "i8"}
_SCALE_TYPES = {"e8m0": "f8E8M0FNU", "ue4m3": "f8E4M3FN"}

#: NumPy dtypes of the float tensors the kernels take, by MLIR type.
FLOAT_TYPES = {np.dtype(np.float32): "f32", np.dtype(ml_dtypes.bfloat16): "bf16",
               np.dtype(np.float16): "f16"}


def scheme_type(scheme):
    """The scheme as the dialect writes it: a name, or #microscale.scheme<...>."""
    if scheme.name is not None:
        return scheme.name
    bs = scheme.block_size
    if bs & (bs - 1):
        raise ValueError(f"the compiled backend needs a power-of-two block size "
                         f"(the dialect's rule), got {bs}")
    glob = ", global" if scheme.has_global else ""
    return (f"#microscale.scheme<{_ELEMENT_TYPES[scheme.element]}, block = {bs}, "
            f"scale = {_SCALE_TYPES[scheme.scale]}{glob}>")


def _tensor(shape, element):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + element + ">"


def _operand_type(kind, rows, k):
    """An operand: a Scheme (block-scaled) or a NumPy float dtype."""
    if isinstance(kind, Scheme):
        return f"!microscale.tensor<{rows}x{k}, {scheme_type(kind)}>"
    return _tensor((rows, k), FLOAT_TYPES[np.dtype(kind)])


def quantize_kernel(k, scheme, rule, dtype, given_global):
    """@quantize(x: tensor<? x k x dtype> [, global: f32]) -> data, scales[, global].

    Any number of rows: quantization is row by row (NVFP4's global aside), and
    the lowering runs as fast with a dynamic row count, so one kernel serves
    every batch size.
    rule: "floor" / "rceil" for E8M0 scales, None for UE4M3 ones.
    given_global: the kernel takes the decode-direction global as an argument.
    """
    xt = _tensor(("?", k), FLOAT_TYPES[np.dtype(dtype)])
    qt = f"!microscale.tensor<?x{k}, {scheme_type(scheme)}>"
    rule_attr = f" scale_rounding({rule})" if rule is not None else ""
    if given_global:
        return (f"func.func @quantize(%x: {xt}, %g: f32) -> {qt} {{\n"
                f"  %q = microscale.quantize %x{rule_attr} global %g : {xt}, f32 -> {qt}\n"
                f"  return %q : {qt}\n}}\n")
    return (f"func.func @quantize(%x: {xt}) -> {qt} {{\n"
            f"  %q = microscale.quantize %x{rule_attr} : {xt} -> {qt}\n"
            f"  return %q : {qt}\n}}\n")


def dequantize_kernel(k, scheme):
    """@dequantize(q: !microscale.tensor<? x k, scheme>) -> tensor<? x k x f32>,
    any number of rows."""
    qt = f"!microscale.tensor<?x{k}, {scheme_type(scheme)}>"
    xt = _tensor(("?", k), "f32")
    return (f"func.func @dequantize(%q: {qt}) -> {xt} {{\n"
            f"  %x = microscale.dequantize %q : {qt} -> {xt}\n"
            f"  return %x : {xt}\n}}\n")


def requantize_kernel(k, source, target, rule):
    """@requantize(q: !microscale.tensor<? x k, source>) -> !microscale.tensor<? x k, target>,
    any number of rows. rule: "floor" / "rceil" for E8M0 target scales, None
    for UE4M3 ones (whose global the kernel computes from the data)."""
    qt = f"!microscale.tensor<?x{k}, {scheme_type(source)}>"
    rt = f"!microscale.tensor<?x{k}, {scheme_type(target)}>"
    rule_attr = f" scale_rounding({rule})" if rule is not None else ""
    return (f"func.func @requantize(%q: {qt}) -> {rt} {{\n"
            f"  %r = microscale.requantize %q{rule_attr} : {qt} -> {rt}\n"
            f"  return %r : {rt}\n}}\n")


def matmul_kernel(m, n, k, a_kind, b_kind, with_acc):
    """@matmul(a, b [, acc: tensor<m x n x f32>]) -> tensor<m x n x f32>.

    a_kind, b_kind: a Scheme (the operand is block-scaled, passed as its
    storage) or a float dtype (float32, bfloat16, float16).
    """
    at, bt = _operand_type(a_kind, m, k), _operand_type(b_kind, n, k)
    ct = _tensor((m, n), "f32")
    if with_acc:
        return (f"func.func @matmul(%a: {at}, %b: {bt}, %acc: {ct}) -> {ct} {{\n"
                f"  %c = microscale.matmul %a, %b acc %acc : {at}, {bt}, {ct} -> {ct}\n"
                f"  return %c : {ct}\n}}\n")
    return (f"func.func @matmul(%a: {at}, %b: {bt}) -> {ct} {{\n"
            f"  %c = microscale.matmul %a, %b : {at}, {bt} -> {ct}\n"
            f"  return %c : {ct}\n}}\n")
