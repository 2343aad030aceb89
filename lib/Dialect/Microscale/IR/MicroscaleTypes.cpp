//===- MicroscaleTypes.cpp - the block-scaled tensor type -----------------===//

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::microscale;

#define GET_TYPEDEF_CLASSES
#include "microscale/Dialect/Microscale/IR/MicroscaleTypes.cpp.inc"

void MicroscaleDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "microscale/Dialect/Microscale/IR/MicroscaleTypes.cpp.inc"
      >();
}

/// The swizzled scale layout tiles [128 rows x 4 scale columns] (Numerics §5).
static constexpr int64_t kSwizzleRows = 128;
static constexpr int64_t kSwizzleCols = 4;

/// `4x?x64`, as the type prints its shape.
static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(
      shape, os,
      [&](int64_t dim) {
        if (ShapedType::isDynamic(dim))
          os << "?";
        else
          os << dim;
      },
      "x");
  return text;
}

LogicalResult
QuantizedTensorType::verify(function_ref<InFlightDiagnostic()> emitError,
                            ArrayRef<int64_t> shape, SchemeAttr scheme,
                            ScaleLayout layout) {
  if (!scheme)
    return emitError() << "a block-scaled tensor needs a scheme";
  if (shape.empty())
    return emitError() << "a block-scaled tensor needs at least one "
                          "dimension (blocks run along the innermost)";
  for (int64_t dim : shape.drop_back())
    if (dim < 0 && !ShapedType::isDynamic(dim))
      return emitError() << "dimension sizes must be non-negative or '?'";
  int64_t inner = shape.back();
  if (ShapedType::isDynamic(inner))
    return emitError() << "the innermost dimension is blocked and must be "
                          "static";
  if (inner <= 0 || inner % scheme.getBlockSize() != 0)
    return emitError() << "the innermost dimension (" << inner
                       << ") must be a positive multiple of the block size ("
                       << scheme.getBlockSize()
                       << "); nothing is padded implicitly";
  if (layout == ScaleLayout::swizzled && shape.size() != 2)
    return emitError() << "the swizzled scale layout is defined for rank-2 "
                          "tensors, got rank "
                       << shape.size();
  // Fewer scales than elements, but for the padding of the swizzled layout
  // (as getScalesType pads them).
  SmallVector<int64_t> scales(shape);
  if (hasBoundedElementCount(shape)) {
    scales.back() = inner / scheme.getBlockSize();
    if (layout == ScaleLayout::swizzled) {
      if (!ShapedType::isDynamic(scales[0]))
        scales[0] = llvm::alignTo(scales[0], kSwizzleRows);
      scales[1] = llvm::alignTo(scales[1], kSwizzleCols);
    }
  }
  if (!hasBoundedElementCount(shape) || !hasBoundedElementCount(scales))
    return emitError() << "a block-scaled tensor holds fewer than 2^60 elements "
                          "(its scales included), got "
                       << formatShape(shape);
  return success();
}

bool mlir::microscale::hasBoundedElementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    if (!ShapedType::isDynamic(dim) && dim != 0 &&
        (llvm::MulOverflow(count, dim, count) || count >= kElementLimit))
      return false;
  return true;
}

Type QuantizedTensorType::parse(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<int64_t> shape;
  if (parser.parseLess() ||
      parser.parseDimensionList(shape, /*allowDynamic=*/true,
                                /*withTrailingX=*/false) ||
      parser.parseComma())
    return {};
  // Any attribute may stand here, not only a scheme: parseOptionalAttribute
  // would store it into a SchemeAttr& unchecked (it binds as Attribute&).
  SchemeAttr scheme;
  Attribute fullScheme;
  SMLoc schemeLoc = parser.getCurrentLocation();
  OptionalParseResult parsedFullScheme =
      parser.parseOptionalAttribute(fullScheme);
  if (parsedFullScheme.has_value()) {
    if (failed(*parsedFullScheme))
      return {};
    scheme = dyn_cast<SchemeAttr>(fullScheme);
    if (!scheme) {
      InFlightDiagnostic diag =
          parser.emitError(schemeLoc, "expected a scheme name such as "
                                      "'mxfp4' or a '#microscale.scheme', got ")
          << fullScheme;
      if (isa<TypeAttr>(fullScheme))
        diag << "; a custom scheme is written in full, as in "
                "'#microscale.scheme<f4E2M1FN, block = 64, scale = "
                "f8E8M0FNU>'";
      return {};
    }
  } else {
    scheme = parseSchemeBody(parser);
    if (!scheme)
      return {};
  }
  ScaleLayout layout = ScaleLayout::row_major;
  if (succeeded(parser.parseOptionalComma())) {
    StringRef layoutName;
    SMLoc layoutLoc;
    if (parser.parseKeyword("layout") || parser.parseEqual())
      return {};
    layoutLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&layoutName))
      return {};
    std::optional<ScaleLayout> parsed = symbolizeScaleLayout(layoutName);
    if (!parsed) {
      parser.emitError(layoutLoc, "unknown scale layout '")
          << layoutName << "'; expected 'row_major' or 'swizzled'";
      return {};
    }
    layout = *parsed;
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<QuantizedTensorType>(loc, parser.getContext(), shape,
                                                scheme, layout);
}

void QuantizedTensorType::print(AsmPrinter &printer) const {
  printer << "<" << formatShape(getShape()) << ", ";
  if (getScheme().getName().empty())
    printer.printAttribute(getScheme());
  else
    printSchemeBody(printer, getScheme());
  if (getLayout() != ScaleLayout::row_major)
    printer << ", layout = " << stringifyScaleLayout(getLayout());
  printer << ">";
}

int64_t QuantizedTensorType::getBlocksPerRow() const {
  return getBlockedDimSize() / getScheme().getBlockSize();
}

bool QuantizedTensorType::hasStaticShape() const {
  return !llvm::any_of(getShape(), ShapedType::isDynamic);
}

RankedTensorType QuantizedTensorType::getDataType() const {
  SmallVector<int64_t> shape(getShape());
  shape.back() = getScheme().getStorageBytes(getBlockedDimSize());
  return RankedTensorType::get(shape, IntegerType::get(getContext(), 8));
}

RankedTensorType QuantizedTensorType::getScalesType() const {
  SmallVector<int64_t> shape(getShape());
  shape.back() = getBlocksPerRow();
  if (getLayout() == ScaleLayout::swizzled) {
    if (!ShapedType::isDynamic(shape[0]))
      shape[0] = llvm::alignTo(shape[0], kSwizzleRows);
    shape[1] = llvm::alignTo(shape[1], kSwizzleCols);
  }
  return RankedTensorType::get(shape, getScheme().getScaleType());
}

Type QuantizedTensorType::getGlobalType() const {
  if (!getScheme().getHasGlobal())
    return {};
  return Float32Type::get(getContext());
}

QuantizedTensorType QuantizedTensorType::clone(ArrayRef<int64_t> shape) const {
  return QuantizedTensorType::get(getContext(), shape, getScheme(),
                                  getLayout());
}
