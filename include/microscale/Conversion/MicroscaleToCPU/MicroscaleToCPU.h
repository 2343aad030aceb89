//===- MicroscaleToCPU.h - microscale to vectorized CPU loops ---*- C++ -*-===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOCPU_MICROSCALETOCPU_H
#define MICROSCALE_CONVERSION_MICROSCALETOCPU_MICROSCALETOCPU_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

namespace mlir::microscale {

/// What the CPU lowering needs to know about the machine it targets.
struct CPUTarget {
  /// Width of the vector registers the generated loops are shaped for.
  unsigned vectorBits = 128;
  /// AVX-512F instructions may be used (16-entry `vpermps` table lookups
  /// decode FP4 codes in one instruction per 16 elements).
  bool hasAVX512F = false;
  /// AVX-512 BF16 (`vdpbf16ps`) may be used for bf16 activations.
  bool hasAVX512BF16 = false;
  /// AVX-512 BW byte shuffles (`vpshufb`) may be used.
  bool hasAVX512BW = false;
  /// AVX-512 VNNI (`vpdpbusd`) may be used: exact int8 dot products when
  /// both matmul operands hold small integers times block scales.
  bool hasAVX512VNNI = false;

  /// f32 lanes per vector register.
  unsigned f32Lanes() const { return vectorBits / 32; }

  /// The machine this process runs on: 512 bits with AVX-512F, 256 with
  /// AVX2, else 128.
  static CPUTarget host();
  /// From the pass options: `vectorBits` 0 and `features` "host" describe
  /// this machine; otherwise `features` lists the instruction sets allowed,
  /// comma-separated: "avx512f", "avx512bf16", "avx512bw", "avx512vnni" ("" or "none"
  /// for none of them).
  /// Returns failure on an unknown feature.
  static FailureOr<CPUTarget> get(unsigned vectorBits, StringRef features);
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
