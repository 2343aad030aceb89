//===- MatmulKernels.cpp - matmul on the GPU: host side and dispatch ------===//
//
// Copies the operands to the device, runs the kernel selectMatmulKernel
// picks (the chip's strategy from the target description where it takes the
// problem's element formats and shape, else the FMA kernel), copies C back.
//
//===----------------------------------------------------------------------===//

#include "DeviceSession.h"
#include "Kernels.h"
#include "Matmul.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

Value MatmulOperand::load(OpBuilder &b, Location loc, Value row,
                          Value col) const {
  if (quantized)
    return quantized->dequantize(b, loc, row, col);
  return floats.load(b, loc, row, col);
}

Value MatmulProblem::applyGlobals(OpBuilder &builder, Location loc,
                                  Value value) const {
  for (const MatmulOperand *operand : {&a, &b})
    if (operand->quantized && operand->quantized->global)
      value = arith::MulFOp::create(builder, loc, value,
                                    operand->quantized->global);
  return value;
}

void MatmulProblem::storeResult(OpBuilder &b, Location loc, Value value,
                                Value row, Value col) const {
  Value inRows =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row, a.rows);
  Value inCols = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, col,
                                       this->b.rows);
  Value inside = arith::AndIOp::create(b, loc, inRows, inCols);
  scf::IfOp::create(b, loc, inside, [&](OpBuilder &b, Location loc) {
    Value result = value;
    if (acc.memref)
      result =
          arith::AddFOp::create(b, loc, result, acc.load(b, loc, row, col));
    c.store(b, loc, result, row, col);
    scf::YieldOp::create(b, loc);
  });
}

TileGrid nvvm::getTileGrid(OpBuilder &b, Location loc,
                           const MatmulProblem &problem, int64_t tileM,
                           int64_t tileN) {
  auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
  Value tilesN = arith::CeilDivUIOp::create(b, loc, problem.b.rows, c(tileN));
  Value tilesM = arith::CeilDivUIOp::create(b, loc, problem.a.rows, c(tileM));
  Value blocks = arith::MaxUIOp::create(
      b, loc, arith::MulIOp::create(b, loc, tilesM, tilesN), c(1));
  return {blocks, tilesN};
}

WarpMmaThread nvvm::getWarpMmaThread(OpBuilder &b, Location loc, Value block,
                                     Value thread, Value tilesN, int64_t tileM,
                                     int64_t tileN) {
  auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
  Value lane = arith::RemUIOp::create(b, loc, thread, c(32));
  return {arith::MulIOp::create(
              b, loc, arith::DivUIOp::create(b, loc, block, tilesN), c(tileM)),
          arith::MulIOp::create(
              b, loc, arith::RemUIOp::create(b, loc, block, tilesN), c(tileN)),
          arith::MulIOp::create(
              b, loc, arith::DivUIOp::create(b, loc, thread, c(32)), c(16)),
          arith::DivUIOp::create(b, loc, lane, c(4)),
          arith::RemUIOp::create(b, loc, lane, c(4))};
}

void nvvm::stageRows(
    OpBuilder &b, Location loc, const MatmulOperand &operand, int64_t rows,
    int64_t perRow, Value start, Value thread, int64_t threads,
    function_ref<Value(OpBuilder &, Location, Value, Value)> value,
    Attribute zero,
    function_ref<void(OpBuilder &, Location, Value, Value, Value)> store) {
  auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
  scf::ForOp::create(
      b, loc, thread, c(rows * perRow), c(threads), ValueRange(),
      [&](OpBuilder &b, Location loc, Value i, ValueRange) {
        Value r = arith::DivUIOp::create(b, loc, i, c(perRow));
        Value j = arith::RemUIOp::create(b, loc, i, c(perRow));
        Value row = arith::AddIOp::create(b, loc, start, r);
        Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                             row, operand.rows);
        auto entry = scf::IfOp::create(
            b, loc, inside,
            [&](OpBuilder &b, Location loc) {
              scf::YieldOp::create(b, loc, value(b, loc, row, j));
            },
            [&](OpBuilder &b, Location loc) {
              scf::YieldOp::create(b, loc,
                                   Value(arith::ConstantOp::create(
                                       b, loc, cast<TypedAttr>(zero))));
            });
        store(b, loc, r, j, entry.getResult(0));
        scf::YieldOp::create(b, loc);
      });
}

void nvvm::stageTile(
    OpBuilder &b, Location loc, const MatmulOperand &operand, Value tile,
    int64_t rows, int64_t perRow, Value start, Value thread, int64_t threads,
    function_ref<Value(OpBuilder &, Location, Value, Value)> value,
    Attribute zero) {
  stageRows(b, loc, operand, rows, perRow, start, thread, threads, value, zero,
            [&](OpBuilder &b, Location loc, Value r, Value j, Value entry) {
              memref::StoreOp::create(b, loc, entry, tile, ValueRange{r, j});
            });
}

