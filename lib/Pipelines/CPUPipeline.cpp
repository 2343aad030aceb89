//===- CPUPipeline.cpp - microscale-cpu-pipeline --------------------------===//

#include "microscale/Conversion/Passes.h"
#include "microscale/Dialect/Microscale/Transforms/Passes.h"
#include "microscale/Pipelines/Pipelines.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
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
  cpuOptions.vectorBits = options.vectorBits;
  cpuOptions.features = options.features;
  pm.addPass(createConvertMicroscaleToCPU(cpuOptions));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Elementwise arith/math on whole tensors (user code) as linalg, which
  // bufferizes; tensors to buffers; function boundaries get plain identity
  // layouts so that C callers pass ordinary strided descriptors.
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createCanonicalizerPass());

  // Upstream lowering to the LLVM dialect.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.x86Vector = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void mlir::microscale::registerPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "microscale-cpu-pipeline",
      "Lower microscale ops on tensors to the LLVM dialect through "
      "vectorized CPU loops",
      buildCPUPipeline);
}
