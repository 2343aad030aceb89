//===- MicroscaleDialect.h - microscale dialect, attributes, types -*- C++
//-*-===//

#ifndef MICROSCALE_DIALECT_MICROSCALE_IR_MICROSCALEDIALECT_H
#define MICROSCALE_DIALECT_MICROSCALE_IR_MICROSCALEDIALECT_H

#include "microscale/Formats/Scheme.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpImplementation.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h.inc"
#include "microscale/Dialect/Microscale/IR/MicroscaleEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "microscale/Dialect/Microscale/IR/MicroscaleAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "microscale/Dialect/Microscale/IR/MicroscaleTypes.h.inc"

namespace mlir::microscale {

/// The numerics-core format of an element type of a scheme (f4E2M1FN,
/// f6E2M3FN, f6E3M2FN, f8E4M3FN, f8E5M2, i8), if it is one.
std::optional<::microscale::formats::Format> getElementFormat(Type type);
/// The numerics-core format of a scale type (f8E8M0FNU, f8E4M3FN), if any.
std::optional<::microscale::formats::Format> getScaleFormat(Type type);
/// The MLIR type that stores a format (UE4M3 is f8E4M3FN, INT8 is i8).
Type getFormatType(MLIRContext *context, ::microscale::formats::Format format);

/// The inside of `#microscale.scheme<...>`: a scheme name, or
/// `element, block = N, scale = type[, global]`. Shared by the attribute and
/// the `!microscale.tensor` type, where a named scheme stands bare.
SchemeAttr parseSchemeBody(AsmParser &parser);
void printSchemeBody(AsmPrinter &printer, SchemeAttr scheme);

/// A tensor that a microscale op takes or returns has fewer elements than
/// this in its static dimensions (2^60): the lowerings compute sizes and
/// offsets, in elements and in bits (up to 8 per element), in 64-bit
/// arithmetic.
inline constexpr int64_t kElementLimit = int64_t(1) << 60;
/// True if the static dimensions of `shape` hold fewer than kElementLimit
/// elements, a zero-size one counted as one: a row's bytes are computed
/// whether or not there are rows. Dynamic dimensions are not counted.
bool hasBoundedElementCount(ArrayRef<int64_t> shape);

} // namespace mlir::microscale

#endif // MICROSCALE_DIALECT_MICROSCALE_IR_MICROSCALEDIALECT_H
