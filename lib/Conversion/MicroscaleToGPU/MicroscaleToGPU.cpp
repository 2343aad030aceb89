//===- MicroscaleToGPU.cpp - the convert-microscale-to-gpu pass ----------===//

#include "DeviceStream.h"
#include "HostOpEffects.h"
#include "Kernels.h"
#include "Tcgen05Intrinsics.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Conversion/Passes.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::microscale {
#define GEN_PASS_DEF_CONVERTMICROSCALETOGPU
#include "microscale/Conversion/Passes.h.inc"
} // namespace mlir::microscale

using namespace mlir;
using namespace mlir::microscale;

void mlir::microscale::populateMicroscaleToGPUConversionPatterns(
    RewritePatternSet &patterns, const GPUTarget &target,
    const GPULoweringOptions &options) {
  nvvm::populateQuantizeKernelPatterns(patterns, target, options);
  nvvm::populateDequantizeKernelPatterns(patterns, options);
  nvvm::populateMatmulKernelPatterns(patterns, target, options);
}

namespace {

struct ConvertMicroscaleToGPUPass
    : public ::mlir::microscale::impl::ConvertMicroscaleToGPUBase<
          ConvertMicroscaleToGPUPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    // The deallocation after bufferization must know what the host code's
    // waits and launches do to memory.
    nvvm::registerHostOpEffects(registry);
  }

  void runOnOperation() override {
    FailureOr<GPUTarget> gpu = GPUTarget::get(chip);
    if (failed(gpu)) {
      getOperation().emitError("unsupported chip '")
          << chip << "'; expected one of " << GPUTarget::supportedChips();
      return signalPassFailure();
    }
    if (!hostData && failed(nvvm::addStreamArguments(getOperation())))
      return signalPassFailure();
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addIllegalOp<QuantizeOp, DequantizeOp, RequantizeOp, MatmulOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(context);
    GPULoweringOptions options;
    options.inexactTensorCores = inexactTensorCores;
    options.hostData = hostData;
    populateMicroscaleToGPUConversionPatterns(patterns, *gpu, options);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();
    expandRoundEvenInKernels();
    if (gpu->emitsTcgen05AsIntrinsics() &&
        failed(nvvm::rewriteTcgen05AsIntrinsicCalls(getOperation())))
      signalPassFailure();
  }

  /// The shared codecs round with math.roundeven, which convert-gpu-to-nvvm
  /// would turn into a libdevice call (and ptxas could not resolve it):
  /// kernels get the arithmetic form.
  void expandRoundEvenInKernels() {
    getOperation()->walk([](gpu::LaunchOp launch) {
      launch.getBody().walk([](math::RoundEvenOp round) {
        OpBuilder b(round);
        round.replaceAllUsesWith(
            CodecBuilder(b, round.getLoc())
                .roundHalfEvenByArithmetic(round.getOperand()));
        round.erase();
      });
    });
  }
};

} // namespace
