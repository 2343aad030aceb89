//===- GPUTarget.h - what each NVIDIA chip offers the lowering --*- C++ -*-===//
//
// The one place that knows chips: a table with one row per supported chip
// (PTX version, matmul strategy) and the rules saying which element formats
// a strategy multiplies natively. The kernel emitters ask this description
// and never compare chip names themselves.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOGPU_GPUTARGET_H
#define MICROSCALE_CONVERSION_MICROSCALETOGPU_GPUTARGET_H

#include "microscale/Formats/ElementFormats.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::microscale {

/// How a block-scaled matmul is computed on a chip.
enum class MatmulStrategy {
  /// Operands dequantized to f32 tiles in shared memory, FMA dot products.
  /// Every scheme and every float operand.
  FMA,
  /// `mma.sync.m16n8k32` on E4M3 fragments (sm_89+): elements upcast exactly
  /// to E4M3 in shared memory, block scales applied per K-block in f32.
  MmaSyncFP8,
  /// sm_90a `wgmma.mma_async` on E4M3 operands in a ring of shared-memory
  /// stages (by TMA for MXFP8, upcast exactly by the threads for FP4/FP6);
  /// block scales applied per K-block in f32. Blocks of 16 or 32; other
  /// block sizes take MmaSyncFP8.
  WgmmaFP8,
  /// sm_120a `mma.sync ... kind::mxf8f6f4 / mxf4nvf4 .block_scale`: the
  /// scales applied by the tensor cores.
  MmaBlockScale,
  /// sm_100a / sm_103a `tcgen05.mma ... block_scale` with the accumulator
  /// and the scales in Tensor Memory.
  Tcgen05BlockScale,
};

/// One row of the chip table.
struct GPUChipInfo {
  /// The name used in options and in `#nvvm.target<chip = ...>`.
  const char *chip;
  /// PTX ISA version the kernels are written for: 84 means `+ptx84`.
  unsigned ptxVersion;
  /// The strategy block-scaled matmuls use on this chip.
  MatmulStrategy matmul;
  /// Significand bits (leading bit included) the FP8 tensor cores keep when
  /// they sum the products of one mma: products are aligned to the largest
  /// and truncated. 14 (e8m13) is what H100 and Ada are measured to keep;
  /// the newer chips are assumed to keep no more until measured.
  int fp8SumBits;
  /// Whether the kernels' tcgen05 ops must become intrinsic calls: MLIR
  /// 22's NVVM dialect refuses them on this chip, ptxas does not (sm_103a).
  bool tcgen05AsIntrinsics = false;
  /// Whether the chip has `cvt.rn.satfinite.e2m1x2.f32` and
  /// `cvt.rp.satfinite.ue8m0x2.f32` (sm_100a, sm_103a, sm_120a).
  bool fp4Converts = false;
};

/// The chip a GPU lowering targets.
class GPUTarget {
public:
  /// The named chip, or failure when it is not in the table.
  static FailureOr<GPUTarget> get(StringRef chip);
  /// The chips in the table, comma-separated, for diagnostics.
  static std::string supportedChips();

  StringRef getChip() const { return info->chip; }
  /// `+ptxNN`: the features string of the NVVM target attribute.
  std::string getFeatures() const;
  MatmulStrategy getMatmulStrategy() const { return info->matmul; }
  bool emitsTcgen05AsIntrinsics() const { return info->tcgen05AsIntrinsics; }
  bool hasFP4Converts() const { return info->fp4Converts; }

  /// Whether `strategy` multiplies A and B elements of these formats on its
  /// tensor cores (after an exact conversion where it needs one).
  static bool takesElements(MatmulStrategy strategy,
                            ::microscale::formats::Format a,
                            ::microscale::formats::Format b);
  /// Whether this chip's FP8 tensor cores sum `products` products of A and B
  /// elements exactly: every such sum fits the bits they keep (Numerics §4 lets
  /// a block's products be summed before scaling only when that sum is exact
  /// or f32-accurate). True for E2M1 x E2M1 (MXFP4, NVFP4); the wider FP6
  /// and FP8 grids need more bits than the H100 keeps.
  bool sumsFP8ProductsExactly(::microscale::formats::Format a,
                              ::microscale::formats::Format b,
                              int64_t products) const;

private:
  explicit GPUTarget(const GPUChipInfo *info) : info(info) {}
  const GPUChipInfo *info;
};

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_MICROSCALETOGPU_GPUTARGET_H
