/*===- microscale-c/Dialects.h - MLIR C API of the dialect --------*- C -*-===*\
|*                                                                            *|
|* The microscale dialect for MLIR C API users (other languages' bindings,    *|
|* C programs): its registration, the #microscale.scheme attribute and the    *|
|* !microscale.tensor type. Conventions are mlir-c's: the *GetChecked         *|
|* constructors report invalid parameters as diagnostics at the location and  *|
|* return a null attribute or type; the queries take an attribute or type of  *|
|* the right kind (check with the mlir*IsA* functions first).                 *|
|* Passes and pipelines: microscale-c/Passes.h.                               *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef MICROSCALE_C_DIALECTS_H
#define MICROSCALE_C_DIALECTS_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Microscale, microscale);

/// Inserts the microscale dialect together with everything its pipelines
/// take in or produce (the upstream dialects, bufferization and LLVM
/// interfaces, translations to LLVM IR): the registry mx-opt uses.
MLIR_CAPI_EXPORTED void
mlirMicroscaleRegisterDialects(MlirDialectRegistry registry);

//===----------------------------------------------------------------------===//
// #microscale.scheme
//===----------------------------------------------------------------------===//

MLIR_CAPI_EXPORTED bool mlirAttributeIsAMicroscaleScheme(MlirAttribute attr);

MLIR_CAPI_EXPORTED MlirTypeID mlirMicroscaleSchemeAttrGetTypeID(void);

/// The named scheme (mxfp8_e4m3, mxfp8_e5m2, mxfp6_e2m3, mxfp6_e3m2, mxfp4,
/// mxint8, nvfp4), or a null attribute for any other name. Loads the
/// microscale dialect into the context if it is not loaded yet.
MLIR_CAPI_EXPORTED MlirAttribute
mlirMicroscaleSchemeAttrGetNamed(MlirContext ctx, MlirStringRef name);

/// A scheme from its parameters: element type (f4E2M1FN, f6E2M3FN, f6E3M2FN,
/// f8E4M3FN, f8E5M2 or i8), block size, scale type (f8E8M0FNU or f8E4M3FN)
/// and whether a per-tensor f32 global scale comes with it. Parameters the
/// dialect rejects are an error diagnostic at `loc` and a null attribute.
/// Loads the microscale dialect if needed.
MLIR_CAPI_EXPORTED MlirAttribute mlirMicroscaleSchemeAttrGetChecked(
    MlirLocation loc, MlirType elementType, int64_t blockSize,
    MlirType scaleType, bool hasGlobal);

MLIR_CAPI_EXPORTED MlirType
mlirMicroscaleSchemeAttrGetElementType(MlirAttribute scheme);

MLIR_CAPI_EXPORTED int64_t
mlirMicroscaleSchemeAttrGetBlockSize(MlirAttribute scheme);

MLIR_CAPI_EXPORTED MlirType
mlirMicroscaleSchemeAttrGetScaleType(MlirAttribute scheme);

MLIR_CAPI_EXPORTED bool mlirMicroscaleSchemeAttrHasGlobal(MlirAttribute scheme);

/// The scheme's name if it is one of the named schemes, else an empty string.
/// The characters live as long as the program.
MLIR_CAPI_EXPORTED MlirStringRef
mlirMicroscaleSchemeAttrGetSchemeName(MlirAttribute scheme);

//===----------------------------------------------------------------------===//
// !microscale.tensor
//===----------------------------------------------------------------------===//

/// How the block scales of a !microscale.tensor are stored.
typedef enum MlirMicroscaleScaleLayout {
  MlirMicroscaleScaleLayoutRowMajor = 0,
  /// The 128x4 tiled layout of Blackwell's block-scaled tensor cores.
  MlirMicroscaleScaleLayoutSwizzled = 1,
} MlirMicroscaleScaleLayout;

MLIR_CAPI_EXPORTED bool mlirTypeIsAMicroscaleTensor(MlirType type);

MLIR_CAPI_EXPORTED MlirTypeID mlirMicroscaleTensorTypeGetTypeID(void);

/// !microscale.tensor<shape, scheme, layout>: `rank` sizes at `shape`, outer
/// ones may be dynamic (mlirShapedTypeGetDynamicSize()), the last static and
/// a multiple of the block size. A shape, scheme or layout the dialect
/// rejects is an error diagnostic at `loc` and a null type. Loads the
/// microscale dialect if needed.
MLIR_CAPI_EXPORTED MlirType mlirMicroscaleTensorTypeGetChecked(
    MlirLocation loc, intptr_t rank, const int64_t *shape,
    MlirAttribute scheme, MlirMicroscaleScaleLayout layout);

MLIR_CAPI_EXPORTED intptr_t mlirMicroscaleTensorTypeGetRank(MlirType type);

/// The size of dimension `dim` (mlirShapedTypeGetDynamicSize() if dynamic).
MLIR_CAPI_EXPORTED int64_t mlirMicroscaleTensorTypeGetDimSize(MlirType type,
                                                              intptr_t dim);

MLIR_CAPI_EXPORTED MlirAttribute
mlirMicroscaleTensorTypeGetScheme(MlirType type);

MLIR_CAPI_EXPORTED MlirMicroscaleScaleLayout
mlirMicroscaleTensorTypeGetLayout(MlirType type);

/// The storage of the tensor (Numerics §5), what the lowered code takes: the
/// packed element bytes `tensor<...xi8>`, the block scales in the type's
/// layout, and the `f32` global scale (a null type for schemes without one).
MLIR_CAPI_EXPORTED MlirType mlirMicroscaleTensorTypeGetDataType(MlirType type);
MLIR_CAPI_EXPORTED MlirType
mlirMicroscaleTensorTypeGetScalesType(MlirType type);
MLIR_CAPI_EXPORTED MlirType
mlirMicroscaleTensorTypeGetGlobalType(MlirType type);

#ifdef __cplusplus
}
#endif

#endif // MICROSCALE_C_DIALECTS_H
