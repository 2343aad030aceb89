"""What a user has today on an NVIDIA GPU, run on the benchmark's data:
torch.matmul in bf16, torch._scaled_mm in FP8 (cuBLAS) and Triton's
tl.dot_scaled. Each is optional: `available()` names what is missing.

Every baseline takes device buffers that libcuda allocated, wrapped as torch
tensors without copies (the primary context is shared), and runs on the
benchmark's stream.
"""

import importlib

_torch = None
_triton = None


def _import(name):
    try:
        return importlib.import_module(name), None
    except Exception as error:  # ImportError, or a broken install
        return None, f"{name} is not usable ({type(error).__name__}: {error})"


def available():
    """{baseline: None or the reason it is skipped}."""
    global _torch, _triton
    _torch, torch_missing = _import("torch")
    if _torch is not None and not _torch.cuda.is_available():
        _torch, torch_missing = None, "torch has no CUDA device"
    _triton, triton_missing = (None, torch_missing) if _torch is None else _import("triton")
    if _triton is not None:
        try:
            _define_triton_kernel()
        except Exception as error:
            _triton, triton_missing = None, f"triton has no tl.dot_scaled ({error})"
    return {
        "torch-bf16": torch_missing,
        "cublas-fp8": torch_missing or (None if hasattr(_torch, "_scaled_mm")
                                        else "torch has no _scaled_mm"),
        "triton-dot-scaled": triton_missing,
    }


def torch_stream(stream):
    return _torch.cuda.ExternalStream(stream)


def wrap(ptr, shape, dtype_name):
    """A torch tensor over the device buffer at `ptr` (no copy)."""
    dtype = getattr(_torch, dtype_name)
    nbytes = _torch.empty((), dtype=dtype).element_size()
    count = 1
    for size in shape:
        count *= size

    class _Array:  # the CUDA array interface: libcuda memory seen by torch
        __cuda_array_interface__ = {
            "shape": (count * nbytes,), "typestr": "|u1", "data": (ptr, False),
            "version": 3, "strides": None}

    return _torch.as_tensor(_Array(), device="cuda").view(dtype).view(*shape)


def bf16_matmul(a_f32, b_f32):
    """(call, output): C = A . B^T in bf16 on the tensor cores."""
    a = a_f32.to(_torch.bfloat16)
    bt = b_f32.to(_torch.bfloat16).t()
    out = _torch.empty((a.shape[0], bt.shape[1]), dtype=_torch.bfloat16, device="cuda")
    return (lambda: _torch.matmul(a, bt, out=out)), out


def fp8_scaled_mm(a_f32, b_f32):
    """(call, output): cuBLAS FP8 GEMM with one scale per tensor (the form
    Hopper's cuBLAS offers; block scaling needs sm_100)."""
    e4m3 = _torch.float8_e4m3fn
    fmax = _torch.finfo(e4m3).max
    scale_a = (a_f32.abs().max().float() / fmax).clamp(min=1e-30)
    scale_b = (b_f32.abs().max().float() / fmax).clamp(min=1e-30)
    a = (a_f32 / scale_a).to(e4m3)
    bt = (b_f32 / scale_b).to(e4m3).t()  # column-major, as cuBLAS wants B

    def call():
        return _torch._scaled_mm(a, bt, scale_a=scale_a, scale_b=scale_b,
                                 out_dtype=_torch.bfloat16)
    return call, None


_kernel = None


def _define_triton_kernel():
    global _kernel
    tl = importlib.import_module("triton.language")
    if not hasattr(tl, "dot_scaled"):
        raise RuntimeError("triton.language.dot_scaled is missing")

    @_triton.jit
    def mx_matmul(a_ptr, as_ptr, b_ptr, bs_ptr, c_ptr, M, N, K,
                  FORMAT: tl.constexpr, PACK: tl.constexpr,
                  BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
        pid = tl.program_id(0)
        tiles_n = tl.cdiv(N, BN)
        rm = (pid // tiles_n) * BM + tl.arange(0, BM)
        rn = (pid % tiles_n) * BN + tl.arange(0, BN)
        rk = tl.arange(0, BK // PACK)
        rs = tl.arange(0, BK // 32)
        row_bytes = K // PACK
        acc = tl.zeros((BM, BN), dtype=tl.float32)
        for k0 in range(0, K, BK):
            a = tl.load(a_ptr + rm[:, None] * row_bytes + (k0 // PACK + rk)[None, :])
            b = tl.load(b_ptr + rn[None, :] * row_bytes + (k0 // PACK + rk)[:, None])
            sa = tl.load(as_ptr + rm[:, None] * (K // 32) + (k0 // 32 + rs)[None, :])
            sb = tl.load(bs_ptr + rn[:, None] * (K // 32) + (k0 // 32 + rs)[None, :])
            acc = tl.dot_scaled(a, sa, FORMAT, b, sb, FORMAT, acc)
        tl.store(c_ptr + rm[:, None] * N + rn[None, :], acc)

    _kernel = mx_matmul


def triton_dot_scaled(element, a_data, a_scales, b_data, b_scales, m, n, k):
    """(call, output) for MXFP8 (element "e4m3") or MXFP4 ("e2m1") storage:
    the storage bytes as they are (Numerics §5 order is Triton's)."""
    pack = 2 if element == "e2m1" else 1
    if element == "e4m3":
        a_data = a_data.view(_torch.float8_e4m3fn)
        b_data = b_data.view(_torch.float8_e4m3fn)
    out = _torch.empty((m, n), dtype=_torch.float32, device="cuda")
    bm, bn, bk = 128, 128, 128
    grid = ((m // bm) * (n // bn),)

    def call():
        _kernel[grid](a_data, a_scales, b_data, b_scales, out, m, n, k,
                      FORMAT=element, PACK=pack, BM=bm, BN=bn, BK=bk,
                      num_warps=8, num_stages=3)
    return call, out
