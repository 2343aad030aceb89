//===- KernelSelection.h - which CPU kernel lowers each op ------*- C++ -*-===//
//
// The one step that decides how convert-microscale-to-cpu lowers an op:
// which matmul kernel, how block-scaled storage is decoded, in which order
// K is walked. Each lowering pattern then only checks that the selection
// names its kernel, and `test-microscale-cpu-kernel-selection` reports the
// choice per op so that tests check it without reading generated loops.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOCPU_KERNELSELECTION_H
#define MICROSCALE_CONVERSION_MICROSCALETOCPU_KERNELSELECTION_H

#include "microscale/Conversion/MicroscaleToCPU/MicroscaleToCPU.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

namespace mlir::microscale::cpu {

/// How the element codes of a block-scaled operand become f32 values.
enum class BlockDecode {
  /// The shared arithmetic codecs (Codecs/BlockCodecs.h).
  Arithmetic,
  /// AVX-512 `vpermps` lookups in a 16-entry table of the block's scaled
  /// E2M1 values (FP4 with blocks of 16 or more).
  TableLookup,
};

/// The kernels a block-scaled matmul may be lowered to.
enum class MatmulKernel {
  /// Both operands exact int8 images times E8M0 scales, AVX-512 VNNI
  /// `vpdpbusd` (Int8DotMatmul.cpp).
  Int8Dot,
  /// Many rows of f32/bf16 activations: weight panels decoded K-major into
  /// L1, 6 x 64 outer-product register tiles (FloatPanelGemm.cpp).
  FloatPanelGemm,
  /// One or two rows of A times E2M1 or E4M3 weights on AVX-512: 64 bytes
  /// of codes per step, each 32-bit lane's codes from one block, so that
  /// each lane's products are scaled by its block's scale at once
  /// (LaneGemv.cpp).
  LaneGemv,
  /// Few rows of A: each block of B decoded in registers and used by every
  /// row at once (MatmulLowering.cpp).
  FusedDecode,
  /// The general kernel: a panel of a few rows of B decoded into a small
  /// buffer, multiplied by register tiles of A (MatmulLowering.cpp).
  PanelDecode,
};

/// What the selection decided for one matmul.
struct MatmulChoice {
  MatmulKernel kernel = MatmulKernel::PanelDecode;
  /// How B's blocks are decoded (B block-scaled).
  BlockDecode weightDecode = BlockDecode::Arithmetic;
  /// K walked in table lookup order (each 32 values' even ones, then the
  /// odd ones), A stored in that order too.
  bool lookupOrder = false;
  /// PanelDecode: bf16 dot products (`vdpbf16ps`) for bf16 activations
  /// times weights exact in bf16.
  bool bf16Dot = false;
};

/// How `type`'s blocks are decoded on `target` where the consumer has no
/// other need: table lookups for FP4 on AVX-512, else arithmetic.
BlockDecode selectBlockDecode(QuantizedTensorType type,
                              const CPUTarget &target);

/// The kernel and decode strategy for `op` on `target`.
MatmulChoice selectMatmulKernel(MatmulOp op, const CPUTarget &target);

StringRef stringifyBlockDecode(BlockDecode decode);
StringRef stringifyMatmulKernel(MatmulKernel kernel);

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_CONVERSION_MICROSCALETOCPU_KERNELSELECTION_H
