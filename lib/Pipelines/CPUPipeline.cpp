//===- CPUPipeline.cpp - microscale-cpu-pipeline --------------------------===//

#include "microscale/Pipelines/HostLowering.h"

#include "microscale/Conversion/Passes.h"
#include "microscale/Dialect/Microscale/Transforms/Passes.h"
#include "microscale/Pipelines/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::microscale;

void mlir::microscale::buildCPUPipeline(OpPassManager &pm,
                                        const CPUPipelineOptions &options) {
  // Dialect level: a plain storage ABI at function boundaries.
  pm.addPass(createMicroscaleExposeStorage());
  pm.addPass(createCanonicalizerPass());

  // Target conversion, then fold the pack/unpack pairs it leaves.
  ConvertMicroscaleToCPUOptions cpuOptions;
  cpuOptions.cpu = options.cpu;
  cpuOptions.parallel = options.parallel;
  cpuOptions.vectorBits = options.vectorBits;
  cpuOptions.features = options.features;
  pm.addPass(createConvertMicroscaleToCPU(cpuOptions));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  buildBufferizationPasses(pm);
  HostLoweringOptions host;
  host.x86Vector = true;
  host.openMP = options.parallel;
  buildHostToLLVMPasses(pm, host);
}
