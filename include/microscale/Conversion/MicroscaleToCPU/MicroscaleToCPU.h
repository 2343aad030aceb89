//===- MicroscaleToCPU.h - microscale to vectorized CPU loops ---*- C++ -*-===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOCPU_MICROSCALETOCPU_H
#define MICROSCALE_CONVERSION_MICROSCALETOCPU_MICROSCALETOCPU_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::microscale {

/// What the CPU lowering needs to know about the machine it targets.
struct CPUTarget {
  /// Width of the vector registers the generated loops are shaped for.
  unsigned vectorBits = 128;
  /// AVX-512F instructions may be used (16-entry `vpermps` table lookups
  /// decode FP4 codes in one instruction per 16 elements).
  bool hasAVX512F = false;

  /// f32 lanes per vector register.
  unsigned f32Lanes() const { return vectorBits / 32; }

  /// The machine this process runs on: 512 bits with AVX-512F, 256 with
  /// AVX2, else 128.
  static CPUTarget host();
  /// `vectorBits` when non-zero (512 meaning AVX-512F), else the host's.
  static CPUTarget withVectorBits(unsigned vectorBits);
};

/// Patterns that lower microscale quantize, dequantize, requantize and
/// matmul on tensors to loops of vector operations on buffers. Results are
/// `bufferization.to_tensor` of fresh allocations; block-scaled results are
/// `microscale.pack` of their storage, and block-scaled operands are read
/// through `microscale.unpack`, so that canonicalization removes every
/// remaining pack/unpack pair once all producers are lowered.
void populateMicroscaleToCPUConversionPatterns(RewritePatternSet &patterns,
                                               const CPUTarget &target);

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_MICROSCALETOCPU_MICROSCALETOCPU_H
