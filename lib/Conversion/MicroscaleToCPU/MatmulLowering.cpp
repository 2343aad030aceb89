//===- MatmulLowering.cpp - block-scaled matmul to vector loops -----------===//
//
// C = A * B^T with both operands K-major. B (the weights) is decoded a panel
// of a few rows at a time into a small cache-resident f32 buffer, never as a
// whole matrix; each panel is then multiplied with every row of A by a
// register-tiled dot-product kernel (one vector accumulator per panel row,
// FMAs along K). A is used in place when it is f32, else converted once to
// f32 rows (activations are the small operand).
//
//===----------------------------------------------------------------------===//

#include "Buffers.h"
#include "Loops.h"
#include "Lowerings.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

namespace {

/// Rows of B decoded together and multiplied with each row of A.
constexpr int64_t kPanelRows = 4;

/// A matmul operand as rows of f32 values.
struct Operand {
  Value tensor;
  std::optional<FloatBuffer> plain;
  std::optional<QuantizedBuffers> quantized;

  Value rows() const { return plain ? plain->rows : quantized->rows; }
  bool isF32() const { return plain && plain->getElementType().isF32(); }

  /// Writes rows [first, first + count) as f32 into `dest` (flat, K per
  /// row), starting at row 0 of `dest`.
  void decodeRows(OpBuilder &b, Location loc, Value first, Value count,
                  Value dest, int64_t k, int64_t chunk) const {
    Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);
    buildLoop(b, loc, c0, count, c1, [&](OpBuilder &b, Location loc, Value i) {
      Value row = arith::AddIOp::create(b, loc, first, i);
      Value base = arith::MulIOp::create(b, loc, i, indexConstant(b, loc, k));
      if (quantized) {
        int64_t block = quantized->getBlockSize();
        buildLoop(b, loc, c0, indexConstant(b, loc, k / block), c1,
                  [&](OpBuilder &b, Location loc, Value blk) {
                    Value values = quantized->dequantizeBlock(b, loc, row, blk);
                    Value offset = arith::AddIOp::create(
                        b, loc, base,
                        arith::MulIOp::create(b, loc, blk,
                                              indexConstant(b, loc, block)));
                    vector::StoreOp::create(b, loc, values, dest, offset);
                  });
        return;
      }
      buildLoop(b, loc, c0, indexConstant(b, loc, k), indexConstant(b, loc, chunk),
                [&](OpBuilder &b, Location loc, Value col) {
                  Value values = plain->loadF32(b, loc, row, col, chunk);
                  Value offset = arith::AddIOp::create(b, loc, base, col);
                  vector::StoreOp::create(b, loc, values, dest, offset);
                });
    });
  }
};

Operand getOperand(OpBuilder &b, Location loc, Value tensor,
                   const CPUTarget &target) {
  Operand operand;
  operand.tensor = tensor;
  if (isa<QuantizedTensorType>(tensor.getType()))
    operand.quantized = getQuantizedBuffers(b, loc, tensor, target);
  else
    operand.plain = getFloatBuffer(b, loc, tensor);
  return operand;
}

Value allocF32(OpBuilder &b, Location loc, Value size) {
  auto type = MemRefType::get({ShapedType::kDynamic}, b.getF32Type());
  return memref::AllocOp::create(b, loc, type, ValueRange{size},
                                 b.getI64IntegerAttr(64));
}

struct MatmulLowering : OpRewritePattern<MatmulOp> {
  MatmulLowering(MLIRContext *context, const CPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Operand lhs = getOperand(b, loc, op.getLhs(), target);
    Operand rhs = getOperand(b, loc, op.getRhs(), target);
    RankedTensorType resultType = op.getResult().getType();
    // K is static: the verifier matched it with a block-scaled operand's.
    int64_t k = isa<QuantizedTensorType>(op.getLhs().getType())
                    ? cast<QuantizedTensorType>(op.getLhs().getType())
                          .getBlockedDimSize()
                    : cast<RankedTensorType>(op.getLhs().getType()).getDimSize(1);
    // The widest power-of-two vector that divides K.
    int64_t lanes = target.f32Lanes();
    while (k % lanes != 0)
      lanes /= 2;

    Value m = lhs.rows(), n = rhs.rows();
    SmallVector<Value> resultSizes;
    if (resultType.isDynamicDim(0))
      resultSizes.push_back(m);
    if (resultType.isDynamicDim(1))
      resultSizes.push_back(n);
    FloatBuffer out = allocFloatBuffer(b, loc, resultType, resultSizes);
    std::optional<FloatBuffer> acc;
    if (op.getAcc())
      acc = getFloatBuffer(b, loc, op.getAcc());

    Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);
    Value kValue = indexConstant(b, loc, k);

