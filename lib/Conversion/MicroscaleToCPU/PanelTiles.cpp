//===- PanelTiles.cpp - pieces shared by the panel GEMM kernels -----------===//

#include "PanelTiles.h"

#include "Loops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

SmallVector<Value> cpu::transposeSquare(OpBuilder &b, Location loc,
                                        SmallVector<Value> rows) {
  // Each round swaps one bit of the row index with the same bit of the
  // lane index.
  for (int64_t bit = 1; bit < kTileLanes; bit <<= 1) {
    SmallVector<int64_t> lowMask, highMask;
    for (int64_t lane = 0; lane < kTileLanes; ++lane) {
      bool set = lane & bit;
      lowMask.push_back(set ? kTileLanes + (lane ^ bit) : lane);
      highMask.push_back(set ? kTileLanes + lane : lane ^ bit);
    }
    for (int64_t r = 0; r < kTileLanes; ++r) {
      if (r & bit)
        continue;
      Value low = rows[r], high = rows[r | bit];
      rows[r] = vector::ShuffleOp::create(b, loc, low, high, lowMask);
      rows[r | bit] = vector::ShuffleOp::create(b, loc, low, high, highMask);
    }
  }
  return rows;
}

static VectorType f32Vector(OpBuilder &b) {
  return VectorType::get({kTileLanes}, b.getF32Type());
}

static Value laneMask(OpBuilder &b, Location loc, Value lanesLeft) {
  return vector::CreateMaskOp::create(
      b, loc, VectorType::get({kTileLanes}, b.getI1Type()),
      ValueRange{lanesLeft});
}

static Value zeros(OpBuilder &b, Location loc) {
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(f32Vector(b), b.getF32FloatAttr(0.0f)));
}

void cpu::initializeResult(OpBuilder &b, Location loc, const FloatBuffer &out,
                           Value m, Value n, Value acc) {
  Value total = arith::MulIOp::create(b, loc, m, n);
  Value zero = zeros(b, loc);
  buildLoop(
      b, loc, indexConstant(b, loc, 0), total,
      indexConstant(b, loc, kTileLanes),
      [&](OpBuilder &b, Location loc, Value i) {
        Value mask = laneMask(b, loc, arith::SubIOp::create(b, loc, total, i));
        Value values =
            acc ? Value(vector::MaskedLoadOp::create(b, loc, f32Vector(b), acc,
                                                     ValueRange{i}, mask, zero))
                : zero;
        vector::MaskedStoreOp::create(b, loc, out.memref, ValueRange{i}, mask,
                                      values);
      });
}

FloatBuffer cpu::allocAccumulatedResult(OpBuilder &b, Location loc,
                                        Value matmulResult, Value acc, Value m,
                                        Value n) {
  auto type = cast<RankedTensorType>(matmulResult.getType());
  SmallVector<Value> sizes;
  if (type.isDynamicDim(0))
    sizes.push_back(m);
  if (type.isDynamicDim(1))
    sizes.push_back(n);
  FloatBuffer out = allocFloatBuffer(b, loc, type, sizes);
  initializeResult(b, loc, out, m, n,
                   acc ? getFloatBuffer(b, loc, acc).memref : Value());
  return out;
}

void cpu::buildPanelLoops(
    OpBuilder &b, Location loc, Value m, Value n, int64_t k, int64_t panelCols,
    int64_t depth, ArrayRef<int64_t> tileRows, bool parallel,
    function_ref<void(OpBuilder &, Location)> allocScratch,
    function_ref<void(OpBuilder &, Location, Value, Value, int64_t)> pack,
    function_ref<void(OpBuilder &, Location, Value, int64_t, Value, Value,
                      int64_t)>
        tile) {
  Value c0 = indexConstant(b, loc, 0);
  int64_t wholeDepths = k / depth, restDepth = k % depth;
  buildIndependentLoop(
      b, loc, c0, n, indexConstant(b, loc, panelCols), parallel,
            [&](OpBuilder &b, Location loc, Value n0) {
              allocScratch(b, loc);
              auto emitDepth = [&](OpBuilder &b, Location loc, Value k0,
                                   int64_t size) {
                pack(b, loc, n0, k0, size);
                buildTiledLoop(
                    b, loc, m, tileRows,
                    [&](OpBuilder &b, Location loc, Value m0, int64_t rows) {
                      tile(b, loc, m0, rows, n0, k0, size);
                    });
              };
              buildLoop(b, loc, c0, indexConstant(b, loc, wholeDepths * depth),
                        indexConstant(b, loc, depth),
                        [&](OpBuilder &b, Location loc, Value k0) {
                          emitDepth(b, loc, k0, depth);
                        });
              if (restDepth)
                emitDepth(b, loc, indexConstant(b, loc, wholeDepths * depth),
                          restDepth);
            });
}

ResultTile::ResultTile(OpBuilder &b, Location loc, const FloatBuffer &out,
                       Value n, Value m0, int64_t rows, Value n0,
                       int64_t vectors)
    : memref(out.memref), vectors(vectors) {
  Value colsLeft = arith::SubIOp::create(b, loc, n, n0);
  for (int64_t v = 0; v < vectors; ++v)
    masks.push_back(
        laneMask(b, loc,
                 arith::SubIOp::create(b, loc, colsLeft,
                                       indexConstant(b, loc, v * kTileLanes))));
  for (int64_t i = 0; i < rows; ++i) {
    Value row = arith::AddIOp::create(b, loc, m0, indexConstant(b, loc, i));
    Value rowStart = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, row, n), n0);
    for (int64_t v = 0; v < vectors; ++v)
      starts.push_back(arith::AddIOp::create(
          b, loc, rowStart, indexConstant(b, loc, v * kTileLanes)));
  }
}

SmallVector<Value> ResultTile::load(OpBuilder &b, Location loc) const {
  Value zero = zeros(b, loc);
  SmallVector<Value> values;
  for (size_t t = 0; t < starts.size(); ++t)
    values.push_back(vector::MaskedLoadOp::create(b, loc, f32Vector(b), memref,
                                                  ValueRange{starts[t]},
                                                  masks[t % vectors], zero));
  return values;
}

void ResultTile::store(OpBuilder &b, Location loc, ValueRange values) const {
  for (size_t t = 0; t < starts.size(); ++t)
    vector::MaskedStoreOp::create(b, loc, memref, ValueRange{starts[t]},
                                  masks[t % vectors], values[t]);
}
