//===- MicroscaleToCPU.h - microscale to vectorized CPU loops ---*- C++ -*-===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOCPU_MICROSCALETOCPU_H
#define MICROSCALE_CONVERSION_MICROSCALETOCPU_MICROSCALETOCPU_H

#include "microscale/Conversion/MicroscaleToCPU/CPUTarget.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

namespace mlir::microscale {

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
