//===- MicroscaleAttrs.cpp - scheme attribute and enums -------------------===//

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::microscale;
namespace formats = ::microscale::formats;

#include "microscale/Dialect/Microscale/IR/MicroscaleEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "microscale/Dialect/Microscale/IR/MicroscaleAttrs.cpp.inc"

void MicroscaleDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "microscale/Dialect/Microscale/IR/MicroscaleAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Formats and their MLIR types
//===----------------------------------------------------------------------===//

std::optional<formats::Format> mlir::microscale::getElementFormat(Type type) {
  if (isa<Float4E2M1FNType>(type))
    return formats::Format::E2M1;
  if (isa<Float6E2M3FNType>(type))
    return formats::Format::E2M3;
  if (isa<Float6E3M2FNType>(type))
    return formats::Format::E3M2;
  if (isa<Float8E4M3FNType>(type))
    return formats::Format::E4M3;
  if (isa<Float8E5M2Type>(type))
    return formats::Format::E5M2;
  if (type.isSignlessInteger(8))
    return formats::Format::Int8;
  return std::nullopt;
}

std::optional<formats::Format> mlir::microscale::getScaleFormat(Type type) {
  if (isa<Float8E8M0FNUType>(type))
    return formats::Format::E8M0;
  if (isa<Float8E4M3FNType>(type))
    return formats::Format::UE4M3;
  return std::nullopt;
}

Type mlir::microscale::getFormatType(MLIRContext *context,
                                     formats::Format format) {
  Builder b(context);
  switch (format) {
  case formats::Format::E2M1:
    return b.getType<Float4E2M1FNType>();
  case formats::Format::E2M3:
    return b.getType<Float6E2M3FNType>();
  case formats::Format::E3M2:
    return b.getType<Float6E3M2FNType>();
  case formats::Format::E4M3:
  case formats::Format::UE4M3:
    return b.getType<Float8E4M3FNType>();
  case formats::Format::E5M2:
    return b.getType<Float8E5M2Type>();
  case formats::Format::Int8:
    return b.getI8Type();
  case formats::Format::E8M0:
    return b.getType<Float8E8M0FNUType>();
  }
  llvm_unreachable("unknown format");
}

//===----------------------------------------------------------------------===//
// SchemeAttr
//===----------------------------------------------------------------------===//

static SchemeAttr getSchemeAttr(MLIRContext *context,
                                const formats::Scheme &scheme) {
  return SchemeAttr::get(context, getFormatType(context, scheme.element),
                         scheme.blockSize, getFormatType(context, scheme.scale),
                         scheme.hasGlobal);
}

SchemeAttr SchemeAttr::getNamed(MLIRContext *context, StringRef name) {
  std::optional<formats::Scheme> scheme = formats::lookupScheme(name);
  if (!scheme)
    return {};
  return getSchemeAttr(context, *scheme);
}

StringRef SchemeAttr::getName() const {
  formats::Scheme scheme = toFormats();
  for (const formats::NamedScheme &named : formats::namedSchemes())
    if (named.scheme == scheme)
      return named.name;
  return "";
}

formats::Scheme SchemeAttr::toFormats() const {
  formats::Scheme scheme;
  scheme.element = *getElementFormat(getElementType());
  scheme.blockSize = static_cast<int32_t>(getBlockSize());
  scheme.scale = *getScaleFormat(getScaleType());
  scheme.hasGlobal = getHasGlobal();
  return scheme;
}

unsigned SchemeAttr::getElementBits() const {
  return formats::getFormatInfo(*getElementFormat(getElementType())).bits;
}

unsigned SchemeAttr::getPackingUnit() const {
  return formats::packingUnit(*getElementFormat(getElementType()));
}

int64_t SchemeAttr::getStorageBytes(int64_t elements) const {
  return elements * getElementBits() / 8;
}

bool SchemeAttr::hasE8M0Scales() const {
  return isa<Float8E8M0FNUType>(getScaleType());
}

LogicalResult SchemeAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 Type elementType, int64_t blockSize,
                                 Type scaleType, bool hasGlobal) {
  if (!getElementFormat(elementType))
    return emitError() << "element type " << elementType
                       << " is not a microscaling element format; expected "
                          "f4E2M1FN, f6E2M3FN, f6E3M2FN, f8E4M3FN, f8E5M2 "
                          "or i8";
  if (!getScaleFormat(scaleType))
    return emitError() << "scale type " << scaleType
                       << " is not a block scale format; expected f8E8M0FNU "
                          "or f8E4M3FN";
  bool e4m3Scales = isa<Float8E4M3FNType>(scaleType);
  if (e4m3Scales && !isa<Float4E2M1FNType>(elementType))
    return emitError() << "f8E4M3FN block scales (NVFP4 two-level scaling) "
                          "are defined for f4E2M1FN elements only, not "
                       << elementType;
  if (hasGlobal != e4m3Scales)
    return emitError() << "a global scale goes with f8E4M3FN block scales "
                          "and only with them; this scheme has "
                       << scaleType << " scales and "
                       << (hasGlobal ? "a global" : "no global");
  int unit = formats::packingUnit(*getElementFormat(elementType));
  if (blockSize <= 0 || !llvm::isPowerOf2_64(blockSize) ||
      blockSize % unit != 0)
    return emitError() << "block size must be a power of two and a multiple "
                          "of the packing unit of "
                       << elementType << " (" << unit << "), got " << blockSize;
  return success();
}

