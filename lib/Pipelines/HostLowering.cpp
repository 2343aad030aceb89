//===- HostLowering.cpp - pipeline stages shared by the targets -----------===//

#include "microscale/Pipelines/HostLowering.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/NVGPUToNVVM/NVGPUToNVVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::microscale;

void mlir::microscale::buildBufferizationPasses(OpPassManager &pm) {
  buildBufferizePasses(pm);
  buildDeallocationPasses(pm);
}

void mlir::microscale::buildBufferizePasses(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // Loops and branches may yield freshly computed tensors (a layer's output
  // fed to the next iteration); the deallocation below frees the buffers of
  // earlier iterations.
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
}

void mlir::microscale::buildDeallocationPasses(OpPassManager &pm) {
  // Every buffer, the conversions' results and scratch included, is freed
  // after its last use; buffers a public function returns belong to the
  // caller (ownership-based deallocation clones any that it does not own).
  bufferization::buildBufferDeallocationPipeline(
      pm, bufferization::BufferDeallocationPipelineOptions());
  // The clones it adds (a result that aliases an argument or a constant)
  // become allocations and copies.
  pm.addPass(createConvertBufferizationToMemRefPass());
}

void mlir::microscale::buildHostToLLVMPasses(
    OpPassManager &pm, const HostLoweringOptions &options) {
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createLowerAffinePass());
  if (options.openMP) {
    pm.addPass(createConvertSCFToOpenMPPass());
    // OMP_SCHEDULE decides how iterations are shared out (OpenMPSchedule.cpp).
    pm.addPass(createSetOpenMPSchedulePass(omp::ClauseScheduleKind::Runtime));
  }
  pm.addPass(createLowerAllocaScopesPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.x86Vector = options.x86Vector;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  // Tensor maps made on the host for TMA (nvgpu.tma.create.descriptor):
  // runtime calls, lowered while their operands are still memrefs.
  if (options.gpuRuntimeCalls)
    pm.addPass(createConvertNVGPUToNVVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (options.openMP)
    pm.addPass(createConvertOpenMPToLLVMPass());
  if (options.gpuRuntimeCalls)
    pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}
