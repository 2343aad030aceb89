//===- KernelSelection.h - which GPU kernel lowers each matmul --*- C++ -*-===//
//
// The one step that decides how convert-microscale-to-gpu computes a
// matmul: the chip's strategy (GPUTarget) where its kernel takes the
// operands' types and K, else the FMA kernel. It reads types only, so the
// matmul pattern just emits the kernel it names and
// `test-microscale-gpu-kernel-selection` reports the choice per op for
// tests that check it without reading generated kernels.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOGPU_KERNELSELECTION_H
#define MICROSCALE_CONVERSION_MICROSCALETOGPU_KERNELSELECTION_H

#include "microscale/Conversion/MicroscaleToGPU/MicroscaleToGPU.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include <optional>
#include <utility>

namespace mlir::microscale {

/// The kernel `op` runs on `target`.
MatmulStrategy selectMatmulKernel(MatmulOp op, const GPUTarget &target,
                                  const GPULoweringOptions &options);

/// The length of `op`'s reduction dimension (static: a block-scaled operand
/// fixes it).
int64_t getMatmulK(MatmulOp op);

/// The name tests and diagnostics use: fma, mma-sync-fp8, wgmma-fp8,
/// mma-block-scale, tcgen05-block-scale.
StringRef stringifyMatmulStrategy(MatmulStrategy strategy);

// What each tensor-core kernel takes, from A's and B's types (block-scaled
// or float tensors) and K. Each lives beside its kernel, whose tiling it
// knows.

/// The element formats of A and B when both are block-scaled and
/// `strategy` takes their elements (GPUTarget::takesElements).
std::optional<
    std::pair<::microscale::formats::Format, ::microscale::formats::Format>>
takenElementFormats(Type a, Type b, MatmulStrategy strategy);

/// The E4M3 `mma.sync.m16n8k32` kernel (MatmulMmaSync.cpp): both operands
/// block-scaled with elements that upcast exactly to E4M3, blocks of 16 or
/// a multiple of 32, K a multiple of 32, and (unless `inexact`) every
/// K-block sum exact in the chip's tensor cores.
bool mmaSyncFP8Takes(Type a, Type b, int64_t k, const GPUTarget &target,
                     bool inexact);
/// The sm_90a `wgmma.mma_async` kernel (MatmulWgmma.cpp): both operands
/// block-scaled with elements that upcast exactly to E4M3, blocks of 16 or
/// 32 in both, and (unless `inexact`) every K-block sum exact in the chip's
/// tensor cores.
bool wgmmaFP8Takes(Type a, Type b, int64_t k, const GPUTarget &target,
                   bool inexact);
/// sm_120a's warp-level `mma.block_scale` (MatmulMmaBlockScale.cpp): both
/// operands block-scaled in a pairing a block-scaled kind multiplies, K a
/// multiple of the MMA's K.
bool mmaBlockScaleTakes(Type a, Type b, int64_t k);
/// sm_100a's `tcgen05.mma.block_scale` (MatmulTcgen05.cpp): a pairing a
/// block-scaled kind multiplies, whose instruction descriptors encode for
/// M = N = 128.
bool tcgen05BlockScaleTakes(Type a, Type b, int64_t k);

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_MICROSCALETOGPU_KERNELSELECTION_H
