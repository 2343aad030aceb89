//===- LinalgToMicroscale.h - raise upstream MX idioms ----------*- C++ -*-===//
//
// Recognizes block-scaled matmuls and quantizations written with upstream
// MLIR (`arith.scaling_extf` / `arith.scaling_truncf` in `linalg.generic`,
// `linalg.matmul`) and replaces them with microscale ops.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_LINALGTOMICROSCALE_LINALGTOMICROSCALE_H
#define MICROSCALE_CONVERSION_LINALGTOMICROSCALE_LINALGTOMICROSCALE_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::microscale {

/// The matmul patterns of `raise-to-microscale` (quantizations are raised
/// by the pass in one walk, so that each one left gets one remark).
void populateRaiseToMicroscalePatterns(RewritePatternSet &patterns);

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_LINALGTOMICROSCALE_LINALGTOMICROSCALE_H
