//===- Passes.td - microscale target conversions ------------*- tablegen -*-===//

#ifndef MICROSCALE_CONVERSION_PASSES_TD
#define MICROSCALE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertMicroscaleToCPU : Pass<"convert-microscale-to-cpu", "ModuleOp"> {
  let summary = "Lower microscale quantize, dequantize, requantize and matmul "
                "to vectorized loops on buffers";
  let description = [{
    Rewrites the microscale compute ops into `scf.for` loops over `vector`
    operations on buffers taken from the tensors with `bufferization` ops:
    element conversions are exact integer/float arithmetic following the
    project's numerics reference (docs/Numerics.md; not `arith-expand`), one
    block per vector (blocks of at most 1024 elements; larger ones are an
    error). Each matmul takes the kernel that one selection step picks for
    it and the target (KernelSelection.h): exact int8 dot products with
    AVX-512 VNNI when both operands hold small integers, outer-product
    panel tiles for many rows of f32/bf16 activations, blocks decoded in
    registers for few rows, else a small decoded panel of the weights times
    register tiles of A; a matmul of f32/bf16/f16 activations with dynamic
    rows also gets a branch, taken at run time for one row, where the
    few-row kernel serves (a GEMV). Where the storage bytes of an operand
    are `raise-to-microscale`'s packing of FP4 or FP8 codes held one per
    byte (its packing generic, recognized exactly), the kernels read those
    codes instead and pack them in registers: no packed copy is made. The
    processor comes from `cpu`, a row of the CPU target table (CPUTarget.h;
    default: the host's), which `features` and `vector-bits` may narrow.
    With `parallel` (the default) independent work goes in `scf.parallel`
    loops: rows of quantize, dequantize and requantize, groups of weight
    rows (N, never M, so that one row of activations still keeps every
    thread busy) of the matmul kernels. `microscale.pack`/`unpack` stay and
    fold away in canonicalization.
  }];
  let options = [
    Option<"cpu", "cpu", "std::string", /*default=*/"\"host\"",
           "The processor to tune for: 'host' (this machine's) or a row of "
           "the CPU target table: znver5, znver4, sapphirerapids, "
           "emeraldrapids, graniterapids, x86-64-v4, x86-64-v3, generic">,
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"0",
           "Vector register width in bits to shape the loops for "
           "(0: the processor's: 512 with AVX-512F, 256 with AVX2, else 128)">,
    Option<"features", "features", "std::string", /*default=*/"\"host\"",
           "Instruction sets the generated code may use: 'host' (this "
           "machine's), or a comma-separated list of avx512f, avx512bf16, "
           "avx512bw, avx512vnni ('none' for none of them); with cpu=host the "
           "tuning is then a generic row's">,
    Option<"parallel", "parallel", "bool", /*default=*/"true",
           "Independent work in scf.parallel loops (false: scf.for only, "
           "for callers that run the kernels on threads of their own)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::microscale::MicroscaleDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
    "::mlir::x86vector::X86VectorDialect",
  ];
}

