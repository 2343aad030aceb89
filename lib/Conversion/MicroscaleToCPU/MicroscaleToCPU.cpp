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
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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
  cpu::populateLaneGemvPatterns(patterns, target);
}

/// A block is one vector: past this size its straight-line code grows
/// faster than it is worth (a matmul with blocks of 1024 takes llc 0.4 s,
/// 4096 4.4 s; 65536 takes this pipeline 43 s and 4.8 GB).
static constexpr int64_t kMaxBlockSize = 1024;

/// Diagnoses each op with larger blocks than the lowering takes.
static LogicalResult checkBlockSizes(ModuleOp module) {
  bool ok = true;
  module.walk([&](Operation *op) {
    if (!isa<QuantizeOp, DequantizeOp, RequantizeOp, MatmulOp>(op))
      return;
    auto tooLarge = [&](Type type) {
      auto quantized = dyn_cast<QuantizedTensorType>(type);
      return quantized && quantized.getScheme().getBlockSize() > kMaxBlockSize;
    };
    if (llvm::any_of(op->getOperandTypes(), tooLarge) ||
        llvm::any_of(op->getResultTypes(), tooLarge)) {
      op->emitOpError("has blocks of more than ")
          << kMaxBlockSize
          << " elements, which convert-microscale-to-cpu does not take (it "
             "holds a block in one vector)";
      ok = false;
    }
  });
  return success(ok);
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
    ConversionTarget legality(*context);
    legality.addIllegalOp<QuantizeOp, DequantizeOp, RequantizeOp, MatmulOp>();
    legality.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    std::string error;
    FailureOr<CPUTarget> target =
        CPUTarget::get(this->cpu, vectorBits, features, error);
    if (failed(target)) {
      getOperation().emitError(error);
      return signalPassFailure();
    }
    target->parallel = parallel;
    if (failed(checkBlockSizes(getOperation())))
      return signalPassFailure();
    cpu::specializeSingleRow(getOperation());
    RewritePatternSet patterns(context);
    populateMicroscaleToCPUConversionPatterns(patterns, *target);
    if (failed(applyPartialConversion(getOperation(), legality,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
