//===- GPUPipeline.cpp - microscale-gpu-pipeline --------------------------===//

#include "microscale/Pipelines/HostLowering.h"

#include "microscale/Conversion/MicroscaleToGPU/GPUTarget.h"
#include "microscale/Conversion/Passes.h"
#include "microscale/Dialect/Microscale/Transforms/Passes.h"
#include "microscale/Pipelines/Pipelines.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::microscale;

void mlir::microscale::buildGPUKernelPasses(
    OpPassManager &pm, const GPUPipelineOptions &options) {
  // Dialect level: a plain storage ABI at function boundaries.
  pm.addPass(createMicroscaleExposeStorage());
  pm.addPass(createCanonicalizerPass());
  ConvertMicroscaleToGPUOptions gpuOptions;
  gpuOptions.chip = options.chip;
  gpuOptions.inexactTensorCores = options.inexactTensorCores;
  gpuOptions.hostData = options.hostData;
  pm.addPass(createConvertMicroscaleToGPU(gpuOptions));
}

void mlir::microscale::buildGPUPipeline(OpPassManager &pm,
                                        const GPUPipelineOptions &options) {
  // Kernels and the host code around them. Outline the kernels before any
  // canonicalization hoists their constants out to the host function (and
  // into kernel arguments), then fold the pack/unpack pairs.
  buildGPUKernelPasses(pm, options);
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  buildBufferizePasses(pm);
  // Device-resident functions: results to output buffers, intermediates
  // freed on the stream, before host deallocation would clone a returned
  // buffer it does not own (with host memory operations).
  if (!options.hostData)
    pm.addPass(createMicroscaleGPUDeviceResults());
  buildDeallocationPasses(pm);

  // The kernels' gpu.modules target the chip, at the PTX version the target
  // description gives it (an unknown chip has failed above).
  GpuNVVMAttachTargetOptions attach;
  attach.chip = options.chip;
  if (FailureOr<GPUTarget> target = GPUTarget::get(options.chip);
      succeeded(target))
    attach.features = target->getFeatures();
  pm.addPass(createGpuNVVMAttachTarget(attach));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());

  // Device code to NVVM (the kernels need no libdevice function).
  OpPassManager &device = pm.nest<gpu::GPUModuleOp>();
  device.addPass(createConvertGpuOpsToNVVMOps());
  device.addPass(createCanonicalizerPass());
  device.addPass(createCSEPass());
  device.addPass(createReconcileUnrealizedCastsPass());

  // Host code to LLVM with mgpu* runtime calls, then the device code to PTX
  // or a cubin.
  HostLoweringOptions host;
  host.gpuRuntimeCalls = true;
  buildHostToLLVMPasses(pm, host);
  GpuModuleToBinaryPassOptions binary;
  switch (options.format) {
  case GPUBinaryFormat::isa:
    binary.compilationTarget = "isa";
    break;
  case GPUBinaryFormat::bin:
    binary.compilationTarget = "bin";
    break;
  case GPUBinaryFormat::fatbin:
    binary.compilationTarget = "fatbin";
    break;
  }
  pm.addPass(createGpuModuleToBinaryPass(binary));
}
