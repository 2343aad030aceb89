//===- DequantizeKernels.cpp - dequantize on the GPU ----------------------===//
//
// One thread per element: unpack its code, decode it, multiply by its block
// scale (and NVFP4's global) in f32, round to the result type.
//
//===----------------------------------------------------------------------===//

#include "DeviceSession.h"
#include "DeviceStorage.h"
#include "Kernels.h"

#include "microscale/Conversion/Codecs/OperandStorage.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

namespace {

struct DequantizeToGPU : OpRewritePattern<DequantizeOp> {
  DequantizeToGPU(MLIRContext *context, const GPULoweringOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(DequantizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    DeviceSession session(rewriter, loc, options.hostData);
    Value rows;
    SmallVector<Value> sizes;
    DeviceQuantized input =
        copyInQuantized(rewriter, loc, session, op.getInput(), &rows, &sizes);
    RankedTensorType resultType = op.getResult().getType();
    Value cols = indexConstant(rewriter, loc, input.getCols());
    DeviceFloats out{
        session.alloc(resultType.getElementType(),
                      arith::MulIOp::create(rewriter, loc, rows, cols)),
        cols};
    session.launchPerItem(
        arith::MulIOp::create(rewriter, loc, rows, cols),
        [&](OpBuilder &b, Location loc, Value item) {
          Value row = arith::DivUIOp::create(b, loc, item, cols);
          Value col = arith::RemUIOp::create(b, loc, item, cols);
          out.store(b, loc, input.dequantize(b, loc, row, col), row, col);
        });
    Value host = session.copyOut(
        out.memref,
        MemRefType::get(resultType.getShape(), resultType.getElementType()),
        sizes);
    session.finish();
    rewriter.replaceOp(op, bufferization::ToTensorOp::create(
                               rewriter, loc, resultType, host,
                               /*restrict=*/true, /*writable=*/true));
    return success();
  }

  GPULoweringOptions options;
};

} // namespace

void nvvm::populateDequantizeKernelPatterns(RewritePatternSet &patterns,
                                            const GPULoweringOptions &options) {
  patterns.add<DequantizeToGPU>(patterns.getContext(), options);
}