/// The builtin types a scheme may be spelled with, and a few it may not (so
/// that the verifier, not the parser, explains why they are wrong).
static Type lookupTypeName(MLIRContext *context, StringRef name) {
  return llvm::StringSwitch<function_ref<Type()>>(name)
      .Case("f4E2M1FN", [&] { return Float4E2M1FNType::get(context); })
      .Case("f6E2M3FN", [&] { return Float6E2M3FNType::get(context); })
      .Case("f6E3M2FN", [&] { return Float6E3M2FNType::get(context); })
      .Case("f8E4M3FN", [&] { return Float8E4M3FNType::get(context); })
      .Case("f8E5M2", [&] { return Float8E5M2Type::get(context); })
      .Case("f8E8M0FNU", [&] { return Float8E8M0FNUType::get(context); })
      .Case("i8", [&] { return IntegerType::get(context, 8); })
      .Case("f16", [&] { return Float16Type::get(context); })
      .Case("bf16", [&] { return BFloat16Type::get(context); })
      .Case("f32", [&] { return Float32Type::get(context); })
      .Default([] { return Type(); })();
}

static std::string namedSchemeList() {
  std::string list;
  for (const formats::NamedScheme &named : formats::namedSchemes())
    list += (list.empty() ? "" : ", ") + std::string(named.name);
  return list;
}

/// A type written by name; `allowSchemeName` says that an unknown name may
/// have been meant as a scheme, which the diagnostic then lists.
static Type parseTypeName(AsmParser &parser, bool allowSchemeName,
                          StringRef name = {}, SMLoc loc = {}) {
  if (name.empty())
    loc = parser.getCurrentLocation();
  if (name.empty() && failed(parser.parseOptionalKeyword(&name))) {
    Type type;
    (void)parser.parseType(type);
    return type;
  }
  if (Type type = lookupTypeName(parser.getContext(), name))
    return type;
  if (allowSchemeName)
    parser.emitError(loc, "unknown scheme '")
        << name << "'; expected one of " << namedSchemeList()
        << ", or a custom scheme such as "
           "'f4E2M1FN, block = 64, scale = f8E8M0FNU'";
  else
    parser.emitError(loc, "unknown format type '") << name << "'";
  return {};
}

SchemeAttr mlir::microscale::parseSchemeBody(AsmParser &parser) {
  MLIRContext *context = parser.getContext();
  SMLoc loc = parser.getCurrentLocation();
  StringRef name;
  if (succeeded(parser.parseOptionalKeyword(&name)))
    if (SchemeAttr named = SchemeAttr::getNamed(context, name))
      return named;
  // A custom scheme: `element, block = N, scale = type[, global]`; a keyword
  // read above is the element type's name.
  Type elementType = parseTypeName(parser, /*allowSchemeName=*/true, name, loc);
  if (!elementType)
    return {};
  int64_t blockSize = 0;
  if (parser.parseComma() || parser.parseKeyword("block") ||
      parser.parseEqual() || parser.parseInteger(blockSize) ||
      parser.parseComma() || parser.parseKeyword("scale") ||
      parser.parseEqual())
    return {};
  Type scaleType = parseTypeName(parser, /*allowSchemeName=*/false);
  if (!scaleType)
    return {};
  bool hasGlobal = false;
  if (succeeded(parser.parseOptionalComma())) {
    if (parser.parseKeyword("global"))
      return {};
    hasGlobal = true;
  }
  return parser.getChecked<SchemeAttr>(loc, context, elementType, blockSize,
                                       scaleType, hasGlobal);
}

void mlir::microscale::printSchemeBody(AsmPrinter &printer, SchemeAttr scheme) {
  StringRef name = scheme.getName();
  if (!name.empty()) {
    printer << name;
    return;
  }
  printer << scheme.getElementType() << ", block = " << scheme.getBlockSize()
          << ", scale = " << scheme.getScaleType();
  if (scheme.getHasGlobal())
    printer << ", global";
}

Attribute SchemeAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  SchemeAttr scheme = parseSchemeBody(parser);
  if (!scheme || parser.parseGreater())
    return {};
  return scheme;
}

void SchemeAttr::print(AsmPrinter &printer) const {
  printer << "<";
  printSchemeBody(printer, *this);
  printer << ">";
}
