//===- Raisings.h - the raise-to-microscale patterns, by op -----*- C++ -*-===//

#ifndef MICROSCALE_LIB_CONVERSION_LINALGTOMICROSCALE_RAISINGS_H
#define MICROSCALE_LIB_CONVERSION_LINALGTOMICROSCALE_RAISINGS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::microscale::raise {

void populateMatmulRaisings(RewritePatternSet &patterns);
/// Raises every MX quantization written upstream under `root`, and leaves
/// a remark on each `arith.scaling_truncf` generic it does not raise.
void raiseQuantizations(Operation *root, bool truncfFloors);

} // namespace mlir::microscale::raise

#endif // MICROSCALE_LIB_CONVERSION_LINALGTOMICROSCALE_RAISINGS_H
