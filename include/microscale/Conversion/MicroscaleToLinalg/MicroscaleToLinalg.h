//===- MicroscaleToLinalg.h - microscale ops to upstream linalg -*- C++ -*-===//
//
// Lowers the microscale ops to `linalg` / `tensor` / `arith` / `math` on
// their storage tensors, so that microscale IR runs through any
// upstream-based compiler. The element and scale arithmetic is the
// project's exact codecs (CodecBuilder) inside `linalg.generic` bodies.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOLINALG_MICROSCALETOLINALG_H
#define MICROSCALE_CONVERSION_MICROSCALETOLINALG_MICROSCALETOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::microscale {

/// How decodes of E8M0-scaled float elements are written.
enum class DecodeForm {
  /// The project's exact integer codecs (runs on every upstream backend).
  exact,
  /// `arith.scaling_extf` of the element and its scale: the idiom of
  /// upstream MLIR that `raise-to-microscale` recognizes.
  scalingExtF,
};

/// Patterns lowering every microscale op whose `!microscale.tensor` values
/// `converter` (a StorageTypeConverter) maps to their storage.
void populateMicroscaleToLinalgPatterns(TypeConverter &converter,
                                        RewritePatternSet &patterns,
                                        DecodeForm decodeForm);

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_MICROSCALETOLINALG_MICROSCALETOLINALG_H