    // A as f32 rows.
    Value aRows = lhs.isF32() ? lhs.plain->memref : Value();
    if (!aRows) {
      aRows = allocF32(b, loc, arith::MulIOp::create(b, loc, m, kValue));
      lhs.decodeRows(b, loc, c0, m, aRows, k, lanes);
    }
    // B panels; f32 weights are read in place.
    Value panel;
    if (!rhs.isF32())
      panel = allocF32(b, loc, indexConstant(b, loc, kPanelRows * k));

    auto vectorType = VectorType::get({lanes}, b.getF32Type());
    auto emitTile = [&](OpBuilder &b, Location loc, Value n0, int64_t rows) {
      Value bRows = rhs.plain && rhs.isF32() ? rhs.plain->memref : panel;
      Value bBase = c0;
      if (panel)
        rhs.decodeRows(b, loc, n0, indexConstant(b, loc, rows), panel, k, lanes);
      else
        bBase = arith::MulIOp::create(b, loc, n0, kValue);
      buildLoop(b, loc, c0, m, c1, [&](OpBuilder &b, Location loc, Value row) {
        Value aBase = arith::MulIOp::create(b, loc, row, kValue);
        Value zero = arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(vectorType, b.getF32FloatAttr(0.0f)));
        SmallVector<Value> init(rows, zero);
        ValueRange sums = buildLoop(
            b, loc, c0, kValue, indexConstant(b, loc, lanes), init,
            [&](OpBuilder &b, Location loc, Value col,
                ValueRange accs) -> SmallVector<Value> {
              Value aOffset = arith::AddIOp::create(b, loc, aBase, col);
              Value a =
                  vector::LoadOp::create(b, loc, vectorType, aRows, aOffset);
              SmallVector<Value> next;
              for (int64_t j = 0; j < rows; ++j) {
                Value offset = arith::AddIOp::create(
                    b, loc, bBase,
                    arith::AddIOp::create(b, loc, col,
                                          indexConstant(b, loc, j * k)));
                Value w = vector::LoadOp::create(b, loc, vectorType, bRows,
                                                 offset);
                next.push_back(vector::FMAOp::create(b, loc, a, w, accs[j]));
              }
              return next;
            });
        for (int64_t j = 0; j < rows; ++j) {
          Value sum = vector::ReductionOp::create(
              b, loc, vector::CombiningKind::ADD, sums[j]);
          Value colIndex = arith::AddIOp::create(b, loc, n0,
                                                 indexConstant(b, loc, j));
          Value index = arith::AddIOp::create(
              b, loc, arith::MulIOp::create(b, loc, row, out.cols), colIndex);
          if (acc)
            sum = arith::AddFOp::create(
                b, loc, sum, memref::LoadOp::create(b, loc, acc->memref, index));
          memref::StoreOp::create(b, loc, sum, out.memref, index);
        }
      });
    };

    // Whole panels, then the remaining rows one at a time.
    Value panelRows = indexConstant(b, loc, kPanelRows);
    Value wholeEnd = arith::SubIOp::create(
        b, loc, n, arith::RemUIOp::create(b, loc, n, panelRows));
    buildLoop(b, loc, c0, wholeEnd, panelRows,
              [&](OpBuilder &b, Location loc, Value n0) {
                emitTile(b, loc, n0, kPanelRows);
              });
    buildLoop(b, loc, wholeEnd, n, c1, [&](OpBuilder &b, Location loc, Value n0) {
      emitTile(b, loc, n0, 1);
    });

    if (panel)
      memref::DeallocOp::create(b, loc, panel);
    if (!lhs.isF32())
      memref::DeallocOp::create(b, loc, aRows);
    rewriter.replaceOp(op, toTensor(b, loc, out));
    return success();
  }

  CPUTarget target;
};

} // namespace

void cpu::populateMatmulLoweringPatterns(RewritePatternSet &patterns,
                                         const CPUTarget &target) {
  patterns.add<MatmulLowering>(patterns.getContext(), target);
}
