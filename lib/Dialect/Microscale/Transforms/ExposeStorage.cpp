//===- ExposeStorage.cpp - !microscale.tensor signatures to storage -------===//

#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"
#include "microscale/Dialect/Microscale/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"

namespace mlir::microscale {
#define GEN_PASS_DEF_MICROSCALEEXPOSESTORAGE
#include "microscale/Dialect/Microscale/Transforms/Passes.h.inc"
} // namespace mlir::microscale

using namespace mlir;
using namespace mlir::microscale;

StorageTypeConverter::StorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](QuantizedTensorType type, SmallVectorImpl<Type> &results) {
    results.push_back(type.getDataType());
    results.push_back(type.getScalesType());
    if (Type global = type.getGlobalType())
      results.push_back(global);
    return success();
  });
  // Storage values -> the block-scaled tensor they describe.
  addSourceMaterialization([](OpBuilder &builder, QuantizedTensorType type,
                              ValueRange inputs, Location loc) -> Value {
    if (inputs.size() != (type.getGlobalType() ? 3u : 2u))
      return {};
    return PackOp::create(builder, loc, type, inputs[0], inputs[1],
                          inputs.size() == 3 ? inputs[2] : Value());
  });
  // A block-scaled tensor -> its storage values.
  addTargetMaterialization([](OpBuilder &builder, TypeRange types,
                              ValueRange inputs, Location loc,
                              Type) -> SmallVector<Value> {
    if (inputs.size() != 1 || !isa<QuantizedTensorType>(inputs[0].getType()))
      return {};
    auto unpack = UnpackOp::create(builder, loc, types, inputs);
    return SmallVector<Value>(unpack.getResults());
  });
}

namespace {

struct ExposeStoragePass
    : public ::mlir::microscale::impl::MicroscaleExposeStorageBase<
          ExposeStoragePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    StorageTypeConverter converter;
    ConversionTarget target(*context);
    RewritePatternSet patterns(context);

    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::CallOp, func::ReturnOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);

    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
