//===- Dialects.cpp - MLIR C API of the microscale dialect ----------------===//
//
// microscale-c/Dialects.h over the dialect's C++ classes. Constructors load
// the dialect themselves: a C caller that forgot to would otherwise hit an
// assertion (or worse) inside the storage uniquer instead of a message.
//
//===----------------------------------------------------------------------===//

#include "microscale-c/Dialects.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"
#include "microscale/Registration/Registration.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::microscale;

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Microscale, microscale, MicroscaleDialect)

void mlirMicroscaleRegisterDialects(MlirDialectRegistry registry) {
  registerMicroscaleDialects(*unwrap(registry));
}

static MLIRContext *loadDialect(MLIRContext *context) {
  context->getOrLoadDialect<MicroscaleDialect>();
  return context;
}

//===----------------------------------------------------------------------===//
// #microscale.scheme
//===----------------------------------------------------------------------===//

bool mlirAttributeIsAMicroscaleScheme(MlirAttribute attr) {
  return isa<SchemeAttr>(unwrap(attr));
}

MlirTypeID mlirMicroscaleSchemeAttrGetTypeID(void) {
  return wrap(SchemeAttr::getTypeID());
}

MlirAttribute mlirMicroscaleSchemeAttrGetNamed(MlirContext ctx,
                                               MlirStringRef name) {
  return wrap(SchemeAttr::getNamed(loadDialect(unwrap(ctx)), unwrap(name)));
}

MlirAttribute mlirMicroscaleSchemeAttrGetChecked(MlirLocation loc,
                                                 MlirType elementType,
                                                 int64_t blockSize,
                                                 MlirType scaleType,
                                                 bool hasGlobal) {
  Location location = unwrap(loc);
  if (mlirTypeIsNull(elementType) || mlirTypeIsNull(scaleType)) {
    emitError(location) << "a #microscale.scheme needs an element type and a "
                           "scale type, got a null type";
    return {nullptr};
  }
  return wrap(SchemeAttr::getChecked(
      mlir::detail::getDefaultDiagnosticEmitFn(location),
      loadDialect(location.getContext()), unwrap(elementType), blockSize,
      unwrap(scaleType), hasGlobal));
}

MlirType mlirMicroscaleSchemeAttrGetElementType(MlirAttribute scheme) {
  return wrap(cast<SchemeAttr>(unwrap(scheme)).getElementType());
}

int64_t mlirMicroscaleSchemeAttrGetBlockSize(MlirAttribute scheme) {
  return cast<SchemeAttr>(unwrap(scheme)).getBlockSize();
}

MlirType mlirMicroscaleSchemeAttrGetScaleType(MlirAttribute scheme) {
  return wrap(cast<SchemeAttr>(unwrap(scheme)).getScaleType());
}

bool mlirMicroscaleSchemeAttrHasGlobal(MlirAttribute scheme) {
  return cast<SchemeAttr>(unwrap(scheme)).getHasGlobal();
}

MlirStringRef mlirMicroscaleSchemeAttrGetSchemeName(MlirAttribute scheme) {
  return wrap(cast<SchemeAttr>(unwrap(scheme)).getName());
}

//===----------------------------------------------------------------------===//
// !microscale.tensor
//===----------------------------------------------------------------------===//

static_assert(static_cast<int>(MlirMicroscaleScaleLayoutRowMajor) ==
                      static_cast<int>(ScaleLayout::row_major) &&
                  static_cast<int>(MlirMicroscaleScaleLayoutSwizzled) ==
                      static_cast<int>(ScaleLayout::swizzled),
              "MlirMicroscaleScaleLayout and ScaleLayout must number the "
              "layouts alike");

bool mlirTypeIsAMicroscaleTensor(MlirType type) {
  return isa<QuantizedTensorType>(unwrap(type));
}

MlirTypeID mlirMicroscaleTensorTypeGetTypeID(void) {
  return wrap(QuantizedTensorType::getTypeID());
}

MlirType mlirMicroscaleTensorTypeGetChecked(MlirLocation loc, intptr_t rank,
                                            const int64_t *shape,
                                            MlirAttribute scheme,
                                            MlirMicroscaleScaleLayout layout) {
  Location location = unwrap(loc);
  // What the type's verifier cannot see: the C arguments themselves.
  auto schemeAttr = dyn_cast_if_present<SchemeAttr>(unwrap(scheme));
  if (!schemeAttr) {
    emitError(location) << "a !microscale.tensor needs a #microscale.scheme "
                           "attribute, got "
                        << unwrap(scheme);
    return {nullptr};
  }
  std::optional<ScaleLayout> scaleLayout =
      symbolizeScaleLayout(static_cast<uint32_t>(layout));
  if (!scaleLayout) {
    emitError(location) << "unknown scale layout " << static_cast<int>(layout)
                        << "; expected row_major (0) or swizzled (1)";
    return {nullptr};
  }
  if (rank < 0 || (rank > 0 && !shape)) {
    emitError(location) << "a !microscale.tensor needs a shape: rank " << rank
                        << (shape ? "" : " with no sizes");
    return {nullptr};
  }
  return wrap(QuantizedTensorType::getChecked(
      mlir::detail::getDefaultDiagnosticEmitFn(location),
      loadDialect(location.getContext()), ArrayRef<int64_t>(shape, rank),
      schemeAttr, *scaleLayout));
}

intptr_t mlirMicroscaleTensorTypeGetRank(MlirType type) {
  return cast<QuantizedTensorType>(unwrap(type)).getRank();
}

int64_t mlirMicroscaleTensorTypeGetDimSize(MlirType type, intptr_t dim) {
  return cast<QuantizedTensorType>(unwrap(type)).getShape()[dim];
}

MlirAttribute mlirMicroscaleTensorTypeGetScheme(MlirType type) {
  return wrap(cast<QuantizedTensorType>(unwrap(type)).getScheme());
}

MlirMicroscaleScaleLayout mlirMicroscaleTensorTypeGetLayout(MlirType type) {
  return static_cast<MlirMicroscaleScaleLayout>(
      cast<QuantizedTensorType>(unwrap(type)).getLayout());
}

MlirType mlirMicroscaleTensorTypeGetDataType(MlirType type) {
  return wrap(cast<QuantizedTensorType>(unwrap(type)).getDataType());
}

MlirType mlirMicroscaleTensorTypeGetScalesType(MlirType type) {
  return wrap(cast<QuantizedTensorType>(unwrap(type)).getScalesType());
}

MlirType mlirMicroscaleTensorTypeGetGlobalType(MlirType type) {
  return wrap(cast<QuantizedTensorType>(unwrap(type)).getGlobalType());
}
