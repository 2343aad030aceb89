//===- ScaledOperands.h - block-scaled operands in upstream IR -*- C++ -*-===//
//
// What raise-to-microscale reads of an operand written with upstream ops:
// a plain float tensor, or element codes (one per byte) with f8E8M0FNU
// scales broadcast in blocks, and how both become microscale.matmul's
// operands.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_LINALGTOMICROSCALE_SCALEDOPERANDS_H
#define MICROSCALE_LIB_CONVERSION_LINALGTOMICROSCALE_SCALEDOPERANDS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::microscale::raise {

/// An operand of a contraction over loops (m, n, k).
struct ContractionOperand {
  /// The float tensor, or (block-scaled) the element tensor.
  Value value;
  /// The f8E8M0FNU scales of a block-scaled operand, else null.
  Value scales;
  int64_t block = 0;
  /// `value`'s indexing map in the contraction's loops.
  AffineMap map;
  bool isScaled() const { return static_cast<bool>(scales); }
};

/// True for the element types microscale's MX schemes have a float type
/// for (f4E2M1FN, f6E2M3FN, f6E3M2FN, f8E4M3FN, f8E5M2).
bool isMXElementType(Type type);

/// `map` with its result that is the dimension `dim` divided by `block`.
AffineMap blockedMap(AffineMap map, unsigned dim, int64_t block);

/// The block size of a scale map: `map` (of the elements) with the result
/// `dim` replaced by `dim floordiv B`, else nothing.
std::optional<int64_t> blockOfScaleMap(AffineMap elementMap,
                                       AffineMap scaleMap, unsigned dim);

/// The operand a `linalg.generic` that only dequantizes (one
/// `arith.scaling_extf` of its two inputs to f32, yielded) gives a
/// contraction that reads its result through `useMap`; blocks must run
/// along the contraction's reduction dimension (loop 2).
FailureOr<ContractionOperand> matchDequantize(linalg::GenericOp generic,
                                              AffineMap useMap);

/// Whether `operand` can be a microscale.matmul operand: a plain f32, bf16
/// or f16 tensor, or MX elements with a valid block size along a static K.
LogicalResult checkOperand(const ContractionOperand &operand);

/// The operand as microscale.matmul takes it, rows x K: transposed where K
/// is its first dimension, block-scaled ones packed into storage and
/// wrapped in `microscale.pack`.
Value materialize(PatternRewriter &rewriter, Location loc,
                  const ContractionOperand &operand);

} // namespace mlir::microscale::raise

#endif // MICROSCALE_LIB_CONVERSION_LINALGTOMICROSCALE_SCALEDOPERANDS_H
