//===- Passes.cpp - MLIR C API of passes and pipelines --------------------===//

#include "microscale-c/Passes.h"

#include "microscale/Conversion/Passes.h"
#include "microscale/Dialect/Microscale/Transforms/Passes.h"
#include "microscale/Pipelines/Pipelines.h"
#include "microscale/Registration/Registration.h"

#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Support.h"
#include "mlir/CAPI/Utils.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace mlir::microscale;

// mlirCreate<Group><Pass> / mlirRegister<Group><Pass>, generated.
extern "C" {
#include "microscale/Conversion/Passes.capi.cpp.inc"
#include "microscale/Dialect/Microscale/Transforms/Passes.capi.cpp.inc"
}

void mlirMicroscaleRegisterPasses(void) { registerMicroscalePasses(); }

/// Parses `options` into a pipeline's options and lets `build` add the
/// pipeline; a module-level pipeline on a pass manager of another operation
/// would abort the process inside MLIR (a fatal error in addPass).
template <typename Options>
static MlirLogicalResult
addPipeline(MlirOpPassManager passManager, MlirStringRef options,
            MlirStringCallback errorCallback, void *userData,
            StringRef pipelineName,
            void (*build)(OpPassManager &, const Options &)) {
  OpPassManager &pm = *unwrap(passManager);
  mlir::detail::CallbackOstream errors(errorCallback, userData);
  std::optional<StringRef> anchor = pm.getOpName();
  if (anchor && *anchor != ModuleOp::getOperationName()) {
    errors << pipelineName << " runs on builtin.module, not on a pass manager "
           << "for '" << *anchor << "'";
    return mlirLogicalResultFailure();
  }
  Options parsed;
  if (failed(parsed.parseFromString(unwrap(options), errors)))
    return mlirLogicalResultFailure();
  build(pm, parsed);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult mlirMicroscaleAddCPUPipeline(MlirOpPassManager passManager,
                                               MlirStringRef options,
                                               MlirStringCallback errorCallback,
                                               void *userData) {
  return addPipeline<CPUPipelineOptions>(passManager, options, errorCallback,
                                         userData, "microscale-cpu-pipeline",
                                         buildCPUPipeline);
}

MlirLogicalResult mlirMicroscaleAddGPUPipeline(MlirOpPassManager passManager,
                                               MlirStringRef options,
                                               MlirStringCallback errorCallback,
                                               void *userData) {
  return addPipeline<GPUPipelineOptions>(passManager, options, errorCallback,
                                         userData, "microscale-gpu-pipeline",
                                         buildGPUPipeline);
}