def ConvertMicroscaleToGPU : Pass<"convert-microscale-to-gpu", "ModuleOp"> {
  let summary = "Lower microscale quantize, dequantize, requantize and matmul "
                "to GPU kernels for an NVIDIA chip";
  let description = [{
    Rewrites the microscale compute ops on host tensors into `gpu.launch`
    kernels plus the host code around them: device buffers (`gpu.alloc`),
    copies in and out (`gpu.memcpy`) and launches on one stream, waited for
    before the results are used. Kernels convert elements in software,
    bit-exact with the numerics reference (the FP4 / UE8M0 hardware
    converts where the chip has them and they give the same codes);
    matmuls use the strategy
    the target description gives the chip (`chip`): block-scaled
    `tcgen05.mma` with Tensor Memory on sm_100a/sm_103a, the warp-level
    block-scaled `mma.sync` on sm_120a, E4M3 `wgmma.mma_async` with TMA
    and an mbarrier ring of shared-memory stages on sm_90a (blocks of 16 or
    32), E4M3 `mma.sync.m16n8k32` tensor cores through
    `llvm.call_intrinsic` on sm_89 and for other blocks (FP4/FP6 elements
    upcast exactly to E4M3, block scales applied per K-block in f32) for the
    E4M3-representable element formats (MXFP4, NVFP4, MXFP6, MXFP8; with
    `inexact-tensor-cores=false` only those whose K-block sums the tensor
    cores compute exactly, MXFP4 and NVFP4), FMA on dequantized
    shared-memory tiles on sm_80 and for the rest. Outline the kernels with
    `gpu-kernel-outlining` afterwards.

    With `host-data=false` the tensors are device-resident instead: every
    function defined in the module takes a last `!llvm.ptr` argument, the
    CUstream its kernels are launched on (null: the context's default
    stream), operands are read where they are and results written to new
    device buffers, with no copy and no wait; run
    `microscale-gpu-device-results` after bufferization.
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"sm_80\"",
           "The NVIDIA chip: sm_80, sm_89, sm_90a, sm_100a, sm_103a or "
           "sm_120a">,
    Option<"inexactTensorCores", "inexact-tensor-cores", "bool",
           /*default=*/"true",
           "Run matmuls on the FP8 tensor cores also when they round a "
           "K-block's sum (FP6, FP8 elements: the H100 keeps 14 bits), as "
           "cuBLAS's FP8 GEMMs do; false keeps those on the exact FMA "
           "kernel, within the Numerics §4 bound for every K">,
    Option<"hostData", "host-data", "bool", /*default=*/"true",
           "Tensors are host memory, copied to the device and back around "
           "every op; false: they are device buffers, kernels run on the "
           "stream passed as every function's last argument">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::microscale::MicroscaleDialect",
    "::mlir::NVVM::NVVMDialect",
    "::mlir::nvgpu::NVGPUDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def MicroscaleGPUDeviceResults
    : Pass<"microscale-gpu-device-results", "ModuleOp"> {
  let summary = "Give device-resident functions caller-allocated output "
                "buffers and free their intermediate device buffers";
  let description = [{
    Runs after bufferization on the host code that
    `convert-microscale-to-gpu{host-data=false}` made. Each memref result
    of a function that is a device buffer a microscale op produced becomes
    an output argument the caller allocates on the device (after the
    original arguments, before the stream), which the kernels write
    directly; other device buffers of the function are freed, in stream
    order, after their last use. A result that is not such a buffer (an
    argument, a constant, host memory), a device buffer that escapes
    through a loop or branch, host allocations and calls to functions that
    return buffers are reported as errors: any of them would need a copy or
    host access to device memory.
  }];
  let dependentDialects = [
    "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect",
  ];
}

def ConvertMicroscaleToLinalg
    : Pass<"convert-microscale-to-linalg", "ModuleOp"> {
  let summary = "Lower every microscale op to upstream linalg, tensor, arith "
                "and math on the storage tensors, bit-exact with the numerics "
                "reference";
  let description = [{
    A 1:N conversion of `!microscale.tensor` values to their storage (packed
    element bytes, block scales and, for NVFP4, the f32 global), in function
    signatures, calls, returns and structured control flow as
    `microscale-expose-storage` does, after which no microscale op is left:
    `pack`/`unpack` forward the storage values; `dequantize` is one
    elementwise `linalg.generic` over the codes unpacked to one per byte;
    `quantize` is a block amax reduction, a scale generic and an element
    generic, then the codes packed (Numerics §5); `requantize` is dequantize to
    f32 and quantize; `matmul` dequantizes its block-scaled operands to f32
    and multiplies with `linalg.matmul` (B transposed by its indexing maps).
    Element and scale conversions are the project's exact integer codecs,
    never `arith.truncf` to a low-precision type, so the result runs
    bit-exact through upstream passes alone (`arith-expand`,
    `one-shot-bufferize`, `convert-linalg-to-loops`, the LLVM conversions).

    With `scaling-extf`, decodes of float elements with E8M0 scales are
    written `arith.scaling_extf`, the upstream idiom that
    `raise-to-microscale` turns back into microscale ops. Upstream MLIR 22's
    `arith-expand` lowers that op exactly except for the E8M0 scale 0x00
    (2^-127), which it reads as 0.
  }];
  let options = [
    Option<"scalingExtF", "scaling-extf", "bool", /*default=*/"false",
           "Decode float elements with E8M0 scales by arith.scaling_extf "
           "(the upstream idiom) instead of the exact integer codecs">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def RaiseToMicroscale : Pass<"raise-to-microscale", "ModuleOp"> {
  let summary = "Raise block-scaled matmuls and MX quantizations written with "
                "upstream linalg and arith.scaling_* ops to microscale ops";
  let description = [{
    Recognizes the forms in which upstream MLIR writes OCP MX arithmetic and
    replaces them with microscale ops; everything else is left untouched.

    Matmuls: a `linalg.matmul` (A M x K, B N x K through its indexing maps
    or K x N) or a matmul-shaped `linalg.generic` (loops m, n, k; body
    `out + a * b`, operands through `arith.extf`) whose operands are, one or
    both, produced by a `linalg.generic` that only dequantizes: one
    `arith.scaling_extf` to f32 of `f4E2M1FN`, `f6E2M3FN`, `f6E3M2FN`,
    `f8E4M3FN` or `f8E5M2` elements (identity map) with `f8E8M0FNU` scales
    broadcast in blocks along K (`k floordiv B`, B a power of two that
    packs whole bytes); also the fused form with `arith.scaling_extf`
    inside the contraction body. The other operand may be an f32, bf16 or
    f16 tensor (weight-only), M static or dynamic. It becomes
    `microscale.matmul` (operands K-major, transposed where K comes first),
    with the init as `acc` unless it is a fill of +0.0. Upstream element
    tensors hold one code per byte: they are packed (Numerics §5) by one
    elementwise `linalg.generic` (which `convert-microscale-to-cpu` does not
    run: its kernels read the codes in place), unless they are
    `convert-microscale-to-linalg`'s unpacking of packed bytes, which are
    then used as they are.

    Quantizations: a `linalg.generic` yielding `arith.scaling_truncf` of a
    [rows, K] f32 tensor expanded to blocks, with scales `truncf(amax *
    2^-emax_elem) {roundingmode = downward}` (floor rule) or `truncf(amax /
    largest) {roundingmode = upward}` (rceil) of the blocks'
    `maximumf(absf(x))`, becomes `microscale.quantize`. Where the upstream
    ops compute other scales or codes (a truncf that rounds to nearest, FP8
    elements under the floor rule, other shapes) the generic stays and a
    remark says why.
  }];
  let options = [
    Option<"truncfFloors", "truncf-floors", "bool", /*default=*/"false",
           "Read an arith.truncf to f8E8M0FNU without a rounding mode as "
           "rounding down, as upstream's arith-expand lowers it (its "
           "semantics round to nearest)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::microscale::MicroscaleDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // MICROSCALE_CONVERSION_PASSES_TD
