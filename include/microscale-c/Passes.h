/*===- microscale-c/Passes.h - MLIR C API of passes and pipelines -*- C -*-===*\
|*                                                                            *|
|* microscale's passes and named pipelines for MLIR C API users: one call     *|
|* that registers them all for textual pipelines (mlirParsePassPipeline),     *|
|* functions that add a pipeline to a pass manager with its options, and,     *|
|* generated from the Passes.td files, mlirCreate<Group><Pass> and            *|
|* mlirRegister<Group><Pass> for each pass (groups MicroscaleTransforms and   *|
|* MicroscaleConversion).                                                     *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef MICROSCALE_C_PASSES_H
#define MICROSCALE_C_PASSES_H

#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Registers the microscale passes, the named pipelines
/// (microscale-cpu-pipeline, microscale-gpu-pipeline) and the upstream passes
/// mx-opt offers next to them (canonicalize, cse, one-shot-bufferize) with
/// the global registry. Safe to call more than once.
MLIR_CAPI_EXPORTED void mlirMicroscaleRegisterPasses(void);

/// Adds microscale-cpu-pipeline to `passManager`, which must run on
/// builtin.module. `options` is the pipeline's option text as mx-opt takes
/// it ("vector-bits=512 features=avx512f", "" for the defaults). On bad
/// options or a pass manager on another operation nothing is added, the
/// message goes to `errorCallback` (with `userData`) and the result is a
/// failure.
MLIR_CAPI_EXPORTED MlirLogicalResult mlirMicroscaleAddCPUPipeline(
    MlirOpPassManager passManager, MlirStringRef options,
    MlirStringCallback errorCallback, void *userData);

/// Adds microscale-gpu-pipeline ("chip=sm_90a format=isa", ...) like
/// mlirMicroscaleAddCPUPipeline.
MLIR_CAPI_EXPORTED MlirLogicalResult mlirMicroscaleAddGPUPipeline(
    MlirOpPassManager passManager, MlirStringRef options,
    MlirStringCallback errorCallback, void *userData);

#ifdef __cplusplus
}
#endif

#include "microscale/Conversion/Passes.capi.h.inc"
#include "microscale/Dialect/Microscale/Transforms/Passes.capi.h.inc"

#endif // MICROSCALE_C_PASSES_H
