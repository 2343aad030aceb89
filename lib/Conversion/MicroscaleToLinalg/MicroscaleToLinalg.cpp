//===- MicroscaleToLinalg.cpp - the convert-microscale-to-linalg pass -----===//
//
// A 1:N dialect conversion: every `!microscale.tensor` becomes its storage
// (as microscale-expose-storage makes it, signatures and control flow
// included), `pack`/`unpack` forward the storage values, and the compute
// ops become linalg on those values.
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"

#include "microscale/Conversion/Passes.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"
#include "microscale/Dialect/Microscale/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::microscale {
#define GEN_PASS_DEF_CONVERTMICROSCALETOLINALG
#include "microscale/Conversion/Passes.h.inc"
} // namespace mlir::microscale

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::linalg_lowering;

namespace {

/// The storage values are the operands: no data moves.
struct PackLowering : OpConversionPattern<PackOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(PackOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Value> storage;
    for (ValueRange operand : adaptor.getOperands())
      storage.append(operand.begin(), operand.end());
    rewriter.replaceOpWithMultiple(op, {storage});
    return success();
  }
};

struct UnpackLowering : OpConversionPattern<UnpackOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(UnpackOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

struct ConvertMicroscaleToLinalgPass
    : public ::mlir::microscale::impl::ConvertMicroscaleToLinalgBase<
          ConvertMicroscaleToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    StorageTypeConverter converter;
    ConversionTarget target(*context);
    RewritePatternSet patterns(context);

    target.addIllegalDialect<MicroscaleDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::CallOp, func::ReturnOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    target.markUnknownOpDynamicallyLegal(
        [&](Operation *op) { return converter.isLegal(op); });

    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    populateMicroscaleToLinalgPatterns(
        converter, patterns,
        scalingExtF ? DecodeForm::scalingExtF : DecodeForm::exact);

    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::microscale::populateMicroscaleToLinalgPatterns(
    TypeConverter &converter, RewritePatternSet &patterns,
    DecodeForm decodeForm) {
  patterns.add<PackLowering, UnpackLowering>(converter, patterns.getContext());
  populateDequantizePatterns(converter, patterns, decodeForm);
  populateQuantizePatterns(converter, patterns);
  populateMatmulPatterns(converter, patterns, decodeForm);
}