MatmulStrategy nvvm::selectMatmulKernel(const MatmulProblem &problem,
                                        const GPUTarget &target,
                                        const GPULoweringOptions &options) {
  switch (target.getMatmulStrategy()) {
  case MatmulStrategy::MmaBlockScale:
    if (mmaBlockScaleTakes(problem))
      return MatmulStrategy::MmaBlockScale;
    break;
  case MatmulStrategy::Tcgen05BlockScale:
    if (tcgen05BlockScaleTakes(problem))
      return MatmulStrategy::Tcgen05BlockScale;
    break;
  case MatmulStrategy::WgmmaFP8:
    if (wgmmaFP8Takes(problem, target, options.inexactTensorCores))
      return MatmulStrategy::WgmmaFP8;
    // Blocks of other sizes: the warp-level mma.sync kernel.
    [[fallthrough]];
  case MatmulStrategy::MmaSyncFP8:
    if (mmaSyncFP8Takes(problem, target, options.inexactTensorCores))
      return MatmulStrategy::MmaSyncFP8;
    break;
  case MatmulStrategy::FMA:
    break;
  }
  return MatmulStrategy::FMA;
}

namespace {

/// Copies a matmul operand (block-scaled or floats) to the device.
MatmulOperand copyInOperand(OpBuilder &b, Location loc, DeviceSession &session,
                            Value tensor) {
  MatmulOperand operand;
  if (isa<QuantizedTensorType>(tensor.getType())) {
    operand.quantized = copyInQuantized(b, loc, session, tensor, &operand.rows);
    return operand;
  }
  auto type = cast<RankedTensorType>(tensor.getType());
  operand.rows = tensor::DimOp::create(b, loc, tensor, 0);
  operand.floats = {session.copyIn(tensor),
                    indexConstant(b, loc, type.getShape().back())};
  return operand;
}

struct MatmulToGPU : OpRewritePattern<MatmulOp> {
  MatmulToGPU(MLIRContext *context, const GPUTarget &target,
              const GPULoweringOptions &options)
      : OpRewritePattern(context), target(target), options(options) {}

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    DeviceSession session(rewriter, loc, options.hostData);
    MatmulProblem problem;
    problem.a = copyInOperand(rewriter, loc, session, op.getLhs());
    problem.b = copyInOperand(rewriter, loc, session, op.getRhs());
    RankedTensorType resultType = op.getResult().getType();
    Type lhsType = op.getLhs().getType();
    problem.k = isa<QuantizedTensorType>(lhsType)
                    ? cast<QuantizedTensorType>(lhsType).getBlockedDimSize()
                    : cast<RankedTensorType>(lhsType).getShape().back();
    Value n = problem.b.rows;
    if (Value acc = op.getAcc())
      problem.acc = {session.copyIn(acc), n};
    problem.c = {
        session.alloc(rewriter.getF32Type(),
                      arith::MulIOp::create(rewriter, loc, problem.a.rows, n)),
        n};

    switch (selectMatmulKernel(problem, target, options)) {
    case MatmulStrategy::MmaBlockScale:
      emitMmaBlockScaleMatmul(rewriter, loc, session, problem);
      break;
    case MatmulStrategy::Tcgen05BlockScale:
      emitTcgen05BlockScaleMatmul(rewriter, loc, session, problem);
      break;
    case MatmulStrategy::WgmmaFP8:
      emitWgmmaFP8Matmul(rewriter, loc, session, problem);
      break;
    case MatmulStrategy::MmaSyncFP8:
      emitMmaSyncFP8Matmul(rewriter, loc, session, problem);
      break;
    case MatmulStrategy::FMA:
      emitFMAMatmul(rewriter, loc, session, problem);
      break;
    }

    SmallVector<Value> sizes;
    if (resultType.isDynamicDim(0))
      sizes.push_back(problem.a.rows);
    if (resultType.isDynamicDim(1))
      sizes.push_back(n);
    Value host = session.copyOut(
        problem.c.memref,
        MemRefType::get(resultType.getShape(), rewriter.getF32Type()), sizes);
    session.finish();
    rewriter.replaceOp(op, bufferization::ToTensorOp::create(
                               rewriter, loc, resultType, host,
                               /*restrict=*/true, /*writable=*/true));
    return success();
  }

  GPUTarget target;
  GPULoweringOptions options;
};

} // namespace

void nvvm::populateMatmulKernelPatterns(RewritePatternSet &patterns,
                                        const GPUTarget &target,
                                        const GPULoweringOptions &options) {
  patterns.add<MatmulToGPU>(patterns.getContext(), target, options);
}
