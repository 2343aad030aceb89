//===- MicroscaleToCPU.cpp - the convert-microscale-to-cpu pass -----------===//

#include "Lowerings.h"
#include "X86Intrinsics.h"

#include "microscale/Conversion/Passes.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::microscale {
#define GEN_PASS_DEF_CONVERTMICROSCALETOCPU
#include "microscale/Conversion/Passes.h.inc"
} // namespace mlir::microscale

using namespace mlir;
using namespace mlir::microscale;

void mlir::microscale::populateMicroscaleToCPUConversionPatterns(
    RewritePatternSet &patterns, const CPUTarget &target) {
  cpu::populateQuantizeLoweringPatterns(patterns, target);
  cpu::populateDequantizeLoweringPatterns(patterns, target);
  cpu::populateMatmulLoweringPatterns(patterns, target);
  cpu::populateInt8DotMatmulPatterns(patterns, target);
  cpu::populateFloatPanelGemmPatterns(patterns, target);
}

namespace {

struct ConvertMicroscaleToCPUPass
    : public ::mlir::microscale::impl::ConvertMicroscaleToCPUBase<
          ConvertMicroscaleToCPUPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    // The deallocation after bufferization must know what the kernels'
    // intrinsic calls do to memory.
    cpu::registerIntrinsicEffects(registry);
  }

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addIllegalOp<QuantizeOp, DequantizeOp, RequantizeOp, MatmulOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    FailureOr<CPUTarget> cpu = CPUTarget::get(vectorBits, features);
    if (failed(cpu)) {
      getOperation().emitError("unknown CPU feature in '")
          << features
          << "'; expected 'host' or a list of avx512f, avx512bf16, "
             "avx512bw, avx512vnni";
      return signalPassFailure();
    }
    RewritePatternSet patterns(context);
    populateMicroscaleToCPUConversionPatterns(patterns, *cpu);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
