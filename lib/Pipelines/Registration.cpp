//===- Registration.cpp - the named pipelines -----------------------------===//

#include "microscale/Pipelines/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::microscale;

void mlir::microscale::registerPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "microscale-cpu-pipeline",
      "Lower microscale ops on tensors to the LLVM dialect through "
      "vectorized CPU loops",
      buildCPUPipeline);
  PassPipelineRegistration<GPUPipelineOptions>(
      "microscale-gpu-pipeline",
      "Lower microscale ops on tensors to NVIDIA GPU kernels (a gpu.binary "
      "of PTX or cubin) and host LLVM dialect that launches them",
      buildGPUPipeline);
}
