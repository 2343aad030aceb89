//===- DequantizeLowering.cpp - dequantize to vector loops ----------------===//

#include "BlockDecoders.h"
#include "Loops.h"
#include "Lowerings.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

namespace {

/// One block per step: unpack the codes, decode them, apply the scale.
struct DequantizeLowering : OpRewritePattern<DequantizeOp> {
  DequantizeLowering(MLIRContext *context, const CPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(DequantizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    BlockDecoder input = getBlockDecoder(rewriter, loc, op.getInput(), target);
    FloatBuffer out = allocFloatBuffer(rewriter, loc, op.getResult().getType(),
                                       input.storage.dynamicSizes);
    int64_t blockSize = input.getBlockSize();
    Value c0 = indexConstant(rewriter, loc, 0);
    Value c1 = indexConstant(rewriter, loc, 1);
    Value blocks =
        indexConstant(rewriter, loc, input.storage.getBlocksPerRow());
    buildIndependentLoop(rewriter, loc, c0, input.storage.rows, c1,
                         target.parallel,
                         [&](OpBuilder &b, Location loc, Value row) {
                buildLoop(
                    b, loc, c0, blocks, c1,
                    [&](OpBuilder &b, Location loc, Value block) {
                      Value values = input.dequantizeBlock(b, loc, row, block);
                      Value col = arith::MulIOp::create(
                          b, loc, block, indexConstant(b, loc, blockSize));
                      out.storeF32(b, loc, values, row, col);
                    });
              });
    rewriter.replaceOp(op, toTensor(rewriter, loc, out));
    return success();
  }

  CPUTarget target;
};

} // namespace

void cpu::populateDequantizeLoweringPatterns(RewritePatternSet &patterns,
                                             const CPUTarget &target) {
  patterns.add<DequantizeLowering>(patterns.getContext(), target);
}
