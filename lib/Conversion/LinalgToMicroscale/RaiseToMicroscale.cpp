//===- RaiseToMicroscale.cpp - the raise-to-microscale pass ---------------===//

#include "Raisings.h"

#include "microscale/Conversion/LinalgToMicroscale/LinalgToMicroscale.h"
#include "microscale/Conversion/Passes.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::microscale {
#define GEN_PASS_DEF_RAISETOMICROSCALE
#include "microscale/Conversion/Passes.h.inc"
} // namespace mlir::microscale

using namespace mlir;
using namespace mlir::microscale;

void mlir::microscale::populateRaiseToMicroscalePatterns(
    RewritePatternSet &patterns) {
  raise::populateMatmulRaisings(patterns);
}

namespace {

struct RaiseToMicroscalePass
    : public ::mlir::microscale::impl::RaiseToMicroscaleBase<
          RaiseToMicroscalePass> {
  using Base::Base;

  void runOnOperation() override {
    raise::raiseQuantizations(getOperation(), truncfFloors);
    RewritePatternSet patterns(&getContext());
    populateRaiseToMicroscalePatterns(patterns);
    // No folding or constant hoisting: the raise recognizes generic bodies
    // as written (convert-microscale-to-linalg's unpacking included, whose
    // constants sit in its body), and leaves the rest of the IR as it is.
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      signalPassFailure();
  }
};

} // namespace
